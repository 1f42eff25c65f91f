"""A plan's Word file read back into the parts of a plan (``PlanText``): the header
(issuing body, number, place and date), the title, the legal bases, purposes and
requirements, content, activities, the organising committee, assignments, the timeline,
recipients and the signature, as the seeds and the app's own Word files write them.

Nothing here touches the database: ``plans.importing`` turns a ``PlanText`` into a draft
plan. Whatever the reader cannot place goes to ``unread``, for the person to see; each
line of the body is kept with the section it stands in (``body``), for the roadmap's
sentences (``targets.reading``)."""

import re
from dataclasses import dataclass, field
from datetime import date, time

from documents.reading import Grid, Line
from documents.text import KINDS
from organizations.text import fold

ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_ROMAN_HEADING = re.compile(r"^(" + "|".join(ROMAN) + r")\s*[.:/-]\s*(\S.*)$")
# "1.", "2.1.", "4.1 Lộ trình…": a numbered heading (a count at a line's start is not one).
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})+\.?|\d{1,2}\.)\s*(\S.*)$")
_BULLET = re.compile(r"^[-–—+*•]+\s*")
_SIGNATURE = re.compile(r"^(TM|KT|TL|TUQ|T/M)\s*\.?\s+\S")
_PLACE_DATE = re.compile(
    r"^(?P<place>[^,]{2,100}),\s*ngày\s+(?P<d>\d{1,2})\s+tháng\s+(?P<m>\d{1,2})\s+năm\s+(?P<y>\d{4})",
    re.IGNORECASE,
)
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*(.+)$", re.IGNORECASE)
_SHORT_DATE = r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})"
_LONG_DATE = r"(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"
_ANY_DATE = re.compile(rf"{_SHORT_DATE}|{_LONG_DATE}", re.IGNORECASE)
_KIND_NAMES = sorted(((name, kind) for kind, name in KINDS.items()), key=lambda p: -len(p[0]))
_KIND_START = re.compile(
    r"^(" + "|".join(re.escape(name) for name, _ in _KIND_NAMES) + r")\b", re.IGNORECASE
)
# Where one basis ends and the next starts in a sentence that names several.
_NEXT_BASIS = re.compile(
    r"[;,]\s+(?=(?:" + "|".join(re.escape(name) for name, _ in _KIND_NAMES) + r")\s+số\b)",
    re.IGNORECASE,
)
# ", Ban Thường vụ Quận Đoàn xây dựng kế hoạch … như sau:": the preamble's closing words.
_CLOSING_CLAUSE = re.compile(r",\s*[^,]*\bxây dựng kế hoạch\b.*$", re.IGNORECASE)
_ISSUER_END = re.compile(
    r"\s+(?=(?:về|tổ chức|triển khai|thực hiện|hướng dẫn|phê duyệt|ban hành)\b)", re.IGNORECASE
)
_MOTTO = ("doan tncs ho chi minh", "cong hoa xa hoi chu nghia viet nam", "doc lap")
_ROLES = ("truong ban", "pho truong ban", "pho ban", "thanh vien", "uy vien", "thu ky")


@dataclass
class Basis:
    kind: str = ""
    number: str = ""
    issued_on: date | None = None
    issuer: str = ""
    about: str = ""


@dataclass
class Member:
    name: str
    position: str = ""
    role: str = ""


@dataclass
class Task:
    owner: str
    task: str
    deadline: date | None = None


@dataclass
class Step:
    on: date
    step: str
    at: time | None = None
    month_only: bool = False


@dataclass
class Event:
    """An activity (hoạt động) as the plan lists it."""

    title: str
    level: str = "own"
    starts_on: date | None = None
    ends_on: date | None = None
    starts_at: time | None = None
    venue: str = ""
    owner: str = ""
    participants: int | None = None
    participants_who: str = ""
    notes: list[str] = field(default_factory=list)


@dataclass
class BodyLine:
    """A line of the plan's body with where it stands: "Mục II.4.1", the level its
    heading names ("own": cấp Quận, "children": cơ sở), the quarter a "Quý I:" bullet
    gives it."""

    text: str
    ref: str
    level: str = ""
    quarter: int | None = None


