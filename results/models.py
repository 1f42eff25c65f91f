"""Result requests: what seed 001 asked of every base union through a Google Form link,
"Báo cáo kết quả tổ chức các hoạt động “Ngày đoàn viên” năm 2024 (link tổ chức hoạt động,
đính kèm hình ảnh) … trước 16g00 ngày 24/3/2024", asked and answered in the app.

A request belongs to a plan, or to one of its activities; it is sent to chosen units (all
the issuing unit's base units by default), is due at a moment to the minute, and asks for
any of: the participants count, links, photos, files, free text, and counts of catalogue
metrics. Each unit answers once: draft → submitted → accepted, or returned with a comment
and submitted again, as a monthly report."""

import secrets
from datetime import datetime
from pathlib import Path
from uuid import uuid4

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from config.history import HistoricalRecords
from organizations.models import ScopedQuerySet, Unit
from targets.models import NON_NEGATIVE, Metric

#: A photo straight from a phone's camera may be large: it is made smaller when kept.
MAX_PHOTO_BYTES = 15 * 1024 * 1024


class ResultRequestQuerySet(ScopedQuerySet):
    unit_path_lookup = "plan__issuing_unit__path"

    def visible_from(self, unit: Unit) -> "ResultRequestQuerySet":
        """Requests of plans issued in the unit's subtree, and those sent to the unit."""
        asked = ResultRequest.units.through.objects.filter(unit_id=unit.pk)
        return self.filter(
            models.Q(plan__issuing_unit__path__startswith=unit.path)
            | models.Q(pk__in=asked.values("resultrequest_id"))
        )


class ResultRequest(models.Model):
    plan = models.ForeignKey(
        "plans.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="result_requests",
    )
    activity = models.ForeignKey(
        "plans.Activity",
        verbose_name=_("activity"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="result_requests",
    )
    title = models.CharField(_("title"), max_length=500)
    instructions = models.TextField(_("what to report"), blank=True)
    due_at = models.DateTimeField(_("deadline"))
    asks_participants = models.BooleanField(_("participants count"), default=True)
    asks_links = models.BooleanField(_("links"), default=True)
    asks_photos = models.BooleanField(_("photos"), default=True)
    asks_files = models.BooleanField(_("files"), default=False)
    asks_text = models.BooleanField(_("free text"), default=True)
    metrics = models.ManyToManyField(
        Metric,
        verbose_name=_("counts asked for"),
        blank=True,
        related_name="+",
        help_text=_(
            "Accepted, they count in the progress in the activity's month (or the "
            "deadline's), once beside the units' monthly reports."
        ),
    )
    units = models.ManyToManyField(Unit, verbose_name=_("units asked"), related_name="+")
    #: The month whose figures accepted answers' counts join (``reports.figures``): the
    #: activity's, else the deadline's; set on every save.
    counts_month = models.DateField(_("counted in month"), editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)

    history = HistoricalRecords(excluded_fields=["created_at", "counts_month"])
    objects = ResultRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-due_at", "-pk"]
        verbose_name = _("result request")
        verbose_name_plural = _("result requests")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.counts_month = self.month_counted()
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("results:detail", args=[self.pk])

    def month_counted(self):
        """The month the counts answered belong to: the activity's (its last day, for
        one of several days), else the deadline's."""
        if self.activity is not None:
            day = self.activity.last_day
        else:
            day = timezone.localtime(self.due_at).date()
        return day.replace(day=1)

    def is_managed_by(self, user) -> bool:
        return self.plan.is_managed_by(user)

    def due_moments(self) -> dict[int, datetime]:
        """Each unit's own deadline where it was given more time (one query)."""
        return dict(self.extensions.values_list("unit_id", "due_at"))

    def due_at_for(self, unit_id: int | None) -> datetime:
        """The moment ``unit_id``'s answer is due: its extension's, or the request's."""
        extended = self.extensions.filter(unit_id=unit_id).values_list("due_at", flat=True)
        return extended.first() or self.due_at

    def is_office_of(self, user) -> bool:
        """The user works at the plan's issuing unit or above it: they see every answer,
        where a unit asked sees its own."""
        issuer = self.plan.issuing_unit
        return user.is_superuser or bool(user.unit_id and issuer.is_within(user.unit))


class Answer(models.Model):
    """One unit's answer to a request."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        RETURNED = "returned", _("Returned")
        ACCEPTED = "accepted", _("Accepted")

    request = models.ForeignKey(ResultRequest, on_delete=models.CASCADE, related_name="answers")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="result_answers"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.DRAFT)
    participants = models.PositiveIntegerField(_("participants"), null=True, blank=True)
    links = models.TextField(_("links"), blank=True, help_text=_("One address per line."))
    text = models.TextField(_("results"), blank=True)
    first_submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])
    objects = ScopedQuerySet.as_manager()

    class Meta:
        ordering = ["unit__path"]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="one_answer_per_unit"),
        ]

    def __str__(self) -> str:
        return f"{self.request} · {self.unit}"

    @property
    def is_editable_by_unit(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)

    @property
    def link_list(self) -> list[str]:
        return [line for line in self.links.splitlines() if line.strip()]


class AnswerValue(models.Model):
    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="values")
    metric = models.ForeignKey(Metric, on_delete=models.PROTECT, related_name="+")
    value = models.DecimalField(max_digits=12, decimal_places=2, validators=NON_NEGATIVE)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["answer", "metric"], name="one_value_per_answer_metric"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.metric_id}: {self.value}"


def answer_file_path(instance, filename: str) -> str:
    # A name of our own: what the phone called the file is kept as original_name.
    extension = Path(filename).suffix.lower()
    return (
        f"results/{instance.answer.request_id}/{instance.answer.unit_id}/{uuid4().hex}{extension}"
    )


class AnswerFile(models.Model):
    """A photo (resized, its EXIF data removed) or a document given with an answer."""

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("file"), upload_to=answer_file_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    is_photo = models.BooleanField(default=False)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["uploaded_at", "pk"]
        verbose_name = _("file")
        verbose_name_plural = _("files")

    def __str__(self) -> str:
        return self.original_name


class AnswerEvent(models.Model):
    """A submission or a review of an answer: who, when, with what comment."""

    class Action(models.TextChoices):
        SUBMIT = "submit", _("Submitted")
        ACCEPT = "accept", _("Accepted")
        RETURN = "return", _("Returned")

    answer = models.ForeignKey(Answer, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=10, choices=Action)
    comment = models.TextField(blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.answer_id} {self.action}"


class RequestExtension(models.Model):
    """More time for one unit to answer a request (gia hạn), granted with a reason: its
    answer is judged on time or late by this moment instead of the request's."""

    request = models.ForeignKey(ResultRequest, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey(
        Unit, verbose_name=_("unit"), on_delete=models.CASCADE, related_name="+"
    )
    due_at = models.DateTimeField(_("new due moment"))
    reason = models.CharField(_("reason"), max_length=500)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    granted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [
            models.UniqueConstraint(fields=["request", "unit"], name="one_extension_per_answer"),
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.unit}"


class CalendarFeed(models.Model):
    """A person's calendar feed (iCalendar), at a secret address their phone's calendar
    subscribes to; a new key makes the old address stop working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    key = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("calendar:feed", args=[self.key])

    @staticmethod
    def new_key() -> str:
        return secrets.token_urlsafe(32)
