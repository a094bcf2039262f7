"""The operating plan and everything written in it.

Every model that belongs to a plan subclasses PlanPart: it names the path to its plan
(so approved plans can be frozen in one place) and carries a version for optimistic locking.
Interventions and goals are per plan (copied on roll-forward) and share a `lineage` UUID with
their counterparts in other years, so an approved plan never changes when next year's is edited.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from finsam.money import KR, UNITS


class PlanPart(models.Model):
    """Abstract base for everything owned by a plan."""

    plan_path: str = "plan"  # ORM path from this model to its Plan
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        abstract = True


class Plan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        REVIEW = "review", _("Hos styrelsen")
        CONSULTATION = "consultation", _("På remiss hos medlemmarna")
        APPROVED = "approved", _("Beslutad")
        SUPERSEDED = "superseded", _("Ersatt")

    association = models.ForeignKey(
        "members.Association",
        on_delete=models.CASCADE,
        related_name="plans",
        verbose_name=_("förbund"),
    )
    year = models.PositiveSmallIntegerField(_("verksamhetsår"))
    revision = models.PositiveSmallIntegerField(_("revision"), default=1)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    title = models.CharField(_("titel"), max_length=200, blank=True)
    unit = models.CharField(
        _("enhet i tabeller"), max_length=3, choices=[(u, u) for u in UNITS], default=KR
    )
    # Decision metadata, recorded on approval.
    decision_date = models.DateField(_("beslutsdatum"), null=True, blank=True)
    decision_paragraph = models.CharField(_("paragraf (§)"), max_length=20, blank=True)
    registry_number = models.CharField(_("diarienummer"), max_length=40, blank=True)
    minutes = models.FileField(_("protokoll"), upload_to="minutes/", blank=True)
    # Where it came from: last year's plan (roll-forward) or the plan it revises.
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="successors",
        verbose_name=_("föregående års plan"),
    )
    revises = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="revisions",
        verbose_name=_("reviderar"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("skapad av"),
    )

    class Meta:
        ordering = ["-year", "-revision"]
        verbose_name = _("verksamhetsplan")
        verbose_name_plural = _("verksamhetsplaner")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "year", "revision"], name="plan_year_revision_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status="approved") | Q(decision_date__isnull=False),
                name="approved_plan_has_decision_date",
            ),
        ]

    def __str__(self) -> str:
        return self.display_title

    @property
    def years(self) -> tuple[int, int, int]:
        return (self.year, self.year + 1, self.year + 2)

    @property
    def display_title(self) -> str:
        if self.title:
            return self.title
        return f"Verksamhetsplan och budget {self.year} samt plan {self.year + 1}–{self.year + 2}"

    @property
    def is_frozen(self) -> bool:
        return self.status in {self.Status.APPROVED, self.Status.SUPERSEDED}

    @property
    def decision_line(self) -> str:
        """'Beslutad av styrelsen 2024-11-29, § 39' or '' before approval."""
        if self.decision_date is None:
            return ""
        line = f"Beslutad av styrelsen {self.decision_date.isoformat()}"
        if self.decision_paragraph:
            line += f", § {self.decision_paragraph.lstrip('§ ').strip()}"
        return line

    @property
    def decision_text(self) -> str:
        """decision_line in the interface's language; the document itself keeps the Swedish."""
        if self.decision_date is None:
            return ""
        values = {
            "date": self.decision_date.isoformat(),
            "paragraph": self.decision_paragraph.lstrip("§ ").strip(),
        }
        if values["paragraph"]:
            return gettext("Beslutad av styrelsen %(date)s, § %(paragraph)s") % values
        return gettext("Beslutad av styrelsen %(date)s") % values


