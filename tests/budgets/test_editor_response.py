"""What a cell save answers (only what can change), the one-query line loader, the cell markup,
and the budget checks passing through gettext."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from budgets import calc, services
from budgets.models import BudgetLine, Group
from budgets.services import (
    budget_for_plan,
    budget_line_create,
    budget_line_update,
    budget_settings_set,
    budget_summary_for_plan,
    lines_with_budget,
)
from budgets.table import build_grid, cells_html
from finsam.money import format_money
from plans.models import Intervention, Plan
from plans.services import plan_roll_forward

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def plan(vvnd) -> Plan:
    """Next year's draft of the approved VVND seed plan; no year is balanced."""
    draft = plan_roll_forward(user=None, plan=Plan.objects.get(association=vvnd, year=2025))
    budget_settings_set(
        user=None,
        budget=budget_for_plan(draft),
        expected_version=None,
        balance_target_1=None,
        balance_target_2=None,
        balance_target_3=None,
    )
    return draft


def url(plan: Plan, name: str = "") -> str:
    return f"/f/{plan.association.slug}/plan/{plan.pk}/budget/{name}"


def line(plan: Plan, name: str) -> BudgetLine:
    return BudgetLine.objects.get(budget__plan=plan, name=name)


def fmt(amount: int) -> str:
    return format_money(amount).replace("\u00a0", " ")


def oob_ids(html: str) -> set[str]:
    return set(re.findall(r'<td[^>]* id="([^"]+)" hx-swap-oob="true"', html))


def oob_text(html: str, dom_id: str) -> str:
    m = re.search(rf'<td[^>]* id="{re.escape(dom_id)}" hx-swap-oob="true">(.*?)</td>', html, re.S)
    assert m, f"no out-of-band {dom_id}"
    return re.sub(r"<[^>]+>", "", m.group(1)).replace("\u00a0", " ").strip()


def token_of(page_html: str) -> str:
    return re.search(r'name="ctx" value="([^"]+)"', page_html).group(1)


def save(client, plan, target: BudgetLine, index: int, text: str, token: str = ""):
    data = {f"c-{target.pk}-{index}": text, f"v-{target.pk}": target.version}
    if token:
        data["ctx"] = token
    return client.post(url(plan, "spara/"), data, **HX)


def test_htmx_answer_carries_only_what_a_save_can_change(client_for, plan):
    client = client_for("finance")
    token = token_of(client.get(url(plan)).content.decode())
    revision, board = line(plan, "Revision"), line(plan, "Styrelse")
    response = save(client, plan, revision, 0, "95 000", token)
    html = response.content.decode()
    ids = oob_ids(html)
    # The edited input comes back (formatted); the line's other years and other lines do not,
    # so an input the user has moved on to is never replaced under the cursor.
    assert f"line-{revision.pk}-0" in ids
    assert f"line-{revision.pk}-1" not in ids
    assert not any(i.startswith(f"line-{board.pk}-") for i in ids)
    # Every subtotal, total, equity and ratio cell is there; a group without lines has no
    # subtotal on the page (VVND 2026 reserves nothing), so none is sent for it.
    summary = budget_summary_for_plan(plan)
    for group in summary.groups:
        subtotals = {f"total-{group.key}-{i}" for i in range(3)}
        assert (subtotals <= ids) if not group.is_empty else not (subtotals & ids), group.key
    assert summary.group(Group.RESERVE).is_empty
    for key in ("sum-income", "sum-costs", "result", "annual-result", "closing-equity"):
        assert {f"{key}-{i}" for i in range(3)} <= ids
    assert {f"ratio-admin-{i}" for i in range(3)} <= ids
    # Contributions come from the signed page inputs: unchanged, not sent, no new token.
    assert not any(i.startswith("contributions-") for i in ids)
    assert 'id="budget-ctx"' not in html
    # Key figures, checks and charts are swapped too; the page's tabs and forms are not sent.
    assert 'id="budget-key-figures" hx-swap-oob="true"' in html
    assert 'id="budget-checks"' in html and 'id="budget-charts"' in html
    assert "budget-new-line" not in html and "<nav" not in html
    assert oob_text(html, "result-0") == fmt(summary.years[0].result)
    assert oob_text(html, "total-administration-0") == fmt(
        summary.group(Group.ADMINISTRATION).totals[0]
    )


