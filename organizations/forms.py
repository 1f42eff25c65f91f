from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Host, Unit, UnitKind
from .text import normalize, vietnamese_slug


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy. Not the browser's date picker: that one shows
    mm/dd/yyyy on a phone set to English, and 03/04 must never be ambiguous here."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs=defaults | (attrs or {}), format="%d/%m/%Y")


class UnitForm(forms.ModelForm):
    """A unit's own fields; its place in the tree comes from the page it is created on."""

    class Meta:
        model = Unit
        fields = ["kind", "name", "slug", "host", "founded_on", "is_active"]
        widgets = {"founded_on": DateInput}
        error_messages = {"name": {"required": _("Enter the unit's name.")}}

    def __init__(self, *args, user, parent: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leave empty to make it from the name.")
        self.fields["host"].queryset = Host.objects.for_user(user).order_by("name")
        self.fields["kind"].queryset = UnitKind.objects.all()

    def clean_name(self) -> str:
        name = normalize(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter the unit's name."))
        return name

    def clean(self):
        cleaned = super().clean()
        name = cleaned.get("name")
        if name and not cleaned.get("slug"):
            cleaned["slug"] = vietnamese_slug(name)
            self.instance.slug = cleaned["slug"]
        slug = cleaned.get("slug")
        if slug:
            siblings = Unit.objects.filter(parent=self.parent, slug=slug)
            if self.instance.pk:
                siblings = siblings.exclude(pk=self.instance.pk)
            if siblings.exists():
                self.add_error(
                    "name",
                    _("%(parent)s already has a unit with this name.") % {"parent": self.parent},
                )
        return cleaned


class HostForm(forms.ModelForm):
    class Meta:
        model = Host
        fields = [
            "unit",
            "kind",
            "name",
            "address",
            "workers",
            "party_cell_since",
            "trade_union_since",
            "doan_since",
            "hoi_since",
            "closed_on",
            "note",
        ]
        widgets = {
            field: DateInput
            for field in (
                "party_cell_since",
                "trade_union_since",
                "doan_since",
                "hoi_since",
                "closed_on",
            )
        } | {"note": forms.Textarea(attrs={"rows": 3})}
        error_messages = {"name": {"required": _("Enter the host's name.")}}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = (
            Unit.objects.for_user(user).filter(kind__is_branch=False).order_by("path")
        )
        for name in ("party_cell_since", "trade_union_since", "doan_since", "hoi_since"):
            self.fields[name].help_text = _("Leave empty if it has none.")

    def clean_name(self) -> str:
        name = normalize(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter the host's name."))
        return name
