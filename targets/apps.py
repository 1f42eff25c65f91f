from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    """The metric catalogue and each plan's roadmap of targets (chỉ tiêu, lộ trình)."""

    name = "targets"
    verbose_name = _("Targets")
