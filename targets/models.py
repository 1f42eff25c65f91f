"""What plans count (the metric catalogue) and each plan's roadmap of targets (lộ trình
chỉ tiêu): targets per period and level, allocations to child units, and revisions."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from organizations.models import ScopedQuerySet, Unit, UnitKind

from .periods import Kind, Period

PERIOD_KINDS = [
    (Kind.YEAR, _("Year")),
    (Kind.QUARTER, _("Quarter")),
    (Kind.MONTH, _("Month")),
]
NON_NEGATIVE = [MinValueValidator(Decimal(0))]
# How precisely a metric's numbers are typed and shown: never more than one decimal.
DECIMAL_PLACES = [(0, _("Whole numbers")), (1, _("One decimal"))]


class MetricQuerySet(ScopedQuerySet):
    def visible_from(self, unit: Unit) -> "MetricQuerySet":
        """The shipped catalogue, the metrics of the unit's subtree, and those of the units
        above (a ward reports on the metrics its district defined)."""
        return self.filter(
            Q(owner_unit__isnull=True)
            | Q(owner_unit__path__startswith=unit.path)
            | Q(owner_unit_id__in=unit.ancestor_ids)
        )

    def without_unit(self) -> "MetricQuerySet":
        return self.filter(owner_unit__isnull=True)


class Metric(models.Model):
    """Something a plan counts (chỉ tiêu): new chi đoàn, new đoàn viên, training classes,
    programmes held, the share of large enterprises with a Đoàn organisation…

    ``source`` says where its actual comes from: counts typed in monthly reports; the
    registry's branches, counted by founding date; or a coverage ratio over the registry
    of hosts at a date (not additive: such targets are never summed). ``decimal_places``
    says how its figures are typed: counts in whole numbers, shares with one decimal.
    """

    class Source(models.TextChoices):
        REPORTED = "reported", _("Counts typed in monthly reports")
        FOUNDINGS = "foundings", _("Branches founded, from the registry")
        COVERAGE = "coverage", _("Coverage of the registry at a date")

    class Requirement(models.TextChoices):
        DOAN = "doan", _("a Đoàn organisation")
        HOI = "hoi", _("a Hội organisation")
        DOAN_AND_HOI = "doan_and_hoi", _("both a Đoàn and a Hội organisation")

    code = models.SlugField(_("code"), max_length=60, unique=True)
    name = models.CharField(_("name"), max_length=200)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=50)
    source = models.CharField(_("source of the actual"), max_length=20, choices=Source)
    description = models.TextField(_("description"), blank=True)
    founded_organisation = models.CharField(
        _("branches counted"),
        max_length=8,
        choices=UnitKind.Organisation,
        blank=True,
        help_text=_("For founded branches: chi đoàn (Đoàn) or chi hội (Hội)."),
    )
    coverage_min_workers = models.PositiveIntegerField(
        _("hosts with at least this many workers"), null=True, blank=True
    )
    coverage_requires = models.CharField(
        _("share of those that have"), max_length=20, choices=Requirement, blank=True
    )
    owner_unit = models.ForeignKey(
        Unit,
        verbose_name=_("defined by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="metrics",
        help_text=_("Empty for the catalogue that ships with the app."),
    )
    decimal_places = models.PositiveSmallIntegerField(
        _("decimals"),
        choices=DECIMAL_PLACES,
        default=0,
        help_text=_(
            "Counts (chi đoàn, đoàn viên, classes) take whole numbers; a share or an "
            "average may take one decimal (35,5)."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    objects = MetricQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("metric")
        verbose_name_plural = _("metrics")
        constraints = [
            models.CheckConstraint(
                condition=~Q(source="foundings") | ~Q(founded_organisation=""),
                name="metric_foundings_name_what_they_count",
                violation_error_message=_("Say whether chi đoàn or chi hội are counted."),
            ),
            models.CheckConstraint(
                condition=~Q(source="coverage") | ~Q(coverage_requires=""),
                name="metric_coverage_names_its_requirement",
                violation_error_message=_("Say what the covered hosts must have."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_additive(self) -> bool:
        """Counts add up over periods and units; a percentage does not."""
        return self.source != self.Source.COVERAGE


class RoadmapVersionQuerySet(models.QuerySet):
    def current(self) -> "RoadmapVersion | None":
        """The version in force: the latest revision, or the original."""
        return self.order_by("-number").first()


class RoadmapVersion(models.Model):
    """One version of a plan's roadmap. Version 1 is the original; a revision of an
    issued plan (kế hoạch điều chỉnh) adds a version and leaves the earlier ones intact."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="roadmap_versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    reason = models.CharField(_("reason for the revision"), max_length=500, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("changed by"),
    )
    created_at = models.DateTimeField(_("changed on"), auto_now_add=True)

    objects = RoadmapVersionQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("roadmap version")
        verbose_name_plural = _("roadmap versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="roadmap_version_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    @property
    def is_original(self) -> bool:
        return self.number == 1


class PeriodFields(models.Model):
    period_kind = models.CharField(_("period"), max_length=10, choices=PERIOD_KINDS)
    period_start = models.DateField(_("period start"))

    class Meta:
        abstract = True

    @property
    def period(self) -> Period:
        return Period(self.period_start, self.period_kind)


class Target(PeriodFields):
    """One number of the roadmap: a metric, for a period, at a level.

    Levels: the whole plan (issuing unit and its child units together), the issuing
    unit itself (e.g. cấp Quận), or its child units together (e.g. cấp Phường). A target
    is either per period (what is done within that period) or cumulative (everything
    done from the plan's start to the end of that period); the page says which.
    """

    class Level(models.TextChoices):
        TOTAL = "total", _("In total")
        OWN = "own", _("The issuing unit itself")
        CHILDREN = "children", _("Its child units together")

    version = models.ForeignKey(RoadmapVersion, on_delete=models.CASCADE, related_name="targets")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="targets")
    level = models.CharField(_("level"), max_length=10, choices=Level)
    value = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE
    )
    is_cumulative = models.BooleanField(_("cumulative"), default=False)
    source_ref = models.CharField(
        _("where in the plan"), max_length=100, blank=True, help_text=_("E.g. Mục II.4.1")
    )

    class Meta:
        ordering = ["metric__order", "metric_id", "period_start", "period_kind", "level"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "metric", "level", "period_kind", "period_start"],
                name="target_unique_per_cell",
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.metric}: {self.value} ({self.period})"


