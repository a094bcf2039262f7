"""Indicators, the targets a plan sets on them, and the outcomes measured against the targets.

* Indicator: the shared catalogues (NNS questionnaire, SCB statistics and registers;
  association is NULL, loaded from indicators/data/catalogue.json by a data migration and
  never edited in the UI) and each association's own indicators.
* Target: part of a plan, set on a goal or on an intervention; `lineage` follows it across years.
* Outcome: follow-up data, entered while the approved plan is in force. It is deliberately not a
  PlanPart: approving a plan freezes what the board decided (the targets), not the measuring of
  them, which happens during the year the plan runs.
"""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import PlanPart


class Catalogue(models.TextChoices):
    NNS = "NNS", _("NNS indikatorer för finansiell samordning")
    STAT = "STAT", _("Statistik och register (SCB, Uppföljning Finsam)")
    OWN = "OWN", _("Förbundets egna indikatorer")


class Respondent(models.TextChoices):
    PARTICIPANT = "participant", _("Deltagare")
    STAFF = "staff", _("Insatspersonal")
    BOARD = "board", _("Styrelse")
    MANAGERS = "managers", _("Chefer i samverkan (beredningsgrupp)")
    REFERRERS = "referrers", _("Remittenter (handläggare)")


class AnswerType(models.TextChoices):
    SCALE = "scale", _("Instämmandeskala (andel som instämmer)")
    YES_NO = "yes_no", _("Ja/nej (andel ja)")
    STATISTIC = "statistic", _("Statistik (antal)")
    COUNT = "count", _("Antal")
    PERCENT = "percent", _("Andel (procent)")
    ASSESSMENT = "assessment", _("Bedömning (kvalitativ)")


