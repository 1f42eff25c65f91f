"""Demo monthly reports: Quận Đoàn Bình Tân's 10 wards and the district itself, January to
June 2024 (seed 000: "báo cáo kết quả thực hiện định kỳ trước ngày 10 hàng tháng"), loaded
after ``organizations.demo.load()`` and ``plans.demo.load()``.

The wards report a few new đoàn viên and hội viên a month, some programmes, and the chi đoàn
and chi hội they founded, at enterprises of their registry that have no such organisation yet
or, a few times, at a boarding house the registry does not know. Together they found a little
less than the roadmap asks, so the progress pages have wards that are behind. The district
reports its own district-level results (seed 000, Cấp Quận) to the city, which reviews nobody
in the demo: its reports stay submitted.

Every state a person meets is there: reports on time and late, one report missing, one
returned and resubmitted, one ward on time only thanks to an extension, June reports still
waiting for review and one still a draft. Every value comes from a hash of the ward and the
month, never from a random draw; once any of the wards' 2024 reports exists the loader
changes nothing.

The review services stamp returns and acceptances with the clock of the machine; the demo
moves those events back to plausible moments of 2024 afterwards. The secretaries find the
notifications of those reviews in the app (dated 2024); they are never e-mailed.
"""

import hashlib
from collections import defaultdict
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction

from notifications.models import Notification
from organizations.demo import LANDLORDS
from organizations.models import Host, Unit, UnitKind, User
from targets.models import Metric

from . import period, services
from .models import Extension, FoundedBranch, MonthlyReport, ReportSchedule
from .schedule import next_month, previous_month

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2024
MONTHS = tuple(date(YEAR, number, 1) for number in range(1, 7))
JUNE = MONTHS[-1]

DISTRICT = "Quận Đoàn Bình Tân"
WARD_KIND = "Đoàn phường"
WARD_PREFIX = "Đoàn phường "
STAFF = "canbo.binhtan"  # reviews the wards' reports and writes the district's own

# The wards' reports reach the district by 16:00 on the 10th of the next month.
DUE_DAY, DUE_TIME = 10, time(16, 0)

# (ward, month) of the one report never written.
MISSING = ("Tân Tạo A", date(2024, 5, 1))

# (ward, month) of the report returned with a comment, corrected and accepted.
RETURNED = ("An Lạc", date(2024, 3, 1))
RETURNED_MOMENTS = {
    "submit": datetime(2024, 4, 8, 9, 40, tzinfo=HCM),
    "return": datetime(2024, 4, 9, 10, 15, tzinfo=HCM),
    "resubmit": datetime(2024, 4, 12, 14, 5, tzinfo=HCM),
    "accept": datetime(2024, 4, 15, 9, 30, tzinfo=HCM),
}
RETURN_COMMENT = (
    "Số đoàn viên kết nạp mới ({reported}) chưa khớp với danh sách quyết định kết nạp gửi kèm "
    "({listed}); đề nghị đơn vị kiểm tra, điều chỉnh và gửi lại."
)

# (ward, month) of the report due later thanks to an extension, and when it came in.
EXTENDED = ("Bình Trị Đông B", date(2024, 4, 1))
EXTENDED_DUE_AT = datetime(2024, 5, 15, 16, 0, tzinfo=HCM)
EXTENSION_GRANTED_AT = datetime(2024, 5, 8, 15, 30, tzinfo=HCM)
EXTENDED_SUBMITTED_AT = datetime(2024, 5, 13, 15, 20, tzinfo=HCM)
EXTENSION_REASON = "Đơn vị tổ chức Đại hội Đoàn cơ sở"

# June: most reports accepted, a few waiting for review, one not yet submitted.
JUNE_AWAITING_REVIEW = ("An Lạc A", "Bình Trị Đông", "Tân Tạo")
JUNE_DRAFT = "Bình Hưng Hòa B"

# Chi đoàn and chi hội each ward founds from January to June: 14 and 13 against the
# roadmap's 16 (Quý I 7, Quý II 9), and some wards far from their "at least 2".
FOUNDINGS_BY_WARD = {
    "An Lạc": (2, 2),
    "An Lạc A": (2, 1),
    "Bình Hưng Hòa": (2, 2),
    "Bình Hưng Hòa A": (1, 1),
    "Bình Hưng Hòa B": (1, 2),
    "Bình Trị Đông": (1, 1),
    "Bình Trị Đông A": (2, 2),
    "Bình Trị Đông B": (1, 1),
    "Tân Tạo": (2, 1),
    "Tân Tạo A": (0, 0),
}
# The district itself goes to the largest enterprises (seed 000, Quý II: "trên 500 lao
# động"), which the wards then leave to it.
DISTRICT_MIN_WORKERS = 500
DISTRICT_FOUNDINGS = (2, 3)

