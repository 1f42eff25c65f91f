"""The pages of requests the app refuses before any view sees them."""

from django.conf import settings
from django.core.exceptions import TooManyFieldsSent
from django.shortcuts import render


def bad_request(request, exception):
    """400: a form posting more fields than one request may carry is told so in words, the
    rest (a forged or broken request) plainly."""
    return render(
        request,
        "400.html",
        {
            "too_many_fields": isinstance(exception, TooManyFieldsSent),
            "limit": settings.DATA_UPLOAD_MAX_NUMBER_FIELDS,
        },
        status=400,
    )
