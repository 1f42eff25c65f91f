"""The official list (danh mục đơn vị hành chính) of the 34 provinces and centrally-run
cities and their 3,321 wards, communes and special zones since 1 July 2025, as the
statistics office publishes it (the ``vietnam-provinces`` package), and the unions that
stand for them: a Thành Đoàn or Tỉnh Đoàn at the top of its own tree, and one Đoàn
phường, Đoàn xã or Đoàn đặc khu per ward, commune or special zone below it.

``province_sync`` brings the tree in line with the list (``manage.py loadprovince``):
units are found by their official code, so a name changed in a newer list renames the
unit instead of adding another; a unit the office made by hand with exactly the official
name, where the list puts it, is adopted (given its code) rather than duplicated; every
other unit made by hand is left alone. Nothing is ever deleted or dissolved here.

The package is read in one place, ``official_provinces``; everything else takes the
plain ``OfficialProvince`` values it returns, so that a newer list can be fed in.
"""

import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction

from . import services
from .models import Unit, UnitKind
from .text import fold, vietnamese_slug

#: The day the two-level local government began (Nghị quyết 202/2025/QH15): the day the
#: unions of the new wards and provinces are taken to be founded, unless told otherwise.
REFORM_DAY = date(2025, 7, 1)

#: The unit kind of the union standing for each of the package's division types.
KIND_OF_DIVISION = {
    "thành phố trung ương": "Thành Đoàn",
    "tỉnh": "Tỉnh Đoàn",
    "phường": "Đoàn phường",
    "xã": "Đoàn xã",
    "đặc khu": "Đoàn đặc khu",
}
#: How the official names begin ("Thành phố Hà Nội", "Tỉnh Cao Bằng", "Đặc khu Côn Đảo").
PREFIX_OF_DIVISION = {
    "thành phố trung ương": "Thành phố",
    "tỉnh": "Tỉnh",
    "phường": "Phường",
    "xã": "Xã",
    "đặc khu": "Đặc khu",
}
#: Unions whose customary name is not "<kind> <place>": "Thành Đoàn Hồ Chí Minh" would
#: read as the man, not the city.
UNION_NAMES = {"79": "Thành Đoàn TP. Hồ Chí Minh"}

PROVINCE_CODE_DIGITS = 2
WARD_CODE_DIGITS = 5


@dataclass(frozen=True)
class Division:
    """One entry of the official list: a province or city (code "79"), or a ward,
    commune or special zone (code "27448"), as the statistics office names it."""

    code: str
    name: str
    division_type: str

    @property
    def place(self) -> str:
        """The name without its division type: "Phường Bình Trị Đông" → "Bình Trị Đông"."""
        prefix = PREFIX_OF_DIVISION.get(self.division_type, "")
        if prefix and self.name.casefold().startswith(prefix.casefold() + " "):
            return self.name[len(prefix) + 1 :].strip()
        return self.name

    @property
    def kind_name(self) -> str:
        return KIND_OF_DIVISION[self.division_type]

    @property
    def union_name(self) -> str:
        """The union standing for it: "Đoàn phường Bình Trị Đông", "Tỉnh Đoàn Cao Bằng"."""
        return UNION_NAMES.get(self.code) or f"{self.kind_name} {self.place}"


@dataclass(frozen=True)
class OfficialProvince(Division):
    wards: tuple[Division, ...] = ()


def province_code(value) -> str:
    """ "79", 79 or "079" → "79": the 2-digit form codes are stored in."""
    return f"{int(value):0{PROVINCE_CODE_DIGITS}d}"


def official_provinces(codes: Iterable | None = None) -> list[OfficialProvince]:
    """The official list as the installed ``vietnam-provinces`` package has it, every
    province (or those of ``codes``) with its wards, in code order."""
    from vietnam_provinces import Province, Ward

    wanted = {province_code(code) for code in codes} if codes is not None else None
    wards: dict[str, list[Division]] = {}
    for ward in Ward.iter_all():
        wards.setdefault(province_code(ward.province_code.value), []).append(
            Division(
                code=f"{ward.code.value:0{WARD_CODE_DIGITS}d}",
                name=ward.name,
                division_type=str(ward.division_type.value),
            )
        )
    provinces = []
    for province in Province.iter_all():
        code = province_code(province.code.value)
        if wanted is not None and code not in wanted:
            continue
        provinces.append(
            OfficialProvince(
                code=code,
                name=province.name,
                division_type=str(province.division_type.value),
                wards=tuple(sorted(wards.get(code, ()), key=lambda ward: ward.code)),
            )
        )
    return sorted(provinces, key=lambda province: province.code)


