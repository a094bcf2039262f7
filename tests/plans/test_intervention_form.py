"""The intervention form says that nothing was saved, as the other forms do, not only which
fields are wrong (found by exploring: only the field errors showed, easy to miss further down)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.plans.test_views import intervention_data

pytestmark = pytest.mark.django_db

NOTHING_SAVED = "Inget sparades. Rätta uppgifterna nedan."


class _Alerts(HTMLParser):
    """The text of each role="alert" box in the intervention form (the form posting back to the
    page itself; the header's and the participants' forms have an action of their own)."""

    def __init__(self) -> None:
        super().__init__()
        self.alerts: list[str] = []
        self._in_form = False
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        if tag == "form":
            self._in_form = "action" not in dict(attrs)
        if self._depth:
            self._depth += 1
        elif self._in_form and dict(attrs).get("role") == "alert":
            self._depth = 1
            self.alerts.append("")

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1
        if tag == "form":
            self._in_form = False

    def handle_data(self, data):
        if self._depth:
            self.alerts[-1] += data


def alerts(response) -> list[str]:
    parser = _Alerts()
    parser.feed(response.content.decode())
    return [" ".join(text.split()) for text in parser.alerts]


def test_a_new_intervention_with_a_wrong_field_says_nothing_was_saved(director, draft, url):
    create = url("plans:intervention_create", draft)
    assert alerts(director.get(create)) == []
    response = director.post(create, intervention_data(draft, amount_1="12abc"))
    assert response.status_code == 422
    assert alerts(response) == [NOTHING_SAVED]
    assert not draft.interventions.filter(name="Arbetsträning Säffle").exists()


def test_an_edit_refused_as_stale_says_nothing_was_saved_and_why(director, draft, url):
    intervention = draft.interventions.first()
    edit = url("plans:intervention_edit", draft, intervention_id=intervention.pk)
    assert alerts(director.get(edit)) == []
    response = director.post(edit, intervention_data(draft, version=intervention.version - 1 or 99))
    assert response.status_code == 422
    banner, reason = alerts(response)
    assert banner == NOTHING_SAVED
    assert reason.startswith("Någon annan har ändrat insatsen")
