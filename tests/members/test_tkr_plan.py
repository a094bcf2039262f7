"""A new association whose plan shows tkr (the QA's findings): the contributions page keeps
every krona on a re-save, prints columns that add up, and an unchanged state contribution
keeps the total."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from finsam.money import NBSP, TKR, format_money
from members.contributions import ContributionRow, ContributionYear, contribution_table, shown_year
from members.models import ContributionDecision, ContributionSettings, Member
from members.roles import Role
from plans.models import Plan
from tests.conftest import make_user
from tests.explore.newassoc import first_tkr_plan
from tests.indicators.html import table
from tests.resubmit import form_values

pytestmark = pytest.mark.django_db

SETTINGS = {
    "input_mode": "total",
    "combine_state": "",
    "part_year": "months",
    "state_share": "50",
    "region_share": "25",
    "municipality_share": "25",
    "region_key": "population",
    "municipality_key": "population",
    "rounding": "1",
    "region_rounding": "",
    "municipality_rounding": "",
    "year2_scenario": "unchanged",
    "year3_scenario": "unchanged",
    "year2_text": "",
    "year3_text": "",
    "version": "",
}


@pytest.fixture
def ssh(client):
    """Södra Hälsingland's first plan (2027), in tkr, with the director signed in."""
    plan, director = first_tkr_plan()
    client.force_login(director)
    return client, plan


def url(plan: Plan, name: str = "members:contributions", **kw) -> str:
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, **kw})


def save_settings(client, plan: Plan, **fields) -> None:
    response = client.post(url(plan, "members:contributions_settings"), {**SETTINGS, **fields})
    assert response.status_code == 302, response.content.decode()[:2000]


def resave(client, plan: Plan, action: str, **changes):
    """Post the form as the page shows it, with only `changes` made (as the QA did)."""
    data = form_values(client.get(url(plan)).content.decode(), action)
    data.update({k: [v] for k, v in changes.items()})
    return client.post(action, data)


# --- 1. a form never loses precision ---------------------------------------------------------


def test_settings_saved_again_keep_every_krona_of_the_amounts(ssh):
    client, plan = ssh
    save_settings(
        client,
        plan,
        amount_text="7 777,777",
        year3_scenario="amount",
        year3_text="4 100,001",
    )
    saved = ContributionSettings.objects.get(plan=plan)
    assert (saved.amount, saved.year3_value) == (7_777_777, 4_100_001)
    before = {r.label: r.computed for r in contribution_table(plan).years[0].rows}

    form = form_values(client.get(url(plan)).content.decode(), "installningar/")
    assert form["amount_text"] == [f"7{NBSP}777,777"]  # not the table's rounded 7 778
    assert form["year3_text"] == [f"4{NBSP}100,001"]

    response = resave(
        client, plan, url(plan, "members:contributions_settings"), municipality_rounding="1000"
    )
    assert response.status_code == 302
    saved.refresh_from_db()
    assert (saved.amount, saved.year3_value, saved.municipality_rounding) == (
        7_777_777,
        4_100_001,
        1000,
    )
    after = {r.label: r.computed for r in contribution_table(plan).years[0].rows}
    for name in ("Försäkringskassan", "Arbetsförmedlingen", "Region Gävleborg"):
        assert after[name] == before[name], name  # only the municipalities' rounding moved
    assert sum(after.values()) == 7_777_777


def test_decided_amounts_saved_again_keep_every_krona(ssh):
    client, plan = ssh
    save_settings(client, plan, amount_text="7 777,777")
    bollnas = Member.objects.get(association=plan.association, name="Bollnäs kommun")
    ContributionDecision.objects.create(plan=plan, member=bollnas, year=2027, amount=814_937)
    action = url(plan, "members:contributions_decided", year=2027)
    form = form_values(client.get(url(plan)).content.decode(), action)
    assert form[f"y2027-decided_{bollnas.pk}"] == ["814,937"]
    assert resave(client, plan, action).status_code == 302
    assert ContributionDecision.objects.get(plan=plan, member=bollnas).amount == 814_937


