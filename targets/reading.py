"""A plan's roadmap read from its sentences: "Quý I: Thành lập 08 Chi đoàn, 08 Chi hội và
phấn đấu kết nạp 80 đoàn viên mới … trong đó: + Cấp Quận: thành lập 01 Chi đoàn …", "mỗi
Đoàn cơ sở thành lập ít nhất 02 Chi đoàn, 02 Chi hội …", "trên 35% đơn vị … đủ điều kiện
…". Each number is read with the words around it into a metric of the catalogue, a level
(the heading or bullet it stands under: cấp Quận, cấp Phường, cơ sở), a period (the
quarter its "Quý I:" bullet names, else the year) and the sentence it came from.

What it proposes is for people to confirm or correct in the grid: the reader guesses, it
never decides. A number it sees beside a verb of targets (thành lập, kết nạp, phấn đấu…)
but cannot place goes to ``unread``, as do two different numbers for one cell."""

import re
from dataclasses import dataclass, field
from decimal import Decimal

from organizations.text import fold

from .models import Target
from .periods import Period

TOTAL, OWN, CHILDREN = Target.Level.TOTAL, Target.Level.OWN, Target.Level.CHILDREN
AMBIGUOUS = "?"

# A number, not part of a date ("03/2024", "15/04/2024") nor of a longer number.
_QUANTITY = re.compile(r"(?<![\d/.,:])(\d{1,7}(?:,\d{1,2})?)(?![\d/]|[.,]\d)\s*(%)?")
# Words after a number that say it is no target: sizes, dates, durations, people invited.
_NOT_A_TARGET = re.compile(
    r"^(lao dong|nguoi lao dong|phuong|xa|quan|huyen|nam|thang|ngay|gio|phut|tuan|quy|lan|"
    r"dong chi|dai bieu|nhiem vu|doanh nghiep|don vi|doan co so|co so)\b"
)
_BEFORE_IS_A_DATE = re.compile(r"\b(ngay|thang|nam|quy|luc|khoa|lan thu|so)\s*$")
_TARGET_VERBS = re.compile(
    r"\b(thanh lap|ket nap|phan dau|phat trien|to chuc|dat|duy tri|boi duong|xay dung|"
    r"cung co|it nhat|toi thieu|tren|hon)\b"
)
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_QUARTER = re.compile(r"\bQuý\s+(I|II|III|IV)\b(?:\s*/\s*(\d{4}))?", re.IGNORECASE)
_ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}


@dataclass
class ProposedTarget:
    metric: str  # the catalogue's code
    level: str
    period: Period
    value: Decimal
    ref: str
    sentences: list[str] = field(default_factory=list)


@dataclass
class ProposedShare:
    """A share-out to every base unit ("mỗi Đoàn cơ sở … ít nhất 02 Chi đoàn")."""

    ref: str
    period: Period
    is_minimum: bool
    sentence: str
    values: dict[str, Decimal] = field(default_factory=dict)


@dataclass
class Proposal:
    targets: list[ProposedTarget] = field(default_factory=list)
    shares: list[ProposedShare] = field(default_factory=list)
    unread: list[str] = field(default_factory=list)


def metric_of(before: str, after: str, percent: bool) -> str | None:
    """The catalogue's metric a number counts, from the folded words before it (within
    its clause) and after it; ``AMBIGUOUS`` for "02 chi đoàn, chi hội" (how many of
    each?); None when the words name no metric."""
    if percent:
        clause = f"{before} {after}"
        if "du dieu kien" in clause and "hoi" in clause:
            return "coverage-doan-hoi-eligible"
        if "lao dong" in clause and re.search(r"\b500\b", clause) and "doan" in clause:
            return "coverage-doan-500"
        return None
    near = before[-80:]
    if after.startswith(("chi doan", "chi hoi")):
        if "duy tri" in near:
            return "branches-maintained"
        if re.match(r"chi (doan|hoi)\s*(,|va|hoac)\s*chi (doan|hoi)", after):
            return AMBIGUOUS
        return "new-chi-doan" if after.startswith("chi doan") else "new-chi-hoi"
    if "phat trien doan" in before[-40:]:  # "phát triển đoàn cho hơn 195 … hội viên"
        return "new-doan-vien"
    if after.startswith("doan vien"):
        if re.search(r"gioi thieu\b.{0,25}\bdang\b", after[:160]):
            return "party-referrals"
        if after.startswith("doan vien moi") or "ket nap" in before[-60:]:
            return "new-doan-vien"
        return None
    if after.startswith("hoi vien"):
        moi = after.startswith("hoi vien moi")
        return "new-hoi-vien" if moi or re.search(r"phat trien|ket nap", before[-40:]) else None
    if after.startswith(("lop tap huan", "tap huan", "lop boi duong")):
        return "training-classes"
    if after.startswith("luc luong nong cot"):
        return "core-forces"
    if after.startswith(("dot khao sat", "cuoc khao sat")):
        return "surveys"
    if after.startswith(("dot kiem tra", "cuoc kiem tra")):
        return "inspections"
    if after.startswith("dot"):
        if "kiem tra" in before:
            return "inspections"
        if "khao sat" in before:
            return "surveys"
    if after.startswith("chuong trinh"):
        if "kham suc khoe" in after[:60]:
            return "health-check-programmes"
        if "phien cho" in after[:40]:
            return "worker-markets"
    return None


