from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    """Monthly reports (báo cáo tháng), progress against the roadmap, exports."""

    name = "reports"
    verbose_name = _("Reports")
