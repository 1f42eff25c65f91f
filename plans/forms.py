from django import forms
from django.utils.translation import gettext_lazy as _

from organizations.forms import CleanInputMixin, DateInput
from organizations.models import Unit
from organizations.selectors import unit_choices

from .models import Assignment, CommitteeMember, LegalBasis, Milestone, Plan, Recipient

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
        return cleaned


class PartForm(CleanInputMixin, forms.ModelForm):
    pass


class MilestoneForm(PartForm):
    class Meta:
        model = Milestone
        fields = ["on", "at", "month_only", "step"]
        widgets = {"on": DateInput, "at": forms.TimeInput(attrs={"placeholder": "16:00"})}

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_on(self):
        day = self.cleaned_data["on"]
        if day and not self.plan.covers(day):
            raise forms.ValidationError(
                _("This date is outside the plan's period (%(start)s – %(end)s).")
                % {
                    "start": f"{self.plan.starts_on:%d/%m/%Y}",
                    "end": f"{self.plan.ends_on:%d/%m/%Y}",
                }
            )
        return day


MAX_LINES = 200


def _part_formset(model, form=PartForm, fields=None, widgets=None):
    return forms.inlineformset_factory(
        Plan,
        model,
        form=form,
        fields=fields,
        widgets=widgets or {},
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
            fields=["order", "number", "issued_on", "issuer", "description"],
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
