"""Every page names an icon that exists (browsers otherwise ask for /favicon.ico and log a 404)."""

from __future__ import annotations

import re

import pytest
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_pages_link_an_existing_icon(client):
    html = client.get("/konto/logga-in/").content.decode()
    match = re.search(r'<link rel="icon" href="/static/([^"]+)"', html)
    assert match, "no <link rel=icon>"
    assert finders.find(match.group(1)) is not None
