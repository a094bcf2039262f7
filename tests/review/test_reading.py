"""The board's reading view: constant queries at N and 2N of every part; the fallback view."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Plan, Section
from plans.pdf.sample import build_large_plan
from plans.review import services
from tests.plans.bulk import grow


def _grow(plan: Plan, n: int, board) -> None:
    """n more of everything the reading view lists, each with an open comment thread."""
    grow(plan, interventions=n, goals=n, rows=n, targets=n)
    start = plan.sections.count()
    for k in range(start, start + n):
        section = Section.objects.create(plan=plan, title=f"Avsnitt {k}", body=f"<p>Text {k}</p>")
        for kind, obj in (
            ("section", section),
            ("goal", plan.goals.order_by("-pk").first()),
            ("intervention", plan.interventions.order_by("-pk").first()),
        ):
            thread = services.comment_add(
                user=board, plan=plan, body=f"Fråga {k}", target_kind=kind, target_id=obj.pk
            )
            services.comment_add(user=board, plan=plan, body="Svar", parent=thread)


def test_reading_view_queries_do_not_grow_with_the_plan(
    vvnd, client_for, role_user, django_assert_num_queries
):
    plan = build_large_plan(association=vvnd, year=2039, interventions=2, goals=2, rows=2)
    board = role_user("board")
    client = client_for("board")
    page = f"/f/{vvnd.slug}/plan/{plan.pk}/granskning/las/"
    _grow(plan, 3, board)
    assert client.get(page).status_code == 200  # warm up (budget row, content types)
    with CaptureQueriesContext(connection) as at_n:
        client.get(page)
    _grow(plan, 3, board)
    with django_assert_num_queries(len(at_n.captured_queries)):
        response = client.get(page)
    assert response.status_code == 200


def test_reading_view_lists_goals_and_interventions_when_no_section_is_included(client_for, draft):
    draft.sections.update(included=False)  # test set-up, not plan data written by the product
    page = client_for("board").get(f"/f/vvnd/plan/{draft.pk}/granskning/las/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'id="mal"' in html and "Fler i arbete" in html
    assert 'id="insatser"' in html and "Steget vidare" in html
    assert 'class="plan-document"' not in html


def test_a_split_budget_line_is_offered_for_comment_once(draft):
    """A line with a share shown in another group (the director's salary, partly process
    support) appears twice in the budget table but is one row to comment on: the reading
    view listed 'Förbundschef och kansli' twice under Budgetrader, both links to the same row."""
    from decimal import Decimal

    from budgets.services import budget_line_create

    line = budget_line_create(
        user=None,
        plan=draft,
        group="administration",
        name="Förbundschef och kansli",
        amounts=(2_350_000, 2_420_000, 2_490_000),
        split_group="structural",
        split_percent=Decimal(25),
    )
    targets = [t for t in services.plan_reading(draft).budget_lines if t.pk == line.pk]
    assert len(targets) == 1
