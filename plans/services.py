"""Every write to a plan's content goes through here: create, roll forward, edit, reorder, delete.

Each function checks the user's role (when a user is given; the demo loader and other services
pass None), validates with full_clean(), writes through Model.save()/delete() in a transaction
(so the audit trail and the freeze of approved plans in plans.review see every change) and uses
optimistic locking (plans.locking.save_versioned) when the caller passes the version it loaded.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from finsam import freshness
from finsam.access import require_plan_write, require_role
from finsam.checks import Check
from members.roles import Cap

from . import calc
from .locking import lock_association, save_versioned
from .models import (
    Activity,
    CommunicationItem,
    ControlPoint,
    Goal,
    Intervention,
    ParticipantCount,
    Plan,
    Risk,
    Section,
    Tag,
)
from .nav import plan_url
from .outline import OUTLINE
from .richtext import IMAGE_DIR, html_is_empty, sanitise_html

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from budgets.calc import BudgetSummary
    from members.models import Association, User


# ---------------------------------------------------------------- access


def _no_right() -> str:
    return _("Din roll i förbundet ger inte behörighet att ändra planen.")


def _require(user: User | None, association: Association, cap: Cap = Cap.EDIT_PLAN) -> None:
    require_role(user, association.pk, cap, message=_no_right())


def _require_editable(user: User | None, plan: Plan) -> None:
    require_plan_write(user, plan, Cap.EDIT_PLAN, message=_no_right())


def _save(obj: models.Model, expected_version: int | None = None) -> None:
    obj.full_clean()
    save_versioned(obj, expected_version)


# ---------------------------------------------------------------- plans


def previous_plan_for(association: Association, year: int) -> Plan | None:
    """The plan a new plan for `year` starts from: last year's, approved revision first."""
    candidates = list(Plan.objects.filter(association=association, year=year - 1))
    if not candidates:
        return None
    approved = [p for p in candidates if p.status == Plan.Status.APPROVED]
    pool = approved or [p for p in candidates if p.status != Plan.Status.SUPERSEDED] or candidates
    return max(pool, key=lambda p: p.revision)


def plan_in_force(plan: Plan) -> Plan | None:
    """For a superseded plan, the approved revision of its year that is in force instead."""
    if plan.status != Plan.Status.SUPERSEDED:
        return None
    return Plan.objects.filter(
        association_id=plan.association_id, year=plan.year, status=Plan.Status.APPROVED
    ).first()


def _outline_sections(plan: Plan) -> None:
    for order, item in enumerate(OUTLINE):
        _save(
            Section(
                plan=plan,
                key=item.key,
                kind=item.kind,
                title=str(item.title),
                order=order,
                included=item.included,
                progress=Section.Progress.EMPTY
                if item.kind == Section.Kind.TEXT
                else Section.Progress.DRAFTED,
            )
        )


@transaction.atomic
def plan_create(
    *, user: User | None, association: Association, year: int, blank: bool = False
) -> Plan:
    """A new plan for `year`: rolled forward from last year's plan unless `blank` (or none)."""
    _require(user, association)
    lock_association(association.pk)
    if Plan.objects.filter(association=association, year=year).exists():
        raise ValidationError(
            _("Det finns redan en plan för %(year)s. Öppna den i stället.") % {"year": year}
        )
    source = None if blank else previous_plan_for(association, year)
    if source is not None:
        return plan_roll_forward(user=user, plan=source)
    plan = Plan(association=association, year=year, unit=association.default_unit, created_by=user)
    _save(plan)
    _outline_sections(plan)
    return plan


def _copy(obj: models.Model, **changes) -> models.Model:
    """An unsaved copy of a model instance with some fields changed."""
    data = {
        f.attname: getattr(obj, f.attname)
        for f in obj._meta.concrete_fields
        if not f.primary_key and f.name != "version"
    }
    data.update(changes)
    return type(obj)(**data)


def intervention_continues(intervention: Intervention, year: int) -> bool:
    """Still running in `year`: not ended, and no end date before that year."""
    if intervention.status == Intervention.Status.ENDED:
        return False
    return intervention.end is None or intervention.end.year >= year