# The district's own figures per month: new đoàn viên, new hội viên, programmes,
# participants, and the counted activities of seed 000 it held that month.
DISTRICT_FIGURES = {
    1: (3, 6, 1, 150, {}),
    2: (2, 4, 1, 210, {}),
    3: (4, 8, 2, 260, {}),
    4: (15, 22, 2, 180, {"training-classes": 1}),
    5: (24, 30, 3, 650, {"health-check-programmes": 1}),
    6: (21, 26, 2, 420, {"worker-markets": 1}),
}

DIFFICULTIES = (
    "Doanh nghiệp chưa tạo điều kiện cho công nhân sinh hoạt.",
    "Công nhân làm việc theo ca, khó bố trí thời gian sinh hoạt chi đoàn.",
    "Nhiều thanh niên công nhân là lao động thời vụ, thường xuyên thay đổi nơi ở.",
    "Chủ doanh nghiệp còn e ngại việc thành lập tổ chức Đoàn, Hội.",
    "Kinh phí tổ chức hoạt động cho thanh niên công nhân còn hạn chế.",
    "Cán bộ Đoàn phường kiêm nhiệm nhiều việc, chưa thường xuyên bám sát doanh nghiệp.",
    "Một số doanh nghiệp chưa có tổ chức Công đoàn nên khó tiếp cận.",
)
PROPOSALS = (
    "Đề nghị Quận Đoàn hỗ trợ tiếp cận doanh nghiệp trên 500 lao động.",
    "Đề nghị Quận Đoàn tổ chức tập huấn nghiệp vụ cho cán bộ Đoàn, Hội tại doanh nghiệp.",
    "Đề nghị Quận Đoàn phối hợp Liên đoàn Lao động quận vận động chủ doanh nghiệp.",
    "Đề nghị hỗ trợ kinh phí tổ chức sân chơi cuối tuần cho thanh niên công nhân.",
    "Đề nghị cung cấp danh sách doanh nghiệp mới đăng ký hoạt động trên địa bàn phường.",
)
NEXT_MONTH_PLANS = (
    "Tiếp tục khảo sát các doanh nghiệp từ 10 đến 300 lao động trên địa bàn phường.",
    "Phối hợp Công đoàn cơ sở vận động thành lập chi hội tại doanh nghiệp.",
    "Tổ chức sinh hoạt chuyên đề cho đoàn viên tại khu nhà trọ.",
    "Bồi dưỡng, kết nạp đoàn viên mới là thanh niên công nhân.",
    "Tổ chức buổi tư vấn pháp luật cho thanh niên công nhân.",
)
# What every unit plans for the month after a given one (by the report's month).
SEASONAL_PLANS = {
    1: "Tổ chức chương trình “Vui Tết cùng thanh niên công nhân xa quê”.",
    3: "Triển khai Kế hoạch xây dựng tổ chức Đoàn, Hội ngoài nhà nước năm 2024 của Quận Đoàn.",
    4: "Tổ chức các hoạt động hưởng ứng Tháng Công nhân năm 2024.",
    6: "Tổng hợp kết quả 6 tháng đầu năm, rà soát chỉ tiêu còn lại của Quý III.",
}
DISTRICT_DIFFICULTIES = (
    "Một số doanh nghiệp trên 500 lao động chưa đồng thuận thành lập tổ chức Đoàn.",
    "Tiến độ thành lập chi đoàn, chi hội tại các phường chưa đồng đều.",
    "Số liệu báo cáo của một số cơ sở Đoàn còn chậm, chưa đầy đủ minh chứng.",
)
DISTRICT_PROPOSALS = (
    "Đề nghị Thành Đoàn hỗ trợ kết nối với các doanh nghiệp có vốn đầu tư nước ngoài.",
    "Đề nghị Ban Công nhân lao động Thành Đoàn hỗ trợ tài liệu tập huấn cho cán bộ cơ sở.",
    "",
)
DISTRICT_PLANS = (
    "Làm việc với Ban Giám đốc các doanh nghiệp trên 500 lao động chưa có tổ chức Đoàn.",
    "Kiểm tra tiến độ thực hiện chỉ tiêu của Đoàn cơ sở 10 phường.",
    "Giao ban công tác xây dựng tổ chức Đoàn, Hội ngoài nhà nước với các cơ sở.",
)


