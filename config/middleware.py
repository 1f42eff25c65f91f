"""Middleware of our own."""

from django.conf import settings
from django.shortcuts import render


class RequestSizeLimitMiddleware:
    """Refuses a request whose body is announced larger than MAX_REQUEST_BYTES, with 413
    and a page in Vietnamese, before anything reads the body (files are then never
    written to the disk). The largest page the app sends, a monthly report with its most
    attachments, stays under the default.

    A body sent without Content-Length (chunked) is not read by Django at all; the proxy in
    front (nginx's client_max_body_size, README) caps those and turns them into requests
    with a length. Form fields apart from files are capped by Django itself
    (DATA_UPLOAD_MAX_MEMORY_SIZE)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0  # Django reads nothing of a body whose length it cannot read
        if length > settings.MAX_REQUEST_BYTES:
            return render(
                request,
                "413.html",
                {"limit_mb": settings.MAX_REQUEST_BYTES // (1024 * 1024)},
                status=413,
            )
        return self.get_response(request)
