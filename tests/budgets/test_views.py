"""The budget editor over HTTP: htmx cell saves, the no-JS form, conflicts, roles, query counts."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from budgets.models import BudgetLine, Group
from budgets.services import budget_for_plan, budget_settings_set, budget_summary_for_plan
from finsam.money import format_money
from plans.models import Plan
from plans.services import plan_roll_forward

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def seed_plan(vvnd) -> Plan:
    return Plan.objects.get(association=vvnd, year=2025)


@pytest.fixture
def plan(seed_plan) -> Plan:
    """Next year's draft, rolled forward from the approved seed plan; no year is balanced."""
    draft = plan_roll_forward(user=None, plan=seed_plan)
    budget = budget_for_plan(draft)
    budget_settings_set(
        user=None,
        budget=budget,
        expected_version=None,
        balance_target_1=None,
        balance_target_2=None,
        balance_target_3=None,
    )
    return draft


def fmt(amount: int) -> str:
    return format_money(amount).replace("\u00a0", " ")


def url(plan: Plan, name: str = "") -> str:
    return f"/f/{plan.association.slug}/plan/{plan.pk}/budget/{name}"


def line(plan: Plan, name: str) -> BudgetLine:
    return BudgetLine.objects.get(budget__plan=plan, name=name)


def oob(html: str, dom_id: str) -> str:
    """The text of the out-of-band element with that id."""
    m = re.search(
        rf'id="{re.escape(dom_id)}"[^>]*hx-swap-oob="true"[^>]*>(.*?)</t[dh]>', html, re.S
    )
    assert m, f"no out-of-band {dom_id}"
    return re.sub(r"<[^>]+>", "", m.group(1)).replace("\u00a0", " ").strip()


def test_page_shows_the_seed_budget_and_checks(client_for, seed_plan):
    plan = seed_plan
    response = client_for("board").get(url(plan))
    html = response.content.decode().replace("\u00a0", " ")
    assert response.status_code == 200
    assert "10 056 000" in html and "368 000" in html
    assert 'class="cell-input"' not in html  # a board member reads, never types
    assert "Kontroller" in html and "Intäkter per källa" in html


def test_htmx_cell_save_updates_totals_result_and_equity(client_for, plan):
    client = client_for("finance")
    revision = line(plan, "Revision")
    before = budget_summary_for_plan(plan)
    assert revision.amount_1 == 80_000  # 2026 was year 2 of the seed budget
    response = client.post(
        url(plan, "spara/"),
        {f"c-{revision.pk}-0": "100 000", f"v-{revision.pk}": revision.version},
        **HX,
    )
    assert response.status_code == 200
    html = response.content.decode()
    y1 = before.years[0]
    admin = before.group(Group.ADMINISTRATION).totals[0]
    assert oob(html, "total-administration-0") == fmt(admin + 20_000)
    assert oob(html, "sum-costs-0") == fmt(y1.total_costs + 20_000)
    assert oob(html, "result-0") == fmt(y1.result - 20_000)
    assert oob(html, "annual-result-0") == fmt(y1.annual_result - 20_000)
    # The edited cell comes back formatted, and the line's new version with it.
    assert 'value="100\u00a0000"' in html
    assert f'id="v-{revision.pk}" value="{revision.version + 1}" hx-swap-oob="true"' in html
    assert line(plan, "Revision").amount_1 == 100_000


def test_cell_save_after_the_session_ended_says_signed_out_and_saves_nothing(client_for, plan):
    client = client_for("finance")
    revision = line(plan, "Revision")
    client.logout()
    page = url(plan)
    response = client.post(
        url(plan, "spara/"),
        {f"c-{revision.pk}-0": "100 000", f"v-{revision.pk}": revision.version},
        HTTP_HX_CURRENT_URL=f"http://testserver{page}",
        **HX,
    )
    assert response.status_code == 401
    assert "Location" not in response and "HX-Redirect" not in response
    html = response.content.decode()
    assert "Du är utloggad, så detta sparades inte." in html
    assert "<form" not in html and 'name="password"' not in html
    # The login leads back to the grid, not to the POST-only save URL.
    link = re.search(r'<a href="([^"]+)" target="_blank" rel="noopener">', html)
    assert link and link.group(1) == f"/konto/logga-in/?next={page}"
    assert line(plan, "Revision").amount_1 == 80_000


def test_cell_save_without_js_after_the_session_ended_goes_to_the_login_page(client_for, plan):
    client = client_for("finance")
    revision = line(plan, "Revision")
    client.logout()
    response = client.post(
        url(plan, "spara/"), {f"c-{revision.pk}-0": "100 000", f"v-{revision.pk}": revision.version}
    )
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/?next=")
    assert line(plan, "Revision").amount_1 == 80_000


