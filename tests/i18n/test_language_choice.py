"""Swedish by default, whatever the browser says; English when the user picks it."""

from __future__ import annotations

import pytest

from tests.i18n.test_english import switch_to_english

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_swedish(client):
    response = client.get("/konto/logga-in/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert response["Content-Language"] == "sv"


def test_the_language_switch_gives_english_and_back(client):
    switch_to_english(client)
    response = client.get("/konto/logga-in/", HTTP_ACCEPT_LANGUAGE="sv-SE")
    assert '<html lang="en">' in response.content.decode()
    client.post("/i18n/setlang/", {"language": "sv", "next": "/"})
    assert '<html lang="sv">' in client.get("/konto/logga-in/").content.decode()


def test_an_unknown_language_cookie_falls_back_to_swedish(client):
    client.cookies["django_language"] = "de"
    assert '<html lang="sv">' in client.get("/konto/logga-in/").content.decode()
