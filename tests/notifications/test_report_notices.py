"""A ward is told what happened to its report: district staff press the buttons of the report
page (return with a comment, accept, reopen with a reason) or fill in the extension form,
and the ward's secretary finds a notification in the app and an e-mail with the words and
the link. Bình Trị Đông B's report of March 2024 was submitted on 04/04/2024; the staff act
on 05/04/2024 at 09:00."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from notifications.models import Notification
from tests.factories import UserFactory
from tests.notifications.conftest import (
    OTHER_SECRETARY,
    SECRETARY,
    SITE_URL,
    review_form,
)

pytestmark = pytest.mark.django_db
HCM = ZoneInfo("Asia/Ho_Chi_Minh")
COMMENT = "Thiếu ảnh chụp lễ ra mắt chi đoàn; bổ sung số đoàn viên mới kết nạp."
UNIT = "Đoàn phường Bình Trị Đông B"


def press(app, user, report, action: str, **fields):
    """Opens the report page as ``user`` and presses the button of ``action``."""
    app.set_user(user)
    form = review_form(app.get(report.get_absolute_url()), action)
    for name, value in fields.items():
        form[name] = value
    return form.submit().follow()


def told(user) -> list[Notification]:
    return list(Notification.objects.filter(recipient=user))


def test_a_returned_report_tells_the_secretary_with_the_comment_in_the_app_and_by_e_mail(
    app, people, march, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        press(app, people.staff, march, "return", comment=COMMENT)

    [notification] = told(people.secretary)
    assert notification.title == f"Báo cáo tháng 03/2024 bị trả lại – {UNIT}"
    assert notification.body == (
        f"Nguyễn Văn An (Quận Đoàn Bình Tân) đã trả lại báo cáo tháng 03/2024 của {UNIT} với "
        f"nhận xét:\n“{COMMENT}”\nĐề nghị đồng chí sửa và nộp lại."
    )
    assert notification.created_at == datetime(2024, 4, 5, 9, 0, tzinfo=HCM)
    [mail] = mailoutbox
    assert mail.to == [SECRETARY]
    assert mail.subject == f"[Lộ trình] Báo cáo tháng 03/2024 bị trả lại – {UNIT}"
    assert COMMENT in mail.body
    assert f"Xem trên Lộ trình: {SITE_URL}/bao-cao/{march.pk}/" in mail.body
    assert mail.body.startswith("Kính gửi đồng chí Nguyễn Văn An,")
    notification.refresh_from_db()
    assert notification.email_status == Notification.Email.SENT


def test_only_the_people_who_write_the_wards_reports_are_told(
    app, people, march, mailoutbox, django_capture_on_commit_callbacks
):
    deputy = UserFactory(unit=people.binh_tri_dong_b, email="pho.bithu@example.org")
    former = UserFactory(unit=people.binh_tri_dong_b, email="cu.bithu@example.org")
    former.is_active = False
    former.save()

    with django_capture_on_commit_callbacks(execute=True):
        press(app, people.staff, march, "return", comment=COMMENT)

    assert sorted(n.recipient.username for n in Notification.objects.all()) == sorted(
        [people.secretary.username, deputy.username]
    )
    assert sorted(mail.to for mail in mailoutbox) == [[SECRETARY], ["pho.bithu@example.org"]]
    # Not An Lạc's secretary, nor the staff who returned it, nor leadership.
    assert told(people.other_secretary) == told(people.staff) == told(people.leader) == []


def test_the_e_mail_leaves_only_once_the_return_is_committed(
    app, people, march, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        press(app, people.staff, march, "return", comment=COMMENT)
        # Saved with the return, in its transaction; the e-mail waits for the commit.
        assert len(told(people.secretary)) == 1
        assert mailoutbox == []

    for callback in callbacks:
        callback()
    assert [mail.to for mail in mailoutbox] == [[SECRETARY]]


def test_an_accepted_report_tells_the_secretary(
    app, people, march, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = press(app, people.staff, march, "accept")
    assert "Đã duyệt báo cáo." in page

    [notification] = told(people.secretary)
    assert notification.title == f"Báo cáo tháng 03/2024 đã được duyệt – {UNIT}"
    assert notification.body == (
        f"Nguyễn Văn An (Quận Đoàn Bình Tân) đã duyệt báo cáo tháng 03/2024 của {UNIT}."
    )
    [mail] = mailoutbox
    assert mail.subject == f"[Lộ trình] Báo cáo tháng 03/2024 đã được duyệt – {UNIT}"
    assert f"{SITE_URL}/bao-cao/{march.pk}/" in mail.body


def test_a_reopened_report_tells_the_secretary_the_reason(
    app, people, march, mailoutbox, django_capture_on_commit_callbacks
):
    reason = "Số hội viên mới chưa khớp danh sách gửi Hội LHTN quận."
    press(app, people.staff, march, "accept")
    with django_capture_on_commit_callbacks(execute=True):
        press(app, people.staff, march, "reopen", reason=reason)

    reopened = Notification.objects.get(recipient=people.secretary, kind="report-reopened")
    assert reopened.title == f"Báo cáo tháng 03/2024 được mở lại để sửa – {UNIT}"
    assert f"với lý do:\n“{reason}”" in reopened.body
    [mail] = [mail for mail in mailoutbox if "mở lại" in mail.subject]
    assert reason in mail.body
    assert f"{SITE_URL}/bao-cao/{march.pk}/" in mail.body


def test_a_refused_action_tells_nobody(app, people, march, mailoutbox):
    # A return without a comment is refused on the page: nothing changed, nobody told.
    page = press(app, people.staff, march, "return", comment="  ")
    assert "Vui lòng ghi rõ đơn vị cần sửa nội dung gì." in page
    assert not Notification.objects.exists()


def extension_form(app, user, *, unit: str, due_on: str):
    """The extension form as staff fill it in for the report of March 2024."""
    app.set_user(user)
    page = app.get(reverse("reports:extension_create"))
    form = next(form for form in page.forms.values() if "reason" in form.fields)
    form["unit"].select(text=unit)
    form["month"] = "01/03/2024"
    form["due_on"] = due_on
    form["due_time"] = "16:00"
    form["reason"] = "Đại hội Đoàn cơ sở"
    return form


def test_an_extension_tells_the_wards_secretary_its_new_due_moment_and_reason(
    app, people, mailoutbox, django_capture_on_commit_callbacks
):
    form = extension_form(app, people.staff, unit="Đoàn phường An Lạc", due_on="15/04/2024")
    with django_capture_on_commit_callbacks(execute=True):
        page = form.submit().follow()
    assert "đến 16:00 15/04/2024" in page

    [notification] = told(people.other_secretary)
    assert notification.title == (
        "Báo cáo tháng 03/2024 được gia hạn đến 16:00 15/04/2024 – Đoàn phường An Lạc"
    )
    assert notification.body == (
        "Nguyễn Văn An (Quận Đoàn Bình Tân) đã gia hạn cho Đoàn phường An Lạc nộp báo cáo "
        "tháng 03/2024 đến 16:00 15/04/2024.\nLý do: Đại hội Đoàn cơ sở"
    )
    form_url = reverse("reports:edit", args=[people.an_lac.pk, 2024, 3])
    assert notification.link == form_url
    [mail] = mailoutbox
    assert mail.to == [OTHER_SECRETARY]
    assert f"{SITE_URL}{form_url}" in mail.body
    assert told(people.secretary) == []


def test_a_repeated_extension_is_refused_and_tells_nobody_again(app, people):
    extension_form(app, people.staff, unit="Đoàn phường An Lạc", due_on="15/04/2024").submit()
    again = extension_form(app, people.staff, unit="Đoàn phường An Lạc", due_on="20/04/2024")
    page = again.submit()
    assert "Đơn vị đã được gia hạn cho tháng này." in page
    assert 'value="Đại hội Đoàn cơ sở"' in page
    assert len(told(people.other_secretary)) == 1


def test_the_district_staff_are_told_when_the_city_returns_the_districts_own_report(
    app, people, mailoutbox, django_capture_on_commit_callbacks
):
    from datetime import date

    from organizations.models import User
    from reports import services

    city_staff = UserFactory(unit=people.city, role=User.Role.STAFF, full_name="Trần Thị Bình")
    report = services.report_open(unit=people.binh_tan, month=date(2024, 3, 1))
    services.report_submit(report=report, user=people.staff)
    with django_capture_on_commit_callbacks(execute=True):
        press(app, city_staff, report, "return", comment="Bổ sung kết quả cấp quận.")

    [notification] = told(people.staff)
    assert notification.title == "Báo cáo tháng 03/2024 bị trả lại – Quận Đoàn Bình Tân"
    assert "Trần Thị Bình (Thành Đoàn TP. Hồ Chí Minh)" in notification.body
    # Leadership and the administrator read reports; they do not write them.
    assert told(people.leader) == told(people.admin) == []
    assert [mail.to for mail in mailoutbox] == [["canbo.binhtan@example.org"]]
