from pathlib import Path

from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.forms import CleanInputMixin, DateInput
from organizations.models import Host, UnitKind
from organizations.text import normalize
from targets.forms import NumberField
from targets.periods import Period

from .models import ALLOWED_ATTACHMENTS, MAX_ATTACHMENT_BYTES

TEXT_FIELDS = ["difficulties", "proposals", "next_month_plan", "evidence_links"]


# A version the page did not send (or sent garbled) is a page to reload, as a stale one.
STALE = _(
    "Someone else saved this report while you were editing it. Your changes were "
    "not saved: reload the page to see the latest version, then make them again."
)


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
            self.fields[f"m-{item.metric.pk}"] = NumberField(
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
    """One chi đoàn or chi hội founded in the month."""

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
    members = forms.IntegerField(label=_("Members at founding"), min_value=1, max_value=10000)

    def __init__(self, *args, unit, month, **kwargs):
        super().__init__(*args, **kwargs)
        self.month = Period.month(month.year, month.month)
        self.fields["kind"].queryset = UnitKind.objects.filter(is_branch=True)
        self.fields["host"].queryset = Host.objects.filter(unit=unit).order_by("name")

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


# A forged TOTAL_FORMS builds no more forms than a month's report may hold.
BranchFormSet = forms.formset_factory(
    BranchForm, extra=1, can_delete=True, max_num=50, absolute_max=50
)


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


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("Photo or document"),
        help_text=_("PDF, JPG, PNG, DOCX or XLSX, at most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        extension = Path(upload.name).suffix.lower()
        if extension not in ALLOWED_ATTACHMENTS:
            raise forms.ValidationError(
                _("Files of this type cannot be attached. Use PDF, JPG, PNG, DOCX or XLSX.")
            )
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise forms.ValidationError(
                _("The file is %(size)s MB; at most 5 MB can be attached.")
                % {"size": f"{upload.size / 1024 / 1024:.1f}".replace(".", ",")}
            )
        head = upload.read(16)
        upload.seek(0)
        if not head.startswith(SIGNATURES[extension]):
            raise forms.ValidationError(
                _("The file's content does not match its name (%(extension)s).")
                % {"extension": extension}
            )
        return upload


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
