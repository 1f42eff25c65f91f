"""Seed 001 in the demo: Quận Đoàn Bình Tân's plan for "Ngày Đoàn viên" 2024, a plan of
dated activities rather than of counts: five at the district's level, one at its base
units' (all on 24/3/2024), the departments of the district's office that carry them out,
and, in ``reports.demo``, the results request that replaces the seed's Google Form link.
Loaded after ``plans.demo``; running it twice changes nothing."""

from datetime import date

from django.db import transaction

from organizations.models import Department, Unit

from . import services
from .demo import BINH_TAN, _add_parts, _existing, _paragraphs
from .models import Activity, Plan

TITLE_001 = "Tổ chức Ngày Đoàn viên năm 2024"

#: The departments of Quận Đoàn Bình Tân's office the seed names.
DEPARTMENTS = (
    "Mảng Tổ chức - Kiểm tra",
    "Mảng Tuyên giáo - Đối ngoại",
    "Văn phòng",
)
ORGANISATION, PROPAGANDA = DEPARTMENTS[0], DEPARTMENTS[1]

PURPOSES_001 = (
    "- Nhằm thể hiện vai trò, trách nhiệm của tổ chức Đoàn đối với đoàn viên; tạo môi trường "
    "thuận lợi để đoàn viên đang lao động, công tác, sinh sống ở các khu vực chưa có tổ chức "
    "Đoàn tham gia sinh hoạt Đoàn; là dịp phát huy vai trò, trách nhiệm, nêu gương của người "
    "đoàn viên.",
    "- Mở rộng mặt trận đoàn kết, tập hợp thanh niên; củng cố, nâng cao chất lượng tổ chức "
    "Đoàn; phát hiện và bồi dưỡng những nhân tố tích cực, tiến tới thành lập tổ chức Đoàn tại "
    "những khu vực có đoàn viên nhưng chưa có tổ chức Đoàn.",
    "- Tạo phong trào thi đua sôi nổi, thiết thực, hiệu quả, có sức hút đối với đoàn viên góp "
    "phần xây dựng tổ chức Đoàn ngày càng vững mạnh.",
)
REQUIREMENTS_001 = (
    "- “Ngày đoàn viên” phải được tổ chức ở những nơi có đoàn viên nhưng chưa có tổ chức "
    "Đoàn; tập hợp, vận động đông đảo đoàn viên lao động, công tác, sinh sống ở các khu công "
    "nghiệp, khu chế xuất, doanh nghiệp, khu tập thể, khu nhà trọ tham gia “Ngày đoàn viên”.",
    "- “Ngày đoàn viên” cần có tác động tích cực đến nhận thức, tư tưởng, hành động và để lại "
    "ấn tượng tốt đẹp trong đoàn viên, thanh niên.",
    "- Kết hợp khảo sát, nắm chắc tình hình đoàn viên, tổ chức cơ sở Đoàn trên địa bàn dân "
    "cư, trong các doanh nghiệp, nhất là doanh nghiệp ngoài Nhà nước.",
    "Thông qua tổ chức “Ngày đoàn viên”, tiến tới thành lập tổ chức Đoàn tại những nơi chưa "
    "có tổ chức Đoàn.",
)
ORGANISATION_001 = (
    "1. Cấp Quận:",
    "- Ban Thường vụ Quận Đoàn phân công Mảng Tổ chức - Kiểm tra theo dõi, hướng dẫn, kiểm "
    "tra, đôn đốc việc triển khai tổ chức “Ngày đoàn viên” của các cơ sở Đoàn; là bộ phận "
    "thường trực, phối hợp với các Mảng - Văn phòng Quận Đoàn, Hội LHTN, Hội đồng Đội, Nhà "
    "thiếu nhi Quận và các cơ sở Đoàn trực thuộc Quận Đoàn tổ chức thực hiện Ngày đoàn viên.",
    "- Phân công mảng Tuyên giáo - Đối ngoại Quận Đoàn có trách nhiệm tham mưu thực hiện "
    "tuyên truyền trực quan tổ chức “Ngày đoàn viên” các cấp. Thường xuyên theo dõi nhắc nhở "
    "các đơn vị gửi tin bài công tác hoạt động.",
    "2. Các cơ sở Đoàn trực thuộc Quận Đoàn:",
    "Căn cứ vào tình hình thực tế của đơn vị xây dựng kế hoạch, xác định rõ mục đích, yêu "
    "cầu, đối tượng, cụ thể hóa nội dung, hình thức phù hợp với đơn vị; báo cáo kết quả tổ "
    "chức các hoạt động “Ngày đoàn viên” năm 2024 (link tổ chức hoạt động, đính kèm hình ảnh) "
    "ngay sau khi chương trình diễn ra, trước 16g00 ngày 24/3/2024 (Chủ Nhật).",
)
LEGAL_BASES_001 = (
    # number, issued on, issuer, about
    (
        "36-HD/TWĐTN-BTC",
        date(2024, 2, 20),
        "Ban Bí thư Trung ương Đoàn TNCS Hồ Chí Minh",
        "về việc tổ chức “Ngày đoàn viên” năm 2024",
    ),
    (
        "33-HD/TĐTN-BTC.KT",
        date(2024, 3, 11),
        "Ban Thường vụ Thành Đoàn",
        "về việc hướng dẫn Tổ chức Ngày đoàn viên trong năm 2024",
    ),
    (
        "103-KH/TĐTN-MT.ANQP.ĐBDC",
        date(2024, 2, 7),
        "Ban Thường vụ Quận Đoàn",
        "tổ chức Tháng Thanh niên năm 2024",
    ),
)
RECIPIENTS_001 = (
    "Thành Đoàn: VP, Ban Tuyên giáo, Ban CNLD",
    "Quận ủy: Ban TG, Ban DV",
    "Ban Thường vụ Quận Đoàn",
    "Hội LHTN, Hội Đồng Đội Quận",
    "Nhà thiếu nhi quận",
    "Cấp ủy, Lãnh đạo các cơ sở Đoàn",
    "Các cơ sở Đoàn trực thuộc, NTN",
    "Lưu: BTC/2024/KH",
)
AEON = "Trung tâm mua sắm Aeon Mall Bình Tân"
#: title, first day, last day, venue, department, note on who else, participants, who
DISTRICT_ACTIVITIES = (
    (
        "Tuyên dương các gương “Đảng viên trẻ tiêu biểu, Cán bộ Đoàn tiêu biểu, Đoàn viên tiêu "
        "biểu, Chi đoàn tiêu biểu, Chi đoàn khu phố tiêu biểu”, kết hợp trao Danh sách Đoàn "
        "viên ưu tú cho Quận ủy",
        date(2024, 3, 23),
        None,
        AEON,
        ORGANISATION,
        "",
        None,
        "",
    ),
    (
        "Tổ chức thăm hỏi, chăm lo Cựu Thanh niên xung phong có hoàn cảnh khó khăn trên địa "
        "bàn Quận",
        date(2024, 3, 18),
        date(2024, 3, 24),
        "theo danh sách đính kèm Thông báo số 472-TB/ĐTN-TC.KT",
        ORGANISATION,
        "phối hợp 06 Đoàn tổ chức thăm và tặng quà",
        10,
        "cựu Thanh niên xung phong",
    ),
    (
        "Tổ chức Chương trình kỷ niệm 93 năm thành lập Đoàn TNCS Hồ Chí Minh, hưởng ứng chiến "
        "dịch Giờ Trái Đất và liên hoan văn nghệ CLB Đội Nhóm năm 2024",
        date(2024, 3, 23),
        None,
        AEON,
        None,
        "các Mảng và Văn phòng Quận Đoàn",
        None,
        "",
    ),
    (
        "Tổ chức Hành trình về nguồn tại khu căn cứ Cách mạng Thành Đoàn",
        date(2024, 3, 24),
        None,
        "Khu lưu niệm vùng căn cứ kháng chiến miền Đông Nam Bộ Đoàn Thanh niên nhân dân cách "
        "mạng Việt Nam khu đoàn khu Sài Gòn - Gia Định (Địa đạo Tam giác sắt) - Xã An Tây, TX. "
        "Bến Cát, Tỉnh Bình Dương",
        ORGANISATION,
        "",
        None,
        "",
    ),
    (
        "Ngày Hội đồng hành cùng Thanh niên công nhân Thành phố lần I",
        date(2024, 3, 24),
        None,
        "Góc đường Vành Đai Trong, Đường số 17A, phường Bình Trị Đông B, quận Bình Tân",
        PROPAGANDA,
        "",
        300,
        "đoàn viên, thanh niên",
    ),
)
BASE_ACTIVITY = (
    "Các cơ sở Đoàn tổ chức đồng loạt “Ngày đoàn viên” gắn với các hoạt động chào mừng kỷ "
    "niệm 93 năm Ngày thành lập Đoàn TNCS Hồ Chí Minh (26/3/1931 – 26/3/2024)"
)
BASE_NOTES = (
    "- Tổ chức Lễ ra mắt chi đoàn ngoài nhà nước.",
    "- Tổ chức Lễ kết nạp đoàn viên mới.",
    "- Tổ chức Chương trình Kỷ niệm 93 năm ngày thành lập Đoàn TNCS Hồ Chí Minh, trao danh "
    "sách đoàn viên ưu tú, họp mặt cựu cán bộ Đoàn qua các thời kỳ.",
    "- Tổ chức thực hiện công trình thanh niên tại đơn vị.",
    "- Đảm bảo phân bổ lực lượng cùng tham gia các hoạt động cấp Quận.",
)


