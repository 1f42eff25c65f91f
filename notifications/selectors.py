"""Reads that feed the notification pages."""

from .models import Notification


def notifications_of(*, user):
    """The user's notifications, newest first."""
    return Notification.objects.for_user(user).order_by("-created_at", "-pk")


def unread_count(*, user) -> int:
    """How many of the user's notifications are unread: one query."""
    return Notification.objects.for_user(user).unread().count()
