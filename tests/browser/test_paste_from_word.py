"""Pasting last year's plan from Word into the editor keeps its lists as lists.

Chromium's own paste drops Word's list markup, so the editor hands the clipboard's HTML to the
server's sanitiser and inserts its answer. The paste here is a synthetic ClipboardEvent carrying
the Word fixture as text/html, as the clipboard gives it to the page.
"""

from __future__ import annotations

from pathlib import Path

from tests.browser.conftest import check_a11y, login, saved_body, section_path, shot

WORD = Path(__file__).resolve().parents[1] / "fixtures" / "paste" / "word_windows.html"

PASTE = """(html) => {
  const editor = document.querySelector(".richtext__editor");
  const data = new DataTransfer();
  data.setData("text/html", html);
  data.setData("text/plain", "Individinriktade insatser för unga vuxna");
  editor.dispatchEvent(
    new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true })
  );
}"""


def test_a_word_list_pasted_into_the_editor_is_saved_as_a_nested_list(page, server, vvnd_draft):
    section, path = section_path(vvnd_draft)
    login(page, server, "chef")
    page.goto(server + path)
    editor = page.get_by_role("textbox", name="Text")
    editor.click()
    page.keyboard.press("Control+End")
    page.evaluate(PASTE, WORD.read_text(encoding="utf-8"))

    # In the editor at once: real lists, no Word markers, the heading and the table.
    nested = editor.locator("ul > li > ul > li")
    nested.first.wait_for(timeout=10_000)
    assert nested.first.inner_text().startswith("Arbetsträning hos kommunerna")
    assert (
        editor.locator("ol > li > ol > li").first.inner_text() == "gemensam kartläggning av behov"
    )
    assert editor.get_by_role("heading", name="Förbundets inriktning 2026").is_visible()
    assert editor.locator("th").all_inner_texts() == ["Insats", "Insatsägare"]
    assert "·" not in editor.inner_text() and "a)" not in editor.inner_text()
    # They also look like lists: the editor sits in a .field, whose widget lists have no bullets.
    bullets = [
        editor.locator(f"{path} > li").first.evaluate(
            "li => [getComputedStyle(li).listStyleType, li.getBoundingClientRect().left]"
        )
        for path in ("ul", "ul > li > ul")
    ]
    assert [kind for kind, _left in bullets] == ["disc", "circle"]
    assert bullets[1][1] > bullets[0][1]  # the sub-list is indented below its item
    check_a11y(page)

    page.get_by_role("button", name="Spara", exact=True).click()
    # The htmx save answers with the status only: read what was stored.
    body = saved_body(page, section.pk, lambda body: "<ul><li>Individinriktade" in body)
    assert (
        "<ul><li>Individinriktade insatser för unga vuxna<ul><li>Arbetsträning hos kommunerna"
        "<ul><li>Stöd av en arbetsspecialist</li></ul></li>" in body
    ), body

    page.reload()
    editor = page.get_by_role("textbox", name="Text")
    assert editor.locator("ul ul").count() == 2
    assert editor.locator("ul > li > ul > li").first.inner_text().startswith("Arbetsträning")
    shot(page, "plans", "section-editor-pasted-from-word")
