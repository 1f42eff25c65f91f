"""Demo data: Thành Đoàn TP. Hồ Chí Minh with Bình Tân (10 wards) and Quận 12 (11 wards),
a registry of enterprises and boarding houses per ward, and demo accounts.

Every value is derived from the ward's name, never from a random draw, so running the
loader twice finds everything in place and changes nothing.
"""

import hashlib
from dataclasses import dataclass
from datetime import date
from functools import cache

from django.contrib.auth.hashers import make_password
from django.db import transaction

from . import services
from .models import Host, Unit, UnitKind, User
from .text import vietnamese_slug

DEMO_PASSWORD = "demo-password"


@dataclass(frozen=True)
class District:
    name: str
    account_slug: str  # canbo.<account_slug>, lanhdao.<account_slug>
    streets: tuple[str, ...]
    wards: tuple[str, ...]


CITY = "Thành Đoàn TP. Hồ Chí Minh"
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


@transaction.atomic
def load(*, with_accounts: bool) -> dict[str, int]:
    """Creates whatever of the demo is missing; returns how many rows each table holds."""
    kinds = _kinds()
    city = _unit(parent=None, kind=kinds["Thành Đoàn"], name=CITY, slug="tp-ho-chi-minh")
    if with_accounts:
        _account("lanhdao.thanhdoan", unit=city, role=User.Role.LEADERSHIP, position="Phó Bí thư")
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
