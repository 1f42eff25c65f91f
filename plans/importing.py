"""A plan's Word file made into a draft plan (Nhập từ Word): its document parts saved as
read (``plans.reading``), its roadmap proposed from its sentences (``targets.reading``)
and kept on a ``PlanImport`` until staff confirm it in the grids, or the command line
accepts it as read (``importplan --confirm``). Nothing of it is issued without that."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from documents.reading import read
from organizations.text import fold
from targets import services as target_services
from targets.checks import check_plan
from targets.levels import plan_level_labels
from targets.models import Metric, Target
from targets.periods import Period
from targets.reading import read_roadmap
from targets.selectors import Share, ShareUnit, _Shares, allocation_units

from . import services
from .models import (
    Activity,
    Assignment,
    CommitteeMember,
    LegalBasis,
    Milestone,
    Plan,
    PlanImport,
    Recipient,
)
from .reading import NotAPlan, PlanText, read_plan

__all__ = ["NotAPlan", "confirm_all", "import_plan", "proposal_findings", "proposed_targets"]

PARTS = (
    # the count's key, what the review page calls it
    ("legal_bases", "Căn cứ"),
    ("committee", "Ban tổ chức"),
    ("assignments", "Phân công"),
    ("milestones", "Tiến độ"),
    ("activities", "Hoạt động"),
    ("recipients", "Nơi nhận"),
)


def _cut(text: str, size: int, what: str, unread: list) -> str:
    if len(text) <= size:
        return text
    unread.append(f"{what} dài hơn {size} ký tự, đã cắt bớt: {text}")
    return text[:size].rstrip()


@transaction.atomic
def import_plan(*, data: bytes, unit, user, file_name: str) -> Plan:
    """A draft plan of ``unit`` from the Word file's bytes. Raises ``NotAWordFile`` or
    ``NotAPlan`` (nothing saved) when there is no plan to read."""
    text = read_plan(read(data))
    if not text.title:
        raise NotAPlan
    unread = list(text.unread)
    today = timezone.localdate()
    year = text.year or today.year
    if not text.year:
        unread.append(f"Không thấy năm của kế hoạch: đặt năm {year}, sửa ở trang Sửa nếu sai.")
    *upper, body = unit.document_lines
    fields = {
        "issuing_unit": unit,
        "year": year,
        "place": _cut(text.place or unit.place_name, 100, "Nơi ban hành", unread),
        "issued_on": text.issued_on,
        "upper_body": _cut(
            text.upper_body or (upper[0] if upper else ""), 200, "Dòng trên", unread
        ),
        "issuing_body": _cut(text.issuing_body or body, 200, "Cơ quan ban hành", unread),
        "title": _cut(text.title, 500, "Tên kế hoạch", unread),
        "starts_on": date(year, 1, 1),
        "ends_on": date(year, 12, 31),
        "purposes": "\n".join(text.purposes),
        "requirements": "\n".join(text.requirements),
        "content": "\n".join(text.content),
        "organisation": "\n".join(text.organisation),
        "signing_on_behalf": _cut(text.signing_on_behalf, 200, "Thẩm quyền ký", unread),
        "signer_position": _cut(text.signer_position, 200, "Chức vụ người ký", unread),
        "signer_name": _cut(text.signer_name, 200, "Người ký", unread),
    }
    number = _cut(text.number, 100, "Số", unread)
    try:
        with transaction.atomic():
            plan = services.plan_create(user=user, number=number, **fields)
    except ValidationError as error:
        if not number:
            raise
        unread.append(
            f"Số {number} không dùng được ({' '.join(error.messages)}): kế hoạch để trống số, "
            "sẽ lấy số mới khi ban hành hoặc gõ số ở trang Sửa."
        )
        plan = services.plan_create(user=user, number="", **fields)
    _save_parts(plan, text, unread)
    proposal = read_roadmap(text.body, year, known=_known_codes(unit))
    unread += proposal.unread
    PlanImport.objects.create(
        plan=plan,
        file_name=file_name[:255],
        read_by=user,
        counts={
            "legal_bases": len(text.bases),
            "committee": len(text.committee),
            "assignments": len(text.assignments),
            "milestones": len(text.milestones),
            "activities": plan.activities.count(),
            "recipients": len(text.recipients),
        },
        unread=unread,
        proposal={
            "targets": [
                {
                    "metric": t.metric,
                    "level": t.level,
                    "period": t.period.key,
                    "value": str(t.value),
                    "ref": t.ref,
                    "sentences": t.sentences,
                }
                for t in proposal.targets
            ],
            "shares": [
                {
                    "ref": s.ref,
                    "period": s.period.key,
                    "is_minimum": s.is_minimum,
                    "sentence": s.sentence,
                    "values": {code: str(v) for code, v in s.values.items()},
                    "saved": False,
                }
                for s in proposal.shares
            ],
        },
    )
    return plan


def _known_codes(unit) -> set[str]:
    """The metrics the unit's plans may count: the catalogue, its own and those above."""
    return set(
        Metric.objects.visible_from(unit).filter(is_active=True).values_list("code", flat=True)
    )


