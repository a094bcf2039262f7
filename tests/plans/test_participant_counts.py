"""Participant counts the server refuses come back as typed, with the error beside the field and
the shared "Inget sparades" box (found in review: the page came back with the input gone and
only a message at the top)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from tests.resubmit import form_values

pytestmark = pytest.mark.django_db

NOTHING_SAVED = "Inget sparades. Rätta uppgifterna nedan."


class _Texts(HTMLParser):
    """The text of every element with an id, and of the role="alert" boxes, in order."""

    def __init__(self) -> None:
        super().__init__()
        self.by_id: dict[str, str] = {}
        self.alerts: list[str] = []
        self._open: list[tuple[str | None, bool]] = []  # (id, is an alert) per open element

    def handle_starttag(self, tag, attrs):
        if tag in ("input", "br", "img", "meta", "link"):
            return
        a = dict(attrs)
        self._open.append((a.get("id"), a.get("role") == "alert"))
        if a.get("id"):
            self.by_id[a["id"]] = ""
        if a.get("role") == "alert":
            self.alerts.append("")

    def handle_endtag(self, tag):
        if tag in ("input", "br", "img", "meta", "link") or not self._open:
            return
        self._open.pop()

    def handle_data(self, data):
        alert_index = len(self.alerts) - 1
        for element_id, _is_alert in self._open:
            if element_id:
                self.by_id[element_id] += data
        if any(is_alert for _id, is_alert in self._open):
            self.alerts[alert_index] += data


def texts(html: str) -> _Texts:
    parser = _Texts()
    parser.feed(html)
    return parser


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture
def counts_url(draft, url):
    intervention = draft.interventions.first()
    return intervention, url("plans:participants_set", draft, intervention_id=intervention.pk)


def test_refused_counts_come_back_as_typed_with_the_error_beside_the_field(director, counts_url):
    intervention, post = counts_url
    typed = {"year": "2025", "women": "-3", "men": "12", "other": "tre"}
    response = director.post(post, typed)

    assert response.status_code == 422
    assert not intervention.participant_counts.exists()
    html = response.content.decode()
    shown = form_values(html, post)
    assert {k: shown[k] for k in typed} == {k: [v] for k, v in typed.items()}
    page = texts(html)
    assert _words(page.by_id["participants"]).count(NOTHING_SAVED) == 1
    assert _words(page.by_id["id_women_error"]) == (
        "Kontrollera att detta värde är större än eller lika med 0."
    )
    assert _words(page.by_id["id_other_error"]) == "Fyll i ett heltal."
    assert "id_men_error" not in page.by_id and "id_year_error" not in page.by_id
    # The intervention's own form above is not the one refused: no box there.
    # (The page-wide alert region for failed htmx requests is on every page, empty.)
    assert [_words(a) for a in page.alerts if _words(a)] == [NOTHING_SAVED]


def test_counts_saved_then_refused_keep_the_saved_figures(director, counts_url):
    intervention, post = counts_url
    saved = director.post(post, {"year": "2025", "women": "14", "men": "11", "other": "0"})
    assert saved.status_code == 302
    response = director.post(post, {"year": "2025", "women": "15", "men": "", "other": "0"})
    assert response.status_code == 422
    assert intervention.participant_counts.get(year=2025).women == 14
    # The table of saved counts still shows what is saved, the form what was typed.
    assert form_values(response.content.decode(), post)["women"] == ["15"]
    assert "Detta fält måste fyllas i." in _words(
        texts(response.content.decode()).by_id["id_men_error"]
    )
