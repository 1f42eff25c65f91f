"""Monthly reports (báo cáo tháng): each ward union, and the district itself, reports its
month to the unit above by a due moment; the unit above accepts the report or returns it.
"""

import uuid
from datetime import date, datetime, timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from config.history import HistoricalRecords
from organizations.models import Host, ScopedQuerySet, Unit, UnitKind
from targets.models import NON_NEGATIVE, Metric

from .schedule import due_moment


class ReportSchedule(models.Model):
    """How the units below ``unit`` report: monthly, by a day and time of the next month.
    A schedule attached to a plan overrides the unit's own for that plan's reports."""

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit reported to"),
        on_delete=models.CASCADE,
        related_name="report_schedules",
    )
    plan = models.OneToOneField(
        "plans.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="report_schedule",
    )
    due_day = models.PositiveSmallIntegerField(
        _("due day of the following month"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(31)],
    )
    due_time = models.TimeField(
        _("due time"), null=True, blank=True, help_text=_("Empty: the end of the day.")
    )

    class Meta:
        verbose_name = _("report schedule")
        verbose_name_plural = _("report schedules")
        constraints = [
            models.UniqueConstraint(
                fields=["unit"], condition=Q(plan__isnull=True), name="one_schedule_per_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.due_day}"

    def due_at(self, month: date, extended_to: datetime | None = None) -> datetime:
        return due_moment(
            month, due_day=self.due_day, due_time=self.due_time, extended_to=extended_to
        )


DEFAULT_SCHEDULE = ReportSchedule(due_day=10, due_time=None)


class Extension(models.Model):
    """More time for one unit's report of one month (gia hạn), granted with a reason."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="extensions"
    )
    month = models.DateField(_("month"))
    due_at = models.DateTimeField(_("new due moment"))
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"],
                name="one_extension_per_unit_and_month",
                violation_error_message=_("This unit already has an extension for this month."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="extension_month_is_first_day"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%m/%Y}"


class MonthlyReport(models.Model):
    """One unit's report of one month. Draft → submitted → accepted, or returned with a
    comment and submitted again; an accepted report is locked until staff reopen it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="reports"
    )
    month = models.DateField(_("month"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    difficulties = models.TextField(_("difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    next_month_plan = models.TextField(_("next month's plan"), blank=True)
    evidence_links = models.TextField(
        _("evidence links"), blank=True, help_text=_("One address per line.")
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at", "created_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-month", "unit__name"]
        verbose_name = _("monthly report")
        verbose_name_plural = _("monthly reports")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "month"],
                name="one_report_per_unit_and_month",
                violation_error_message=_("This unit already has a report for this month."),
            ),
            models.CheckConstraint(condition=Q(month__day=1), name="report_month_is_first_day"),
        ]
        indexes = [
            # The reports waiting for review (a reviewer's inbox: the subtree's submitted
            # reports, of every month) are a few among a country's years of reports.
            models.Index(
                fields=["unit"], condition=Q(status="submitted"), name="reports_waiting_by_unit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%m/%Y}"

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def is_editable_by_unit(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class ReportValue(models.Model):
    """A count typed in a report for one metric (e.g. 12 new đoàn viên)."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="values")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=12, decimal_places=2, validators=NON_NEGATIVE)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("reported figure")
        verbose_name_plural = _("reported figures")
        constraints = [
            models.UniqueConstraint(fields=["report", "metric"], name="one_value_per_metric"),
            models.CheckConstraint(condition=Q(value__gte=0), name="report_value_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.value}"


class FoundedBranch(models.Model):
    """A chi đoàn or chi hội founded in the month, by name, at a host. Accepted, it becomes
    a unit of the tree; it is counted once, in the month of its founding date."""

    report = models.ForeignKey(
        MonthlyReport, on_delete=models.CASCADE, related_name="founded_branches"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.ForeignKey(
        UnitKind,
        verbose_name=_("kind"),
        on_delete=models.PROTECT,
        limit_choices_to={"is_branch": True},
        related_name="+",
    )
    host = models.ForeignKey(
        Host,
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    new_host_name = models.CharField(_("new host"), max_length=255, blank=True)
    new_host_kind = models.CharField(
        _("kind of the new host"), max_length=20, choices=Host.Kind, blank=True
    )
    founded_on = models.DateField(_("founding date"))
    members = models.PositiveIntegerField(_("members at founding"))
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="foundings",
        help_text=_("The unit this line became (or joined) when the report was accepted."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["founded_on", "pk"]
        verbose_name = _("founded branch")
        verbose_name_plural = _("founded branches")
        constraints = [
            models.CheckConstraint(
                condition=Q(host__isnull=False) | ~Q(new_host_name=""),
                name="founded_branch_has_a_host",
                violation_error_message=_("Pick a host from the registry or name a new one."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


ALLOWED_ATTACHMENTS = {
    # extension: content types browsers send for it
    ".pdf": {"application/pdf"},
    ".jpg": {"image/jpeg"},
    ".jpeg": {"image/jpeg"},
    ".png": {"image/png"},
    ".docx": {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    ".xlsx": {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
}
MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024
MAX_ATTACHMENTS_PER_REPORT = 20


def attachment_path(instance, filename: str) -> str:
    return f"reports/{instance.report.unit_id}/{instance.report.month:%Y-%m}/{filename}"


class Attachment(models.Model):
    """A photo or document given as evidence with a report."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.original_name


def with_holdings(reports: models.QuerySet, *, files: bool = True) -> models.QuerySet:
    """``reports``, each saying whether it holds founding lines (``holds_lines``: any,
    registered or not) and, with ``files``, attachments (``holds_files``), in the same
    query: most months found nothing and attach nothing, and need not be asked for them."""
    holdings = {"holds_lines": _held_in(FoundedBranch)}
    if files:
        holdings["holds_files"] = _held_in(Attachment)
    return reports.annotate(**holdings)


def _held_in(model) -> RawSQL:
    """EXISTS (a row of ``model`` for the report), written out: every opening and post of
    the report form asks it, and Django's Exists builds a whole subquery each time (a
    third of the cheapest page's time in the view, with two of them)."""
    table, report = model._meta.db_table, model._meta.get_field("report").column
    reports = MonthlyReport._meta.db_table
    return RawSQL(
        f'EXISTS (SELECT 1 FROM "{table}" WHERE "{table}"."{report}" = "{reports}"."id")',
        (),
        output_field=models.BooleanField(),
    )


class ReviewEvent(models.Model):
    """What happened to a report and why: submitted, returned, accepted, reopened."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        RETURN = "return", _("Returned")
        ACCEPT = "accept", _("Accepted")
        REOPEN = "reopen", _("Reopened")

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%d/%m/%Y %H:%M}"


class ReportSeen(models.Model):
    """A reviewer opened a report's page, and the version they read there. Several reports
    may be accepted at once (duyệt nhiều báo cáo) only by someone who has read each of them
    as it now stands: a report resubmitted since is to be read again. One row per report
    and reviewer, moved on at each opening; not part of the report's history."""

    report = models.ForeignKey(MonthlyReport, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    version = models.PositiveIntegerField()
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("report read by a reviewer")
        verbose_name_plural = _("reports read by reviewers")
        constraints = [
            models.UniqueConstraint(fields=["report", "user"], name="one_seen_per_report_and_user"),
        ]

    def __str__(self) -> str:
        return f"{self.report} v{self.version}"


class ReminderSent(models.Model):
    """A reminder e-mail already sent, so that the daily job never sends it twice."""

    class Kind(models.TextChoices):
        BEFORE = "before", _("Before the due moment")
        OVERDUE = "overdue", _("The day after the due moment")

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    kind = models.CharField(max_length=10, choices=Kind)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "kind"], name="one_reminder_each"),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.month:%m/%Y} {self.kind}"


class ExportJobQuerySet(models.QuerySet):
    def for_user(self, user) -> "ExportJobQuerySet":
        """A file is its requester's alone: anyone else gets a 404."""
        return self.filter(requested_by=user) if user.is_authenticated else self.none()

    def pending(self) -> "ExportJobQuerySet":
        return self.filter(status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING])

    def stuck(self, *, now: datetime | None = None) -> "ExportJobQuerySet":
        """The files whose build has stopped: being built with no progress for
        ``EXPORT_STUCK_AFTER_MINUTES``, or still waiting although a worker took their task
        that long ago (it died before it began the file). Their worker died: killed,
        machine restarted. A file merely waiting for a worker is not stuck."""
        cutoff = (now or timezone.now()) - timedelta(minutes=settings.EXPORT_STUCK_AFTER_MINUTES)
        taken_long_ago = DBTaskResult.objects.running().filter(started_at__lt=cutoff)
        return self.filter(
            Q(status=ExportJob.Status.RUNNING, progressed_at__lt=cutoff)
            | Q(status=ExportJob.Status.QUEUED, task_id__in=taken_long_ago.values("id"))
        )


class ExportJob(models.Model):
    """A progress file too large to build within a request: built by the task worker
    (``manage.py db_worker``), its progress shown while it runs, kept for download."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for its turn")
        RUNNING = "running", _("Being built")
        DONE = "done", _("Ready to download")
        FAILED = "failed", _("Failed")

    class Format(models.TextChoices):
        XLSX = "xlsx", "Excel"
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="export_jobs"
    )
    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="+")
    format = models.CharField(max_length=4, choices=Format)
    #: the progress page's filters that decide the figures, as the valid form gave them
    #: (``ProgressFilterForm.saved``), e.g. {"ky": "quy", "quy": "2024-1", "don-vi": 12}:
    #: the same filters give the same figures
    filters = models.JSONField(default=dict, blank=True)
    #: the day it was asked for, the "today" of its figures
    as_of = models.DateField()
    status = models.CharField(max_length=10, choices=Status, default=Status.QUEUED)
    percent = models.PositiveSmallIntegerField(default=0)
    step = models.CharField(max_length=200, blank=True)
    filename = models.CharField(max_length=255, blank=True)
    # In the database, so a worker on another machine needs no shared disk.
    content = models.BinaryField(null=True, editable=False)
    requested_at = models.DateTimeField(auto_now_add=True)
    #: the last sign of life of its build: asked for, begun, each step; a build that has
    #: not moved for ``EXPORT_STUCK_AFTER_MINUTES`` is given up
    progressed_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    #: the task worker's row for it (django-tasks-db's ``DBTaskResult``)
    task_id = models.UUIDField(null=True, blank=True, editable=False)

    objects = ExportJobQuerySet.as_manager()

    class GivenUp(Exception):
        """The file is no longer being built (given up as stuck, or deleted): the build
        that was still at it stops, and keeps nothing."""

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("export")
        verbose_name_plural = _("exports")

    def __str__(self) -> str:
        return self.filename or f"{self.plan_id}.{self.format}"

    def get_absolute_url(self) -> str:
        return reverse("reports:export_detail", args=[self.pk])

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def progress_query(self) -> str:
        """The progress page's query string for the same filters."""
        return urlencode(
            {name: "on" if value is True else value for name, value in self.filters.items()}
        )

    def advance(self, percent: int, step: str) -> None:
        """Record how far the build has got, at once (outside any transaction), as a sign
        of life; raise ``GivenUp`` if the file was given up meanwhile."""
        moved = ExportJob.objects.filter(pk=self.pk, status=self.Status.RUNNING).update(
            percent=percent, step=step, progressed_at=timezone.now()
        )
        if not moved:
            raise ExportJob.GivenUp(self.pk)
        self.percent, self.step = percent, step


class Figure(models.Model):
    """What a unit did for a metric in a month, kept in step with the reports and the
    registry in the transaction that changes them (``reports.figures``), so that pages read
    figures instead of adding up every report below them.

    ``own_*`` is the unit's own (its reports, the branches founded right under it);
    ``all_*`` adds its whole subtree. ``*_accepted`` counts accepted reports and the
    registry's branches; ``*_pending`` reports submitted and not yet reviewed, with the
    founding lines they carry. ``rebuildfigures`` recomputes them from the reports."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    metric = models.ForeignKey(Metric, on_delete=models.CASCADE, related_name="+")
    month = models.DateField()
    own_accepted = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    all_accepted = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    own_pending = models.DecimalField(max_digits=16, decimal_places=2, default=0)
    all_pending = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["unit", "month", "metric"], name="one_figure_per_cell"),
        ]

    def __str__(self) -> str:
        return f"{self.unit_id} {self.metric_id} {self.month:%m/%Y}"


class Revision(models.Model):
    """One row, whose ``number`` changes with every write to what the pages show: database
    triggers (``reports.live``) set it, at random, in the writing statement's own
    transaction. Pages keep what they computed under the number they read before reading
    anything else, so a page kept is never one that misses a committed write."""

    number = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return str(self.number)


class PeriodReport(models.Model):
    """A unit's results report of a period (báo cáo sơ kết 6 tháng, tổng kết năm, or any
    range of months): what every plan it issued asked and got in the period, its base
    units' table, timeliness and founded branches, gathered from the figures, and the
    narrative its staff write from the base units' own words. Issued, it takes a number of
    the unit's register and keeps what it said that day (``issued_content``)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="period_reports"
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))
    title = models.CharField(_("title"), max_length=500)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, editable=False)
    highlights = models.TextField(_("main results"), blank=True)
    shortcomings = models.TextField(_("limitations and difficulties"), blank=True)
    proposals = models.TextField(_("proposals"), blank=True)
    directions = models.TextField(_("directions for the next period"), blank=True)
    signing_on_behalf = models.CharField(_("signing on behalf of"), max_length=200, blank=True)
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer"), max_length=200, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One a line."))
    number = models.CharField(_("number"), max_length=100, blank=True, editable=False)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True, editable=False)
    issued_content = models.JSONField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["-ends_on", "-pk"]
        verbose_name = _("period results report")
        verbose_name_plural = _("period results reports")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="period_report_ends_after_it_starts",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:period_detail", args=[self.pk])

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    @property
    def subtitle(self) -> str:
        """The line under "BÁO CÁO": the title without its first words."""
        rest = self.title.removeprefix("Báo cáo ")
        return rest[:1].upper() + rest[1:]