def _clauses(text: str) -> list[str]:
    """A line's clauses: split at ";" and at the end of a sentence."""
    return [c.strip() for c in re.split(r";|\.\s+(?=[A-ZĐÀ-Ỹ])", text) if c.strip()]


def _value(text: str) -> Decimal:
    return Decimal(text.replace(",", "."))


def read_roadmap(lines, year: int, known: set[str] | None = None) -> Proposal:
    """The targets and share-outs the body's lines (``plans.reading.BodyLine``) propose
    for a plan of ``year``; ``known``: the metric codes there are (others are unread)."""
    proposal = Proposal()
    cells: dict[tuple, ProposedTarget] = {}
    for line in lines:
        if not any(c.isdigit() for c in line.text):
            continue
        level = line.level or TOTAL
        level = {"own": OWN, "children": CHILDREN}.get(level, level)
        period = Period.quarter(year, line.quarter) if line.quarter else Period.year(year)
        found: dict[tuple, Decimal] = {}
        for clause in _clauses(line.text):
            if re.search(r"\bmỗi\b", clause.casefold()):
                share = _share(clause, line, year, known, proposal)
                if share:
                    proposal.shares.append(share)
                continue
            for code, value in _read_clause(clause, line, known, proposal):
                cell_level = TOTAL if code.startswith("coverage-") else level
                key = (code, cell_level, period)
                found[key] = found.get(key, Decimal(0)) + value
        for (code, cell_level, cell_period), value in found.items():
            _propose(cells, proposal, code, cell_level, cell_period, value, line)
    proposal.targets = list(cells.values())
    return proposal


def _read_clause(clause: str, line, known, proposal: Proposal):
    """(metric, value) for each number of the clause that counts something."""
    plain = _QUOTED.sub(lambda m: " " * len(m.group(0)), clause)
    for match in _QUANTITY.finditer(plain):
        before = fold(plain[: match.start()])
        after = fold(plain[match.end() :])
        percent = bool(match.group(2))
        if not percent and (_BEFORE_IS_A_DATE.search(before) or _NOT_A_TARGET.match(after)):
            continue
        code = metric_of(before, after, percent)
        if code == AMBIGUOUS:
            proposal.unread.append(
                f"{line.ref}: “{_excerpt(clause, match)}” gộp chi đoàn và chi hội, không rõ "
                "mỗi loại bao nhiêu: chưa đưa vào lộ trình."
            )
        elif code and known is not None and code not in known:
            proposal.unread.append(
                f"{line.ref}: “{_excerpt(clause, match)}”: chỉ tiêu này không có trong danh "
                "mục chỉ tiêu."
            )
        elif code:
            yield code, _value(match.group(1))
        elif percent or _TARGET_VERBS.search(" ".join(before.split()[-4:])):
            proposal.unread.append(
                f"{line.ref}: “{_excerpt(clause, match)}”: không rõ là chỉ tiêu nào."
            )


def _excerpt(clause: str, match) -> str:
    start = max(0, clause.rfind(" ", 0, max(0, match.start() - 40)) + 1)
    end = clause.find(" ", min(len(clause), match.end() + 50))
    return clause[start : end if end != -1 else len(clause)].strip(" ,")


def _propose(cells, proposal, code, level, period, value, line) -> None:
    key = (code, level, period)
    if key not in cells:
        cells[key] = ProposedTarget(code, level, period, value, line.ref, [line.text])
        return
    cell = cells[key]
    if cell.value == value:
        if line.text not in cell.sentences:
            cell.sentences.append(line.text)
        return
    proposal.unread.append(
        f"{line.ref}: {value} cho “{code}” ({period.label}) khác với {cell.value} ở {cell.ref}: "
        f"giữ {cell.value}."
    )


def _share(clause: str, line, year: int, known, proposal: Proposal) -> ProposedShare | None:
    """ "Trong năm, mỗi Đoàn cơ sở thành lập ít nhất 02 Chi đoàn, 02 Chi hội và kết nạp
    ít nhất 10 đoàn viên mới" → 2 / 2 / 10 for every base unit, by the end of the year
    (or of the quarter it names: "hoàn tất trước Quý III/2024")."""
    values: dict[str, Decimal] = {}
    for code, value in _read_clause(clause, line, known, proposal):
        values[code] = values.get(code, Decimal(0)) + value
    if not values:
        return None
    quarter = _QUARTER.search(clause)
    if quarter:
        period = Period.quarter(int(quarter.group(2) or year), _ROMAN[quarter.group(1).upper()])
    else:
        period = Period.year(year)
    folded = fold(clause)
    return ProposedShare(
        ref=line.ref,
        period=period,
        is_minimum=bool(re.search(r"\b(it nhat|toi thieu|tro len)\b", folded)),
        sentence=line.text,
        values=values,
    )
