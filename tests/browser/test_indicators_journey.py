"""Indicators in real Chromium: the board reads attainment, the director records an outcome
and adds a target; every page passes axe (WCAG 2.1 AA)."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from plans.models import Plan
from tests.browser.conftest import check_a11y, login, shot


def _plan(slug: str, year: int) -> Plan:
    return Plan.objects.filter(association__slug=slug, year=year).order_by("-revision").first()


def test_board_member_reads_goals_and_attainment(page, server):
    plan = _plan("vvnd", 2025)
    login(page, server, "ledamot")
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/indikatorer/")
    assert page.get_by_role("heading", level=1).inner_text() == "Mål och indikatorer 2025"
    assert page.get_by_role("cell", name="NNS Indikator 7 – Stegförflyttning").count() >= 1
    check_a11y(page)
    shot(page, "indicators", "goals")
    page.get_by_role("link", name="Måluppfyllelse").first.click()
    assert page.get_by_role("heading", level=1).inner_text() == "Måluppfyllelse 2025"
    assert page.locator("figure.chart svg").count() == 2
    page.get_by_text("Visa siffrorna som tabell").first.click()
    check_a11y(page)
    shot(page, "indicators", "attainment")


def test_director_records_an_outcome_with_a_judgement(page, server):
    plan = _plan("vvnd", 2025)
    login(page, server, "chef")
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/uppfoljning/")
    check_a11y(page)
    page.get_by_role("link", name=re.compile(r"Registrera utfall.*NNS Indikator 13")).click()
    check_a11y(page)
    page.get_by_label("Period").fill("2025-Q5")
    page.get_by_label("Utfall i procent").fill("140")
    page.get_by_role("button", name="Spara utfall").click()  # htmx swaps the panel in place
    expect(page.get_by_text("Ange Q1, Q2, Q3 eller Q4")).to_be_visible()
    check_a11y(page)
    page.get_by_label("Period").fill("2025")
    page.get_by_label("Utfall i procent").fill("71")
    page.get_by_label("Antal svarande").fill("17")
    page.get_by_role("button", name="Spara utfall").click()
    expect(page.locator("#outcome-status")).to_have_text("Utfallet är sparat.")
    row = page.get_by_role("row", name=re.compile("Helår 2025"))
    expect(row).to_contain_text("Delvis uppfyllt")  # 71 of 75 is above 80 % of the target
    check_a11y(page)
    shot(page, "indicators", "outcome-saved")


def test_director_adds_a_target_and_sees_it_in_the_table(page, server):
    plan = _plan("varna", 2023)
    assert plan is not None
    login(page, server, "varna")
    if plan.is_frozen:  # the review demo may have approved it: the page is read-only then
        page.goto(f"{server}/f/varna/plan/{plan.pk}/indikatorer/")
        check_a11y(page)
        return
    page.goto(f"{server}/f/varna/plan/{plan.pk}/indikatorer/ny/")
    check_a11y(page)
    page.get_by_label("Hör till").select_option(index=1)
    page.locator("#id_indicator").select_option(label="NNS Indikator 5 – Kontinuitet")
    page.get_by_label("Målvärde (procent eller antal)").fill("140")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("mellan 0 och 100").first.is_visible()
    check_a11y(page)
    page.get_by_label("Målvärde (procent eller antal)").fill("85")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("Målvärdet är sparat.").is_visible()
    assert page.get_by_role("cell", name=re.compile("^NNS Indikator 5 – Kontinuitet")).count() == 1
    check_a11y(page)
    shot(page, "indicators", "target-added")


def test_catalogue_is_accessible(page, server):
    login(page, server, "chef")
    page.goto(f"{server}/f/vvnd/indikatorer/")
    heading = page.get_by_role("heading", name="NNS indikatorer för finansiell samordning")
    assert heading.is_visible()
    check_a11y(page)
    page.goto(f"{server}/f/vvnd/indikatorer/ny/")
    check_a11y(page)


def test_director_follows_up_by_quarter_tertial_half_year_and_year(page, server):
    """The periods as people write them ('kv 3', 'T2', 'helår'), named alike on every page and
    in order of their last month; a refused period leaves no "saved" line standing above the
    error."""
    plan = _plan("vvnd", 2025)
    login(page, server, "chef")
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/uppfoljning/")
    page.get_by_role("link", name=re.compile(r"Registrera utfall.*NNS Indikator 14")).click()
    status = page.locator("#outcome-status")
    page.get_by_label("Period").fill("kv 3")
    page.get_by_label("Utfall i procent").fill("72")
    page.get_by_role("button", name="Spara utfall").click()
    expect(status).to_have_text("Utfallet är sparat.")
    expect(page.get_by_role("row", name=re.compile("Kvartal 3 2025"))).to_contain_text("72")
    page.get_by_label("Period").fill("T4")
    page.get_by_label("Utfall i procent").fill("70")
    page.get_by_role("button", name="Spara utfall").click()
    expect(page.get_by_text("Tertial anges som T1, T2 eller T3.")).to_be_visible()
    expect(status).to_have_text("")
    check_a11y(page)
    page.get_by_label("Period").fill("T2")
    page.get_by_label("Utfall i procent").fill("70")
    page.get_by_role("button", name="Spara utfall").click()
    expect(status).to_have_text("Utfallet är sparat.")
    expect(page.get_by_role("row", name=re.compile("Tertial 2 2025"))).to_contain_text("70")
    page.get_by_label("Period").fill("helår")
    page.get_by_label("Utfall i procent").fill("78")
    page.get_by_role("button", name="Spara utfall").click()
    expect(status).to_have_text("Utfallet är sparat.")
    labels = page.locator("table tbody th[scope=row]").all_inner_texts()
    assert labels == ["Första halvåret 2025", "Tertial 2 2025", "Kvartal 3 2025", "Helår 2025"]
    shot(page, "indicators", "periods-recorded")

    page.get_by_role("link", name="Tillbaka till uppföljningen").click()
    row = page.get_by_role("row", name=re.compile("NNS Indikator 14"))
    items = [t.replace("\u00a0", " ") for t in row.locator("li").all_inner_texts()]
    assert items == ["Första halvåret 2025: 68 % (17 svarande)", "Tertial 2 2025: 70 %",
                     "Kvartal 3 2025: 72 %", "Helår 2025: 78 %"]  # fmt: skip
    expect(row).to_contain_text("Enligt senaste perioden: Helår 2025")
    check_a11y(page)
    shot(page, "indicators", "periods-followup")

    page.get_by_role("link", name="Måluppfyllelse").first.click()
    row = page.get_by_role("row", name=re.compile("NNS Indikator 14"))
    expect(row).to_contain_text("Helår 2025")
    expect(row).to_contain_text("Uppfyllt")
    check_a11y(page)
