"""Forms validate and normalise what people type; the services do the writing."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from members.models import Association

from . import calc
from .models import (
    AnswerType,
    Cadence,
    Catalogue,
    Direction,
    Indicator,
    Method,
    Status,
    ValueKind,
)
from .services import indicators_for

YES_NO = [("", _("– välj –")), ("yes", _("Ja")), ("no", _("Nej"))]


class NumberField(forms.CharField):
    """A number typed the Swedish way ('80 %', '75,5', '1 200')."""

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        try:
            return calc.parse_number(value)
        except ValueError as exc:
            raise ValidationError(str(exc)) from exc


def _bool(value: str) -> bool | None:
    return {"yes": True, "no": False}.get(value)


class _ValueFields:
    """Cleaning of the yes/no and quarter (or tertial) values, which a target and an outcome
    both carry."""

    cleaned_data: dict

    def clean_value_bool(self) -> bool | None:
        return _bool(self.cleaned_data.get("value_bool", ""))

    def clean_value_quarter(self) -> str:
        raw = self.cleaned_data.get("value_quarter", "")
        if not raw:
            return ""
        try:
            return calc.parse_deadline(raw)
        except calc.PeriodError as exc:
            raise ValidationError(str(exc)) from exc


def apply_errors(form: forms.Form, exc: ValidationError) -> None:
    """Show a service's ValidationError on the form: on the field when there is one."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


class IndicatorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Indicator) -> str:
        return obj.label


class TargetForm(_ValueFields, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    indicator = IndicatorChoiceField(
        label=_("Indikator"),
        queryset=Indicator.objects.none(),
        required=False,  # the service gives the Swedish message when it is missing
        empty_label=_("– välj indikator –"),
    )
    label = forms.CharField(
        label=_("Indikatorn i planens ord"),
        required=False,
        max_length=300,
        help_text=_("Valfritt, t.ex. ”Klienter upplever att de har kunnat påverka sin process”."),
    )
    kind = forms.ChoiceField(label=_("Typ av målvärde"), choices=ValueKind.choices)
    value = NumberField(
        label=_("Målvärde (procent eller antal)"),
        required=False,
        help_text=_("Procent 0–100 eller ett antal, t.ex. 80 eller 100."),
    )
    value_bool = forms.ChoiceField(label=_("Målvärde ja/nej"), choices=YES_NO, required=False)
    value_date = forms.DateField(
        label=_("Klart senast (datum)"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    value_quarter = forms.CharField(
        label=_("Klart senast (kvartal eller tertial)"),
        required=False,
        max_length=10,
        help_text=_("Q1–Q4 eller T1–T3 i planens år."),
    )
    target_text = forms.CharField(
        label=_("Målet i ord"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Krävs för kvalitativa mål; annars en valfri förklaring."),
    )
    direction = forms.ChoiceField(label=_("Riktning"), choices=Direction.choices)
    baseline = NumberField(
        label=_("Utgångsläge"),
        required=False,
        help_text=_(
            "Valfritt: var måttet låg när uppföljningen började, i samma enhet som målvärdet "
            "(procent 0–100 eller antal). Bara för mål i procent eller antal."
        ),
    )
    method = forms.ChoiceField(label=_("Mätmetod"), choices=Method.choices)
    method_detail = forms.CharField(
        label=_("Mätmetod i detalj"),
        required=False,
        max_length=300,
        help_text=_("T.ex. ”Enkät samt medlemmarnas interna system”."),
    )
    source = forms.CharField(label=_("Källa"), required=False, max_length=300)
    reporting = forms.MultipleChoiceField(
        label=_("Återrapportering"),
        choices=Cadence.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reporting_detail = forms.CharField(
        label=_("Återrapportering i detalj"), required=False, max_length=200
    )
    reported_by = forms.CharField(label=_("Rapporteras av"), required=False, max_length=200)
    order = forms.IntegerField(label=_("Ordning"), required=False, min_value=0, max_value=32000)

    def __init__(self, *args, association: Association, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["indicator"].queryset = indicators_for(association)

    def clean(self):
        data = super().clean()
        data["order"] = data.get("order") or 0
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class OutcomeForm(_ValueFields, forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    # Room for what people type ('Första halvåret 2026'); the service stores the code ('2026-H1').
    period = forms.CharField(label=_("Period"), max_length=40)
    value = NumberField(label=_("Utfall (procent eller antal)"), required=False)
    value_bool = forms.ChoiceField(label=_("Utfall ja/nej"), choices=YES_NO, required=False)
    value_date = forms.DateField(
        label=_("Klart datum"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    value_quarter = forms.CharField(
        label=_("Klart kvartal eller tertial"), required=False, max_length=10
    )
    respondents = forms.IntegerField(
        label=_("Antal svarande"), required=False, min_value=0, max_value=10_000_000
    )
    comment = forms.CharField(
        label=_("Kommentar"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    status_override = forms.ChoiceField(
        label=_("Bedömd måluppfyllelse"),
        choices=[("", _("Enligt regeln"))] + list(Status.choices),
        required=False,
        help_text=_("Välj bara om ni bedömer måluppfyllelsen annorlunda än regeln; ange skälet."),
    )
    override_reason = forms.CharField(
        label=_("Skäl till bedömningen"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, kind: str, plan_year: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The plan's targets are for its year, so the examples are in that year.
        self.fields["period"].help_text = _(
            "En period i planens år %(year)s: helår (%(year)s), halvår (H1, %(year)s-H1), "
            "tertial (T2, %(year)s-T2), kvartal (Q3, kv 3, %(year)s-Q3) eller månad (maj, "
            "%(year)s-05)."
        ) % {"year": plan_year}
        # Show only the value field that fits the target's kind.
        keep = {
            ValueKind.PERCENT: "value",
            ValueKind.COUNT: "value",
            ValueKind.YES_NO: "value_bool",
            ValueKind.DATE: "value_date",
            ValueKind.QUARTER: "value_quarter",
        }.get(kind)
        for name in ("value", "value_bool", "value_date", "value_quarter"):
            if name != keep:
                del self.fields[name]
        if kind == ValueKind.PERCENT:
            self.fields["value"].label = _("Utfall i procent")
        elif kind == ValueKind.COUNT:
            self.fields["value"].label = _("Utfall (antal)")

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data.pop("period", None)
        return data


class IndicatorForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Indicator
        fields = ["name", "wording", "area", "answer_type", "default_source", "description"]
        widgets = {
            "wording": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer_type"].choices = AnswerType.choices

    def _post_clean(self) -> None:
        """Model validation runs in the service (with the association set)."""

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


__all__ = ["Catalogue", "IndicatorForm", "OutcomeForm", "TargetForm", "apply_errors"]
