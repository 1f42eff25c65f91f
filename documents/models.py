from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import Unit

from .text import KINDS


class DocumentNumber(models.Model):
    """A number of a unit's register (sổ đăng ký văn bản): one serial per unit, year and
    kind of document, given once and never again, even if what it numbered is deleted."""

    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="document_numbers"
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind of document"), max_length=4, choices=KINDS.items())
    serial = models.PositiveIntegerField(_("serial"))
    number = models.CharField(_("number"), max_length=100, help_text=_("As printed: 12-BC/ĐTN."))
    title = models.CharField(_("document"), max_length=500)
    typed = models.BooleanField(
        _("typed"), default=False, help_text=_("Typed on the document, not given by the register.")
    )
    key = models.CharField(
        max_length=100, db_index=True, editable=False, help_text="plans.plan:4: what it numbers"
    )
    given_at = models.DateTimeField(_("given at"), auto_now_add=True)
    given_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["unit", "-year", "kind", "-serial"]
        verbose_name = _("document number")
        verbose_name_plural = _("document numbers")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "year", "kind", "serial"],
                name="document_number_once_per_register",
                violation_error_message=_("This number has already been given."),
            )
        ]

    def __str__(self) -> str:
        return self.number
