"""Login throttling (django-axes): where an attempt came from, and what a person locked
out is told."""

from django.conf import settings
from django.shortcuts import render


def client_ip(request) -> str | None:
    """REMOTE_ADDR; behind the TLS proxy (BEHIND_TLS_PROXY), the address that proxy saw,
    which it appends last to X-Forwarded-For (earlier entries are the client's to forge)."""
    if settings.BEHIND_TLS_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if last := forwarded.rsplit(",", 1)[-1].strip():
            return last
    return request.META.get("REMOTE_ADDR")


def locked_out(request, response, credentials):
    """A page in Vietnamese saying how long to wait, with 429 Too Many Requests."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
