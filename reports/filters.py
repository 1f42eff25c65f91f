"""What a progress page (or the API) counts, read from its query string: the months (the
whole plan, the year so far, a quarter, a month or a range of months), the unit whose
subtree is counted, and whether reports not yet accepted count. The pages and the API use
the same form, so a link and an API call with the same parameters give the same figures."""

from datetime import date

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from organizations.models import Unit
from targets.periods import Period, quarters_between

from .progress import PlanFigures, Window, plan_figures, scope_for, whole_plan


class MonthInput(forms.DateInput):
    input_type = "month"

    def __init__(self):
        super().__init__(format="%Y-%m")


class MonthField(forms.DateField):
    """A month as <input type="month"> sends it: "2024-03"."""

    widget = MonthInput
    input_formats = ["%Y-%m"]
    default_error_messages = {"invalid": gettext_lazy("Enter a month such as 2024-03.")}


class ProgressFilterForm(forms.Form):
    PLAN, YEAR_TO_DATE, QUARTER, MONTH, RANGE = "ca-ke-hoach", "nam", "quy", "thang", "tuy-chon"

    ky = forms.ChoiceField(
        label=gettext_lazy("Period"),
        required=False,
        choices=[
            (PLAN, gettext_lazy("The whole plan")),
            (YEAR_TO_DATE, gettext_lazy("Year to date")),
            (QUARTER, gettext_lazy("A quarter")),
            (MONTH, gettext_lazy("A month")),
            (RANGE, gettext_lazy("From month to month")),
        ],
    )
    quy = forms.ChoiceField(label=gettext_lazy("Quarter"), required=False)
    thang = MonthField(label=gettext_lazy("Month"), required=False)
    tu = MonthField(label=gettext_lazy("From"), required=False)
    den = MonthField(label=gettext_lazy("To"), required=False)

    def __init__(self, data, *, plan, user, today: date):
        super().__init__(data)
        self.plan, self.user, self.today = plan, user, today
        self.quarters = quarters_between(plan.starts_on, plan.ends_on)
        self.fields["quy"].choices = [("", "—")] + [
            (f"{q.start.year}-{(q.start.month + 2) // 3}", q.label) for q in self.quarters
        ]
        issuer = plan.issuing_unit
        # The units whose subtree may be counted: the issuing unit's, within what the
        # user sees. A ward's secretary sees their own ward, and it is the default.
        self.units = (
            Unit.objects.for_user(user)
            .within(issuer)
            .filter(kind__is_branch=False)
            .select_related("kind")
        )
        self.default_scope = scope_for(user, plan)
        # Chosen from the page's unit table (search it, click a unit), not from a list
        # that would hold every unit of the city: a hidden field, the page says which.
        self.fields["don-vi"] = forms.ModelChoiceField(
            label=gettext_lazy("Unit"),
            queryset=self.units,
            required=False,
            empty_label=None,
            widget=forms.HiddenInput,
            error_messages={
                "invalid_choice": gettext_lazy(
                    "This unit is not one whose figures you can see in this plan."
                )
            },
        )
        self.fields["ke-ca-chua-duyet"] = forms.BooleanField(
            label=gettext_lazy("Also count reports not yet accepted"), required=False
        )

    def clean(self):
        data = super().clean()
        kind = data.get("ky") or self.PLAN
        plan = self.plan
        if kind == self.QUARTER:
            if not data.get("quy"):
                self.add_error("quy", _("Choose a quarter."))
                return data
            year, number = (int(part) for part in data["quy"].split("-"))
            quarter = next(
                q
                for q in self.quarters
                if (q.start.year, (q.start.month + 2) // 3) == (year, number)
            )
            data["window"] = Window(quarter.start, quarter.end, quarter.label)
        elif kind == self.MONTH:
            month = data.get("thang")
            if not month:
                if "thang" not in self.errors:
                    self.add_error("thang", _("Choose a month."))
                return data
            data["window"] = self._window(month, month, Period.month(month.year, month.month).label)
        elif kind == self.RANGE:
            first, last = data.get("tu"), data.get("den")
            if not first or not last:
                for name in ("tu", "den"):
                    if not data.get(name) and name not in self.errors:
                        self.add_error(name, _("Choose a month."))
                return data
            if first > last:
                self.add_error("den", _("The last month comes before the first."))
                return data
            label = f"{first:%m/%Y} – {last:%m/%Y}"
            data["window"] = self._window(first, last, label)
        elif kind == self.YEAR_TO_DATE:
            year_start = date(min(self.today, plan.ends_on).year, 1, 1)
            first = max(plan.starts_on, year_start)
            last = min(self.today, plan.ends_on)
            if first > last:
                self.add_error("ky", _("The plan has not begun yet."))
                return data
            label = _("year to date (%(first)s – %(last)s)") % {
                "first": f"{first:%d/%m/%Y}",
                "last": f"{last:%d/%m/%Y}",
            }
            data["window"] = Window(first, last, label)
        return data

    def _window(self, first: date, last: date, label: str) -> Window | None:
        """The months from ``first`` to ``last``, cut to the plan's period."""
        start = max(first.replace(day=1), self.plan.starts_on)
        end = min(Period.month(last.year, last.month).end, self.plan.ends_on)
        if start > end:
            self.add_error(
                None,
                _("The plan runs from %(start)s to %(end)s; choose months within it.")
                % {
                    "start": f"{self.plan.starts_on:%d/%m/%Y}",
                    "end": f"{self.plan.ends_on:%d/%m/%Y}",
                },
            )
            return None
        return Window(start, end, label)

    # What to count. An invalid form counts what the page shows by default.

    @property
    def window(self) -> Window:
        valid = self.is_valid() and self.cleaned_data.get("window")
        return valid or whole_plan(self.plan)

    @property
    def scope(self) -> Unit:
        chosen = self.is_valid() and self.cleaned_data.get("don-vi")
        return chosen or self.default_scope

    @property
    def include_submitted(self) -> bool:
        return bool(self.is_valid() and self.cleaned_data.get("ke-ca-chua-duyet"))

    def figures(self, children_by: str = "month") -> PlanFigures:
        """The plan's figures for what the form asks (the defaults when it is invalid);
        ``children_by`` as ``plan_figures`` reads it."""
        return plan_figures(
            plan=self.plan,
            today=self.today,
            include_submitted=self.include_submitted,
            window=self.window,
            scope=self.scope,
            children_by=children_by,
        )

    def saved(self) -> dict:
        """What the form counts, as JSON from which a form built later counts the same (a
        background export keeps it): the period and only the months it uses, the unit when
        it is not the default one, and whether reports not yet accepted count. Nothing else
        of the query string is kept. The defaults ({}) when the form is unbound or invalid,
        as ``figures`` counts them."""
        if not self.is_bound or not self.is_valid():
            return {}
        data, saved = self.cleaned_data, {}
        kind = data.get("ky") or self.PLAN
        if kind != self.PLAN:
            saved["ky"] = kind
        if kind == self.QUARTER:
            saved["quy"] = data["quy"]
        elif kind == self.MONTH:
            saved["thang"] = _month(data["thang"])
        elif kind == self.RANGE:
            saved["tu"], saved["den"] = _month(data["tu"]), _month(data["den"])
        unit = data.get("don-vi")
        if unit and unit != self.default_scope:
            saved["don-vi"] = unit.pk
        if data.get("ke-ca-chua-duyet"):
            saved["ke-ca-chua-duyet"] = True
        return saved


def _month(day: date) -> str:
    """A month as the month field reads it: "2024-03"."""
    return f"{day.year:04d}-{day.month:02d}"
