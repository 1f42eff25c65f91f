from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    """Plan documents (Kế hoạch): header, sections, timeline, revisions."""

    name = "plans"
    verbose_name = _("Plans")
