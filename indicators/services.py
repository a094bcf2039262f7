"""Writes (one service per action) and the read models that pages and the PDF share.

Writes: indicator_create/update/delete (own indicators only), target_create/update/delete,
outcome_save/delete. Each checks the user's role itself (finsam.access; `user=None` is the
system), validates with full_clean() inside a transaction and saves through Model.save() (so
the plan freeze and the audit trail see it). targets_roll_forward and outcomes_carry_over are
called by the plans services that roll a plan forward and approve a revision, after their
own checks.

Reads (constant number of queries, whatever the number of targets):
plan_indicator_tables(plan), attainment_summary(plan), indicator_charts(summary),
outcome_rows(target, outcomes), outcome_rows_by_target(plan), indicator_checks(plan). They return
frozen dataclasses / finsam objects.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from finsam.access import require_plan_write, require_role
from finsam.charts import Chart, bar_chart, grouped_bar_chart
from finsam.checks import Check
from members.models import Association, User
from members.roles import Cap
from plans.locking import save_versioned
from plans.models import Goal, Intervention, Plan

from . import calc
from .models import Cadence, Catalogue, Indicator, Method, Outcome, Target, ValueKind

TARGET_FIELDS = (
    "indicator",
    "label",
    "kind",
    "direction",
    "value",
    "value_bool",
    "value_date",
    "value_quarter",
    "target_text",
    "baseline",
    "method",
    "method_detail",
    "source",
    "reporting",
    "reporting_detail",
    "reported_by",
    "order",
)
OUTCOME_FIELDS = (
    "value",
    "value_bool",
    "value_date",
    "value_quarter",
    "respondents",
    "comment",
    "status_override",
    "override_reason",
)
FROZEN_STATUSES = (Plan.Status.APPROVED, Plan.Status.SUPERSEDED)
INDICATOR_FIELDS = ("name", "wording", "area", "answer_type", "default_source", "description")


# --- Indicators -----------------------------------------------------------------------------------


def indicators_for(association: Association) -> QuerySet[Indicator]:
    """Every indicator a plan of this association may use: the shared ones and its own."""
    return Indicator.objects.filter(
        Q(association__isnull=True) | Q(association=association), active=True
    ).order_by("catalogue", "order", "number", "name")


def _refuse_shared(indicator: Indicator) -> None:
    if indicator.is_shared:
        raise ValidationError(
            _("De gemensamma indikatorerna (NNS och statistik) kan inte ändras eller tas bort.")
        )


def indicator_create(*, user: User | None, association: Association, **fields) -> Indicator:
    require_role(user, association.pk, Cap.EDIT_PLAN)
    indicator = Indicator(association=association, catalogue=Catalogue.OWN)
    for name in INDICATOR_FIELDS:
        if name in fields:
            setattr(indicator, name, fields[name])
    with transaction.atomic():
        indicator.full_clean()
        indicator.save()
    return indicator


def _refuse_decided(indicator: Indicator, fields: dict) -> None:
    """A decided plan shows its indicators as they were decided: one it follows up is not
    changed under it (the reading view, the goals page and the archival PDF read it live)."""
    changes = any(n in fields and fields[n] != getattr(indicator, n) for n in INDICATOR_FIELDS)
    used = Target.objects.filter(indicator=indicator, plan__status__in=FROZEN_STATUSES)
    if changes and used.exists():
        raise ValidationError(
            _(
                "Indikatorn följs upp i en beslutad plan och kan inte ändras. Lägg till en ny "
                "indikator i stället; tar du bort den här markeras den som ej i bruk."
            )
        )


def indicator_update(
    indicator: Indicator, *, user: User | None, expected_version: int | None, **fields
) -> Indicator:
    _refuse_shared(indicator)
    require_role(user, indicator.association_id, Cap.EDIT_PLAN)
    _refuse_decided(indicator, fields)
    for name in INDICATOR_FIELDS:
        if name in fields:
            setattr(indicator, name, fields[name])
    with transaction.atomic():
        indicator.full_clean()
        save_versioned(indicator, expected_version)
    return indicator


def indicator_delete(indicator: Indicator, *, user: User | None) -> bool:
    """Delete an own indicator; returns False when it was only taken out of use.

    An indicator that a decided plan follows up cannot disappear from that plan, so it is
    marked as no longer in use instead. Draft targets that used it lose it one by one through
    Model.save() (the audit trail sees it) and a check asks for a new indicator.
    """
    _refuse_shared(indicator)
    require_role(user, indicator.association_id, Cap.EDIT_PLAN)
    with transaction.atomic():
        used = Target.objects.filter(indicator=indicator)
        if used.filter(plan__status__in=FROZEN_STATUSES).exists():
            indicator.active = False
            save_versioned(indicator, None, update_fields=["active"])
            return False
        for target in used:
            target.indicator = None
            save_versioned(target, None, update_fields=["indicator"])
        indicator.delete()
    return True


# --- Targets --------------------------------------------------------------------------------------


def _require_indicator(fields: dict) -> None:
    if not fields.get("indicator"):
        raise ValidationError({"indicator": _("Välj vilken indikator målvärdet följs upp med.")})


def _clear_unused_values(target: Target) -> None:
    """Keep only the value fields that belong to the kind, so a changed kind leaves no residue."""
    kind = target.kind
    if kind not in (ValueKind.PERCENT, ValueKind.COUNT):
        target.value = None
    if kind != ValueKind.YES_NO:
        target.value_bool = None
    if kind != ValueKind.DATE:
        target.value_date = None
    if kind != ValueKind.QUARTER:
        target.value_quarter = ""


def target_create(
    *,
    user: User | None,
    plan: Plan,
    goal: Goal | None = None,
    intervention: Intervention | None = None,
    **fields,
) -> Target:
    require_plan_write(user, plan, Cap.EDIT_PLAN)
    _require_indicator(fields)
    target = Target(plan=plan, goal=goal, intervention=intervention)
    for name in TARGET_FIELDS:
        if name in fields:
            setattr(target, name, fields[name])
    _clear_unused_values(target)
    with transaction.atomic():
        target.full_clean()
        save_versioned(target, None)
    return target


def target_update(
    target: Target, *, user: User | None, expected_version: int | None, **fields
) -> Target:
    require_plan_write(user, target.plan, Cap.EDIT_PLAN)
    _require_indicator({"indicator": fields.get("indicator", target.indicator)})
    if fields.get("kind", target.kind) != target.kind and target.outcomes.exists():
        # An outcome keeps its figure: 300 (st) would be read as 300 % and judged met.
        raise ValidationError(
            {
                "kind": _(
                    "Målvärdet har redan utfall, mätta som %(kind)s. Ta bort utfallen först, "
                    "eller lägg till ett nytt målvärde för det nya sättet att mäta."
                )
                % {"kind": target.get_kind_display().lower()}
            }
        )
    for name in TARGET_FIELDS:
        if name in fields:
            setattr(target, name, fields[name])
    _clear_unused_values(target)
    with transaction.atomic():
        target.full_clean()
        save_versioned(target, expected_version)
    return target


def target_delete(target: Target, *, user: User | None) -> None:
    require_plan_write(user, target.plan, Cap.EDIT_PLAN)
    with transaction.atomic():
        target.delete()


def targets_roll_forward(
    *,
    old_plan: Plan,
    new_plan: Plan,
    goal_map: dict[int, int],
    intervention_map: dict[int, int],
) -> None:
    """Copy last year's targets onto the new plan's copies of their goals and interventions.

    A copy keeps its `lineage`, so last year's outcomes stand beside this year's target.
    Targets whose goal or intervention was not carried over are left behind. Idempotent: a
    lineage already present in the new plan is not copied again. Outcomes stay with the year
    they were measured in. A baseline the rule refuses (saved before baselines were checked,
    e.g. 150 %) is left behind rather than stopping next year's plan from being made; last
    year's plan keeps it, and `indicator_checks` on the new plan says which target lost which
    baseline and why (`baseline_left_behind`).
    """
    present = set(new_plan.targets.values_list("lineage", flat=True))
    goals = {g.pk: g for g in Goal.objects.filter(pk__in=goal_map.values())}
    interventions = {i.pk: i for i in Intervention.objects.filter(pk__in=intervention_map.values())}
    with transaction.atomic():
        for old in old_plan.targets.select_related("indicator").order_by("order", "pk"):
            if old.lineage in present:
                continue
            goal = goals.get(goal_map.get(old.goal_id)) if old.goal_id else None
            intervention = (
                interventions.get(intervention_map.get(old.intervention_id))
                if old.intervention_id
                else None
            )
            if goal is None and intervention is None:
                continue
            new = Target(plan=new_plan, goal=goal, intervention=intervention, lineage=old.lineage)
            for name in TARGET_FIELDS:
                setattr(new, name, getattr(old, name))
            new.reporting = list(old.reporting)
            _clean_copy(new)
            save_versioned(new, None)


def _clean_copy(target: Target) -> None:
    """full_clean() a rolled-forward copy, dropping a baseline that is its only fault."""
    try:
        target.full_clean()
    except ValidationError as exc:
        if set(exc.message_dict) != {"baseline"}:
            raise
        target.baseline = None
        target.full_clean()


# --- Outcomes -------------------------------------------------------------------------------------


def outcome_save(
    *,
    user: User | None,
    target: Target,
    period: str,
    expected_version: int | None = None,
    **fields,
) -> Outcome:
    """Record (or correct) the outcome of a target for one period.

    Decided plans too: outcomes are measured while the plan runs, they are not its content.
    """
    require_role(user, target.plan.association_id, Cap.EDIT_PLAN)
    try:
        code = calc.parse_period(period, plan_year=target.plan.year).code
    except calc.PeriodError as exc:
        raise ValidationError({"period": str(exc)}) from exc
    outcome = Outcome.objects.filter(target=target, period=code).first()
    if outcome is None:
        outcome = Outcome(target=target, period=code)
        expected_version = None
    for name in OUTCOME_FIELDS:
        if name in fields:
            setattr(outcome, name, fields[name])
    with transaction.atomic():
        outcome.full_clean()
        save_versioned(outcome, expected_version)
    return outcome


def outcomes_carry_over(*, superseded: list[Plan], plan: Plan) -> None:
    """When a revision is approved, the outcomes measured on the plans it supersedes follow it.

    Outcomes are not part of the plan, so a revision starts without them; without this, a plan
    revised mid-year showed its targets as not measured and the follow-up lost the outcomes
    recorded so far. Each is copied onto the revision's target of the same lineage, for the
    periods the revision has not recorded itself; a target whose kind of value changed in the
    revision is measured anew. The superseded plans keep theirs.

    Only outcomes of the plan's year are copied: rows for other years, saved before outcomes
    were limited to their plan's year, stay on the superseded plan rather than entering a new
    plan past the rule (the copies are not validated again).
    """
    targets = {t.lineage: t for t in Target.objects.filter(plan=plan)}
    present = set(
        Outcome.objects.filter(target__plan=plan).values_list("target__lineage", "period")
    )
    earlier = (
        Outcome.objects.filter(
            target__plan__in=superseded, target__lineage__in=targets, year=plan.year
        )
        .select_related("target__plan")
        .order_by("-target__plan__revision", "pk")
    )
    with transaction.atomic():
        for old in earlier:
            target = targets[old.target.lineage]
            if target.kind != old.target.kind or (target.lineage, old.period) in present:
                continue
            present.add((target.lineage, old.period))
            copy = Outcome(target=target, period=old.period, year=old.year)
            for name in OUTCOME_FIELDS:
                setattr(copy, name, getattr(old, name))
            save_versioned(copy, None)


def outcome_delete(outcome: Outcome, *, user: User | None) -> None:
    require_role(user, outcome.target.plan.association_id, Cap.EDIT_PLAN)
    with transaction.atomic():
        outcome.delete()


# --- Read models ----------------------------------------------------------------------------------

REPORTING_LABELS = dict(Cadence.choices)
METHOD_LABELS = dict(Method.choices)
# The catalogue named after an indicator in the plan's tables ("(NNS)", "(egen indikator)").
CATALOGUE_SHORT_LABELS = {
    Catalogue.NNS: gettext_lazy("NNS"),
    Catalogue.STAT: gettext_lazy("statistik"),
    Catalogue.OWN: gettext_lazy("egen indikator"),
}


@dataclass(frozen=True)
class TrendPoint:
    year: int
    period: str  # the outcome's period, calc.period_label ('Första halvåret 2025')
    target: str
    outcome: str
    status: str
    status_label: str
    value: Decimal | None  # the outcome as a number, where it is one (for charts)


@dataclass(frozen=True)
class TargetRow:
    target_id: int
    lineage: str
    indicator: str  # the indicator as the plan words it
    indicator_wording: str
    catalogue: str  # "NNS", "STAT", "OWN" or "" when the indicator is missing
    respondents: str
    target: str  # '80 %', '100 st', 'Senast Q1 2027', or the target in words
    target_note: str  # the target in words when a value is also given
    kind: str
    target_value: Decimal | None
    baseline: str  # where the measure stood before, in the target's unit ('45 %'); '' when none
    baseline_value: Decimal | None
    method: str
    source: str
    reporting: str
    reported_by: str
    outcome: str  # this plan year's latest outcome, '' when none
    outcome_period: str
    outcome_value: Decimal | None
    respondent_count: int | None
    status: str
    status_label: str
    by_rule: bool
    reason: str
    share: Decimal | None
    previous: str  # last year's outcome on the same lineage, '' when none
    previous_period: str
    trend: tuple[TrendPoint, ...]

    @property
    def catalogue_label(self) -> str:
        """The catalogue as the tables name it ("NNS", "egen indikator"), in the language of
        the render; "" when the indicator is missing."""
        return str(CATALOGUE_SHORT_LABELS[self.catalogue]) if self.catalogue else ""


@dataclass(frozen=True)
class GoalBlock:
    goal_id: int
    level: str
    text: str
    area: str
    depth: int
    targets: tuple[TargetRow, ...]


@dataclass(frozen=True)
class InterventionBlock:
    intervention_id: int
    name: str
    kind: str
    targets: tuple[TargetRow, ...]


@dataclass(frozen=True)
class IndicatorTables:
    plan_id: int
    year: int
    goals: tuple[GoalBlock, ...]
    interventions: tuple[InterventionBlock, ...]

    @property
    def rows(self) -> tuple[TargetRow, ...]:
        return tuple(r for block in (*self.goals, *self.interventions) for r in block.targets)

    @property
    def is_empty(self) -> bool:
        return not self.rows

    @property
    def previous_year(self) -> int:
        """The year whose outcome the tables show beside this year's target."""
        return self.year - 1


