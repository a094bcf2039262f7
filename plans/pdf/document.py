"""Everything the PDF (and the review's reading view) shows, gathered once, in section order.

`plan_document(plan)` asks each app for its part through that app's own functions (the budget
engine, the contribution engine, the indicator tables, the shared chart helpers), so the PDF
shows exactly the figures the web pages show. It costs a constant number of queries whatever
the number of sections, goals, interventions or rows (everything is prefetched).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.calc import BudgetSummary, display_amount, shown_summary
from budgets.charts import budget_charts
from budgets.services import (
    budget_and_lines,
    contribution_inputs_from,
    intervention_amounts,
    summary_for,
)
from finsam.charts import Chart
from finsam.language import plan_language
from indicators.services import (
    AttainmentSummary,
    IndicatorTables,
    TargetRow,
    attainment_summary,
    indicator_charts,
    plan_indicator_tables,
)
from members.contributions import (
    CONTRIBUTIONS_ERROR,
    ContributionTable,
    contribution_chart,
    contribution_table,
)
from members.models import Association, BoardSeat, Group, GroupMember
from plans.models import Activity, Goal, Intervention, Plan, Section

Kind = Section.Kind


_HEADING = re.compile(r"<(/?)h([1-6])>")
# The section's own title is an h2, so the highest heading of its text is an h3.
BODY_TOP_HEADING = 3


def nest_headings(html: str, *, top: int = BODY_TOP_HEADING) -> str:
    """Renumber a section text's headings so they sit right below the section's title.

    Levels are counted within the text: the highest level used becomes `top`, the next level
    used `top` + 1 and so on, capped at h6. A text written with only the editor's
    "Underrubrik" (h3) gets h3, not h4 under the h2: no level is skipped, so the headings
    stay in order for screen readers and the PDF outline. Runs on sanitised HTML, where a
    heading tag has no attributes.
    """
    used = sorted({int(level) for _slash, level in _HEADING.findall(html)})
    level = {old: min(top + rank, 6) for rank, old in enumerate(used)}
    return _HEADING.sub(lambda m: f"<{m[1]}h{level[int(m[2])]}>", html)


def _sanitise(html: str) -> SafeString:
    """Stored bodies are sanitised on save; sanitise again on output (defence in depth),
    with the headings nested below the section's h2 (`nest_headings`)."""
    from plans.richtext import sanitise_html

    clean = nest_headings(sanitise_html(html))
    return mark_safe(clean)  # noqa: S308 - sanitised just above


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
    targets: tuple[TargetRow, ...] = ()
    name: str = ""  # unique in the plan: names its tables (unique_names)


@dataclass(frozen=True)
class InterventionGroup:
    title: str
    items: list[InterventionItem]


@dataclass(frozen=True)
class GoalItem:
    goal: Goal
    level: str
    activities: list[Activity]
    interventions: list[str]
    tags: list[str]
    targets: tuple[TargetRow, ...] = ()
    name: str = ""  # short, and unique in the plan: names the goal's table (goal_names)
    children: tuple[GoalItem, ...] = ()  # its sub-goals, printed as a list inside its item


# A goal named in a table caption is cut to about this many characters: enough to tell goals
# apart, short enough that the caption still reads as a caption, not as the goal again.
GOAL_NAME_CHARS = 60


def _one_line(text: str) -> str:
    return " ".join(text.split()).rstrip(".")


def _cut(text: str, limit: int) -> str:
    """`text` cut at a word boundary to at most `limit` characters, with "…" when cut."""
    if len(text) <= limit:
        return text
    end = text.rfind(" ", 0, limit)  # the last word that ends in time; a single long word is cut
    return text[: end if end > 0 else limit - 1].rstrip(" ,;:–-") + "…"