def interventions_left_behind(plan: Plan) -> list[Intervention]:
    """The interventions of `plan` that a roll-forward does not carry into next year."""
    return [i for i in plan.interventions.all() if not intervention_continues(i, plan.year + 1)]


@transaction.atomic
def plan_roll_forward(*, user: User | None, plan: Plan) -> Plan:
    """Start next year's DRAFT plan from `plan`, which is left untouched.

    Copies sections, interventions still running next year (same lineage), goals with their
    activities, tags, Agenda 2030 goals and intervention links (same lineage), and the internal
    control, communication and risk tables; then the other apps carry over budget (shifted a
    year), contributions and indicator targets. Board and groups live on the association.
    """
    _require(user, plan.association)
    lock_association(plan.association_id)
    new_year = plan.year + 1
    if Plan.objects.filter(association=plan.association, year=new_year).exists():
        raise ValidationError(
            _("Det finns redan en plan för %(year)s. Öppna den i stället.") % {"year": new_year}
        )
    new = Plan(
        association=plan.association,
        year=new_year,
        revision=1,
        status=Plan.Status.DRAFT,
        title="",
        unit=plan.unit,
        previous=plan,
        created_by=user,
    )
    _save(new)

    for section in plan.sections.all():
        copy = _copy(section, plan_id=new.pk)
        # Copied text needs reading again before it is ready.
        copy.progress = (
            Section.Progress.EMPTY
            if not copy.is_data and html_is_empty(copy.body)
            else Section.Progress.DRAFTED
        )
        _save(copy)
    have = set(new.sections.values_list("key", flat=True))
    for order, item in enumerate(OUTLINE):
        if item.key not in have and item.key in {"contributions", "risks"}:
            # Outline sections added after last year's plan was written.
            _save(
                Section(
                    plan=new,
                    key=item.key,
                    kind=item.kind,
                    title=str(item.title),
                    order=100 + order,
                    included=item.included,
                )
            )

    intervention_map: dict[int, int] = {}
    interventions = plan.interventions.prefetch_related("parties", "tags", "participant_counts")
    for old in interventions:
        if not intervention_continues(old, new_year):
            continue
        copy = _copy(old, plan_id=new.pk)
        started = copy.start is not None and copy.start.year <= new_year
        if copy.status == Intervention.Status.PLANNED and started:
            copy.status = Intervention.Status.ONGOING
        _save(copy)
        copy.parties.set(old.parties.all())
        copy.tags.set(old.tags.all())
        for count in old.participant_counts.all():
            _save(_copy(count, intervention_id=copy.pk))
        intervention_map[old.pk] = copy.pk

    goal_map: dict[int, int] = {}
    goals = plan.goals.prefetch_related("tags", "interventions", "activities")
    # Parents first, so every child's parent already has its copy.
    pending = list(goals)
    while pending:
        progressed = False
        for old in list(pending):
            if old.parent_id is not None and old.parent_id not in goal_map:
                continue
            copy = _copy(
                old,
                plan_id=new.pk,
                parent_id=goal_map.get(old.parent_id) if old.parent_id else None,
            )
            _save(copy)
            copy.tags.set(old.tags.all())
            linked = [i.pk for i in old.interventions.all()]
            copy.interventions.set(
                [intervention_map[pk] for pk in linked if pk in intervention_map]
            )
            for activity in old.activities.all():
                _save(_copy(activity, goal_id=copy.pk))
            goal_map[old.pk] = copy.pk
            pending.remove(old)
            progressed = True
        if not progressed:  # a parent outside the plan: keep the goal at the top
            for old in pending:
                old.parent_id = None
            continue

    for model in (ControlPoint, CommunicationItem, Risk):
        for row in model.objects.filter(plan=plan):
            _save(_copy(row, plan_id=new.pk))

    _roll_forward_hooks(
        old_plan=plan, new_plan=new, goal_map=goal_map, intervention_map=intervention_map
    )
    return new


