"""The organisation tree (cây tổ chức), the hosts where branches live, and people.

The tree is stored twice on purpose: ``parent`` (what a person edits) and a materialised
``path`` of primary keys (what queries use), so a unit's whole subtree is one indexed
prefix match, ``path LIKE '00000001/00000007/%'``, whatever its depth or size.
"""

from datetime import date

from django.contrib.auth.models import AbstractUser, Permission
from django.contrib.auth.models import UserManager as DjangoUserManager
from django.db import models
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from documents import text as document_text

from .text import fold

PATH_STEP = 8  # digits per level: "00000012/" is unit 12


def path_segment(pk: int) -> str:
    return f"{pk:0{PATH_STEP}d}/"


def month_end(month: date) -> date:
    """The last day of ``month``'s month."""
    following = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


class ScopedQuerySet(models.QuerySet):
    """Rows that belong to a unit, narrowed to what a user may see: their unit's subtree.

    Views fetch every unit-owned object through ``for_user``; another unit's object is then
    simply not found (404) without the view having to remember a check.
    """

    #: the lookup from this model to the owning unit's ``path``
    unit_path_lookup = "unit__path"

    def for_user(self, user) -> "ScopedQuerySet":
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        if user.is_superuser:
            return self.all()
        if user.unit_id is None:
            return self.without_unit()
        return self.visible_from(user.unit)

    def visible_from(self, unit: "Unit") -> "ScopedQuerySet":
        """What a person of ``unit`` sees; most models: that unit's subtree."""
        return self.within(unit)

    def without_unit(self) -> "ScopedQuerySet":
        """What a signed-in person attached to no unit sees: nothing, by default."""
        return self.none()

    def within(self, unit: "Unit") -> "ScopedQuerySet":
        """Rows owned by ``unit`` or any unit below it."""
        return self.filter(**{f"{self.unit_path_lookup}__startswith": unit.path})


class SearchableByName(models.Model):
    """Keeps ``search_name``, the name folded to lower-case ASCII (see ``text.fold``), so that
    a search typed without diacritics is an indexed database filter on any backend."""

    search_name = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        abstract = True

    #: the fields whose text is searched
    search_fields = ("name",)

    def save(self, *args, **kwargs):
        # A derived search key, not a business rule: kept beside the text it folds.
        self.search_name = fold(" ".join(getattr(self, f) for f in self.search_fields))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(self.search_fields) & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "search_name"}
        super().save(*args, **kwargs)


class UnitKind(models.Model):
    """A kind of unit, i.e. a level of the tree as people name it (Thành Đoàn, Quận Đoàn,
    Đoàn phường, chi đoàn, chi hội…). Levels are data: a province whose communes report
    straight to it simply has no district kind in its branch of the tree."""

    class Organisation(models.TextChoices):
        DOAN = "doan", _("Youth Union (Đoàn)")
        HOI = "hoi", _("Youth Federation (Hội)")

    name = models.CharField(_("name"), max_length=100, unique=True)
    organisation = models.CharField(
        _("organisation"), max_length=8, choices=Organisation, default=Organisation.DOAN
    )
    is_branch = models.BooleanField(
        _("is a branch"),
        default=False,
        help_text=_("Chi đoàn and chi hội: the smallest units, founded at a host."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    level_name = models.CharField(
        _("level name"),
        max_length=50,
        blank=True,
        help_text=_("How pages name this level of the tree, e.g. Cấp Thành, Cấp Quận, Cấp cơ sở."),
    )
    unit_noun = models.CharField(
        _("what a unit of this kind is called"),
        max_length=50,
        blank=True,
        help_text=_("The common noun pages use for one unit of this kind, e.g. phường, quận."),
    )

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("unit kind")
        verbose_name_plural = _("unit kinds")

    def __str__(self) -> str:
        return self.name


class UnitQuerySet(ScopedQuerySet):
    unit_path_lookup = "path"

    def ancestors_of(self, unit: "Unit", include_self: bool = False) -> "UnitQuerySet":
        """The chain from the root down to ``unit``, in one query, root first."""
        ids = unit.ancestor_ids + ([unit.pk] if include_self else [])
        return self.filter(pk__in=ids).order_by("depth")

    def branches(self) -> "UnitQuerySet":
        return self.filter(kind__is_branch=True)

    def existing_on(self, day: date) -> "UnitQuerySet":
        """Units that exist on ``day``: founded by then (or founding date unknown) and not
        dissolved or merged yet. Current lists, inboxes and allocations show these."""
        return self.filter(
            Q(founded_on__isnull=True) | Q(founded_on__lte=day),
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day),
        )

    def current_on(self, day: date) -> "UnitQuerySet":
        """Units neither dissolved or merged by ``day`` nor below one that was (a dissolved
        ward's chi đoàn are not counted among the city's current units)."""
        gone_above = Unit.objects.filter(
            dissolved_on__lte=day, path=Substr(OuterRef("path"), 1, Length("path"))
        )
        return self.filter(~Exists(gone_above))

    def dissolved_by(self, day: date) -> "UnitQuerySet":
        """Units dissolved or merged on or before ``day``: gone from the current lists."""
        return self.filter(dissolved_on__lte=day)

    def owing_report_of(self, month: date) -> "UnitQuerySet":
        """Units that owe a report of ``month``: founded by its last day, and not dissolved
        by then (a unit dissolved on 01/07/2025 reports June, not July). A unit at the top
        of its tree (a city's or a province's union) reports to no one here."""
        return self.existing_on(month_end(month)).filter(parent__isnull=False)

    def existing_during(self, start: date, end: date) -> "UnitQuerySet":
        """Units that existed at some point from ``start`` to ``end``: founded by ``end``
        and not dissolved by ``start``. A plan of 2024 counts the wards dissolved in 2025;
        a plan of 2026 neither the district unions dissolved in 2025 nor their wards."""
        return self.filter(
            Q(founded_on__isnull=True) | Q(founded_on__lte=end),
            Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=start),
        )