def test_htmx_answer_without_valid_inputs_sends_contributions_and_a_new_token(client_for, plan):
    client = client_for("finance")
    revision = line(plan, "Revision")
    response = save(client, plan, revision, 0, "96 000", token="forged")
    html = response.content.decode()
    ids = oob_ids(html)
    assert any(i.startswith("contributions-") for i in ids)
    fresh = re.search(r'name="ctx" value="([^"]+)" id="budget-ctx" hx-swap-oob="true"', html)
    assert fresh, "the page gets new signed inputs"
    # The new token is good: the next save does not need to send the contributions again.
    revision.refresh_from_db()
    again = save(client, plan, revision, 0, "97 000", token=fresh.group(1)).content.decode()
    assert not any(i.startswith("contributions-") for i in oob_ids(again))
    assert line(plan, "Revision").amount_1 == 97_000


def test_split_share_and_balancing_line_follow_a_save(client_for, plan):
    client = client_for("finance")
    budget = budget_for_plan(plan)
    budget_settings_set(user=None, budget=budget, expected_version=None, balance_target_1=0)
    director = budget_line_create(
        user=None,
        plan=plan,
        group=Group.ADMINISTRATION,
        name="Förbundschef",
        amounts=(600_000, 600_000, 600_000),
    )
    budget_line_update(
        user=None,
        line=director,
        expected_version=director.version,
        split_group=Group.STRUCTURAL,
        split_percent=Decimal("40"),
    )
    balancing = BudgetLine.objects.get(budget__plan=plan, is_balancing=True)
    token = token_of(client.get(url(plan)).content.decode())
    director.refresh_from_db()
    sign = plan.association.cost_sign
    typed = calc.display_amount(700_000, is_income=False, cost_sign=sign)
    html = save(client, plan, director, 0, str(typed), token).content.decode()
    assert line(plan, "Förbundschef").amount_1 == 700_000
    summary = budget_summary_for_plan(plan)
    share = calc.display_amount(280_000, is_income=False, cost_sign=sign)  # 40 % of 700 000
    assert oob_text(html, f"split-{director.pk}-0") == fmt(share)
    solved = summary.years[0].balancing_amount
    assert solved is not None
    shown = calc.display_amount(
        solved, is_income=balancing.group in services.INCOME_GROUPS, cost_sign=sign
    )
    assert oob_text(html, f"balancing-{balancing.pk}-0") == fmt(shown)
    assert oob_text(html, "result-0") == fmt(0)  # the balancing line keeps year 1 at its target


def test_htmx_conflict_marks_the_cell_and_gives_the_current_version(client_for, plan):
    client = client_for("finance")
    revision = line(plan, "Revision")
    stale = revision.version
    save(client, plan, revision, 0, "90 000")
    response = client.post(
        url(plan, "spara/"), {f"c-{revision.pk}-0": "95 000", f"v-{revision.pk}": stale}, **HX
    )
    html = response.content.decode()
    cell = re.search(rf'<td[^>]*id="line-{revision.pk}-0".*?</td>', html, re.S).group(0)
    assert 'aria-invalid="true"' in cell and "Någon annan har ändrat raden" in cell
    assert 'value="90\u00a0000"' in cell  # the saved value, not the one that lost
    assert f'id="v-{revision.pk}" value="{stale + 1}" hx-swap-oob="true"' in html
    assert "sparades inte" in html  # the status line says so
    assert line(plan, "Revision").amount_1 == 90_000


