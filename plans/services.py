"""Writes to plan documents."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import services as document_services
from documents import text as document_text
from documents.models import DocumentNumber
from organizations.text import normalize
from targets.models import RoadmapVersion

from .models import Plan, PlanImport

TEXT_FIELDS = (
    "number",
    "place",
    "upper_body",
    "issuing_body",
    "title",
    "signing_on_behalf",
    "signer_position",
    "signer_name",
)


def _normalized(fields: dict) -> dict:
    return {
        k: normalize(v) if k in TEXT_FIELDS and isinstance(v, str) else v for k, v in fields.items()
    }


@transaction.atomic
def plan_create(*, user, **fields) -> Plan:
    """A new draft plan with an empty first version of its roadmap."""
    plan = Plan(created_by=user, **_normalized(fields))
    plan.full_clean()
    plan.save()
    _record_number(plan, user=user)
    RoadmapVersion.objects.create(plan=plan, number=1, created_by=user)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, user=None, **fields) -> Plan:
    for name, value in _normalized(fields).items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    _record_number(plan, user=user)
    return plan


TRANSITIONS = {
    # action: (from, to)
    "issue": (Plan.Status.DRAFT, Plan.Status.ISSUED),
    "close": (Plan.Status.ISSUED, Plan.Status.CLOSED),
    "reopen": (Plan.Status.CLOSED, Plan.Status.ISSUED),
}


@transaction.atomic
def plan_transition(*, plan: Plan, action: str, user=None, give_number: bool = True) -> Plan:
    """Draft → issued → closed (and a closed plan reopened). Claimed with a conditional
    UPDATE so that two clicks at once cannot both move it. Issuing numbers the plan from
    its unit's register ("05-KH/ĐTN") unless it was typed with a number, which the
    register then records, and dates it today unless it was dated (``give_number=False``:
    a document issued on paper before, kept as it was written)."""
    source, target = TRANSITIONS[action]
    if action == "issue" and import_pending(plan):
        raise ValidationError(
            _(
                "The roadmap read from the Word file is not confirmed yet: confirm or correct "
                "it in the grid (or set it aside), then issue the plan."
            )
        )
    moved = Plan.objects.filter(pk=plan.pk, status=source).update(status=target)
    if not moved:
        raise ValidationError(_("The plan is no longer in a state that allows this."))
    plan.refresh_from_db()
    if action == "issue" and give_number:
        _number(plan, user=user)
    return plan


def _register(plan: Plan, user) -> dict:
    return {
        "unit": plan.issuing_unit,
        "year": plan.year,
        "kind": document_text.PLAN,
        "document": plan,
        "title": plan.title,
        "user": user,
    }


def _record_number(plan: Plan, *, user) -> None:
    """A typed number joins the register, so that it is never given again."""
    if plan.number:
        document_services.record_number(number=plan.number, **_register(plan, user))


def _number(plan: Plan, *, user) -> None:
    if not plan.number:
        plan.number = document_services.take_number(**_register(plan, user))
    plan.issued_on = plan.issued_on or timezone.localdate()
    try:
        with transaction.atomic():
            plan.save(update_fields=["number", "issued_on", "updated_at"])
    except IntegrityError:  # a plan entered before the register holds that number
        raise ValidationError(
            _(
                "Another plan of %(unit)s already has number %(number)s in %(year)s: type "
                "the number this plan should have on its form, then issue it."
            )
            % {"unit": plan.issuing_unit.name, "number": plan.number, "year": plan.year}
        ) from None


def import_pending(plan: Plan) -> bool:
    """A roadmap read from the plan's Word file that nobody confirmed yet."""
    plan_import = PlanImport.objects.filter(plan=plan).first()
    return plan_import is not None and plan_import.is_pending


@transaction.atomic
def plan_discard(*, plan: Plan) -> None:
    """Deletes a draft read from a Word file (a wrong file, a second try), with the number
    it was typed with in the register: no document of the app ever carried it."""
    if not plan.is_draft:
        raise ValidationError(_("Only a draft can be deleted."))
    DocumentNumber.objects.filter(key=document_services.key_of(plan), typed=True).delete()
    plan.delete()