def _ordered_goals(goals: list[Goal]) -> list[tuple[Goal, int]]:
    """Goals depth-first under their parents, each with its depth."""
    children: dict[int | None, list[Goal]] = defaultdict(list)
    ids = {g.pk for g in goals}
    for g in goals:
        children[g.parent_id if g.parent_id in ids else None].append(g)
    out: list[tuple[Goal, int]] = []

    def walk(parent: int | None, depth: int) -> None:
        for g in children.get(parent, []):
            out.append((g, depth))
            walk(g.pk, depth + 1)

    walk(None, 0)
    return out


def _outcome_text(target: Target, outcome: Outcome) -> str:
    # The outcome's own year: its plan's year, or another for a row kept from before the rule.
    return calc.format_value(
        kind=target.kind,
        value=outcome.value,
        value_bool=outcome.value_bool,
        value_date=outcome.value_date,
        value_quarter=outcome.value_quarter,
        text=outcome.comment[:80] if target.kind == ValueKind.TEXT else "",
        done=True,
        year=outcome.year,
    )


def _attainment(target: Target, outcome: Outcome | None) -> calc.Attainment:
    if outcome is None:
        return calc.Attainment("", True, None)
    return calc.attainment(
        override=outcome.status_override,
        reason=outcome.override_reason,
        kind=target.kind,
        direction=target.direction,
        target=target.value,
        target_bool=target.value_bool,
        target_date=target.value_date,
        target_quarter=target.value_quarter,
        outcome=outcome.value,
        outcome_bool=outcome.value_bool,
        outcome_date=outcome.value_date,
        outcome_quarter=outcome.value_quarter,
    )


