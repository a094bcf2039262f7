"""Plan services: creation, roll-forward (old plan untouched, lineage, hooks), edits, checks."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from budgets.models import BudgetLine
from budgets.services import intervention_amounts, intervention_amounts_set
from indicators.models import Target
from members.models import Member
from members.roles import Role
from plans import services
from plans.locking import EditConflict
from plans.models import (
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
from plans.outline import OUTLINE
from tests.conftest import make_user


def snapshot(plan: Plan) -> dict:
    """Everything the roll-forward could touch in the old plan, with versions."""
    plan.refresh_from_db()
    return {
        "plan": (plan.status, plan.version, plan.updated_at),
        "sections": list(plan.sections.values_list("pk", "version", "body", "order")),
        "interventions": list(plan.interventions.values_list("pk", "version", "name", "status")),
        "goals": list(plan.goals.values_list("pk", "version", "parent_id", "text")),
        "activities": list(Activity.objects.filter(goal__plan=plan).values_list("pk", "version")),
        "lines": list(
            BudgetLine.objects.filter(budget__plan=plan).values_list(
                "pk", "version", "amount_1", "amount_2", "amount_3", "intervention_id"
            )
        ),
        "targets": list(Target.objects.filter(plan=plan).values_list("pk", "version")),
    }


def test_roll_forward_leaves_last_years_plan_untouched(vvnd_2025):
    before = snapshot(vvnd_2025)
    new = services.plan_roll_forward(user=None, plan=vvnd_2025)
    assert snapshot(vvnd_2025) == before
    assert (new.year, new.status, new.revision, new.previous_id) == (
        2026,
        Plan.Status.DRAFT,
        1,
        vvnd_2025.pk,
    )


def test_roll_forward_copies_sections_interventions_goals_with_lineage(vvnd_2025):
    new = services.plan_roll_forward(user=None, plan=vvnd_2025)
    old_sections = list(vvnd_2025.sections.values_list("key", "title", "body", "included"))
    assert list(new.sections.values_list("key", "title", "body", "included")) == old_sections
    old_i = {i.lineage: i for i in vvnd_2025.interventions.prefetch_related("parties")}
    new_i = list(new.interventions.prefetch_related("parties"))
    assert len(new_i) == len(old_i) == 12
    for i in new_i:
        assert i.pk != old_i[i.lineage].pk
        assert (i.name, i.owner_id) == (old_i[i.lineage].name, old_i[i.lineage].owner_id)
        assert {p.pk for p in i.parties.all()} == {p.pk for p in old_i[i.lineage].parties.all()}
    old_g = {g.lineage: g for g in vvnd_2025.goals.select_related("parent")}
    for g in new.goals.select_related("parent").prefetch_related("interventions"):
        source = old_g[g.lineage]
        assert g.text == source.text and g.agenda2030 == source.agenda2030
        if source.parent_id:
            assert g.parent.plan_id == new.pk and g.parent.lineage == source.parent.lineage
        assert {i.plan_id for i in g.interventions.all()} <= {new.pk}
        assert sorted(i.lineage for i in g.interventions.all()) == sorted(
            i.lineage for i in source.interventions.all()
        )


def test_roll_forward_drops_ended_interventions_and_shifts_the_budget(draft, vvnd_2025):
    # Use the draft (2026) as last year's plan: end one intervention, give another amounts.
    ended, running = list(draft.interventions.order_by("order")[:2])
    ended.status = Intervention.Status.ENDED
    services.intervention_save(user=None, intervention=ended)
    intervention_amounts_set(user=None, intervention=running, amounts=(100, 200, 300))
    new = services.plan_roll_forward(user=None, plan=draft)
    assert new.year == 2027
    lineages = set(new.interventions.values_list("lineage", flat=True))
    assert ended.lineage not in lineages
    copy = new.interventions.get(lineage=running.lineage)
    # Year 2 becomes year 1, year 3 becomes year 2 and the new year 3 starts from it.
    assert intervention_amounts(new)[copy.pk] == (200, 300, 300)


def test_roll_forward_carries_goals_activities_targets_and_tables(db):
    ostra = Plan.objects.get(association__slug="ostra-varmland", year=2022)
    new = services.plan_roll_forward(user=None, plan=ostra)
    assert new.goals.count() == ostra.goals.count()
    assert (
        Activity.objects.filter(goal__plan=new).count()
        == Activity.objects.filter(goal__plan=ostra).count()
    )
    assert list(new.control_points.values_list("routine", "risk")) == list(
        ostra.control_points.values_list("routine", "risk")
    )
    assert new.communication_items.count() == 6
    old_targets = Target.objects.filter(plan=ostra).count()
    assert old_targets > 0
    assert Target.objects.filter(plan=new).count() == old_targets
    assert not Target.objects.filter(plan=new).exclude(goal__plan=new).exclude(goal=None).exists()


def test_roll_forward_refuses_an_existing_year(draft, vvnd_2025):
    with pytest.raises(ValidationError):
        services.plan_roll_forward(user=None, plan=vvnd_2025)


def test_plan_create_rolls_forward_by_default_and_blank_gets_the_outline(vvnd, vvnd_2025):
    director = make_user(vvnd, Role.DIRECTOR)
    rolled = services.plan_create(user=director, association=vvnd, year=2026)
    assert rolled.previous_id == vvnd_2025.pk
    assert rolled.interventions.count() == 12
    blank = services.plan_create(user=director, association=vvnd, year=2031, blank=True)
    assert blank.previous_id is None
    assert list(blank.sections.values_list("key", flat=True)) == [s.key for s in OUTLINE]
    assert not blank.interventions.exists()
    with pytest.raises(ValidationError):
        services.plan_create(user=director, association=vvnd, year=2031, blank=True)


@pytest.mark.parametrize("role", [Role.BOARD, Role.FINANCE, Role.CHAIR, Role.AUDITOR])
def test_only_plan_editors_can_create_plans(vvnd, role):
    with pytest.raises(PermissionDenied):
        services.plan_create(user=make_user(vvnd, role), association=vvnd, year=2031, blank=True)


def test_section_update_sanitises_and_sets_progress(draft):
    section = draft.sections.get(key="vision")
    services.section_update(
        user=None,
        section=section,
        expected_version=section.version,
        body='<p onclick="x">Ny <script>alert(1)</script>vision</p>',
        progress=Section.Progress.READY,
    )
    section.refresh_from_db()
    assert section.body == "<p>Ny vision</p>"
    assert section.progress == Section.Progress.READY
    services.section_update(user=None, section=section, expected_version=None, body="<p><br></p>")
    section.refresh_from_db()
    assert section.progress == Section.Progress.EMPTY


def test_stale_version_raises_conflict_and_saves_nothing(draft):
    section = draft.sections.get(key="vision")
    loaded = section.version
    services.section_update(user=None, section=section, expected_version=loaded, body="<p>A</p>")
    stale = Section.objects.get(pk=section.pk)
    with pytest.raises(EditConflict) as exc:
        services.section_update(user=None, section=stale, expected_version=loaded, body="<p>B</p>")
    assert exc.value.current.body == "<p>A</p>"
    assert Section.objects.get(pk=section.pk).body == "<p>A</p>"


def test_section_move_swaps_neighbours(draft):
    keys = list(draft.sections.values_list("key", flat=True))
    services.section_move(user=None, section=draft.sections.get(key=keys[1]), direction="up")
    assert list(draft.sections.values_list("key", flat=True))[:2] == [keys[1], keys[0]]
    services.section_move(user=None, section=draft.sections.get(key=keys[1]), direction="up")
    assert list(draft.sections.values_list("key", flat=True))[:2] == [keys[1], keys[0]]


def test_frozen_plan_cannot_be_edited(vvnd_2025):
    assert vvnd_2025.is_frozen
    with pytest.raises(PermissionDenied):
        services.section_create(user=None, plan=vvnd_2025, title="Nytt")


def test_goal_parent_must_be_higher_level_and_same_plan(draft, vvnd_2025):
    vision = services.goal_save(user=None, goal=Goal(plan=draft, level="vision", text="V"))
    activity = services.goal_save(
        user=None, goal=Goal(plan=draft, level="activity", text="A", parent=vision)
    )
    with pytest.raises(ValidationError):
        services.goal_save(
            user=None, goal=Goal(plan=draft, level="vision", text="X", parent=activity)
        )
    other = vvnd_2025.goals.first()
    with pytest.raises(ValidationError):
        services.goal_save(
            user=None, goal=Goal(plan=draft, level="activity", text="Y", parent=other)
        )
    with pytest.raises(ValidationError):
        services.goal_save(
            user=None, goal=Goal(plan=draft, level="overall", text="Z", agenda2030=[18])
        )


def test_tag_used_by_a_decided_plan_cannot_be_deleted(vvnd, draft):
    from plans.review.services import plan_approve, plan_send_to_board

    tag = services.tag_create(user=None, association=vvnd, kind="focus", name="Unga vuxna")
    services.goal_save(user=None, goal=draft.goals.first(), tags=[tag])
    unused = services.tag_create(user=None, association=vvnd, kind="focus", name="Oanvänt")
    services.tag_delete(user=None, tag=unused)
    assert not Tag.objects.filter(pk=unused.pk).exists()
    chair = make_user(vvnd, Role.CHAIR)
    plan_send_to_board(user=make_user(vvnd, Role.DIRECTOR), plan=draft, base_url="http://x")
    plan_approve(
        user=chair, plan=draft, decision_date=date(2025, 11, 28), paragraph="12", render_pdf=False
    )
    with pytest.raises(ValidationError):
        services.tag_delete(user=None, tag=tag)
    assert Tag.objects.filter(pk=tag.pk).exists()


def test_checks_flag_few_parties_missing_amounts_and_empty_sections(draft):
    member = Member.objects.filter(association=draft.association).first()
    lonely = services.intervention_save(
        user=None,
        intervention=Intervention(plan=draft, name="Ensam insats", kind="individual", owner=member),
        parties=[],
        amounts=(None, None, None),
    )
    section = draft.sections.get(key="vision")
    services.section_update(user=None, section=section, expected_version=None, body="")
    checks = services.plan_checks(draft)
    codes = {(c.code, c.message) for c in checks}
    assert any(code == "intervention_few_parties" and lonely.name in m for code, m in codes)
    assert any(code == "intervention_without_amounts" and lonely.name in m for code, m in codes)
    assert any(code == "section_empty" and section.title in m for code, m in codes)
    # The other apps' checks are part of the list (the VVND goals without targets, for one).
    assert any(c.code == "goal_without_target" for c in checks)
    # With two parties and an amount the intervention's own checks go away.
    services.intervention_save(
        user=None,
        intervention=lonely,
        parties=[Member.objects.filter(association=draft.association).last()],
        amounts=(1000, None, None),
    )
    names = " ".join(c.message for c in services.plan_checks(draft))
    assert "Ensam insats" not in names


def test_missing_standard_section_is_a_check(draft):
    section = draft.sections.get(key="target_groups")
    services.section_update(user=None, section=section, expected_version=None, included=False)
    assert any(c.code == "section_missing" for c in services.plan_checks(draft))


def test_participant_counts_are_aggregates_per_year(draft):
    intervention = draft.interventions.first()
    services.participant_counts_set(
        user=None, intervention=intervention, year=2025, women=12, men=9, other=1
    )
    services.participant_counts_set(
        user=None, intervention=intervention, year=2025, women=13, men=9, other=0
    )
    assert list(intervention.participant_counts.values_list("year", "women", "men", "other")) == [
        (2025, 13, 9, 0)
    ]
    services.participant_counts_set(
        user=None, intervention=intervention, year=2025, women=0, men=0, other=0
    )
    assert not intervention.participant_counts.exists()


def test_table_rows_save_move_delete(draft):
    a = services.table_row_save(
        user=None, row=ControlPoint(plan=draft, routine="A", control_step="x")
    )
    b = services.table_row_save(
        user=None, row=ControlPoint(plan=draft, routine="B", control_step="y")
    )
    services.table_row_move(user=None, row=b, direction="up")
    assert list(draft.control_points.values_list("routine", flat=True))[:2] == ["B", "A"]
    services.table_row_delete(user=None, row=a)
    assert not ControlPoint.objects.filter(pk=a.pk).exists()
    c = services.table_row_save(
        user=None, row=CommunicationItem(plan=draft, target_group="Media", channel="Webb")
    )
    r = services.table_row_save(user=None, row=Risk(plan=draft, risk="Personal slutar"))
    assert c.order >= 1 and r.likelihood == 2


def test_intervention_end_before_start_and_foreign_parties_are_refused(draft, varna):
    with pytest.raises(ValidationError):
        services.intervention_save(
            user=None,
            intervention=Intervention(plan=draft, name="X", kind="individual"),
            parties=[Member.objects.filter(association=varna).first()],
        )
    assert services.intervention_continues(
        Intervention(status="ongoing", end=date(2027, 6, 30)), 2027
    )
    assert not services.intervention_continues(
        Intervention(status="ongoing", end=date(2026, 6, 30)), 2027
    )


def test_years_after_end_are_the_budgeted_years_past_the_end_date():
    from plans.calc import years_after_end

    # Norra Bohuslän-like case: a team that ends mid-2026, budgeted for 2027–2029.
    amounts = (1_800_000, 1_850_000, 1_900_000)
    assert years_after_end(end=date(2026, 6, 30), first_year=2027, amounts=amounts) == [
        2027,
        2028,
        2029,
    ]
    assert years_after_end(end=date(2028, 12, 31), first_year=2027, amounts=(1, None, 150)) == [
        2029
    ]
    assert years_after_end(end=None, first_year=2027, amounts=amounts) == []
    assert years_after_end(end=None, first_year=2027, amounts=(0, 5, None), ended=True) == [2028]


def test_checks_flag_amounts_after_the_end_and_running_interventions_that_are_over(draft):
    member = Member.objects.filter(association=draft.association).first()
    parties = list(Member.objects.filter(association=draft.association)[:2])

    def save(name, *, end, status, amounts):
        intervention = Intervention(
            plan=draft, name=name, kind="individual", owner=member, end=end, status=status
        )
        return services.intervention_save(
            user=None, intervention=intervention, parties=parties, amounts=amounts
        )

    y = draft.year
    save(
        "Rehabteam Kust",
        end=date(y, 6, 30),
        status="ongoing",
        amounts=(900_000, 1_850_000, 1_900_000),
    )
    save("Avslutat projekt", end=None, status="ended", amounts=(None, 200_000, None))
    save("Gammal insats", end=date(y - 1, 12, 31), status="ongoing", amounts=(None,) * 3)
    save(
        "Fortsätter", end=date(y + 2, 12, 31), status="ongoing", amounts=(100_000, 100_000, 100_000)
    )
    messages = {c.message: c.code for c in services.plan_checks(draft)}

    def about(name):
        return {code for message, code in messages.items() if f"”{name}”" in message}

    late = next(m for m in messages if "Rehabteam Kust" in m)
    assert f"slutar {y}-06-30" in late and f"{y + 1}, {y + 2}" in late
    assert about("Rehabteam Kust") == {"intervention_amounts_after_end"}
    assert about("Avslutat projekt") == {"intervention_amounts_after_end"}
    # Over before the plan year: the status is what is wrong, not a missing amount.
    assert about("Gammal insats") == {"intervention_over"}
    assert about("Fortsätter") == set()


def test_interventions_left_behind_by_the_roll_forward(draft):
    kept = draft.interventions.order_by("order").first()
    member = Member.objects.filter(association=draft.association).first()
    over = services.intervention_save(
        user=None,
        intervention=Intervention(
            plan=draft,
            name="Rehabteam Kust",
            kind="individual",
            owner=member,
            end=date(draft.year, 6, 30),
            status="ongoing",
        ),
        amounts=(1_800_000, 1_850_000, 1_900_000),
    )
    left = services.interventions_left_behind(draft)
    assert over in left and kept not in left
    new = services.plan_roll_forward(user=None, plan=draft)
    assert not new.interventions.filter(lineage=over.lineage).exists()


def test_data_sections_are_never_empty_text_sections_are_until_written(draft):
    """ "Insatser (från insatsregistret)" said "Tom" with three interventions in the plan."""
    interventions = draft.sections.get(kind=Section.Kind.INTERVENTIONS)
    assert interventions.shown_progress == Section.Progress.DRAFTED
    assert interventions.shown_progress_label == "Utkast"
    # Saving it with an empty introduction keeps it a draft; it can be marked ready.
    saved = services.section_update(
        user=None, section=interventions, expected_version=None, body="", progress="empty"
    )
    assert saved.progress == Section.Progress.DRAFTED
    saved = services.section_update(
        user=None, section=saved, expected_version=None, progress="ready"
    )
    assert saved.progress == Section.Progress.READY
    # A text section without text is empty, whatever it is marked.
    vision = draft.sections.get(key="vision")
    vision = services.section_update(
        user=None, section=vision, expected_version=None, body="", progress="ready"
    )
    assert vision.progress == vision.shown_progress == Section.Progress.EMPTY
    # A new plan's data sections start as drafts.
    fresh = services.plan_create(user=None, association=draft.association, year=2040, blank=True)
    kinds = dict(fresh.sections.values_list("kind", "progress"))
    assert kinds[Section.Kind.BUDGET] == Section.Progress.DRAFTED
    assert kinds[Section.Kind.TEXT] == Section.Progress.EMPTY


def test_deleting_an_intervention_takes_its_budget_money_with_it(draft):
    intervention = draft.interventions.order_by("order").first()
    intervention_amounts_set(user=None, intervention=intervention, amounts=(500_000, 0, 0))
    before = BudgetLine.objects.filter(budget__plan=draft).count()
    assert services.intervention_delete(user=None, intervention=intervention) is True
    assert BudgetLine.objects.filter(budget__plan=draft).count() == before - 1
    assert not BudgetLine.objects.filter(budget__plan=draft, name=intervention.name).exists()


def test_an_interventions_line_follows_a_change_of_its_kind(draft):
    """Changed from individual to structural, the intervention's money must move too, or the
    budget's individual/structural split contradicts the plan's text."""
    from budgets.models import Group

    intervention = draft.interventions.filter(kind="individual").order_by("order").first()
    intervention_amounts_set(user=None, intervention=intervention, amounts=(400_000, 0, 0))
    intervention.kind = "structural"
    services.intervention_save(user=None, intervention=intervention, amounts=(400_000, 0, 0))
    line = BudgetLine.objects.get(intervention=intervention)
    assert line.group == Group.STRUCTURAL

    # A line the director put among the reserved funds stays there.
    line.group = Group.RESERVE
    line.save()
    intervention.refresh_from_db()
    intervention.kind = "individual"
    services.intervention_save(user=None, intervention=intervention, amounts=(400_000, 0, 0))
    assert BudgetLine.objects.get(intervention=intervention).group == Group.RESERVE
