from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from organizations.forms import CleanInputMixin, DateInput, moment_of
from organizations.models import Unit
from reports.forms import (
    CountField,
    HeadcountField,
    MultipleFileField,
    checked_attachment,
    checked_each,
)
from reports.models import MAX_ATTACHMENT_BYTES
from targets.checks import written
from targets.models import Metric

from .models import MAX_PHOTO_BYTES, Answer, ResultRequest
from .photos import PHOTO_EXTENSIONS
from .services import MAX_FILES_PER_ANSWER

#: the most participants an answer can hold (the column's bound on PostgreSQL)
MOST_PARTICIPANTS = 2_147_483_647


class RequestForm(CleanInputMixin, forms.ModelForm):
    """A request of a plan: what to report, by when (a day and a time to the minute), from
    which units (all the issuing unit's base units unless fewer are ticked)."""

    due_on = forms.DateField(label=_("Deadline (day)"), widget=DateInput)
    due_time = forms.TimeField(
        label=_("Deadline (time)"), widget=forms.TimeInput(attrs={"placeholder": "16:00"})
    )

    class Meta:
        model = ResultRequest
        fields = [
            "title",
            "activity",
            "instructions",
            "asks_participants",
            "asks_links",
            "asks_photos",
            "asks_files",
            "asks_text",
            "metrics",
            "units",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "instructions": forms.Textarea(attrs={"rows": 3}),
            "metrics": forms.CheckboxSelectMultiple,
            "units": forms.CheckboxSelectMultiple,
        }

    field_order = ["title", "activity", "due_on", "due_time", "instructions"]

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["activity"].queryset = plan.activities.all()
        self.fields["metrics"].queryset = Metric.objects.filter(
            Q(owner_unit__isnull=True) | Q(owner_unit=plan.issuing_unit_id),
            source=Metric.Source.REPORTED,
            is_active=True,
        ).order_by("order", "name")
        units = Unit.objects.filter(
            parent=plan.issuing_unit, kind__is_branch=False
        ).existing_during(plan.starts_on, plan.ends_on)
        self.fields["units"].queryset = units.order_by("path")
        if not self.is_bound and not self.instance.pk:
            self.initial.setdefault("units", list(units.values_list("pk", flat=True)))
        if self.instance.pk:
            due = timezone.localtime(self.instance.due_at)
            self.initial.update(due_on=due.date(), due_time=due.time().replace(second=0))

    def clean(self):
        cleaned = super().clean()
        day, moment = cleaned.get("due_on"), cleaned.get("due_time")
        if day and moment:
            cleaned["due_at"] = moment_of(day, moment)
        return cleaned


def checked_answer_file(upload):
    """A photo (JPG, PNG, at most 15 MB: it is made smaller) or a document (PDF, DOCX,
    XLSX, at most 5 MB), as a report's attachments are checked."""
    return checked_attachment(
        upload,
        largest=lambda extension: (
            MAX_PHOTO_BYTES if extension in PHOTO_EXTENSIONS else MAX_ATTACHMENT_BYTES
        ),
    )


class AnswerForm(CleanInputMixin, forms.ModelForm):
    """A unit's answer, on a phone: only what the request asks for, a count per metric,
    photos straight from the camera, files; a draft is kept as typed."""

    files = MultipleFileField(label=_("Add photos or files"), required=False)
    remove = forms.TypedMultipleChoiceField(
        label=_("Delete when saving"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Answer
        fields = ["participants", "links", "text"]
        widgets = {
            "links": forms.Textarea(attrs={"rows": 3, "inputmode": "url"}),
            "text": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, request: ResultRequest, metrics, stored_files, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.metrics = list(metrics)
        self.stored_files = list(stored_files)
        if not request.asks_participants:
            del self.fields["participants"]
        else:  # typed as the counts below: a browser's number box would read 12,5 as 125
            self.fields["participants"] = HeadcountField(
                label=capfirst(Answer._meta.get_field("participants").verbose_name),
                initial=written(self.instance.participants),
                most=MOST_PARTICIPANTS,
                required=False,
            )
        if not request.asks_links:
            del self.fields["links"]
        if not request.asks_text:
            del self.fields["text"]
        if not (request.asks_photos or request.asks_files):
            del self.fields["files"]
            del self.fields["remove"]
        else:
            accept = []
            if request.asks_photos:
                accept.append("image/jpeg,image/png")
            if request.asks_files:
                accept.append(".pdf,.docx,.xlsx")
            self.fields["files"].widget.attrs["accept"] = ",".join(accept)
            self.fields["files"].help_text = _(
                "Photos (JPG, PNG, made smaller and without their location data) or PDF, "
                "DOCX, XLSX of at most 5 MB; %(n)s files at most. Several can be chosen at once."
            ) % {"n": MAX_FILES_PER_ANSWER}
            self.fields["remove"].choices = [(f.pk, f.original_name) for f in self.stored_files]
        values = (
            {v.metric_id: v.value for v in self.instance.values.all()} if self.instance.pk else {}
        )
        for metric in self.metrics:
            # Typed as on the monthly report: "35,5" or "35.5", whole where the metric is.
            self.fields[f"m-{metric.pk}"] = CountField(
                label=f"{metric.name} ({metric.unit_of_measure})",
                decimal_places=metric.decimal_places,
                initial=written(values.get(metric.pk)),
            )

        self.order_fields(
            ["participants", *(f"m-{m.pk}" for m in self.metrics), "links", "text", "files"]
        )

    @property
    def count_fields(self):
        return [self[f"m-{m.pk}"] for m in self.metrics]

    def clean_files(self):
        return checked_each(self.cleaned_data.get("files") or [], checked_answer_file)

    def clean(self):
        cleaned = super().clean()
        if "files" in self.fields:
            kept = len(self.stored_files) - len(cleaned.get("remove") or [])
            if kept + len(cleaned.get("files") or []) > MAX_FILES_PER_ANSWER:
                self.add_error(
                    "files",
                    _("An answer holds at most %(n)s files.") % {"n": MAX_FILES_PER_ANSWER},
                )
        return cleaned

    @property
    def values(self) -> dict:
        return {m.pk: self.cleaned_data.get(f"m-{m.pk}") for m in self.metrics}


class ExtensionForm(CleanInputMixin, forms.Form):
    due_on = forms.DateField(label=_("New due date"), widget=DateInput)
    due_time = forms.TimeField(
        label=_("New due time"), widget=forms.TimeInput(attrs={"placeholder": "16:00"})
    )
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, request: ResultRequest, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        cleaned = super().clean()
        day, moment = cleaned.get("due_on"), cleaned.get("due_time")
        if day and moment:
            due_at = moment_of(day, moment)
            if due_at <= self.request.due_at:
                self.add_error(
                    "due_on",
                    _("More time ends after the request's own deadline, %(due)s.")
                    % {"due": f"{timezone.localtime(self.request.due_at):%H:%M %d/%m/%Y}"},
                )
            cleaned["due_at"] = due_at
        return cleaned


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment to the unit"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
