"""Demo monthly reports of 2026: the 168 wards, communes and special zone of Thành Đoàn
TP. Hồ Chí Minh report to the city from January to last month, loaded after
``organizations.demo.load()`` and ``plans.demo.load()`` (the city plan of 2026 gives each
ward its share for the year).

The wards do not keep one pace: each has a pace of its own, drawn from its code (some
lead, doing more than their share; most keep to it; some lag far behind), which sets how
many đoàn viên it admits and how many chi đoàn and chi hội it founds, how often it is late,
and how often its report is missing. Months long past are settled (accepted, a few late,
a few missing, a few returned once and corrected, a few returned and never corrected);
the month whose reports fell due last is being reviewed (accepted, waiting for review,
returned with a comment, still a draft, missing, late, some on time thanks to an
extension); the month not yet due holds drafts and a few early submissions. Every value
is drawn from a hash of the ward's code and the month, never at random, and what has not
happened yet by the time of loading (a submission, a review) stays undone.

1,800 reports through the services, one at a time, would take minutes. They are written
in bulk instead, but as the services would have left them, each step at its own moment:
a story per report (opened, saved, submitted, returned, corrected, accepted) is played
into rows: the report and its versions, its history (what the report page lists), its
figures and founding lines with theirs, its review events, the notifications the
secretary was sent (in the app, never e-mailed), and, for an accepted report, each
founded branch registered as a unit of the tree at a new host of the registry.
``tests/reports/test_city_demo.py`` plays stories through the services and checks that
the rows are the same.
"""

import hashlib
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from notifications.models import Notification
from organizations import services as organization_services
from organizations.demo import BRANDS, INDUSTRIES, LANDLORDS
from organizations.models import Host, Unit, UnitKind, User
from organizations.text import fold, normalize
from plans.demo import CITY, SHARES_2026, city_wards
from targets.models import Metric

from . import figures, notices, services
from .models import (
    FoundedBranch,
    MonthlyReport,
    ReportSchedule,
    ReportValue,
    ReviewEvent,
)
from .schedule import next_month

HCM = ZoneInfo("Asia/Ho_Chi_Minh")
YEAR = 2026
STAFF = "canbo.thanhdoan"  # reviews the wards' reports
DUE_DAY, DUE_TIME = 10, time(16, 0)
# Reports of a month that fell due more than this long before loading are settled: reviewed.
SETTLED_AFTER = timedelta(days=30)

# A ward's pace: (share of the wards up to this percentile, name, pace against its share).
PACES = (
    (15, "leading", 1.4),
    (50, "steady", 1.0),
    (75, "behind", 0.7),
    (90, "lagging", 0.45),
    (100, "struggling", 0.2),
)
# Percent chances by pace, for a settled month and for the month under review.
MISSING = {"leading": (0, 0), "steady": (1, 3), "behind": (3, 8), "lagging": (8, 20)}
MISSING_STRUGGLING = (25, 45)
LATE = {"leading": 0, "steady": 6, "behind": 15, "lagging": 30, "struggling": 35}
DRAFT_OVERDUE = {"leading": 0, "steady": 2, "behind": 4, "lagging": 8, "struggling": 10}
RETURNED_FOR_GOOD = {"lagging": 30, "struggling": 50}  # of those returned: never corrected
RETURNED_ONCE = 5  # returned once, corrected and accepted (settled)
UNDER_REVIEW = (6, 36)  # the month under review: returned below 6, awaiting review below 36
EXTENDED = 3  # percent of the wards given more time for a month
# The month not yet due: drafts, and a few reports already in.
EARLY = {"leading": (60, 25), "steady": (35, 8), "behind": (20, 0), "lagging": (10, 0)}