def _latest(outcomes: list[Outcome]) -> Outcome | None:
    if not outcomes:
        return None
    return max(outcomes, key=lambda o: calc.parse_period(o.period).sort_key)


def _target_text(target: Target, year: int) -> str:
    """The target as the tables print it; `year` is its plan's year (a quarter's year)."""
    return calc.format_value(
        kind=target.kind,
        value=target.value,
        value_bool=target.value_bool,
        value_date=target.value_date,
        value_quarter=target.value_quarter,
        text=target.target_text,
        year=year,
    )


def _baseline_text(target: Target) -> str:
    """The baseline in the target's unit ('45 %', '80 st'), '' when there is none."""
    if target.baseline is None:
        return ""
    if target.kind in (ValueKind.PERCENT, ValueKind.COUNT):
        return calc.format_value(kind=target.kind, value=target.baseline)
    # Kinds without a figure take no baseline now; one saved before that is shown as it is.
    return calc.format_number(target.baseline)


def _reporting_text(target: Target) -> str:
    parts = [str(REPORTING_LABELS.get(c, c)) for c in target.reporting]
    text = ", ".join(parts)
    if target.reporting_detail:
        text = f"{text} ({target.reporting_detail})" if text else target.reporting_detail
    return text


def _lineage_history(plan: Plan, lineages: set) -> tuple[dict, dict]:
    """(lineage → {year: (target, outcomes)}, target pk → outcomes) over every plan of the
    association. One query. Where a year has several revisions, the highest one's target wins;
    an outcome only counts for the year of its own plan."""
    history: dict = defaultdict(dict)
    own: dict[int, list[Outcome]] = defaultdict(list)
    if not lineages:
        return history, own
    rows = (
        Outcome.objects.filter(
            target__lineage__in=lineages, target__plan__association_id=plan.association_id
        )
        .select_related("target", "target__plan")
        .order_by("target__plan__year", "target__plan__revision", "pk")
    )
    for o in rows:
        t = o.target
        own[t.pk].append(o)
        if o.year != t.plan.year:
            continue
        current = history[t.lineage].get(t.plan.year)
        if current is None or (
            current[0].pk != t.pk and t.plan.revision > current[0].plan.revision
        ):
            history[t.lineage][t.plan.year] = (t, [o])
        elif current[0].pk == t.pk:
            current[1].append(o)
    return history, own


