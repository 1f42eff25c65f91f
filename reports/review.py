"""The reviewer's lists, built for a unit over hundreds of others (Thành Đoàn TP. Hồ Chí Minh
over its 168 wards and communes): the month's table of every unit that owes the month, and
the inbox of reports waiting for review (hộp thư duyệt). Both are searched by name with the
diacritics ignored, filtered (state, late, returned at least once), sorted (name,
submission, lateness) and cut in pages.

Each list is read in a fixed number of queries (``selectors.month_rows`` and one or two
more), then filtered, sorted and paged in Python: a row's timeliness is decided by the
schedule of the unit above and any extension, not by a column the database could sort on.
A list holds one row per unit (a few thousand for the largest province): cheap to sort, and
only one page of it is rendered."""

from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django import forms
from django.core.paginator import Page, Paginator
from django.http import QueryDict
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from organizations.models import Unit
from organizations.text import fold, normalize

from .deadlines import reporting_units
from .models import MonthlyReport, ReportSeen, ReviewEvent
from .selectors import inbox, month_rows
from .timeliness import LATE, MISSING, Timeliness

#: rows of a review table on one page: a phone scrolls through them in a few swipes
PAGE_SIZE = 25

#: the state filter (?trang-thai=...): a report's status, or no report at all
NOT_STARTED = "chua-lam"
STATES = {
    "da-nop": MonthlyReport.Status.SUBMITTED,
    "da-duyet": MonthlyReport.Status.ACCEPTED,
    "bi-tra-lai": MonthlyReport.Status.RETURNED,
    "ban-nhap": MonthlyReport.Status.DRAFT,
    NOT_STARTED: None,
}
STATE_LABELS = {
    "da-nop": _("Submitted, waiting for review"),
    "da-duyet": _("Accepted"),
    "bi-tra-lai": _("Returned, to be corrected"),
    "ban-nhap": _("Draft"),
    NOT_STARTED: _("Not started"),
}
SLUG_OF_STATUS = {status: slug for slug, status in STATES.items()}

#: the sorts (?sap-xep=...), each in its natural direction; a leading "-" reverses
BY_NAME, BY_SUBMISSION, BY_LATENESS = "ten", "nop", "tre"
SORT_LABELS = {
    BY_NAME: _("Name, A to Z"),
    f"-{BY_NAME}": _("Name, Z to A"),
    BY_SUBMISSION: _("Submitted, oldest first"),
    f"-{BY_SUBMISSION}": _("Submitted, newest first"),
    BY_LATENESS: _("Most late first"),
    f"-{BY_LATENESS}": _("Least late first"),
}
LONGEST_QUERY = 100


def oversees(user) -> bool:
    """Whether the user watches the reports of the units below their own: the staff who
    review them, and the leadership who read them."""
    return bool(user.unit_id) and (user.can_review_reports or user.role == user.Role.LEADERSHIP)


class ReviewFilterForm(forms.Form):
    """What a review list shows, read from its query string. A value that cannot be used
    is dropped, never an error: the list then shows more, not a broken page."""

    q = forms.CharField(label=_("Search by name"), required=False, strip=True)

    def __init__(self, data, *, with_states: bool, default_sort: str):
        super().__init__(data)
        self.default_sort = default_sort
        if with_states:
            self.fields["trang-thai"] = forms.ChoiceField(
                label=_("State"),
                required=False,
                choices=[("", _("Every state")), *STATE_LABELS.items()],
            )
        self.fields["tre"] = forms.BooleanField(label=_("Late or overdue"), required=False)
        self.fields["tra-lai"] = forms.BooleanField(
            label=_("Returned at least once"), required=False
        )
        self.fields["sap-xep"] = forms.ChoiceField(
            label=_("Sort"), required=False, choices=list(SORT_LABELS.items())
        )
        self.is_valid()  # fills cleaned_data with every usable value

    def clean_q(self) -> str:
        # NFC like the names, no NUL (PostgreSQL refuses it), and no essay.
        return normalize(self.cleaned_data["q"])[:LONGEST_QUERY]

    @property
    def query(self) -> str:
        return self.cleaned_data.get("q", "")

    @property
    def state(self) -> str:
        return self.cleaned_data.get("trang-thai", "")

    @property
    def late(self) -> bool:
        return self.cleaned_data.get("tre", False)

    @property
    def returned(self) -> bool:
        return self.cleaned_data.get("tra-lai", False)

    @property
    def sort(self) -> str:
        return self.cleaned_data.get("sap-xep") or self.default_sort

    @property
    def sort_choices(self) -> list[tuple[str, str]]:
        return list(SORT_LABELS.items())

    @property
    def is_filtered(self) -> bool:
        return bool(self.query or self.state or self.late or self.returned)


