from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    """Notifications (thông báo): what happened that concerns a person, in the app and by
    e-mail. Its own app because every part that changes someone's work tells them through
    it: monthly reports today, result requests and plans later. It knows nothing of them."""

    name = "notifications"
    verbose_name = _("Notifications")