class AllocationSet(PeriodFields):
    """A share-out of targets to child units (giao chỉ tiêu cho từng đơn vị) as one
    section of the plan states it, e.g. "each ward, within the year, at least 2 chi đoàn".
    Allocations count cumulatively up to the end of the set's period."""

    version = models.ForeignKey(
        RoadmapVersion, on_delete=models.CASCADE, related_name="allocation_sets"
    )
    source_ref = models.CharField(
        _("where in the plan"), max_length=100, help_text=_("E.g. Mục II.4.3")
    )
    is_minimum = models.BooleanField(
        _("minimums"),
        default=True,
        help_text=_("Each unit must reach at least its number (ít nhất); otherwise exactly."),
    )
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        ordering = ["period_start", "period_kind", "source_ref", "pk"]
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "source_ref", "period_kind", "period_start"],
                name="allocation_set_unique",
                violation_error_message=_(
                    "This section already allocates targets for this period."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.source_ref} ({self.period})"


class Allocation(models.Model):
    """One child unit's number for one metric within an allocation set."""

    allocation_set = models.ForeignKey(
        AllocationSet, on_delete=models.CASCADE, related_name="allocations"
    )
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="allocations")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="allocations")
    value = models.DecimalField(
        _("allocated"), max_digits=12, decimal_places=2, validators=NON_NEGATIVE
    )

    class Meta:
        ordering = ["unit__name", "metric__order"]
        verbose_name = _("allocated target")
        verbose_name_plural = _("allocated targets")
        constraints = [
            models.UniqueConstraint(
                fields=["allocation_set", "metric", "unit"], name="allocation_unique_per_cell"
            ),
            models.CheckConstraint(condition=Q(value__gte=0), name="allocation_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.unit}: {self.metric} {self.value}"
