from datetime import date
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator, MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from organizations.forms import CleanInputMixin, DateInput, share_choices
from organizations.models import Host, UnitKind
from organizations.text import normalize
from targets.forms import NumberField
from targets.periods import Period

from .filters import MonthField
from .models import (
    ALLOWED_ATTACHMENTS,
    MAX_ATTACHMENT_BYTES,
    MAX_ATTACHMENTS_PER_REPORT,
    PeriodReport,
)
from .services import STALE

TEXT_FIELDS = ["difficulties", "proposals", "next_month_plan", "evidence_links"]


class CountField(NumberField):
    """A count a unit reports (its monthly report, its answer to a request for results)."""

    default_error_messages = {"negative": _("A count cannot be negative.")}


class HeadcountField(CountField):
    """A number of people, typed as the counts are (text, with the phone's number pad): a
    browser's number box reads 12,5 as 125 and drops letters without a word. Whole, from
    ``least`` to ``most``; an int."""

    not_whole = _("A number of people is whole: enter e.g. 12.")

    def __init__(self, *, least: int = 0, most: int, required: bool = True, **kwargs):
        super().__init__(**kwargs)
        self.needed = required
        self.bounds = [MinValueValidator(least), MaxValueValidator(most)]

    def clean(self, value) -> int | None:
        number = super().clean(value)
        if number is None:
            if self.needed:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        errors = []
        for bound in self.bounds:
            try:
                bound(number)
            except ValidationError as error:
                errors.extend(error.error_list)
        if errors:
            raise ValidationError(errors)
        return int(number)


class ReportForm(CleanInputMixin, forms.Form):
    """The counts a month's report asks for, and its free-text parts."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": STALE, "invalid": STALE}
    )
    difficulties = forms.CharField(
        label=_("Difficulties"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    proposals = forms.CharField(
        label=_("Proposals"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    next_month_plan = forms.CharField(
        label=_("Next month's plan"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    evidence_links = forms.CharField(
        label=_("Evidence links"),
        required=False,
        max_length=5000,
        help_text=_("One address per line, e.g. a Facebook post or a Drive folder."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, asked, **kwargs):
        super().__init__(*args, **kwargs)
        self.asked = asked
        for item in asked:
            self.fields[f"m-{item.metric.pk}"] = CountField(
                label=item.metric.name, decimal_places=item.metric.decimal_places
            )

    def clean_evidence_links(self) -> str:
        links = [line.strip() for line in self.cleaned_data["evidence_links"].splitlines()]
        links = [link for link in links if link]
        validator = forms.URLField()
        for link in links:
            try:
                validator.clean(link)
            except forms.ValidationError:
                raise forms.ValidationError(
                    _("“%(link)s” is not a web address (it should start with https://).")
                    % {"link": link[:80]}
                ) from None
        return "\n".join(links)

    def note_fields(self):
        return [self[name] for name in TEXT_FIELDS]

    def metric_rows(self):
        for item in self.asked:
            yield item, self[f"m-{item.metric.pk}"]

    def values(self) -> dict:
        return {item.metric: self.cleaned_data.get(f"m-{item.metric.pk}") for item in self.asked}

    def texts(self) -> dict[str, str]:
        return {name: self.cleaned_data[name] for name in TEXT_FIELDS}


class BranchForm(CleanInputMixin, forms.Form):
    """One chi đoàn or chi hội founded in the month. A line already saved carries its id,
    so that saving the form again updates it instead of replacing it."""

    id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=UnitKind.objects.none())
    host = forms.ModelChoiceField(
        label=_("Host from the registry"),
        queryset=Host.objects.none(),
        required=False,
        empty_label=_("— a new host —"),
    )
    new_host_name = forms.CharField(label=_("Or a new host"), max_length=255, required=False)
    new_host_kind = forms.ChoiceField(
        label=_("Kind of the new host"), choices=[("", "—"), *Host.Kind.choices], required=False
    )
    founded_on = forms.DateField(label=_("Founding date"), widget=DateInput)
    members = HeadcountField(label=_("Members at founding"), least=1, most=10000)

    def __init__(self, *args, unit, month, shared=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.month = Period.month(month.year, month.month)
        self.fields["kind"].queryset = UnitKind.objects.filter(is_branch=True)
        self.fields["host"].queryset = Host.objects.filter(unit=unit).order_by("name")
        share_choices(self, ("kind", "host"), shared, looked_up=("kind",))

    def clean_name(self) -> str:
        return normalize(self.cleaned_data["name"])

    def clean_new_host_name(self) -> str:
        return normalize(self.cleaned_data.get("new_host_name", ""))

    def clean_founded_on(self):
        day = self.cleaned_data["founded_on"]
        if not (self.month.start <= day <= self.month.end):
            raise forms.ValidationError(
                _("The founding date must fall within %(month)s.") % {"month": self.month.label}
            )
        return day

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("host") and not cleaned.get("new_host_name"):
            self.add_error("host", _("Pick a host from the registry or name a new one."))
        new_host = cleaned.get("new_host_name") and not cleaned.get("host")
        if new_host and not cleaned.get("new_host_kind"):
            self.add_error("new_host_kind", _("Say what kind of host it is."))
        return cleaned


MAX_BRANCH_LINES = 50


class BaseBranchFormSet(forms.BaseFormSet):
    """The founding lines of a report: the lines saved so far (each with its id), then new
    ones. A saved line goes only when the secretary ticks it and confirms; a new line can
    simply be left out."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        saved = index is not None and index < self.initial_form_count()
        form.fields["DELETE"].label = (
            _("Delete this line when saving") if saved else _("Leave this line out")
        )

    @property
    def is_saved_line(self):
        return [i < self.initial_form_count() for i in range(self.total_form_count())]

    def lines_to_delete(self) -> list[int]:
        """Ids of the saved lines ticked for deletion (the formset has been validated)."""
        return [
            form.cleaned_data["id"]
            for form in self.initial_forms
            if form.cleaned_data.get("DELETE") and form.cleaned_data.get("id")
        ]

    def lines_to_keep(self) -> list[forms.Form]:
        """Saved lines (whether changed or not) and new lines with something typed."""
        return [
            form
            for i, form in enumerate(self.forms)
            if form.cleaned_data
            and not form.cleaned_data.get("DELETE")
            and (i < self.initial_form_count() or form.has_changed())
        ]