def _number(seed: str, low: int, high: int) -> int:
    """A stable number in [low, high] drawn from ``seed``."""
    digest = int(hashlib.sha256(f"reports/{seed}".encode()).hexdigest(), 16)
    return low + digest % (high - low + 1)


def _pick(seed: str, choices: tuple[str, ...]) -> str:
    return choices[_number(seed, 0, len(choices) - 1)]


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=HCM)


def _ward_name(ward: Unit) -> str:
    return ward.name.removeprefix(WARD_PREFIX)


# Founding lines, planned for the whole half-year before any report is written.


def _founding_months(seed: str, count: int, *, skip: date | None) -> list[date]:
    """A month for each of ``count`` foundings: with two or more, the first falls in Quý I
    and the second in Quý II; a single one in either."""
    months = []
    for number in range(count):
        quarter = number if count > 1 and number < 2 else _number(f"{seed}/{number}/q", 0, 1)
        month = MONTHS[3 * quarter + _number(f"{seed}/{number}/m", 0, 2)]
        months.append(previous_month(month) if month == skip else month)
    return months


def _line(
    seed: str, kind: UnitKind, month: date, host: Host | None, new_host: str = ""
) -> services.BranchLine:
    return services.BranchLine(
        name=f"{kind.name} {host.name if host else new_host}",
        kind=kind,
        founded_on=month.replace(day=_number(seed + "/day", 2, 28)),
        members=_number(seed + "/members", 5, 25),
        host=host,
        new_host_name="" if host else new_host,
        new_host_kind="" if host else Host.Kind.BOARDING_HOUSE,
    )


def _plan_foundings(
    district: Unit, wards: list[Unit], kinds: dict[str, UnitKind]
) -> dict[tuple[int, date], list[services.BranchLine]]:
    """(unit, month) → the chi đoàn and chi hội it reports founded that month."""
    lines = defaultdict(list)
    enterprises = Host.objects.filter(
        unit__in=wards, kind=Host.Kind.ENTERPRISE, closed_on__isnull=True
    ).order_by("-workers", "name")
    large = [host for host in enterprises if (host.workers or 0) > DISTRICT_MIN_WORKERS]
    district_hosts = {
        "Chi đoàn": [host for host in large if host.doan_since is None][: DISTRICT_FOUNDINGS[0]],
        "Chi hội": [host for host in large if host.hoi_since is None][: DISTRICT_FOUNDINGS[1]],
    }
    taken = set()
    for kind_name, hosts in district_hosts.items():
        for host in hosts:
            seed = f"{district.name}/{kind_name}/{host.name}"
            month = MONTHS[3 + _number(seed, 0, 2)]  # Quý II, as the roadmap plans
            lines[district.pk, month].append(_line(seed, kinds[kind_name], month, host))
            taken.add(host.pk)

    for ward in wards:
        name = _ward_name(ward)
        chi_doan, chi_hoi = FOUNDINGS_BY_WARD.get(name, (0, 0))
        skip = MISSING[1] if name == MISSING[0] else None
        own = [host for host in enterprises if host.unit_id == ward.pk and host.pk not in taken]
        doan_hosts = [host for host in own if host.doan_since is None][:chi_doan]
        # A chi hội comes easiest where a Đoàn organisation already is (or is being founded).
        hoi_hosts = sorted(
            (host for host in own if host.hoi_since is None),
            key=lambda host: host.doan_since is None and host not in doan_hosts,
        )[:chi_hoi]
        new_hosts = (
            f"Khu nhà trọ {_pick(f'{name}/trọ/{number}', LANDLORDS)} ({name} {number})"
            for number in range(3, 99)  # the registry numbers its boarding houses 1 and 2
        )
        for kind_name, count, hosts in (
            ("Chi đoàn", chi_doan, doan_hosts),
            ("Chi hội", chi_hoi, hoi_hosts),
        ):
            seed = f"{name}/{kind_name}"
            for number, month in enumerate(_founding_months(seed, count, skip=skip)):
                host = hosts[number] if number < len(hosts) else None
                line = _line(
                    f"{seed}/{number}",
                    kinds[kind_name],
                    month,
                    host,
                    new_host="" if host else next(new_hosts),
                )
                lines[ward.pk, month].append(line)
    return lines


# What a report says.


