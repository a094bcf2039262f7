"""The one money form field: what every form that takes an amount in the plan's unit uses."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .money import KR, MoneyParseError, format_money_input, parse_money


class MoneyField(forms.Field):
    """Whole kronor typed the Swedish way ("1 966 000", "−50", "4,2" in tkr).

    A stored amount is shown exactly in the unit (format_money_input: "7 777,777" tkr, never
    the table's rounded "7 778"), so saving the form again without a change keeps every krona.
    `negative`: the message refusing an amount below zero; None allows one.
    """

    widget = forms.TextInput

    def __init__(self, *args, unit: str = KR, negative: str | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.unit = unit
        self.negative = negative
        self.widget.attrs.update({"inputmode": "decimal", "autocomplete": "off", "maxlength": 40})

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            return format_money_input(value, self.unit)
        return value  # what was typed, shown again as it was (with its error)

    def to_python(self, value):
        text = str(value or "").strip()
        if not text:
            return None
        if len(text) > 40:
            raise forms.ValidationError(_("Beloppet är för långt."))
        try:
            amount = parse_money(text, unit=self.unit)
        except MoneyParseError as exc:
            raise forms.ValidationError(str(exc)) from exc
        if amount < 0 and self.negative is not None:
            raise forms.ValidationError(self.negative)
        return amount
