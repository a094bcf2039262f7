"""Forms of the plan pages. They validate and normalise; services do the writing."""

from __future__ import annotations

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from budgets.forms import CostAmountField
from members.models import Association, Member

from .models import (
    Activity,
    CommunicationItem,
    ControlPoint,
    Goal,
    Intervention,
    Plan,
    Risk,
    Section,
    Tag,
)

AGENDA_2030 = [
    (1, _("1 Ingen fattigdom")),
    (2, _("2 Ingen hunger")),
    (3, _("3 God hälsa och välbefinnande")),
    (4, _("4 God utbildning för alla")),
    (5, _("5 Jämställdhet")),
    (6, _("6 Rent vatten och sanitet för alla")),
    (7, _("7 Hållbar energi för alla")),
    (8, _("8 Anständiga arbetsvillkor och ekonomisk tillväxt")),
    (9, _("9 Hållbar industri, innovationer och infrastruktur")),
    (10, _("10 Minskad ojämlikhet")),
    (11, _("11 Hållbara städer och samhällen")),
    (12, _("12 Hållbar konsumtion och produktion")),
    (13, _("13 Bekämpa klimatförändringarna")),
    (14, _("14 Hav och marina resurser")),
    (15, _("15 Ekosystem och biologisk mångfald")),
    (16, _("16 Fredliga och inkluderande samhällen")),
    (17, _("17 Genomförande och globalt partnerskap")),
]


class VersionedModelForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["version"] = self.instance.version