DIFFICULTIES = (
    "Doanh nghiệp chưa tạo điều kiện cho công nhân sinh hoạt.",
    "Công nhân làm việc theo ca, khó bố trí thời gian sinh hoạt chi đoàn.",
    "Nhiều thanh niên công nhân là lao động thời vụ, thường xuyên thay đổi nơi ở.",
    "Chủ doanh nghiệp còn e ngại việc thành lập tổ chức Đoàn, Hội.",
    "Địa bàn phường mới rộng, cán bộ Đoàn chưa nắm hết các doanh nghiệp sau sắp xếp.",
    "Cán bộ Đoàn kiêm nhiệm nhiều việc, chưa thường xuyên bám sát doanh nghiệp.",
)
PROPOSALS = (
    "Đề nghị Thành Đoàn hỗ trợ tiếp cận doanh nghiệp trên 500 lao động.",
    "Đề nghị Thành Đoàn tổ chức tập huấn nghiệp vụ cho cán bộ Đoàn, Hội tại doanh nghiệp.",
    "Đề nghị cung cấp danh sách doanh nghiệp mới đăng ký hoạt động trên địa bàn.",
    "Đề nghị hỗ trợ kinh phí tổ chức sân chơi cuối tuần cho thanh niên công nhân.",
)
NEXT_MONTH_PLANS = (
    "Tiếp tục khảo sát các doanh nghiệp ngoài nhà nước trên địa bàn.",
    "Phối hợp Công đoàn cơ sở vận động thành lập chi hội tại doanh nghiệp.",
    "Tổ chức sinh hoạt chuyên đề cho đoàn viên tại khu nhà trọ.",
    "Bồi dưỡng, kết nạp đoàn viên mới là thanh niên công nhân.",
)
RETURN_COUNT = (
    "Số đoàn viên kết nạp mới ({reported}) chưa khớp với danh sách quyết định kết nạp gửi kèm "
    "({listed}); đề nghị đơn vị kiểm tra, điều chỉnh và gửi lại."
)
RETURN_EVIDENCE = (
    "Đề nghị đơn vị bổ sung đường link, hình ảnh minh chứng các chương trình đã tổ chức "
    "trong tháng và gửi lại."
)


def _number(seed: str, low: int, high: int) -> int:
    """A stable number in [low, high] drawn from ``seed``."""
    digest = int(hashlib.sha256(f"city/{seed}".encode()).hexdigest(), 16)
    return low + digest % (high - low + 1)


def _pick(seed: str, choices: tuple[str, ...]) -> str:
    return choices[_number(seed, 0, len(choices) - 1)]


def _at(day: date, hour: int, minute: int) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=HCM)


def pace_of(ward: Unit) -> tuple[str, float]:
    """The ward's pace: its name ("leading" … "struggling") and its factor."""
    percentile = _number(f"{ward.official_code}/pace", 0, 99)
    return next((name, factor) for limit, name, factor in PACES if percentile < limit)


# What happens to one report: its story.


@dataclass(frozen=True)
class Line:
    """A founding line as the secretary types it: a branch at a host new to the registry."""

    kind: str  # "Chi đoàn" or "Chi hội"
    host_name: str
    host_kind: str
    founded_on: date
    members: int

    @property
    def name(self) -> str:
        return f"{self.kind} {self.host_name}"


@dataclass(frozen=True)
class Step:
    """One thing done to the report: "save" (with its figures), "submit", "return" (with
    the reviewer's comment) or "accept", at a moment."""

    action: str
    at: datetime
    values: dict[str, int] = field(default_factory=dict)
    comment: str = ""


@dataclass(frozen=True)
class Story:
    ward: Unit
    month: date
    opened_at: datetime
    texts: dict[str, str]
    lines: tuple[Line, ...]
    steps: tuple[Step, ...]
    extended_to: datetime | None = None


def _texts(seed: str) -> dict[str, str]:
    return {
        "difficulties": _pick(seed + "/difficulties", DIFFICULTIES),
        "proposals": _pick(seed + "/proposals", PROPOSALS) if _number(seed + "/ask", 0, 2) else "",
        "next_month_plan": f"- {_pick(seed + '/plan', NEXT_MONTH_PLANS)}",
        "evidence_links": "",
    }


