"""The "*" in the PDF's contributions table marks exactly the members the contributions page
flags: a decided amount further from the key than the rounding the association allows
(DESIGN §3.1), not every decided amount that differs by a krona."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from members.contributions import contribution_table
from members.models import ContributionSettings, Member
from members.services import contribution_decision_set, contribution_settings_save
from plans.models import Plan
from plans.pdf.render import render_plan_html, render_plan_pdf
from tests.explore.newassoc import first_plan, new_association

from .pdfread import pages_text

pytestmark = pytest.mark.django_db

NOTE = (
    "* Beslutat belopp avviker för minst ett av åren från fördelningsnyckeln med mer än "
    "den avrundning förbundet tillåter."
)


@pytest.fixture
def hamnstad(client) -> Plan:
    """A new association rounding to 1 000 kr: FK/AF off by 200 kr and the region by exactly
    1 000 kr (both within the rounding), one municipality off by 2 000 kr (beyond it)."""
    association, director = new_association(slug="hamnstad")
    plan = first_plan(association, director)
    contribution_settings_save(
        user=director,
        settings=ContributionSettings(
            plan=plan,
            input_mode="total",
            amount=8_000_000,
            combine_state=True,
            rounding=1000,
        ),
        expected_version=None,
    )
    rows = {r.label: r for r in contribution_table(plan).years[0].rows}
    members = {m.name: m for m in Member.objects.filter(association=association)}
    for label, member, gap in [
        ("FK/AF", None, 200),
        ("Region Gävleborg", members["Region Gävleborg"], 1000),
        ("Bollnäs kommun", members["Bollnäs kommun"], 2000),
    ]:
        contribution_decision_set(
            user=director,
            plan=plan,
            member=member,
            year=plan.year,
            amount=rows[label].computed + gap,
        )
    client.force_login(director)
    return plan


class _Rows(HTMLParser):
    """(row header text, the row's class) of every body row of the table with `caption`."""

    def __init__(self, caption: str) -> None:
        super().__init__()
        self.caption = caption
        self.rows: list[tuple[str, str]] = []
        self._table: list[str] = []  # caption text of each open table
        self._in_caption = self._in_th = False
        self._row_class = ""
        self._th: list[str] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "table":
            self._table.append("")
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._row_class = a.get("class") or ""
        elif tag == "th" and a.get("scope") == "row":
            self._in_th, self._th = True, []

    def handle_endtag(self, tag):
        if tag == "table" and self._table:
            self._table.pop()
        elif tag == "caption":
            self._in_caption = False
        elif tag == "th" and self._in_th:
            self._in_th = False
            if self._table and self._table[-1].startswith(self.caption):
                self.rows.append((re.sub(r"\s+", " ", "".join(self._th)).strip(), self._row_class))

    def handle_data(self, data):
        if self._in_caption and self._table:
            self._table[-1] += data
        elif self._in_th:
            self._th.append(data)


def _rows(html: str, caption: str) -> list[tuple[str, str]]:
    parser = _Rows(caption)
    parser.feed(html)
    return parser.rows


def _flagged_on_page(client, plan: Plan) -> list[str]:
    url = reverse("members:contributions", kwargs={"assoc": "hamnstad", "plan_id": plan.pk})
    html = client.get(f"{url}?ar={plan.year}").content.decode()
    rows = _rows(html, f"Medlemsbidrag {plan.year}:")
    assert len(rows) == 6  # FK/AF, the region, three municipalities and the sum
    return [label for label, cls in rows if "contrib-deviates" in cls]


def _starred_in_pdf_html(plan: Plan) -> list[str]:
    rows = _rows(render_plan_html(plan), "Medlemsbidrag per medlem och år")
    assert len(rows) == 6  # the five members and the total
    return [label.removesuffix(" *") for label, _cls in rows if label.endswith("*")]


def test_the_pdf_stars_exactly_the_members_the_contributions_page_flags(client, hamnstad):
    assert _flagged_on_page(client, hamnstad) == ["Bollnäs kommun"]
    assert _starred_in_pdf_html(hamnstad) == ["Bollnäs kommun"]


def test_a_gap_within_the_rounding_in_a_later_year_carries_no_star(client, hamnstad):
    later = hamnstad.year + 2
    fk_af = next(r for r in contribution_table(hamnstad).year(later).rows if r.member_id is None)
    contribution_decision_set(
        user=None, plan=hamnstad, member=None, year=later, amount=fk_af.computed - 999
    )
    assert _starred_in_pdf_html(hamnstad) == ["Bollnäs kommun"]
    contribution_decision_set(
        user=None, plan=hamnstad, member=None, year=later, amount=fk_af.computed - 1001
    )
    assert _starred_in_pdf_html(hamnstad) == ["FK/AF", "Bollnäs kommun"]


def test_the_pdf_footnote_says_the_star_means_beyond_the_allowed_rounding(hamnstad):
    text = re.sub(r"\s*\n\s*", " ", "\n".join(pages_text(render_plan_pdf(hamnstad))))
    assert NOTE in text
    assert re.search(r"Bollnäs kommun \*", text)
    assert not re.search(r"(FK/AF|Region Gävleborg) \*", text)