def unique_names(texts: list[str], *, limit: int | None = None) -> list[str]:
    """A name per text, in order, that no other text of the list shares.

    Tables are captioned with the goal or intervention they belong to, so a screen reader's
    list of tables tells them apart. With `limit`, a name is cut at a word; texts whose cut
    names are equal are named in full. Texts that are the same are numbered, "(1)", "(2)", in
    the order given (the document's).
    """
    full = [_one_line(t) for t in texts]
    cut = [_cut(t, limit) if limit is not None else t for t in full]
    cut_count = Counter(cut)
    names = [c if cut_count[c] == 1 else f for c, f in zip(cut, full, strict=True)]
    name_count = Counter(names)
    seen: Counter[str] = Counter()
    numbered = []
    for name in names:
        if name_count[name] > 1:
            seen[name] += 1
            name = f"{name} ({seen[name]})"
        numbered.append(name)
    return numbered


def goal_names(texts: list[str], *, limit: int = GOAL_NAME_CHARS) -> list[str]:
    """A short name per goal that no other goal of the plan shares: a goal is a sentence of
    up to a few hundred characters, so it is cut at a word (`unique_names`)."""
    return unique_names(texts, limit=limit)


@dataclass(frozen=True)
class GroupItem:
    group: Group
    people: list[GroupMember]
    has_names: bool  # groups often list only titles and organisations


@dataclass(frozen=True)
class OrganisationPart:
    seats: list[BoardSeat]
    groups: list[GroupItem]


@dataclass
class DocSection:
    """One section of the plan as printed: its heading, its text and its data part."""

    section: Section
    anchor: str
    title: str
    kind: str
    body: SafeString
    part: Any = None  # the data of a data section (type depends on kind)
    charts: list[Chart] = field(default_factory=list)

    @property
    def template(self) -> str:
        return f"pdf/parts/_{self.kind}.html"


# Plan.decision_line and Plan.display_title's default are written in Swedish whatever the
# plan's language (plans.models: "the document itself keeps the Swedish"): in a plan in another
# language they are marked as Swedish, so a screen reader reads them with a Swedish voice.
FIXED_LANGUAGE = "sv"


def _other_language(language: str) -> str:
    """`language` if it is not the plan's (the lang attribute a text needs), else ""."""
    return "" if language.lower() == plan_language().lower() else language


@dataclass(frozen=True)
class PageNumberWords:
    """The texts around the page numbers of the footer: before the page's number and between
    it and the number of pages. The numbers are CSS counters (print.css), so the words reach
    the @page margin box by string-set from attributes of the document."""

    before: str
    between: str


_PAGE, _PAGES = "\x00n\x00", "\x00total\x00"


def page_number_words(pattern: str) -> PageNumberWords:
    """Split a translated "Sida %(n)s av %(total)s" around its two numbers.

    The footer prints the page's number, then the number of pages, then nothing (print.css),
    so a translation must keep that order and end with the number of pages, as "Page 3 of 12"
    does (every language of settings.LANGUAGES is tested); ValueError otherwise.
    """
    text = pattern % {"n": _PAGE, "total": _PAGES}
    before, page, rest = text.partition(_PAGE)
    between, pages, after = rest.partition(_PAGES)
    if not page or not pages or after:
        raise ValueError(f"{pattern!r} must end with the page's number, then the page count.")
    return PageNumberWords(before, between)