def _rows(plan: Plan, targets: list[Target]) -> dict[int, TargetRow]:
    history, own = _lineage_history(plan, {t.lineage for t in targets})
    rows = {}
    for t in targets:
        by_year = dict(history.get(t.lineage, {}))
        this_year = [o for o in own.get(t.pk, []) if o.year == plan.year]
        by_year[plan.year] = (t, this_year)
        latest = _latest(this_year)
        att = _attainment(t, latest)
        earlier = [y for y in by_year if y < plan.year]
        prev_text = prev_period = ""
        if earlier:
            prev_target, prev_outcomes = by_year[max(earlier)]
            prev = _latest(prev_outcomes)
            if prev is not None:
                prev_text = _outcome_text(prev_target, prev)
                prev_period = calc.period_label(prev.period)
        trend = []
        for year in sorted(by_year):
            yt, youts = by_year[year]
            yo = _latest(youts)
            if yo is None:
                continue
            ya = _attainment(yt, yo)
            trend.append(
                TrendPoint(
                    year,
                    calc.period_label(yo.period),
                    _target_text(yt, year),
                    _outcome_text(yt, yo),
                    ya.status,
                    ya.label,
                    yo.value if yt.kind in (ValueKind.PERCENT, ValueKind.COUNT) else None,
                )
            )
        ind = t.indicator
        rows[t.pk] = TargetRow(
            target_id=t.pk,
            lineage=str(t.lineage),
            indicator=t.display_label,
            indicator_wording=ind.wording if ind else "",
            catalogue=ind.catalogue if ind else "",
            respondents=", ".join(ind.respondent_labels) if ind else "",
            target=_target_text(t, plan.year),
            target_note=t.target_text if t.kind != ValueKind.TEXT else "",
            kind=t.kind,
            target_value=t.value,
            baseline=_baseline_text(t),
            baseline_value=t.baseline,
            method=t.method_detail or str(METHOD_LABELS.get(t.method, t.method)),
            source=t.source or (ind.default_source if ind else ""),
            reporting=_reporting_text(t),
            reported_by=t.reported_by,
            outcome=_outcome_text(t, latest) if latest else "",
            outcome_period=calc.period_label(latest.period) if latest else "",
            outcome_value=latest.value if latest else None,
            respondent_count=latest.respondents if latest else None,
            status=att.status,
            status_label=att.label,
            by_rule=att.by_rule,
            reason=att.reason,
            share=att.share,
            previous=prev_text,
            previous_period=prev_period,
            trend=tuple(trend),
        )
    return rows


