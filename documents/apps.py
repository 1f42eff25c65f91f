from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    """The Đoàn's document rules that plans, reports and result requests share: the
    issuing body's lines, the place and date line, numbers from a register, legal bases
    and recipients as the seeds write them."""

    name = "documents"
    verbose_name = _("Documents")