def watermark_path(language: str) -> str:
    """The static path of the draft watermark image in `language` ("sv", "en-gb" → "en")."""
    return f"pdf/draft-watermark-{language.lower().split('-')[0]}.png"


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
    def language(self) -> str:
        """The plan's language (the document's `lang`): what its labels and texts are in."""
        return plan_language()

    @property
    def title_language(self) -> str:
        """The title's language where it differs from the document's, else "": the default
        title is Swedish (FIXED_LANGUAGE), a title of the director's in the plan's language."""
        return _other_language(self.language if self.plan.title else FIXED_LANGUAGE)

    @property
    def decision_language(self) -> str:
        """The decision line's language where it differs from the document's, else ""."""
        return _other_language(FIXED_LANGUAGE)

    @property
    def revised_decision(self) -> str:
        """The decision line of the plan this revision replaces, for the cover's revision line
        (an English sentence in an English plan), marked Swedish where the plan is not."""
        line = self.plan.revises.decision_line if self.plan.revises else ""
        language = self.decision_language
        if not (line and language):
            return line
        return format_html('<span lang="{}">{}</span>', language, line)

    @property
    def author(self) -> str:
        return self.association.name

    def part(self, kind: str) -> Any:
        """The data of the first included section of `kind`, None when no such section is in."""
        return next((s.part for s in self.sections if s.kind == kind), None)

    @property
    def header_title(self) -> str:
        """The running header: association and plan."""
        return f"{self.association.short_name or self.association.name} · {self.title}"

    @property
    def page_number(self) -> PageNumberWords:
        """The words around the numbers of the footer's "Sida X av Y", in the plan's language."""
        return page_number_words(_("Sida %(n)s av %(total)s"))

    @property
    def watermark(self) -> str:
        """The static path of the draft's watermark image: the word UTKAST in the plan's
        language, drawn by `manage.py draw_draft_watermarks`."""
        return watermark_path(self.language)

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
    items = []
    for group in groups:
        people = list(group.people.all())
        items.append(GroupItem(group, people, any(p.person for p in people)))
    return OrganisationPart(seats=seats, groups=items)


def _period(item: Intervention) -> str:
    if item.start and item.end:
        return f"{item.start.isoformat()} – {item.end.isoformat()}"
    if item.start:
        return _("från %(start)s, tills vidare") % {"start": item.start.isoformat()}
    return ""


INTERVENTION_BLOCKS = (  # lazy: translated per render (Swedish PDF, the reader's language)
    ("purpose", gettext_lazy("Syfte")),
    ("target_group", gettext_lazy("Målgrupp")),
    ("short_term_goals", gettext_lazy("Kortsiktiga mål")),
    ("long_term_goals", gettext_lazy("Långsiktiga mål")),
    ("actions", gettext_lazy("Åtgärder")),
    ("governance", gettext_lazy("Styrning")),
    ("follow_up", gettext_lazy("Uppföljning")),
)


def _interventions(plan: Plan, tables: IndicatorTables) -> list[InterventionGroup]:
    items = list(
        plan.interventions.select_related("owner")
        .prefetch_related("parties", "tags")
        .order_by(*Intervention._meta.ordering)
    )
    amounts = intervention_amounts(plan)
    targets = {b.intervention_id: b.targets for b in tables.interventions}
    groups: dict[str, list[InterventionItem]] = {k: [] for k in Intervention.Kind.values}
    # Named in the order they are printed (by kind), so "(1)" comes before "(2)".
    kinds = list(groups)
    printed = sorted(items, key=lambda i: kinds.index(i.kind) if i.kind in kinds else len(kinds))
    names = dict(zip((i.pk for i in printed), unique_names([i.name for i in printed]), strict=True))
    for item in items:
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
                amounts=amounts.get(item.pk),
                targets=targets.get(item.pk, ()),
                name=names[item.pk],
            )
        )
    titles = {
        Intervention.Kind.INDIVIDUAL: _("Individinriktade insatser"),
        Intervention.Kind.STRUCTURAL: _("Strukturinriktade insatser"),
    }
    return [InterventionGroup(str(titles.get(k, k)), rows) for k, rows in groups.items() if rows]