# A forged TOTAL_FORMS builds no more forms than a month's report may hold.
BranchFormSet = forms.formset_factory(
    BranchForm,
    formset=BaseBranchFormSet,
    extra=1,
    can_delete=True,
    max_num=MAX_BRANCH_LINES,
    absolute_max=MAX_BRANCH_LINES,
)


def with_one_more_line(data, prefix: str = "cd"):
    """The posted form with one more (empty) founding line, up to the most a report holds:
    what "Add a chi đoàn / chi hội" does when no script runs in the browser."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key, 0))
    except ValueError:
        total = 0
    data[key] = str(min(max(total, 0) + 1, MAX_BRANCH_LINES))
    return data


class ReturnForm(CleanInputMixin, forms.Form):
    comment = forms.CharField(
        label=_("What should the unit correct?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ReopenForm(CleanInputMixin, forms.Form):
    reason = forms.CharField(
        label=_("Why reopen this accepted report?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


# The first bytes of each allowed type: a renamed .exe is refused whatever its name says.
SIGNATURES = {
    ".pdf": (b"%PDF-",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
}


def checked_attachment(upload, *, largest=None):
    """An uploaded file as evidence may be: an allowed type, whose content matches its
    name, of at most 5 MB (or ``largest(extension)`` bytes); otherwise a ValidationError in
    Vietnamese naming the file."""
    extension = Path(upload.name).suffix.lower()
    if extension not in ALLOWED_ATTACHMENTS:
        raise forms.ValidationError(
            _("“%(name)s”: files of this type cannot be attached. Use PDF, JPG, PNG, DOCX or XLSX.")
            % {"name": upload.name[:80]}
        )
    most = largest(extension) if largest else MAX_ATTACHMENT_BYTES
    if upload.size > most:
        raise forms.ValidationError(
            _("“%(name)s” is %(size)s MB; at most %(most)s MB can be attached.")
            % {
                "name": upload.name[:80],
                "size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ","),
                "most": most // (1024 * 1024),
            }
        )
    head = upload.read(16)
    upload.seek(0)
    if not head.startswith(SIGNATURES[extension]):
        raise forms.ValidationError(
            _("“%(name)s”: the file's content does not match its name (%(extension)s).")
            % {"name": upload.name[:80], "extension": extension}
        )
    return upload


def checked_each(files: list, check) -> list:
    """``files``, each passed to ``check``; the messages of every file refused at once (a
    phone's five photos, two of them too large: both named)."""
    errors = []
    for upload in files:
        try:
            check(upload)
        except forms.ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise forms.ValidationError(errors)
    return files


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Photo or document"),
        help_text=_("PDF, JPG, PNG, DOCX or XLSX, at most 5 MB."),
    )

    def clean_file(self):
        return checked_attachment(self.cleaned_data["file"])


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files chosen at once in one file input."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data]
        return [super(MultipleFileField, self).clean(item, initial) for item in files if item]