class Section(PlanPart):
    """An ordered section of the plan. Data sections render tables from data after the text."""

    class Kind(models.TextChoices):
        TEXT = "text", _("Text")
        ORGANISATION = "organisation", _("Organisation (från styrelse och grupper)")
        GOALS = "goals", _("Mål och indikatorer (från målen)")
        INTERVENTIONS = "interventions", _("Insatser (från insatsregistret)")
        CONTRIBUTIONS = "contributions", _("Medlemsbidrag (från fördelningen)")
        BUDGET = "budget", _("Budget (från budgeten)")
        INTERNAL_CONTROL = "internal_control", _("Internkontrollplan (från tabellen)")
        COMMUNICATION = "communication", _("Kommunikationsplan (från tabellen)")
        RISKS = "risks", _("Risk- och väsentlighetsanalys (från tabellen)")

    class Progress(models.TextChoices):
        EMPTY = "empty", _("Tom")
        DRAFTED = "drafted", _("Utkast")
        READY = "ready", _("Klar")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(_("standardavsnitt"), max_length=40, blank=True)
    kind = models.CharField(_("innehåll"), max_length=20, choices=Kind.choices, default=Kind.TEXT)
    title = models.CharField(_("rubrik"), max_length=200)
    body = models.TextField(_("text"), blank=True)  # sanitised HTML, see plans/richtext.py
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)
    included = models.BooleanField(_("med i planen"), default=True)
    progress = models.CharField(
        _("status"), max_length=10, choices=Progress.choices, default=Progress.EMPTY
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("avsnitt")
        verbose_name_plural = _("avsnitt")

    def __str__(self) -> str:
        return self.title

    @property
    def is_data(self) -> bool:
        """Built from data kept elsewhere (board, interventions, budget…), not typed text."""
        return self.kind != self.Kind.TEXT

    @property
    def shown_progress(self) -> str:
        """The status pages show. A data section is never "Tom": its content comes from its
        table and its own text is an optional introduction, so it is "Utkast" until someone
        marks it "Klar". (Sections stored before this rule may still hold "empty".)"""
        if self.is_data and self.progress == self.Progress.EMPTY:
            return self.Progress.DRAFTED
        return self.progress

    @property
    def shown_progress_label(self) -> str:
        return self.Progress(self.shown_progress).label


class Tag(models.Model):
    """Strategic areas and focus areas an association steers by."""

    class Kind(models.TextChoices):
        STRATEGIC = "strategic", _("Strategiskt område")
        FOCUS = "focus", _("Fokusområde")

    association = models.ForeignKey(
        "members.Association", on_delete=models.CASCADE, related_name="tags"
    )
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices, default=Kind.FOCUS)
    name = models.CharField(_("namn"), max_length=100)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(fields=["association", "kind", "name"], name="tag_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Intervention(PlanPart):
    """An intervention (insats) as it stands in one plan; `lineage` links its years."""

    class Kind(models.TextChoices):
        INDIVIDUAL = "individual", _("Individinriktad")
        STRUCTURAL = "structural", _("Strukturinriktad")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        ONGOING = "ongoing", _("Pågående")
        ENDING = "ending", _("Avslutas")
        ENDED = "ended", _("Avslutad")

    # The descriptive texts, in the order forms, plans and comparisons show them.
    TEXT_FIELDS = (
        "purpose",
        "target_group",
        "short_term_goals",
        "long_term_goals",
        "actions",
        "governance",
        "follow_up",
    )

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="interventions")
    lineage = models.UUIDField(_("id över åren"), default=uuid.uuid4, editable=False, db_index=True)
    name = models.CharField(_("namn"), max_length=200)
    kind = models.CharField(_("typ"), max_length=20, choices=Kind.choices)
    owner = models.ForeignKey(
        "members.Member",
        verbose_name=_("insatsägare"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="owned_interventions",
    )
    parties = models.ManyToManyField(
        "members.Member", verbose_name=_("deltagande parter"), blank=True, related_name="+"
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("slut"), null=True, blank=True, help_text=_("Tomt = tills vidare"))
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.ONGOING
    )
    purpose = models.TextField(_("syfte"), blank=True)
    target_group = models.TextField(_("målgrupp"), blank=True)
    short_term_goals = models.TextField(_("kortsiktiga mål"), blank=True)
    long_term_goals = models.TextField(_("långsiktiga mål"), blank=True)
    actions = models.TextField(_("åtgärder"), blank=True)
    governance = models.TextField(_("styrning/styrgrupp"), blank=True)
    follow_up = models.TextField(_("uppföljning"), blank=True)
    registered_in_uf = models.BooleanField(_("registreras i Uppföljning Finsam"), default=False)
    esf_funded = models.BooleanField(_("ESF-finansierad"), default=False)
    tags = models.ManyToManyField(Tag, verbose_name=_("områden"), blank=True, related_name="+")
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["kind", "order", "name"]
        verbose_name = _("insats")
        verbose_name_plural = _("insatser")

    def __str__(self) -> str:
        return self.name


