"""Demo data: Thành Đoàn TP. Hồ Chí Minh with Bình Tân (10 wards) and Quận 12 (11 wards),
a registry of enterprises and boarding houses per ward, and demo accounts; and, since
01/07/2025, the two worlds side by side: the district unions and their wards dissolved on
that day (their history kept), and the city's 168 wards, communes and special zone of the
official list (``provinces.province_sync``) straight under the same Thành Đoàn.

Every value is derived from the ward's name, never from a random draw, so running the
loader twice finds everything in place and changes nothing.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat

from . import provinces, services
from .models import Host, Unit, UnitKind, User
from .text import fold, vietnamese_slug

DEMO_PASSWORD = "demo-password"


@dataclass(frozen=True)
class District:
    name: str
    account_slug: str  # canbo.<account_slug>, lanhdao.<account_slug>
    streets: tuple[str, ...]
    wards: tuple[str, ...]
    official_name: str = ""  # the district of the statistics office's old list


CITY = "Thành Đoàn TP. Hồ Chí Minh"
CITY_CODE = "79"
# The district unions and their wards end with the districts: the day the two-level
# local government began.
DISSOLVED_ON = provinces.REFORM_DAY
DISTRICTS = (
    District(
        name="Quận Đoàn Bình Tân",
        account_slug="binhtan",
        streets=(
            "Tên Lửa",
            "Kinh Dương Vương",
            "Mã Lò",
            "Lê Văn Quới",
            "Hương lộ 2",
            "Tỉnh lộ 10",
            "Bình Long",
            "Lê Trọng Tấn",
            "An Dương Vương",
            "Hồ Học Lãm",
        ),
        wards=(
            "An Lạc",
            "An Lạc A",
            "Bình Hưng Hòa",
            "Bình Hưng Hòa A",
            "Bình Hưng Hòa B",
            "Bình Trị Đông",
            "Bình Trị Đông A",
            "Bình Trị Đông B",
            "Tân Tạo",
            "Tân Tạo A",
        ),
        official_name="Quận Bình Tân",
    ),
    District(
        name="Quận Đoàn 12",
        account_slug="quan12",
        streets=(
            "Hà Huy Giáp",
            "Lê Văn Khương",
            "Nguyễn Ảnh Thủ",
            "Tô Ký",
            "Quốc lộ 1A",
            "Lê Thị Riêng",
            "Trường Chinh",
            "Phan Văn Hớn",
            "Thạnh Xuân 25",
            "Tân Thới Nhất 8",
        ),
        wards=(
            "An Phú Đông",
            "Đông Hưng Thuận",
            "Hiệp Thành",
            "Tân Chánh Hiệp",
            "Tân Hưng Thuận",
            "Tân Thới Hiệp",
            "Tân Thới Nhất",
            "Thạnh Lộc",
            "Thạnh Xuân",
            "Thới An",
            "Trung Mỹ Tây",
        ),
        official_name="Quận 12",
    ),
)

INDUSTRIES = (
    "May mặc",
    "Giày da",
    "Nhựa",
    "Bao bì",
    "Thực phẩm",
    "Cơ khí",
    "Điện tử",
    "In ấn",
    "Gỗ nội thất",
    "Dệt",
    "Dược phẩm",
    "Logistics",
)
BRANDS = (
    "Phú Lâm",
    "Tân Hưng",
    "Việt Thắng",
    "An Khang",
    "Minh Long",
    "Thành Công",
    "Đại Phát",
    "Hưng Thịnh",
    "Kim Ngân",
    "Sao Việt",
    "Phước Lộc",
    "Bảo Minh",
    "Hoàng Gia",
    "Thiên Phú",
)
LANDLORDS = ("Cô Sáu", "Chú Tư", "Bà Năm", "Anh Ba", "Thanh Bình", "Hạnh Phúc", "Tâm An")
SURNAMES = ("Nguyễn", "Trần", "Lê", "Phạm", "Huỳnh", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ")
MIDDLE = ("Văn", "Thị", "Minh", "Ngọc", "Thanh", "Hoàng", "Quốc")
GIVEN = ("An", "Bình", "Châu", "Dũng", "Hà", "Khoa", "Linh", "Nam", "Phúc", "Quân", "Trang")

# Workers bands of seed 000: ≥500, 100–500, 10–300. One enterprise of each per ward.
ENTERPRISE_SIZES = ((600, 3200), (120, 480), (15, 95))


def _number(seed: str, low: int, high: int) -> int:
    """A stable number in [low, high] drawn from ``seed``."""
    digest = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    return low + digest % (high - low + 1)


def _pick(seed: str, choices: tuple[str, ...]) -> str:
    return choices[_number(seed, 0, len(choices) - 1)]


def _person(seed: str) -> str:
    return f"{_pick(seed + 's', SURNAMES)} {_pick(seed + 'm', MIDDLE)} {_pick(seed + 'g', GIVEN)}"


def _kinds() -> dict[str, UnitKind]:
    """The unit kinds every installation ships with (migration 0002_default_unit_kinds)."""
    return {kind.name: kind for kind in UnitKind.objects.all()}


def _unit(*, parent: Unit | None, kind: UnitKind, name: str, slug: str = "", **fields) -> Unit:
    existing = Unit.objects.filter(parent=parent, name=name).first()
    if existing:
        return existing
    return services.unit_create(parent=parent, kind=kind, name=name, slug=slug, **fields)


def _account(username: str, *, unit: Unit, role: str, position: str) -> None:
    # example.org is reserved for examples: nothing sent there reaches anyone. With DEBUG
    # the e-mails are printed in the console instead.
    email = f"{username}@example.org"
    if User.objects.filter(username=username).exists():
        # A demo user may have changed their password: leave them be, but give an account
        # loaded before the demo had addresses its address.
        User.objects.filter(username=username, email="").update(email=email)
        return
    user = services.user_create(
        username=username,
        password=None,
        unit=unit,
        role=role,
        full_name=_person(username),
        position=position,
        email=email,
    )
    # Hashing is slow by design; every demo account shares one hash of the one password.
    User.objects.filter(pk=user.pk).update(password=_demo_password_hash())


@cache
def _demo_password_hash() -> str:
    return make_password(DEMO_PASSWORD)


def _ward_registry(ward: Unit, ward_name: str, district: District, kinds: dict) -> None:
    """Three enterprises (one per size band) and two boarding houses, with the chi đoàn
    and chi hội that live at those which have a Đoàn or Hội organisation."""
    for band, (low, high) in enumerate(ENTERPRISE_SIZES):
        seed = f"{ward_name}/{band}"
        name = (
            f"Công ty TNHH {_pick(seed + 'i', INDUSTRIES)} {_pick(seed + 'b', BRANDS)} {ward_name}"
        )
        # Larger enterprises are likelier to have organisations already; not all do.
        has_doan = _number(seed + "d", 0, 9) < (7, 4, 2)[band]
        has_hoi = has_doan and _number(seed + "h", 0, 9) < 6
        year = _number(seed + "y", 2012, 2022)
        host, _ = Host.objects.get_or_create(
            unit=ward,
            name=name,
            defaults={
                "kind": Host.Kind.ENTERPRISE,
                "address": f"{_number(seed + 'n', 1, 899)} {_pick(seed + 'r', district.streets)}",
                "workers": _number(seed + "w", low, high),
                "trade_union_since": date(year - 1, 5, 1) if band < 2 else None,
                "party_cell_since": date(year + 1, 3, 3) if band == 0 and has_doan else None,
                "doan_since": date(year, 3, 26) if has_doan else None,
                "hoi_since": date(year + 1, 10, 15) if has_hoi else None,
            },
        )
        for kind, founded_on in (("Chi đoàn", host.doan_since), ("Chi hội", host.hoi_since)):
            if founded_on:
                _unit(
                    parent=ward,
                    kind=kinds[kind],
                    name=f"{kind} {name}",
                    host=host,
                    founded_on=founded_on,
                )
    for number in range(2):
        seed = f"{ward_name}/trọ/{number}"
        Host.objects.get_or_create(
            unit=ward,
            name=f"Khu nhà trọ {_pick(seed + 'l', LANDLORDS)} ({ward_name} {number + 1})",
            defaults={
                "kind": Host.Kind.BOARDING_HOUSE,
                "address": f"{_number(seed + 'n', 1, 499)} {_pick(seed + 'r', district.streets)}",
                "workers": _number(seed + "w", 40, 260),
            },
        )


def _dissolve(district: District, district_unit: Unit, wards: list[Unit], city_wards) -> None:
    """The district union and its wards end on 01/07/2025; a ward merged whole into one new
    ward (or split, one part keeping its name) names it as its successor, as the statistics
    office's conversion table says. A date set by hand is left as it is."""
    successors = provinces.legacy_successors(CITY_CODE, district.official_name)
    Unit.objects.filter(pk=district_unit.pk, dissolved_on=None).update(dissolved_on=DISSOLVED_ON)
    for ward in wards:
        place = ward.name.removeprefix("Đoàn phường ")
        codes = [code for code in successors.get(fold(place), ()) if code in city_wards]
        named_alike = [code for code in codes if fold(city_wards[code].name) == fold(ward.name)]
        successor = (
            city_wards[codes[0]]
            if len(codes) == 1
            else next((city_wards[code] for code in named_alike), None)
        )
        Unit.objects.filter(pk=ward.pk, dissolved_on=None).update(
            dissolved_on=DISSOLVED_ON, successor=successor
        )


