from django import forms
from django.utils.translation import gettext_lazy as _

from documents import services as document_services
from documents.reading import MAX_BYTES as MAX_WORD_BYTES
from documents.text import PLAN
from organizations.forms import CleanInputMixin, DateInput, share_choices
from organizations.models import Department, Unit
from organizations.selectors import unit_choices
from targets.levels import plan_level_labels
from targets.models import Target

from .models import Activity, Assignment, CommitteeMember, LegalBasis, Milestone, Plan, Recipient

MAX_YEARS = 6


class PlanForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Plan
        fields = [
            "issuing_unit",
            "number",
            "year",
            "place",
            "issued_on",
            "upper_body",
            "issuing_body",
            "title",
            "starts_on",
            "ends_on",
            "purposes",
            "requirements",
            "content",
            "organisation",
            "signing_on_behalf",
            "signer_position",
            "signer_name",
        ]
        widgets = {
            "issued_on": DateInput,
            "starts_on": DateInput,
            "ends_on": DateInput,
            "title": forms.Textarea(attrs={"rows": 2}),
            "purposes": forms.Textarea(attrs={"rows": 4}),
            "requirements": forms.Textarea(attrs={"rows": 4}),
            "content": forms.Textarea(attrs={"rows": 8}),
            "organisation": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = unit_choices(
            user=user, current=self.instance.issuing_unit if self.instance.pk else None
        )
        if self.instance.pk:
            # Moving a plan to another unit would move its targets' meaning with it.
            self.fields["issuing_unit"].disabled = True

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("The period cannot end before it starts."))
        elif starts_on and ends_on and (ends_on - starts_on).days >= MAX_YEARS * 366:
            # A term of office is five years; a longer span is a typing slip (2042 for
            # 2024), and would give a roadmap grid of dozens of quarters.
            self.add_error(
                "ends_on",
                _("A plan covers at most %(years)s years; check the year of the end date.")
                % {"years": MAX_YEARS},
            )
        self._check_register(cleaned)
        return cleaned

    def _check_register(self, cleaned) -> None:
        """A number the unit's register gave another document of the year is refused
        (another plan with the very number is the unique constraint's to say)."""
        unit, year, number = cleaned.get("issuing_unit"), cleaned.get("year"), cleaned.get("number")
        if not (unit and year and number):
            return
        same = Plan.objects.filter(issuing_unit=unit, year=year, number=number)
        if same.exclude(pk=self.instance.pk).exists():
            return
        given = document_services.given_elsewhere(
            unit=unit, year=year, number=number, kind=PLAN, document=self.instance
        )
        if given is not None:
            self.add_error(
                "number",
                _("%(unit)s's register gave number %(number)s of %(year)s to “%(title)s”.")
                % {"unit": unit.name, "number": given.number, "year": year, "title": given.title},
            )