class ParticipantCount(PlanPart):
    """Aggregated participants per intervention and year. Never data about a person."""

    plan_path = "intervention__plan"
    intervention = models.ForeignKey(
        Intervention,
        on_delete=models.CASCADE,
        related_name="participant_counts",
        verbose_name=_("insats"),
    )
    year = models.PositiveSmallIntegerField(_("år"))
    women = models.PositiveIntegerField(_("kvinnor"), default=0)
    men = models.PositiveIntegerField(_("män"), default=0)
    other = models.PositiveIntegerField(_("annat/ej angivet"), default=0)

    class Meta:
        ordering = ["year"]
        constraints = [
            models.UniqueConstraint(fields=["intervention", "year"], name="participants_per_year")
        ]

    def __str__(self) -> str:
        return f"{self.intervention} {self.year}"


class Goal(PlanPart):
    class Level(models.TextChoices):
        VISION = "vision", _("Vision")
        OVERALL = "overall", _("Övergripande mål")
        STRATEGIC = "strategic", _("Strategiskt mål")
        DIRECTION = "direction", _("Inriktningsmål")
        OPERATIONAL = "operational", _("Verksamhetsmål")
        ACTIVITY = "activity", _("Aktivitetsmål")
        EFFECT = "effect", _("Effektmål")
        QUALITY = "quality", _("Kvalitetsmål")
        FINANCIAL = "financial", _("Finansiellt mål")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    lineage = models.UUIDField(_("id över åren"), default=uuid.uuid4, editable=False, db_index=True)
    level = models.CharField(_("nivå"), max_length=20, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("överordnat mål"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
    )
    text = models.TextField(_("mål"))
    description = models.TextField(_("beskrivning"), blank=True)
    tags = models.ManyToManyField(Tag, verbose_name=_("områden"), blank=True, related_name="+")
    agenda2030 = models.JSONField(_("Agenda 2030-mål"), default=list, blank=True)
    interventions = models.ManyToManyField(
        Intervention, verbose_name=_("insatser"), blank=True, related_name="goals"
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("mål")
        verbose_name_plural = _("mål")

    def __str__(self) -> str:
        return self.text[:80]


class Activity(PlanPart):
    """How a goal is to be reached."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planerad")
        ONGOING = "ongoing", _("Pågår")
        DONE = "done", _("Genomförd")

    plan_path = "goal__plan"
    goal = models.ForeignKey(
        Goal, on_delete=models.CASCADE, related_name="activities", verbose_name=_("mål")
    )
    text = models.TextField(_("aktivitet"))
    responsible = models.CharField(_("ansvarig"), max_length=120, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("aktivitet")
        verbose_name_plural = _("aktiviteter")

    def __str__(self) -> str:
        return self.text[:80]


class ControlPoint(PlanPart):
    """A row of the internal control plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="control_points")
    routine = models.CharField(_("rutin/system"), max_length=200)
    control_step = models.TextField(_("kontrollmoment"))
    responsible = models.CharField(_("kontrollansvar"), max_length=200, blank=True)
    frequency = models.CharField(_("frekvens"), max_length=100, blank=True)
    method = models.CharField(_("metod"), max_length=200, blank=True)
    reported_to = models.CharField(_("rapporteras till"), max_length=200, blank=True)
    risk = models.CharField(_("bedömning av risk"), max_length=100, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kontrollpunkt")
        verbose_name_plural = _("internkontrollplan")

    def __str__(self) -> str:
        return self.routine


class CommunicationItem(PlanPart):
    """A row of the communication plan."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="communication_items")
    target_group = models.CharField(_("målgrupp"), max_length=300)
    channel = models.TextField(_("kanal/aktivitet"))
    frequency = models.CharField(_("frekvens"), max_length=200, blank=True)
    responsible = models.CharField(_("ansvarig"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("kommunikationsaktivitet")
        verbose_name_plural = _("kommunikationsplan")

    def __str__(self) -> str:
        return self.target_group


class Risk(PlanPart):
    """A row of the risk and materiality analysis."""

    class Level(models.IntegerChoices):
        LOW = 1, _("Låg")
        MODERATE = 2, _("Möjlig")
        HIGH = 3, _("Sannolik")
        VERY_HIGH = 4, _("Mycket sannolik")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="risks")
    risk = models.CharField(_("risk"), max_length=300)
    likelihood = models.PositiveSmallIntegerField(
        _("sannolikhet"), choices=Level.choices, default=2
    )
    consequence = models.PositiveSmallIntegerField(
        _("konsekvens"), choices=Level.choices, default=2
    )
    action = models.TextField(_("åtgärd"), blank=True)
    order = models.PositiveSmallIntegerField(_("ordning"), default=0)

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("risk")
        verbose_name_plural = _("risk- och väsentlighetsanalys")

    def __str__(self) -> str:
        return self.risk
