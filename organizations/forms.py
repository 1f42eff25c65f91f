from datetime import date, datetime, time
from functools import cache, partial

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Department, Host, Unit, UnitKind
from .selectors import unit_choices
from .text import normalize, normalize_lines, vietnamese_slug

# The days a date typed in any form may name. Beyond them periods, quarters and due
# moments cannot be computed (year 10 000, a due moment before year 1 in UTC).
EARLIEST_DAY, LATEST_DAY = date(1900, 1, 1), date(2100, 12, 31)


class DateInput(forms.DateInput):
    """A date typed as dd/mm/yyyy. Not the browser's date picker: that one shows
    mm/dd/yyyy on a phone set to English, and 03/04 must never be ambiguous here."""

    def __init__(self, attrs=None):
        defaults = {"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "autocomplete": "off"}
        super().__init__(attrs=defaults | (attrs or {}), format="%d/%m/%Y")


class CleanInputMixin:
    """What a form accepts, whatever the keyboard (or a tampered request) sent: text in
    one Unicode form (NFC, so "Hòa" typed precomposed or decomposed is the same name and
    the same duplicate) without stray spaces or control characters, and dates within
    1900–2100. Put it before ``forms.Form``/``forms.ModelForm``: the cleaned values are
    what ModelForms check for uniqueness and save."""

    def clean(self):
        cleaned = super().clean()
        for name, value in list(cleaned.items()):
            field = self.fields.get(name)
            if field is None or field.disabled:
                continue
            if isinstance(value, str) and not isinstance(field.widget, forms.PasswordInput):
                multiline = isinstance(field.widget, forms.Textarea)
                cleaned[name] = normalize_lines(value) if multiline else normalize(value)
            elif isinstance(value, date) and not isinstance(value, datetime):
                if EARLIEST_DAY <= value <= LATEST_DAY:
                    continue
                self.add_error(
                    name,
                    _("Enter a date between %(first)s and %(last)s.")
                    % {"first": f"{EARLIEST_DAY:%d/%m/%Y}", "last": f"{LATEST_DAY:%d/%m/%Y}"},
                )
        return cleaned


def moment_of(day: date, at: time) -> datetime:
    """A day and a time typed on a form (dd/mm/yyyy, 16:00) as a moment of the office's
    time zone, to the minute."""
    return timezone.make_aware(datetime.combine(day, at.replace(second=0, microsecond=0)))


def share_choices(form, names, shared: dict | None, *, looked_up=()) -> None:
    """The lines of one formset offer the same choices: given the formset's ``shared``
    dict, each field of ``names`` reads its choices once for all lines, when a line is
    rendered (a save that goes through renders none and reads none). The fields of
    ``looked_up`` (model choices among a few rows) also find the chosen row among rows
    read once for all lines, instead of a query a line."""
    if shared is None:
        return
    for name in names:
        if name not in shared:
            choices = form.fields[name].choices  # not read yet; list() would count
            shared[name] = cache(lambda choices=choices: [c for c in choices])
        form.fields[name].choices = shared[name]
    for name in looked_up:
        field = form.fields[name]
        key = f"{name}:rows"
        if key not in shared:
            queryset = field.queryset
            shared[key] = cache(lambda queryset=queryset: {str(row.pk): row for row in queryset})
        field.to_python = partial(_shared_row, field, shared[key])


def _shared_row(field: forms.ModelChoiceField, rows, value):
    """``ModelChoiceField.to_python``, from rows read once (``share_choices``)."""
    if value in field.empty_values:
        return None
    try:
        return rows()[str(value)]
    except KeyError:
        raise ValidationError(
            field.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        ) from None


def typed_field(form_class, data, name: str) -> str:
    """The one field of a small form posted beside an action (a review comment, a reason
    for a revision), checked as its form checks it (length, NUL) and normalised. Left
    empty, "" (the service then says what must be written); otherwise invalid, the form's
    messages as a ValidationError."""
    form = form_class(data)
    if form.is_valid():
        return form.cleaned_data[name]
    if not data.get(name, "").strip():
        return ""
    raise ValidationError(list(form.errors[name]))


class DissolutionMixin:
    """The end of a unit (giải thể, sáp nhập) as a form sets it: ``dissolved_on``, and
    ``successor`` for a merger. Checked: a merger has a date; the date comes after the
    founding; the successor is another unit, not one below it, that exists on that day;
    the units merged into this one still find it existing on their day; and no unit that
    reports through this one outlives it (dissolve or move them first). The successor is
    chosen among the units the person sees (the field's queryset)."""

    def check_dissolution(self, cleaned: dict) -> None:
        unit = self.instance
        day = cleaned.get("dissolved_on")
        founded = cleaned.get("founded_on", unit.founded_on)
        successor = cleaned.get("successor")
        if "dissolved_on" in self.errors or "founded_on" in self.errors:
            return
        if successor is not None and day is None:
            self.add_error("dissolved_on", _("Enter the day it was merged."))
            return
        if day is None:
            return
        if founded is not None and day <= founded:
            self.add_error(
                "dissolved_on",
                _("A unit is dissolved after it was founded (%(day)s).")
                % {"day": f"{founded:%d/%m/%Y}"},
            )
            return
        if successor is not None:
            if unit.pk and (successor.pk == unit.pk or successor.is_within(unit)):
                self.add_error(
                    "successor", _("A unit cannot be merged into itself or one of its own units.")
                )
            elif not successor.exists_on(day):
                self.add_error(
                    "successor",
                    _("%(name)s does not exist on %(day)s: choose a unit existing that day.")
                    % {"name": successor.name, "day": f"{day:%d/%m/%Y}"},
                )
        if not unit.pk:
            return
        late = unit.predecessors.filter(dissolved_on__gte=day).order_by("dissolved_on").first()
        if late is not None:
            self.add_error(
                "dissolved_on",
                _("%(name)s is merged into this unit on %(day)s: it must still exist then.")
                % {"name": late.name, "day": f"{late.dissolved_on:%d/%m/%Y}"},
            )
        below = (
            Unit.objects.within(unit)
            .exclude(pk=unit.pk)
            .filter(kind__is_branch=False)
            .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=day))
            .order_by("path")
        )
        remaining = list(below[:4])
        if remaining:
            names = ", ".join(u.name for u in remaining[:3])
            self.add_error(
                "dissolved_on",
                _(
                    "Units below it still exist after that day (%(names)s%(more)s): dissolve "
                    "or move them first."
                )
                % {"names": names, "more": "…" if len(remaining) > 3 else ""},
            )


