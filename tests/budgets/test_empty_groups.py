"""A budget group without lines: no "Summa … 0" on the budget page, in the PDF or in Excel.

Found by entering two new associations end to end: the budget page and the Excel file printed
"Summa ianspråktaget eget kapital 0" under a group with no lines, which the PDF leaves out.
One behaviour now: the PDF, the Excel file and a reader's budget page leave such a group out;
an editor's budget page keeps its heading, with a link that adds a line to it, and no total.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from budgets.models import Group
from budgets.services import budget_summary_for_plan
from members.models import Association, Role
from plans.models import Plan
from tests.conftest import make_user
from tests.indicators.html import table

from .excel_fixtures import draft_plan

pytestmark = pytest.mark.django_db

EQUITY_USE_SUM = "Summa ianspråktaget eget kapital"


@pytest.fixture
def falun() -> Plan:
    """Falun-Borlänge 2026 in tkr (seed 001 rolled forward): no line uses equity."""
    plan = draft_plan("falun-borlange")
    assert budget_summary_for_plan(plan).group(Group.EQUITY_USE).is_empty
    return plan


def _grid(client, plan: Plan, query: str = "") -> tuple[list[list[str]], str]:
    page = reverse("budgets:edit", kwargs={"assoc": plan.association.slug, "plan_id": plan.pk})
    html = client.get(page + query).content.decode()
    return table(html, "Treårsbudget"), html


def test_the_editor_keeps_an_empty_groups_heading_and_a_way_to_add_to_it_but_no_sum(client, falun):
    client.force_login(make_user(falun.association, Role.DIRECTOR))
    rows, html = _grid(client, falun)
    labels = [r[0] for r in rows]
    at = labels.index("Ianspråktaget eget kapital")
    assert labels[at + 1] == "Inga rader än. Lägg till en rad i ianspråktaget eget kapital"
    assert EQUITY_USE_SUM not in labels
    # A group with lines keeps its total.
    assert "Summa externa intäkter" in labels
    assert 'href="?grupp=equity_use#budget-new-line"' in html
    # The link opens the page with that group chosen in the "add a line" form.
    _rows, html = _grid(client, falun, "?grupp=equity_use")
    assert '<option value="equity_use" selected>' in html


def test_a_reader_sees_the_groups_the_pdf_shows(client, falun):
    association: Association = falun.association
    client.force_login(make_user(association, Role.BOARD))
    rows, html = _grid(client, falun)
    labels = [r[0] for r in rows]
    summary = budget_summary_for_plan(falun)
    shown = [g.label for g in summary.groups if not g.is_empty]
    assert [label for label in labels if label in {g.label for g in summary.groups}] == shown
    assert "Ianspråktaget eget kapital" not in labels and EQUITY_USE_SUM not in labels
    assert "Inga rader än." not in html