def _goals(plan: Plan, tables: IndicatorTables) -> list[GoalItem]:
    """The plan's top goals, each with its sub-goals below it (`GoalItem.children`)."""
    goals = list(
        plan.goals.prefetch_related(
            "activities",
            "tags",
            Prefetch("interventions", queryset=Intervention.objects.only("name", "plan_id")),
        )
    )
    levels = dict(Goal.Level.choices)
    targets = {b.goal_id: b.targets for b in tables.goals}
    children: dict[int | None, list[Goal]] = {}
    ids = {g.pk for g in goals}
    for goal in goals:
        parent = goal.parent_id if goal.parent_id in ids else None
        children.setdefault(parent, []).append(goal)
    ordered: list[Goal] = []  # depth first, as printed: the order the names are made in

    def walk(parent: int | None) -> None:
        for goal in children.get(parent, []):
            ordered.append(goal)
            walk(goal.pk)

    walk(None)
    names = dict(zip((g.pk for g in ordered), goal_names([g.text for g in ordered]), strict=True))

    def item(goal: Goal) -> GoalItem:
        return GoalItem(
            goal=goal,
            level=str(levels.get(goal.level, goal.level)),
            activities=list(goal.activities.all()),
            interventions=[i.name for i in goal.interventions.all()],
            tags=[t.name for t in goal.tags.all()],
            targets=targets.get(goal.pk, ()),
            name=names[goal.pk],
            children=tuple(item(child) for child in children.get(goal.pk, [])),
        )

    return [item(goal) for goal in children.get(None, [])]


def _depth_first(items: Iterable[GoalItem]) -> Iterator[GoalItem]:
    for item in items:
        yield item
        yield from _depth_first(item.children)


@dataclass(frozen=True)
class GoalsPart:
    roots: list[GoalItem]  # the top goals; the others are their children
    indicators: IndicatorTables
    attainment: AttainmentSummary

    @property
    def goals(self) -> list[GoalItem]:
        """Every goal, depth first (the order they are printed in)."""
        return list(_depth_first(self.roots))


def _goals_part(plan: Plan, tables: IndicatorTables) -> GoalsPart:
    return GoalsPart(
        roots=_goals(plan, tables),
        indicators=tables,
        attainment=attainment_summary(plan, tables),
    )


# --- contributions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ContributionLine:
    label: str
    share: Decimal | None  # percent of the year-1 total (None when not a member then)
    amounts: tuple[int | None, ...]
    # The "*": in some year the decided amount is further from the key than the rounding
    # allows. It is the engine's own `ContributionRow.deviates`, the flag the contributions
    # page shows, so the page and the PDF cannot disagree about which members to point out.
    deviates: bool


@dataclass(frozen=True)
class ContributionsPart:
    table: ContributionTable
    years: tuple[int, ...]
    lines: list[ContributionLine]
    totals: tuple[int, ...]
    errors: list[str]
    warnings: list[str]

    @property
    def any_deviates(self) -> bool:
        """Whether the table marks a row, and so needs the footnote explaining the mark."""
        return any(line.deviates for line in self.lines)


def _contributions(table: ContributionTable) -> ContributionsPart:
    """The contribution engine's table, one row per member and one column per year.

    Amounts and totals are the printed ones (ContributionTable.shown: in tkr, columns that add
    up); whether a decided amount deviates from the key is judged on the exact kronor.
    """
    printed = table.shown()
    years = tuple(y.year for y in table.years)
    # One row per member over the years, the combined state line named by everyone in it in
    # any year (ContributionTable.spans, as the Excel export's rows).
    lines = [
        ContributionLine(
            label=span.label,
            share=span.rows[0].share if span.rows[0] else None,
            amounts=tuple(r.amount if r else None for r in shown.rows),
            deviates=any(r.deviates for r in span.rows if r),
        )
        for span, shown in zip(table.spans(), printed.spans(), strict=True)
    ]
    return ContributionsPart(
        table=printed,
        years=years,
        lines=lines,
        totals=tuple(y.total for y in printed.years),
        # Each error once, named by its year only when it is one year's (table.errors).
        errors=[error if yr is None else f"{yr}: {error}" for yr, error in table.errors],
        # Year 1's warnings, and who joins or leaves in any of the years. The error is printed
        # above the table already; year 1's copy of it is not repeated under it.
        warnings=list(
            dict.fromkeys(
                [
                    *(w.text for w in table.years[0].warnings if w.code != CONTRIBUTIONS_ERROR),
                    *table.membership_notes,
                ]
            )
        ),
    )


