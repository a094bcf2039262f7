"""A one-time password is changed before anything else.

A login made by create_association, grant_role or the director's users page gets a password
someone else has seen. Until its owner has chosen their own, every page leads to "Byt lösenord"
(with a message saying why); logging out, the password pages, the language switch, the
accessibility statement, static files and /healthz/ stay open.
"""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from django.templatetags.static import static
from django.test import Client

from members.models import User
from members.roles import Role
from members.services import role_add_new_user, role_grant
from plans.models import Plan

pytestmark = pytest.mark.django_db

CHANGE = "/konto/losenord/"
OWN = "Mitt-eget-losen-2026"


@pytest.fixture
def newcomer(vvnd) -> tuple[User, str]:
    """The chair of VVND with the one-time password the director handed over."""
    membership, password = role_grant(association=vvnd, username="eva.lind", role=Role.CHAIR)
    return membership.user, password


def next_of(url: str) -> str:
    """Where a GET of url is sent: "Byt lösenord", remembering url."""
    return f"{CHANGE}?{urlencode({'next': url}, safe='/')}"


def signed_in(user: User, password: str) -> Client:
    client = Client()
    assert client.login(username=user.username, password=password)
    return client


class _Messages(HTMLParser):
    """The text of the page's .message paragraphs."""

    def __init__(self) -> None:
        super().__init__()
        self.texts: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if self._depth:
            self._depth += 1
        elif tag == "p" and "message" in classes:
            self._depth = 1
            self.texts.append("")

    def handle_endtag(self, tag):
        if self._depth:
            self._depth -= 1

    def handle_data(self, data):
        if self._depth:
            self.texts[-1] += data


def messages_on(response) -> list[str]:
    parser = _Messages()
    parser.feed(response.content.decode())
    return [" ".join(text.split()) for text in parser.texts]


# -- who gets the flag ------------------------------------------------------------------------


def test_a_new_login_must_change_its_password_an_existing_one_is_left_alone(vvnd, varna):
    membership, password = role_grant(association=vvnd, username="eva.lind", role=Role.CHAIR)
    assert password and membership.user.must_change_password
    # The demo director given a role in another association keeps her own password.
    membership, password = role_grant(association=varna, username="chef", role=Role.BOARD)
    assert password is None
    assert not membership.user.must_change_password


def test_a_login_from_the_users_page_must_change_its_password(vvnd):
    membership, password = role_add_new_user(
        user=None, association=vvnd, username="olof", role=Role.BOARD
    )
    assert password
    assert User.objects.get(pk=membership.user_id).must_change_password


def test_demo_users_are_not_asked_to_change_their_password():
    assert User.objects.exists()
    assert not User.objects.filter(must_change_password=True).exists()
    client = signed_in(User.objects.get(username="chef"), "demo-losen-2025")
    assert client.get("/f/vvnd/").status_code == 200


# -- every page leads to "Byt lösenord" -------------------------------------------------------


def test_every_page_leads_to_the_password_change_page(newcomer, vvnd):
    client = signed_in(*newcomer)
    plan = Plan.objects.filter(association=vvnd).first()
    assert client.get("/")["Location"] == CHANGE  # where the login goes by default
    for url in (
        "/f/vvnd/",
        f"/f/vvnd/plan/{plan.pk}/",
        f"/f/vvnd/plan/{plan.pk}/budget/",
        "/f/vvnd/installningar/",  # a page the chair may not see: still the password first
        "/admin/",
    ):
        response = client.get(url)
        assert (response.status_code, response["Location"]) == (302, next_of(url)), url
    # A form posted anyway saves nothing.
    plans_before = Plan.objects.count()
    response = client.post("/f/vvnd/plan/ny/", {"year": 2031, "start": "blank"})
    assert (response.status_code, response["Location"]) == (302, CHANGE)
    assert Plan.objects.count() == plans_before


def test_the_password_page_says_why(newcomer):
    client = signed_in(*newcomer)
    response = client.get("/", follow=True)
    assert response.redirect_chain == [(CHANGE, 302)]
    assert messages_on(response) == [
        "Du har loggat in med ett engångslösenord. Välj ett eget lösenord innan du fortsätter."
    ]


def test_an_htmx_request_sends_the_whole_page_to_the_password_page(newcomer, vvnd):
    client = signed_in(*newcomer)
    response = client.get("/f/vvnd/", headers={"HX-Request": "true"})
    assert response["HX-Redirect"] == CHANGE  # not a password form swapped into a fragment


def test_logout_language_static_files_health_and_accessibility_stay_open(newcomer, settings):
    # WhiteNoise serves from the app folders here: a fresh clone has no collectstatic output
    settings.WHITENOISE_USE_FINDERS = True
    client = signed_in(*newcomer)
    assert client.get("/healthz/").status_code == 200
    assert client.get("/tillganglighet/").status_code == 200
    assert client.get(static("css/app.css")).status_code == 200
    response = client.post("/i18n/setlang/", {"language": "en", "next": CHANGE})
    assert (response.status_code, response["Location"]) == (302, CHANGE)
    assert client.cookies["django_language"].value == "en"
    assert client.get(CHANGE).status_code == 200
    response = client.post("/konto/logga-ut/")
    assert response.status_code == 302 and response["Location"] == "/konto/logga-in/"
    assert client.get("/f/vvnd/")["Location"].startswith("/konto/logga-in/")


