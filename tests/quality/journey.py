"""Helpers for the browser journeys (tests/browser/test_journey_*.py).

`Journey` wraps a Playwright page: every `step()` waits for the page, runs axe (zero WCAG 2.1
AA violations) and writes a numbered screenshot, so each journey leaves a picture book in
test-artifacts/screenshots/. With `keyboard=True` every activation is done by tabbing to the
element and pressing Enter/Space, and typing goes through the keyboard: nothing is clicked.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.browser.conftest import check_a11y, shot


@dataclass
class Journey:
    page: object
    name: str
    keyboard: bool = False
    n: int = 0
    checked: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Recording the board's decision renders the official PDF in the request: on a busy
        # CI machine that takes a while, and a timed-out click leaves the server mid-write.
        self.page.set_default_timeout(180_000)
        self.page.set_default_navigation_timeout(240_000)

    def step(self, label: str) -> None:
        """The page as it is now: accessible, and photographed."""
        self.page.wait_for_load_state("networkidle")
        self.n += 1
        check_a11y(self.page)
        shot(self.page, self.name, f"{self.n:02d}-{label}")
        self.checked.append(self.page.url)

    # --- acting like a person -------------------------------------------------------------

    def focus(self, locator, max_tabs: int = 250) -> None:
        """Tab (forwards) until `locator` has the focus: proves it is reachable by keyboard."""
        locator = locator.first
        locator.wait_for(state="visible")
        for _ in range(max_tabs):
            if locator.evaluate("el => el === document.activeElement"):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"could not reach {locator} with the Tab key")

    def activate(self, locator, *, navigates: bool = False) -> None:
        """Click, or in a keyboard run: tab to it and press Enter (Space for checkboxes).

        With `navigates`, wait until the next page has loaded.
        """
        target = locator.first
        if self.keyboard:
            self.focus(target)
            kind = target.evaluate("el => (el.type || el.tagName).toLowerCase()")
            key = "Space" if kind in {"checkbox", "radio"} else "Enter"
            if navigates:
                with self.page.expect_navigation():
                    self.page.keyboard.press(key)
            else:
                self.page.keyboard.press(key)
        elif navigates:
            with self.page.expect_navigation():
                target.click()
        else:
            target.click()
        self.page.wait_for_load_state()

    def fill(self, locator, text: str) -> None:
        if not self.keyboard:
            locator.first.fill(text)
            return
        self.focus(locator)
        self.page.keyboard.press("ControlOrMeta+a")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def select(self, locator, label: str) -> None:
        if not self.keyboard:
            locator.first.select_option(label=label)
            return
        self.focus(locator)
        # A focused <select> follows typed text to the matching option, as in a browser.
        options = locator.first.evaluate("el => Array.from(el.options).map(o => o.label)")
        target = options.index(label)
        current = locator.first.evaluate("el => el.selectedIndex")
        key = "ArrowDown" if target > current else "ArrowUp"
        for _ in range(abs(target - current)):
            self.page.keyboard.press(key)

    def go(self, link_name, *, exact: bool = False) -> None:
        """Follow a link by its accessible name (the first one, as people read top down)."""
        link = self.page.get_by_role("link", name=link_name, exact=exact)
        self.activate(link, navigates=True)

    def press(self, button_name, *, exact: bool = False, navigates: bool = True) -> None:
        """Press a button; by default it submits a form and a new page loads."""
        button = self.page.get_by_role("button", name=button_name, exact=exact)
        self.activate(button, navigates=navigates)
