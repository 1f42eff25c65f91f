"""Seed 001's results request in the demo: "Báo cáo kết quả tổ chức các hoạt động “Ngày
đoàn viên” năm 2024", due 16:00 on 24/03/2024, sent to Quận Đoàn Bình Tân's wards; a few
answers came in (on time, late, one returned), the rest are missing; the office accepted
two, whose new đoàn viên join the wards' March figures. Loaded after
``plans.demo``; running it twice changes nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

from django.db import transaction

from notifications.models import Notification
from organizations.models import Unit
from plans.demo_001 import TITLE_001
from plans.models import Activity, Plan
from targets.models import Metric

from . import services
from .models import ResultRequest

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
TITLE = "Báo cáo kết quả tổ chức các hoạt động “Ngày đoàn viên” năm 2024"
INSTRUCTIONS = (
    "Báo cáo kết quả tổ chức các hoạt động “Ngày đoàn viên” năm 2024 (link tổ chức hoạt "
    "động, đính kèm hình ảnh) ngay sau khi chương trình diễn ra. Đồng chí Huỳnh Nhật Khương "
    "- Chuyên viên Quận Đoàn tổng hợp, báo cáo Ban Thường vụ Quận Đoàn."
)
#: ward (by name), moment first sent, participants, new members, returned with ("" for
#: accepted, None for not reviewed yet)
ANSWERS = (
    ("Đoàn phường An Lạc", datetime(2024, 3, 24, 11, 20, tzinfo=HCM), 150, 12, ""),
    ("Đoàn phường Bình Trị Đông B", datetime(2024, 3, 24, 15, 59, tzinfo=HCM), 120, 8, ""),
    ("Đoàn phường Bình Hưng Hòa", datetime(2024, 3, 24, 17, 45, tzinfo=HCM), 90, 5, None),
    (
        "Đoàn phường Tân Tạo",
        datetime(2024, 3, 24, 14, 5, tzinfo=HCM),
        60,
        3,
        "Bổ sung hình ảnh Lễ kết nạp đoàn viên mới.",
    ),
)


@transaction.atomic
def load() -> ResultRequest | None:
    plan = Plan.objects.filter(title=TITLE_001).first()
    if plan is None:
        return None
    existing = plan.result_requests.filter(title=TITLE).first()
    if existing:
        return existing
    wards = list(Unit.objects.filter(parent=plan.issuing_unit, kind__name="Đoàn phường"))
    request = services.request_create(
        plan=plan,
        user=None,
        units=wards,
        metrics=Metric.objects.filter(code="new-doan-vien"),
        title=TITLE,
        activity=plan.activities.filter(level=Activity.Level.CHILDREN).first(),
        instructions=INSTRUCTIONS,
        due_at=datetime(2024, 3, 24, 16, 0, tzinfo=HCM),
        asks_participants=True,
        asks_links=True,
        asks_photos=True,
        asks_files=False,
        asks_text=True,
        created_at=datetime(2024, 3, 20, 9, 0, tzinfo=HCM),
    )
    metric = request.metrics.get()
    by_name = {w.name: w for w in wards}
    for name, sent, participants, members, returned in ANSWERS:
        unit = by_name.get(name)
        if unit is None:
            continue
        answer = services.answer_open(request=request, unit=unit)
        services.answer_save(
            answer=answer,
            user=None,
            participants=participants,
            links=f"https://www.facebook.com/{unit.slug}/posts/ngay-doan-vien-2024",
            text=f"{name} tổ chức “Ngày đoàn viên” ngày 24/3/2024, "
            f"kết nạp {members} đoàn viên mới.",
            values={metric.pk: members},
            submit=True,
            now=sent,
        )
        if returned is not None:
            services.answer_review(
                answer=answer,
                user=None,
                action="return" if returned else "accept",
                comment=returned,
                now=sent,
            )
    # Told in the app as they would have been in 2024; e-mailing them now, about 2024,
    # would only fill the console of whoever loads the demo.
    Notification.objects.filter(
        created_at__year=2024, kind__startswith="result-", email_status=Notification.Email.PENDING
    ).update(email_status=Notification.Email.NONE)
    return request
