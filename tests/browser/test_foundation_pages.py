"""The foundation's pages in real Chromium, each checked with axe."""

from tests.browser.conftest import check_a11y, login, shot


def test_login_and_association_picker_are_accessible(page, server):
    page.goto(f"{server}/konto/logga-in/")
    check_a11y(page)
    login(page, server, "chef")
    assert page.get_by_role("heading", name="Välj samordningsförbund").is_visible()
    check_a11y(page)
    shot(page, "foundation", "picker")
    page.get_by_role("link", name="Västra Värmlands & Norra Dalslands Samordningsförbund").click()
    assert page.get_by_role("heading", level=1).inner_text().startswith("Västra Värmlands")
    check_a11y(page)


def test_skip_link_moves_focus_to_main(page, server):
    page.goto(f"{server}/tillganglighet/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Hoppa till innehållet" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    check_a11y(page)


def test_language_switch_to_english(page, server):
    page.goto(f"{server}/konto/logga-in/")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
