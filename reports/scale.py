"""Data at the size of a city or of the country, for measuring (``manage.py seed_scale``).

``build(wards=300, provinces=1, years=3, seed=1)`` makes ``provinces`` unions at the top of
their own trees, each a province or city of the official list (Hồ Chí Minh City first),
with the wards, communes and special zones below it named from that province's list
(cycled, numbered, when more are asked than the province has), their staff, leadership and
secretaries, a plan a year for each union (its wards' shares of chi đoàn, chi hội and new
đoàn viên, allocated to every ward, and the quarters' roadmap adding up to them), and every
ward's monthly reports from January of the first year to last month, in every state.

The reports are the city demo's stories (``reports.city_demo``): each ward keeps a pace of
its own, drawn from a hash of the seed and its place in the list, and each report is played
into rows as the services would have written them (versions, history, review events,
notifications, founded branches registered as units). Nothing is random: the same
arguments on an empty database give the same rows. Units, plans and accounts go through
the services (``unit_bulk_create``, ``plan_create``, ``roadmap_save``,
``allocation_set_save``, ``plan_transition``); accounts have no usable password.
"""

import time
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db import transaction
from django.utils import timezone

from organizations import services as unit_services
from organizations.models import Unit, UnitKind, User
from organizations.provinces import OfficialProvince, official_provinces
from organizations.text import vietnamese_slug
from plans import services as plan_services
from plans.demo import share_out
from plans.models import Plan
from targets.models import Metric

from . import city_demo
from .models import MonthlyReport, ReportSchedule
from .schedule import next_month

HCM = "79"
METRICS = ("new-chi-doan", "new-chi-hoi", "new-doan-vien")


@dataclass
class Built:
    unions: list[Unit] = field(default_factory=list)
    wards: int = 0
    plans: int = 0
    reports: int = 0
    seconds: float = 0.0
    by_status: dict[str, int] = field(default_factory=dict)


def add_size_arguments(parser) -> None:
    """``--wards``, ``--provinces``, ``--years`` and ``--seed``, for ``seed_scale`` and the
    scripts of ``bench/`` that build or read its data."""
    parser.add_argument("--wards", type=int, default=300, help="Wards in all (300).")
    parser.add_argument("--provinces", type=int, default=1, help="Provinces (1, at most 34).")
    parser.add_argument("--years", type=int, default=3, help="Years of reports (3).")
    parser.add_argument(
        "--seed",
        type=int,
        default=1,
        help="Tells one data set from another in the same database; sets the wards' paces.",
    )


def marker(seed: int) -> str:
    """What tells this seed's units apart from any other's (and from the demo's)."""
    return f"quy mô {seed}"


def chosen_provinces(count: int) -> list[OfficialProvince]:
    """Hồ Chí Minh City first, then the others in code order, ``count`` of them (34 at most)."""
    provinces = official_provinces()
    provinces.sort(key=lambda p: (p.code != HCM, p.code))
    if not 1 <= count <= len(provinces):
        raise ValueError(f"Between 1 and {len(provinces)} provinces, not {count}.")
    return provinces[:count]


