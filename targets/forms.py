"""The roadmap grid (metrics × levels down, periods across) and the allocation grid
(units down, metrics across). Each cell is a plain form field, so a rejected grid comes
back with everything typed and the wrong cells marked."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from organizations.forms import CleanInputMixin

from .checks import number
from .levels import plan_level_labels
from .models import Metric, Target
from .periods import Period
from .services import TargetCell

MAX_VALUE = Decimal("9999999999.99")


class NumberField(forms.CharField):
    """A non-negative number typed the Vietnamese way ("35,5") or the other ("35.5"), with
    no more decimals than its metric declares: a count takes whole numbers only."""

    default_error_messages = {"negative": _("A target cannot be negative.")}
    #: what a number with decimals is told where only whole ones are taken
    not_whole = _("This metric counts whole numbers: enter a whole number, e.g. 2 or 3.")

    def __init__(self, *, decimal_places: int = 0, **kwargs):
        super().__init__(required=False, max_length=20, **kwargs)
        self.decimal_places = decimal_places
        self.widget.attrs.update(
            {"inputmode": "decimal" if decimal_places else "numeric", "autocomplete": "off"}
        )

    def clean(self, value) -> Decimal | None:
        text = (super().clean(value) or "").strip().replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            result = Decimal(text)
        except InvalidOperation:
            raise ValidationError(self._enter_a_number()) from None
        if not result.is_finite():
            raise ValidationError(self._enter_a_number())
        if result < 0:
            raise ValidationError(self.error_messages["negative"], code="negative")
        if result > MAX_VALUE:
            raise ValidationError(_("This number is too large."))
        if result != result.quantize(Decimal(1).scaleb(-self.decimal_places)):
            if self.decimal_places:
                raise ValidationError(_("Use at most one decimal place, e.g. 35,5."))
            raise ValidationError(self.not_whole)
        return result

    def _enter_a_number(self):
        if self.decimal_places:
            return _("Enter a number, e.g. 27 or 35,5.")
        return _("Enter a whole number, e.g. 2 or 27.")


class GridForm(CleanInputMixin, forms.Form):
    """Common parts: which metrics the grid has, adding one, the reason for a revision."""

    metrics = forms.ModelMultipleChoiceField(
        queryset=Metric.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )
    add_metric = forms.ModelChoiceField(
        queryset=Metric.objects.none(),
        required=False,
        label=_("Add a metric"),
        empty_label=_("— choose a metric to add —"),
    )
    reason = forms.CharField(
        required=False,
        max_length=500,
        label=_("Reason for the revision"),
        help_text=_("The plan is issued: saving keeps the current version and adds a new one."),
    )

    def __init__(self, *args, user, plan, metrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan
        available = Metric.objects.for_user(user).filter(is_active=True)
        self.fields["metrics"].queryset = available
        self.fields["add_metric"].queryset = available.exclude(pk__in=[m.pk for m in metrics])
        self.grid_metrics = list(metrics)
        # The page posts back the metrics it shows (a new plan's defaults, one just
        # added), so that saving keeps every row the person saw and typed into.
        shown = [str(m.pk) for m in self.grid_metrics]
        if self.is_bound:
            self.data = self.data.copy()
            self.data.setlist("metrics", shown)
        else:
            self.initial["metrics"] = shown
        if plan.is_draft:
            del self.fields["reason"]

    def posted_field_count(self) -> int:
        """At most how many fields the page posts back: every cell and box, one hidden
        field per metric shown, the CSRF token and the button pressed."""
        return len(self.fields) - 1 + len(self.grid_metrics) + 2

    @property
    def field_limit(self) -> int:
        return settings.DATA_UPLOAD_MAX_NUMBER_FIELDS

    @property
    def is_too_large(self) -> bool:
        """More fields than one request may carry (DATA_UPLOAD_MAX_NUMBER_FIELDS): saving
        would be refused before anything typed reaches the form."""
        return self.posted_field_count() > settings.DATA_UPLOAD_MAX_NUMBER_FIELDS


class RoadmapForm(GridForm):
    def __init__(self, *args, periods: list[Period], **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = periods
        self.level_labels = plan_level_labels(self.plan)
        for metric in self.grid_metrics:
            self.fields[f"ref-{metric.pk}"] = forms.CharField(
                required=False, max_length=100, label=_("Where in the plan")
            )
            for level, _label in Target.Level.choices:
                self.fields[f"cum-{metric.pk}-{level}"] = forms.BooleanField(
                    required=False, label=_("cumulative")
                )
                for period in periods:
                    self.fields[self.cell_name(metric, level, period)] = NumberField(
                        label=f"{metric.name}, {period.label}",
                        decimal_places=metric.decimal_places,
                    )

    @staticmethod
    def cell_name(metric, level: str, period: Period) -> str:
        return f"t-{metric.pk}-{level}-{period.key}"

    @classmethod
    def initial_from(cls, targets) -> dict:
        initial = {}
        for target in targets:
            name = cls.cell_name(target.metric, target.level, target.period)
            initial[name] = number(target.value)
            if target.is_cumulative:
                initial[f"cum-{target.metric_id}-{target.level}"] = True
            if target.source_ref:
                initial[f"ref-{target.metric_id}"] = target.source_ref
        return initial

    def groups(self):
        """For the template: per metric, its rows of bound cells."""
        for metric in self.grid_metrics:
            rows = [
                {
                    "level": level,
                    "label": self.level_labels.get(level, label),
                    "cumulative": self[f"cum-{metric.pk}-{level}"],
                    "cells": [
                        (period, self[self.cell_name(metric, level, period)])
                        for period in self.periods
                    ],
                }
                for level, label in Target.Level.choices
            ]
            yield {
                "metric": metric,
                "ref": self[f"ref-{metric.pk}"],
                "rows": rows,
                "sentences": getattr(self, "sentences", {}).get(metric.code, []),
            }

    def cells(self) -> list[TargetCell]:
        result = []
        for metric in self.grid_metrics:
            ref = self.cleaned_data.get(f"ref-{metric.pk}", "")
            for level, _label in Target.Level.choices:
                cumulative = self.cleaned_data.get(f"cum-{metric.pk}-{level}", False)
                for period in self.periods:
                    value = self.cleaned_data.get(self.cell_name(metric, level, period))
                    if value is not None:
                        result.append(TargetCell(metric, level, period, value, cumulative, ref))
        return result


class AllocationForm(GridForm):
    source_ref = forms.CharField(
        max_length=100, label=_("Where in the plan"), help_text=_("E.g. Mục II.4.3")
    )
    period = forms.ChoiceField(label=_("By the end of"))
    is_minimum = forms.BooleanField(
        required=False,
        initial=True,
        label=_("Minimums (at least)"),
        help_text=_("Untick if each unit must reach exactly its number."),
    )
    note = forms.CharField(
        required=False,
        max_length=500,
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, periods: list[Period], units, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {p.key: p for p in periods}
        self.fields["period"].choices = [(p.key, p.label) for p in periods]
        self.units = list(units)
        for unit in self.units:
            for metric in self.grid_metrics:
                self.fields[self.cell_name(unit, metric)] = NumberField(
                    label=f"{unit.name}, {metric.name}", decimal_places=metric.decimal_places
                )

    @staticmethod
    def cell_name(unit, metric) -> str:
        return f"a-{unit.pk}-{metric.pk}"

    @classmethod
    def initial_from(cls, allocation_set) -> dict:
        initial = {
            "source_ref": allocation_set.source_ref,
            "period": allocation_set.period.key,
            "is_minimum": allocation_set.is_minimum,
            "note": allocation_set.note,
        }
        for allocation in allocation_set.allocations.all():
            initial[f"a-{allocation.unit_id}-{allocation.metric_id}"] = number(allocation.value)
        return initial

    @classmethod
    def initial_from_proposal(cls, proposed, units) -> dict:
        """A share-out read from a plan's Word file (``plans.importing.ProposedSet``):
        every unit given the sentence's numbers."""
        initial = {
            "source_ref": proposed.source_ref,
            "period": proposed.period.key,
            "is_minimum": proposed.is_minimum,
            "note": proposed.note,
        }
        for unit in units:
            for metric, value in proposed.values.items():
                initial[cls.cell_name(unit, metric)] = number(value)
        return initial

    def rows(self):
        for unit in self.units:
            yield unit, [(m, self[self.cell_name(unit, m)]) for m in self.grid_metrics]

    @property
    def chosen_period(self) -> Period:
        return self.periods[self.cleaned_data["period"]]

    def values(self) -> dict[tuple[int, int], Decimal]:
        result = {}
        for unit in self.units:
            for metric in self.grid_metrics:
                value = self.cleaned_data.get(self.cell_name(unit, metric))
                if value is not None:
                    result[(unit.pk, metric.pk)] = value
        return result


class MetricForm(CleanInputMixin, forms.ModelForm):
    class Meta:
        model = Metric
        fields = [
            "name",
            "unit_of_measure",
            "source",
            "description",
            "founded_organisation",
            "coverage_min_workers",
            "coverage_requires",
            "decimal_places",
            "order",
            "is_active",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def clean(self):
        cleaned = super().clean()
        source = cleaned.get("source")
        if source == Metric.Source.FOUNDINGS and not cleaned.get("founded_organisation"):
            self.add_error(
                "founded_organisation", _("Say whether chi đoàn or chi hội are counted.")
            )
        if source == Metric.Source.COVERAGE and not cleaned.get("coverage_requires"):
            self.add_error("coverage_requires", _("Say what the covered hosts must have."))
        return cleaned


class RevisionReasonForm(CleanInputMixin, forms.Form):
    """Why an issued plan's roadmap changes, when nothing else is typed (a deletion)."""

    reason = forms.CharField(required=False, max_length=500, label=_("Reason for the revision"))