def _save_parts(plan: Plan, text: PlanText, unread: list) -> None:
    LegalBasis.objects.bulk_create(
        LegalBasis(
            plan=plan,
            order=order,
            kind=basis.kind,
            number=_cut(basis.number, 100, "Số văn bản căn cứ", unread),
            issued_on=basis.issued_on,
            issuer=_cut(basis.issuer, 200, "Cơ quan ban hành căn cứ", unread),
            description=_cut(basis.about, 500, "Căn cứ", unread),
        )
        for order, basis in enumerate(text.bases, start=1)
    )
    CommitteeMember.objects.bulk_create(
        CommitteeMember(
            plan=plan,
            order=order,
            name=_cut(member.name, 200, "Tên thành viên", unread),
            position=_cut(member.position, 300, "Chức vụ", unread),
            role=_cut(member.role, 100, "Vai trò", unread),
        )
        for order, member in enumerate(text.committee, start=1)
    )
    Assignment.objects.bulk_create(
        Assignment(
            plan=plan,
            order=order,
            task=task.task[:1000],
            owner=_cut(task.owner or plan.issuing_unit.name, 200, "Đơn vị thực hiện", unread),
            deadline=task.deadline,
        )
        for order, task in enumerate(text.assignments, start=1)
    )
    Milestone.objects.bulk_create(
        Milestone(
            plan=plan,
            order=order,
            on=step.on,
            at=step.at,
            month_only=step.month_only,
            step=_cut(step.step, 500, "Bước tiến độ", unread),
        )
        for order, step in enumerate(text.milestones, start=1)
    )
    departments = list(plan.issuing_unit.departments.all())
    activities = []
    for order, event in enumerate(text.activities, start=1):
        if event.starts_on is None:
            unread.append(f"Hoạt động không có ngày, chưa lưu: {event.title}")
            continue
        department, note = _owner(event.owner, departments)
        activities.append(
            Activity(
                plan=plan,
                order=order,
                title=event.title[:1000],
                level=Activity.Level.CHILDREN if event.level == "children" else Activity.Level.OWN,
                starts_on=event.starts_on,
                ends_on=event.ends_on
                if event.ends_on and event.ends_on > event.starts_on
                else None,
                starts_at=event.starts_at,
                venue=event.venue[:500],
                owner_department=department,
                owner_note=_cut(note, 300, "Người thực hiện hoạt động", unread),
                participants=event.participants,
                participants_who=event.participants_who[:200],
                notes="\n".join(event.notes),
            )
        )
    Activity.objects.bulk_create(activities)
    Recipient.objects.bulk_create(
        Recipient(plan=plan, order=order, name=_cut(name, 300, "Nơi nhận", unread))
        for order, name in enumerate(text.recipients, start=1)
    )


def _owner(text: str, departments) -> tuple:
    """ "Mảng Tổ chức - Kiểm tra Quận Đoàn phối hợp 06 Đoàn …" → the unit's department
    of that name, and who else helps ("phối hợp 06 Đoàn …"); the words as they are
    when they name no department."""
    folded = fold(text)
    for department in departments:
        name = fold(department.name)
        if name and folded.startswith(name):
            rest = text[len(department.name) :]
            helped = rest.casefold().find("phối hợp")
            return department, rest[helped:].strip() if helped != -1 else ""
    return None, text