def _secretaries(wards: list[Unit]) -> None:
    """``bithu.<slug>`` for each of the city's wards, in one insert: as ``_account`` makes
    them, with the one shared hash of the demo password."""
    usernames = {ward.pk: f"bithu.{ward.slug}" for ward in wards}
    existing = set(
        User.objects.filter(username__in=usernames.values()).values_list("username", flat=True)
    )
    User.objects.filter(username__in=existing, email="").update(
        email=Concat(F("username"), Value("@example.org"))
    )
    User.objects.bulk_create(
        User(
            username=username,
            password=_demo_password_hash(),
            unit=ward,
            role=User.Role.SECRETARY,
            full_name=_person(username),
            position=f"Bí thư {ward.name}",
            email=f"{username}@example.org",
        )
        for ward in wards
        if (username := usernames[ward.pk]) not in existing
    )


def _city_2026(city: Unit, *, with_accounts: bool) -> list[Unit]:
    """The city's wards, communes and special zone from 01/07/2025, from the official list;
    returns them in code order."""
    provinces.province_sync(provinces=provinces.official_provinces([CITY_CODE]))
    wards = list(
        city.children.exclude(official_code="").select_related("kind").order_by("official_code")
    )
    if with_accounts:
        _account(
            "canbo.thanhdoan",
            unit=city,
            role=User.Role.STAFF,
            position="Cán bộ Ban Tổ chức Thành Đoàn",
        )
        _account(
            "quantri.thanhdoan",
            unit=city,
            role=User.Role.ADMINISTRATOR,
            position="Cán bộ Văn phòng Thành Đoàn",
        )
        _secretaries(wards)
    return wards


