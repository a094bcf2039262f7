"""The board's journey in real Chromium: send, comment, answer, resolve, approve, refuse an
edit of the approved plan, start a revision. Every page is checked with axe."""

from __future__ import annotations

import re

from members.models import User
from plans.models import Plan
from tests.browser.conftest import check_a11y, login, shot

J = "review"


def switch_user(page, server, username):
    page.context.clear_cookies()
    login(page, server, username)


def test_board_review_journey(page, server):
    from plans.services import plan_roll_forward

    approved = Plan.objects.get(association__slug="vvnd", year=2025, status="approved")
    chef = User.objects.get(username="chef")
    draft = plan_roll_forward(user=chef, plan=approved)
    if not draft.sections.filter(kind="text").exists():  # until the plan texts are in the demo
        from plans.services import section_create, section_update

        section = section_create(user=chef, plan=draft, title="Inledning")
        section_update(
            user=chef,
            section=section,
            expected_version=section.version,
            body="<p>Förbundet stöder samverkan mellan parterna.</p>",
        )
    base = f"{server}/f/vvnd/plan/{draft.pk}/granskning/"

    # 1. The director looks at the checks and sends the draft to the board.
    login(page, server, "chef")
    page.goto(base)
    assert page.get_by_role("heading", name="Granskning och beslut").is_visible()
    check_a11y(page)
    shot(page, J, "1-draft")
    ack = page.get_by_label(re.compile("Skicka ändå"))
    if ack.count():
        ack.check()
    page.get_by_role("button", name="Skicka till styrelsen").click()
    page.wait_for_load_state()
    assert page.locator(".status").first.inner_text() == "Hos styrelsen"
    check_a11y(page)
    shot(page, J, "2-sent")

    # 2. A board member reads the whole plan and comments on a part of it.
    switch_user(page, server, "ledamot")
    page.goto(base + "las/")
    check_a11y(page)
    shot(page, J, "3-reading")
    page.get_by_role("link", name=re.compile("^Kommentera avsnittet –")).first.click()
    page.wait_for_load_state()
    check_a11y(page)
    page.get_by_label("Kommentar").fill("Hur har beloppet räknats fram jämfört med i år?")
    page.get_by_role("button", name="Spara kommentar").click()
    page.wait_for_load_state()
    assert page.get_by_text("Hur har beloppet räknats fram").is_visible()
    check_a11y(page)
    shot(page, J, "4-commented")

    # 3. The director sees who has read it, answers and resolves the thread.
    switch_user(page, server, "chef")
    page.goto(base)
    readers = page.locator("section", has=page.get_by_role("heading", name="Vem har läst planen"))
    assert "Inte än" not in readers.get_by_role("row", name=re.compile("Sara Holm")).inner_text()
    page.get_by_label("Svar").first.fill("Samma nivå som i år, uppräknad med två procent.")
    page.get_by_role("button", name="Svara").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("uppräknad med två procent").is_visible()
    page.get_by_role("button", name=re.compile("Markera som klar")).first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Inga öppna kommentarer.").is_visible()
    check_a11y(page)
    shot(page, J, "5-resolved")

    # 4. The chair records the board's decision.
    switch_user(page, server, "ordforande")
    page.goto(base)
    page.get_by_role("link", name="Registrera styrelsens beslut").click()
    page.wait_for_load_state()
    check_a11y(page)
    page.get_by_role("button", name="Registrera beslutet").click()  # empty: told what is missing
    page.wait_for_load_state()
    assert page.get_by_text("Ange sammanträdesdatum.").is_visible()
    check_a11y(page)
    page.get_by_label("Sammanträdesdatum").fill("2025-11-27")
    page.get_by_label("Paragraf (§) i protokollet").fill("§ 41")
    page.get_by_label("Diarienummer").fill("2025/17")
    shot(page, J, "6-decision-form")
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_load_state()
    assert page.locator(".status").first.inner_text() == "Beslutad"
    assert page.get_by_text("Beslutad av styrelsen 2025-11-27, § 41").first.is_visible()
    checksum = page.locator("code.checksum").first.inner_text()
    assert re.fullmatch(r"[0-9a-f]{64}", checksum)
    assert draft.approved_document.sha256 == checksum
    check_a11y(page)
    shot(page, J, "7-approved")

    # 5. An edit of the approved plan is refused, in the browser and below it.
    switch_user(page, server, "chef")
    section = draft.sections.first()
    if section is not None:
        response = page.goto(f"{server}/f/vvnd/plan/{draft.pk}/avsnitt/{section.pk}/")
        assert response.status == 403
    page.goto(base)
    draft.refresh_from_db()
    assert draft.status == "approved"
    # Comments are closed on the decided plan: said on the review page and on the comment page
    # (an old link), which offers no form.
    assert page.get_by_text("Kommentarerna är stängda.").is_visible()
    page.goto(base + "kommentarer/ny/")
    assert page.get_by_role("heading", name="Kommentarerna är stängda").is_visible()
    assert page.get_by_role("textbox").count() == 0
    check_a11y(page)
    page.goto(base)

    # 6. What changed since last year, and the audit trail.
    page.get_by_role("link", name="Vad har ändrats").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Vad har ändrats").is_visible()
    check_a11y(page)
    shot(page, J, "8-what-changed")
    page.goto(base)
    page.get_by_role("link", name="Ändringslogg").click()
    page.wait_for_load_state()
    assert page.get_by_text("Hos styrelsen").first.is_visible()
    check_a11y(page)
    shot(page, J, "9-audit")

    # 7. A correction starts as a new revision; the approved plan stays.
    page.goto(base)
    page.get_by_role("button", name="Starta en revision").click()
    page.wait_for_load_state()
    assert page.get_by_text("revision 2").first.is_visible()
    assert page.locator(".status").first.inner_text() == "Utkast"
    check_a11y(page)
    shot(page, J, "10-revision")
    revision = Plan.objects.get(revises=draft)
    assert (revision.year, revision.revision) == (draft.year, 2)