# --- budget -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class BudgetRow:
    """One printed row of the three-year budget; values are kronor (or percent)."""

    kind: str  # heading (Intäkter, Kostnader, Eget kapital), group, line, subtotal, total, result
    label: str
    values: tuple[Any, ...]
    is_percent: bool = False
    note: str = ""

    @property
    def is_heading(self) -> bool:
        """A row that names the rows below it (printed as a th scope="rowgroup")."""
        return self.kind in ("heading", "group")


# A budget group (heading, lines, sum) of up to this many rows is printed on one page: broken,
# its rows on the next page had no group name above them. About half a page, so a group is
# never pushed far; a longer group still breaks (break-inside: avoid gives way when it must).
KEEP_ROWS = 20


@dataclass(frozen=True)
class BudgetRowGroup:
    """The rows of one tbody: a heading and the rows it heads, or a total on its own."""

    rows: list[BudgetRow]
    keep: bool = False  # printed on one page (the equity block: opening, change, closing)

    @property
    def css(self) -> str:
        if self.rows[-1].is_heading:  # "Intäkter" alone: kept with the group below it
            return "head"
        if self.keep or len(self.rows) <= KEEP_ROWS:
            return "keep"
        return ""


# A new tbody starts at each heading (its rowgroup header heads only its own tbody) and at a
# total ("Summa intäkter" sums all income groups, not the last one).
_STARTS_GROUP = frozenset({"heading", "group", "total"})


def _row_groups(rows: list[BudgetRow]) -> list[BudgetRowGroup]:
    """The rows cut into tbodies."""
    groups: list[list[BudgetRow]] = []
    for row in rows:
        if row.kind in _STARTS_GROUP or not groups:
            groups.append([])
        groups[-1].append(row)
    return [BudgetRowGroup(rows) for rows in groups]


@dataclass(frozen=True)
class BudgetPart:
    summary: BudgetSummary
    columns: list[str]  # "Budget 2025", "Plan 2026", …
    groups: list[BudgetRowGroup]
    has_notes: bool
    deficit_reasons: list[str]

    @property
    def rows(self) -> list[BudgetRow]:
        return [row for group in self.groups for row in group.rows]

    @property
    def heading_span(self) -> int:
        """Columns a group heading row spans: the label and the years."""
        return len(self.columns) + 1

    @property
    def wide(self) -> bool:
        """Notes make the table too wide for portrait: it gets landscape pages."""
        return self.has_notes