def test_invalid_input_is_marked_in_the_cell_and_saves_nothing(client_for, plan):
    client = client_for("finance")
    revision = line(plan, "Revision")
    response = client.post(
        url(plan, "spara/"),
        {f"c-{revision.pk}-0": "80 tkr och lite", f"v-{revision.pk}": revision.version},
        **HX,
    )
    html = response.content.decode()
    assert response.status_code == 200
    cell = re.search(rf'<td[^>]*id="line-{revision.pk}-0".*?</td>', html, re.S).group(0)
    assert 'aria-invalid="true"' in cell and "inte ett belopp" in cell
    assert "80 tkr och lite" in cell  # what was typed stays, to be corrected
    assert line(plan, "Revision").amount_1 == 80_000


def test_stale_version_reports_the_other_value(client_for, plan):
    client = client_for("finance")
    revision = line(plan, "Revision")
    stale = revision.version
    client.post(
        url(plan, "spara/"), {f"c-{revision.pk}-0": "90000", f"v-{revision.pk}": stale}, **HX
    )
    response = client.post(
        url(plan, "spara/"), {f"c-{revision.pk}-0": "95 000", f"v-{revision.pk}": stale}, **HX
    )
    html = response.content.decode().replace("\u00a0", " ")
    assert "Någon annan har ändrat raden" in html and "90 000" in html and "95 000" in html
    assert line(plan, "Revision").amount_1 == 90_000


def test_form_post_without_javascript_saves_changed_cells_only(client_for, plan):
    client = client_for("finance")
    revision, board = line(plan, "Revision"), line(plan, "Styrelse")
    data = {
        f"c-{revision.pk}-0": "80 000",  # unchanged
        f"c-{revision.pk}-1": "85000",
        f"c-{revision.pk}-2": "-",  # blank
        f"v-{revision.pk}": revision.version,
        f"c-{board.pk}-0": "265 000",
        f"v-{board.pk}": board.version,
    }
    data[f"c-{revision.pk}-2"] = ""
    response = client.post(url(plan, "spara/"), data)
    assert response.status_code == 302
    assert line(plan, "Revision").amounts == (80_000, 85_000, None)
    assert line(plan, "Styrelse").version == board.version  # untouched


def test_tkr_display_keeps_kronor_that_were_not_edited(client_for, plan):
    client = client_for("finance")
    plan.unit = "tkr"
    plan.save()
    revision = line(plan, "Revision")
    revision.amount_1 = 80_499
    revision.save()
    # The input shows the kronor exactly ("80,499" tkr, not the rounded "80"), and posting
    # it back unchanged keeps them.
    page = client.get(url(plan)).content.decode()
    shown = re.search(rf'name="c-{revision.pk}-0" id="[^"]*" value="([^"]*)"', page)
    assert shown and shown[1] == "80,499"
    response = client.post(
        url(plan, "spara/"),
        {
            f"c-{revision.pk}-0": shown[1],
            f"c-{revision.pk}-1": "1,5",
            f"v-{revision.pk}": revision.version,
        },
    )
    assert response.status_code == 302
    assert line(plan, "Revision").amounts[:2] == (80_499, 1_500)


def test_negative_cost_sign_shows_and_reads_costs_negative(client_for, plan):
    client = client_for("finance")
    client.post(url(plan, "visning/"), {"unit": "kr", "cost_sign": "negative"})
    html = client.get(url(plan)).content.decode().replace("\u00a0", " ")
    costs = budget_summary_for_plan(plan).years[0].total_costs
    assert f'id="sum-costs-0">{fmt(-costs)}<' in html  # total costs shown negative
    revision = line(plan, "Revision")
    client.post(
        url(plan, "spara/"), {f"c-{revision.pk}-0": "-70 000", f"v-{revision.pk}": revision.version}
    )
    assert line(plan, "Revision").amount_1 == 70_000  # stored as a positive cost


def test_contribution_and_balanced_cells_are_not_inputs(client_for, plan):
    budget_settings_set(
        user=None, budget=budget_for_plan(plan), expected_version=None, balance_target_2=0
    )
    html = client_for("finance").get(url(plan)).content.decode()
    balancing = BudgetLine.objects.get(budget__plan=plan, is_balancing=True)
    assert f'name="c-{balancing.pk}-0"' in html  # 2025 is not balanced: typed
    assert f'name="c-{balancing.pk}-1"' not in html  # 2026 is solved
    response = client_for("finance").post(
        url(plan, "spara/"),
        {f"c-{balancing.pk}-1": "5", f"v-{balancing.pk}": balancing.version},
        **HX,
    )
    assert "räknas fram" in response.content.decode()


