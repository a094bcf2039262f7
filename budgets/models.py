"""The three-year budget of a plan: lines in groups, amounts per year, equity settings.

Every sum (group totals, result, equity, ratios) is made in budgets/calc.py, never stored.
Amounts are whole kronor; costs are stored as positive numbers whatever sign the association
prefers to display them with (Association.cost_sign only changes the display and input).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from plans.models import PlanPart

YEARS = (1, 2, 3)  # year 1 is the detailed budget, years 2–3 the plan/forecast


class Group(models.TextChoices):
    """Where a line sits. Income groups first, then cost groups, in display order."""

    CONTRIBUTIONS = "contributions", _("Medlemsbidrag")
    EXTERNAL = "external", _("Externa intäkter")
    EQUITY_USE = "equity_use", _("Ianspråktaget eget kapital")
    ADMINISTRATION = "administration", _("Administration och kansli")
    INDIVIDUAL = "individual", _("Individinriktade insatser")
    STRUCTURAL = "structural", _("Strukturinriktade insatser")
    RESERVE = "reserve", _("Reserverade medel")


INCOME_GROUPS = (Group.CONTRIBUTIONS, Group.EXTERNAL, Group.EQUITY_USE)
COST_GROUPS = (Group.ADMINISTRATION, Group.INDIVIDUAL, Group.STRUCTURAL, Group.RESERVE)


class Budget(PlanPart):
    """One per plan. Opening equity is the equity at the end of the year before year 1."""

    plan = models.OneToOneField("plans.Plan", on_delete=models.CASCADE, related_name="budget")
    opening_equity = models.BigIntegerField(
        _("ingående eget kapital"),
        null=True,
        blank=True,
        help_text=_("Eget kapital vid utgången av året före budgetens första år."),
    )
    label_1 = models.CharField(_("rubrik år 1"), max_length=40, default="Budget")
    label_2 = models.CharField(_("rubrik år 2"), max_length=40, default="Plan")
    label_3 = models.CharField(_("rubrik år 3"), max_length=40, default="Plan")
    deficit_reason_1 = models.TextField(_("skäl till underskott år 1"), blank=True)
    deficit_reason_2 = models.TextField(_("skäl till underskott år 2"), blank=True)
    deficit_reason_3 = models.TextField(_("skäl till underskott år 3"), blank=True)
    # The result the balancing line should bring each year to (None: that year is not balanced).
    balance_target_1 = models.BigIntegerField(_("resultatmål år 1"), null=True, blank=True)
    balance_target_2 = models.BigIntegerField(_("resultatmål år 2"), null=True, blank=True)
    balance_target_3 = models.BigIntegerField(_("resultatmål år 3"), null=True, blank=True)
    # The association's equity step table and base as they were when the plan was approved
    # ({"base": …, "steps": [[up_to or null, "20.00"], …]}), so a decided plan keeps its
    # equity bound when the association edits its steps later (budgets.signals). Read only
    # while the plan is approved or superseded; a revision's draft uses the current table.
    decided_equity = models.JSONField(
        _("stegtabell och bas vid beslutet"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("budget")
        verbose_name_plural = _("budgetar")

    def __str__(self) -> str:
        return f"Budget {self.plan}"

    @property
    def labels(self) -> tuple[str, str, str]:
        return (self.label_1, self.label_2, self.label_3)

    @property
    def deficit_reasons(self) -> tuple[str, str, str]:
        return (self.deficit_reason_1, self.deficit_reason_2, self.deficit_reason_3)

    @property
    def balance_targets(self) -> tuple[int | None, int | None, int | None]:
        return (self.balance_target_1, self.balance_target_2, self.balance_target_3)


class BudgetLine(PlanPart):
    """A line of the budget with whole-kronor amounts for the plan's three years.

    A line linked to an intervention is that intervention's granted amount (one line per
    intervention). A cost may be split: `split_percent` % of it is shown and summed in
    `split_group` (e.g. the director's salary partly administration, partly process support).
    Contribution lines are normally not stored: the contribution engine gives them. A stored
    contribution line is a figure someone stated (e.g. imported) and is checked against the engine.
    """

    plan_path = "budget__plan"
    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="lines")
    group = models.CharField(_("grupp"), max_length=20, choices=Group.choices)
    name = models.CharField(_("benämning"), max_length=200)
    order = models.PositiveIntegerField(_("ordning"), default=0)
    intervention = models.OneToOneField(
        "plans.Intervention",
        verbose_name=_("insats"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="budget_line",
    )
    member = models.ForeignKey(
        "members.Member",
        verbose_name=_("medlem"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    amount_1 = models.BigIntegerField(_("belopp år 1"), null=True, blank=True)
    amount_2 = models.BigIntegerField(_("belopp år 2"), null=True, blank=True)
    amount_3 = models.BigIntegerField(_("belopp år 3"), null=True, blank=True)
    is_balancing = models.BooleanField(
        _("utjämnande rad"),
        default=False,
        help_text=_("Raden tar upp det som behövs för att resultatet ska bli det valda målet."),
    )
    split_group = models.CharField(
        _("delas med grupp"), max_length=20, choices=Group.choices, blank=True
    )
    split_percent = models.DecimalField(
        _("andel i den andra gruppen (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    note = models.CharField(_("kommentar"), max_length=300, blank=True)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("budgetrad")
        verbose_name_plural = _("budgetrader")
        constraints = [
            models.UniqueConstraint(
                fields=["budget"], condition=Q(is_balancing=True), name="one_balancing_line"
            ),
            models.CheckConstraint(
                condition=Q(split_group="") | Q(split_percent__isnull=False),
                name="split_needs_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        return self.intervention.name if self.intervention_id and self.intervention else self.name

    @property
    def amounts(self) -> tuple[int | None, int | None, int | None]:
        return (self.amount_1, self.amount_2, self.amount_3)

    def set_amount(self, year_index: int, value: int | None) -> None:
        """year_index 0, 1 or 2."""
        setattr(self, f"amount_{year_index + 1}", value)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.split_group:
            if self.split_group == self.group:
                errors["split_group"] = _("Välj en annan grupp än radens egen.")
            if (self.split_group in INCOME_GROUPS) != (self.group in INCOME_GROUPS):
                errors["split_group"] = _("En kostnad kan bara delas med en annan kostnadsgrupp.")
            if self.is_balancing:
                errors["split_group"] = _("Den utjämnande raden kan inte delas.")
        elif self.split_percent is not None:
            self.split_percent = None
        if self.is_balancing and self.group == Group.CONTRIBUTIONS:
            errors["is_balancing"] = _(
                "Medlemsbidragen kommer från fördelningen och kan inte utjämna."
            )
        if self.intervention_id and self.group not in COST_GROUPS:
            errors["group"] = _("En insats är en kostnad och ska ligga i en kostnadsgrupp.")
        if errors:
            raise ValidationError(errors)


class EquityStep(models.Model):
    """A step of the national council's equity model ("trappan"), per association.

    For a year whose member contributions are at most `up_to` (None: no upper limit), equity
    should not exceed `max_percent` % of the association's chosen base (Association.equity_base).
    """

    association = models.ForeignKey(
        "members.Association", on_delete=models.CASCADE, related_name="equity_steps"
    )
    up_to = models.BigIntegerField(
        _("medlemsbidrag upp till (kr)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("Tomt betyder utan övre gräns."),
    )
    max_percent = models.DecimalField(
        _("högst eget kapital (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(1000))],
    )

    class Meta:
        ordering = [models.F("up_to").asc(nulls_last=True), "pk"]
        verbose_name = _("steg för eget kapital")
        verbose_name_plural = _("stegtabell för eget kapital")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "up_to"], name="equity_step_unique_limit"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.up_to} → {self.max_percent} %"


# The step the national council recommended in 2013: at most 20 % for contributions ≤ 7 MSEK.
DEFAULT_EQUITY_STEPS: tuple[tuple[int | None, Decimal], ...] = ((7_000_000, Decimal("20")),)
