from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResultsConfig(AppConfig):
    """Result requests (yêu cầu báo cáo kết quả): a plan or one of its activities asks
    chosen units for their results by a deadline to the minute, and each answers once."""

    name = "results"
    verbose_name = _("Result requests")
