"""Forms for the board's actions. Validation that needs the plan lives in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .models import AuditEntry
from .services import open_comments_unconfirmed


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class VersionForm(forms.Form):
    """Carries the plan version the page showed, for optimistic locking of status changes."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class SendForm(VersionForm):
    acknowledge_errors = forms.BooleanField(
        label=_("Skicka ändå: styrelsen får planen trots felen ovan"), required=False
    )


class ApproveForm(VersionForm):
    decision_date = forms.DateField(
        label=_("Sammanträdesdatum"),
        widget=DateInput(),
        error_messages={
            "required": _("Ange sammanträdesdatum."),
            "invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD, till exempel 2024-11-29."),
        },
    )
    paragraph = forms.CharField(
        label=_("Paragraf (§) i protokollet"),
        max_length=20,
        help_text=_("Till exempel 39."),
        error_messages={"required": _("Ange paragrafen (§) i protokollet.")},
    )
    registry_number = forms.CharField(label=_("Diarienummer"), max_length=40, required=False)
    minutes = forms.FileField(
        label=_("Protokoll (PDF, valfritt)"),
        required=False,
        help_text=_("Högst 10 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )

    def __init__(self, *args, open_comments: int = 0, **kwargs):
        """`open_comments`: the plan's open comment threads; if there are any, the chair
        confirms that the decision is recorded all the same (checked again by plan_approve)."""
        super().__init__(*args, **kwargs)
        if open_comments:
            self.fields["acknowledge_open_comments"] = forms.BooleanField(
                label=ngettext(
                    "Registrera beslutet trots att %(n)s kommentarstråd inte är avklarad",
                    "Registrera beslutet trots att %(n)s kommentarstrådar inte är avklarade",
                    open_comments,
                )
                % {"n": open_comments},
                error_messages={"required": open_comments_unconfirmed()},
            )


class CommentForm(forms.Form):
    body = forms.CharField(
        label=_("Kommentar"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Skriv en kommentar.")},
    )
    target_kind = forms.CharField(widget=forms.HiddenInput, required=False, max_length=20)
    target_id = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=1)


class ReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Svar"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Skriv ett svar.")},
    )


class AuditFilterForm(forms.Form):
    model = forms.ChoiceField(label=_("Typ"), required=False)
    action = forms.ChoiceField(
        label=_("Händelse"),
        required=False,
        choices=[("", _("Alla"))] + list(AuditEntry.Action.choices),
    )
    actor = forms.CharField(label=_("Vem"), required=False, max_length=150)
    q = forms.CharField(label=_("Sök i värden"), required=False, max_length=100)
    since = forms.DateField(
        label=_("Från och med"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    )
    until = forms.DateField(
        label=_("Till och med"),
        required=False,
        widget=DateInput(),
        error_messages={"invalid": _("Skriv datumet som ÅÅÅÅ-MM-DD.")},
    )

    def __init__(self, *args, models: list[tuple[str, str]] = (), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["model"].choices = [("", _("Alla"))] + list(models)
