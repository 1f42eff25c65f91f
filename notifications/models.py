from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class NotificationQuerySet(models.QuerySet):
    def for_user(self, user) -> "NotificationQuerySet":
        """A notification is its recipient's alone: anyone else gets a 404."""
        if not (user and user.is_authenticated):
            return self.none()
        return self.filter(recipient=user)

    def unread(self) -> "NotificationQuerySet":
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    """A notification (thông báo): one person told of one thing that happened to their work,
    e.g. "Báo cáo tháng 03/2024 bị trả lại", with the words to read and where to act.

    Shown in the app until read, and e-mailed once to the person's address. The e-mail has
    a state of its own, so that a mail server that is down delays it (the daily job tries
    again) instead of losing it or stopping the change it tells of."""

    class Email(models.TextChoices):
        PENDING = "pending", _("Waiting to be sent")
        SENDING = "sending", _("Being sent")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        NONE = "none", _("Not e-mailed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("notification", "recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    # What happened ("report-returned", "reminder-overdue"...), named by the app telling it.
    kind = models.CharField(_("kind"), max_length=40)
    # The event told of: each person is told of each event once, however often it is asked.
    key = models.CharField(max_length=200)
    title = models.CharField(pgettext_lazy("notification", "title"), max_length=300)
    body = models.TextField(_("text"), blank=True)
    link = models.CharField(
        _("link"), max_length=500, blank=True, help_text=_("A path inside the site.")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    email_status = models.CharField(
        _("e-mail"), max_length=10, choices=Email, default=Email.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(_("e-mail attempts"), default=0)
    email_tried_at = models.DateTimeField(_("last e-mail attempt"), null=True, blank=True)
    email_sent_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)
    email_error = models.TextField(_("last e-mail error"), blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], name="one_notification_per_recipient_and_event"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_list"),
            models.Index(
                fields=["recipient"],
                condition=Q(read_at__isnull=True),
                name="notification_unread",
            ),
            models.Index(
                fields=["email_status"],
                # OR of equalities, not IN: pg_dump prints an IN over varchar back differently,
                # and the backup check compares the schema.
                condition=Q(email_status="pending") | Q(email_status="failed"),
                name="notification_email_owed",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