def _roll_forward_hooks(
    *, old_plan: Plan, new_plan: Plan, goal_map: dict[int, int], intervention_map: dict[int, int]
) -> None:
    """The other apps' parts of the roll-forward, in one place (imported here: they import us)."""
    from budgets.services import budget_roll_forward
    from indicators.services import targets_roll_forward
    from members.contributions import contributions_roll_forward

    budget_roll_forward(old_plan=old_plan, new_plan=new_plan, intervention_map=intervention_map)
    contributions_roll_forward(old_plan=old_plan, new_plan=new_plan)
    targets_roll_forward(
        old_plan=old_plan, new_plan=new_plan, goal_map=goal_map, intervention_map=intervention_map
    )


@transaction.atomic
def plan_settings_set(
    *, user: User | None, plan: Plan, expected_version: int | None, title: str, unit: str
) -> Plan:
    _require_editable(user, plan)
    plan.title = title
    plan.unit = unit
    plan.full_clean()
    save_versioned(plan, expected_version, update_fields=["title", "unit", "updated_at"])
    return plan


# ---------------------------------------------------------------- sections


@transaction.atomic
def section_create(*, user: User | None, plan: Plan, title: str, kind: str = "text") -> Section:
    _require_editable(user, plan)
    last = plan.sections.aggregate(m=models.Max("order"))["m"]
    section = Section(plan=plan, title=title, kind=kind, order=(last or 0) + 1)
    _save(section)
    return section


@transaction.atomic
def section_update(
    *,
    user: User | None,
    section: Section,
    expected_version: int | None,
    title: str | None = None,
    included: bool | None = None,
    progress: str | None = None,
    body: str | None = None,
) -> Section:
    """Change any of a section's fields; the body is sanitised before it is stored."""
    _require_editable(user, section.plan)
    if title is not None:
        section.title = title
    if included is not None:
        section.included = included
    if body is not None:
        section.body = sanitise_html(body)
    if progress is not None:
        section.progress = progress
    # An empty text section cannot be ready or drafted; typing in an empty one drafts it. A
    # data section is never empty (Section.shown_progress).
    section.progress = section.shown_progress
    if not section.is_data and html_is_empty(section.body):
        section.progress = Section.Progress.EMPTY
    elif section.progress == Section.Progress.EMPTY and not html_is_empty(section.body):
        section.progress = Section.Progress.DRAFTED
    _save(section, expected_version)
    return section


IMAGE_EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "GIF": "gif", "WEBP": "webp"}


def section_image_store(*, user: User | None, plan: Plan, image: UploadedFile) -> str:
    """Store a picture checked by ImageUploadForm under a random name; its URL for the text.

    The name is ours (never the uploader's), so a file name cannot reach another folder.
    """
    _require_editable(user, plan)
    ext = IMAGE_EXTENSIONS[image.image.format]
    image.seek(0)
    name = default_storage.save(f"{IMAGE_DIR}{uuid.uuid4().hex}.{ext}", image)
    return default_storage.url(name)


@transaction.atomic
def section_delete(*, user: User | None, section: Section) -> None:
    _require_editable(user, section.plan)
    section.delete()


def _reorder(rows: Sequence[models.Model], moving: models.Model, direction: str) -> None:
    ids = calc.move_in_order(ids=[r.pk for r in rows], moving=moving.pk, direction=direction)
    by_pk = {r.pk: r for r in rows}
    for order, pk in enumerate(ids):
        row = by_pk[pk]
        if row.order != order:
            row.order = order
            save_versioned(row, None, update_fields=["order"])


@transaction.atomic
def section_move(*, user: User | None, section: Section, direction: str) -> None:
    _require_editable(user, section.plan)
    _reorder(list(section.plan.sections.all()), section, direction)


# ---------------------------------------------------------------- interventions