# The proposal, read back


def _metrics(codes) -> dict[str, Metric]:
    return {m.code: m for m in Metric.objects.filter(code__in=set(codes))}


def proposed_targets(plan_import: PlanImport) -> list[Target]:
    """The proposal's targets as unsaved rows, for the grid and the checks."""
    rows = plan_import.proposed_targets
    metrics = _metrics(row["metric"] for row in rows)
    targets = []
    for row in rows:
        if row["metric"] not in metrics:
            continue
        period = Period.from_key(row["period"])
        targets.append(
            Target(
                metric=metrics[row["metric"]],
                level=row["level"],
                period_kind=period.kind,
                period_start=period.start,
                value=Decimal(row["value"]),
                source_ref=row["ref"],
            )
        )
    return targets


@dataclass
class ProposedSet:
    """A proposed share-out as the checks and the grid read it: every base unit's
    numbers."""

    index: int
    source_ref: str
    period: Period
    is_minimum: bool
    note: str
    values: dict  # metric → value
    saved: bool
    allocations: _Shares

    @property
    def metrics(self) -> list[Metric]:
        return list(self.values)


def proposed_sets(plan_import: PlanImport) -> list[ProposedSet]:
    plan = plan_import.plan
    shares = plan_import.proposed_shares
    metrics = _metrics(code for share in shares for code in share["values"])
    units = allocation_units(plan) if shares else []
    sets = []
    for index, share in enumerate(shares):
        values = {
            metrics[code]: Decimal(value)
            for code, value in share["values"].items()
            if code in metrics
        }
        allocations = _Shares(
            Share(metric, ShareUnit(unit.pk, unit.name, unit.path), value)
            for unit in units
            for metric, value in values.items()
        )
        sets.append(
            ProposedSet(
                index=index,
                source_ref=share["ref"],
                period=Period.from_key(share["period"]),
                is_minimum=share["is_minimum"],
                note=share["sentence"][:500],
                values=values,
                saved=share.get("saved", False),
                allocations=allocations,
            )
        )
    return sets


def proposal_findings(plan_import: PlanImport):
    """The roadmap checks run on the proposal as read: the same findings the plan page
    will show once it is saved (seed 000's two sections disagree, 10 × 3 > 21)."""
    plan = plan_import.plan
    return check_plan(
        plan,
        targets=proposed_targets(plan_import),
        allocation_sets=proposed_sets(plan_import),
        milestones=list(plan.milestones.all()),
        labels=plan_level_labels(plan),
    )


def mark_roadmap_confirmed(plan: Plan) -> None:
    PlanImport.objects.filter(plan=plan, roadmap_confirmed_at__isnull=True).update(
        roadmap_confirmed_at=timezone.now()
    )


@transaction.atomic
def mark_share_saved(plan: Plan, index: int) -> None:
    plan_import = PlanImport.objects.select_for_update().filter(plan=plan).first()
    if plan_import is None or not 0 <= index < len(plan_import.proposed_shares):
        return
    plan_import.proposal["shares"][index]["saved"] = True
    plan_import.save(update_fields=["proposal"])


@transaction.atomic
def confirm_all(plan: Plan, *, user) -> None:
    """Accepts the proposal as read (``importplan --confirm``): the roadmap and every
    share-out saved through the same services as the grids."""
    plan_import = plan.word_import
    if plan_import.roadmap_pending:
        target_services.roadmap_save(
            plan=plan,
            user=user,
            cells=[
                target_services.TargetCell(
                    metric=t.metric,
                    level=t.level,
                    period=t.period,
                    value=t.value,
                    source_ref=t.source_ref,
                )
                for t in proposed_targets(plan_import)
            ],
        )
        mark_roadmap_confirmed(plan)
    for proposed in proposed_sets(plan_import):
        if proposed.saved:
            continue
        target_services.allocation_set_save(
            plan=plan,
            user=user,
            allocation_set=None,
            period=proposed.period,
            source_ref=proposed.source_ref,
            is_minimum=proposed.is_minimum,
            note=proposed.note,
            values={(a.unit_id, a.metric.pk): a.value for a in proposed.allocations},
        )
        mark_share_saved(plan, proposed.index)
