"""Starting the first plan of a new association: the page offers what exists."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from plans.models import Plan

from .newassoc import first_plan, new_association

pytestmark = pytest.mark.django_db


class _StartInputs(HTMLParser):
    """The form's inputs named "start": (type, value, checked)."""

    def __init__(self) -> None:
        super().__init__()
        self.inputs: list[tuple[str, str, bool]] = []

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "start":
            self.inputs.append((a.get("type", ""), a.get("value", ""), "checked" in a))


def start_inputs(html: str) -> list[tuple[str, str, bool]]:
    parser = _StartInputs()
    parser.feed(html)
    return parser.inputs


def test_without_an_earlier_plan_only_the_blank_start_is_offered(client):
    association, director = new_association()
    client.force_login(director)
    html = client.get(f"/f/{association.slug}/plan/ny/").content.decode()
    assert "Det finns ingen plan för året innan." in html
    # No choice to make: the roll-forward is not offered, the blank start goes with the form.
    assert start_inputs(html) == [("hidden", "blank", False)]
    assert "Utgå från förra årets plan" not in html


def test_asking_for_a_roll_forward_without_an_earlier_plan_is_refused_not_made_blank(client):
    association, director = new_association()
    client.force_login(director)
    response = client.post(f"/f/{association.slug}/plan/ny/", {"year": "2027", "start": "roll"})
    assert response.status_code == 422
    assert not Plan.objects.filter(association=association).exists()


def test_with_last_years_plan_the_roll_forward_is_preselected(client_for):
    html = client_for("director").get("/f/vvnd/plan/ny/").content.decode()
    assert start_inputs(html) == [("radio", "roll", True), ("radio", "blank", False)]


def test_a_year_with_no_plan_the_year_before_cannot_be_rolled_forward(client_for, vvnd):
    client = client_for("director")
    response = client.post("/f/vvnd/plan/ny/", {"year": "2031", "start": "roll"})
    assert response.status_code == 422
    assert "Det finns ingen plan för 2030 att utgå från" in response.content.decode()
    assert not Plan.objects.filter(association=vvnd, year=2031).exists()
    # The blank start for that year is fine.
    response = client.post("/f/vvnd/plan/ny/", {"year": "2031", "start": "blank"})
    assert response.status_code == 302
    assert Plan.objects.get(association=vvnd, year=2031).previous is None


def test_what_changed_on_a_first_plan_explains_instead_of_offering_an_empty_choice(client):
    association, director = new_association()
    plan = first_plan(association, director)
    client.force_login(director)
    html = client.get(f"/f/{association.slug}/plan/{plan.pk}/granskning/andringar/").content
    html = html.decode()
    assert 'id="mot"' not in html and "Välj en plan ovan" not in html
    assert "förbundets första plan" in html
    assert f'href="/f/{association.slug}/plan/{plan.pk}/granskning/logg/"' in html
