from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    """The read-only JSON API: the figures of the pages, for other programs."""

    name = "api"
    verbose_name = _("API")