@dataclass
class ReviewRow:
    """One unit's report of one month as a reviewer's list shows it."""

    unit: Unit
    month: date
    report: MonthlyReport | None
    timeliness: Timeliness
    #: returned or reopened at least once (it may have come back since)
    was_returned: bool = False
    #: the version of the report the user last read on its page, if they opened it
    seen_version: int | None = None

    @property
    def state(self) -> str:
        """The state filter's slug: the report's status, or "not started"."""
        return SLUG_OF_STATUS[self.report.status] if self.report else NOT_STARTED

    @property
    def is_late(self) -> bool:
        return self.timeliness.state in (LATE, MISSING)

    @property
    def is_read_as_it_stands(self) -> bool:
        """The user opened the report since its last change: they may tick it."""
        return self.report is not None and self.seen_version == self.report.version


def _with_returns(rows: list[ReviewRow]) -> list[ReviewRow]:
    """Marks the rows whose report was ever sent back (one query)."""
    ids = [r.report.pk for r in rows if r.report]
    sent_back = set(
        ReviewEvent.objects.filter(
            report_id__in=ids, action__in=[ReviewEvent.Action.RETURN, ReviewEvent.Action.REOPEN]
        ).values_list("report_id", flat=True)
    )
    for row in rows:
        row.was_returned = row.report is not None and row.report.pk in sent_back
    return rows


def month_table(*, user, month: date, now: datetime) -> list[ReviewRow]:
    """Every unit that reports to the user's unit and owes ``month``, with its report of
    that month: five queries, whatever the number of units."""
    units = list(reporting_units(user.unit, [month]))
    rows = [
        ReviewRow(r.unit, r.month, r.report, r.timeliness)
        for r in month_rows(units=units, months=[month], now=now)
    ]
    return _with_returns(rows)


def inbox_rows(
    *, user, now: datetime, month: date | None = None, dissolved: bool = False
) -> list[ReviewRow]:
    """The reports waiting for the user's review (of ``month``, or of any month; those of
    units dissolved or merged with ``dissolved``), each with its timeliness: five queries,
    whatever their number. What the reviewer read of them is ``mark_seen``'s."""
    waiting = inbox(user=user, dissolved=dissolved, today=timezone.localdate(now))
    if month is not None:
        waiting = waiting.filter(month=month)
    waiting = list(waiting)
    units = list({r.unit_id: r.unit for r in waiting}.values())
    months = sorted({r.month for r in waiting})
    wanted = {(r.unit_id, r.month) for r in waiting}
    rows = [
        ReviewRow(r.unit, r.month, r.report, r.timeliness)
        for r in (month_rows(units=units, months=months, now=now) if waiting else [])
        if (r.unit.pk, r.month) in wanted and r.report is not None
    ]
    return _with_returns(rows)


def seen_versions(user) -> dict[int, int]:
    """For each report waiting for review that ``user`` opened, the version they read
    (one query)."""
    return dict(
        ReportSeen.objects.filter(user=user, report__status=MonthlyReport.Status.SUBMITTED)
        .order_by("report_id")
        .values_list("report_id", "version")
    )


def mark_seen(rows: list[ReviewRow], seen: dict[int, int]) -> list[ReviewRow]:
    """Gives each row the version of its report the user last read (``seen_versions``)."""
    for row in rows:
        row.seen_version = seen.get(row.report.pk)
    return rows


def _lateness(row: ReviewRow, now: datetime) -> tuple:
    """How far behind a row is, worst first: overdue and still not sent (the longest
    overdue first), then sent late (the latest first), then the rest."""
    state = row.timeliness.state
    if state == MISSING:
        return (2, now - row.timeliness.due_at)
    if state == LATE:
        return (1, row.timeliness.late_by)
    return (0, timedelta(0))


def sorted_rows(rows: list[ReviewRow], sort: str, *, now: datetime) -> list[ReviewRow]:
    name = sort.lstrip("-")
    descending = sort.startswith("-")
    by_name = sorted(rows, key=lambda r: (r.unit.search_name, r.month))
    if name == BY_SUBMISSION:
        sent = [r for r in by_name if r.report and r.report.submitted_at]
        unsent = [r for r in by_name if not (r.report and r.report.submitted_at)]
        sent.sort(key=lambda r: r.report.submitted_at, reverse=descending)
        return sent + unsent  # the unsent last, either way
    if name == BY_LATENESS:
        # Stable sorts: among equally late rows, the names stay in order.
        return sorted(by_name, key=lambda r: _lateness(r, now), reverse=not descending)
    return by_name[::-1] if descending else by_name