def _ward_figures(
    name: str, month: date, lines: list[services.BranchLine], metrics: dict[str, Metric]
) -> dict[Metric, int]:
    seed = f"{name}/{month:%Y-%m}"
    founded_doan = sum(1 for line in lines if line.kind.organisation == UnitKind.Organisation.DOAN)
    founded_hoi = len(lines) - founded_doan
    first_quarter = month.month <= 3
    figures = {
        "new-doan-vien": _number(seed + "/dv", 0 if first_quarter else 1, 4 if first_quarter else 5)
        + 2 * founded_doan,
        "new-hoi-vien": _number(seed + "/hv", 2, 8) + 3 * founded_hoi,
    }
    programmes = _number(seed + "/programmes", 0, 9)
    if month.month == 5:  # Tháng Công nhân: every ward holds something
        programmes = min(programmes, 1)
    if programmes < 5:
        held = 2 if programmes == 0 else 1
        figures["programmes-held"] = held
        figures["participants"] = held * _number(seed + "/participants", 25, 120)
    return {metrics[code]: value for code, value in figures.items()}


def _ward_texts(name: str, month: date) -> dict[str, str]:
    seed = f"{name}/{month:%Y-%m}"
    plans = [_pick(seed + "/plan", NEXT_MONTH_PLANS)]
    if month.month in SEASONAL_PLANS:
        plans.insert(0, SEASONAL_PLANS[month.month])
    return {
        "difficulties": _pick(seed + "/difficulties", DIFFICULTIES),
        "proposals": _pick(seed + "/proposals", PROPOSALS) if _number(seed + "/ask", 0, 2) else "",
        "next_month_plan": "\n".join(f"- {plan}" for plan in plans),
    }


def _district_figures(month: date, metrics: dict[str, Metric]) -> dict[Metric, int]:
    doan_vien, hoi_vien, programmes, participants, activities = DISTRICT_FIGURES[month.month]
    figures = {
        "new-doan-vien": doan_vien,
        "new-hoi-vien": hoi_vien,
        "programmes-held": programmes,
        "participants": participants,
        **activities,
    }
    return {metrics[code]: value for code, value in figures.items()}


def _district_texts(month: date) -> dict[str, str]:
    seed = f"{DISTRICT}/{month:%Y-%m}"
    plans = [_pick(seed + "/plan", DISTRICT_PLANS)]
    if month.month in SEASONAL_PLANS:
        plans.insert(0, SEASONAL_PLANS[month.month])
    return {
        "difficulties": _pick(seed + "/difficulties", DISTRICT_DIFFICULTIES),
        "proposals": _pick(seed + "/proposals", DISTRICT_PROPOSALS),
        "next_month_plan": "\n".join(f"- {plan}" for plan in plans),
    }


# When things happen.


def _submission_moment(seed: str, month: date) -> datetime:
    """Mostly between the 4th and 16:00 on the 10th of the next month; about one report in
    eight between the 11th and the 14th. January's come before Tết (10/02/2024) or after."""
    due_month = next_month(month)
    if _number(seed + "/late", 0, 99) < 12:
        day = _number(seed + "/day", 11, 14)
        hour = _number(seed + "/hour", 8, 20)
    else:
        first, last = (1, 7) if month.month == 1 else (4, DUE_DAY)
        day = _number(seed + "/day", first, last)
        hour = _number(seed + "/hour", 7, DUE_TIME.hour - 1 if day == DUE_DAY else 21)
    return _at(due_month.replace(day=day), hour, _number(seed + "/minute", 0, 59))


def _review_moment(seed: str, submitted_at: datetime) -> datetime:
    """A working morning one to four days after the report came in."""
    day = submitted_at.astimezone(HCM).date() + timedelta(days=_number(seed + "/review", 1, 4))
    return _at(day, _number(seed + "/review-hour", 8, 11), _number(seed + "/review-minute", 0, 59))


# Writing the reports through the services, as people would.


def _save(report: MonthlyReport, user, *, texts, values, branches) -> None:
    report.refresh_from_db()  # the services bump the version at every write
    services.report_save(
        report=report,
        user=user,
        version=report.version,
        texts=texts,
        values=values,
        branches=branches,
    )