class Unit(SearchableByName):
    """A unit of the organisation (đơn vị): a city or district union, a ward union,
    a chi đoàn or chi hội. Create and move units through ``organizations.services``,
    which keep ``path`` and ``depth`` in step with ``parent``."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    path = models.CharField(max_length=255, unique=True, editable=False)
    depth = models.PositiveSmallIntegerField(_("depth"), default=0, editable=False)
    kind = models.ForeignKey(
        UnitKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="units"
    )
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=200)
    host = models.ForeignKey(
        "Host",
        verbose_name=_("host"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
        help_text=_("Where a branch lives: an enterprise, a boarding house, an area."),
    )
    founded_on = models.DateField(_("founding date"), null=True, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    official_code = models.CharField(
        _("official code"),
        max_length=10,
        blank=True,
        help_text=_(
            "The statistics office's code of the province (2 digits, e.g. 79) or of the "
            "ward, commune or special zone (5 digits, e.g. 27457) this union stands for; "
            "set by loadprovince."
        ),
    )
    dissolved_on = models.DateField(
        _("dissolved or merged on"),
        null=True,
        blank=True,
        help_text=_("From this day the unit owes no report and leaves current lists."),
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("merged into"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
        help_text=_("The unit that took over this one's work when it was merged."),
    )

    # How its documents name and number it (documents.text makes each from the name when
    # left empty): "BCH ĐOÀN TP. HỒ CHÍ MINH" / "BCH ĐOÀN QUẬN BÌNH TÂN", "Bình Tân, ngày…",
    # "Số: 12-BC/ĐTN".
    document_upper = models.CharField(
        _("upper body's line"),
        max_length=200,
        blank=True,
        help_text=_(
            "The first line of its documents' header. Leave empty for the line of the unit "
            "above, e.g. BCH ĐOÀN TP. HỒ CHÍ MINH."
        ),
    )
    document_name = models.CharField(
        _("issuing body's line"),
        max_length=200,
        blank=True,
        help_text=_(
            "How its documents name it, e.g. BCH ĐOÀN QUẬN BÌNH TÂN. Leave empty to make it "
            "from the name."
        ),
    )
    locality = models.CharField(
        _("locality"),
        max_length=100,
        blank=True,
        help_text=_(
            "Where its documents are dated, e.g. Bình Tân or Quận 12. Leave empty to take it "
            "from the name."
        ),
    )
    document_symbol = models.CharField(
        _("symbol in its numbers"),
        max_length=50,
        blank=True,
        help_text=_(
            "What follows the kind in its documents' numbers: ĐTN gives 12-BC/ĐTN and "
            "05-KH/ĐTN. Leave empty for ĐTN (TĐTN for a union at the top of the tree)."
        ),
    )

    objects = UnitQuerySet.as_manager()

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "slug"],
                name="unit_slug_unique_among_siblings",
                violation_error_message=_("Its parent unit already has a unit with this name."),
            ),
            models.UniqueConstraint(
                fields=["slug"],
                condition=Q(parent__isnull=True),
                name="unit_root_slug_unique",
                violation_error_message=_("A top-level unit with this name already exists."),
            ),
            models.UniqueConstraint(
                fields=["official_code"],
                condition=~Q(official_code=""),
                name="unit_official_code_unique",
                violation_error_message=_("Another unit already stands for this official code."),
            ),
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gt=F("founded_on")),
                name="unit_dissolved_after_founded",
                violation_error_message=_("A unit is dissolved after it was founded."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:unit_detail", args=[self.pk])

    @property
    def ancestor_ids(self) -> list[int]:
        """Primary keys of the units above this one, root first (read off the path)."""
        return [int(step) for step in self.path.split("/")[:-2]]

    def is_within(self, other: "Unit") -> bool:
        """Whether this unit is ``other`` or lies below it."""
        return self.path.startswith(other.path)

    def exists_on(self, day: date) -> bool:
        """Founded by ``day`` (or founding date unknown) and not yet dissolved or merged."""
        founded = self.founded_on is None or self.founded_on <= day
        return founded and (self.dissolved_on is None or self.dissolved_on > day)

    @property
    def body_line(self) -> str:
        """Its line in a document's header: "BCH ĐOÀN QUẬN BÌNH TÂN"."""
        return self.document_name or document_text.body_line(self.name)

    @property
    def document_lines(self) -> list[str]:
        """The issuing body's lines of its documents, upper first (reads the parent)."""
        upper = self.document_upper or (self.parent.body_line if self.parent_id else "")
        return [line for line in (upper, self.body_line) if line]

    @property
    def place_name(self) -> str:
        """The place of its documents' place-date line: "Bình Tân"."""
        return self.locality or document_text.locality(self.name)

    @property
    def document_defaults(self) -> dict[str, str]:
        """What each of its document fields gives when left empty (its form shows them)."""
        return {
            "document_upper": self.parent.body_line if self.parent_id else "",
            "document_name": document_text.body_line(self.name),
            "locality": document_text.locality(self.name),
            "document_symbol": document_text.body_symbol(top=self.parent_id is None),
        }

    def number_symbol(self, kind: str) -> str:
        """What follows the serial in its numbers of ``kind``: "BC/ĐTN"."""
        symbol = self.document_symbol or document_text.body_symbol(top=self.parent_id is None)
        return f"{kind}/{symbol}"

    def owes_report_of(self, month: date) -> bool:
        """Same rule as ``UnitQuerySet.owing_report_of``, for one unit."""
        return self.parent_id is not None and self.exists_on(month_end(month))