@dataclass(frozen=True)
class OutcomeRow:
    outcome: Outcome
    period: str  # calc.period_label: 'Helår 2025', 'Första halvåret 2025', 'Kvartal 3 2025'
    text: str  # the outcome as the tables show it
    attainment: calc.Attainment
    # False for a row of another year than the plan's, saved before outcomes were limited to
    # their plan's year (or restored from such a backup): listed, so it can be deleted or
    # recorded in the right plan, but counted nowhere.
    counted: bool = True


def _chronological(outcome: Outcome) -> tuple[int, int]:
    return calc.parse_period(outcome.period).sort_key


def outcome_rows(target: Target, outcomes: list[Outcome]) -> list[OutcomeRow]:
    """A target's recorded outcomes as the follow-up form lists them, oldest period first."""
    return [
        OutcomeRow(
            o,
            calc.period_label(o.period),
            _outcome_text(target, o),
            _attainment(target, o),
            counted=o.year == target.plan.year,
        )
        for o in sorted(outcomes, key=_chronological)
    ]


def outcome_rows_by_target(plan: Plan) -> dict[int, list[OutcomeRow]]:
    """Every outcome recorded on the plan's targets as `outcome_rows` words it ('80 %',
    '100 st'), per target, oldest period first. One query."""
    by_target: dict[int, list[Outcome]] = defaultdict(list)
    for o in Outcome.objects.filter(target__plan=plan).select_related("target"):
        o.target.plan = plan  # the plan's year decides `counted`; saves a query per target
        by_target[o.target_id].append(o)
    return {pk: outcome_rows(outs[0].target, outs) for pk, outs in by_target.items()}


