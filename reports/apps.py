from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _install_triggers(sender, using, **kwargs):
    from . import live

    live.install_triggers(using)


class ReportsConfig(AppConfig):
    """Monthly reports (báo cáo tháng), progress against the roadmap, exports."""

    name = "reports"
    verbose_name = _("Reports")

    def ready(self):
        # After every migrate (and every flush of the test suite's transactional tests),
        # the live cache's triggers are on every table pages read.
        post_migrate.connect(_install_triggers, sender=self, dispatch_uid="live_triggers")