def _figures(seed: str, ward: Unit, pace: float, lines: tuple[Line, ...]) -> dict[str, int]:
    share = SHARES_2026[ward.kind.name]["new-doan-vien"]
    doan_vien = int(share * pace / 12 + _number(seed + "/dv", 0, 99) / 100)
    founded_doan = sum(1 for line in lines if line.kind == "Chi đoàn")
    figures = {
        "new-doan-vien": doan_vien + 2 * founded_doan,
        "new-hoi-vien": int(3 * pace + _number(seed + "/hv", 0, 3))
        + 3 * (len(lines) - founded_doan),
    }
    programmes = _number(seed + "/programmes", 0, 3)
    if programmes:
        figures["programmes-held"] = programmes
        figures["participants"] = programmes * _number(seed + "/participants", 30, 150)
    return {code: value for code, value in figures.items() if value}


def _foundings(ward: Unit, pace: float, months: list[date]) -> dict[date, tuple[Line, ...]]:
    """The chi đoàn and chi hội the ward founds in the year, by month: as many as its share
    at its pace, each at a host new to the registry (an enterprise, now and then a
    boarding house), named after the ward."""
    place = ward.name.split(" ", 2)[-1]
    share = SHARES_2026[ward.kind.name]
    planned: dict[date, list[Line]] = {}
    used = set()
    for kind, code in (("Chi đoàn", "new-chi-doan"), ("Chi hội", "new-chi-hoi")):
        seed = f"{ward.official_code}/{kind}"
        count = int(share[code] * pace * len(months) / 12 + _number(seed, 0, 99) / 100)
        for number in range(count):
            line_seed = f"{seed}/{number}"
            month = months[_number(line_seed + "/month", 0, len(months) - 1)]
            if _number(line_seed + "/house", 0, 4):
                host_kind = Host.Kind.ENTERPRISE
                host_name = (
                    f"Công ty TNHH {_pick(line_seed + '/i', INDUSTRIES)} "
                    f"{_pick(line_seed + '/b', BRANDS)} {place}"
                )
            else:
                host_kind = Host.Kind.BOARDING_HOUSE
                host_name = f"Khu nhà trọ {_pick(line_seed + '/l', LANDLORDS)} ({place})"
            unique, again = host_name, 2
            while fold(unique) in used:
                unique, again = f"{host_name} {again}", again + 1
            used.add(fold(unique))
            planned.setdefault(month, []).append(
                Line(
                    kind=kind,
                    host_name=unique,
                    host_kind=host_kind,
                    founded_on=month.replace(day=_number(line_seed + "/day", 2, 28)),
                    members=_number(line_seed + "/members", 5, 25),
                )
            )
    return {month: tuple(lines) for month, lines in planned.items()}


def _submission(seed: str, due_at: datetime, *, late: bool, extended: bool) -> datetime:
    """When the report came in: before its due moment, or (late) a few days after."""
    due_day = due_at.astimezone(HCM).date()
    if late:
        day = due_day + timedelta(days=_number(seed + "/late", 1, 9))
        return _at(day, _number(seed + "/hour", 7, 21), _number(seed + "/minute", 0, 59))
    first = due_day - timedelta(days=(9 if not extended else 8))
    day = first + timedelta(days=_number(seed + "/day", 0, (due_day - first).days))
    last_hour = due_at.astimezone(HCM).hour - 1 if day == due_day else 21
    return _at(day, _number(seed + "/hour", 7, last_hour), _number(seed + "/minute", 0, 59))


def _working_morning(seed: str, after: datetime, low: int = 1, high: int = 4) -> datetime:
    day = after.astimezone(HCM).date() + timedelta(days=_number(seed, low, high))
    return _at(day, _number(seed + "/h", 8, 11), _number(seed + "/m", 0, 59))


def _chance(seed: str, percent: int) -> bool:
    return _number(seed, 0, 99) < percent


