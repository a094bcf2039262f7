"""A form that refuses a save says so above the fields, on every editing page alike.

Field errors alone sit next to their fields, which a long form can push out of view; the
banner (templates/includes/_not_saved.html) is announced as an alert.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.url_kwargs import walk_plan

pytestmark = pytest.mark.django_db

BANNER = "Inget sparades. Rätta uppgifterna nedan."


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("plans:goal_create", {"level": "", "text": ""}),
        ("plans:intervention_create", {"name": "", "kind": ""}),
        ("budgets:settings", {"balance_target_1": "tolv"}),
        ("indicators:target_create", {"indicator": "", "attach": ""}),
    ],
)
def test_a_refused_save_says_nothing_was_saved(client_for, vvnd, name, data):
    plan = walk_plan(vvnd)
    url = reverse(name, kwargs={"assoc": vvnd.slug, "plan_id": plan.pk})
    client = client_for("director")
    assert BANNER not in client.get(url).content.decode()
    response = client.post(url, data)
    assert response.status_code == 422
    assert BANNER in response.content.decode()