@transaction.atomic
def load(*, with_accounts: bool) -> dict[str, int]:
    """Creates whatever of the demo is missing; returns how many rows each table holds."""
    kinds = _kinds()
    city = _unit(parent=None, kind=kinds["Thành Đoàn"], name=CITY, slug="tp-ho-chi-minh")
    if with_accounts:
        _account("lanhdao.thanhdoan", unit=city, role=User.Role.LEADERSHIP, position="Phó Bí thư")
    city_wards = {
        ward.official_code: ward for ward in _city_2026(city, with_accounts=with_accounts)
    }
    for district in DISTRICTS:
        district_unit = _unit(
            parent=city,
            kind=kinds["Quận Đoàn"],
            name=district.name,
            slug=district.account_slug,
        )
        wards = []
        for ward_name in district.wards:
            ward = _unit(
                parent=district_unit,
                kind=kinds["Đoàn phường"],
                name=f"Đoàn phường {ward_name}",
                slug=vietnamese_slug(ward_name),
            )
            wards.append(ward)
            _ward_registry(ward, ward_name, district, kinds)
        _dissolve(district, district_unit, wards, city_wards)
        if not with_accounts:
            continue
        slug = district.account_slug
        _account(
            f"canbo.{slug}",
            unit=district_unit,
            role=User.Role.STAFF,
            position="Cán bộ Ban Tổ chức – Kiểm tra",
        )
        _account(
            f"lanhdao.{slug}",
            unit=district_unit,
            role=User.Role.LEADERSHIP,
            position="Bí thư Quận Đoàn",
        )
        _account(
            f"quantri.{slug}",
            unit=district_unit,
            role=User.Role.ADMINISTRATOR,
            position="Cán bộ Văn phòng",
        )
        for ward in wards:
            _account(
                f"bithu.{ward.slug}",
                unit=ward,
                role=User.Role.SECRETARY,
                position=f"Bí thư {ward.name}",
            )
    return {
        "units": Unit.objects.count(),
        "hosts": Host.objects.count(),
        "users": User.objects.count(),
    }