class PartForm(CleanInputMixin, forms.ModelForm):
    """A line of a plan's document; its page passes the plan, and a dict its lines share
    their choices through."""

    def __init__(self, *args, plan: Plan | None = None, shared=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def within_plan(self, day):
        """``day``, or a message when it falls outside the plan's period."""
        if day and self.plan and not self.plan.covers(day):
            raise forms.ValidationError(
                _("This date is outside the plan's period (%(start)s – %(end)s).")
                % {
                    "start": f"{self.plan.starts_on:%d/%m/%Y}",
                    "end": f"{self.plan.ends_on:%d/%m/%Y}",
                }
            )
        return day


class MilestoneForm(PartForm):
    class Meta:
        model = Milestone
        fields = ["on", "at", "month_only", "step"]
        widgets = {"on": DateInput, "at": forms.TimeInput(attrs={"placeholder": "16:00"})}

    def clean_on(self):
        return self.within_plan(self.cleaned_data["on"])


class ActivityForm(PartForm):
    """An activity of the plan: its level, a day or a range of days, an optional time,
    where, who is in charge (a department of the issuing unit, or a unit below it) and
    how many are expected."""

    class Meta:
        model = Activity
        fields = [
            "order",
            "title",
            "level",
            "starts_on",
            "ends_on",
            "starts_at",
            "venue",
            "owner_department",
            "owner_unit",
            "owner_note",
            "participants",
            "participants_who",
            "notes",
        ]
        widgets = {
            "title": forms.Textarea(attrs={"rows": 2}),
            "starts_on": DateInput,
            "ends_on": DateInput,
            "starts_at": forms.TimeInput(attrs={"placeholder": "07:30"}),
            "notes": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, plan: Plan, shared=None, **kwargs):
        super().__init__(*args, plan=plan, **kwargs)
        issuer = plan.issuing_unit
        self.fields["owner_department"].queryset = Department.objects.filter(unit=issuer)
        self.fields["owner_unit"].queryset = Unit.objects.filter(
            parent=issuer, kind__is_branch=False
        ).existing_during(plan.starts_on, plan.ends_on)
        self.fields["participants"].widget.attrs["inputmode"] = "numeric"
        labels = shared.get("labels") if shared is not None else None
        if labels is None:
            labels = plan_level_labels(plan)  # one query, read once for all the lines
            if shared is not None:
                shared["labels"] = labels
        self.fields["level"].choices = [
            (Activity.Level.OWN, labels[Target.Level.OWN]),
            (Activity.Level.CHILDREN, labels[Target.Level.CHILDREN]),
        ]
        share_choices(self, ("owner_department", "owner_unit"), shared)

    def clean_starts_on(self):
        return self.within_plan(self.cleaned_data["starts_on"])

    def clean_ends_on(self):
        return self.within_plan(self.cleaned_data["ends_on"])

    def clean(self):
        cleaned = super().clean()
        starts_on, ends_on = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", _("An activity cannot end before it starts."))
        return cleaned


MAX_LINES = 200


def _part_formset(model, form=PartForm, fields=None, widgets=None):
    return forms.inlineformset_factory(
        Plan,
        model,
        form=form,
        fields=fields,
        widgets=widgets,
        extra=2,
        can_delete=True,
        # Far more lines than a plan has; a forged TOTAL_FORMS builds no more forms than this.
        max_num=MAX_LINES,
        absolute_max=MAX_LINES,
    )


#: The parts of a plan's document, each edited on a page of its own.
PART_FORMSETS = {
    "can-cu": (
        _("Legal bases"),
        _part_formset(
            LegalBasis,
            fields=["order", "kind", "number", "issued_on", "issuer", "description"],
            widgets={"issued_on": DateInput},
        ),
    ),
    "ban-to-chuc": (
        _("Organising committee"),
        _part_formset(CommitteeMember, fields=["order", "role", "name", "position"]),
    ),
    "phan-cong": (
        _("Assignments"),
        _part_formset(
            Assignment,
            fields=["order", "task", "owner", "deadline"],
            widgets={"deadline": DateInput, "task": forms.Textarea(attrs={"rows": 2})},
        ),
    ),
    "tien-do": (
        _("Timeline"),
        _part_formset(Milestone, form=MilestoneForm, fields=["on", "at", "month_only", "step"]),
    ),
    "hoat-dong": (
        _("Activities"),
        _part_formset(Activity, form=ActivityForm, fields=ActivityForm.Meta.fields),
    ),
    "noi-nhan": (
        _("Recipients"),
        _part_formset(Recipient, fields=["order", "name"]),
    ),
}


class PlanFilterForm(forms.Form):
    q = forms.CharField(required=False, label=_("Search"))
    year = forms.IntegerField(required=False, label=_("Year"))
    status = forms.ChoiceField(
        required=False, label=_("Status"), choices=[("", _("All statuses")), *Plan.Status.choices]
    )
    unit = forms.ModelChoiceField(
        required=False,
        label=_("Issuing unit"),
        queryset=Unit.objects.none(),
        empty_label=_("All issuing units"),
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units


class TransitionForm(forms.Form):
    action = forms.ChoiceField(choices=[(a, a) for a in ("issue", "close", "reopen")])


WORD_TYPES = ".docx,application/vnd.openxmlformats-officedocument.wordprocessingml.document"


class PlanImportForm(CleanInputMixin, forms.Form):
    """A plan's Word file and the unit that issued it (Nhập từ Word)."""

    issuing_unit = forms.ModelChoiceField(queryset=Unit.objects.none(), label=_("Issuing unit"))
    file = forms.FileField(
        label=_("The plan's Word file (.docx)"),
        help_text=_(
            "As the office drafted it. Its header, legal bases, sections, committee, "
            "assignments, timeline, recipients and signer become a draft plan; the "
            "numbers of its roadmap are proposed for you to confirm in the grid."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": WORD_TYPES}),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["issuing_unit"].queryset = unit_choices(user=user, current=None)

    def clean_file(self):
        upload = self.cleaned_data["file"]
        name = upload.name.casefold()
        if name.endswith(".doc"):
            raise forms.ValidationError(
                _(
                    "This is an old Word file (.doc). Open it in Word, save it as a .docx "
                    "file (Word Document), then choose that file."
                )
            )
        if not name.endswith(".docx"):
            raise forms.ValidationError(_("Choose a Word file whose name ends in .docx."))
        if upload.size > MAX_WORD_BYTES:
            raise forms.ValidationError(
                _("This file is larger than %(size)s MB: no plan is that long.")
                % {"size": MAX_WORD_BYTES // (1024 * 1024)}
            )
        return upload
