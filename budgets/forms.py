"""Forms of the budget pages. Money fields read Swedish input in the plan's unit."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from finsam.forms import MoneyField
from finsam.money import UNITS, typed_with_plus
from members.models import Association

from . import calc
from .models import COST_GROUPS, Budget, BudgetLine, Group


def typed_group_choices() -> list[tuple[str, str]]:
    """The groups a line can be typed into: every group but contributions (the engine's)."""
    return [(g.value, g.label) for g in Group if g != Group.CONTRIBUTIONS]


class CostAmountField(MoneyField):
    """A cost typed as the budget grid takes it, one rule for both (calc.input_text shows a
    stored amount, calc.stored_amount reads it back): where costs are shown negative, a cost is
    "−2 450", a cost reduction "+2 450", and "2 450" is refused with what to type instead.
    Where costs are shown positive, `negative` (if given) refuses a minus sign as before.
    The cleaned value is stored kronor (a cost reduction below zero)."""

    def __init__(self, *args, cost_sign: str, negative: str | None = None, **kwargs) -> None:
        super().__init__(*args, negative=None if cost_sign == "negative" else negative, **kwargs)
        self.cost_sign = cost_sign

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return calc.input_text(value, is_income=False, cost_sign=self.cost_sign, unit=self.unit)
        return value

    def to_python(self, value):
        typed = super().to_python(value)
        if typed is None:
            return None
        try:
            return calc.stored_amount(
                typed,
                is_income=False,
                cost_sign=self.cost_sign,
                unit=self.unit,
                plus=typed_with_plus(str(value)),
            )
        except calc.CostSignError as exc:
            raise forms.ValidationError(str(exc)) from exc


class LineForm(forms.Form):
    name = forms.CharField(label=_("Benämning"), max_length=200)
    group = forms.ChoiceField(label=_("Grupp"))
    split_group = forms.ChoiceField(
        label=_("Dela kostnaden med grupp"),
        required=False,
        help_text=_("Till exempel förbundschefen: delvis administration, delvis processtöd."),
    )
    split_percent = forms.DecimalField(
        label=_("Andel i den andra gruppen (%)"),
        required=False,
        min_value=Decimal(0),
        max_value=Decimal(100),
        decimal_places=2,
        localize=True,
    )
    is_balancing = forms.BooleanField(
        label=_("Utjämnande rad (tar upp det som behövs för att nå resultatmålet)"),
        required=False,
    )
    note = forms.CharField(label=_("Kommentar"), max_length=300, required=False)
    intervention = forms.TypedChoiceField(
        label=_("Insats"),
        required=False,
        coerce=int,
        empty_value=None,
        help_text=_("En rad som är en insats: beloppen är insatsens budget och syns på insatsen."),
    )

    def __init__(self, *args, interventions=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = typed_group_choices()
        self.fields["intervention"].choices = [("", _("Ingen insats"))] + [
            (i.pk, i.name) for i in interventions
        ]
        self.fields["split_group"].choices = [("", _("Delas inte"))] + [
            (g.value, g.label) for g in Group if g in COST_GROUPS
        ]

    def clean(self):
        data = super().clean()
        if data.get("split_group") and data.get("split_percent") is None:
            self.add_error(
                "split_percent", _("Ange hur stor andel som hör till den andra gruppen.")
            )
        return data

    @classmethod
    def for_line(cls, line: BudgetLine, data=None, interventions=()) -> LineForm:
        return cls(
            data,
            interventions=interventions,
            initial={
                "intervention": line.intervention_id,
                "name": line.name,
                "group": line.group,
                "split_group": line.split_group,
                "split_percent": line.split_percent,
                "is_balancing": line.is_balancing,
                "note": line.note,
            },
        )


class NewLineForm(forms.Form):
    group = forms.ChoiceField(label=_("Grupp"))
    name = forms.CharField(label=_("Benämning på ny rad"), max_length=200)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = typed_group_choices()


class BudgetSettingsForm(forms.Form):
    """Opening equity, year headings, balancing targets and deficit reasons."""

    def __init__(self, *args, budget: Budget, unit: str, years: tuple[int, int, int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["opening_equity"] = MoneyField(
            label=_("Eget kapital vid utgången av %(year)s (%(unit)s)")
            % {"year": years[0] - 1, "unit": unit},
            unit=unit,
            required=False,
            initial=budget.opening_equity,
        )
        for n, year in enumerate(years, start=1):
            self.fields[f"label_{n}"] = forms.CharField(
                label=_("Rubrik för %(year)s") % {"year": year},
                max_length=40,
                initial=getattr(budget, f"label_{n}"),
                help_text=_("Till exempel Budget, Preciserad, Plan eller Prognos."),
            )
            self.fields[f"balance_target_{n}"] = MoneyField(
                label=_("Resultatmål %(year)s för den utjämnande raden (%(unit)s)")
                % {"year": year, "unit": unit},
                unit=unit,
                required=False,
                initial=getattr(budget, f"balance_target_{n}"),
                help_text=_("Tomt: raden utjämnar inte det året. 0 ger ett nollresultat."),
            )
            self.fields[f"deficit_reason_{n}"] = forms.CharField(
                label=_("Skäl till underskott %(year)s") % {"year": year},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=getattr(budget, f"deficit_reason_{n}"),
            )


class DisplayForm(forms.Form):
    unit = forms.ChoiceField(label=_("Visa belopp i"), choices=[(u, u) for u in UNITS])
    cost_sign = forms.ChoiceField(
        label=_("Visa kostnader"),
        choices=[("positive", _("som positiva tal")), ("negative", _("som negativa tal"))],
    )


class EquityStepForm(forms.Form):
    # No help_text: the table's column heading says "tomt = utan gräns", and a help text the
    # table does not print would leave aria-describedby pointing at nothing.
    up_to = MoneyField(label=_("Medlemsbidrag upp till (kr)"), required=False)
    max_percent = forms.DecimalField(
        label=_("Högst eget kapital (%)"),
        min_value=Decimal(0),
        max_value=Decimal(1000),
        decimal_places=2,
        localize=True,
    )
    delete = forms.BooleanField(label=_("Ta bort"), required=False)


EquityStepFormSet = forms.formset_factory(EquityStepForm, extra=1, can_delete=False)


class EquityBaseForm(forms.Form):
    # Not required: a post without it (an older page) leaves the association's choice as it is.
    base = forms.ChoiceField(
        label=_("Gränsen räknas på"),
        choices=Association.EquityBase.choices,
        widget=forms.RadioSelect,
        required=False,
    )
