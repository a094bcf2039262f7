"""A board member who follows an old link to comment on a superseded plan is told which
revision replaced it and is taken to the revision that takes comments now, with JavaScript
and without."""

from __future__ import annotations

import re
from datetime import date

import pytest

from members.models import User
from plans.models import Plan
from plans.review import services as review_services
from plans.review.models import Comment
from tests.browser.conftest import check_a11y, login


def superseded_with_a_revision_in_review() -> tuple[Plan, Plan]:
    """The demo's approved VVND 2025 plan superseded by revision 2; revision 3 with the board."""
    director, chair = User.objects.get(username="chef"), User.objects.get(username="ordforande")
    first = Plan.objects.get(association__slug="vvnd", year=2025, status="approved")
    second = review_services.plan_start_revision(user=director, plan=first)
    review_services.plan_send_to_board(user=director, plan=second, acknowledge_errors=True)
    second.refresh_from_db()
    review_services.plan_approve(
        user=chair, plan=second, decision_date=date(2025, 12, 18), paragraph="52", render_pdf=False
    )
    third = review_services.plan_start_revision(user=director, plan=second)
    review_services.plan_send_to_board(user=director, plan=third, acknowledge_errors=True)
    return first, third


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_an_old_comment_link_leads_to_the_revision_that_takes_comments(browser, server, javascript):
    first, third = superseded_with_a_revision_in_review()
    context = browser.new_context(
        locale="sv-SE", viewport={"width": 1280, "height": 800}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        login(page, server, "ledamot")
        page.goto(f"{server}/f/vvnd/plan/{first.pk}/granskning/kommentarer/ny/")
        main = page.get_by_role("main")
        assert main.get_by_role("heading", name="Kommentarerna är stängda").is_visible()
        assert main.get_by_text(
            "Planen är ersatt av revision 2 (Beslutad av styrelsen 2025-12-18, § 52). "
            "Kommentarer tas emot på revision 3, som inte är beslutad än."
        ).is_visible()
        assert main.get_by_role("textbox").count() == 0
        if javascript:
            check_a11y(page)
        main.get_by_role("link", name="Kommentera revision 3").click()
        page.wait_for_load_state()
        assert page.url.endswith(f"/plan/{third.pk}/granskning/#kommentarer")
        page.get_by_role("textbox", name="Kommentar").fill("Gäller ändringen från januari?")
        page.get_by_role("button", name="Spara kommentar").click()
        page.wait_for_load_state()
        assert re.search(r"#kommentar-\d+-status$", page.url)
        assert Comment.objects.filter(plan=third, body="Gäller ändringen från januari?").exists()
    finally:
        context.close()
