"""Writes to the organisation tree. Each keeps ``Unit.path`` and ``Unit.depth`` in step
with ``Unit.parent`` so that subtree queries stay single prefix matches."""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat, Length, Substr
from django.utils.translation import gettext as _

from .models import Host, Unit, UnitKind, User, path_segment
from .text import fold, normalize, vietnamese_slug


def _figures():
    """The figure table (``reports.figures``), which every write to the tree keeps in step:
    a branch counts from its founding date under the unit it was founded in. Imported when
    used: the reports app builds on this one."""
    from reports import figures

    return figures


@transaction.atomic
def unit_create(
    *,
    parent: Unit | None,
    kind: UnitKind,
    name: str,
    slug: str = "",
    host: Host | None = None,
    founded_on=None,
    is_active: bool = True,
    official_code: str = "",
    dissolved_on=None,
    successor: Unit | None = None,
    **document_fields: str,
) -> Unit:
    """Adds a unit under ``parent`` (or a new root) and gives it its place in the tree;
    one entered as history may be dissolved already (``dissolved_on``, merged into
    ``successor``). ``document_fields``: how its documents name it (``document_name``,
    ``document_upper``, ``locality``, ``document_symbol``), when not made from its name."""
    name = normalize(name)
    unit = Unit(
        parent=parent,
        kind=kind,
        name=name,
        slug=slug or vietnamese_slug(name),
        host=host,
        founded_on=founded_on,
        is_active=is_active,
        official_code=official_code,
        dissolved_on=dissolved_on,
        successor=successor,
        **{name: normalize(value) for name, value in document_fields.items()},
        depth=parent.depth + 1 if parent else 0,
        # The real path needs the primary key; a unique placeholder holds its place.
        path=f"new-{uuid.uuid4().hex}",
    )
    unit.full_clean(exclude=["path"])
    unit.save()
    unit.path = (parent.path if parent else "") + path_segment(unit.pk)
    unit.save(update_fields=["path"])
    _figures().add(_figures().of_branches([unit]))
    return unit


@transaction.atomic
def unit_update(*, unit: Unit, fields: list[str]) -> Unit:
    """Saves ``fields`` of ``unit`` as changed in a form (not its parent: ``unit_move``);
    a branch whose kind or founding date changed is counted anew."""
    before = Unit.objects.select_related("kind", "parent").get(pk=unit.pk)
    unit.save(update_fields=fields)
    after = Unit.objects.select_related("kind", "parent").get(pk=unit.pk)
    figures = _figures()
    figures.add(figures.of_branches([after]), minus=figures.of_branches([before]))
    return unit


@transaction.atomic
def unit_delete(*, unit: Unit) -> None:
    """Deletes a unit nothing depends on (no units below it, no reports) and what it
    counted."""
    figures = _figures()
    counted = figures.of_branches([Unit.objects.select_related("kind", "parent").get(pk=unit.pk)])
    unit.delete()
    figures.add(figures.Counted(), minus=counted)


@transaction.atomic
def unit_bulk_create(*, units: list[Unit]) -> list[Unit]:
    """Adds many units at once (the wards of the official list, the branches of the demo's
    accepted reports) in a handful of queries, each given the place in the tree that
    ``unit_create`` would give it. Their parents must be saved already; names are
    normalised and empty slugs made from them as ``unit_create`` does, but nothing else is
    checked: the caller gives slugs free among their siblings."""
    for unit in units:
        unit.name = normalize(unit.name)
        unit.slug = unit.slug or vietnamese_slug(unit.name)
        unit.depth = unit.parent.depth + 1 if unit.parent else 0
        unit.path = f"new-{uuid.uuid4().hex}"
        # bulk_create does not call save(), which keeps the folded name beside the name.
        unit.search_name = fold(" ".join(getattr(unit, f) for f in Unit.search_fields))
    Unit.objects.bulk_create(units, batch_size=500)
    for unit in units:
        unit.path = (unit.parent.path if unit.parent else "") + path_segment(unit.pk)
    Unit.objects.bulk_update(units, ["path"], batch_size=500)
    _figures().add(_figures().of_branches(units))
    return units


@transaction.atomic
def unit_move(*, unit: Unit, parent: Unit | None) -> Unit:
    """Puts ``unit`` and its whole subtree under ``parent`` with one UPDATE."""
    if parent is not None and parent.is_within(unit):
        raise ValidationError(_("A unit cannot be moved under itself or one of its own units."))
    old_prefix = unit.path
    new_prefix = (parent.path if parent else "") + path_segment(unit.pk)
    depth_change = (parent.depth + 1 if parent else 0) - unit.depth
    figures = _figures()
    before = figures.of_branches([Unit.objects.select_related("kind", "parent").get(pk=unit.pk)])
    Unit.objects.filter(pk=unit.pk).update(parent=parent)
    Unit.objects.filter(path__startswith=old_prefix).update(
        path=Concat(Value(new_prefix), Substr("path", len(old_prefix) + 1, Length("path"))),
        depth=F("depth") + depth_change,
    )
    unit.refresh_from_db()
    figures.moved(unit, old_path=old_prefix, new_path=new_prefix)
    after = figures.of_branches([Unit.objects.select_related("kind", "parent").get(pk=unit.pk)])
    figures.add(after, minus=before)
    return unit


def user_create(
    *,
    username: str,
    password: str | None,
    unit: Unit | None,
    role: str,
    full_name: str = "",
    position: str = "",
    email: str = "",
) -> User:
    """A person who signs in at ``unit`` with ``role``; administrators may use the admin."""
    user = User(
        username=username,
        unit=unit,
        role=role,
        full_name=normalize(full_name),
        position=normalize(position),
        email=email,
        is_staff=role == User.Role.ADMINISTRATOR,
    )
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user
