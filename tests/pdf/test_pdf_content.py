"""Read the PDF back: contents, page numbers, figures, running texts and margins."""

from __future__ import annotations

import re

from budgets.calc import display_amount
from finsam.money import format_money, format_percent

from .pdfread import SPACES, link_targets, pages_text, word_boxes

MM = 72 / 25.4
# A ToC line: the title, the drawn leader (no text) and the page number at the right margin.
LEADER = re.compile(r"^\s*(?P<title>\S.*?)\s{3,}(?P<page>\d+)\s*$")


def _toc(pages: list[str]) -> tuple[int, list[tuple[str, int]]]:
    """The page index of the table of contents and its entries (title, page number)."""
    for index, text in enumerate(pages):
        if "Innehåll" in text.splitlines()[:4] or re.search(r"^\s*Innehåll\s*$", text, re.M):
            entries = []
            for line in text.splitlines():
                if match := LEADER.match(line):
                    entries.append((match["title"].strip(), int(match["page"])))
            return index, entries
    raise AssertionError("no table of contents")


def test_toc_lists_every_section_in_order_with_the_right_page(large):
    pages = pages_text(large.pdf)
    toc_index, entries = _toc(pages)
    assert [title for title, _ in entries] == large.titles
    for title, number in entries:
        page_lines = [ln.strip() for ln in pages[number - 1].splitlines() if ln.strip()]
        # Each section starts its page: right after the running header.
        assert title in page_lines[:3], (title, number, page_lines[:3])
        for earlier in pages[toc_index + 1 : number - 1]:
            assert title not in [ln.strip() for ln in earlier.splitlines()[:3]]


def test_toc_entries_are_links_to_their_pages(large):
    pages = pages_text(large.pdf)
    toc_index, entries = _toc(pages)
    targets = link_targets(large.pdf, toc_index)
    # One link per entry (a title wrapping onto two lines would give two rectangles).
    assert targets == [number - 1 for _, number in entries]


def test_page_count_and_footer_say_sida_x_av_y(large):
    pages = pages_text(large.pdf)
    assert len(pages) >= 20
    for n, text in enumerate(pages, start=1):
        assert f"Sida {n} av {len(pages)}" in text, n


def test_every_page_of_a_draft_says_utkast(large):
    for n, text in enumerate(pages_text(large.pdf), start=1):
        assert "UTKAST" in text, n
        assert "Beslutad av styrelsen" not in text


def test_every_page_of_the_approved_plan_carries_the_decision_line(large):
    assert large.decision_line == "Beslutad av styrelsen 2040-11-29, § 39"
    pages = pages_text(large.approved_pdf)
    for n, text in enumerate(pages, start=1):
        assert large.decision_line in text, n
        assert "UTKAST" not in text, n


def test_running_header_names_association_and_plan(large):
    pages = pages_text(large.pdf)
    for n, text in enumerate(pages[1:], start=2):
        first = next(ln for ln in text.splitlines() if ln.strip())
        assert "VVND · Verksamhetsplan och budget 2041" in first, (n, first)


def _budget_lines(pages: list[str]) -> list[list[str]]:
    """The budget table's rows as cells (layout text splits columns on 2+ spaces)."""
    start = next(i for i, t in enumerate(pages) if "Budget och plan för tre år" in t)
    rows = []
    for text in pages[start : start + 4]:
        for line in text.splitlines():
            cells = [c.strip() for c in re.split(r"\s{2,}", line.strip()) if c.strip()]
            if cells:
                rows.append(cells)
    return rows


def _expected_rows(summary, cost_sign: str, unit: str) -> list[tuple[str, list[str]]]:
    """What the engine says the table must show, written independently of the renderer."""

    def money(values, is_income=True):
        return [text.translate(SPACES) for text in _money(values, is_income)]

    def _money(values, is_income):
        return [
            "–"
            if v is None
            else format_money(display_amount(v, is_income=is_income, cost_sign=cost_sign), unit)
            for v in values
        ]

    rows = []
    for groups, label, totals, is_income in (
        (summary.income_groups, "Summa intäkter", summary.total_income, True),
        (summary.cost_groups, "Summa kostnader", summary.total_costs, False),
    ):
        for group in groups:
            if group.is_empty:
                continue
            for line in group.lines:
                if line.source != "split":
                    rows.append((line.name, money(line.amounts, is_income)))
            rows.append((f"Summa {group.label.lower()}", money(group.totals, is_income)))
        rows.append((label, money(totals, is_income)))
    rows.append(("Resultat", money(summary.result)))
    years = summary.years
    rows.append(("Eget kapital vid årets början", money([y.opening_equity for y in years])))
    rows.append(("Eget kapital vid årets slut", money([y.closing_equity for y in years])))
    rows.append(("Gräns för eget kapital", money([y.equity_bound for y in years])))
    rows.append(
        (
            "Eget kapital i procent av basen",
            [format_percent(y.equity_ratio, 1).translate(SPACES) for y in years],
        )
    )
    return rows


