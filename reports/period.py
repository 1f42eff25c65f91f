"""Period results reports (báo cáo sơ kết, tổng kết): what a unit's plans asked and got in
a period, its base units' table, timeliness and founded branches, and the base units' own
words from their accepted monthly reports, gathered as plain data (numbers already written
as a reader writes them), so that an issued report keeps exactly what it said."""

from datetime import date
from types import SimpleNamespace

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import services as document_services
from documents.text import REPORT, month_end, period_title, standing_committee
from organizations.models import Unit
from plans.models import Plan
from targets.levels import child_units_during

from . import progress
from .models import MonthlyReport, PeriodReport
from .progress import Window, plan_figures
from .selectors import month_states
from .timeliness import LATE, MISSING, ON_TIME

#: The words base units wrote in their monthly reports, and where a report starts from.
WORDS = (
    # the monthly report's field, the period report's field it starts
    ("difficulties", "shortcomings"),
    ("proposals", "proposals"),
    ("next_month_plan", "directions"),
)


def title_of(start: date, end: date) -> str:
    """Seed 004's words: "Báo cáo kết quả thực hiện công tác Đoàn và phong trào thanh thiếu
    nhi 6 tháng đầu năm 2024"."""
    return "Báo cáo kết quả thực hiện công tác Đoàn và phong trào thanh thiếu nhi " + period_title(
        start, end
    )


def plans_of(unit: Unit, start: date, end: date):
    """The plans ``unit`` issued that overlap the period, earliest first."""
    return (
        Plan.objects.filter(issuing_unit=unit, starts_on__lte=end, ends_on__gte=start)
        .exclude(status=Plan.Status.DRAFT)
        .order_by("starts_on", "pk")
    )


def gather(*, unit: Unit, start: date, end: date, today: date | None = None) -> dict:
    """Everything the report shows, read from the figures and the monthly reports now."""
    today = today or timezone.localdate()
    plans = [_plan(plan, unit, start, end, today) for plan in plans_of(unit, start, end)]
    units = list(child_units_during(unit, start, end).order_by("name"))
    as_of = min(today, end)
    window = Window(start, end, period_title(start, end))
    months = window.months(as_of)
    counts = {u.pk: {"name": u.name, "on_time": 0, "late": 0, "missing": 0} for u in units}
    for child, _month, timeliness in month_states(units=units, months=months, now=timezone.now()):
        row = counts[child.pk]
        row["on_time"] += timeliness.state == ON_TIME
        row["late"] += timeliness.state == LATE
        row["missing"] += timeliness.state == MISSING
    foundings = progress.founded_branches(
        SimpleNamespace(window=window, as_of=as_of, scope=unit, include_submitted=False)
    )
    return {
        "period": period_title(start, end),
        "as_of": as_of.isoformat(),
        "plans": plans,
        "timeliness": list(counts.values()),
        "foundings": [
            {
                "name": f.name,
                "kind": f.kind,
                "host": f.host,
                "founded_on": f.founded_on.strftime("%d/%m/%Y"),
                "unit": f.unit.name,
            }
            for f in foundings
        ],
        "words": words(unit=unit, start=start, end=end),
    }


def _plan(plan: Plan, unit: Unit, start: date, end: date, today: date) -> dict:
    first, last = max(start, plan.starts_on), min(end, plan.ends_on)
    whole = (first, last) == (plan.starts_on, plan.ends_on)
    window = Window(first, last, period_title(first, last), whole_plan=whole)
    figures = plan_figures(plan=plan, today=today, window=window, scope=unit)
    # The plan's targets and its units' table; timeliness and foundings are the period's.
    rows = progress.plan_progress(plan=plan, today=figures.as_of, figures=figures)
    metrics, units = progress.ward_table(
        plan=plan, today=figures.as_of, figures=figures, with_months=False
    )
    return {
        "number": plan.number,
        "title": plan.title,
        "period": period_title(first, last),
        "targets": progress.written_targets(rows),
        "metrics": [metric.name for metric in metrics],
        "units": progress.written_units(units, figures.window),
    }


