"""Writes to plan documents."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from organizations.text import normalize
from targets.models import RoadmapVersion

from .models import Plan

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
    RoadmapVersion.objects.create(plan=plan, number=1, created_by=user)
    return plan


@transaction.atomic
def plan_update(*, plan: Plan, **fields) -> Plan:
    for name, value in _normalized(fields).items():
        setattr(plan, name, value)
    plan.full_clean()
    plan.save()
    return plan


TRANSITIONS = {
    # action: (from, to)
    "issue": (Plan.Status.DRAFT, Plan.Status.ISSUED),
    "close": (Plan.Status.ISSUED, Plan.Status.CLOSED),
    "reopen": (Plan.Status.CLOSED, Plan.Status.ISSUED),
}


@transaction.atomic
def plan_transition(*, plan: Plan, action: str) -> Plan:
    """Draft → issued → closed (and a closed plan reopened). Claimed with a conditional
    UPDATE so that two clicks at once cannot both move it."""
    source, target = TRANSITIONS[action]
    moved = Plan.objects.filter(pk=plan.pk, status=source).update(status=target)
    if not moved:
        raise ValidationError(_("The plan is no longer in a state that allows this."))
    plan.refresh_from_db()
    return plan