def test_every_budget_figure_equals_the_engines(large):
    printed = _budget_lines(pages_text(large.pdf))
    expected = _expected_rows(large.budget, large.cost_sign, large.unit)
    assert len(expected) > 20
    position = 0
    for label, values in expected:
        for i in range(position, len(printed)):
            if printed[i][0] == label:
                assert printed[i][1:4] == values, (label, printed[i], values)
                position = i + 1
                break
        else:
            raise AssertionError(f"budget row {label!r} not found in order")
    # The bound and result are real numbers, not blanks.
    assert large.budget.years[0].equity_bound


def test_budget_groups_are_headed_by_their_names(large):
    """As on the budget page: each group's rows under its name, so "Summa …" has a heading."""
    printed = [cells[0] for cells in _budget_lines(pages_text(large.pdf))]
    groups = [g for g in (*large.budget.income_groups, *large.budget.cost_groups) if not g.is_empty]
    assert len(groups) >= 4
    position = printed.index("Intäkter")
    for group in groups:
        heading = printed.index(group.label, position)
        assert printed[heading + 1].startswith(group.lines[0].name), printed[heading : heading + 2]
        position = printed.index(f"Summa {group.label.lower()}", heading)


def test_the_equity_block_is_printed_on_one_page(large):
    pages = pages_text(large.pdf)
    block = (
        "Eget kapital vid årets början",
        "Eget kapital vid årets slut",
        "Gräns för eget kapital",
    )
    # the table's block is the first place they are printed (the equity chart's figures follow)
    first = next(i for i, text in enumerate(pages) if any(label in text for label in block))
    lines = [ln.strip() for ln in pages[first].splitlines()]
    assert "Eget kapital" in lines
    assert all(label in pages[first] for label in block), pages[first][-600:]


def test_no_text_runs_outside_the_page_margins(large):
    for pdf in (large.pdf, large.approved_pdf):
        for page in word_boxes(pdf):
            left, right = 18 * MM - 1, page.width - 18 * MM + 1
            for word in page.words:
                assert word.x0 >= left and word.x1 <= right, (word, page.width)
                assert word.y0 >= 8 * MM and word.y1 <= page.height - 8 * MM, word


def test_body_text_stays_inside_the_content_box(large):
    """Only the running header and footer may sit in the top and bottom margins."""
    for page in word_boxes(large.approved_pdf):
        landscape = page.width > page.height
        top, bottom = (18, 20) if landscape else (22, 24)
        for word in page.words:
            in_body = top * MM - 1 <= word.y0 and word.y1 <= page.height - bottom * MM + 1
            in_header = word.y1 <= top * MM
            in_footer = word.y0 >= page.height - bottom * MM
            assert in_body or in_header or in_footer, word


def test_landscape_pages_hold_the_wide_tables(large):
    pages = word_boxes(large.pdf)
    texts = pages_text(large.pdf)
    wide = [i for i, p in enumerate(pages) if p.width > p.height]
    assert wide, "the internal control table should get landscape pages"
    assert all("Internkontrollplan" in texts[i] or "Rutin" in texts[i] for i in wide)


def test_no_page_ends_with_a_heading(large):
    """Headings are kept with what follows them (break-after: avoid)."""
    headings = set(large.titles) | {
        "Individinriktade insatser",
        "Strukturinriktade insatser",
        "Syfte",
        "Målgrupp",
        "Kortsiktiga mål",
        "Långsiktiga mål",
        "Åtgärder",
        "Styrning",
        "Uppföljning",
        "Prioriteringar",
    }
    headings |= {
        f"Insats {i:02d} – {name}"
        for i in range(1, 40)
        for name in ("Steget vidare", "Samverkan för unga")
    }
    for n, text in enumerate(pages_text(large.pdf), start=1):
        lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
        body = [ln for ln in lines if "Sida " not in ln and "UTKAST" not in ln]
        assert body, n
        assert body[-1] not in headings, (n, body[-3:])