#: a unit's own fields, as its form and the admin edit them (its place in the tree aside)
UNIT_FIELDS = [
    "kind",
    "name",
    "slug",
    "host",
    "founded_on",
    "is_active",
    "dissolved_on",
    "successor",
    "document_upper",
    "document_name",
    "locality",
    "document_symbol",
]
#: how a unit's documents name it (empty: made from its name)
DOCUMENT_FIELDS = ["document_upper", "document_name", "locality", "document_symbol"]


class UnitForm(DissolutionMixin, CleanInputMixin, forms.ModelForm):
    """A unit's own fields; its place in the tree comes from the page it is created on."""

    class Meta:
        model = Unit
        fields = UNIT_FIELDS
        widgets = {"founded_on": DateInput, "dissolved_on": DateInput}
        error_messages = {"name": {"required": _("Enter the unit's name.")}}

    def __init__(self, *args, user, parent: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("Leave empty to make it from the name.")
        self.fields["host"].queryset = Host.objects.for_user(user).order_by("name")
        self.fields["kind"].queryset = UnitKind.objects.all()
        successors = Unit.objects.for_user(user).filter(kind__is_branch=False)
        if self.instance.pk:
            successors = successors.exclude(pk=self.instance.pk)
        self.fields["successor"].queryset = successors.order_by("path")
        if self.instance.pk:  # what an empty field gives, from the name
            for name, value in self.instance.document_defaults.items():
                if value:
                    self.fields[name].widget.attrs["placeholder"] = value
        self.fields["successor"].help_text = _(
            "When it was merged: the unit that took over its work. Leave empty when it was "
            "simply dissolved."
        )

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
        self.check_dissolution(cleaned)
        return cleaned


class HostForm(CleanInputMixin, forms.ModelForm):
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
        self.fields["unit"].queryset = unit_choices(
            user=user, current=self.instance.unit if self.instance.pk else None
        )
        for name in ("party_cell_since", "trade_union_since", "doan_since", "hoi_since"):
            self.fields[name].help_text = _("Leave empty if it has none.")

    def clean_name(self) -> str:
        name = normalize(self.cleaned_data["name"])
        if not name:
            raise forms.ValidationError(_("Enter the host's name."))
        return name


class UsernameWithinLengthMixin:
    """A username longer than any account's is a wrong login, said as any other, before
    the backends are asked: the login throttle records every name tried, and a name of
    10 000 characters does not fit its table (a 500 on PostgreSQL)."""

    def clean(self):
        username = self.cleaned_data.get("username") or ""
        if len(username) > (self.username_field.max_length or 254):
            raise self.get_invalid_login_error()
        return super().clean()


class LoginForm(UsernameWithinLengthMixin, AuthenticationForm):
    pass


class AdminLoginForm(UsernameWithinLengthMixin, AdminAuthenticationForm):
    pass


class DepartmentForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Department
        fields = ["order", "name"]


#: A unit's departments, edited on one page, a line each.
DepartmentFormSet = forms.inlineformset_factory(
    Unit,
    Department,
    form=DepartmentForm,
    extra=2,
    can_delete=True,
    max_num=100,
    absolute_max=100,
)