def test_save_all_after_someone_else_changed_the_row_keeps_their_change(client_for, plan):
    """Tab B saves 2028 of "Revision"; tab A, loaded before, changes 2027 and clicks "Spara
    ändringarna", posting the row's stale 2028 as well. B's figure must survive."""
    client = client_for("finance")
    revision = line(plan, "Revision")
    stale = revision.version
    loaded_2028 = fmt(revision.amount_2)
    save(client, plan, revision, 1, "-333")  # tab B
    response = client.post(
        url(plan, "spara/"),
        {
            f"c-{revision.pk}-0": "95 000",  # tab A's own change
            f"c-{revision.pk}-1": loaded_2028,  # what tab A still shows
            f"v-{revision.pk}": stale,
        },
    )
    assert response.status_code == 409
    after = line(plan, "Revision")
    assert after.amount_2 == -333  # B's change kept
    assert after.amount_1 == revision.amount_1  # A's change not written over a newer row
    assert response.content.decode().count("Någon annan har ändrat raden") >= 2


def test_no_javascript_post_with_an_error_shows_the_whole_page(client_for, plan):
    client = client_for("finance")
    revision = line(plan, "Revision")
    response = client.post(
        url(plan, "spara/"), {f"c-{revision.pk}-0": "åttio", f"v-{revision.pk}": revision.version}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert "Några belopp kunde inte sparas" in html
    assert 'id="budget-grid"' in html and "budget-new-line" in html
    assert line(plan, "Revision").amount_1 == 80_000


def test_line_links_are_the_line_pages(client_for, plan):
    html = client_for("finance").get(url(plan)).content.decode()
    for target in BudgetLine.objects.filter(budget__plan=plan).exclude(group=Group.CONTRIBUTIONS):
        expected = reverse(
            "budgets:line_edit",
            kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, "line_id": target.pk},
        )
        assert f'href="{expected}"' in html
    # A reader gets no links to the line pages.
    assert "/rad/" not in client_for("board").get(url(plan)).content.decode()


def test_lines_with_budget_reads_everything_in_one_query(plan):
    intervention = Intervention.objects.create(plan=plan, name="Arbetsträning", kind="individual")
    services.intervention_amounts_set(
        user=None, intervention=intervention, amounts=(1_000, 2_000, 3_000)
    )
    with CaptureQueriesContext(connection) as ctx:
        loaded_plan, budget, lines = lines_with_budget(
            with_plan=True, budget__plan_id=plan.pk, budget__plan__association=plan.association
        )
        names = [x.display_name for x in lines]
        plans = {x.budget.plan.pk for x in lines}
        title, years = loaded_plan.display_title, loaded_plan.years
    assert len(ctx.captured_queries) == 1
    assert "Arbetsträning" in names and plans == {plan.pk}
    assert title == plan.display_title and years == plan.years
    assert all(x.budget is budget for x in lines)
    stored = list(BudgetLine.objects.filter(budget__plan=plan))
    assert [(x.pk, x.amounts, x.version) for x in lines] == [
        (x.pk, x.amounts, x.version) for x in stored
    ]
    assert budget.opening_equity == budget_for_plan(plan).opening_equity
    # Another association's filter finds nothing.
    other = lines_with_budget(
        with_plan=True, budget__plan_id=plan.pk, budget__plan__association_id=-1
    )
    assert other == (None, None, [])


def test_lines_with_budget_refuses_lines_of_several_budgets(plan, vvnd):
    with pytest.raises(ValueError):
        lines_with_budget(budget__plan__association=vvnd)


def test_cells_escape_what_users_typed(plan):
    budget_line_create(
        user=None,
        plan=plan,
        group=Group.ADMINISTRATION,
        name='Kurs "<b>grund</b>" & mer',
        amounts=(1_000, None, None),
    )
    summary = budget_summary_for_plan(plan)
    grid = build_grid(summary, cost_sign="positive", can_edit=True, save_url="/spara/")
    html = "".join(cells_html(row.cells) for s in grid.sections for row in s.rows)
    assert "<b>" not in html
    assert 'aria-label="Kurs &quot;&lt;b&gt;grund&lt;/b&gt;&quot; &amp; mer, ' in html


