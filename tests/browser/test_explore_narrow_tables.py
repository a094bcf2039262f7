"""On a narrow screen a wide table scrolls inside its box; the box must be reachable by keyboard.

Found by exploring: a table with no links or fields (members, key figures, the budget side by
side in "Vad har ändrats") scrolled sideways out of reach of the keyboard, and axe reported
scrollable-region-focusable (WCAG 2.1.1). static/js/app.js gives such a box a tab stop.
"""

from __future__ import annotations

import re

from .conftest import check_a11y, login, shot


def test_scrolling_tables_are_keyboard_reachable_on_a_phone(page, server):
    page.set_viewport_size({"width": 360, "height": 740})
    login(page, server, "ledamot")
    overview = page.url
    plan_link = page.get_by_role("link", name=re.compile(r"^Verksamhetsplan och budget")).first
    page.goto(overview)
    for url in (overview, f"{server}{plan_link.get_attribute('href')}"):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        boxes = page.locator(".table-scroll")
        scrolling = [
            boxes.nth(i)
            for i in range(boxes.count())
            if boxes.nth(i).evaluate("b => b.scrollWidth > b.clientWidth + 1")
        ]
        assert scrolling, f"nothing scrolls at 360 px on {url}: the test proves nothing"
        for box in scrolling:
            assert box.get_attribute("tabindex") == "0"
        check_a11y(page)
        shot(page, "narrow-tables", url.rstrip("/").rsplit("/", 1)[-1])
    # The box takes the focus (and shows it), so the keyboard can scroll it.
    box = scrolling[0]
    box.focus()
    assert box.evaluate("b => b === document.activeElement")
    assert box.evaluate("b => getComputedStyle(b).outlineStyle") != "none"


def test_budget_figures_stay_in_view_beside_a_very_long_line_name(page, server):
    """Found by exploring: a 150-character word in a line name pushed the budget grid's figure
    columns out of view (the table scrolled); the name column now breaks such a word."""
    from budgets.models import Group
    from budgets.services import budget_line_create
    from tests.explore.newassoc import first_plan, new_association

    association, director = new_association()
    director.set_password("demo-losen-2025")
    director.save()
    plan = first_plan(association, director)
    budget_line_create(
        user=director,
        plan=plan,
        group=Group.ADMINISTRATION,
        name="Kansli " + "X" * 150,
        amounts=(900_000, 900_000, 900_000),
    )
    login(page, server, director.username)
    page.goto(f"{server}/f/{association.slug}/plan/{plan.pk}/budget/")
    cell = page.get_by_role("textbox", name=re.compile(rf", Plan {plan.year + 2}$")).first
    box = cell.bounding_box()
    assert box is not None and box["x"] + box["width"] <= 1280, box
    check_a11y(page)
    shot(page, "narrow-tables", "budget-long-name")


def test_plan_pages_do_not_scroll_sideways_at_400_px(page, server):
    """Found by exploring: at 400 px the contributions page was 551 px wide (the visually hidden
    labels of its input cells were placed against the page, outside their scroll box) and the
    budget page 411 px (the "new line" name field did not wrap below its label). Only a table's
    own box may scroll; the page itself must not."""
    from plans.models import Plan
    from plans.services import plan_roll_forward

    # A draft, so the pages show their input fields (the approved demo plan shows none).
    plan = plan_roll_forward(user=None, plan=Plan.objects.get(association__slug="vvnd", year=2025))
    page.set_viewport_size({"width": 400, "height": 800})
    login(page, server, "chef")
    for part in ("", "budget/", "medlemsbidrag/"):
        page.goto(f"{server}/f/vvnd/plan/{plan.pk}/{part}")
        page.wait_for_load_state("networkidle")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 400, f"{part or 'overview'} is {width} px wide at 400 px"
    shot(page, "narrow-tables", "contributions-400")


def test_tables_goals_reading_and_grids_do_not_scroll_sideways_at_320_px(page, server):
    """Found by crawling every page narrow: at 400 px the board and group tables (Organisation
    och tabeller), a goal's activity table (Mål) and the reading view's tables and charts (Läs
    planen, live and as kept at the decision) widened the whole page to 458-892 px; each table
    now scrolls in its own box, which takes the keyboard focus (axe). At 320 px, the width WCAG
    1.4.10 names, the two-column grid (budget and attainment charts, the section editor's
    fields) kept a 20rem column and was 336 px wide. A target's recorded outcomes (Registrerade
    utfall) were 503 px wide at 400 px."""
    from plans.models import Plan

    page.set_viewport_size({"width": 320, "height": 800})
    in_review = Plan.objects.get(association__slug="varna")  # goals with activities
    approved = Plan.objects.get(association__slug="vvnd", year=2025)  # decided: stored HTML
    section = in_review.sections.order_by("pk").first()
    # a target with outcomes: its page lists them in a table
    measured = approved.targets.filter(outcomes__isnull=False).first()
    for user, plan, parts in (
        (
            "varna",
            in_review,
            (
                "mal/",
                "tabeller/",
                "granskning/las/",
                "budget/",
                "maluppfyllelse/",
                f"avsnitt/{section.pk}/",
            ),
        ),
        ("revisor", approved, ("tabeller/", "granskning/las/")),
        ("chef", approved, (f"uppfoljning/{measured.pk}/",)),
    ):
        page.context.clear_cookies()
        login(page, server, user)
        for part in parts:
            page.goto(f"{server}/f/{plan.association.slug}/plan/{plan.pk}/{part}")
            page.wait_for_load_state("networkidle")
            width = page.evaluate("document.documentElement.scrollWidth")
            assert width <= 320, f"{user} {part} is {width} px wide at 320 px"
            check_a11y(page)
            shot(page, "narrow-tables", f"{user}-{part.rstrip('/').replace('/', '-')}-320")