@transaction.atomic
def intervention_save(
    *,
    user: User | None,
    intervention: Intervention,
    expected_version: int | None = None,
    parties: Iterable | None = None,
    tags: Iterable | None = None,
    amounts: Sequence[int | None] | None = None,
    reductions_typed: bool = False,
) -> Intervention:
    """Create or update an intervention; its amounts per plan year are its budget lines.

    `reductions_typed`: the amounts were read by the budget grid's sign rule (the form's
    CostAmountField), so a cost below zero is a meant reduction
    (budgets.services.intervention_amounts_set)."""
    plan = intervention.plan
    _require_editable(user, plan)
    members = None if parties is None else list(parties)
    owner = intervention.owner
    for member in [*(members or []), *([owner] if owner else [])]:
        if member.association_id != plan.association_id:
            raise ValidationError(_("Parterna måste vara medlemmar i förbundet."))
    if intervention.pk is None and not intervention.order:
        last = plan.interventions.aggregate(m=models.Max("order"))["m"]
        intervention.order = (last or 0) + 1
    _save(intervention, expected_version if intervention.pk else None)
    if members is not None:
        intervention.parties.set(members)
    if tags is not None:
        tags = list(tags)
        if any(t.association_id != plan.association_id for t in tags):
            raise ValidationError(_("Områdena måste höra till förbundet."))
        intervention.tags.set(tags)
    if amounts is not None:
        from budgets.services import intervention_amounts_set

        intervention_amounts_set(
            user=user,
            intervention=intervention,
            amounts=tuple(amounts),
            reductions_typed=reductions_typed,
        )
    return intervention


@transaction.atomic
def intervention_delete(*, user: User | None, intervention: Intervention) -> bool:
    """Remove the intervention and its budget line (the line is its amounts: left behind, the
    money stayed in the budget under a name nothing pointed to). True if a line went too."""
    from budgets.models import BudgetLine
    from budgets.services import budget_line_delete

    _require_editable(user, intervention.plan)
    line = BudgetLine.objects.select_related("budget__plan").filter(intervention=intervention)
    line = line.first()
    if line is not None:
        budget_line_delete(user=user, line=line)
    intervention.delete()
    return line is not None


@transaction.atomic
def participant_counts_set(
    *,
    user: User | None,
    intervention: Intervention,
    year: int,
    women: int,
    men: int,
    other: int,
) -> ParticipantCount | None:
    """Aggregated counts for one year; all zeros removes the year."""
    _require_editable(user, intervention.plan)
    existing = intervention.participant_counts.filter(year=year).first()
    if women == men == other == 0:
        if existing:
            existing.delete()
        return None
    row = existing or ParticipantCount(intervention=intervention, year=year)
    row.women, row.men, row.other = women, men, other
    _save(row)
    return row


# ---------------------------------------------------------------- goals


def _check_parent(goal: Goal) -> None:
    parent = goal.parent
    if parent is None:
        return
    if parent.plan_id != goal.plan_id:
        raise ValidationError({"parent": _("Det överordnade målet måste finnas i samma plan.")})
    if not calc.parent_level_allowed(child_level=goal.level, parent_level=parent.level):
        raise ValidationError(
            {
                "parent": _("Ett %(child)s kan inte ligga under ett %(parent)s.")
                % {
                    "child": goal.get_level_display().lower(),
                    "parent": parent.get_level_display().lower(),
                }
            }
        )


@transaction.atomic
def goal_save(
    *,
    user: User | None,
    goal: Goal,
    expected_version: int | None = None,
    tags: Iterable[Tag] | None = None,
    interventions: Iterable[Intervention] | None = None,
) -> Goal:
    _require_editable(user, goal.plan)
    _check_parent(goal)
    bad = [n for n in goal.agenda2030 or [] if not isinstance(n, int) or not 1 <= n <= 17]
    if bad:
        raise ValidationError({"agenda2030": _("Agenda 2030 har mål 1–17.")})
    goal.agenda2030 = sorted(set(goal.agenda2030 or []))
    if goal.pk is None and not goal.order:
        last = goal.plan.goals.aggregate(m=models.Max("order"))["m"]
        goal.order = (last or 0) + 1
    _save(goal, expected_version if goal.pk else None)
    if tags is not None:
        tags = list(tags)
        if any(t.association_id != goal.plan.association_id for t in tags):
            raise ValidationError(_("Områdena måste höra till förbundet."))
        goal.tags.set(tags)
    if interventions is not None:
        interventions = list(interventions)
        if any(i.plan_id != goal.plan_id for i in interventions):
            raise ValidationError(_("Insatserna måste höra till samma plan."))
        goal.interventions.set(interventions)
    return goal


