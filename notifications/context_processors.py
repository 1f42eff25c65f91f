from django.utils.functional import SimpleLazyObject

from .selectors import unread_count


def unread_notifications(request) -> dict:
    """The count of unread notifications the menu shows: one query, made only by a page
    that shows it, and none for anonymous visitors."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"unread_notifications": 0}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user=user))}