def departments_of(unit: Unit) -> dict[str, Department]:
    for order, name in enumerate(DEPARTMENTS, start=1):
        Department.objects.get_or_create(unit=unit, name=name, defaults={"order": order})
    return {d.name: d for d in unit.departments.all()}


@transaction.atomic
def load() -> Plan | None:
    """Creates the plan when it is missing; returns it (None when the district is not in
    the tree)."""
    district = Unit.objects.filter(name=BINH_TAN).first()
    if district is None:
        return None
    if _existing(district, TITLE_001):
        return Plan.objects.get(issuing_unit=district, title=TITLE_001)
    departments = departments_of(district)
    plan = services.plan_create(
        user=None,
        issuing_unit=district,
        number="",
        year=2024,
        place="Bình Tân",
        issued_on=None,
        upper_body="BCH ĐOÀN TP. HỒ CHÍ MINH",
        issuing_body="BCH ĐOÀN QUẬN BÌNH TÂN",
        title=TITLE_001,
        starts_on=date(2024, 3, 1),
        ends_on=date(2024, 3, 31),
        purposes=_paragraphs(*PURPOSES_001),
        requirements=_paragraphs(*REQUIREMENTS_001),
        content="",
        organisation=_paragraphs(*ORGANISATION_001),
        signing_on_behalf="TM. BAN THƯỜNG VỤ QUẬN ĐOÀN",
        signer_position="BÍ THƯ",
        signer_name="Nguyễn Lê Trung Hiếu",
    )
    Activity.objects.bulk_create(
        [
            Activity(
                plan=plan,
                order=order,
                level=Activity.Level.OWN,
                title=title,
                starts_on=first,
                ends_on=last,
                venue=venue,
                owner_department=departments.get(department) if department else None,
                owner_note=note,
                participants=participants,
                participants_who=who,
            )
            for order, (title, first, last, venue, department, note, participants, who) in (
                enumerate(DISTRICT_ACTIVITIES, start=1)
            )
        ]
        + [
            Activity(
                plan=plan,
                order=len(DISTRICT_ACTIVITIES) + 1,
                level=Activity.Level.CHILDREN,
                title=BASE_ACTIVITY,
                starts_on=date(2024, 3, 24),
                notes=_paragraphs(*BASE_NOTES),
            )
        ]
    )
    _add_parts(plan, legal_bases=LEGAL_BASES_001, recipients=RECIPIENTS_001)
    services.plan_transition(plan=plan, action="issue", give_number=False)
    return plan