class Indicator(models.Model):
    association = models.ForeignKey(
        "members.Association",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="indicators",
        help_text=_("Tomt för de gemensamma katalogerna (NNS, SCB)."),
    )
    catalogue = models.CharField(
        _("katalog"), max_length=4, choices=Catalogue.choices, default=Catalogue.OWN
    )
    key = models.SlugField(_("nyckel"), max_length=40, blank=True)  # stable id of shared ones
    number = models.PositiveSmallIntegerField(_("nummer"), null=True, blank=True)
    name = models.CharField(_("namn"), max_length=200)
    wording = models.TextField(
        _("formulering"), help_text=_("Vad indikatorn mäter, så som den ska läsas i planen.")
    )
    area = models.CharField(_("område"), max_length=100, blank=True)
    respondents = models.JSONField(_("svarande"), default=list, blank=True)
    answer_type = models.CharField(
        _("svarstyp"), max_length=20, choices=AnswerType.choices, default=AnswerType.PERCENT
    )
    default_source = models.CharField(_("källa"), max_length=200, blank=True)
    description = models.TextField(_("beskrivning"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    active = models.BooleanField(_("i bruk"), default=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        ordering = ["catalogue", "order", "number", "name"]
        verbose_name = _("indikator")
        verbose_name_plural = _("indikatorer")
        constraints = [
            # Shared catalogues have no association; own indicators always have one.
            models.CheckConstraint(
                condition=(Q(catalogue="OWN") & Q(association__isnull=False))
                | (~Q(catalogue="OWN") & Q(association__isnull=True)),
                name="indicator_catalogue_owner",
            ),
            models.UniqueConstraint(
                fields=["key"], condition=~Q(key=""), name="indicator_key_unique"
            ),
            models.UniqueConstraint(
                fields=["association", "name"],
                condition=Q(association__isnull=False),
                name="own_indicator_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def is_shared(self) -> bool:
        return self.catalogue != Catalogue.OWN

    @property
    def label(self) -> str:
        """'NNS Indikator 7 – Stegförflyttning' or the own indicator's name."""
        if self.catalogue == Catalogue.NNS and self.number is not None:
            return f"NNS Indikator {self.number} – {self.name}"
        if self.catalogue == Catalogue.NNS:
            return f"NNS – {self.name}"
        return self.name

    @property
    def respondent_labels(self) -> list[str]:
        names = dict(Respondent.choices)
        return [str(names.get(r, r)) for r in self.respondents]


class ValueKind(models.TextChoices):
    PERCENT = "percent", _("Procent")
    COUNT = "count", _("Antal")
    YES_NO = "yes_no", _("Ja/nej")
    DATE = "date", _("Klart senast datum")
    QUARTER = "quarter", _("Klart senast kvartal eller tertial")
    TEXT = "text", _("Kvalitativt (bedöms)")


class Direction(models.TextChoices):
    INCREASE = "increase", _("Högre är bättre")
    DECREASE = "decrease", _("Lägre är bättre")


class Method(models.TextChoices):
    SURVEY = "survey", _("Enkät")
    REGISTER = "register", _("Register/uppföljningssystem")
    STATISTICS = "statistics", _("Statistik")
    DIALOGUE = "dialogue", _("Dialog/intervju")
    DOCUMENT = "document", _("Dokumentstudier/granskning")
    ESTIMATE = "estimate", _("Nulägesskattning")
    REPORT = "report", _("Insatsernas rapporter")
    OTHER = "other", _("Annat")


class Cadence(models.TextChoices):
    MONTHLY = "monthly", _("Månatligen")
    QUARTERLY = "quarterly", _("Kvartalsvis")
    TERTIAL = "tertial", _("Tertialvis")
    HALF_YEAR = "half_year", _("Delårsrapport")
    ANNUAL = "annual", _("Årsredovisning")
    ONCE = "once", _("En gång")


class Target(PlanPart):
    """What a plan aims for on one indicator, for one goal or one intervention."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="targets")
    lineage = models.UUIDField(_("id över åren"), default=uuid.uuid4, editable=False, db_index=True)
    goal = models.ForeignKey(
        "plans.Goal",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("mål"),
    )
    intervention = models.ForeignKey(
        "plans.Intervention",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("insats"),
    )
    # Nullable so that deleting an own indicator leaves the target to be fixed (a check flags it);
    # the form and the service always require one.
    indicator = models.ForeignKey(
        Indicator,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
        verbose_name=_("indikator"),
    )
    label = models.CharField(
        _("indikator i planens ord"),
        max_length=300,
        blank=True,
        help_text=_("Valfritt: hur indikatorn formuleras i just denna plan."),
    )
    kind = models.CharField(
        _("målvärdets typ"), max_length=10, choices=ValueKind.choices, default=ValueKind.PERCENT
    )
    direction = models.CharField(
        _("riktning"), max_length=10, choices=Direction.choices, default=Direction.INCREASE
    )
    value = models.DecimalField(
        _("målvärde"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    value_bool = models.BooleanField(_("målvärde ja/nej"), null=True, blank=True)
    value_date = models.DateField(_("klart senast"), null=True, blank=True)
    value_quarter = models.CharField(
        _("klart senast kvartal eller tertial"), max_length=2, blank=True
    )
    target_text = models.TextField(
        _("mål i ord"), blank=True, help_text=_("T.ex. ”60 % av dem som träffat teamet …”.")
    )
    baseline = models.DecimalField(
        _("utgångsläge"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    method = models.CharField(_("mätmetod"), max_length=20, choices=Method.choices)
    method_detail = models.CharField(_("mätmetod i detalj"), max_length=300, blank=True)
    source = models.CharField(_("källa"), max_length=300, blank=True)
    reporting = models.JSONField(_("återrapportering"), default=list, blank=True)
    reporting_detail = models.CharField(_("återrapportering i detalj"), max_length=200, blank=True)
    reported_by = models.CharField(_("rapporteras av"), max_length=200, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("målvärde")
        verbose_name_plural = _("målvärden")
        constraints = [
            models.CheckConstraint(
                condition=(Q(goal__isnull=False) & Q(intervention__isnull=True))
                | (Q(goal__isnull=True) & Q(intervention__isnull=False)),
                name="target_on_goal_or_intervention",
            ),
            models.CheckConstraint(
                condition=~Q(kind="percent")
                | Q(value__isnull=True)
                | Q(value__gte=0, value__lte=100),
                name="target_percent_0_100",
            ),
        ]

    def __str__(self) -> str:
        return self.display_label

    def clean(self) -> None:
        from . import calc

        errors: dict[str, str] = {}
        if (self.goal_id is None) == (self.intervention_id is None):
            errors["goal"] = _("Ett målvärde hör till antingen ett mål eller en insats.")
        elif self.goal_id and self.goal.plan_id != self.plan_id:
            errors["goal"] = _("Målet hör till en annan plan.")
        elif self.intervention_id and self.intervention.plan_id != self.plan_id:
            errors["intervention"] = _("Insatsen hör till en annan plan.")
        if (
            self.indicator_id
            and self.indicator.association_id is not None
            and self.indicator.association_id != self.plan.association_id
        ):
            errors["indicator"] = _("Indikatorn hör till ett annat förbund.")
        numeric = self.kind in (ValueKind.PERCENT, ValueKind.COUNT)
        if self.kind == ValueKind.PERCENT and self.value is None:
            errors["value"] = _("Ange målvärdet i procent, till exempel 80.")
        elif self.kind == ValueKind.COUNT and self.value is None:
            errors["value"] = _("Ange målvärdet som ett antal, till exempel 100.")
        elif numeric:
            if problem := calc.value_problem(kind=self.kind, value=self.value):
                errors["value"] = problem
        elif self.kind == ValueKind.YES_NO and self.value_bool is None:
            errors["value_bool"] = _("Ange om målet är ja eller nej.")
        elif self.kind == ValueKind.DATE and self.value_date is None:
            errors["value_date"] = _("Ange datum då målet ska vara uppnått.")
        elif self.kind == ValueKind.QUARTER:
            try:
                self.value_quarter = calc.parse_deadline(self.value_quarter)
            except calc.PeriodError as exc:
                errors["value_quarter"] = str(exc)
        elif self.kind == ValueKind.TEXT and not self.target_text.strip():
            errors["target_text"] = _("Beskriv målet i ord när det är kvalitativt.")
        # The baseline is where the same measure stood before, so the target's rule holds for
        # it too (no database constraint: rows saved before this check must still restore).
        if problem := calc.baseline_problem(
            kind=self.kind, value=self.baseline, kind_label=self.get_kind_display().lower()
        ):
            errors["baseline"] = problem
        bad = [c for c in self.reporting if c not in Cadence.values]
        if bad:
            errors["reporting"] = _("Okänd återrapportering: %(bad)s.") % {"bad": ", ".join(bad)}
        if errors:
            raise ValidationError(errors)

    @property
    def display_label(self) -> str:
        if self.label:
            return self.label
        return self.indicator.label if self.indicator_id else str(_("(indikator saknas)"))


class Status(models.TextChoices):
    MET = "met", _("Uppfyllt")
    PARTLY = "partly", _("Delvis uppfyllt")
    NOT_MET = "not_met", _("Ej uppfyllt")


class Outcome(models.Model):
    """The measured value of a target for one period ('2025', '2025-H1', '2025-T2', '2025-Q3',
    '2025-05')."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="outcomes")
    period = models.CharField(_("period"), max_length=7)
    year = models.PositiveSmallIntegerField(_("år"), editable=False)
    value = models.DecimalField(_("utfall"), max_digits=12, decimal_places=2, null=True, blank=True)
    value_bool = models.BooleanField(_("utfall ja/nej"), null=True, blank=True)
    value_date = models.DateField(_("klart datum"), null=True, blank=True)
    value_quarter = models.CharField(_("klart kvartal eller tertial"), max_length=2, blank=True)
    respondents = models.PositiveIntegerField(_("antal svarande"), null=True, blank=True)
    comment = models.TextField(_("kommentar"), blank=True)
    status_override = models.CharField(
        _("bedömd måluppfyllelse"), max_length=10, choices=Status.choices, blank=True
    )
    override_reason = models.TextField(_("skäl till bedömningen"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["year", "period"]
        verbose_name = _("utfall")
        verbose_name_plural = _("utfall")
        constraints = [
            models.UniqueConstraint(fields=["target", "period"], name="outcome_per_period"),
            models.CheckConstraint(
                condition=Q(status_override="") | ~Q(override_reason=""),
                name="outcome_override_has_reason",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.target} {self.period}"

    def clean(self) -> None:
        from . import calc

        errors: dict[str, str] = {}
        try:
            period = calc.parse_period(self.period, plan_year=self.target.plan.year)
            self.period, self.year = period.code, period.year
        except calc.PeriodError as exc:
            errors["period"] = str(exc)
        kind = self.target.kind
        if problem := calc.value_problem(kind=kind, value=self.value):
            errors["value"] = problem
        elif kind == ValueKind.QUARTER and self.value_quarter:
            try:
                self.value_quarter = calc.parse_deadline(self.value_quarter)
            except calc.PeriodError as exc:
                errors["value_quarter"] = str(exc)
        has_value = (
            self.value is not None
            or self.value_bool is not None
            or self.value_date is not None
            or bool(self.value_quarter)
        )
        if not has_value and not self.status_override and not self.comment.strip():
            errors["value"] = _("Ange ett utfall, en bedömning eller en kommentar.")
        if self.status_override and not self.override_reason.strip():
            errors["override_reason"] = _(
                "Skriv varför måluppfyllelsen bedöms annorlunda än regeln säger."
            )
        if not self.status_override:
            self.override_reason = ""
        if errors:
            raise ValidationError(errors)
