"""Approved plans cannot change: ORM saves, deletes, querysets, bulk writes, raw SQL, M2M."""

from __future__ import annotations

from django.db import DatabaseError, connection, transaction

from budgets.models import Budget, BudgetLine
from members.models import Member
from plans.models import Goal, Intervention, Plan, PlanPart, Section
from plans.review.freeze import PlanFrozen, allow_status_transition
from plans.review.triggers import plan_models


def refused(fn) -> bool:
    try:
        with transaction.atomic():
            fn()
    except (PlanFrozen, DatabaseError):
        return True
    return False


def test_every_plan_part_of_every_app_has_a_trigger(db):
    tables = {m._meta.db_table for m in plan_models()}
    assert {"budgets_budgetline", "plans_section", "indicators_target"} <= tables
    tables |= {"plans_plan", "review_auditentry", "plans_intervention_parties"}
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type='trigger'")
        else:
            cursor.execute("SELECT event_object_table FROM information_schema.triggers")
        triggered = {r[0] for r in cursor.fetchall()}
    assert tables <= triggered


def test_model_save_and_delete_are_refused(frozen):
    section = frozen.sections.get()
    section.title = "Ändrad"
    assert refused(section.save)
    assert refused(section.delete)
    assert refused(lambda: Section.objects.create(plan=frozen, title="Ny"))
    frozen.title = "Ny titel"
    assert refused(frozen.save)
    assert Section.objects.get(pk=section.pk).title == "Inledning"


def test_queryset_update_delete_and_bulk_writes_are_refused(frozen):
    assert refused(lambda: Section.objects.filter(plan=frozen).update(title="x"))
    assert refused(lambda: Section.objects.filter(plan=frozen).delete())
    assert refused(lambda: Plan.objects.filter(pk=frozen.pk).update(title="x"))
    assert refused(lambda: Plan.objects.filter(pk=frozen.pk).update(status="draft"))
    assert refused(lambda: Plan.objects.filter(pk=frozen.pk).delete())
    assert refused(lambda: Section.objects.bulk_create([Section(plan=frozen, title="Smyg")]))
    goal = frozen.goals.get()
    goal.text = "x"
    assert refused(lambda: Goal.objects.bulk_update([goal], ["text"]))
    assert Goal.objects.get(pk=goal.pk).text == "Fler i arbete"


def test_raw_sql_is_refused(frozen):
    table = Section._meta.db_table

    def raw():
        with connection.cursor() as cursor:
            sql = f"UPDATE {table} SET title = 'rå' WHERE plan_id = %s"  # noqa: S608
            cursor.execute(sql, [frozen.pk])

    assert refused(raw)


def test_many_to_many_changes_are_refused_from_both_sides(frozen):
    intervention = frozen.interventions.get()
    goal = frozen.goals.get()
    member = Member.objects.filter(association=frozen.association).last()
    assert refused(lambda: intervention.parties.add(member))
    assert refused(lambda: intervention.parties.clear())
    assert refused(lambda: goal.interventions.remove(intervention))
    assert refused(lambda: intervention.goals.clear())  # reverse side
    through = Intervention.parties.through
    assert refused(lambda: through.objects.filter(intervention=intervention).delete())
    assert intervention.parties.count() == 1


def test_other_apps_plan_parts_are_frozen_too(frozen):
    budget = Budget.objects.create(
        plan=Plan.objects.create(association=frozen.association, year=2041)
    )
    line = BudgetLine.objects.create(budget=budget, group="reserve", name="Reserv")
    # Moving a line into a frozen plan's budget is refused as an insert would be.
    assert issubclass(BudgetLine, PlanPart)
    frozen_budget_id = Budget.objects.filter(plan=frozen).values_list("pk", flat=True).first()
    if frozen_budget_id:
        line.budget_id = frozen_budget_id
        assert refused(line.save)
        assert refused(
            lambda: BudgetLine.objects.create(budget_id=frozen_budget_id, group="reserve", name="x")
        )


def test_superseding_only_through_the_transition(frozen):
    frozen.status = Plan.Status.SUPERSEDED
    assert refused(frozen.save)  # not inside the services' transition
    frozen.refresh_from_db()
    with allow_status_transition():
        frozen.status = Plan.Status.SUPERSEDED
        frozen.save()
    frozen.refresh_from_db()
    assert frozen.status == Plan.Status.SUPERSEDED
    # Superseded is frozen as well, and cannot go back.
    assert refused(lambda: Plan.objects.filter(pk=frozen.pk).update(status="approved"))
    frozen.title = "x"
    with allow_status_transition():
        assert refused(frozen.save)


def test_drafts_stay_editable(draft):
    s = draft.sections.get()
    s.title = "Ny rubrik"
    s.save()
    Section.objects.filter(pk=s.pk).update(order=3)
    draft.interventions.get().parties.clear()
    assert Section.objects.get(pk=s.pk).title == "Ny rubrik"


def test_admin_cannot_change_an_approved_plan(client, frozen, vvnd):
    from members.models import User

    admin = User.objects.create_superuser("rv-admin", "a@example.se", "x-demo-losen-2025")
    client.force_login(admin)
    section = frozen.sections.get()
    url = f"/admin/plans/section/{section.pk}/change/"
    page = client.get(url)
    assert page.status_code == 200
    assert 'name="title"' not in page.content.decode()  # read-only fields
    response = client.post(url, {"plan": frozen.pk, "title": "Admin", "order": 0, "kind": "text"})
    assert response.status_code in (302, 403)
    assert Section.objects.get(pk=section.pk).title == "Inledning"
    assert (
        client.post(f"/admin/plans/section/{section.pk}/delete/", {"post": "yes"}).status_code
        == 403
    )
    assert Section.objects.filter(pk=section.pk).exists()


def test_restoring_a_backup_is_the_only_way_past_the_freeze(frozen):
    """`restoring()` (for import_plan) lets rows be written as they were, without new entries."""
    from plans.review.freeze import restoring
    from plans.review.models import AuditEntry

    entries = AuditEntry.objects.count()
    with transaction.atomic(), restoring():
        Section.objects.filter(plan=frozen).update(title="Återställd")
        frozen.interventions.get().parties.clear()
    assert frozen.sections.get().title == "Återställd"
    assert AuditEntry.objects.count() == entries
    assert refused(lambda: Section.objects.filter(plan=frozen).update(title="Igen"))