# --- 2. every column of a tkr table adds up to the total it prints ---------------------------


def _figure(text: str) -> int:
    return int(text.replace(NBSP, "").replace("\u2212", "-") or 0)


def test_the_contribution_table_adds_up_to_its_printed_total(ssh, client):
    _client, plan = ssh
    save_settings(_client, plan, amount_text="7 777,777")
    exact = contribution_table(plan).years[0]
    one_by_one = [_figure(format_money(r.computed, TKR)) for r in exact.rows]
    assert sum(one_by_one) == 7_777 != _figure(format_money(exact.total, TKR))  # the QA's bug
    bollnas = Member.objects.get(association=plan.association, name="Bollnäs kommun")
    ContributionDecision.objects.create(plan=plan, member=bollnas, year=2027, amount=815_499)

    client.force_login(make_user(plan.association, Role.BOARD))  # reads, sees no inputs
    rows = table(client.get(url(plan)).content, "Medlemsbidrag 2027:")
    body, summa = rows[1:-1], rows[-1]
    assert summa[0] == "Summa" and [_figure(c) for c in summa[3:5]] == [7_778, 7_778]
    computed = [_figure(r[3]) for r in body]
    paid = [_figure(r[4]) if r[4] != "–" else _figure(r[3]) for r in body]
    difference = [_tkr_gap(r[5].replace("avviker", "").strip()) for r in body]
    assert sum(computed) == _figure(summa[3])
    assert sum(paid) == _figure(summa[4])
    assert sum(difference) == _tkr_gap(summa[5])
    assert all(p - c == d for p, c, d in zip(paid, computed, difference, strict=True))


def _tkr_gap(text: str) -> int:
    """A Skillnad cell as tkr; a gap given in kronor is one the tkr columns print as 0."""
    return 0 if text.endswith(f"{NBSP}kr") else _figure(text)


def test_a_gap_the_tkr_columns_round_away_is_given_in_kronor(ssh, client):
    """Bollnäs decided 815 499 kr where the key gives 814 937: both print 815 in tkr, and the
    Skillnad column read "0 avviker", which no one could make sense of."""
    _client, plan = ssh
    save_settings(_client, plan, amount_text="7 777,777")
    bollnas = Member.objects.get(association=plan.association, name="Bollnäs kommun")
    ContributionDecision.objects.create(plan=plan, member=bollnas, year=2027, amount=815_499)

    client.force_login(make_user(plan.association, Role.BOARD))
    rows = table(client.get(url(plan)).content, "Medlemsbidrag 2027:")
    bollnas_row = next(r for r in rows if r[0] == "Bollnäs kommun")
    assert bollnas_row[3:] == ["815", "815", f"562{NBSP}kr avviker"]
    assert rows[-1][5] == f"562{NBSP}kr"  # the Summa row, the same gap
    others = [r for r in rows[1:-1] if r[0] != "Bollnäs kommun"]
    assert all(r[5] == "" for r in others)  # no decided amount, no gap


def test_the_contribution_table_rounds_a_column_as_a_whole():
    """Five members paying 7 777 777 kr: one by one 5 × 1 556 = 7 780 under a total of 7 778."""
    amounts = [1_555_555, 1_555_555, 1_555_555, 1_555_555, 1_555_557]
    rows = [
        ContributionRow(n, f"Medlem {n}", "municipality", Decimal(20), a, None, a, False)
        for n, a in enumerate(amounts)
    ]
    # the last member decided 1 556 000 kr: it keeps its figure, the others follow the key
    rows[-1] = ContributionRow(4, "Medlem 4", "municipality", Decimal(20), amounts[-1], 1_556_000,
                               1_556_000, False)  # fmt: skip
    year = ContributionYear(2027, rows, sum(r.amount for r in rows), 0, [], sum(amounts))
    shown = shown_year(year, TKR)
    assert [r.computed for r in shown.rows] == [1_556_000] * 2 + [1_555_000] * 2 + [1_556_000]
    assert shown.computed_total == sum(r.computed for r in shown.rows) == 7_778_000
    assert shown.total == sum(r.amount for r in shown.rows) == 7_778_000
    assert shown.rows[-1].difference == 0 and shown.decided_difference == 0
    assert shown_year(year, "kr") is year