def target_row(plan: Plan, target: Target) -> TargetRow:
    """One target as the tables show it, with last year's outcome and the trend (one query)."""
    return _rows(plan, [target])[target.pk]


def plan_targets(plan: Plan) -> list[Target]:
    return list(
        Target.objects.filter(plan=plan).select_related("indicator", "plan").order_by("order", "pk")
    )


def plan_indicator_tables(plan: Plan) -> IndicatorTables:
    """The goals-and-indicators tables of a plan (area/goal, indicator, target, method, source,
    reporting, last year's outcome), as the page and the PDF show them. Five queries."""
    goals = list(Goal.objects.filter(plan=plan).prefetch_related("tags").order_by("order", "pk"))
    targets = plan_targets(plan)
    rows = _rows(plan, targets)
    by_goal: dict[int, list[TargetRow]] = defaultdict(list)
    by_intervention: dict[int, list[TargetRow]] = defaultdict(list)
    for t in targets:
        if t.goal_id:
            by_goal[t.goal_id].append(rows[t.pk])
        else:
            by_intervention[t.intervention_id].append(rows[t.pk])
    level_labels = dict(Goal.Level.choices)
    goal_blocks = tuple(
        GoalBlock(
            goal_id=g.pk,
            level=str(level_labels.get(g.level, g.level)),
            text=g.text,
            area=", ".join(tag.name for tag in g.tags.all()),
            depth=depth,
            targets=tuple(by_goal.get(g.pk, ())),
        )
        for g, depth in _ordered_goals(goals)
    )
    interventions = Intervention.objects.filter(pk__in=by_intervention).order_by(
        "kind", "order", "name"
    )
    kind_labels = dict(Intervention.Kind.choices)
    intervention_blocks = tuple(
        InterventionBlock(
            i.pk, i.name, str(kind_labels.get(i.kind, i.kind)), tuple(by_intervention[i.pk])
        )
        for i in interventions
    )
    return IndicatorTables(plan.pk, plan.year, goal_blocks, intervention_blocks)


