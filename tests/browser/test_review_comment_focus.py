"""After a comment is saved the page lands on the new comment: the confirmation is there, and
takes the focus, with JavaScript and without (the #fragment is the confirmation itself)."""

from __future__ import annotations

import pytest

from members.models import Association, User
from plans import services as plan_services
from plans.review import services as review_services
from plans.review.models import Comment
from tests.browser.conftest import check_a11y, login


def plan_in_review():
    director = User.objects.get(username="chef")
    plan = plan_services.plan_create(
        user=director, association=Association.objects.get(slug="vvnd"), year=2026, blank=False
    )
    review_services.plan_send_to_board(user=director, plan=plan, acknowledge_errors=True)
    return plan


def focused(page) -> tuple[str, str]:
    return tuple(page.evaluate("[document.activeElement.id, document.activeElement.textContent]"))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_saved_comments_confirmation_takes_the_focus(browser, server, javascript):
    plan = plan_in_review()
    context = browser.new_context(
        locale="sv-SE", viewport={"width": 1280, "height": 700}, java_script_enabled=javascript
    )
    page = context.new_page()
    try:
        login(page, server, "ledamot")
        page.goto(f"{server}/f/vvnd/plan/{plan.pk}/granskning/")
        page.get_by_role("textbox", name="Kommentar").fill("Hur har beloppet räknats fram?")
        page.get_by_role("button", name="Spara kommentar").click()
        page.wait_for_load_state()
        comment = Comment.objects.get(plan=plan, body="Hur har beloppet räknats fram?")
        assert page.url.endswith(f"#kommentar-{comment.pk}-status")
        notice = page.locator(f"#kommentar-{comment.pk}-status")
        assert focused(page) == (f"kommentar-{comment.pk}-status", "Din kommentar är sparad.")
        assert notice.is_visible() and notice.get_attribute("role") == "status"
        assert page.locator(f"#kommentar-{comment.pk}-rubrik").is_visible()  # the thread's heading
        assert page.locator("main .messages").count() == 0  # said once, where the reader is
        if javascript:
            check_a11y(page)
    finally:
        context.close()