@transaction.atomic
def goal_delete(*, user: User | None, goal: Goal) -> None:
    _require_editable(user, goal.plan)
    goal.delete()


@transaction.atomic
def goal_move(*, user: User | None, goal: Goal, direction: str) -> None:
    _require_editable(user, goal.plan)
    _reorder(list(goal.plan.goals.all()), goal, direction)


@transaction.atomic
def activity_save(
    *, user: User | None, activity: Activity, expected_version: int | None = None
) -> Activity:
    _require_editable(user, activity.goal.plan)
    if activity.pk is None and not activity.order:
        last = activity.goal.activities.aggregate(m=models.Max("order"))["m"]
        activity.order = (last or 0) + 1
    _save(activity, expected_version if activity.pk else None)
    return activity


@transaction.atomic
def activity_delete(*, user: User | None, activity: Activity) -> None:
    _require_editable(user, activity.goal.plan)
    activity.delete()


@transaction.atomic
def tag_create(*, user: User | None, association: Association, kind: str, name: str) -> Tag:
    _require(user, association)
    name = " ".join(name.split())
    if Tag.objects.filter(association=association, kind=kind, name__iexact=name).exists():
        raise ValidationError({"name": _("Det området finns redan.")})
    tag = Tag(association=association, kind=kind, name=name)
    tag.full_clean()
    tag.save()
    return tag


@transaction.atomic
def tag_delete(*, user: User | None, tag: Tag) -> None:
    """Remove an area; refused while a decided plan uses it (decided plans never change)."""
    _require(user, tag.association)
    frozen = [Plan.Status.APPROVED, Plan.Status.SUPERSEDED]
    used = (
        Goal.tags.through.objects.filter(tag=tag, goal__plan__status__in=frozen).exists()
        or Intervention.tags.through.objects.filter(
            tag=tag, intervention__plan__status__in=frozen
        ).exists()
    )
    if used:
        raise ValidationError(
            _("Området används i en beslutad plan och kan inte tas bort. Byt namn i stället.")
        )
    tag.delete()


# ---------------------------------------------------------------- follow-up tables

TABLE_MODELS: dict[str, type[models.Model]] = {
    "control": ControlPoint,
    "communication": CommunicationItem,
    "risk": Risk,
}


@transaction.atomic
def table_row_save(
    *,
    user: User | None,
    row: ControlPoint | CommunicationItem | Risk,
    expected_version: int | None = None,
) -> models.Model:
    _require_editable(user, row.plan)
    if row.pk is None and not row.order:
        last = type(row).objects.filter(plan=row.plan).aggregate(m=models.Max("order"))["m"]
        row.order = (last or 0) + 1
    _save(row, expected_version if row.pk else None)
    return row


@transaction.atomic
def table_row_delete(*, user: User | None, row: ControlPoint | CommunicationItem | Risk) -> None:
    _require_editable(user, row.plan)
    row.delete()


@transaction.atomic
def table_row_move(
    *, user: User | None, row: ControlPoint | CommunicationItem | Risk, direction: str
) -> None:
    _require_editable(user, row.plan)
    _reorder(list(type(row).objects.filter(plan=row.plan)), row, direction)


# ---------------------------------------------------------------- checks


