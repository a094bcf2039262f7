"""After a full-page post the focus goes to what became of the form, so a screen reader reads
the outcome first instead of the page title and header (static/js/app.js)."""

import re

from members.models import Association, User
from plans import services as plan_services
from tests.browser.conftest import check_a11y, login


def focused_class(page) -> str:
    return page.evaluate("document.activeElement.className")


def assert_focus_on(page, css_class: str, text: str) -> None:
    assert css_class in focused_class(page)
    assert text in page.evaluate("document.activeElement.textContent")


def vvnd_2026():
    """VVND's 2026 plan, rolled forward from 2025 as the director would."""
    return plan_services.plan_create(
        user=User.objects.get(username="chef"),
        association=Association.objects.get(slug="vvnd"),
        year=2026,
        blank=False,
    )


def test_refused_login_puts_focus_on_the_error(page, server):
    login(page, server, "chef", password="fel-losenord")
    page.locator(".form-errors").wait_for()
    assert_focus_on(page, "form-errors", "Ange ett korrekt")
    # Tab goes on from the error to the form below it.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "username"
    check_a11y(page)


def test_saved_goal_puts_focus_on_the_message(page, server):
    plan = vvnd_2026()
    login(page, server, "chef")
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/mal/nytt/")
    # A page reached by a link keeps the focus where the browser puts it.
    assert page.evaluate("document.activeElement === document.body")
    page.get_by_label("Nivå").select_option(index=1)
    page.get_by_role("textbox", name=re.compile(r"^Mål")).fill("Fler unga i arbete eller studier")
    page.get_by_role("button", name="Spara målet").click()
    page.locator(".messages").wait_for()
    assert_focus_on(page, "messages", "Målet är sparat")
    check_a11y(page)


def test_refused_decision_puts_focus_on_what_was_wrong(page, server):
    """The board's decision form refused without a word at the top: the focus stayed on the
    page and a screen reader started again at the title, with the plan not approved."""
    from plans.models import Plan

    plan = Plan.objects.get(association__slug="varna", year=2023, status=Plan.Status.REVIEW)
    login(page, server, "varna")
    page.goto(f"{server}/f/varna/plan/{plan.pk}/granskning/beslut/")
    page.get_by_label("Paragraf").fill("39")
    page.get_by_role("button", name="Registrera beslutet").click()
    page.locator(".form-errors").wait_for()
    assert_focus_on(page, "form-errors", "Inget sparades")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.name") == "decision_date"
    check_a11y(page)


def test_refusal_sent_back_to_a_fragment_puts_focus_on_it(page, server):
    """A refused post that sends the user back to the part they were at (/mal/#tags) said
    why only in the messages at the top of the page, which the focus at the fragment skipped:
    a screen reader never heard that the area was not added. A success keeps the fragment."""
    plan = vvnd_2026()
    login(page, server, "chef")
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/mal/")
    page.get_by_label("Namn").fill("Arbete och studier")
    page.get_by_role("button", name="Lägg till området").click()
    page.wait_for_url(re.compile("#tags$"))
    page.locator(".messages").wait_for()
    assert "messages" not in focused_class(page)
    page.get_by_label("Namn").fill("Arbete och studier")
    page.get_by_role("button", name="Lägg till området").click()
    page.locator(".message--error").wait_for()
    page.wait_for_load_state("load")
    page.wait_for_timeout(300)  # Chromium applies the fragment after the load
    assert_focus_on(page, "messages", "finns redan")
    check_a11y(page)


def test_refused_participant_counts_keep_what_was_typed_and_take_the_focus(page, server):
    """Counts the server refused came back as an empty form with a message at the top: the
    figures had to be typed again. Now the form returns as typed, the box says nothing was
    saved and takes the focus, and the error stands beside its field."""
    plan = vvnd_2026()
    intervention = plan.interventions.order_by("pk").first()
    login(page, server, "chef")
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/insatser/{intervention.pk}/")
    counts = page.locator("#participants form")
    counts.evaluate("form => { form.noValidate = true; }")  # as if the browser checked nothing
    counts.get_by_label("Kvinnor").fill("-3")
    counts.get_by_label("Män").fill("12")
    counts.get_by_role("button", name="Spara antalen").click()
    page.locator("#participants .form-errors").wait_for()
    assert_focus_on(page, "form-errors", "Inget sparades")
    counts = page.locator("#participants form")
    assert counts.get_by_label("Kvinnor").input_value() == "-3"
    assert counts.get_by_label("Män").input_value() == "12"
    assert "större än eller lika med 0" in page.locator("#id_women_error").text_content()
    check_a11y(page)
