"""A mail server that is down, as the app meets it: a backend whose every sending raises
the error smtplib raises when the server drops the connection. Set it with
``settings.MAILERS = REFUSING``."""

import smtplib

from django.core.mail.backends.base import BaseEmailBackend


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")


REFUSING = {"default": {"BACKEND": "tests.notifications.mail.RefusingBackend"}}
WORKING = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
