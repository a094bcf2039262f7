"""The contributions page in real Chromium: figures, bad input, decided amounts, axe clean."""

from __future__ import annotations

from playwright.sync_api import expect

from members.demo import load_contributions
from members.models import Association, ContributionSettings
from plans.models import Plan
from tests.browser.conftest import check_a11y, login, shot


def _draft_plan() -> Plan:
    vvnd = Association.objects.get(slug="vvnd")
    plan = Plan.objects.filter(association=vvnd, year=2025).order_by("-revision").first()
    if plan is None or plan.is_frozen:
        revision = plan.revision + 1 if plan else 1
        plan = Plan.objects.create(association=vvnd, year=2025, revision=revision)
    if not ContributionSettings.objects.filter(plan=plan).exists():
        load_contributions(plan)
    return plan


def test_contributions_page(page, server):
    plan = _draft_plan()
    login(page, server, "ekonom")
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/medlemsbidrag/")
    assert page.get_by_role("heading", level=1, name="Medlemsbidrag").is_visible()
    table = page.get_by_role(
        "table", name="Medlemsbidrag 2025: nyckel, beräknat och beslutat belopp"
    )
    assert "196\u00a0600" in table.inner_text()
    assert page.locator("figure.chart svg title").first.text_content().startswith("Medlemsbidrag")
    check_a11y(page)
    shot(page, "members", "contributions")

    # Shares that do not sum to 100 %: a clear message, nothing saved.
    page.get_by_label("Kommunernas andel (%)").fill("20")
    page.get_by_role("button", name="Spara och räkna om").click()
    assert page.get_by_text("ska tillsammans vara 100").first.is_visible()
    check_a11y(page)
    assert ContributionSettings.objects.get(plan=plan).municipality_share == 25

    # A decided amount far from the key is flagged.
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/medlemsbidrag/")
    page.get_by_role("navigation", name="Välj år").get_by_role("link", name="2026").click()
    page.get_by_label("Beslutat för Eda kommun 2026").fill("250 000")
    page.get_by_role("button", name="Spara beslutade belopp 2026").click()
    expect(page.get_by_role("status")).to_contain_text("sparade")
    expect(page.get_by_text("avviker", exact=True).first).to_be_visible()
    check_a11y(page)
    shot(page, "members", "contributions-deviation")


def test_member_settings_pages_are_accessible(page, server):
    login(page, server, "chef")
    page.goto(f"{server}/f/vvnd/")
    page.get_by_role("link", name="Inställningar för förbundet").click()
    check_a11y(page)
    page.get_by_role("link", name="Medlemmar, styrelse och grupper").click()
    check_a11y(page)
    page.get_by_role("link", name="Lägg till medlem").click()
    page.locator("#id_name").fill("Testkommun")
    page.locator("#id_kind").select_option("municipality")
    page.locator("#id_population").fill("abc")
    page.get_by_role("button", name="Spara").click()
    assert page.get_by_text("Invånarantalet ska vara ett heltal").is_visible()
    check_a11y(page)
    page.goto(f"{server}/f/vvnd/installningar/profil/")
    check_a11y(page)


def test_keyboard_focus_stays_on_the_control_after_the_figures_are_swapped(page, server):
    """The year switch and "Spara beslutade belopp" replace the figures (htmx) they sit in;
    the focus must come back to the same control, not fall to the top of the page."""
    plan = _draft_plan()
    login(page, server, "ekonom")
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/medlemsbidrag/")
    switch = page.get_by_role("navigation", name="Välj år")
    switch.get_by_role("link", name="2026").focus()
    page.keyboard.press("Enter")
    expect(switch.get_by_role("link", name="2026")).to_have_attribute("aria-current", "page")
    expect(switch.get_by_role("link", name="2026")).to_be_focused()

    page.get_by_label("Beslutat för Eda kommun 2026").fill("180 000")
    save = page.get_by_role("button", name="Spara beslutade belopp 2026")
    save.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_role("status")).to_contain_text("sparade")
    expect(page.get_by_role("button", name="Spara beslutade belopp 2026")).to_be_focused()
