"""Every select's empty choice is Swedish (Django 6.1's own label is English only)."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url",
    [
        "/f/vvnd/installningar/medlemmar/ny/",  # a model field with choices (kind) and an FK
        "/f/vvnd/installningar/styrelse/ny/",
    ],
)
def test_selects_have_a_swedish_empty_choice(client_for, url):
    body = client_for("director").get(url).content.decode()
    assert "Select an option" not in body
    assert '<option value="" selected>– Välj –</option>' in body
