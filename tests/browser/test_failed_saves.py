"""A save that does not go through is said where the save's status goes, and what the user
typed stays: signed out meanwhile (then signed in again in another tab), the CSRF check, the
network down."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from budgets.models import BudgetLine

from .conftest import check_a11y, login, saved_body, section_path, shot
from .test_paste_from_word import PASTE, WORD

pytestmark = pytest.mark.django_db(transaction=True)


def test_autosave_after_signing_out_says_so_and_saves_once_signed_in_again(
    page, server, vvnd_draft, settings
):
    login(page, server, "chef")
    section, edit = section_path(vvnd_draft)
    page.goto(server + edit)
    editor = page.get_by_role("textbox", name="Text")
    status = page.locator("#save-status")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.type("Sparad före utloggningen")
    status.get_by_text(re.compile(r"Sparat \d\d:\d\d")).wait_for(timeout=10_000)

    # The session ends (expired, or logged out in another tab); the CSRF cookie stays.
    page.context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    page.keyboard.type(" och skriven efter")
    expect(status).to_contain_text("Du är utloggad, så detta sparades inte.", timeout=10_000)
    link = status.get_by_role("link", name="Logga in i en ny flik")
    expect(link).to_have_attribute("href", f"/konto/logga-in/?next={edit}")
    expect(link).to_have_attribute("target", "_blank")
    expect(editor).to_contain_text("Sparad före utloggningen och skriven efter")
    assert page.url == server + edit  # no navigation: the page and the text are still here
    assert "skriven efter" not in saved_body(page, section.pk, lambda body: True)
    check_a11y(page)
    shot(page, "failed-saves", "1-signed-out")

    # Signing in again in a new tab gives a new CSRF token; saving again in this tab works.
    other = page.context.new_page()
    login(other, server, "chef")
    other.close()
    page.get_by_role("button", name="Spara", exact=True).click()
    status.get_by_text(re.compile(r"Sparat \d\d:\d\d")).wait_for(timeout=10_000)
    expect(status).not_to_contain_text("utloggad")
    body = saved_body(page, section.pk, lambda body: "skriven efter" in body)
    assert "Sparad före utloggningen och skriven efter" in body

    # A paste from Word is cleaned by the server with the new token too: still a list, not the
    # clipboard's plain text (what the editor falls back to when the server refuses it).
    editor.click()
    page.keyboard.press("Control+End")
    page.evaluate(PASTE, WORD.read_text(encoding="utf-8"))
    editor.locator("ul > li > ul > li").first.wait_for(timeout=10_000)


def test_autosave_refused_by_the_csrf_check_says_so_and_keeps_the_text(
    page, server, vvnd_draft, settings
):
    login(page, server, "chef")
    section, path = section_path(vvnd_draft)
    page.goto(server + path)
    editor = page.get_by_role("textbox", name="Text")
    editor.click()
    page.keyboard.press("Control+A")
    page.context.clear_cookies(name=settings.CSRF_COOKIE_NAME)  # as a browser blocking cookies
    page.keyboard.type("Skriven utan kakan")
    status = page.locator("#save-status")
    expect(status).to_contain_text("Det gick inte att spara: säkerhetskontrollen", timeout=10_000)
    expect(editor).to_contain_text("Skriven utan kakan")
    assert "Skriven utan kakan" not in saved_body(page, section.pk, lambda body: True)
    check_a11y(page)


def test_budget_cell_save_without_network_says_so_and_keeps_the_figure(page, server, vvnd_draft):
    login(page, server, "ekonom")
    page.goto(f"{server}/f/vvnd/plan/{vvnd_draft.pk}/budget/")
    revision = BudgetLine.objects.get(budget__plan=vvnd_draft, name="Revision")
    status = page.locator("#budget-status")
    cell = page.locator(f"#in-line-{revision.pk}-0")

    page.route("**/budget/spara/", lambda route: route.abort())
    cell.fill("95 000")
    cell.press("Tab")
    expect(status).to_contain_text(
        "Det gick inte att spara: servern svarade inte. Kontrollera anslutningen och försök igen."
    )
    expect(cell).to_have_value("95 000")
    assert BudgetLine.objects.get(pk=revision.pk).amount_1 == 80_000
    check_a11y(page)
    shot(page, "failed-saves", "2-budget-offline")

    # The network is back: the next save's own status replaces the message.
    page.unroute("**/budget/spara/")
    cell.fill("96 000")
    cell.press("Tab")
    expect(status).to_contain_text("Sparat")
    expect(status).not_to_contain_text("servern svarade inte")
    assert BudgetLine.objects.get(pk=revision.pk).amount_1 == 96_000