class ReportFilesForm(forms.Form):
    """The attachments part of the report form: files chosen to add, files of the draft
    ticked for deletion."""

    files = MultipleFileField(
        label=_("Add photos or documents"),
        required=False,
        help_text=_(
            "PDF, JPG, PNG, DOCX or XLSX, at most 5 MB each and %(n)s per report. "
            "Several files can be chosen at once."
        )
        % {"n": MAX_ATTACHMENTS_PER_REPORT},
    )
    remove = forms.TypedMultipleChoiceField(
        label=_("Delete when saving"),
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, attachments, **kwargs):
        super().__init__(*args, **kwargs)
        self.attachments = list(attachments)
        self.fields["remove"].choices = [(a.pk, a.original_name) for a in self.attachments]

    def clean_files(self):
        return checked_each(self.cleaned_data["files"], checked_attachment)

    def clean(self):
        cleaned = super().clean()
        removed = len(cleaned.get("remove") or [])
        kept = len(self.attachments) - removed + len(cleaned.get("files") or [])
        if kept > MAX_ATTACHMENTS_PER_REPORT:
            self.add_error(
                "files",
                _(
                    "A report holds at most %(n)s attachments: it already has %(has)s. "
                    "Choose fewer files, or delete some first."
                )
                % {"n": MAX_ATTACHMENTS_PER_REPORT, "has": len(self.attachments) - removed},
            )
        return cleaned


class ExtensionForm(CleanInputMixin, forms.Form):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    month = forms.DateField(
        label=_("Report of the month"),
        widget=DateInput,
        help_text=_("Any day of that month, e.g. 01/03/2024."),
    )
    due_on = forms.DateField(label=_("New due date"), widget=DateInput)
    due_time = forms.TimeField(label=_("New due time"), initial="16:00")
    reason = forms.CharField(label=_("Reason"), max_length=500)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units

    def clean(self):
        cleaned = super().clean()
        unit, month = cleaned.get("unit"), cleaned.get("month")
        if unit and month and not unit.owes_report_of(month):
            # A ward dissolved on 01/07/2025 may be given more time for June, not for July.
            self.add_error(
                "month",
                _(
                    "%(unit)s owes no report of %(month)s: it did not exist at the end of "
                    "that month."
                )
                % {"unit": unit.name, "month": f"{month:%m/%Y}"},
            )
        return cleaned


class PeriodChoiceForm(CleanInputMixin, forms.Form):
    """The period of a new results report: a half, a year, a quarter, or months."""

    FIRST_HALF, SECOND_HALF, YEAR, RANGE = "6-thang-dau", "6-thang-cuoi", "ca-nam", "tuy-chon"
    QUARTERS = ("quy-1", "quy-2", "quy-3", "quy-4")

    ky = forms.ChoiceField(
        label=_("Period"),
        choices=[
            (FIRST_HALF, _("The first six months")),
            (SECOND_HALF, _("The last six months")),
            (YEAR, _("The whole year")),
            ("quy-1", _("Quarter I")),
            ("quy-2", _("Quarter II")),
            ("quy-3", _("Quarter III")),
            ("quy-4", _("Quarter IV")),
            (RANGE, _("From month to month")),
        ],
    )
    nam = forms.IntegerField(label=_("Year"), required=False, min_value=1945, max_value=2100)
    tu = MonthField(label=_("From"), required=False)
    den = MonthField(label=_("To"), required=False)

    def clean(self):
        data = super().clean()
        kind, year = data.get("ky"), data.get("nam")
        if kind == self.RANGE:
            first, last = data.get("tu"), data.get("den")
            for name in ("tu", "den"):
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, _("Choose a month."))
            if first and last and first > last:
                self.add_error("den", _("The last month comes before the first."))
            elif first and last and (last.year - first.year) * 12 + last.month - first.month >= 24:
                self.add_error("den", _("A results report covers at most 24 months."))
            elif first and last:
                data["months"] = (first, last)
        elif kind and not year:
            if "nam" not in self.errors:
                self.add_error("nam", _("Enter the year."))
        elif kind:
            if kind in self.QUARTERS:
                first_month = self.QUARTERS.index(kind) * 3 + 1
                months = (first_month, first_month + 2)
            else:
                months = {self.FIRST_HALF: (1, 6), self.SECOND_HALF: (7, 12), self.YEAR: (1, 12)}[
                    kind
                ]
            data["months"] = (date(year, months[0], 1), date(year, months[1], 1))
        return data


class PeriodReportForm(CleanInputMixin, forms.ModelForm):
    """What staff write in a results report, and who signs it."""

    version = forms.IntegerField(
        widget=forms.HiddenInput, error_messages={"required": STALE, "invalid": STALE}
    )

    class Meta:
        model = PeriodReport
        fields = [
            "highlights",
            "shortcomings",
            "proposals",
            "directions",
            "signing_on_behalf",
            "signer_position",
            "signer_name",
            "recipients",
        ]
        widgets = {
            "highlights": forms.Textarea(attrs={"rows": 8}),
            "shortcomings": forms.Textarea(attrs={"rows": 6}),
            "proposals": forms.Textarea(attrs={"rows": 4}),
            "directions": forms.Textarea(attrs={"rows": 6}),
            "recipients": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["version"].initial = self.instance.version
        for name in ("highlights", "shortcomings", "proposals", "directions"):
            self.fields[name].max_length = 20000
            self.fields[name].validators.append(MaxLengthValidator(20000))