def story_of(
    ward: Unit,
    month: date,
    *,
    due_at: datetime,
    now: datetime,
    lines: tuple[Line, ...] = (),
    extended_to: datetime | None = None,
) -> Story | None:
    """What happened to the ward's report of ``month`` by ``now``, founding ``lines``; None
    when it was never opened (missing, or not begun while not yet due)."""
    pace_name, pace = pace_of(ward)
    seed = f"{ward.official_code}/{month:%Y-%m}"
    due_at = extended_to or due_at
    settled = due_at < now - SETTLED_AFTER
    under_review = not settled and due_at < now
    draw = _number(seed + "/state", 0, 99)
    values = _figures(seed, ward, pace, lines)
    texts = _texts(seed)

    if not settled and not under_review:
        # Not yet due: drafts, and a few reports already in at the month's end.
        draft, early = EARLY.get(pace_name, (5, 0))
        if draw >= draft + early:
            return None
        saved_at = _at(
            next_month(month) - timedelta(days=1),
            _number(seed + "/hour", 18, 21),
            _number(seed + "/minute", 0, 59),
        )
        if saved_at >= now:
            return None
        steps = [Step("save", saved_at, values)]
        if draw >= draft:
            steps.append(Step("submit", saved_at + timedelta(minutes=2)))
        return Story(ward, month, saved_at - timedelta(hours=1), texts, lines, tuple(steps))

    missing = (MISSING_STRUGGLING if pace_name == "struggling" else MISSING[pace_name])[
        0 if settled else 1
    ]
    if draw < missing:
        return None
    late = extended_to is None and _chance(seed + "/late?", LATE[pace_name])
    submitted_at = _submission(seed, due_at, late=late, extended=extended_to is not None)
    saved_at = submitted_at - timedelta(minutes=_number(seed + "/typing", 2, 9))
    opened_at = saved_at - timedelta(hours=_number(seed + "/opened", 1, 72))

    def story(*steps: Step) -> Story:
        return Story(ward, month, opened_at, texts, lines, steps, extended_to)

    overdue_draft = not settled and _chance(seed + "/draft?", DRAFT_OVERDUE[pace_name])
    if submitted_at >= now or overdue_draft:
        return story(Step("save", saved_at, values))
    submitted = Step("submit", submitted_at)
    reviewed_at = _working_morning(seed + "/review", submitted_at)
    if settled:
        once = RETURNED_ONCE // 2 if pace_name == "leading" else RETURNED_ONCE
        returned = _chance(seed + "/returned?", once)
        waiting = False
    else:
        returned = draw - missing < UNDER_REVIEW[0]
        waiting = not returned and draw - missing < UNDER_REVIEW[1]
    if waiting or reviewed_at >= now:
        return story(Step("save", saved_at, values), submitted)
    if not returned:
        return story(Step("save", saved_at, values), submitted, Step("accept", reviewed_at))

    # Returned: the first version counted two đoàn viên too many, or lacked its evidence.
    if values.get("new-doan-vien", 0) >= 2 and _number(seed + "/why", 0, 1):
        listed = values["new-doan-vien"]
        first = values | {"new-doan-vien": listed + 2}
        comment = RETURN_COUNT.format(reported=listed + 2, listed=listed)
    else:
        first, comment = values, RETURN_EVIDENCE
    returned_steps = (
        Step("save", saved_at, first),
        submitted,
        Step("return", reviewed_at, comment=comment),
    )
    corrected_at = _working_morning(seed + "/corrected", reviewed_at, 1, 3)
    for_good = _chance(seed + "/for-good?", RETURNED_FOR_GOOD.get(pace_name, 0))
    if not settled or for_good or corrected_at >= now:
        return story(*returned_steps)
    corrected = (
        Step("save", corrected_at, values),
        Step("submit", corrected_at + timedelta(minutes=1)),
    )
    accepted_at = _working_morning(seed + "/accepted", corrected_at, 1, 3)
    if accepted_at >= now:
        return story(*returned_steps, *corrected)
    return story(*returned_steps, *corrected, Step("accept", accepted_at))


