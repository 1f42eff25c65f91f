"""How the Đoàn writes the parts of its documents (Hướng dẫn thể thức văn bản của Đoàn,
as the seeds apply it). Pure functions of names and dates: no database here."""

import re
from collections.abc import Iterable
from datetime import date, timedelta

# Documents' kinds by their symbol in a number ("269-KH/QU" is a Kế hoạch). The names print
# in documents, which are Vietnamese whatever the interface's language.
KINDS = {
    "NQ": "Nghị quyết",
    "KH": "Kế hoạch",
    "HD": "Hướng dẫn",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "TB": "Thông báo",
    "QĐ": "Quyết định",
    "CTr": "Chương trình",
    "BC": "Báo cáo",
    "CV": "Công văn",
}
PLAN, REPORT = "KH", "BC"  # the kinds the app numbers

_KIND_IN_NUMBER = re.compile(r"^\s*\d+\s*[-/]\s*([A-Za-zĐđ]+)")


def kind_of_number(number: str) -> str:
    """The kind a document's number says: "36-HD/TWĐTN-BTC" → "HD", "1431/QĐ-UBND" →
    "QĐ"; "" when the number names none the Đoàn uses."""
    found = _KIND_IN_NUMBER.match(number or "")
    if not found:
        return ""
    symbol = found.group(1)
    return next((kind for kind in KINDS if kind.upper() == symbol.upper()), "")


def kind_of(number: str, about: str = "") -> str:
    """A legal basis's kind: the one its number says, else the one its text starts with
    ("Nghị quyết Đại hội Đại biểu…" is a Nghị quyết); "" when neither says."""
    if kind := kind_of_number(number):
        return kind
    folded = (about or "").strip().casefold()
    return next((kind for kind, name in KINDS.items() if folded.startswith(name.casefold())), "")


def basis_sentence(*, kind: str, number: str, issued_on, issuer: str, about: str) -> str:
    """A legal basis as seed 000 writes it: "Căn cứ Kế hoạch số 269-KH/QU ngày 15 tháng 3
    năm 2024 của Ban Thường vụ Quận ủy về việc …"; one without a number names itself
    first ("Căn cứ Nghị quyết Đại hội … ngày …"). The issuer is not repeated when the text
    already names it, nor the kind when the text starts with it."""
    name = KINDS.get(kind, "")
    about = about.rstrip(" ;.,")
    words = ["Căn cứ"]
    if number:
        words += [name or "văn bản", "số", number]
    else:
        if name and not about.casefold().startswith(name.casefold()):
            words.append(name)
        words += [about] if about else []
    if issued_on:
        words.append(official_date(issued_on))
    if issuer and issuer.casefold() not in about.casefold():
        words += ["của", issuer]
    if number and about:
        words.append(about)
    return " ".join(words)


def serial_of_number(number: str) -> int | None:
    """The serial a number starts with ("12-BC/ĐTN" → 12), if it starts with one."""
    found = re.match(r"^\s*(\d{1,6})(?!\d)", number or "")
    return int(found.group(1)) if found else None


def official_date(day: date | None, *, year: int | None = None) -> str:
    """ "ngày 15 tháng 3 năm 2024", "ngày 07 tháng 02 năm 2024": days before the 10th and
    the months January and February take a leading zero, as the Đoàn's rules (and Decree
    30/2020) write them; no day yet gives "ngày … tháng … năm 2024"."""
    if day is None:
        return f"ngày … tháng … năm {year}" if year else "ngày … tháng … năm …"
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {day.day:02d} tháng {month} năm {day.year}"


QUARTERS = ("I", "II", "III", "IV")


def month_end(day: date) -> date:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return following - timedelta(days=1)


def period_title(start: date, end: date) -> str:
    """A period as the titles of results reports say it: "năm 2024", "6 tháng đầu năm
    2024", "Quý II năm 2024", "tháng 3 năm 2024", "từ tháng 3 đến tháng 8 năm 2024"."""
    if start.day != 1 or end != month_end(end):
        return f"từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"
    first, last = start.month, end.month
    if start.year != end.year:
        return f"từ tháng {first} năm {start.year} đến tháng {last} năm {end.year}"
    year = start.year
    if (first, last) == (1, 12):
        return f"năm {year}"
    if first == last:
        return f"tháng {first} năm {year}"
    if first % 3 == 1 and last == first + 2:
        return f"Quý {QUARTERS[first // 3]} năm {year}"
    if first == 1:
        return f"{last} tháng đầu năm {year}"
    if last == 12:
        return f"{13 - first} tháng cuối năm {year}"
    return f"từ tháng {first} đến tháng {last} năm {year}"