@dataclass
class PlanText:
    number: str = ""
    place: str = ""
    issued_on: date | None = None
    upper_body: str = ""
    issuing_body: str = ""
    title: str = ""
    year: int | None = None
    purposes: list[str] = field(default_factory=list)
    requirements: list[str] = field(default_factory=list)
    content: list[str] = field(default_factory=list)
    organisation: list[str] = field(default_factory=list)
    signing_on_behalf: str = ""
    signer_position: str = ""
    signer_name: str = ""
    bases: list[Basis] = field(default_factory=list)
    committee: list[Member] = field(default_factory=list)
    assignments: list[Task] = field(default_factory=list)
    milestones: list[Step] = field(default_factory=list)
    activities: list[Event] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)
    body: list[BodyLine] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


class NotAPlan(ValueError):
    """The file holds no plan: no "KẾ HOẠCH" title."""


def parse_date(text: str) -> date | None:
    """The first date written "15/04/2024" or "15 tháng 3 năm 2024" in ``text``."""
    for found in _ANY_DATE.finditer(text or ""):
        parts = [int(g) for g in found.groups() if g is not None]
        try:
            return date(parts[2], parts[1], parts[0])
        except ValueError:
            continue
    return None


def _plain(text: str) -> str:
    """Without Markdown's emphasis (the seeds' transcripts) and a bullet's mark."""
    return _BULLET.sub("", text.replace("**", "").replace("__", "")).strip()


def _is_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _number(text: str) -> str:
    """ "105 -KH/TĐTN-TCKT" → "105-KH/TĐTN-TCKT": spaces around its dashes and slashes
    are typing, not part of it; "…-KH/ĐTN" (a draft's) is no number."""
    text = re.sub(r"\s*([-–/])\s*", r"\1", text.strip()).replace("–", "-")
    return "" if "…" in text or "..." in text else text


def read_plan(blocks: list) -> PlanText:
    items = [b for b in blocks if isinstance(b, Grid) or b.text]
    start = next(
        (
            i
            for i, b in enumerate(items)
            if isinstance(b, Line) and fold(_plain(b.text)) == "ke hoach"
        ),
        None,
    )
    if start is None:
        raise NotAPlan
    plan = PlanText()
    head = [line for b in items[:start] for line in (b.lines() if isinstance(b, Grid) else [b])]
    _header(plan, [_plain(line.text) for line in head])
    rest = items[start + 1 :]
    rest = _title(plan, rest)
    rest = _preamble(plan, rest)
    _Body(plan).read(rest)
    if plan.year is None:
        years = re.findall(r"\b(19\d\d|20\d\d)\b", plan.title)
        plan.year = int(years[-1]) if years else (plan.issued_on.year if plan.issued_on else None)
    return plan


def _header(plan: PlanText, lines: list[str]) -> None:
    bodies = []
    for text in lines:
        folded = fold(text)
        if found := _NUMBER_LINE.match(text):
            plan.number = _number(found.group(1))
        elif found := _PLACE_DATE.match(text):
            plan.place = found.group("place").strip()
            plan.issued_on = parse_date(text)
        elif any(folded.startswith(m) for m in _MOTTO) or not text.strip("*-–_ "):
            continue
        elif _is_upper(text):
            bodies.append(text)
        else:
            plan.unread.append(f"Đầu văn bản: {text}")
    if bodies:
        plan.issuing_body = bodies[-1]
        plan.upper_body = " ".join(bodies[:-1])


def _stops_title(text: str) -> bool:
    folded = fold(text)
    return (
        folded.startswith(("can cu", "thuc hien ", "nham ", "de ", "ban thuong vu"))
        or bool(_ROMAN_HEADING.match(text))
        or not text.strip("-–—_*= ")
    )


