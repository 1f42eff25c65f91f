"""Personal API tokens (khóa truy cập API): how a program reads the API as a person."""

import hashlib
import secrets

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from organizations.models import ScopedQuerySet


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(ScopedQuerySet):
    unit_path_lookup = "user__unit__path"

    def issue(self, *, user, name: str = "") -> tuple["ApiToken", str]:
        """A new token for ``user`` and its key, which is never stored: shown once, then
        only its hash is kept."""
        key = secrets.token_urlsafe(32)
        return self.create(user=user, name=name, key_hash=key_hash(key)), key

    def holding(self, key: str) -> "ApiToken | None":
        """The token of an active user that ``key`` opens, with the user and their unit."""
        return (
            self.select_related("user__unit__kind")
            .filter(key_hash=key_hash(key), user__is_active=True)
            .first()
        )


class ApiToken(models.Model):
    """A personal token: a program that sends it reads the API as its user, who sees
    what they see on the pages. Deleting the token revokes it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, blank=True, help_text=_("What the token is for.")
    )
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.user}: {self.name}" if self.name else str(self.user)