def standing_committee(unit_name: str) -> str:
    """The recipient a unit's standing committee is written as: "Ban Thường vụ Quận Đoàn
    Bình Tân"."""
    return f"Ban Thường vụ {unit_name}"


def recipient_lines(names: Iterable[str]) -> list[str]:
    """The Nơi nhận list as the seeds print it: "- X;" a line, the last "- Lưu: VP." (a
    "- Lưu." is added when no line files a copy); whatever punctuation was typed at the
    end of a line is replaced, and a closing note in brackets is kept."""
    lines = [name.strip().lstrip("-–+• ").rstrip(" ;,.") for name in names]
    lines = [line for line in lines if line]
    if not any(line.casefold().startswith("lưu") for line in lines):
        lines.append("Lưu")
    shown = [f"- {line};" for line in lines[:-1]]
    last = lines[-1]
    shown.append(f"- {last}" if last.endswith(")") else f"- {last}.")
    return shown


# A unit's name as the tree holds it ("Quận Đoàn Bình Tân") → its body's line in a
# document's header ("BCH ĐOÀN QUẬN BÌNH TÂN") and the administrative word for its place.
_NAME_FORMS = (
    # prefix of the name, the body's words, the place's word when its name is a number
    ("Thành Đoàn ", "BCH ĐOÀN ", "Thành phố"),
    ("Tỉnh Đoàn ", "BCH ĐOÀN TỈNH ", "Tỉnh"),
    ("Quận Đoàn ", "BCH ĐOÀN QUẬN ", "Quận"),
    ("Huyện Đoàn ", "BCH ĐOÀN HUYỆN ", "Huyện"),
    ("Thị Đoàn ", "BCH ĐOÀN THỊ XÃ ", "Thị xã"),
    ("Đoàn phường ", "BCH ĐOÀN PHƯỜNG ", "Phường"),
    ("Đoàn xã ", "BCH ĐOÀN XÃ ", "Xã"),
    ("Đoàn đặc khu ", "BCH ĐOÀN ĐẶC KHU ", "Đặc khu"),
    ("Đoàn thị trấn ", "BCH ĐOÀN THỊ TRẤN ", "Thị trấn"),
)
_CITY = re.compile(r"^(TP\.?|Thành phố)\s*", re.IGNORECASE)


def body_line(name: str) -> str:
    """The issuing body's line of a unit named ``name``: "Thành Đoàn TP. Hồ Chí Minh" →
    "BCH ĐOÀN TP. HỒ CHÍ MINH", "Đoàn phường An Lạc" → "BCH ĐOÀN PHƯỜNG AN LẠC"."""
    for prefix, words, _word in _NAME_FORMS:
        if name.startswith(prefix):
            place = name[len(prefix) :].strip()
            if prefix == "Thành Đoàn ":
                place = "TP. " + _CITY.sub("", place)
            return (words + place).upper()
    return ("BCH " + name if name.startswith("Đoàn ") else name).upper()


def locality(name: str) -> str:
    """The place a unit named ``name`` writes on its place-date line: "Bình Tân", "Quận
    12" (a place named by a number keeps its word), "TP. Hồ Chí Minh"."""
    for prefix, _words, word in _NAME_FORMS:
        if name.startswith(prefix):
            place = name[len(prefix) :].strip()
            if prefix == "Thành Đoàn ":
                return "TP. " + _CITY.sub("", place)
            return f"{word} {place}" if place[:1].isdigit() else place
    return name


def body_symbol(*, top: bool) -> str:
    """The body's symbol in its numbers: "TĐTN" for a city's or province's union (the top
    of a tree here), "ĐTN" below it, as seeds 002 and 004 write them."""
    return "TĐTN" if top else "ĐTN"