@dataclass(frozen=True)
class AttainmentRow:
    where: str  # the goal's text or the intervention's name
    row: TargetRow


@dataclass(frozen=True)
class AttainmentSummary:
    plan_id: int
    year: int
    rows: tuple[AttainmentRow, ...]
    counts: calc.StatusCounts

    @property
    def met_share(self) -> Decimal | None:
        return self.counts.met_share


def attainment_summary(plan: Plan, tables: IndicatorTables | None = None) -> AttainmentSummary:
    """Attainment of every target of the plan for its year, with counts per status."""
    tables = tables or plan_indicator_tables(plan)
    rows = tuple(
        [AttainmentRow(g.text, r) for g in tables.goals for r in g.targets]
        + [AttainmentRow(i.name, r) for i in tables.interventions for r in i.targets]
    )
    return AttainmentSummary(
        plan.pk, plan.year, rows, calc.count_statuses(r.row.status for r in rows)
    )


def indicator_charts(summary: AttainmentSummary) -> list[Chart]:
    """Charts for the attainment overview and the PDF: targets per status, and target against
    outcome for the percent targets that have been measured."""
    c = summary.counts
    charts = [
        bar_chart(
            title=_("Måluppfyllelse %(year)s: antal målvärden") % {"year": summary.year},
            items=[
                (str(calc.STATUS_LABELS["met"]), c.met),
                (str(calc.STATUS_LABELS["partly"]), c.partly),
                (str(calc.STATUS_LABELS["not_met"]), c.not_met),
                (str(calc.STATUS_LABELS[""]), c.not_measured),
            ],
            unit="st",
            value_header=_("Antal"),
        )
    ]
    measured = [
        r.row
        for r in summary.rows
        if r.row.kind == ValueKind.PERCENT and r.row.outcome_value is not None
    ]
    if measured:
        charts.append(
            grouped_bar_chart(
                title=_("Mål och utfall %(year)s, procent") % {"year": summary.year},
                categories=[_short(r.indicator) for r in measured],
                series=[
                    (pgettext("målvärde", "Mål"), [int(r.target_value or 0) for r in measured]),
                    (_("Utfall"), [int(r.outcome_value or 0) for r in measured]),
                ],
                unit="%",
            )
        )
    return [chart for chart in charts if not chart.empty]  # none to show for a plan without targets


def _short(label: str) -> str:
    """'NNS Indikator 7 – Stegförflyttning' → 'Ind. 7' for a chart axis; others cut short."""
    if label.startswith("NNS Indikator "):
        return "Ind. " + label.removeprefix("NNS Indikator ").split(" ", 1)[0]
    return label if len(label) <= 14 else label[:13] + "…"