def _budget(plan: Plan, table: ContributionTable) -> BudgetPart:
    budget, lines = budget_and_lines(plan)
    exact = summary_for(budget, lines, plan, contributions=contribution_inputs_from(table))
    summary = shown_summary(exact)  # the printed figures: in tkr, sums that add up
    cost_sign = plan.association.cost_sign
    rows: list[BudgetRow] = []

    def shown(values, is_income: bool) -> tuple:
        return tuple(display_amount(v, is_income=is_income, cost_sign=cost_sign) for v in values)

    for heading, groups, total_label, totals, is_income in (
        (_("Intäkter"), summary.income_groups, _("Summa intäkter"), summary.total_income, True),
        (_("Kostnader"), summary.cost_groups, _("Summa kostnader"), summary.total_costs, False),
    ):
        rows.append(BudgetRow("heading", str(heading), ()))
        for group in groups:
            if group.is_empty:
                continue
            # the group's name, as on the budget page, so its "Summa …" row has a heading
            rows.append(BudgetRow("group", group.label, ()))
            for line in group.lines:
                label = line.name
                if line.source == "split" and line.split_percent is not None:
                    label = _("%(name)s (andel)") % {"name": line.name}
                rows.append(
                    BudgetRow("line", label, shown(line.amounts, is_income), note=line.note)
                )
            rows.append(
                BudgetRow(
                    "subtotal",
                    _("Summa %(group)s") % {"group": group.label.lower()},
                    shown(group.totals, is_income),
                )
            )
        rows.append(BudgetRow("total", str(total_label), shown(totals, is_income)))
    years = summary.years
    rows.append(BudgetRow("result", _("Resultat"), tuple(y.result for y in years)))
    equity = [BudgetRow("heading", _("Eget kapital"), ())]
    # Opening, the year's change and closing read as a sum (closing = opening + change); the
    # change differs from the result only when equity is used, and is shown only then.
    uses_equity = any(y.equity_use for y in years)
    for kind, label, field_name, is_percent in (
        ("line", _("Eget kapital vid årets början"), "opening_equity", False),
        ("line", _("Årets förändring av eget kapital"), "annual_result", False),
        ("subtotal", _("Eget kapital vid årets slut"), "closing_equity", False),
        ("line", _("Gräns för eget kapital"), "equity_bound", False),
        ("line", _("Gränsen i procent av basen"), "equity_max_percent", True),
        ("line", _("Eget kapital i procent av basen"), "equity_ratio", True),
    ):
        if field_name == "annual_result" and not uses_equity:
            continue
        values = tuple(getattr(y, field_name) for y in years)
        equity.append(BudgetRow(kind, label, values, is_percent=is_percent))
    columns = [f"{y.label} {y.year}" if y.year else y.label for y in years]
    return BudgetPart(
        summary=summary,
        columns=columns,
        groups=[*_row_groups(rows), BudgetRowGroup(equity, keep=True)],
        has_notes=any(r.note for r in rows),
        # A reason left from an earlier draft beside a year that now has no deficit would
        # read as a deficit in the decided plan; the budget's checks point it out instead.
        deficit_reasons=[
            f"{col}: {y.deficit_reason}"
            for col, y in zip(columns, exact.years, strict=True)
            if y.deficit_reason and y.is_deficit
        ],
    )


def _contribution_chart(plan: Plan, part: ContributionsPart) -> list[Chart]:
    """The contributions page's chart of the plan year (same helper, same figures)."""
    first = part.table.years[0]
    if first.error or not first.rows:
        return []
    return [contribution_chart(first, plan.unit)]


def _charts(kind: str, plan: Plan, part: Any) -> list[Chart]:
    """The same server-rendered charts as the web pages, without the empty ones.

    A chart whose values are all zero or missing (a new plan's income and costs, equity not
    entered yet, attainment with no goals) says nothing and would contradict a text saying
    that nothing is registered: it is left out, of the PDF and of the reading view.
    """
    return [c for c in _draw_charts(kind, plan, part) if not c.empty]


def _draw_charts(kind: str, plan: Plan, part: Any) -> list[Chart]:
    if kind == Kind.BUDGET:
        return list(budget_charts(part.summary))
    if kind == Kind.CONTRIBUTIONS:
        return _contribution_chart(plan, part)
    if kind == Kind.GOALS:
        return indicator_charts(part.attainment)
    return []


def _part(kind: str, plan: Plan, cache: dict) -> Any:
    """The data of one data section; computed once even if two sections show it."""
    if kind in cache:
        return cache[kind]
    if kind in (Kind.GOALS, Kind.INTERVENTIONS) and "tables" not in cache:
        cache["tables"] = plan_indicator_tables(plan)
    if kind in (Kind.CONTRIBUTIONS, Kind.BUDGET) and "contribution_table" not in cache:
        # the budget's contribution income is the engine's table: computed once for both
        cache["contribution_table"] = contribution_table(plan)
    if kind == Kind.ORGANISATION:
        value: Any = _organisation(plan.association)
    elif kind == Kind.GOALS:
        value = _goals_part(plan, cache["tables"])
    elif kind == Kind.INTERVENTIONS:
        value = _interventions(plan, cache["tables"])
    elif kind == Kind.CONTRIBUTIONS:
        value = _contributions(cache["contribution_table"])
    elif kind == Kind.BUDGET:
        value = _budget(plan, cache["contribution_table"])
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
