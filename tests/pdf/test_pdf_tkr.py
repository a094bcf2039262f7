"""A plan in tkr printed as a PDF (the QA's findings): each table's rows add up to the sums it
prints (DESIGN §3.6), read back from the PDF itself."""

from __future__ import annotations

import re

import pytest

from budgets.models import Group
from budgets.services import budget_cell_set, budget_line_create
from members.models import ContributionSettings
from plans.pdf.render import render_plan_pdf
from tests.explore.newassoc import first_tkr_plan

from .pdfread import pages_text

pytestmark = pytest.mark.django_db

# 2028: 700,5 + 500,5 + 337,4 = 1 538,4 tkr; rounded one by one they printed 701 + 501 + 337.
ADMINISTRATION = (("Förbundschef", "700,5"), ("Kansli", "500,5"), ("Revision", "337,4"))
MEMBERS = (
    "Försäkringskassan",
    "Arbetsförmedlingen",
    "Region Gävleborg",
    "Bollnäs kommun",
    "Söderhamns kommun",
    "Ovanåkers kommun",
)


def _figures(cells: list[str]) -> list[int]:
    return [int(c.replace(" ", "").replace("\u2212", "-")) for c in cells]


def _rows(pages: list[str]) -> dict[str, list[list[str]]]:
    """Every printed line as cells (layout text splits columns on 2+ spaces), by its label."""
    rows: dict[str, list[list[str]]] = {}
    for text in pages:
        for line in text.splitlines():
            cells = [c.strip() for c in re.split(r"\s{2,}", line.strip()) if c.strip()]
            if cells:
                rows.setdefault(cells[0], []).append(cells[1:])
    return rows


def test_the_pdfs_tables_in_tkr_add_up_to_their_printed_sums():
    plan, director = first_tkr_plan()
    settings = ContributionSettings(plan=plan, input_mode="total", amount=7_777_777)
    settings.full_clean()
    settings.save()
    for group, rows in (
        (Group.ADMINISTRATION, ADMINISTRATION),
        (Group.INDIVIDUAL, (("Insteget", "2 051,75"),)),
    ):
        for name, text in rows:
            line = budget_line_create(user=director, plan=plan, group=group, name=name)
            for year_index in range(3):
                line = budget_cell_set(
                    user=director,
                    line=line,
                    year_index=year_index,
                    text=text,
                    expected_version=None,
                )

    rows = _rows(pages_text(render_plan_pdf(plan)))

    # The contributions table: the members, then "Summa medlemsbidrag" (share column first).
    members = [_figures(rows[name][0][1:]) for name in MEMBERS]
    summa = _figures(rows["Summa medlemsbidrag"][0])
    assert summa == [7_778, 7_778, 7_778]  # 7 777 777 kr; one by one the rows made 7 777
    assert [sum(m[year] for m in members) for year in range(3)] == summa

    # The budget: the administration rows and their sum, 2028 as the QA saw it.
    admin = [_figures(rows[name][-1]) for name, _ in ADMINISTRATION]
    admin_sum = _figures(rows["Summa administration och kansli"][-1])
    assert [a[1] for a in admin] == [701, 500, 337] and admin_sum[1] == 1_538
    assert [sum(a[year] for a in admin) for year in range(3)] == admin_sum
    income = _figures(rows["Summa intäkter"][-1])
    costs = _figures(rows["Summa kostnader"][-1])
    assert [a + i for a, i in zip(admin_sum, _figures(rows["Summa individinriktade insatser"][-1]),
                                  strict=True)] == costs  # fmt: skip
    assert _figures(rows["Resultat"][-1]) == [i - c for i, c in zip(income, costs, strict=True)]


GROUPS = (Group.ADMINISTRATION, Group.INDIVIDUAL, Group.STRUCTURAL, Group.RESERVE)
GROUP_NAMES = (
    "Administration och kansli",
    "Individinriktade insatser",
    "Strukturinriktade insatser",
    "Reserverade medel",
)


def _page_of(pages: list[str], start: int, label: str) -> int:
    for index in range(start, len(pages)):
        if re.search(rf"^\s*{re.escape(label)}(\s{{2,}}|$)", pages[index], re.M):
            return index
    raise AssertionError(f"{label!r} is not in the PDF")


def test_a_short_budget_group_is_printed_whole_on_one_page():
    """A group broken across pages showed its rows on the next page with no group name above
    them: a group that fits on a page is kept together (heading, lines and its sum)."""
    plan, director = first_tkr_plan()
    settings = ContributionSettings(plan=plan, input_mode="total", amount=7_777_777)
    settings.full_clean()
    settings.save()
    for group in GROUPS:
        for n in range(12):
            line = budget_line_create(
                user=director, plan=plan, group=group, name=f"Rad {n} {group}"
            )
            budget_cell_set(
                user=director, line=line, year_index=0, text="100", expected_version=None
            )

    pages = pages_text(render_plan_pdf(plan))
    start = _page_of(pages, 0, "Budget och plan för tre år (tkr)")
    spans = {
        name: (_page_of(pages, start, name), _page_of(pages, start, f"Summa {name.lower()}"))
        for name in GROUP_NAMES
    }
    assert len({first for first, _ in spans.values()} | {last for _, last in spans.values()}) > 1
    for name, (first, last) in spans.items():
        assert first == last, (name, first, last)