def test_the_check_costs_no_query_of_its_own(newcomer, django_assert_num_queries):
    """The flag comes with the user MembershipBackend reads with the roles."""
    client = signed_in(*newcomer)
    client.get("/f/vvnd/")  # warm up
    with django_assert_num_queries(2):  # the session, the user with the roles
        response = client.get("/f/vvnd/")
    assert response["Location"] == next_of("/f/vvnd/")


# -- changing it ------------------------------------------------------------------------------


def test_changing_the_password_opens_the_pages_and_ends_the_one_time_password(newcomer):
    user, one_time = newcomer
    client = signed_in(user, one_time)
    response = client.post(
        CHANGE, {"old_password": one_time, "new_password1": OWN, "new_password2": OWN}
    )
    assert (response.status_code, response["Location"]) == (302, "/konto/losenord/klart/")
    user.refresh_from_db()
    assert not user.must_change_password
    # Still signed in, and the pages are open.
    assert client.get("/f/vvnd/").status_code == 200
    assert messages_on(client.get(CHANGE)) == []
    assert not Client().login(username=user.username, password=one_time)
    assert Client().login(username=user.username, password=OWN)


def test_the_one_time_password_cannot_be_kept(newcomer):
    user, one_time = newcomer
    client = signed_in(user, one_time)
    response = client.post(
        CHANGE, {"old_password": one_time, "new_password1": one_time, "new_password2": one_time}
    )
    assert response.status_code == 422
    assert "Välj ett annat lösenord än det du har nu." in response.content.decode()
    user.refresh_from_db()
    assert user.must_change_password
    assert client.get("/f/vvnd/")["Location"] == next_of("/f/vvnd/")


def test_a_wrong_current_password_changes_nothing(newcomer):
    user, one_time = newcomer
    client = signed_in(user, one_time)
    response = client.post(
        CHANGE, {"old_password": "fel", "new_password1": OWN, "new_password2": OWN}
    )
    assert response.status_code == 422
    user.refresh_from_db()
    assert user.must_change_password and user.check_password(one_time)


# -- and then on to where the user was going --------------------------------------------------


def change_password(client: Client, one_time: str, next_url: str | None = None):
    """Open "Byt lösenord" as the middleware sent the user there and post the form back as is."""
    page = client.get(CHANGE, {"next": next_url} if next_url else {})
    hidden = _HiddenNext()
    hidden.feed(page.content.decode())
    data = {"old_password": one_time, "new_password1": OWN, "new_password2": OWN}
    if hidden.value is not None:
        data["next"] = hidden.value
    return client.post(CHANGE, data)


class _HiddenNext(HTMLParser):
    """The hidden "next" field of the password form (the one posting back to the page itself;
    the language switch has a "next" of its own), None without one."""

    def __init__(self) -> None:
        super().__init__()
        self.value: str | None = None
        self._in_own_form = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self._in_own_form = "action" not in attrs
        elif self._in_own_form and tag == "input" and attrs.get("name") == "next":
            assert attrs.get("type") == "hidden"
            self.value = attrs.get("value")

    def handle_endtag(self, tag):
        if tag == "form":
            self._in_own_form = False


def test_a_newcomer_following_a_link_to_a_plan_gets_there_after_choosing_a_password(newcomer, vvnd):
    user, one_time = newcomer
    plan = Plan.objects.filter(association=vvnd).first()
    reading = f"/f/vvnd/plan/{plan.pk}/granskning/las/"
    client = Client()
    # The e-mail link, then the login (which keeps ?next=), then "Byt lösenord".
    to_login = client.get(reading)
    assert to_login["Location"] == f"/konto/logga-in/?next={reading}"
    response = client.post(
        "/konto/logga-in/", {"username": user.username, "password": one_time, "next": reading}
    )
    assert response["Location"] == reading
    response = client.get(reading)
    assert response["Location"] == next_of(reading)

    response = change_password(client, one_time, reading)
    assert (response.status_code, response["Location"]) == (302, reading)
    page = client.get(reading)
    assert page.status_code == 200
    assert "Lösenordet är bytt." in messages_on(page)
    user.refresh_from_db()
    assert not user.must_change_password


@pytest.mark.parametrize(
    "unsafe", ["https://evil.example/", "//evil.example/f/vvnd/", "javascript:alert(1)"]
)
def test_an_address_elsewhere_is_not_followed_after_the_change(newcomer, unsafe):
    user, one_time = newcomer
    client = signed_in(user, one_time)
    response = change_password(client, one_time, unsafe)
    assert (response.status_code, response["Location"]) == (302, "/konto/losenord/klart/")
    user.refresh_from_db()
    assert not user.must_change_password


def test_an_unsafe_next_posted_directly_is_ignored(newcomer):
    user, one_time = newcomer
    client = signed_in(user, one_time)
    response = client.post(
        CHANGE,
        {
            "old_password": one_time,
            "new_password1": OWN,
            "new_password2": OWN,
            "next": "https://evil.example/",
        },
    )
    assert (response.status_code, response["Location"]) == (302, "/konto/losenord/klart/")


def test_only_a_page_being_read_is_remembered(newcomer, vvnd):
    client = signed_in(*newcomer)
    response = client.post("/f/vvnd/plan/ny/", {"year": 2031, "start": "blank"})
    assert response["Location"] == CHANGE
