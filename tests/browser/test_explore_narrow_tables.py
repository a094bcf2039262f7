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
