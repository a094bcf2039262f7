"""Journey (b): a board member reads the plan the director sent, looks at what changed since
last year, and comments on a budget line; the chair then records the board's decision.

The starting point (next year's plan, rolled forward and sent to the board) is journey (a)'s
result; it is set up here through the same services the pages use. Every page on the way is
checked with axe (WCAG 2.1 AA) and photographed (test-artifacts/screenshots/journey-b-…).
"""

from __future__ import annotations

import re

from members.models import Association, User
from plans.models import Plan
from tests.quality.journey import Journey

COMMENT = "Varför ökar kostnaden för revision jämfört med i år? Finns en offert från revisorerna?"


def plan_in_review() -> Plan:
    from plans import services as plan_services
    from plans.review import services as review_services

    association = Association.objects.get(slug="vvnd")
    director = User.objects.get(username="chef")
    last = association.plans.order_by("-year", "-revision").first()
    plan = plan_services.plan_create(
        user=director, association=association, year=last.year + 1, blank=False
    )
    review_services.plan_send_to_board(user=director, plan=plan, acknowledge_errors=True)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.REVIEW
    return plan


def log_in(j: Journey, server: str, username: str) -> None:
    j.page.goto(f"{server}/konto/logga-in/")
    j.fill(j.page.get_by_label("Användarnamn"), username)
    j.fill(j.page.get_by_label("Lösenord"), "demo-losen-2025")
    j.press("Logga in")


def test_board_member_reads_compares_comments_and_the_chair_approves(page, server, browser):
    plan = plan_in_review()
    title = plan.display_title
    j = Journey(page, "journey-b")

    # The board member: straight to the association (one membership), then the plan.
    log_in(j, server, "ledamot")
    j.step("association")
    j.go(title)
    assert page.get_by_role("heading", level=1).inner_text() == title
    assert "Hos styrelsen" in page.locator("main").inner_text()
    j.step("plan")

    # Read it.
    j.go("Granskning", exact=True)
    j.step("review")
    j.go("Läs hela planen")
    assert page.get_by_role("heading", name="Ekonomi och budget").count()
    assert page.get_by_role("heading", name="Inledning").count()
    j.step("read")

    # What changed since last year.
    j.go("Granskning", exact=True)
    j.go("Vad har ändrats")
    assert page.get_by_role("heading", name="Vad har ändrats").is_visible()
    compared = page.locator("main").inner_text()
    assert str(plan.year - 1) in compared, "the comparison names last year's plan"
    for part in ("Texter", "Budget", "Insatser", "Mål"):
        assert page.get_by_role("heading", name=part, exact=True).count(), part
    j.step("changes")

    # Comment on a budget line, with the keyboard only: the link lands on the list of parts.
    j.go("Granskning", exact=True)
    j.keyboard = True
    j.go("Kommentera ett avsnitt, en insats, ett mål eller en budgetrad")
    assert page.url.endswith("#kommentera")
    j.step("comment-targets")
    j.go("Kommentera budgetraden – Revision", exact=True)
    assert page.get_by_role("heading", name="Ny kommentar").is_visible()
    assert "Revision" in page.locator("main").inner_text()
    j.step("comment-new")
    j.press("Spara kommentar")  # empty: told in Swedish by the page, not by the browser
    assert page.get_by_text("Skriv en kommentar.").is_visible()
    j.step("comment-empty")
    j.fill(page.get_by_label("Kommentar"), COMMENT)
    j.press("Spara kommentar")
    j.keyboard = False
    main = page.locator("main").inner_text()
    assert COMMENT in main, "the comment is shown after saving"
    assert "Revision" in main
    j.step("commented")

    # The chair records the board's decision in a session of their own.
    chair_context = browser.new_context(locale="sv-SE", viewport={"width": 1280, "height": 900})
    chair_page = chair_context.new_page()
    c = Journey(chair_page, "journey-b-chair")
    log_in(c, server, "ordforande")
    c.go(title)
    c.go("Granskning", exact=True)
    assert COMMENT in chair_page.locator("main").inner_text(), "the chair sees the open comment"
    c.step("review")
    c.go("Registrera styrelsens beslut")
    assert chair_page.get_by_role("link", name="1 kommentarstråd är inte avklarad").count()
    c.step("approve-form")
    c.fill(chair_page.get_by_label("Sammanträdesdatum"), f"{plan.year - 1}-11-28")
    c.fill(chair_page.get_by_label("Paragraf (§) i protokollet"), "39")
    c.fill(chair_page.get_by_label("Diarienummer"), f"VVND {plan.year - 1}/0042")
    # The board member's question is still open: the chair confirms deciding all the same.
    chair_page.get_by_label(
        "Registrera beslutet trots att 1 kommentarstråd inte är avklarad"
    ).check()
    c.press("Registrera beslutet")
    main = chair_page.locator("main").inner_text()
    assert re.search(rf"Beslutad av styrelsen {plan.year - 1}-11-28, § 39", main), main[:500]
    assert chair_page.locator(".status").first.inner_text() == "Beslutad"
    # The question left open is shown as it stood at the decision, no longer as open.
    assert "Kommentarer (1 öppen vid beslutet)" in main
    assert "Kommentarerna är stängda." in main
    assert chair_page.get_by_role("button", name=re.compile("Markera som klar")).count() == 0
    c.step("approved")
    chair_context.close()

    plan.refresh_from_db()
    assert plan.status == Plan.Status.APPROVED
    assert plan.decision_paragraph.strip("§ ") == "39"
