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


def test_the_forms_outside_the_editor_say_it_too(client_for, role_user, vvnd):
    """The board's decision, a comment, a new login and a new password: without the banner
    the page's script had nothing to move the focus to after a refused post, and a screen
    reader started again at the page title with no word that nothing was saved (the password
    form's autofocus even held the focus on a field without an error)."""
    from plans.review import services as review_services

    plan = walk_plan(vvnd)
    review_services.plan_send_to_board(
        user=role_user("director"), plan=plan, acknowledge_errors=True
    )
    review = f"/f/{vvnd.slug}/plan/{plan.pk}/granskning/"
    refused = [
        ("chair", f"{review}beslut/", {"paragraph": "39"}),
        ("board", f"{review}kommentarer/ny/", {"body": "   "}),
        ("director", f"/f/{vvnd.slug}/installningar/anvandare/ny/", {"username": ""}),
        (
            "finance",
            reverse("password_change"),
            {
                "old_password": "demo-losen-2025",
                "new_password1": "Ett-langt-losen-42",
                "new_password2": "Ett-annat-losen-42",
            },
        ),
    ]
    for role, url, data in refused:
        response = client_for(role).post(url, data)
        html = response.content.decode()
        assert response.status_code in (200, 422), (url, response.status_code)
        assert 'aria-invalid="true"' in html, url
        assert BANNER in html, url


def test_a_new_plan_and_an_excel_import_without_a_file_say_it_too(client_for, vvnd):
    """Found by the axe crawl's empty-form run: these two showed only the field's error."""
    client = client_for("director")
    plan = walk_plan(vvnd)
    create = client.post(reverse("plans:create", kwargs={"assoc": vvnd.slug}), {"year": ""})
    assert create.status_code == 422
    assert BANNER in create.content.decode()
    url = reverse("budgets:excel_import", kwargs={"assoc": vvnd.slug, "plan_id": plan.pk})
    empty = client.post(url, {})
    assert empty.status_code == 422
    assert BANNER in empty.content.decode()
