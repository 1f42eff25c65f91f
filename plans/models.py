"""Plan documents (Kế hoạch): what a standing committee issues, with enough of the official
document (header, legal bases, sections, committee, assignments, timeline, recipients,
signature) to print it again; its numbers live in ``targets``."""

from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents import text as document_text
from organizations.models import ScopedQuerySet, SearchableByName, Unit


class PlanQuerySet(ScopedQuerySet):
    unit_path_lookup = "issuing_unit__path"

    def visible_from(self, unit: Unit) -> "PlanQuerySet":
        """Plans issued in the unit's subtree, plus the issued plans of the unit directly
        above it: those give the unit its targets (read-only for its people)."""
        own = Q(issuing_unit__path__startswith=unit.path)
        if unit.parent_id is None:
            return self.filter(own)
        from_above = Q(issuing_unit_id=unit.parent_id) & ~Q(status=Plan.Status.DRAFT)
        return self.filter(own | from_above)


class Plan(SearchableByName):
    """A plan (Kế hoạch) issued by a unit's standing committee for a period."""

    search_fields = ("number", "title")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ISSUED = "issued", _("Issued")
        CLOSED = "closed", _("Closed")

    issuing_unit = models.ForeignKey(
        Unit, verbose_name=_("issuing unit"), on_delete=models.PROTECT, related_name="plans"
    )
    number = models.CharField(
        _("number"), max_length=100, blank=True, help_text=_("For example 105-KH/TĐTN-TCKT.")
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(1945), MaxValueValidator(2100)],
        help_text=_("Plan numbers restart every year: one number per unit and year."),
    )
    place = models.CharField(_("place of issue"), max_length=100, blank=True)
    issued_on = models.DateField(_("date of issue"), null=True, blank=True)
    upper_body = models.CharField(
        _("upper body"), max_length=200, blank=True, help_text=_("E.g. BCH ĐOÀN TP. HỒ CHÍ MINH")
    )
    issuing_body = models.CharField(
        _("issuing body"), max_length=200, help_text=_("E.g. BCH ĐOÀN QUẬN BÌNH TÂN")
    )
    title = models.CharField(_("title"), max_length=500)
    search_name = models.TextField(editable=False)
    starts_on = models.DateField(_("period start"))
    ends_on = models.DateField(_("period end"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    purposes = models.TextField(_("purposes"), blank=True)
    requirements = models.TextField(_("requirements"), blank=True)
    content = models.TextField(_("content"), blank=True)
    organisation = models.TextField(_("organisation of implementation"), blank=True)
    signing_on_behalf = models.CharField(
        _("signing on behalf of"),
        max_length=200,
        blank=True,
        help_text=_("E.g. TM. BAN THƯỜNG VỤ QUẬN ĐOÀN"),
    )
    signer_position = models.CharField(_("signer's position"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-issued_on", "-pk"]
        verbose_name = _("plan")
        verbose_name_plural = _("plans")
        constraints = [
            models.UniqueConstraint(
                fields=["issuing_unit", "year", "number"],
                condition=~Q(number=""),
                name="plan_number_unique_per_unit_and_year",
                violation_error_message=_(
                    "This unit already has a plan with this number in this year."
                ),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="plan_ends_after_it_starts",
                violation_error_message=_("The period cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}".strip() if self.number else self.title

    def get_absolute_url(self) -> str:
        return reverse("plans:detail", args=[self.pk])

    def is_managed_by(self, user) -> bool:
        """Staff of the issuing unit or of a unit above it manage the plan."""
        if not user.can_manage:
            return False
        return user.is_superuser or (
            user.unit_id is not None and self.issuing_unit.is_within(user.unit)
        )

    def can_be_edited_by(self, user) -> bool:
        """A closed plan is kept as it was; otherwise its managers may change it."""
        return self.status != self.Status.CLOSED and self.is_managed_by(user)

    @property
    def is_draft(self) -> bool:
        return self.status == self.Status.DRAFT

    def covers(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on


class PlanPart(models.Model):
    """A numbered line of a plan's document, kept in the plan's order."""

    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["order", "pk"]


class LegalBasis(PlanPart):
    """A document the plan is based on (Căn cứ …)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="legal_bases")
    kind = models.CharField(
        _("kind"),
        max_length=4,
        choices=document_text.KINDS.items(),
        blank=True,
        help_text=_("Leave empty to read it from the number (36-HD/… is a Hướng dẫn)."),
    )
    number = models.CharField(_("number"), max_length=100, blank=True)
    issued_on = models.DateField(_("date"), null=True, blank=True)
    issuer = models.CharField(_("issued by"), max_length=200, blank=True)
    description = models.CharField(_("about"), max_length=500, blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return self.number or self.description

    @property
    def sentence(self) -> str:
        """ "Căn cứ Hướng dẫn số 36-HD/TWĐTN-BTC ngày 20 tháng 02 năm 2024 của …"."""
        return document_text.basis_sentence(
            kind=self.kind or document_text.kind_of(self.number, self.description),
            number=self.number,
            issued_on=self.issued_on,
            issuer=self.issuer,
            about=self.description,
        )


class CommitteeMember(PlanPart):
    """A member of the plan's organising committee (Ban Tổ chức)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="committee")
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    role = models.CharField(_("role in the committee"), max_length=100, blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("committee member")
        verbose_name_plural = _("organising committee")

    def __str__(self) -> str:
        return self.name


class Assignment(PlanPart):
    """A task given to a department or unit (Phân công thực hiện), with its deadline."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="assignments")
    task = models.CharField(_("task"), max_length=1000)
    owner = models.CharField(
        _("owner"), max_length=200, help_text=_("A department (ban, mảng) or a unit.")
    )
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    class Meta(PlanPart.Meta):
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")

    def __str__(self) -> str:
        return self.task


class Milestone(PlanPart):
    """A step of the plan's timeline (Tiến độ thực hiện): a date, or a date and time,
    or only a month ("Tháng 10/2024: đánh giá")."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="milestones")
    on = models.DateField(_("date"))
    at = models.TimeField(_("time"), null=True, blank=True)
    month_only = models.BooleanField(_("the whole month"), default=False)
    step = models.CharField(_("step"), max_length=500)

    class Meta(PlanPart.Meta):
        ordering = ["on", "at", "order", "pk"]
        verbose_name = _("milestone")
        verbose_name_plural = _("timeline")

    def __str__(self) -> str:
        return self.step

    @property
    def when(self) -> str:
        if self.month_only:
            return f"Tháng {self.on:%m/%Y}"
        if self.at:
            return f"{self.at:%H:%M} {self.on:%d/%m/%Y}"
        return f"{self.on:%d/%m/%Y}"


#: Monday first, as ``date.weekday()`` counts.
WEEKDAYS = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")


class Activity(PlanPart):
    """An activity of the plan (hoạt động): what is held, when, where, by whom and for how
    many, at the issuing unit's own level ("Hoạt động cấp Quận") or at its base units'
    ("Hoạt động cấp cơ sở"), on a day or over a range of days."""

    class Level(models.TextChoices):
        OWN = "own", _("The issuing unit's own")
        CHILDREN = "children", _("The base units'")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="activities")
    title = models.CharField(_("activity"), max_length=1000)
    level = models.CharField(_("level"), max_length=10, choices=Level, default=Level.OWN)
    starts_on = models.DateField(_("date"))
    ends_on = models.DateField(
        _("until"), null=True, blank=True, help_text=_("For an activity over several days.")
    )
    starts_at = models.TimeField(_("time"), null=True, blank=True)
    venue = models.CharField(_("venue"), max_length=500, blank=True)
    owner_department = models.ForeignKey(
        "organizations.Department",
        verbose_name=_("department in charge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities",
    )
    owner_unit = models.ForeignKey(
        "organizations.Unit",
        verbose_name=_("unit in charge"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="activities_in_charge",
    )
    owner_note = models.CharField(
        _("with"),
        max_length=300,
        blank=True,
        help_text=_("Who else takes part in carrying it out, e.g. phối hợp 06 Đoàn cơ sở."),
    )
    participants = models.PositiveIntegerField(_("expected participants"), null=True, blank=True)
    participants_who = models.CharField(
        _("participants are"),
        max_length=200,
        blank=True,
        help_text=_("e.g. đoàn viên, thanh niên; cựu Thanh niên xung phong."),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta(PlanPart.Meta):
        ordering = ["order", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=F("starts_on")),
                name="activity_ends_after_it_starts",
                violation_error_message=_("An activity cannot end before it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def last_day(self):
        return self.ends_on or self.starts_on

    @property
    def when(self) -> str:
        """As the seeds write it: "23/03/2024", "18/03/2024 đến 24/03/2024", "07:30
        24/03/2024"."""
        day = f"{self.starts_on:%d/%m/%Y}"
        if self.ends_on and self.ends_on != self.starts_on:
            day = f"{day} đến {self.ends_on:%d/%m/%Y}"
        return f"{self.starts_at:%H:%M} {day}" if self.starts_at else day

    @property
    def when_in_full(self) -> str:
        """``when`` with the weekday of a single day, as the seeds print it: "23/03/2024
        (Thứ Bảy)"."""
        if self.ends_on and self.ends_on != self.starts_on:
            return self.when
        return f"{self.when} ({WEEKDAYS[self.starts_on.weekday()]})"

    @property
    def owner(self) -> str:
        """Who carries it out, as one line: the department or unit, then whoever helps."""
        parts = [str(o) for o in (self.owner_department, self.owner_unit) if o]
        text = ", ".join(parts)
        if self.owner_note:
            text = f"{text} {self.owner_note}" if text else self.owner_note
        return text


class Recipient(PlanPart):
    """A line of the plan's distribution list (Nơi nhận)."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    name = models.CharField(_("recipient"), max_length=300)

    class Meta(PlanPart.Meta):
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")

    def __str__(self) -> str:
        return self.name


class PlanImport(models.Model):
    """A plan read from a Word file (``plans.importing``): what the reader could not place,
    and the roadmap it proposes from the plan's sentences, kept until staff confirm it in
    the grids. A plan with a proposal not yet confirmed cannot be issued."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="word_import")
    file_name = models.CharField(_("file"), max_length=255)
    read_at = models.DateTimeField(_("read on"), auto_now_add=True)
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    #: What was read, part by part, for the review page ("legal_bases": 2, …).
    counts = models.JSONField(default=dict)
    #: Lines and numbers the reader could not place, in Vietnamese, as it found them.
    unread = models.JSONField(default=list)
    #: ``{"targets": [{metric, level, period, value, ref, sentences}], "shares": [{ref,
    #: period, is_minimum, sentence, values: {metric: value}, saved}]}``; metrics by code,
    #: periods by key ("2024-Q1"), values as text.
    proposal = models.JSONField(default=dict)
    roadmap_confirmed_at = models.DateTimeField(_("roadmap confirmed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan read from Word")
        verbose_name_plural = _("plans read from Word")

    def __str__(self) -> str:
        return self.file_name

    @property
    def proposed_targets(self) -> list[dict]:
        return self.proposal.get("targets", [])

    @property
    def proposed_shares(self) -> list[dict]:
        return self.proposal.get("shares", [])

    @property
    def roadmap_pending(self) -> bool:
        return bool(self.proposed_targets) and self.roadmap_confirmed_at is None

    @property
    def shares_pending(self) -> list[int]:
        return [i for i, share in enumerate(self.proposed_shares) if not share.get("saved")]

    @property
    def is_pending(self) -> bool:
        """Some of what the file proposes is neither confirmed nor set aside yet."""
        return self.roadmap_pending or bool(self.shares_pending)
