"""The number register: every document a unit issues in the app takes the next serial of
its kind and year, or records the number it was typed with, so that none is given twice."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from organizations.models import Unit

from .models import DocumentNumber
from .text import kind_of_number, serial_of_number


def key_of(document) -> str:
    """What a register's line numbers: "plans.plan:4"."""
    return f"{document._meta.label_lower}:{document.pk}"


def _lock_register(unit: Unit) -> None:
    # The unit's row is the register's lock: two documents issued at once wait in turn
    # (SQLite writes one transaction at a time anyway).
    Unit.objects.select_for_update().filter(pk=unit.pk).first()


@transaction.atomic
def take_number(*, unit: Unit, kind: str, year: int, document, title: str, user=None) -> str:
    """The next number of ``unit``'s register of ``kind`` in ``year`` ("12-BC/ĐTN") for
    ``document``; the one it was given before, if it was."""
    _lock_register(unit)
    register = DocumentNumber.objects.filter(unit=unit, year=year, kind=kind)
    given = register.filter(key=key_of(document)).first()
    if given is not None:  # typed on it before (or given, then taken off): the same
        return given.number
    # The one after the last the register gave, past any typed on documents already.
    serial = (register.filter(typed=False).aggregate(last=Max("serial"))["last"] or 0) + 1
    taken = set(register.filter(serial__gte=serial).values_list("serial", flat=True))
    while serial in taken:
        serial += 1
    return DocumentNumber.objects.create(
        unit=unit,
        year=year,
        kind=kind,
        serial=serial,
        number=f"{serial:02d}-{unit.number_symbol(kind)}",
        title=title[:500],
        key=key_of(document),
        given_by=user,
    ).number


def given_elsewhere(*, unit: Unit, year: int, number: str, kind: str, document):
    """The register's line that gave ``number`` to another document than ``document``
    (a form checks it before saving); None when it is free or ``document``'s own."""
    serial, kind = serial_of_number(number), kind_of_number(number) or kind
    if serial is None:
        return None
    given = DocumentNumber.objects.filter(unit=unit, year=year, kind=kind, serial=serial)
    if document is not None and document.pk:
        given = given.exclude(key=key_of(document))
    return given.first()


@transaction.atomic
def record_number(
    *, unit: Unit, number: str, year: int, document, title: str, kind: str = "", user=None
) -> None:
    """Records the number a document was typed with (a plan numbered on paper first), so
    that the register never gives it again. A number that names no serial is no
    register's number: nothing is recorded. One given to another document is refused."""
    serial, kind = serial_of_number(number), kind_of_number(number) or kind
    if serial is None or not kind:
        return
    _lock_register(unit)
    given = given_elsewhere(unit=unit, year=year, number=number, kind=kind, document=document)
    if given is not None:
        raise ValidationError(
            _("Number %(number)s of %(year)s was already given to “%(title)s”.")
            % {"number": given.number, "year": year, "title": given.title}
        )
    mark = {"unit": unit, "year": year, "kind": kind, "serial": serial}
    if DocumentNumber.objects.filter(**mark).exists():
        return  # its own, recorded before
    try:
        with transaction.atomic():
            DocumentNumber.objects.create(
                **mark,
                number=number,
                title=title[:500],
                typed=True,
                key=key_of(document),
                given_by=user,
            )
    except IntegrityError:  # given meanwhile
        raise ValidationError(_("This number has already been given.")) from None
