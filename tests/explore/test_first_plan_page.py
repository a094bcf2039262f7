"""Starting the first plan of a new association: the page offers what exists."""

from __future__ import annotations

import re

import pytest

from .newassoc import first_plan, new_association

pytestmark = pytest.mark.django_db


def _checked(html: str) -> str:
    match = re.search(r'<input type="radio" name="start" value="(\w+)"[^>]*checked', html)
    assert match, html
    return match.group(1)


def test_without_an_earlier_plan_the_blank_start_is_preselected(client):
    association, director = new_association()
    client.force_login(director)
    html = client.get(f"/f/{association.slug}/plan/ny/").content.decode()
    assert "Det finns ingen plan för året innan." in html
    assert _checked(html) == "blank"


def test_with_last_years_plan_the_roll_forward_is_preselected(client_for):
    html = client_for("director").get("/f/vvnd/plan/ny/").content.decode()
    assert _checked(html) == "roll"


def test_what_changed_on_a_first_plan_explains_instead_of_offering_an_empty_choice(client):
    association, director = new_association()
    plan = first_plan(association, director)
    client.force_login(director)
    html = client.get(f"/f/{association.slug}/plan/{plan.pk}/granskning/andringar/").content
    html = html.decode()
    assert 'id="mot"' not in html and "Välj en plan ovan" not in html
    assert "förbundets första plan" in html
    assert f'href="/f/{association.slug}/plan/{plan.pk}/granskning/logg/"' in html
