from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from . import selectors, services
from .models import Notification

PAGE_SIZE = 20


def notification_list(request):
    """The person's notifications, newest first, the unread ones marked."""
    page = Paginator(selectors.notifications_of(user=request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "notifications/list.html", {"page": page})


@require_POST
def notification_open(request, pk: int):
    """Marks the notification read and goes where it points."""
    notification = get_object_or_404(Notification.objects.for_user(request.user), pk=pk)
    services.notification_read(notification=notification)
    # Links are written by the app, always inside the site; anything else is not followed.
    if notification.link and url_has_allowed_host_and_scheme(
        notification.link, allowed_hosts=None, require_https=False
    ):
        return redirect(notification.link)
    return redirect("notifications:list")


@require_POST
def notification_read_all(request):
    count = services.notifications_read_all(user=request.user)
    if count:
        messages.success(
            request,
            ngettext(
                "%(count)s notification marked as read.",
                "%(count)s notifications marked as read.",
                count,
            )
            % {"count": count},
        )
    return redirect("notifications:list")