def stories(
    wards: list[Unit], months: list[date], *, now: datetime, schedule, extensions
) -> list[Story]:
    """Every report of ``wards`` of ``months`` that was opened by ``now``."""
    result = []
    for ward in wards:
        _pace_name, pace = pace_of(ward)
        foundings = _foundings(ward, pace, months)
        for month in months:
            story = story_of(
                ward,
                month,
                due_at=schedule.due_at(month),
                now=now,
                lines=foundings.get(month, ()),
                extended_to=extensions.get((ward.pk, month)),
            )
            if story is not None:
                result.append(story)
    return result


# Playing stories into rows, as the services would have written them.

HistoricalReport = MonthlyReport.history.model
HistoricalValue = ReportValue.history.model
HistoricalBranch = FoundedBranch.history.model
REPORT_FIELDS = [
    f.attname
    for f in HistoricalReport._meta.concrete_fields
    if not f.attname.startswith("history_")
]
BRANCH_FIELDS = [
    f.attname
    for f in HistoricalBranch._meta.concrete_fields
    if not f.attname.startswith("history_")
]


@dataclass
class _Rows:
    """What the stories come to, gathered in memory and inserted table by table."""

    reports: list[MonthlyReport] = field(default_factory=list)
    # (report, its fields then, "+" or "~", when, by whom)
    versions: list[tuple] = field(default_factory=list)
    events: list[ReviewEvent] = field(default_factory=list)
    # the counts as the last save left them, and each count's versions (value, its number
    # then, "+" or "~", when, by whom)
    values: list[ReportValue] = field(default_factory=list)
    value_versions: list[tuple] = field(default_factory=list)
    # (line, when and by whom saved, when accepted or None)
    lines: list[tuple] = field(default_factory=list)
    # (Notice, recipient, when)
    told: list[tuple] = field(default_factory=list)


def _play(rows: _Rows, story: Story, *, secretary, staff, kinds, metrics) -> None:
    """One story, step by step as the services take it (``report_open``, ``report_save``,
    ``report_submit``, ``report_return``, ``report_accept``)."""
    report = MonthlyReport(unit=story.ward, month=story.month)
    rows.reports.append(report)

    def version(kind: str, at: datetime, by) -> None:
        rows.versions.append(
            (report, {name: getattr(report, name) for name in REPORT_FIELDS}, kind, at, by)
        )

    version("+", story.opened_at, secretary)
    values: dict[str, ReportValue] = {}
    lines: list[tuple] = []
    for step in story.steps:
        report.version += 1
        if step.action == "save":
            for name, text in story.texts.items():
                setattr(report, name, text.strip())
            version("~", step.at, secretary)
            # A save changes a count typed anew in place and adds one typed for the first
            # time; the same stay as they are.
            if values.keys() - step.values.keys():
                raise ValueError("A demo save leaves no count blank that an earlier one typed.")
            for code, number in step.values.items():
                value = values.get(code)
                if value is None:
                    value = values[code] = ReportValue(
                        report=report, metric=metrics[code], value=number
                    )
                    rows.value_versions.append((value, number, "+", step.at, secretary))
                elif value.value != number:
                    value.value = number
                    rows.value_versions.append((value, number, "~", step.at, secretary))
            if not lines:  # the same lines saved again are left as they are
                lines = [
                    [_branch(report, line, kinds), step.at, secretary, None] for line in story.lines
                ]
            continue
        by = secretary if step.action == "submit" else staff
        if step.action == "submit":
            report.status = MonthlyReport.Status.SUBMITTED
            report.submitted_at = step.at
            report.first_submitted_at = report.first_submitted_at or step.at
        elif step.action == "return":
            report.status = MonthlyReport.Status.RETURNED
            report.review_comment = step.comment
        else:
            for line in lines:
                line[3] = step.at
            report.status = MonthlyReport.Status.ACCEPTED
            report.review_comment = ""
        version("~", step.at, by)
        rows.events.append(
            ReviewEvent(report=report, action=step.action, by=by, at=step.at, comment=step.comment)
        )
        if step.action in ("return", "accept") and secretary and secretary != staff:
            told = MonthlyReport(
                unit=story.ward,
                month=story.month,
                version=report.version,
                review_comment=report.review_comment,
            )
            rows.told.append((step.action, told, report, secretary, step.at))
    rows.values += values.values()
    rows.lines += [tuple(line) for line in lines]