def plan_checks(plan: Plan, *, budget_summary: BudgetSummary | None = None) -> list[Check]:
    """Everything to fix before the plan goes to the board, this app's and the others'.

    `budget_summary` (budgets.services.budget_summary_for_plan) saves computing it twice when
    the caller shows it too.
    """
    checks: list[Check] = []
    sections = list(plan.sections.all())
    sections_url = plan_url(plan, "plans:sections")
    keys = {s.key for s in sections if s.included}
    for item in OUTLINE:
        if item.included and item.key not in keys:
            checks.append(
                Check(
                    "warning",
                    _("Standardavsnittet ”%(title)s” saknas eller är inte med i planen.")
                    % {"title": item.title},
                    sections_url,
                    "section_missing",
                )
            )
    for s in sections:
        if s.included and s.kind == Section.Kind.TEXT and html_is_empty(s.body):
            checks.append(
                Check(
                    "warning",
                    _("Avsnittet ”%(title)s” är tomt.") % {"title": s.title},
                    sections_url,
                    "section_empty",
                )
            )

    interventions = list(
        plan.interventions.prefetch_related(models.Prefetch("parties", to_attr="party_list"))
    )
    interventions_url = plan_url(plan, "plans:interventions")
    from budgets.services import budget_checks, intervention_amounts
    from indicators.services import indicator_checks
    from members.contributions import contribution_checks

    amounts = intervention_amounts(plan)
    for i in interventions:
        n = calc.party_count(owner_id=i.owner_id, party_ids=[p.pk for p in i.party_list])
        if n < calc.MIN_PARTIES:
            checks.append(
                Check(
                    "warning",
                    ngettext(
                        "Insatsen ”%(name)s” har %(n)s part. Finansiell samordning kräver "
                        "minst två parter.",
                        "Insatsen ”%(name)s” har %(n)s parter. Finansiell samordning kräver "
                        "minst två parter.",
                        n,
                    )
                    % {"name": i.name, "n": n},
                    interventions_url,
                    "intervention_few_parties",
                )
            )
        running = i.status != Intervention.Status.ENDED
        late = calc.years_after_end(
            end=i.end, first_year=plan.year, amounts=amounts.get(i.pk, ()), ended=not running
        )
        if late:
            years = ", ".join(str(y) for y in late)
            checks.append(
                Check(
                    "warning",
                    _(
                        "Insatsen ”%(name)s” har belopp i budgeten för %(years)s men är "
                        "avslutad. Ta bort beloppen eller ändra status."
                    )
                    % {"name": i.name, "years": years}
                    if not running
                    else _(
                        "Insatsen ”%(name)s” slutar %(end)s men har belopp i budgeten för "
                        "%(years)s. Förläng perioden eller ta bort beloppen."
                    )
                    % {
                        "name": i.name,
                        "end": date_format(i.end, "SHORT_DATE_FORMAT"),
                        "years": years,
                    },
                    interventions_url,
                    "intervention_amounts_after_end",
                )
            )
        elif running and i.end is not None and i.end.year < plan.year:
            # Still marked as running but over before the plan year: the roll-forward and
            # readers take the end date, so the status is what is wrong.
            checks.append(
                Check(
                    "warning",
                    _(
                        "Insatsen ”%(name)s” slutade %(end)s men har status ”%(status)s”. Ändra "
                        "status till avslutad eller förläng perioden."
                    )
                    % {
                        "name": i.name,
                        "end": date_format(i.end, "SHORT_DATE_FORMAT"),
                        "status": i.get_status_display(),
                    },
                    interventions_url,
                    "intervention_over",
                )
            )
            continue
        if running and calc.amounts_total(amounts=amounts.get(i.pk, ())) == 0:
            checks.append(
                Check(
                    "warning",
                    _("Insatsen ”%(name)s” har inget belopp i budgeten.") % {"name": i.name},
                    interventions_url,
                    "intervention_without_amounts",
                )
            )

    checks.extend(indicator_checks(plan))
    checks.extend(budget_checks(plan, budget_summary))
    checks.extend(contribution_checks(plan))
    return checks


@dataclass(frozen=True)
class PlanFigures:
    """What the plan overview and the board's checklist show about the plan as a whole."""

    budget: BudgetSummary | None
    checks: tuple[Check, ...]
    interventions: int
    goals: int

    @property
    def errors(self) -> tuple[Check, ...]:
        return tuple(c for c in self.checks if c.level == "error")


def plan_figures(plan: Plan) -> PlanFigures:
    """Key figures and checks of the plan, computed once per state of the association's data.

    The checks read the budget, the contribution engine, indicators and every section, which
    is too much for each visit to the overview; finsam.freshness invalidates on any write.
    """

    def compute() -> PlanFigures:
        from budgets.services import budget_summary_for_plan

        budget = budget_summary_for_plan(plan)
        return PlanFigures(
            budget=budget,
            checks=tuple(plan_checks(plan, budget_summary=budget)),
            interventions=plan.interventions.count(),
            goals=plan.goals.count(),
        )

    return freshness.cached(plan.association_id, f"plan-figures:{plan.pk}", compute)