def _title(plan: PlanText, items: list) -> list:
    lines = []
    for i, item in enumerate(items):
        if isinstance(item, Grid) or _stops_title(_plain(item.text)) or len(lines) == 4:
            plan.title = " ".join(lines)
            rest = items[i:]
            # A rule under the title ("-------") is layout.
            while rest and isinstance(rest[0], Line) and not rest[0].text.strip("-–—_*= "):
                rest = rest[1:]
            return rest
        lines.append(_plain(item.text))
    plan.title = " ".join(lines)
    return []


def _preamble(plan: PlanText, items: list) -> list:
    for i, item in enumerate(items):
        if isinstance(item, Grid):
            return items[i:]
        text = _plain(item.text)
        if _ROMAN_HEADING.match(text):
            return items[i:]
        folded = fold(text)
        if folded.startswith(("can cu", "thuc hien ")):
            plan.bases.extend(_bases(text))
        else:
            plan.unread.append(f"Đoạn mở đầu (không phải căn cứ): {text}")
    return []


def _bases(sentence: str) -> list[Basis]:
    text = re.sub(r"^(Căn cứ(\s+theo)?|Thực hiện)\s+", "", sentence, flags=re.IGNORECASE)
    text = _CLOSING_CLAUSE.sub("", text).rstrip(" ;.,:")
    return [_basis(part.strip(" ;.,")) for part in _NEXT_BASIS.split(text) if part.strip(" ;.,")]


def _basis(text: str) -> Basis:
    """ "Kế hoạch số 269-KH/QU ngày 15 tháng 3 năm 2024 của Ban Thường vụ Quận ủy về việc
    …" → its kind, number, date, issuer and subject; one without a number ("Nghị quyết Đại
    hội … nhiệm kỳ 2022 - 2027") keeps its words as its subject."""
    found = _KIND_START.match(text)
    if not found:
        return Basis(about=text)
    name = found.group(1).casefold()
    basis = Basis(kind=next(kind for n, kind in _KIND_NAMES if n.casefold() == name))
    rest = text[found.end() :].strip()
    numbered = re.match(r"^số\s+(\S+(?:\s*[-–/]\s*\S+)*)", rest, re.IGNORECASE)
    if numbered:
        basis.number = _number(numbered.group(1))
        rest = rest[numbered.end() :].strip()
        if day := re.match(rf"^ngày\s+(?:{_SHORT_DATE}|{_LONG_DATE})", rest, re.IGNORECASE):
            basis.issued_on = parse_date(day.group(0))
            rest = rest[day.end() :].strip()
        if by := re.match(r"^của\s+", rest):
            issuer, *about = _ISSUER_END.split(rest[by.end() :], maxsplit=1)
            basis.issuer, basis.about = issuer.strip(" ,"), " ".join(about).strip()
        else:
            basis.about = rest
        return basis
    about = text
    if day := re.search(rf"\s+ngày\s+(?:{_SHORT_DATE}|{_LONG_DATE})", about, re.IGNORECASE):
        basis.issued_on = parse_date(day.group(0))
        about = f"{about[: day.start()]}{about[day.end() :]}"
    if by := re.search(r"\s+của\s+", about):
        issuer, *after = _ISSUER_END.split(about[by.end() :], maxsplit=1)
        basis.issuer = issuer.strip(" ,")
        about = " ".join([about[: by.start()], *after])
    basis.about = about.strip(" ,")
    return basis


def _level_of(title: str) -> str:
    folded = fold(_plain(title)).rstrip(":. ")
    if folded.startswith(("cap quan", "cap huyen", "cap tinh", "cap thanh", "cap thi")):
        return "own"
    if folded.startswith(
        ("cap phuong", "cap xa", "cap co so", "co so doan", "doan co so", "cac co so doan")
    ) or folded.startswith(("doi voi co so doan", "doi voi cac co so doan")):
        return "children"
    return ""


def _section_kind(title: str) -> str:
    folded = fold(title)
    if "muc dich" in folded or "muc tieu" in folded or folded.startswith("yeu cau"):
        return "purposes"
    if folded.startswith("hoat dong"):
        return "activities"
    if "to chuc thuc" in folded or "to chuc hien" in folded or "phan cong" in folded:
        return "organisation"
    if folded.startswith(("tien do", "thoi gian thuc hien")):
        return "timeline"
    return "content"