class Department(models.Model):
    """A department of a unit's office (mảng, ban, văn phòng), e.g. "Mảng Tổ chức - Kiểm
    tra" of Quận Đoàn Bình Tân: who a plan's activities and tasks are given to."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="departments"
    )
    name = models.CharField(_("name"), max_length=200)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="department_name_unique_in_unit",
                violation_error_message=_("The unit already has a department of this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class HostQuerySet(ScopedQuerySet):
    def open_on(self, day: date) -> "HostQuerySet":
        return self.filter(Q(closed_on__isnull=True) | Q(closed_on__gt=day))


class Host(SearchableByName):
    """A place where branches live (nơi sinh hoạt): a non-state enterprise (doanh nghiệp
    ngoài nhà nước), a boarding house (khu nhà trọ), a residential area, a school.

    For enterprises the registry records since when they have a Party cell, a trade union,
    a Đoàn and a Hội organisation; coverage targets ("100 % of enterprises with more than
    500 workers have a Đoàn organisation") are computed from these dates at any day.
    """

    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Non-state enterprise")
        NON_PUBLIC_UNIT = "non_public_unit", _("Non-public service unit")
        BOARDING_HOUSE = "boarding_house", _("Boarding house")
        RESIDENTIAL_AREA = "residential_area", _("Residential area")
        SCHOOL = "school", _("School")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("managing unit"),
        on_delete=models.PROTECT,
        related_name="hosts",
        help_text=_("The ward (or other base union) in whose area it lies."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    name = models.CharField(_("name"), max_length=255)
    address = models.CharField(_("address"), max_length=255, blank=True)
    workers = models.PositiveIntegerField(
        _("workers"),
        null=True,
        blank=True,
        help_text=_("Workers employed (enterprises) or lodging (boarding houses)."),
    )
    party_cell_since = models.DateField(_("Party cell since"), null=True, blank=True)
    trade_union_since = models.DateField(_("trade union since"), null=True, blank=True)
    doan_since = models.DateField(_("Đoàn organisation since"), null=True, blank=True)
    hoi_since = models.DateField(_("Hội organisation since"), null=True, blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    objects = HostQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("host")
        verbose_name_plural = _("hosts")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="host_name_unique_per_unit",
                violation_error_message=_("This unit already has a host with this name."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organizations:host_detail", args=[self.pk])

    @staticmethod
    def _since(day_founded: date | None, day: date | None) -> bool:
        return day_founded is not None and (day is None or day_founded <= day)

    def has_doan(self, day: date | None = None) -> bool:
        return self._since(self.doan_since, day)

    def has_hoi(self, day: date | None = None) -> bool:
        return self._since(self.hoi_since, day)

    def has_party_cell(self, day: date | None = None) -> bool:
        return self._since(self.party_cell_since, day)

    def has_trade_union(self, day: date | None = None) -> bool:
        return self._since(self.trade_union_since, day)


class UserQuerySet(ScopedQuerySet):
    def within_powers_of(self, user) -> "UserQuerySet":
        """The people of ``user``'s subtree whose powers do not exceed theirs: what the
        admin shows an administrator. Left out: superusers (even one who carries a unit of
        the subtree) and anyone holding a permission ``user`` lacks, granted by a
        superuser directly or through a group. People above ``user`` are outside their
        subtree already."""
        people = self.for_user(user)
        if user.is_superuser:
            return people
        theirs = Permission.objects.filter(Q(user=user) | Q(group__user=user)).values("pk")
        beyond = Permission.objects.exclude(pk__in=theirs)
        return (
            people.filter(is_superuser=False)
            .exclude(user_permissions__in=beyond)
            .exclude(groups__permissions__in=beyond)
        )

    def writing_reports(self) -> "UserQuerySet":
        """The active people who write their unit's monthly reports (``User.can_report``):
        the ones told when a report is returned, accepted or given more time."""
        return self.filter(is_active=True, role__in=User.REPORTING_ROLES)


class UserManager(DjangoUserManager.from_queryset(UserQuerySet)):
    def get_queryset(self):
        # Every request reads user.unit (scoping, navigation): fetch it with the user.
        return super().get_queryset().select_related("unit", "unit__kind")


class User(AbstractUser):
    """A person who signs in. Belongs to one unit and holds one role there; sees that
    unit's subtree and nothing else."""

    class Role(models.TextChoices):
        STAFF = "staff", _("District staff")
        SECRETARY = "secretary", _("Ward secretary")
        LEADERSHIP = "leadership", _("Leadership")
        ADMINISTRATOR = "administrator", _("Administrator")

    unit = models.ForeignKey(
        Unit,
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    role = models.CharField(_("role"), max_length=20, choices=Role, default=Role.LEADERSHIP)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)

    REPORTING_ROLES = (Role.SECRETARY, Role.STAFF)

    objects = UserManager()

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                condition=Q(unit__isnull=False) | Q(is_superuser=True),
                name="user_has_unit_unless_superuser",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username

    @property
    def can_manage(self) -> bool:
        """Plans, targets, units and the registry of their subtree."""
        return self.is_superuser or self.role in (self.Role.STAFF, self.Role.ADMINISTRATOR)

    @property
    def can_review_reports(self) -> bool:
        return self.is_superuser or self.role == self.Role.STAFF

    @property
    def can_report(self) -> bool:
        """Writes the monthly reports of their own unit."""
        return self.role in self.REPORTING_ROLES

    @property
    def can_administer(self) -> bool:
        """Uses the Django admin, scoped to their subtree."""
        return self.is_superuser or (self.is_staff and self.role == self.Role.ADMINISTRATOR)

    def would_be_peer(self, *, person_pk: int | None, unit_id: int | None, role: str) -> bool:
        """Whether a person (``person_pk``; None for a new one) holding ``role`` at
        ``unit_id`` is another administrator of this user's own unit: a peer, appointed
        and managed from the unit above, never by this administrator."""
        return (
            not self.is_superuser
            and person_pk != self.pk
            and role == self.Role.ADMINISTRATOR
            and unit_id == self.unit_id
        )

    def manages(self, person: "User") -> bool:
        """Whether this administrator may change ``person``, set their password or delete
        them: themselves, or someone within their powers (``within_powers_of``) who is
        not their peer (``would_be_peer``). The admin shows the peers read only."""
        if self.is_superuser or person.pk == self.pk:
            return True
        if self.would_be_peer(person_pk=person.pk, unit_id=person.unit_id, role=person.role):
            return False
        return User.objects.within_powers_of(self).filter(pk=person.pk).exists()
