"""Everything the PDF (and the review's reading view) shows, gathered once, in section order.

`plan_document(plan)` asks each app for its part through that app's own functions (the budget
engine, the contribution engine, the indicator tables, the shared chart helpers), so the PDF
shows exactly the figures the web pages show. It costs a constant number of queries whatever
the number of sections, goals, interventions or rows (everything is prefetched).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module
from typing import Any

from django.db.models import Prefetch
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from members.models import Association, BoardSeat, Group, GroupMember
from plans.models import Activity, Goal, Intervention, Plan, Section

Kind = Section.Kind


def _service(path: str) -> Callable | None:
    """`module.function` of another app, or None while that app does not provide it yet."""
    module_name, _dot, name = path.rpartition(".")
    try:
        return getattr(import_module(module_name), name)
    except (ImportError, AttributeError):
        return None


def _sanitise(html: str) -> SafeString:
    """Stored bodies are sanitised on save; sanitise again on output (defence in depth)."""
    from plans.richtext import sanitise_html

    return mark_safe(sanitise_html(html))  # noqa: S308 - sanitised just above


@dataclass(frozen=True)
class Block:
    """A labelled text block of an intervention (syfte, målgrupp, …)."""

    label: str
    text: str


@dataclass(frozen=True)
class InterventionItem:
    intervention: Intervention
    anchor: str
    owner: str
    parties: list[str]
    tags: list[str]
    period: str
    blocks: list[Block]
    amounts: tuple[int | None, int | None, int | None] | None  # granted, per plan year


@dataclass(frozen=True)
class InterventionGroup:
    title: str
    items: list[InterventionItem]


@dataclass(frozen=True)
class GoalItem:
    goal: Goal
    level: str
    depth: int
    activities: list[Activity]
    interventions: list[str]
    tags: list[str]


@dataclass(frozen=True)
class OrganisationPart:
    seats: list[BoardSeat]
    groups: list[Group]


@dataclass
class DocSection:
    """One section of the plan as printed: its heading, its text and its data part."""

    section: Section
    anchor: str
    title: str
    kind: str
    body: SafeString
    part: Any = None  # the data of a data section (type depends on kind)
    charts: list = field(default_factory=list)  # finsam.charts.Chart

    @property
    def template(self) -> str:
        return f"pdf/parts/_{self.kind}.html"


@dataclass
class PlanDocument:
    plan: Plan
    association: Association
    title: str
    decision_line: str
    is_draft: bool
    status_label: str
    unit: str
    years: tuple[int, int, int]
    logo_url: str
    logo_alt: str
    sections: list[DocSection]
    subject: str
    keywords: list[str]

    @property
    def author(self) -> str:
        return self.association.name

    @property
    def header_title(self) -> str:
        """The running header: association and plan."""
        return f"{self.association.short_name or self.association.name} · {self.title}"

    @property
    def footer_line(self) -> str:
        """The decision line, or the draft mark, printed on every page."""
        if not self.is_draft:
            return self.decision_line
        if self.plan.status == Plan.Status.DRAFT:
            return _("UTKAST – inte beslutad")
        return _("UTKAST – inte beslutad (%(status)s)") % {"status": self.status_label.lower()}


# --- parts -----------------------------------------------------------------------------------


def _organisation(association: Association) -> OrganisationPart:
    seats = list(association.seats.select_related("member").order_by(*BoardSeat._meta.ordering))
    groups = list(
        association.groups.prefetch_related(
            Prefetch("people", queryset=GroupMember.objects.select_related("member"))
        )
    )
    return OrganisationPart(seats=seats, groups=groups)


def _period(item: Intervention) -> str:
    if item.start and item.end:
        return f"{item.start.isoformat()} – {item.end.isoformat()}"
    if item.start:
        return _("från %(start)s, tills vidare") % {"start": item.start.isoformat()}
    return ""


INTERVENTION_BLOCKS = (
    ("purpose", _("Syfte")),
    ("target_group", _("Målgrupp")),
    ("short_term_goals", _("Kortsiktiga mål")),
    ("long_term_goals", _("Långsiktiga mål")),
    ("actions", _("Åtgärder")),
    ("governance", _("Styrning")),
    ("follow_up", _("Uppföljning")),
)


def _interventions(plan: Plan) -> list[InterventionGroup]:
    items = (
        plan.interventions.select_related("owner", "budget_line")
        .prefetch_related("parties", "tags")
        .order_by(*Intervention._meta.ordering)
    )
    groups: dict[str, list[InterventionItem]] = {k: [] for k in Intervention.Kind.values}
    for item in items:
        line = getattr(item, "budget_line", None)
        blocks = [
            Block(str(label), text)
            for attr, label in INTERVENTION_BLOCKS
            if (text := getattr(item, attr).strip())
        ]
        groups.setdefault(item.kind, []).append(
            InterventionItem(
                intervention=item,
                anchor=f"insats-{item.pk}",
                owner=str(item.owner) if item.owner else "",
                parties=[str(p) for p in item.parties.all()],
                tags=[t.name for t in item.tags.all()],
                period=_period(item),
                blocks=blocks,
                amounts=line.amounts if line is not None else None,
            )
        )
    labels = dict(Intervention.Kind.choices)
    return [InterventionGroup(str(labels.get(k, k)), rows) for k, rows in groups.items() if rows]


def _goals(plan: Plan) -> list[GoalItem]:
    goals = list(
        plan.goals.prefetch_related(
            "activities",
            "tags",
            Prefetch("interventions", queryset=Intervention.objects.only("name", "plan_id")),
        )
    )
    levels = dict(Goal.Level.choices)
    children: dict[int | None, list[Goal]] = {}
    ids = {g.pk for g in goals}
    for goal in goals:
        parent = goal.parent_id if goal.parent_id in ids else None
        children.setdefault(parent, []).append(goal)
    ordered: list[GoalItem] = []

    def walk(parent: int | None, depth: int) -> None:
        for goal in children.get(parent, []):
            ordered.append(
                GoalItem(
                    goal=goal,
                    level=str(levels.get(goal.level, goal.level)),
                    depth=min(depth, 3),
                    activities=list(goal.activities.all()),
                    interventions=[i.name for i in goal.interventions.all()],
                    tags=[t.name for t in goal.tags.all()],
                )
            )
            walk(goal.pk, depth + 1)

    walk(None, 0)
    return ordered


@dataclass(frozen=True)
class GoalsPart:
    goals: list[GoalItem]
    indicators: Any = None  # indicators.services.plan_indicator_tables(plan)
    attainment: Any = None  # indicators.services.attainment_summary(plan)


def _goals_part(plan: Plan) -> GoalsPart:
    tables = _service("indicators.services.plan_indicator_tables")
    attainment = _service("indicators.services.attainment_summary")
    return GoalsPart(
        goals=_goals(plan),
        indicators=tables(plan) if tables else None,
        attainment=attainment(plan) if attainment else None,
    )


def _contributions(plan: Plan) -> Any:
    table = _service("members.contributions.contribution_table")
    return table(plan) if table else None


def _budget(plan: Plan) -> Any:
    summary = _service("budgets.services.budget_summary_for_plan")
    return summary(plan) if summary else None


def _charts(kind: str, plan: Plan, part: Any) -> list:
    """The same server-rendered charts as the web pages, from the apps that draw them."""
    names = {
        Kind.BUDGET: "budgets.services.budget_charts",
        Kind.CONTRIBUTIONS: "members.contributions.contribution_charts",
        Kind.GOALS: "indicators.services.indicator_charts",
    }
    if kind not in names or part is None:
        return []
    draw = _service(names[kind])
    return list(draw(plan, part)) if draw else []


def _part(kind: str, plan: Plan, cache: dict) -> Any:
    """The data of one data section; computed once even if two sections show it."""
    if kind in cache:
        return cache[kind]
    if kind == Kind.ORGANISATION:
        value: Any = _organisation(plan.association)
    elif kind == Kind.GOALS:
        value = _goals_part(plan)
    elif kind == Kind.INTERVENTIONS:
        value = _interventions(plan)
    elif kind == Kind.CONTRIBUTIONS:
        value = _contributions(plan)
    elif kind == Kind.BUDGET:
        value = _budget(plan)
    elif kind == Kind.INTERNAL_CONTROL:
        value = list(plan.control_points.all())
    elif kind == Kind.COMMUNICATION:
        value = list(plan.communication_items.all())
    elif kind == Kind.RISKS:
        value = list(plan.risks.all())
    else:
        value = None
    cache[kind] = value
    return value


def plan_document(plan: Plan) -> PlanDocument:
    """Everything the printed plan shows, in the plan's section order."""
    association = plan.association
    cache: dict[str, Any] = {}
    sections = []
    for section in plan.sections.filter(included=True).order_by("order", "pk"):
        part = _part(section.kind, plan, cache) if section.kind != Kind.TEXT else None
        sections.append(
            DocSection(
                section=section,
                anchor=f"avsnitt-{section.pk}",
                title=section.title,
                kind=section.kind,
                body=_sanitise(section.body),
                part=part,
                charts=_charts(section.kind, plan, part),
            )
        )
    logo_url = association.logo.url if association.logo else ""
    return PlanDocument(
        plan=plan,
        association=association,
        title=plan.display_title,
        decision_line=plan.decision_line,
        is_draft=not plan.is_frozen,
        status_label=str(plan.get_status_display()),
        unit=plan.unit,
        years=plan.years,
        logo_url=logo_url,
        logo_alt=association.logo_alt or association.name,
        sections=sections,
        subject=_("Verksamhetsplan och budget för %(name)s, %(year)s")
        % {
            "name": association.name,
            "year": plan.year,
        },
        keywords=[
            _("verksamhetsplan"),
            _("budget"),
            _("samordningsförbund"),
            _("finansiell samordning"),
            str(plan.year),
        ],
    )
