"""Who the association is: users and their roles, members, board and groups."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from finsam.money import KR, UNITS

from .roles import Role
from .validators import validate_org_number


class User(AbstractUser):
    """Custom from the first migration so fields can be added without pain."""

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
        ordering = ["order", "name"]
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
        ordering = ["member__order", "member__name", "role"]
        verbose_name = _("styrelseplats")
        verbose_name_plural = _("styrelseplatser")

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()}, {self.member})"

    @property
    def is_deputy(self) -> bool:
        return self.role == self.SeatRole.DEPUTY


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
        ordering = ["member__order", "person"]

    def __str__(self) -> str:
        return self.person or str(self.member)