def _shares(total: int, parts: int) -> list[int]:
    """``total`` split into ``parts`` counts that differ by one at most, the larger first."""
    return [total // parts + (1 if i < total % parts else 0) for i in range(parts)]


def _people(users: list[User]) -> list[User]:
    for user in users:
        user.set_unusable_password()
    return User.objects.bulk_create(users, batch_size=1000)


def _plan(union: Unit, wards: list[Unit], year: int, metrics: dict[str, Metric]) -> Plan:
    """The union's plan of ``year``: each ward's share for the year (as the city plan of
    2026 gives it, by the ward's kind), allocated to every ward, and the quarters."""
    plan = plan_services.plan_create(
        user=None,
        issuing_unit=union,
        number=f"{year % 100:02d}-KH/ĐTN",
        year=year,
        place=union.name,
        issued_on=date(year, 1, 15),
        issuing_body=f"BCH {union.name.upper()}",
        title=f"Kế hoạch xây dựng tổ chức Đoàn, Hội trong doanh nghiệp năm {year}",
        starts_on=date(year, 1, 1),
        ends_on=date(year, 12, 31),
    )
    share_out(plan, wards, year=year, metrics=metrics)
    return plan_services.plan_transition(plan=plan, action="issue")


def months_between(first_year: int, now: datetime) -> list[date]:
    """January of ``first_year`` to the month before ``now``'s."""
    last = timezone.localdate(now).replace(day=1)
    months, month = [], date(first_year, 1, 1)
    while month < last:
        months.append(month)
        month = next_month(month)
    return months


@transaction.atomic
def build(
    *, wards: int, provinces: int = 1, years: int = 3, seed: int = 1, now: datetime | None = None
) -> Built:
    """Writes the tree, its plans and its reports (see the module's docstring)."""
    started = time.monotonic()
    now = now or timezone.now()
    if wards < provinces:
        raise ValueError("At least one ward per province.")
    if not 1 <= years <= 10:
        raise ValueError("Between 1 and 10 years.")
    tag = marker(seed)
    if Unit.objects.filter(parent=None, name__endswith=f"({tag})").exists():
        raise ValueError(f"The data of seed {seed} is in this database already.")
    kinds = {kind.name: kind for kind in UnitKind.objects.all()}
    metrics = {m.code: m for m in Metric.objects.filter(owner_unit__isnull=True, code__in=METRICS)}
    chosen = chosen_provinces(provinces)
    unions = unit_services.unit_bulk_create(
        units=[
            Unit(
                kind=kinds[p.kind_name],
                name=f"{p.union_name} ({tag})",
                slug=f"{vietnamese_slug(p.union_name)}-quy-mo-{seed}",
            )
            for p in chosen
        ]
    )
    built = Built(unions=unions)
    below: dict[int, list[Unit]] = {}
    codes: dict[int, str] = {}  # a ward's seed for its stories
    for union, province, count in zip(unions, chosen, _shares(wards, provinces), strict=True):
        listed = province.wards or ()
        units, slugs = [], set()
        for n in range(count):
            division = listed[n % len(listed)]
            again = n // len(listed)
            name = division.union_name + (f" {again + 1}" if again else "")
            slug = vietnamese_slug(name)
            if slug in slugs:  # two communes of one spelling (Xã Thạnh An, twice)
                slug = f"{slug}-{division.code}"
            slugs.add(slug)
            units.append(Unit(parent=union, kind=kinds[division.kind_name], name=name, slug=slug))
        below[union.pk] = unit_services.unit_bulk_create(units=units)
        for n, unit in enumerate(below[union.pk]):
            codes[unit.pk] = f"{seed}/{province.code}/{n}"
    built.wards = sum(len(units) for units in below.values())

    staff = {}
    for union in unions:
        slug = union.slug
        staff[union.pk], _leader = _people(
            [
                User(username=f"canbo.{slug}", unit=union, role=User.Role.STAFF),
                User(username=f"lanhdao.{slug}", unit=union, role=User.Role.LEADERSHIP),
            ]
        )
    secretaries = {
        user.unit_id: user
        for user in _people(
            [
                User(username=f"bithu.{union.slug}.{n}", unit=ward, role=User.Role.SECRETARY)
                for union in unions
                for n, ward in enumerate(below[union.pk])
            ]
        )
    }
    first_year = timezone.localdate(now).year - years + 1
    for union in unions:
        schedule = ReportSchedule.objects.create(
            unit=union, plan=None, due_day=city_demo.DUE_DAY, due_time=city_demo.DUE_TIME
        )
        for year in range(first_year, first_year + years):
            _plan(union, below[union.pk], year, metrics)
            built.plans += 1
        months = months_between(first_year, now)
        for ward in below[union.pk]:
            ward.official_code = codes[ward.pk]  # the stories' seed, in memory only
        told = city_demo.stories(below[union.pk], months, now=now, schedule=schedule, extensions={})
        city_demo.play(told, staff=staff[union.pk], secretaries=secretaries)
        for ward in below[union.pk]:
            ward.official_code = ""
    reports = MonthlyReport.objects.filter(unit__parent__in=unions)
    built.reports = reports.count()
    built.by_status = {
        status: reports.filter(status=status).count() for status in MonthlyReport.Status.values
    }
    built.seconds = time.monotonic() - started
    return built