def test_a_gap_is_the_printed_difference_unless_the_printed_figures_are_equal():
    rows = [
        # 1 966 400 and 1 966 720 both print 1 966: the gap is the exact 320 kr
        ContributionRow(1, "A", "municipality", Decimal(50), 1_966_400, 1_966_720, 1_966_720, True),
        # 1 000 400 and 1 002 000 print 1 000 and 1 002: the column's 2 tkr stays
        ContributionRow(2, "B", "municipality", Decimal(50), 1_000_400, 1_002_000, 1_002_000, True),
    ]  # fmt: skip
    year = ContributionYear(2027, rows, 2_968_720, 0, [], 2_966_800)
    shown = shown_year(year, TKR)
    assert [r.difference for r in shown.rows] == [0, 2_000]
    assert [r.gap for r in shown.rows] == [320, 2_000]
    assert shown.decided_difference == 2_000 and shown.decided_gap == 2_000
    assert [r.gap for r in year.rows] == [320, 1_600]  # in kr the exact difference as ever
    assert year.decided_gap == 1_920


# --- 3. the state's contribution unchanged keeps the total -----------------------------------


def test_an_unchanged_state_contribution_keeps_the_total_on_the_page(ssh):
    client, plan = ssh
    plan.unit = "kr"
    plan.save()
    save_settings(client, plan, amount_text="7 777 777", rounding="1000")
    page = client.get(url(plan)).content
    years = table(page, "Medlemsbidrag per år med scenario")[1:]
    assert [r[0] for r in years] == ["2027", "2028", "2029"]
    assert {r[3] for r in years} == {f"7{NBSP}777{NBSP}777"}  # total by the key, every year
    assert [r[5] for r in years] == ["0", "0", "0"]  # "Skillnad mot 2027" was +1 777
    assert {r[2] for r in years} == {years[0][2]}  # the state's contribution: unchanged


# --- 4. an amount typed in the wrong unit is pointed out -------------------------------------


def test_contributions_typed_in_kronor_into_a_tkr_plan_are_pointed_out(ssh):
    """Norra Älvbygden's director typed the year's 14 200 000 kr into 'Belopp år 1 (tkr)': the
    page showed 7 100 000 for the state (7,1 billion kronor) and said 'Inga avvikelser'."""
    client, plan = ssh
    save_settings(client, plan, amount_text="14 200 000")
    assert ContributionSettings.objects.get(plan=plan).amount == 14_200_000_000
    html = client.get(url(plan)).content.decode().replace(NBSP, " ")
    assert "Inga avvikelser" not in html
    assert "menade du 14 200 tkr?" in html
    save_settings(client, plan, amount_text="14 200")
    html = client.get(url(plan)).content.decode().replace(NBSP, " ")
    assert "menade du" not in html


def test_contributions_typed_in_tkr_into_a_kr_plan_are_pointed_out(ssh):
    """The other way round: Hamnstad's 1 600 typed into a kr plan is 1 600 kr in all."""
    client, plan = ssh
    plan.unit = "kr"
    plan.save()
    save_settings(client, plan, amount_text="1 600")
    html = client.get(url(plan)).content.decode().replace(NBSP, " ")
    assert "menade du 1 600 000 kr?" in html
    save_settings(client, plan, amount_text="1 600 000")
    assert "menade du" not in client.get(url(plan)).content.decode()