# --- Checks ---------------------------------------------------------------------------------------


def indicator_checks(plan: Plan) -> list[Check]:
    """Before the board: goals nobody can follow up, and targets without an indicator.

    A goal counts as followed up when it or a goal below it has a target; a vision needs none.
    """
    url = reverse("indicators:goals", kwargs={"assoc": plan.association.slug, "plan_id": plan.pk})
    goals = list(Goal.objects.filter(plan=plan).only("pk", "parent_id", "text", "level"))
    targets = list(
        Target.objects.filter(plan=plan).values_list("pk", "goal_id", "indicator_id", "label")
    )
    measured = {goal_id for _pk, goal_id, _ind, _label in targets if goal_id}
    parent = {g.pk: g.parent_id for g in goals}
    covered: set[int] = set()
    for goal_id in measured:
        while goal_id is not None and goal_id not in covered:
            covered.add(goal_id)
            goal_id = parent.get(goal_id)
    checks = [
        Check(
            "warning",
            _("Målet ”%(goal)s” har ingen indikator med målvärde, så det kan inte följas upp.")
            % {"goal": short_text(g.text)},
            f"{url}#mal-{g.pk}",
            "goal_without_target",
        )
        for g in goals
        if g.pk not in covered and g.level != Goal.Level.VISION
    ]
    checks += _baselines_left_behind(plan)
    checks += [
        Check(
            "error",
            _("Ett målvärde%(label)s saknar indikator. Välj en indikator eller ta bort målvärdet.")
            % {"label": f" (”{label}”)" if label else ""},
            reverse(
                "indicators:target_edit",
                kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, "target_id": pk},
            ),
            "target_without_indicator",
        )
        for pk, _goal, indicator_id, label in targets
        if indicator_id is None
    ]
    return checks


def _baselines_left_behind(plan: Plan) -> list[Check]:
    """Baselines the roll-forward could not bring from last year's plan (one Check each).

    `targets_roll_forward` leaves a baseline behind when the rule refuses it (150 %, or a
    figure on a yes/no target). The director is told which target lost what and why, until
    the target has a baseline again or has been saved since (opening the target and saving it
    without one is the answer "no baseline"). Revisions start from their approved plan, which
    already said so. At most two queries.
    """
    if plan.previous_id is None or plan.revises_id is not None:
        return []
    kind_labels = dict(ValueKind.choices)
    refused = {
        old.lineage: old
        for old in Target.objects.filter(
            plan_id=plan.previous_id, plan__year__lt=plan.year, baseline__isnull=False
        ).select_related("plan")
        if calc.baseline_problem(
            kind=old.kind, value=old.baseline, kind_label=str(kind_labels[old.kind]).lower()
        )
    }
    if not refused:
        return []
    left = Target.objects.filter(
        plan=plan, lineage__in=refused, baseline__isnull=True, version=1
    ).select_related("indicator")
    checks = []
    for target in left.order_by("order", "pk"):
        old = refused[target.lineage]
        reason = calc.baseline_problem(
            kind=old.kind, value=old.baseline, kind_label=str(kind_labels[old.kind]).lower()
        )
        checks.append(
            Check(
                "info",
                _(
                    "Utgångsläget %(baseline)s för ”%(target)s” följde inte med från planen för "
                    "%(year)s: %(reason)s Ange ett utgångsläge som stämmer, eller spara "
                    "målvärdet utan."
                )
                % {
                    "baseline": _baseline_text(old),
                    "target": target.display_label,
                    "year": old.plan.year,
                    "reason": reason,
                },
                reverse(
                    "indicators:target_edit",
                    kwargs={
                        "assoc": plan.association.slug,
                        "plan_id": plan.pk,
                        "target_id": target.pk,
                    },
                ),
                "baseline_left_behind",
            )
        )
    return checks


def short_text(text: str, n: int = 70) -> str:
    """`text` on one line, cut to at most `n` characters with "…" (goals named in checks and
    in the target form's choices)."""
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"