class PlanCreateForm(forms.Form):
    """A new plan's year and how it starts: rolled forward from last year's plan, or blank.

    Only what can be done is offered: an association without any plan gets the blank start
    alone (no choice shown), and a roll-forward for a year without a plan the year before is
    refused rather than silently made blank.
    """

    START_ROLL = "roll"
    START_BLANK = "blank"
    year = forms.IntegerField(label=_("Verksamhetsår"), min_value=2000, max_value=2100)
    start = forms.ChoiceField(
        label=_("Hur vill du börja?"),
        widget=forms.RadioSelect,
        choices=[
            (START_ROLL, _("Utgå från förra årets plan (rekommenderas)")),
            (START_BLANK, _("Börja med en tom plan enligt standardmallen")),
        ],
        initial=START_ROLL,
    )

    # Plans are made for the coming years, and older ones entered after the fact; a plan for
    # 2100 (a typo) would also make 2101 the year offered for the next plan.
    YEARS_BACK, YEARS_AHEAD = 10, 5

    def __init__(self, *args, association: Association, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        this_year = timezone.localdate().year
        year = self.fields["year"]
        year.min_value, year.max_value = this_year - self.YEARS_BACK, this_year + self.YEARS_AHEAD
        year.validators = [
            MinValueValidator(year.min_value),
            MaxValueValidator(year.max_value),
        ]
        year.widget.attrs.update(min=year.min_value, max=year.max_value)
        self.association = association
        self.can_roll = association.plans.exists()
        if not self.can_roll:
            start = self.fields["start"]
            start.choices = [c for c in start.choices if c[0] == self.START_BLANK]
            start.widget = forms.HiddenInput()
            self.initial["start"] = self.START_BLANK

    def clean(self):
        from .services import previous_plan_for

        cleaned = super().clean()
        year = cleaned.get("year")
        rolls = cleaned.get("start") == self.START_ROLL and year is not None
        if rolls and previous_plan_for(self.association, year) is None:
            self.add_error(
                "start",
                _(
                    "Det finns ingen plan för %(year)s att utgå från. Välj en tom plan "
                    "eller ett annat år."
                )
                % {"year": year - 1},
            )
        return cleaned


class PlanSettingsForm(VersionedModelForm):
    class Meta:
        model = Plan
        fields = ["title", "unit"]
        help_texts = {"title": _("Lämna tomt för standardrubriken.")}


class SectionForm(VersionedModelForm):
    overwrite = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.is_data:  # never "Tom" (Section.shown_progress)
            field = self.fields["progress"]
            field.choices = [c for c in field.choices if c[0] != Section.Progress.EMPTY]
            if not self.is_bound:
                self.initial["progress"] = self.instance.shown_progress

    class Meta:
        model = Section
        fields = ["title", "included", "progress", "body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 16, "class": "richtext-source"})}
        help_texts = {
            "body": _(
                "Rubriker, listor, fetstil, länkar, tabeller och bilder. Utan JavaScript skrivs "
                "texten som HTML; allt som inte är tillåtet tas bort när texten sparas."
            ),
            "progress": _("Markera ”Klar” när texten är färdig att gå till styrelsen."),
        }


class SectionAddForm(forms.Form):
    title = forms.CharField(label=_("Rubrik för nytt avsnitt"), max_length=200)


class ImageUploadForm(forms.Form):
    MAX_BYTES = 2 * 1024 * 1024
    image = forms.ImageField(label=_("Bild"), help_text=_("PNG, JPEG, GIF eller WebP, högst 2 MB."))
    alt = forms.CharField(
        label=_("Alternativtext"),
        max_length=300,
        help_text=_("Beskriv vad bilden visar för den som inte ser den. Krävs."),
    )

    def clean_image(self):
        image = self.cleaned_data["image"]
        if image.size > self.MAX_BYTES:
            raise forms.ValidationError(_("Bilden är större än 2 MB."))
        fmt = getattr(getattr(image, "image", None), "format", None)
        if fmt not in {"PNG", "JPEG", "GIF", "WEBP"}:
            raise forms.ValidationError(_("Bara PNG, JPEG, GIF och WebP är tillåtna."))
        return image

    def clean_alt(self):
        alt = " ".join(self.cleaned_data["alt"].split())
        if not alt:
            raise forms.ValidationError(_("Skriv en alternativtext."))
        return alt


class InterventionForm(VersionedModelForm):
    class Meta:
        model = Intervention
        fields = [
            "name",
            "kind",
            "status",
            "owner",
            "parties",
            "start",
            "end",
            *Intervention.TEXT_FIELDS,
            "registered_in_uf",
            "esf_funded",
            "tags",
        ]
        widgets = {
            "parties": forms.CheckboxSelectMultiple,
            "tags": forms.CheckboxSelectMultiple,
            "start": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **{f: forms.Textarea(attrs={"rows": 3}) for f in Intervention.TEXT_FIELDS},
        }
        help_texts = {
            "parties": _(
                "Medlemmar som deltar utöver insatsägaren. Finansiell samordning kräver minst två."
            ),
            "registered_in_uf": _("Individinriktade insatser registreras med deltagare per kön."),
        }

    def __init__(self, *args, plan: Plan, members, tags, amounts=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.plan = plan
        self.fields["owner"].queryset = members
        self.fields["parties"].queryset = members
        self.fields["tags"].queryset = tags
        self.amount_fields = []
        # The amounts are the intervention's line in the budget, typed as the grid takes them.
        cost_sign = plan.association.cost_sign
        help_text = _("Insatsens rad i budgeten.")
        if cost_sign == "negative":
            help_text = _(
                "Insatsens rad i budgeten. Kostnader skrivs med minustecken, som i budgeten, "
                "till exempel −2 450; +2 450 är en kostnadsminskning."
            )
        for i, year in enumerate(plan.years):
            name = f"amount_{i + 1}"
            self.fields[name] = CostAmountField(
                label=_("Belopp %(year)s (%(unit)s)") % {"year": year, "unit": plan.unit},
                unit=plan.unit,
                cost_sign=cost_sign,
                required=False,
                negative=_("Skriv beloppet utan minustecken: det är en kostnad."),
                help_text=help_text if i == 0 else "",
            )
            if amounts is not None and not self.is_bound and amounts[i] is not None:
                self.initial[name] = amounts[i]  # exactly, signed as in the grid
            self.amount_fields.append(name)

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Slutdatum kan inte vara före startdatum."))
        return data

    def amounts(self) -> tuple[int | None, int | None, int | None]:
        """Amounts per plan year; blank stays None (no budget line is made for all blanks)."""
        return tuple(self.cleaned_data.get(n) for n in self.amount_fields)


class ParticipantForm(forms.Form):
    year = forms.IntegerField(label=_("År"), min_value=2000, max_value=2100)
    women = forms.IntegerField(label=_("Kvinnor"), min_value=0, max_value=100000, initial=0)
    men = forms.IntegerField(label=_("Män"), min_value=0, max_value=100000, initial=0)
    other = forms.IntegerField(
        label=_("Annat/ej angivet"), min_value=0, max_value=100000, initial=0
    )


class GoalForm(VersionedModelForm):
    agenda2030 = forms.TypedMultipleChoiceField(
        label=_("Agenda 2030-mål"),
        choices=AGENDA_2030,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Goal
        fields = ["level", "parent", "text", "description", "tags", "agenda2030", "interventions"]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 3}),
            "tags": forms.CheckboxSelectMultiple,
            "interventions": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, plan: Plan, goals, tags, interventions, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = goals
        self.fields["parent"].label_from_instance = lambda g: (
            f"{g.get_level_display()}: {g.text[:70]}"
        )
        self.fields["tags"].queryset = tags
        self.fields["interventions"].queryset = interventions
        self.fields["interventions"].help_text = _("Insatserna som bidrar till målet.")

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is not None and self.instance.pk:
            node = parent
            while node is not None:  # goals are few; walking up is cheap and in memory
                if node.pk == self.instance.pk:
                    raise forms.ValidationError(_("Ett mål kan inte ligga under sig självt."))
                node = node.parent
        return parent


class ActivityForm(VersionedModelForm):
    class Meta:
        model = Activity
        fields = ["text", "responsible", "status"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}


class TagForm(forms.ModelForm):
    class Meta:
        model = Tag
        fields = ["kind", "name"]


class ControlPointForm(VersionedModelForm):
    class Meta:
        model = ControlPoint
        fields = [
            "routine",
            "control_step",
            "responsible",
            "frequency",
            "method",
            "reported_to",
            "risk",
        ]
        widgets = {"control_step": forms.Textarea(attrs={"rows": 2})}


class CommunicationItemForm(VersionedModelForm):
    class Meta:
        model = CommunicationItem
        fields = ["target_group", "channel", "frequency", "responsible"]
        widgets = {"channel": forms.Textarea(attrs={"rows": 2})}


class RiskForm(VersionedModelForm):
    class Meta:
        model = Risk
        fields = ["risk", "likelihood", "consequence", "action"]
        widgets = {"action": forms.Textarea(attrs={"rows": 2})}


TABLE_FORMS = {
    "control": ControlPointForm,
    "communication": CommunicationItemForm,
    "risk": RiskForm,
}


def members_for(plan: Plan):
    # Member's own ordering (typed order, then kind, then name), as on the members page.
    return Member.objects.filter(association_id=plan.association_id)
