"""Who the association is: users and their roles, members, board and groups."""

from __future__ import annotations

from decimal import Decimal

from django.contrib.auth.models import AbstractUser
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Case, Q, Value, When
from django.utils.translation import gettext_lazy as _

from finsam.money import KR, UNITS

from .calc import KIND_RANK
from .roles import Role
from .validators import validate_org_number


class User(AbstractUser):
    """Custom from the first migration so fields can be added without pain."""

    # Set when someone else chose the password (a one-time password from create_association,
    # grant_role or the users page); finsam.middleware.PasswordChangeRequiredMiddleware then
    # sends the user to "Byt lösenord" until they have chosen their own, which clears it.
    must_change_password = models.BooleanField(
        _("måste byta lösenord"),
        default=False,
        help_text=_("Användaren har ett engångslösenord och måste byta det innan något annat."),
    )

    def __str__(self) -> str:
        return self.get_full_name() or self.username


class Association(models.Model):
    class EquityBase(models.TextChoices):
        CONTRIBUTIONS = "contributions", _("Medlemsbidrag")
        TOTAL_INCOME = "total_income", _("Totala intäkter")

    class CostSign(models.TextChoices):
        POSITIVE = "positive", _("Kostnader som positiva tal")
        NEGATIVE = "negative", _("Kostnader som negativa tal")

    name = models.CharField(_("namn"), max_length=200)
    slug = models.SlugField(_("kortnamn i adressen"), max_length=60, unique=True)
    short_name = models.CharField(_("förkortning"), max_length=40, blank=True)
    org_number = models.CharField(
        _("organisationsnummer"), max_length=11, blank=True, validators=[validate_org_number]
    )
    formed = models.DateField(_("bildat"), null=True, blank=True)
    seat = models.CharField(_("säte"), max_length=100, blank=True)
    website = models.URLField(_("webbplats"), blank=True)
    logo = models.ImageField(_("logotyp"), upload_to="logos/", blank=True)
    logo_alt = models.CharField(_("alternativtext för logotypen"), max_length=200, blank=True)
    area_description = models.TextField(_("område och befolkning"), blank=True)
    population = models.PositiveIntegerField(_("invånare i området"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(
        _("befolkning per år"), null=True, blank=True
    )
    # Display preferences and equity settings (DESIGN §3.3).
    default_unit = models.CharField(
        _("visningsenhet"), max_length=3, choices=[(u, u) for u in UNITS], default=KR
    )
    cost_sign = models.CharField(
        _("kostnader visas"), max_length=10, choices=CostSign.choices, default=CostSign.POSITIVE
    )
    equity_base = models.CharField(
        _("bas för eget kapital"),
        max_length=20,
        choices=EquityBase.choices,
        default=EquityBase.CONTRIBUTIONS,
    )
    # Changes with every write to the association's data (finsam.freshness), so figures
    # derived from many tables can be cached under it.
    data_stamp = models.CharField(max_length=32, blank=True, editable=False)

    class Meta:
        ordering = ["name"]
        verbose_name = _("samordningsförbund")
        verbose_name_plural = _("samordningsförbund")
        constraints = [
            models.CheckConstraint(
                condition=Q(logo="") | ~Q(logo_alt=""), name="association_logo_needs_alt"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A user's role in one association. A user may hold roles in several."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    association = models.ForeignKey(
        Association, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("roll"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "association"], name="one_role_per_association")
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} ({self.association})"


def kind_rank(field: str = "kind") -> Case:
    """A member's kind as its rank in lists (FK, AF, region, municipality: 0–3).

    The tie-break after the typed order, so members given the same number are listed in a
    fixed, expected order instead of alphabetically (which put AF before FK).
    """
    return Case(
        *(When(**{field: kind}, then=Value(rank)) for kind, rank in KIND_RANK.items()),
        default=Value(len(KIND_RANK)),
        output_field=models.PositiveSmallIntegerField(),
    )


class Member(models.Model):
    """A member (huvudman) of the association: FK, AF, a region or a municipality."""

    class Kind(models.TextChoices):
        FK = "fk", _("Försäkringskassan")
        AF = "af", _("Arbetsförmedlingen")
        REGION = "region", _("Region")
        MUNICIPALITY = "municipality", _("Kommun")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="members")
    name = models.CharField(_("namn"), max_length=120)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    population = models.PositiveIntegerField(
        _("invånare"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    population_year = models.PositiveSmallIntegerField(
        _("befolkning per år"), null=True, blank=True
    )
    region = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="municipalities",
        limit_choices_to={"kind": "region"},
    )
    valid_from = models.DateField(_("medlem från"), null=True, blank=True)
    valid_to = models.DateField(_("medlem till"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", kind_rank(), "name"]
        verbose_name = _("medlem")
        verbose_name_plural = _("medlemmar")
        constraints = [
            models.UniqueConstraint(fields=["association", "name"], name="member_name_unique"),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="member_valid_range",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def is_member_in(self, year: int) -> bool:
        """Member at some point during the calendar year."""
        starts = self.valid_from is None or self.valid_from.year <= year
        ends = self.valid_to is None or self.valid_to.year >= year
        return starts and ends


class BoardSeat(models.Model):
    """One seat and one deputy per member; the person and role are data, not users."""

    class SeatRole(models.TextChoices):
        CHAIR = "chair", _("Ordförande")
        VICE_CHAIR = "vice_chair", _("Vice ordförande")
        MEMBER = "member", _("Ledamot")
        DEPUTY = "deputy", _("Ersättare")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="seats")
    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="seats")
    person = models.CharField(_("namn"), max_length=120)
    role = models.CharField(_("roll"), max_length=20, choices=SeatRole.choices)
    term_start = models.DateField(_("mandatperiod från"), null=True, blank=True)
    term_end = models.DateField(_("mandatperiod till"), null=True, blank=True)

    class Meta:
        ordering = ["member__order", kind_rank("member__kind"), "member__name", "role"]
        verbose_name = _("styrelseplats")
        verbose_name_plural = _("styrelseplatser")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.member})"


class Group(models.Model):
    """Beredningsgrupp, LSG, analysgrupp and the like."""

    class Kind(models.TextChoices):
        PREPARATORY = "preparatory", _("Beredningsgrupp")
        LOCAL = "local", _("Lokal samverkansgrupp (LSG)")
        ANALYSIS = "analysis", _("Analysgrupp")
        STEERING = "steering", _("Styrgrupp")
        OTHER = "other", _("Annan grupp")

    association = models.ForeignKey(Association, on_delete=models.CASCADE, related_name="groups")
    name = models.CharField(_("namn"), max_length=120)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    purpose = models.TextField(_("syfte och uppdrag"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("grupp")
        verbose_name_plural = _("grupper")

    def __str__(self) -> str:
        return self.name


class GroupMember(models.Model):
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="people")
    person = models.CharField(_("namn"), max_length=120, blank=True)
    title = models.CharField(_("befattning"), max_length=120, blank=True)
    member = models.ForeignKey(
        Member, verbose_name=_("organisation"), null=True, blank=True, on_delete=models.SET_NULL
    )

    class Meta:
        ordering = ["member__order", kind_rank("member__kind"), "person"]

    def __str__(self) -> str:
        return self.person or str(self.member)


# --- Member contributions per plan (DESIGN §3.1). The engine is members/calc.py. ----------
# Imported here (not at the top) because plans.models refers back to members by name only.
from plans.models import PlanPart  # noqa: E402

ROUNDING_CHOICES = [(1, _("1 kr")), (100, _("100 kr")), (1000, _("1 000 kr"))]


class ContributionSettings(PlanPart):
    """How a plan's member contributions are computed: one row per plan."""

    class InputMode(models.TextChoices):
        STATE = "state", _("Statens bidrag (FK och AF tillsammans)")
        TOTAL = "total", _("Totalt medlemsbidrag")

    class KeyMode(models.TextChoices):
        POPULATION = "population", _("Efter invånarantal")
        FIXED = "fixed", _("Fasta andelar")

    class PartYear(models.TextChoices):
        MONTHS = "months", _("Efter de månader den är medlem (påbörjad månad räknas som hel)")
        WHOLE = "whole", _("Helt år, oavsett när under året medlemskapet börjar eller slutar")

    class Scenario(models.TextChoices):
        UNCHANGED = "unchanged", _("Oförändrat")
        PERCENT = "percent", _("Ändring i procent")
        AMOUNT = "amount", _("Angivet belopp")

    plan = models.OneToOneField(
        "plans.Plan", on_delete=models.CASCADE, related_name="contribution_settings"
    )
    input_mode = models.CharField(
        _("utgå från"), max_length=10, choices=InputMode.choices, default=InputMode.STATE
    )
    amount = models.PositiveBigIntegerField(
        _("belopp år 1"),
        default=0,
        help_text=_("Statens bidrag eller det totala medlemsbidraget för planens första år."),
    )
    state_share = models.DecimalField(
        _("statens andel (%)"), max_digits=6, decimal_places=3, default=Decimal(50)
    )
    region_share = models.DecimalField(
        _("regionernas andel (%)"), max_digits=6, decimal_places=3, default=Decimal(25)
    )
    municipality_share = models.DecimalField(
        _("kommunernas andel (%)"), max_digits=6, decimal_places=3, default=Decimal(25)
    )
    region_key = models.CharField(
        _("nyckel mellan regionerna"),
        max_length=12,
        choices=KeyMode.choices,
        default=KeyMode.POPULATION,
    )
    municipality_key = models.CharField(
        _("nyckel mellan kommunerna"),
        max_length=12,
        choices=KeyMode.choices,
        default=KeyMode.POPULATION,
    )
    combine_state = models.BooleanField(_("visa FK och AF som en rad (FK/AF)"), default=False)
    part_year = models.CharField(
        _("medlem som går med eller lämnar under året betalar"),
        max_length=10,
        choices=PartYear.choices,
        default=PartYear.MONTHS,
    )
    rounding = models.PositiveIntegerField(_("avrundning"), choices=ROUNDING_CHOICES, default=1)
    region_rounding = models.PositiveIntegerField(
        _("avrundning för regionerna"), choices=ROUNDING_CHOICES, null=True, blank=True
    )
    municipality_rounding = models.PositiveIntegerField(
        _("avrundning för kommunerna"), choices=ROUNDING_CHOICES, null=True, blank=True
    )
    year2_scenario = models.CharField(
        _("statens bidrag år 2"), max_length=10, choices=Scenario.choices, default="unchanged"
    )
    year2_value = models.DecimalField(
        _("värde år 2"), max_digits=14, decimal_places=2, null=True, blank=True
    )
    year3_scenario = models.CharField(
        _("statens bidrag år 3"), max_length=10, choices=Scenario.choices, default="unchanged"
    )
    year3_value = models.DecimalField(
        _("värde år 3"), max_digits=14, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("inställning för medlemsbidrag")
        verbose_name_plural = _("inställningar för medlemsbidrag")
        constraints = [
            models.CheckConstraint(
                condition=Q(state_share__gt=0)
                & Q(region_share__gte=0)
                & Q(municipality_share__gte=0),
                name="contribution_split_not_negative",
            )
        ]

    def __str__(self) -> str:
        return f"Medlemsbidrag {self.plan}"


class ContributionShare(PlanPart):
    """A fixed share (percent of its group) typed for a region or municipality in a plan."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="contribution_shares"
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="fixed_shares", verbose_name=_("medlem")
    )
    share = models.DecimalField(
        _("andel (%)"),
        max_digits=7,
        decimal_places=4,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )

    class Meta:
        verbose_name = _("fast andel")
        verbose_name_plural = _("fasta andelar")
        constraints = [
            models.UniqueConstraint(fields=["plan", "member"], name="one_share_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.member}: {self.share} %"


class ContributionDecision(PlanPart):
    """An amount the members decided for one member (or the FK/AF line) and one plan year."""

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="contribution_decisions"
    )
    # None = the combined FK/AF line.
    member = models.ForeignKey(
        Member,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="decisions",
        verbose_name=_("medlem"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    amount = models.PositiveBigIntegerField(_("beslutat belopp"))

    class Meta:
        verbose_name = _("beslutat bidrag")
        verbose_name_plural = _("beslutade bidrag")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "member", "year"],
                name="one_decision_per_member_year",
                condition=Q(member__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["plan", "year"],
                name="one_state_decision_per_year",
                condition=Q(member__isnull=True),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.member or 'FK/AF'} {self.year}: {self.amount}"


class ContributionKey(PlanPart):
    """The key data a plan was decided with: member, population and years, copied on approval.

    Populations and memberships change every year; an approved plan must keep showing the
    figures the board decided, so contribution_table reads these rows for frozen plans.
    """

    plan = models.ForeignKey(
        "plans.Plan", on_delete=models.CASCADE, related_name="contribution_keys"
    )
    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="+", verbose_name=_("medlem")
    )
    name = models.CharField(_("namn"), max_length=120)
    kind = models.CharField(_("typ"), max_length=20, choices=Member.Kind.choices)
    population = models.PositiveIntegerField(_("invånare"), null=True, blank=True)
    population_year = models.PositiveSmallIntegerField(_("invånare år"), null=True, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    years = models.CharField(_("medlem under år"), max_length=20, blank=True)  # "2025,2026"
    # The member's dates when the plan was decided, for the months of a part year. Rows
    # recorded before these fields existed have none: their years count whole, as decided.
    valid_from = models.DateField(_("medlem från"), null=True, blank=True)
    valid_to = models.DateField(_("medlem till"), null=True, blank=True)

    class Meta:
        verbose_name = _("fördelningsunderlag")
        verbose_name_plural = _("fördelningsunderlag")
        constraints = [
            models.UniqueConstraint(fields=["plan", "member"], name="one_key_row_per_member")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.plan_id})"

    def member_in(self, year: int) -> bool:
        return str(year) in self.years.split(",")
