"""Login throttling (django-axes): where an attempt came from, the two limits, and what a
person locked out is told.

django-axes counts wrong passwords per account and address (AXES_LOCKOUT_PARAMETERS) and
locks that pair out after AXES_FAILURE_LIMIT. One password tried against every account is
then never slowed, and axes has a single limit for every parameter set: locking addresses
at five would lock a whole office behind one NAT address out after one person's mistakes.
So, as axes' maintainers advise for a second limit, a handler of our own adds one: an
address with AXES_ADDRESS_FAILURE_LIMIT wrong passwords in the cool-off, whatever the
accounts, is locked out too. Nothing ever locks an account by its name alone, so nobody
can lock a named person out from another address."""

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Sum
from django.shortcuts import render


def client_ip(request) -> str | None:
    """REMOTE_ADDR; behind the TLS proxy (BEHIND_TLS_PROXY), the address that proxy saw,
    which it appends last to X-Forwarded-For (earlier entries are the client's to forge)."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if last := forwarded.rsplit(",", 1)[-1].strip():
            return last
    return request.META.get("REMOTE_ADDR")


def address_failures(request) -> int:
    """Wrong passwords from the request's address within the cool-off, for any account.

    A pair's count runs while its failures keep coming within the cool-off, as axes
    counts it; a successful login clears that person's own failures only."""
    failures = AccessAttempt.objects.filter(
        ip_address=request.axes_ip_address, attempt_time__gte=get_cool_off_threshold(request)
    ).aggregate(total=Sum("failures_since_start"))["total"]
    return failures or 0


def address_is_locked_out(request) -> bool:
    return address_failures(request) >= settings.AXES_ADDRESS_FAILURE_LIMIT


class LoginThrottle(AxesDatabaseHandler):
    """axes' database handler, with the per-address limit beside the per-pair one."""

    def get_failures(self, request, credentials=None) -> int:
        """The failures axes weighs against AXES_FAILURE_LIMIT: the pair's own, or the
        limit itself once the address has used up its allowance across accounts."""
        failures = super().get_failures(request, credentials)
        if address_is_locked_out(request):
            return max(failures, get_failure_limit(request, credentials))
        return failures


def locked_out(request, response, credentials):
    """A page in Vietnamese saying what is locked (this account from here, or every login
    from here) and for how long, with 429 Too Many Requests."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    context = {"cooloff_minutes": minutes, "address_locked": address_is_locked_out(request)}
    return render(request, "registration/locked_out.html", context, status=429)