def _branch(report: MonthlyReport, line: Line, kinds) -> FoundedBranch:
    return FoundedBranch(
        report=report,
        name=normalize(line.name),
        kind=kinds[line.kind],
        host=None,
        new_host_name=normalize(line.host_name),
        new_host_kind=line.host_kind,
        founded_on=line.founded_on,
        members=line.members,
    )


def _branch_version(branch: FoundedBranch, kind: str, at: datetime, by, **then) -> HistoricalBranch:
    fields = {name: getattr(branch, name) for name in BRANCH_FIELDS} | then
    return HistoricalBranch(**fields, history_type=kind, history_date=at, history_user=by)


def _value_version(value: ReportValue, number, kind: str, at: datetime, by) -> HistoricalValue:
    return HistoricalValue(
        id=value.pk,
        report_id=value.report_id,
        metric_id=value.metric_id,
        value=number,
        history_type=kind,
        history_date=at,
        history_user=by,
    )


def _register(accepted: list[FoundedBranch]) -> None:
    """What accepting does to each founding line (``_register_branch``): its host joins the
    ward's registry, with the date of its new Đoàn or Hội organisation, and the branch
    becomes a unit under the ward, at that host."""
    hosts = []
    for line in accepted:
        since = "hoi_since" if line.kind.organisation == UnitKind.Organisation.HOI else "doan_since"
        hosts.append(
            Host(
                unit=line.report.unit,
                name=line.new_host_name,
                kind=line.new_host_kind or Host.Kind.ENTERPRISE,
                search_name=fold(line.new_host_name),
                **{since: line.founded_on},
            )
        )
    Host.objects.bulk_create(hosts, batch_size=1000)
    units = [
        Unit(
            parent=line.report.unit,
            kind=line.kind,
            name=line.name,
            host=host,
            founded_on=line.founded_on,
        )
        for line, host in zip(accepted, hosts, strict=True)
    ]
    organization_services.unit_bulk_create(units=units)
    for line, host, unit in zip(accepted, hosts, units, strict=True):
        line.host, line.unit = host, unit


def _write(rows: _Rows, *, staff) -> None:
    MonthlyReport.objects.bulk_create(rows.reports, batch_size=1000)
    HistoricalReport.objects.bulk_create(
        [
            HistoricalReport(
                **(fields | {"id": report.pk}), history_type=kind, history_date=at, history_user=by
            )
            for report, fields, kind, at, by in rows.versions
        ],
        batch_size=1000,
    )
    ReviewEvent.objects.bulk_create(rows.events, batch_size=1000)

    # Counts: as the last save left them, with each one's versions.
    ReportValue.objects.bulk_create(rows.values, batch_size=1000)
    HistoricalValue.objects.bulk_create(
        [_value_version(*version) for version in rows.value_versions], batch_size=1000
    )

    # Founding lines: saved as typed, then, once accepted, given their host and unit.
    accepted = [line for line, _at, _by, accepted_at in rows.lines if accepted_at]
    _register(accepted)
    FoundedBranch.objects.bulk_create([line for line, *_ in rows.lines], batch_size=1000)
    versions = []
    for line, at, by, accepted_at in rows.lines:
        versions.append(_branch_version(line, "+", at, by, host_id=None, unit_id=None))
        if accepted_at:
            versions.append(_branch_version(line, "~", accepted_at, staff))
    HistoricalBranch.objects.bulk_create(versions, batch_size=1000)

    # What the reports count reaches the figure table, as each state change adds it.
    ids = [report.pk for report in rows.reports]
    for start in range(0, len(ids), 5000):
        chunk = MonthlyReport.objects.filter(pk__in=ids[start : start + 5000])
        figures.add(figures.counted_reports(chunk))

    # What the secretaries were told, in the app (``notices``); never e-mailed.
    told = []
    for action, notice_of, report, secretary, at in rows.told:
        notice_of.pk = report.pk
        make = notices.accepted_notice if action == "accept" else notices.returned_notice
        notice = make(notice_of, by=staff)
        told.append(
            Notification(
                recipient=secretary,
                kind=notice.kind,
                key=notice.key,
                title=" ".join(notice.title.split())[:300],
                body=notice.body.strip(),
                link=notice.link,
                created_at=at,
                email_status=Notification.Email.NONE,
            )
        )
    Notification.objects.bulk_create(told, batch_size=1000)


