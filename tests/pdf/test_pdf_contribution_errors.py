"""A contribution error is printed once: with its year when it concerns one year, without a
year when it concerns every year. The PDF listed it once per plan year, each copy labelled with
that year (three different years for an error of year 3), and year 1's note repeated it."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from members.models import ContributionSettings
from members.services import contribution_settings_save
from plans.models import Plan
from plans.pdf.render import render_plan_html
from plans.services import plan_checks
from tests.explore.newassoc import first_plan, new_association

pytestmark = pytest.mark.django_db

NEGATIVE = "Statens bidrag kan inte bli negativt."


@pytest.fixture
def plan(client) -> Plan:
    association, director = new_association(slug="felhamn")
    plan = first_plan(association, director)  # 2027
    contribution_settings_save(
        user=director,
        settings=ContributionSettings(plan=plan, input_mode="state", amount=4_000_000),
        expected_version=None,
    )
    client.force_login(director)
    return plan


class _Notes(HTMLParser):
    """The text of every `p.doc-note` (the notes printed around the PDF's tables)."""

    def __init__(self) -> None:
        super().__init__()
        self.notes: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "p" and "doc-note" in (dict(attrs).get("class") or "").split():
            self._depth = 1
            self.notes.append("")
        elif self._depth:
            self._depth += 1

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.notes[-1] += data


def _pdf_notes(plan: Plan) -> list[str]:
    parser = _Notes()
    parser.feed(render_plan_html(plan))
    return [re.sub(r"\s+", " ", n).strip() for n in parser.notes]


def _page_checks(client, plan: Plan) -> list[str]:
    url = reverse(
        "members:contributions", kwargs={"assoc": plan.association.slug, "plan_id": plan.pk}
    )
    html = client.get(url).content.decode()
    checks = re.search(r'<ul class="checks">(.*?)</ul>', html, re.S)
    assert checks
    return [re.sub(r"<[^>]+>", "", li).strip() for li in re.findall(r"<li.*?</li>", checks[1])]


def _set(plan: Plan, **fields) -> None:
    ContributionSettings.objects.filter(plan=plan).update(**fields)


def test_an_error_of_year_3_is_printed_once_with_that_year(client, plan):
    _set(plan, year3_scenario="percent", year3_value=Decimal(-150))
    notes = [n for n in _pdf_notes(plan) if NEGATIVE in n]
    assert notes == [f"Kan inte beräknas 2029: {NEGATIVE}"]
    expected = f"2029: medlemsbidragen kan inte beräknas: {NEGATIVE}"
    assert [c for c in _page_checks(client, plan) if NEGATIVE in c] == [expected]
    assert [c.message for c in plan_checks(plan) if NEGATIVE in c.message] == [expected]


def test_an_error_of_every_year_is_printed_once_without_a_year(client, plan):
    _set(plan, state_share=60)  # 60/25/25 does not sum to 100 %
    errors = [n for n in _pdf_notes(plan) if n.startswith("Kan inte beräknas")]
    assert len(errors) == 1
    text = errors[0].removeprefix("Kan inte beräknas ")
    assert not re.match(r"\d{4}:", text)
    assert not any(text in n for n in _pdf_notes(plan) if n != errors[0])
    expected = f"Medlemsbidragen kan inte beräknas: {text}"
    assert [c for c in _page_checks(client, plan) if text in c] == [expected]
    assert [c.message for c in plan_checks(plan) if text in c.message] == [expected]