def test_every_budget_check_goes_through_gettext(monkeypatch):
    """Check messages are marked for translation (a marker gettext wraps each one)."""
    monkeypatch.setattr(calc, "_", lambda text: f"⟦{text}⟧")
    summary = calc.budget_summary(
        lines=[
            calc.LineInput(1, Group.ADMINISTRATION, "Kansli", (9_000_000, 500, None)),
            calc.LineInput(2, Group.CONTRIBUTIONS, "Okänd kommun", (1, None, None)),
            calc.LineInput(3, Group.CONTRIBUTIONS, "Arvika", (2, None, None), member_id=7),
            calc.LineInput(4, Group.EXTERNAL, "ESF", (None, 2_000_000, None), is_balancing=True),
            calc.LineInput(5, Group.STRUCTURAL, "Kurs", (None, None, 500)),
        ],
        contributions=[calc.ContributionInput("Arvika", 7, (1_000_000, 1_000_000, 9_000_000))],
        opening_equity=None,
        equity_steps=[calc.StepInput(up_to=5_000_000, max_percent=Decimal("20"))],
        balance_targets=(None, -5_000_000, None),
        unit="kr",
        years=(None, 2027, 2028),
    )
    assert {c.code for c in summary.checks} >= {
        "deficit_without_reason",
        "contribution_mismatch",
        "wrong_unit",
        "empty_group",
        "no_equity_step",
        "opening_equity_missing",
        "balancing_negative",
    }
    for check in summary.checks:
        assert check.message.startswith("⟦"), check.message
    assert any("⟦år 1⟧" in c.message for c in summary.checks)  # a year without a number
    assert any("bara" in c.message for c in summary.checks)  # 500 kr in a budget of millions


def test_negative_equity_and_bound_checks_go_through_gettext(monkeypatch):
    monkeypatch.setattr(calc, "_", lambda text: f"⟦{text}⟧")
    steps = [calc.StepInput(up_to=None, max_percent=Decimal("20"))]
    contributions = [calc.ContributionInput("FK", None, (1_000_000, 1_000_000, 1_000_000))]
    low = calc.budget_summary(
        lines=[calc.LineInput(1, Group.ADMINISTRATION, "Kansli", (1_500_000,) * 3)],
        contributions=contributions,
        opening_equity=100_000,
        equity_steps=steps,
        deficit_reasons=("Eget kapital förbrukas.",) * 3,
    )
    high = calc.budget_summary(
        lines=[calc.LineInput(1, Group.ADMINISTRATION, "Kansli", (900_000,) * 3)],
        contributions=contributions,
        opening_equity=5_000_000,
        equity_steps=steps,
    )
    for summary, code in ((low, "negative_equity"), (high, "equity_above_bound")):
        found = [c for c in summary.checks if c.code == code]
        assert found and all(c.message.startswith("⟦") for c in found)


def test_contribution_totals():
    rows = [
        calc.ContributionInput("FK/AF", None, (3_932_000, None, 100)),
        calc.ContributionInput("Region Värmland", 1, (1_376_000, 5, None)),
    ]
    assert calc.contribution_totals(rows) == (5_308_000, 5, 100)
    assert calc.contribution_totals([]) == (0, 0, 0)


def test_page_shows_a_new_step_table_at_once(client_for, plan):
    """The page reuses the contributions and steps it read until the association's data
    changes: a new step table is on the next page, not ten minutes later."""
    from budgets.services import equity_steps_set

    client = client_for("finance")
    budget_settings_set(
        user=None, budget=budget_for_plan(plan), expected_version=None, opening_equity=1_000_000
    )

    def bound(html: str) -> str:
        m = re.search(r'id="equity-bound-0">([^<]*)<', html)
        return m.group(1).replace("\u00a0", " ")

    before = bound(client.get(url(plan)).content.decode())
    equity_steps_set(user=None, association=plan.association, steps=[(None, Decimal("10"))])
    after = bound(client.get(url(plan)).content.decode())
    base = budget_summary_for_plan(plan).years[0].equity_base
    assert after == fmt(calc.share_of(base, Decimal("10")))
    assert before != after


def test_amount_change():
    assert calc.amount_change(old=80_000, new=100_000) == 20_000
    assert calc.amount_change(old=None, new=5) == 5
    assert calc.amount_change(old=5, new=None) == -5