def searched_rows(rows: list[ReviewRow], query: str) -> list[ReviewRow]:
    """The rows whose unit's name holds ``query``, diacritics and case ignored ("binh tri
    dong" finds "Bình Trị Đông"), or whose official code it is ("27457")."""
    folded = fold(query)
    if not folded:
        return rows
    return [r for r in rows if folded in r.unit.search_name or folded == r.unit.official_code]


def filtered_rows(rows: list[ReviewRow], form: ReviewFilterForm) -> list[ReviewRow]:
    return [
        row
        for row in searched_rows(rows, form.query)
        if (not form.state or row.state == form.state)
        and (not form.late or row.is_late)
        and (not form.returned or row.was_returned)
    ]


@dataclass
class SortLink:
    """A column header that sorts the table by it, or reverses the sort it already has."""

    label: str
    url: str  # a query string, "?..."
    direction: str = ""  # "ascending" or "descending" when the table is sorted by it


@dataclass
class StateCount:
    """How many rows (within the search) are in one state, as a link to show them."""

    slug: str
    label: str
    count: int
    url: str
    is_current: bool


@dataclass
class ReviewTable:
    """A review list as a page shows it: the filters, one page of rows, the counts."""

    form: ReviewFilterForm
    page: Page
    total: int  # rows before the search and the filters
    matched: int  # rows the search and the filters keep
    states: list[StateCount]  # what each state holds within the search ([] in the inbox)
    sort_links: dict[str, SortLink]  # sort key → its header's link
    clear_url: str  # the same list without the search and the filters
    query: str  # the query string without the page, for links that add to it
    common_due: datetime | None  # the due moment of most rows (the others were given more time)

    @property
    def rows(self) -> list[ReviewRow]:
        return self.page.object_list

    @property
    def has_tickable(self) -> bool:
        return any(row.is_read_as_it_stands for row in self.rows)


def query_with(query: QueryDict, **changes) -> str:
    """``query`` without its page number, with ``changes`` (an empty value removes it)."""
    kept = query.copy()
    kept.pop("page", None)
    for name, value in changes.items():
        kept.pop(name, None)
        if value:
            kept[name] = value
    return f"?{kept.urlencode()}"


#: the direction each sort reads in when first chosen (the most late first)
NATURAL_DIRECTION = {BY_NAME: "ascending", BY_SUBMISSION: "ascending", BY_LATENESS: "descending"}
REVERSED = {"ascending": "descending", "descending": "ascending"}


def review_table(
    rows: list[ReviewRow], query: QueryDict, *, now: datetime, with_states: bool, default_sort: str
) -> ReviewTable:
    """Filters, sorts and pages ``rows`` as the query string asks; counts those the search
    keeps by state, each count a link that shows them."""
    form = ReviewFilterForm(query, with_states=with_states, default_sort=default_sort)
    shown = sorted_rows(filtered_rows(rows, form), form.sort, now=now)
    searched = searched_rows(rows, form.query)
    states = []
    if with_states:
        counts = Counter(r.state for r in searched)
        unfiltered = {"trang-thai": "", "tre": "", "tra-lai": ""}
        states = [
            StateCount(
                slug,
                label,
                counts[slug],
                query_with(query, **{**unfiltered, "trang-thai": slug}),
                form.state == slug and not (form.late or form.returned),
            )
            for slug, label in STATE_LABELS.items()
        ]
        states.append(
            StateCount(
                "tre",
                _("Late or overdue"),
                sum(r.is_late for r in searched),
                query_with(query, **{**unfiltered, "tre": "on"}),
                form.late and not (form.state or form.returned),
            )
        )
    links = {}
    headers = (
        (BY_NAME, _("Unit")),
        (BY_SUBMISSION, _("Submitted at")),
        (BY_LATENESS, _("Timeliness")),
    )
    for key, label in headers:
        natural = NATURAL_DIRECTION[key]
        if form.sort == key:
            links[key] = SortLink(label, query_with(query, **{"sap-xep": f"-{key}"}), natural)
        elif form.sort == f"-{key}":
            links[key] = SortLink(label, query_with(query, **{"sap-xep": key}), REVERSED[natural])
        else:
            links[key] = SortLink(label, query_with(query, **{"sap-xep": key}))
    return ReviewTable(
        form=form,
        page=Paginator(shown, PAGE_SIZE).get_page(query.get("page")),
        total=len(rows),
        matched=len(shown),
        states=states,
        sort_links=links,
        clear_url=query_with(query, q="", **{"trang-thai": "", "tre": "", "tra-lai": ""}),
        query=query_with(query, **{"don-vi": ""})[1:],
        common_due=_most_common(r.timeliness.due_at for r in rows),
    )


def _most_common(values):
    counted = Counter(values).most_common(1)
    return counted[0][0] if counted else None