def find_province(name: str, provinces: list[OfficialProvince]) -> OfficialProvince | None:
    """The province called ``name``, with or without its division type and diacritics:
    "Thành phố Hồ Chí Minh", "TP. Hồ Chí Minh", "ho chi minh", "Tỉnh Cao Bằng"."""
    wanted = fold(name)
    for short in ("tp. ", "tp "):  # "TP. Hồ Chí Minh", as people write the city
        if wanted.startswith(short):
            wanted = "thanh pho " + wanted.removeprefix(short)
    for province in provinces:
        if wanted in (fold(province.name), fold(province.place), fold(province.union_name)):
            return province
    return None


@dataclass(frozen=True)
class Change:
    """One thing the sync does (or would do, in a dry run) to one unit."""

    action: str  # "create", "adopt", "rename", "move"
    code: str
    name: str
    before: str = ""  # the old name (rename), the old parent (move)
    parent: str = ""
    kinds: str = ""  # "Đoàn xã → Đoàn phường", when the kind changes too

    def __str__(self) -> str:
        where = f" (under {self.parent})" if self.parent else ""
        if self.action == "create":
            return f"create {self.code} {self.name}{where}"
        if self.action == "adopt":
            return f"adopt  {self.code} {self.name}{where}: given its official code"
        if self.action == "rename":
            kinds = f", kind {self.kinds}" if self.kinds else ""
            return f"rename {self.code} {self.before} → {self.name}{kinds}"
        return f"move   {self.code} {self.name}: from {self.before} to {self.parent}"


@dataclass
class SyncResult:
    """What ``province_sync`` did (or would do): the changes, the units left as they are
    although the list no longer names them, and how long it took."""

    changes: list[Change] = field(default_factory=list)
    unlisted: list[Unit] = field(default_factory=list)
    provinces: int = 0
    wards: int = 0
    seconds: float = 0.0

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)


def _kinds() -> dict[str, UnitKind]:
    kinds = {
        kind.name: kind for kind in UnitKind.objects.filter(name__in=KIND_OF_DIVISION.values())
    }
    missing = sorted(set(KIND_OF_DIVISION.values()) - kinds.keys())
    if missing:
        raise ImproperlyConfigured(
            f"The unit kinds {', '.join(missing)} are missing: add them in the admin "
            "(migrations 0002 and 0003 of organizations ship them)."
        )
    return kinds


def _slugs(wards: tuple[Division, ...], taken: set[str]) -> dict[str, str]:
    """Each ward's slug: its official name's ("phuong-binh-tri-dong"; the type keeps Phường
    Mỹ Tho and Xã Mỹ Thọ apart), with its code added where two wards of the province or a
    unit already there would share it ("xa-thanh-an-25807")."""
    wanted = {ward.code: vietnamese_slug(ward.name) for ward in wards}
    shared = Counter(wanted.values())
    return {
        code: slug if shared[slug] == 1 and slug not in taken else f"{slug}-{code}"
        for code, slug in wanted.items()
    }