def words(*, unit: Unit, start: date, end: date) -> list[dict]:
    """The base units' difficulties, proposals and next month's plans, from their accepted
    reports of the period, by unit, then month."""
    filled = Q()
    for field, _target in WORDS:
        filled |= ~Q(**{field: ""})
    reports = (
        MonthlyReport.objects.filter(
            unit__parent=unit,
            month__range=(start.replace(day=1), end),
            status=MonthlyReport.Status.ACCEPTED,
        )
        .filter(filled)
        .select_related("unit")
        .order_by("unit__name", "month")
    )
    return [
        {
            "unit": report.unit.name,
            "month": f"{report.month.month}/{report.month.year}",
            **{field: getattr(report, field) for field, _target in WORDS},
        }
        for report in reports
    ]


def starting_text(gathered_words: list[dict]) -> dict[str, str]:
    """The narrative a new report starts from: each base unit's words, one paragraph a
    unit and month ("- Đoàn phường An Lạc (tháng 3/2024): …"), for staff to rewrite."""
    texts = {}
    for field, target in WORDS:
        lines = [
            f"- {w['unit']} (tháng {w['month']}): {' '.join(w[field].split())}"
            for w in gathered_words
            if w[field].strip()
        ]
        texts[target] = "\n".join(lines)
    return texts


def month_bounds(first: date, last: date) -> tuple[date, date]:
    return first.replace(day=1), month_end(last)


# Writes


@transaction.atomic
def period_report_create(*, unit: Unit, first: date, last: date, user) -> PeriodReport:
    """A draft report of the months from ``first`` to ``last``, its narrative started from
    the base units' words and its recipients from the unit above."""
    start, end = month_bounds(first, last)
    texts = starting_text(words(unit=unit, start=start, end=end))
    parent = unit.parent
    return PeriodReport.objects.create(
        unit=unit,
        starts_on=start,
        ends_on=end,
        title=title_of(start, end),
        shortcomings=texts["shortcomings"],
        proposals=texts["proposals"],
        directions=texts["directions"],
        signing_on_behalf="TM. BAN THƯỜNG VỤ",
        recipients=standing_committee(parent.name) if parent else "",
        created_by=user,
    )


def _locked(report: PeriodReport, version: int | None) -> PeriodReport:
    current = PeriodReport.objects.select_for_update().select_related("unit").get(pk=report.pk)
    if not current.is_draft:
        raise ValidationError(_("This report has been issued: it is kept as it was sent."))
    if version is not None and current.version != version:
        raise ValidationError(
            _(
                "Someone else saved this report while you were editing it. What you typed "
                "is still below: check it, then save again to keep your version."
            ),
            code="stale",
        )
    return current


@transaction.atomic
def period_report_save(*, report: PeriodReport, version: int, fields: dict) -> PeriodReport:
    current = _locked(report, version)
    for name, value in fields.items():
        setattr(current, name, value.strip() if isinstance(value, str) else value)
    current.version += 1
    current.save()
    return current


def period_report_issue(*, report: PeriodReport, user, version: int | None = None) -> PeriodReport:
    """Issues the draft: the next number of its unit's register of reports, today's date,
    and what it shows gathered once and kept, so that it reads as it was sent. What it
    shows is read before the report is locked: the lock is held for the numbering only."""
    today = timezone.localdate()
    content = gather(unit=report.unit, start=report.starts_on, end=report.ends_on, today=today)
    with transaction.atomic():
        return _issue(report, user=user, version=version, today=today, content=content)


def _issue(report, *, user, version, today, content) -> PeriodReport:
    current = _locked(report, version)
    current.number = document_services.take_number(
        unit=current.unit,
        kind=REPORT,
        year=today.year,
        document=current,
        title=current.title,
        user=user,
    )
    current.issued_on = today
    current.issued_content = content
    current.status = PeriodReport.Status.ISSUED
    current.version += 1
    current.save()
    return current