def _ward_month(ward, month, *, lines, metrics, staff) -> None:
    name = _ward_name(ward)
    if (name, month) == MISSING:
        return
    secretary = User.objects.filter(username=f"bithu.{ward.slug}").first()
    seed = f"{name}/{month:%Y-%m}"
    report = services.report_open(unit=ward, month=month)
    texts = _ward_texts(name, month)
    values = _ward_figures(name, month, lines, metrics)
    returned = (name, month) == RETURNED
    if returned:
        # The first version counts two đoàn viên whose admission decision is not yet signed.
        doan_vien = metrics["new-doan-vien"]
        listed = values[doan_vien]
        first_values = values | {doan_vien: listed + 2}
        _save(report, secretary, texts=texts, values=first_values, branches=lines)
        submitted_at = RETURNED_MOMENTS["submit"]
    else:
        _save(report, secretary, texts=texts, values=values, branches=lines)
        if month == JUNE and name == JUNE_DRAFT:
            return
        submitted_at = (
            EXTENDED_SUBMITTED_AT if (name, month) == EXTENDED else _submission_moment(seed, month)
        )
    services.report_submit(report=report, user=secretary, now=submitted_at)
    if returned:
        comment = RETURN_COMMENT.format(reported=listed + 2, listed=listed)
        services.report_return(
            report=report, user=staff, comment=comment, now=RETURNED_MOMENTS["return"]
        )
        _save(report, secretary, texts=texts, values=values, branches=lines)
        services.report_submit(report=report, user=secretary, now=RETURNED_MOMENTS["resubmit"])
    if month == JUNE and name in JUNE_AWAITING_REVIEW:
        return
    services.report_accept(
        report=report,
        user=staff,
        now=RETURNED_MOMENTS["accept"] if returned else _review_moment(seed, submitted_at),
    )


def _district_month(district, month, *, lines, metrics, staff) -> None:
    """The district's own results, sent to the city; nobody above reviews them in the demo."""
    report = services.report_open(unit=district, month=month)
    _save(
        report,
        staff,
        texts=_district_texts(month),
        values=_district_figures(month, metrics),
        branches=lines,
    )
    seed = f"{DISTRICT}/{month:%Y-%m}/on-time"  # the district is never late
    day = next_month(month).replace(day=_number(seed + "/day", 6, DUE_DAY))
    submitted_at = _at(day, _number(seed + "/hour", 8, 15), _number(seed + "/minute", 0, 59))
    services.report_submit(report=report, user=staff, now=submitted_at)


def _load(district: Unit, wards: list[Unit]) -> None:
    ReportSchedule.objects.get_or_create(
        unit=district, plan=None, defaults={"due_day": DUE_DAY, "due_time": DUE_TIME}
    )
    staff = User.objects.filter(username=STAFF).first()
    metrics = {metric.code: metric for metric in Metric.objects.filter(owner_unit__isnull=True)}
    kinds = {kind.name: kind for kind in UnitKind.objects.filter(name__in=["Chi đoàn", "Chi hội"])}
    foundings = _plan_foundings(district, wards, kinds)

    extended_ward = next(ward for ward in wards if _ward_name(ward) == EXTENDED[0])
    Extension.objects.get_or_create(
        unit=extended_ward,
        month=EXTENDED[1],
        defaults={
            "due_at": EXTENDED_DUE_AT,
            "reason": EXTENSION_REASON,
            "granted_by": staff,
            "granted_at": EXTENSION_GRANTED_AT,
        },
    )

    for month in MONTHS:
        for ward in wards:
            _ward_month(ward, month, lines=foundings[ward.pk, month], metrics=metrics, staff=staff)
        _district_month(
            district, month, lines=foundings[district.pk, month], metrics=metrics, staff=staff
        )
    # The reviews told the secretaries in the app, as they would have been told in 2024;
    # e-mailing them now, about 2024, would only fill the console of whoever loads the demo.
    Notification.objects.filter(
        created_at__year=YEAR, email_status=Notification.Email.PENDING
    ).update(email_status=Notification.Email.NONE)


@transaction.atomic
def load() -> dict[str, int]:
    """Writes Bình Tân's January–June 2024 reports unless some of them exist already;
    returns how many reports and founding lines there are."""
    district = Unit.objects.get(name=DISTRICT)
    wards = list(district.children.filter(kind__name=WARD_KIND).order_by("name"))
    if not MonthlyReport.objects.filter(unit__in=wards, month__year=YEAR).exists():
        _load(district, wards)
    if not district.period_reports.exists():
        # The six-month results report seed 004's conference is built on, as a draft the
        # district's staff start from the wards' words.
        period.period_report_create(
            unit=district,
            first=date(YEAR, 1, 1),
            last=date(YEAR, 6, 1),
            user=User.objects.filter(unit=district, role=User.Role.STAFF).first(),
        )
    return {
        "reports": MonthlyReport.objects.count(),
        "founded": FoundedBranch.objects.count(),
    }