class _Sync:
    """One run of ``province_sync``: reads what is there in a few queries, then works out
    (and, unless a dry run, writes) the changes province by province."""

    def __init__(self, *, founded_on: date, dry_run: bool):
        self.founded_on, self.dry_run = founded_on, dry_run
        self.kinds = _kinds()
        self.result = SyncResult()
        self.listed: set[str] = set()  # the wards' codes of the provinces synced
        self.seen: list[Unit] = []  # the coded units found under their unions
        coded = Unit.objects.exclude(official_code="").select_related("kind", "parent")
        self.by_code = {unit.official_code: unit for unit in coded}
        self.roots = {
            unit.name: unit
            for unit in Unit.objects.filter(parent=None, official_code="").select_related("kind")
        }
        self.root_slugs = set(Unit.objects.filter(parent=None).values_list("slug", flat=True))

    def note(self, action: str, division: Division, **words) -> None:
        self.result.changes.append(Change(action, division.code, division.union_name, **words))

    def _update(self, unit: Unit, division: Division, kind: UnitKind) -> None:
        """Gives a unit found by its code its current official name and kind."""
        if unit.name == division.union_name and unit.kind_id == kind.pk:
            return
        kinds = f"{unit.kind.name} → {kind.name}" if unit.kind_id != kind.pk else ""
        self.note("rename", division, before=unit.name, kinds=kinds)
        if not self.dry_run:
            unit.name, unit.kind = division.union_name, kind
            unit.save(update_fields=["name", "kind"])

    def _adopt(self, unit: Unit, division: Division, kind: UnitKind, parent: str) -> None:
        self.note("adopt", division, parent=parent)
        if not self.dry_run:
            unit.official_code, unit.kind = division.code, kind
            unit.save(update_fields=["official_code", "kind"])
            self.by_code[division.code] = unit

    def union(self, province: OfficialProvince) -> Unit | None:
        """The province's union, found, adopted or created; None in a dry run that would
        create it."""
        kind = self.kinds[province.kind_name]
        unit = self.by_code.get(province.code)
        if unit is not None:
            self._update(unit, province, kind)
            return unit
        unit = self.roots.get(province.union_name)
        if unit is not None:
            self._adopt(unit, province, kind, parent="")
            return unit
        self.note("create", province)
        if self.dry_run:
            return None
        slug = vietnamese_slug(province.place)
        if slug in self.root_slugs:
            slug = f"{slug}-{province.code}"
        unit = services.unit_create(
            parent=None,
            kind=kind,
            name=province.union_name,
            slug=slug,
            founded_on=self.founded_on,
            official_code=province.code,
        )
        self.by_code[province.code] = unit
        self.root_slugs.add(slug)
        return unit

    def wards(self, province: OfficialProvince, union: Unit | None) -> None:
        children = list(union.children.all()) if union is not None else []
        by_name = {unit.name: unit for unit in children if not unit.official_code}
        taken = {unit.slug for unit in children}
        slugs = _slugs(province.wards, taken)
        new = []
        for ward in province.wards:
            kind = self.kinds[ward.kind_name]
            unit = self.by_code.get(ward.code)
            if unit is not None:
                self._update(unit, ward, kind)
                if union is not None and not unit.is_within(union):
                    # The newer list puts the ward in another province.
                    self.note("move", ward, before=str(unit.parent), parent=union.name)
                    if not self.dry_run:
                        if unit.slug in taken:
                            unit.slug = f"{unit.slug}-{ward.code}"
                            unit.save(update_fields=["slug"])
                        services.unit_move(unit=unit, parent=union)
                        taken.add(unit.slug)
                continue
            unit = by_name.get(ward.union_name)
            if unit is not None:
                self._adopt(unit, ward, kind, parent=union.name)
                continue
            self.note("create", ward, parent=union.name if union else province.union_name)
            new.append(
                Unit(
                    parent=union,
                    kind=kind,
                    name=ward.union_name,
                    slug=slugs[ward.code],
                    official_code=ward.code,
                    founded_on=self.founded_on,
                )
            )
        if new and not self.dry_run:
            services.unit_bulk_create(units=new)
        self.listed |= {ward.code for ward in province.wards}
        self.seen += [unit for unit in children if unit.official_code]

    def run(self, provinces: Iterable[OfficialProvince]) -> SyncResult:
        started = time.perf_counter()
        for province in provinces:
            union = self.union(province)
            self.wards(province, union)
            self.result.provinces += 1
            self.result.wards += len(province.wards)
        self.result.unlisted = [unit for unit in self.seen if unit.official_code not in self.listed]
        self.result.seconds = time.perf_counter() - started
        return self.result


def province_sync(
    *,
    provinces: Iterable[OfficialProvince],
    founded_on: date = REFORM_DAY,
    dry_run: bool = False,
) -> SyncResult:
    """Brings the tree in line with the official list of ``provinces`` (see the module's
    docstring). With ``dry_run`` nothing is written: the result says what would change."""
    with transaction.atomic():
        result = _Sync(founded_on=founded_on, dry_run=dry_run).run(provinces)
        if dry_run:
            transaction.set_rollback(True)
    return result


def legacy_successors(province: str, district: str) -> dict[str, tuple[str, ...]]:
    """What became of the wards of a district ("Quận Bình Tân") of province ``province``
    ("79") before 1 July 2025, as the statistics
    office's conversion table has it: each old ward's place name (folded, as ``fold``
    gives it: "binh tri dong a") → the codes of the new wards it went into, one when it
    was merged whole, several when it was split."""
    from vietnam_provinces import Ward
    from vietnam_provinces.legacy import District
    from vietnam_provinces.legacy import Ward as LegacyWard

    found = [d for d in District.iter_by_province(int(province)) if fold(d.name) == fold(district)]
    if len(found) != 1:
        return {}
    successors = {}
    for old in LegacyWard.iter_by_district(found[0].code):
        place = Division(code="", name=old.name, division_type="phường").place
        successors[fold(place)] = tuple(
            f"{match.ward.code.value:0{WARD_CODE_DIGITS}d}"
            for match in Ward.search_from_legacy(code=old.code.value)
            if match.source_code == old.code.value
        )
    return successors