def play(told: list[Story], *, staff: User | None, secretaries: dict[int, User]) -> None:
    """Writes the stories' reports with everything the services would have written."""
    kinds = {kind.name: kind for kind in UnitKind.objects.filter(name__in=["Chi đoàn", "Chi hội"])}
    metrics = {metric.code: metric for metric in Metric.objects.filter(owner_unit__isnull=True)}
    rows = _Rows()
    for story in told:
        _play(
            rows,
            story,
            secretary=secretaries.get(story.ward.pk),
            staff=staff,
            kinds=kinds,
            metrics=metrics,
        )
    _write(rows, staff=staff)


def months_of(now: datetime) -> list[date]:
    """January of the plan's year to the month before ``now``'s (at most December)."""
    last = now.astimezone(HCM).date().replace(day=1)
    return [date(YEAR, number, 1) for number in range(1, 13) if date(YEAR, number, 1) < last]


def _extensions(wards, months, *, schedule, now, staff) -> dict[tuple[int, date], datetime]:
    """More time for a few wards each month (gia hạn), granted before the due day."""
    granted = {}
    for ward in wards:
        for month in months:
            seed = f"{ward.official_code}/{month:%Y-%m}/extension"
            due_at = schedule.due_at(month)
            granted_at = _at(due_at.astimezone(HCM).date() - timedelta(days=2), 15, 30)
            if not _chance(seed, EXTENDED) or granted_at >= now:
                continue
            extension = services.extension_grant(
                unit=ward,
                month=month,
                due_at=due_at + timedelta(days=_number(seed + "/days", 5, 10)),
                reason=_pick(
                    seed + "/reason",
                    (
                        "Đơn vị tổ chức Đại hội Đoàn cơ sở",
                        "Cán bộ phụ trách báo cáo được điều động học tập",
                        "Đơn vị đang kiện toàn Ban Chấp hành sau sắp xếp",
                    ),
                ),
                user=staff,
                now=granted_at,
            )
            granted[ward.pk, month] = extension.due_at
    return granted


@transaction.atomic
def load(*, now: datetime | None = None) -> dict[str, int]:
    """Writes the city wards' reports of 2026 unless some of them exist already; returns
    how many reports there are."""
    now = now or timezone.now()
    city = Unit.objects.filter(parent=None, name=CITY).first()
    wards = [ward for ward in city_wards(city) if ward.kind.name in SHARES_2026] if city else []
    months = months_of(now)
    done = MonthlyReport.objects.filter(unit__in=wards, month__year=YEAR).exists()
    if wards and months and not done:
        schedule, _created = ReportSchedule.objects.get_or_create(
            unit=city, plan=None, defaults={"due_day": DUE_DAY, "due_time": DUE_TIME}
        )
        staff = User.objects.filter(username=STAFF).first()
        secretaries = {
            user.unit_id: user
            for user in User.objects.filter(unit__in=wards, role=User.Role.SECRETARY).order_by("pk")
        }
        extensions = _extensions(wards, months, schedule=schedule, now=now, staff=staff)
        told = stories(wards, months, now=now, schedule=schedule, extensions=extensions)
        play(told, staff=staff, secretaries=secretaries)
        # The reviews told the secretaries in the app; e-mailing a year of them now would
        # only fill the console of whoever loads the demo.
        Notification.objects.filter(
            recipient__in=secretaries.values(), email_status=Notification.Email.PENDING
        ).update(email_status=Notification.Email.NONE)
    return {"reports": MonthlyReport.objects.filter(unit__in=wards, month__year=YEAR).count()}