def test_lines_can_be_added_renamed_moved_and_deleted(client_for, plan):
    client = client_for("director")
    client.post(url(plan, "rad/ny/"), {"group": Group.STRUCTURAL, "name": "Processtöd"})
    new = line(plan, "Processtöd")
    response = client.post(
        url(plan, f"rad/{new.pk}/"),
        {
            "name": "Processtöd (chef)",
            "group": Group.ADMINISTRATION,
            "split_group": Group.STRUCTURAL,
            "split_percent": "40",
            "note": "",
            "version": new.version,
        },
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert (new.name, new.split_group, new.split_percent) == ("Processtöd (chef)", "structural", 40)
    client.post(url(plan, f"rad/{new.pk}/flytta/"), {"direction": "up"})
    client.post(url(plan, f"rad/{new.pk}/ta-bort/"))
    assert not BudgetLine.objects.filter(pk=new.pk).exists()


def test_settings_record_opening_equity_and_deficit_reason(client_for, plan):
    client = client_for("finance")
    budget = budget_for_plan(plan)
    data = {"opening_equity": "3 000 000", "version": budget.version}
    for n in (1, 2, 3):
        data |= {
            f"label_{n}": "Budget",
            f"balance_target_{n}": "" if n == 1 else "0",
            f"deficit_reason_{n}": "",
        }
    response = client.post(url(plan, "uppgifter/"), data)
    assert response.status_code == 302
    summary = budget_summary_for_plan(plan)
    y1 = summary.years[0]
    assert y1.opening_equity == 3_000_000
    html = client.get(url(plan)).content.decode().replace("\u00a0", " ")
    assert f'id="closing-equity-0">{fmt(3_000_000 + y1.annual_result)}<' in html
    if y1.annual_result < 0:
        assert "men inget skäl" in html


def test_equity_steps_are_kept_by_those_who_edit_the_budget(client_for, plan):
    """The finance officer is told to add a step when none covers the year: they may."""
    assert client_for("board").get(url(plan, "eget-kapital/")).status_code == 403
    client = client_for("finance")
    assert client.get(url(plan, "eget-kapital/")).status_code == 200
    assert f'href="{url(plan, "eget-kapital/")}"' in client.get(url(plan)).content.decode()
    response = client.post(
        url(plan, "eget-kapital/"),
        {
            "steps-TOTAL_FORMS": "2",
            "steps-INITIAL_FORMS": "1",
            "steps-0-up_to": "7 000 000",
            "steps-0-max_percent": "20",
            "steps-1-up_to": "",
            "steps-1-max_percent": "15",
        },
    )
    assert response.status_code == 302
    html = client.get(url(plan)).content.decode()
    assert "inget steg" not in html


def test_the_equity_bound_can_be_measured_against_total_income(client_for, plan):
    """The step page says the bound is measured against the base the association chose
    (contributions or total income), so the page must let it be chosen: a new association
    that measures against total income (ESF income included) had no way to say so."""
    client = client_for("finance")
    form = client.get(url(plan, "eget-kapital/")).content.decode()
    assert 'name="base" value="total_income"' in form
    data = {
        "steps-TOTAL_FORMS": "1",
        "steps-INITIAL_FORMS": "1",
        "steps-0-up_to": "",
        "steps-0-max_percent": "20",
        "base": "total_income",
    }
    assert client.post(url(plan, "eget-kapital/"), data).status_code == 302
    plan.association.refresh_from_db()
    assert plan.association.equity_base == "total_income"
    year = budget_summary_for_plan(plan).years[0]
    assert year.equity_base == year.total_income - year.equity_use
    assert year.equity_bound == round(year.equity_base * 20 / 100)


def test_a_wrong_step_says_nothing_was_saved_at_the_top(client_for, plan):
    """A field error in one row gets the same box as every other form, which the page's
    script moves the focus to after the post (a screen reader hears the outcome first)."""
    response = client_for("finance").post(
        url(plan, "eget-kapital/"),
        {
            "steps-TOTAL_FORMS": "1",
            "steps-INITIAL_FORMS": "0",
            "steps-0-up_to": "sju miljoner",
            "steps-0-max_percent": "20",
        },
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert '<div class="form-errors" role="alert"><p>Inget sparades.' in html


def _grow(plan: Plan, n: int) -> None:
    budget = budget_for_plan(plan)
    for i in range(n):
        BudgetLine.objects.create(
            budget=budget, group=Group.STRUCTURAL, name=f"Insats {i}", amount_1=1000 * i, amount_2=5
        )


def _count(client, method, *args, **kwargs) -> int:
    """Queries of one request, without the SAVEPOINTs the test's own transaction adds."""
    with CaptureQueriesContext(connection) as ctx:
        response = getattr(client, method)(*args, **kwargs)
    assert response.status_code == 200
    return len([q for q in ctx.captured_queries if "SAVEPOINT" not in q["sql"]])


def test_page_query_count_does_not_grow_with_lines(client_for, plan):
    client = client_for("finance")
    client.get(url(plan))
    _grow(plan, 20)
    at_n = _count(client, "get", url(plan))
    _grow(plan, 20)
    at_2n = _count(client, "get", url(plan))
    assert at_n == at_2n


def test_cell_save_query_count_is_small_and_constant(client_for, plan):
    client = client_for("finance")
    _grow(plan, 30)
    page = client.get(url(plan)).content.decode()
    token = re.search(r'name="ctx" value="([^"]+)"', page).group(1)
    target = line(plan, "Revision")
    counts = []
    for text in ("81 000", "82 000"):
        target.refresh_from_db()
        data = {f"c-{target.pk}-0": text, f"v-{target.pk}": target.version, "ctx": token}
        counts.append(_count(client, "post", url(plan, "spara/"), data, **HX))
        _grow(plan, 30)
    assert line(plan, "Revision").amount_1 == 82_000
    assert counts[0] == counts[1] <= 12
    # Without the page's signed inputs (or with a forged token) they are read again: still correct.
    data = {f"c-{target.pk}-0": "83 000", f"v-{target.pk}": target.version + 1, "ctx": "x" + token}
    response = client.post(url(plan, "spara/"), data, **HX)
    assert line(plan, "Revision").amount_1 == 83_000
    expected = budget_summary_for_plan(plan).years[0].total_income
    assert oob(response.content.decode(), "sum-income-0") == fmt(expected)


def test_line_can_be_linked_to_an_intervention_of_its_plan_only(client_for, plan):
    from budgets.services import intervention_amounts
    from plans.models import Intervention

    client = client_for("finance")
    mine = Intervention.objects.create(plan=plan, name="Arbetsträning", kind="individual")
    elsewhere = Plan.objects.get(association__slug="varna", year=2023)  # not decided yet
    other = Intervention.objects.create(plan=elsewhere, name="Annan plan", kind="individual")
    target = line(plan, "Riktade insatser")
    form = {
        "name": target.name,
        "group": Group.STRUCTURAL,
        "split_group": "",
        "split_percent": "",
        "note": "",
        "version": target.version,
    }
    response = client.post(url(plan, f"rad/{target.pk}/"), {**form, "intervention": other.pk})
    assert response.status_code == 422  # not a choice: the intervention is in another plan
    response = client.post(url(plan, f"rad/{target.pk}/"), {**form, "intervention": mine.pk})
    assert response.status_code == 302
    target.refresh_from_db()
    assert intervention_amounts(plan)[mine.pk] == target.amounts
    html = client.get(url(plan)).content.decode()
    assert "Arbetsträning" in html  # the line shows the intervention's name


def test_decided_plan_is_read_only_for_everyone(client_for, seed_plan):
    response = client_for("auditor").get(url(seed_plan))
    assert response.status_code == 200
    assert 'class="cell-input"' not in response.content.decode()
    finance = client_for("finance")
    assert 'class="cell-input"' not in finance.get(url(seed_plan)).content.decode()
    revision = line(seed_plan, "Revision")
    data = {f"c-{revision.pk}-0": "1", f"v-{revision.pk}": revision.version}
    assert finance.post(url(seed_plan, "spara/"), data, **HX).status_code == 403
    assert line(seed_plan, "Revision").amount_1 == 80_000


def test_step_table_inputs_describe_only_what_the_page_prints(client_for, plan):
    html = client_for("finance").get(url(plan, "eget-kapital/")).content.decode()
    for described in re.findall(r'aria-describedby="([^"]+)"', html):
        for ref in described.split():
            assert f'id="{ref}"' in html, ref


def test_an_empty_budget_draws_no_zero_charts(client_for, vvnd, plan):
    empty = Plan.objects.create(association=vvnd, year=2033)
    html = client_for("finance").get(url(empty)).content.decode()
    assert "Diagrammen visas när budgeten har belopp." in html
    assert 'class="chart' not in html
    filled = client_for("finance").get(url(plan)).content.decode()
    assert "Diagrammen visas när budgeten har belopp." not in filled
    assert 'class="chart' in filled