_MILESTONE = re.compile(
    r"^(?:(?P<month>Tháng)\s+(?P<mm>\d{1,2})\s*/\s*(?P<my>\d{4})"
    r"|(?:Ngày\s+)?(?:(?P<h>\d{1,2})\s*[:hg]\s*(?P<min>\d{2})\s*,?\s*(?:ngày\s+)?)?"
    r"(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4}))\s*:\s*(?P<step>\S.*)$",
    re.IGNORECASE,
)


def _milestone(text: str) -> Step | None:
    found = _MILESTONE.match(text)
    if not found:
        return None
    try:
        if found.group("month"):
            on = date(int(found.group("my")), int(found.group("mm")), 1)
            return Step(on=on, step=found.group("step"), month_only=True)
        on = date(int(found.group("y")), int(found.group("m")), int(found.group("d")))
        at = time(int(found.group("h")), int(found.group("min"))) if found.group("h") else None
    except ValueError:
        return None
    return Step(on=on, step=found.group("step"), at=at)


class _Body:
    """The sections after the preamble, read line by line."""

    def __init__(self, plan: PlanText):
        self.plan = plan
        self.roman = ""
        self.kind = "content"
        self.part = "purposes"  # within Mục đích – Yêu cầu
        self.numbers: list[str] = []  # the numbered headings above the line
        self.levels: list[tuple[int, str]] = []
        self.quarter: int | None = None
        self.owner = ""  # of the assignments under it
        self.mode = ""  # committee | timeline | recipients | signature | closing
        self.role = ""
        self.event: Event | None = None
        self.base_lines: list[str] = []
        self.activity_level = "own"

    @property
    def ref(self) -> str:
        # A numbered heading spells its whole path ("4.1"): the innermost is the place.
        parts = [p for p in (self.roman, self.numbers[-1] if self.numbers else "") if p]
        return "Mục " + ".".join(parts) if parts else ""

    @property
    def level(self) -> str:
        return self.levels[-1][1] if self.levels else ""

    def read(self, items: list) -> None:
        for item in items:
            if isinstance(item, Grid):
                self.grid(item)
            else:
                self.line(_plain(item.text), item.text)
        self.finish_base_activity()

    # Tables

    def grid(self, grid: Grid) -> None:
        headers = [fold(h) for h in grid.headers]
        if headers[:2] == ["nhiem vu", "don vi thuc hien"]:
            for row in grid.rows[1:]:
                task, owner = row[0], row[1] if len(row) > 1 else ""
                deadline = parse_date(row[2]) if len(row) > 2 else None
                self.plan.assignments.append(Task(owner=owner, task=task, deadline=deadline))
            return
        self.plan.unread.append(
            f"Bảng ({len(grid.rows)} dòng) ở {self.ref or 'phần mở đầu'}: "
            + " | ".join(grid.headers)
        )

    # Lines

    def line(self, text: str, raw: str) -> None:
        if not text:
            return
        plan, folded = self.plan, fold(text)
        if folded.startswith("noi nhan"):
            self.finish_base_activity()
            self.mode = "recipients"
            return
        if _SIGNATURE.match(text):
            self.finish_base_activity()
            plan.signing_on_behalf = text
            self.mode = "signature"
            return
        if self.mode == "recipients":
            if _BULLET.match(raw.replace("**", "")) or folded.startswith("luu"):
                plan.recipients.append(text.rstrip(" ;"))
                return
            self.mode = ""
        if self.mode == "signature":
            if folded.startswith(("(da ky)", "(ky", "da ky")):
                return
            if _is_upper(text) and not plan.signer_position and not plan.signer_name:
                plan.signer_position = text
            else:
                plan.signer_name = text
            return
        if folded.startswith("tren day la"):
            self.finish_base_activity()
            self.mode = "closing"
        if self.mode == "closing":
            plan.organisation.append(text)
            return
        if found := _ROMAN_HEADING.match(text):
            self.finish_base_activity()
            self.roman, title = found.group(1), found.group(2)
            self.kind = _section_kind(title)
            self.numbers, self.levels, self.quarter, self.owner, self.mode = [], [], None, "", ""
            self.event = None
            if self.kind == "activities":
                self.activity_level = "children" if "co so" in fold(title) else "own"
                if level := _level_of(title.replace("HOẠT ĐỘNG", "").strip()):
                    self.levels = [(0, level)]
            elif self.kind == "content" and not fold(title).startswith("noi dung"):
                plan.content.append(f"{self.roman}. {title}")
            return
        heading = _NUMBERED.match(text)
        if heading:
            self.heading(heading.group(1), heading.group(2), text)
            return
        self.text(text, raw)

    def heading(self, number: str, title: str, text: str) -> None:
        depth = number.rstrip(".").count(".") + 1
        self.numbers = [*self.numbers[: depth - 1], number.rstrip(".")]
        self.levels = [(d, lvl) for d, lvl in self.levels if d < depth]
        name, colon, inline = title.partition(":")
        if level := _level_of(name):
            self.levels.append((depth, level))
        self.quarter = None
        kind, folded = self.kind, fold(name)
        if kind == "purposes":
            if folded.startswith("yeu cau"):
                self.part = "requirements"
            elif folded.startswith(("muc dich", "muc tieu")):
                self.part = "purposes"
            else:
                self.target().append(text)
            if inline.strip():
                self.target().append(inline.strip())
            self.body(text)
        elif kind == "activities":
            self.finish_base_activity()
            self.event = Event(title=name.strip().rstrip("."), level=self.activity_level)
            self.plan.activities.append(self.event)
        elif kind in ("organisation", "timeline"):
            self.organisation_heading(depth, name.strip(), inline.strip(), text, bool(colon))
        else:
            self.plan.content.append(text)
            self.body(text)

    def organisation_heading(self, depth, name, inline, text, colon) -> None:
        folded = fold(name)
        self.mode = ""
        if folded.startswith("thanh lap ban") or folded in ("ban to chuc", "ban chi dao"):
            self.mode, self.role = "committee", ""
            self.plan.organisation.append(text)
            return
        if folded.startswith("tien do"):
            self.mode = "timeline"
            return
        if folded.startswith("phan cong"):
            self.owner = ""
            self.plan.organisation.append(text)
            return
        owner = re.sub(r"^Đối với\s+", "", name, flags=re.IGNORECASE).strip(" .:")
        if len(owner) > 200:
            self.owner = ""
            self.plan.organisation.append(text)
            return
        self.owner = owner[:1].upper() + owner[1:]
        if inline:
            self.task(inline)
        self.body(text)

    def text(self, text: str, raw: str) -> None:
        kind, folded = self.kind, fold(text)
        if kind == "purposes":
            self.target().append(text if not _BULLET.match(raw) else f"- {text}")
            self.body(text)
            return
        if kind == "activities":
            self.activity_line(text, raw)
            return
        if kind == "timeline" or self.mode == "timeline":
            if step := _milestone(text):
                self.plan.milestones.append(step)
            else:
                self.plan.organisation.append(text)
            return
        if kind == "organisation":
            if folded.startswith(("tien do thuc hien", "tien do:")):
                self.mode = "timeline"
                return
            if folded in ("ban to chuc:", "ban to chuc", "ban chi dao:") or folded.startswith(
                "thanh lap ban"
            ):
                self.mode, self.role = "committee", ""
                return
            if self.mode == "committee" and self.member(text):
                return
            if self.owner:
                self.task(text)
                self.body(text)
                return
            self.plan.organisation.append(self.bulleted(text, raw))
            self.body(text)
            return
        # Content: as typed, bullets kept; a "Quý I:" bullet gives its lines a quarter.
        if quarter := re.match(r"^Quý\s+(I|II|III|IV)\b", text, re.IGNORECASE):
            self.quarter = ROMAN.index(quarter.group(1).upper()) + 1
        elif raw.lstrip().startswith("-"):
            self.quarter = None
        self.plan.content.append(self.bulleted(text, raw))
        self.body(text)

    @staticmethod
    def bulleted(text: str, raw: str) -> str:
        mark = _BULLET.match(raw.replace("**", "").lstrip())
        return f"{mark.group(0).strip()[:1]} {text}" if mark else text

    def target(self) -> list[str]:
        return self.plan.requirements if self.part == "requirements" else self.plan.purposes

    def body(self, text: str) -> None:
        level = _level_of(text.split(":", 1)[0]) if ":" in text else ""
        self.plan.body.append(BodyLine(text, self.ref, level or self.level, self.quarter))

    def member(self, text: str) -> bool:
        """A line of the committee: "Trưởng ban: Đồng chí X - Phó Bí thư", "Thành viên:",
        "Đ/c Y - UV.BTV, …", "Các đồng chí Bí thư … tham gia là thành viên"."""
        head, colon, rest = text.partition(":")
        folded = fold(head)
        if colon and folded.startswith("nhiem vu"):
            self.mode = ""
            self.plan.organisation.append(text)
            return True
        if colon and folded in _ROLES:
            self.role = head.strip()
            text = rest.strip()
            if not text:
                return True
        name = re.sub(r"^(Đồng chí|Đ/c|đ/c)\s+", "", text).rstrip(" ;.")
        if " - " in name:
            name, position = name.split(" - ", 1)
        elif ", " in name and not fold(name).startswith("cac dong chi"):
            name, position = name.split(", ", 1)
        else:
            position = ""
        if fold(name).startswith("cac dong chi") and "tham gia" in fold(name):
            name = re.split(r"\s+tham gia\b", name)[0]
        self.plan.committee.append(
            Member(name=name.strip(), position=position.strip(), role=self.role or "Thành viên")
        )
        return True

    def task(self, text: str) -> None:
        if len(text) > 1000:
            self.plan.organisation.append(text)
            return
        deadline = None
        if before := re.search(r"\b(trước|hạn|chậm nhất)\b(.*)$", text, re.IGNORECASE):
            deadline = parse_date(before.group(2))
        self.plan.assignments.append(Task(owner=self.owner, task=text, deadline=deadline))

    # Activities

    def activity_line(self, text: str, raw: str) -> None:
        event = self.event
        label, colon, value = text.partition(":")
        folded = fold(label)
        if event is None:
            self.base_lines.append(text)
            return
        value = value.strip().rstrip(".")
        if colon and folded == "thoi gian":
            days = [parse_date(m.group(0)) for m in re.finditer(_SHORT_DATE, value)]
            days = [d for d in days if d]
            if days:
                event.starts_on = days[0]
                event.ends_on = days[1] if len(days) > 1 else None
            if at := re.search(r"\b(\d{1,2})\s*(?:giờ|g|h|:)\s*(\d{2})\b", value):
                event.starts_at = time(int(at.group(1)) % 24, int(at.group(2)) % 60)
        elif colon and folded == "dia diem":
            event.venue = value[:500]
        elif colon and folded in ("so luong", "thanh phan"):
            if count := re.match(r"^(\d+)\s*(.*)$", value):
                event.participants = int(count.group(1))
                event.participants_who = count.group(2).strip()[:200]
            else:
                event.notes.append(text)
        elif colon and folded.startswith(("phan cong", "don vi thuc hien", "chiu trach nhiem")):
            event.owner = value
        else:
            event.notes.append(self.bulleted(text, raw))

    def finish_base_activity(self) -> None:
        """A section of the base units' activities that lists no numbered activity: one
        activity, on the first date its first line names, its other lines its notes."""
        lines, self.base_lines = self.base_lines, []
        if not lines:
            return
        first = lines[0]
        title = re.sub(r"\s*(vào\s+)?ngày\s+" + _SHORT_DATE, "", first).strip(" .;")
        self.plan.activities.append(
            Event(
                title=title[:1000],
                level=self.activity_level,
                starts_on=parse_date(first),
                notes=[f"- {line}" for line in lines[1:]],
            )
        )
