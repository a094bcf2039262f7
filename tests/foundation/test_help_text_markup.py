"""Help text is valid HTML: the password rules are a list, and a list inside a <p> is invalid
(browsers end the paragraph before the list, so the help's id and aria-describedby point at an
empty paragraph and screen readers read the rules as loose content). Parsed with a tokenizer
that does not repair the markup, as the browser's HTML5 parser would."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.test import Client

from members.models import User
from members.roles import Role
from members.services import role_grant
from tests.conftest import DEMO_PASSWORD

pytestmark = pytest.mark.django_db

CHANGE = "/konto/losenord/"
BLOCKS = {"ul", "ol", "li", "div", "p", "table", "dl", "section", "h1", "h2", "h3", "h4"}


class _Markup(HTMLParser):
    """Block elements opened inside an open <p>; text and ids of every element with an id."""

    def __init__(self) -> None:
        super().__init__()
        self.block_in_p: list[str] = []
        self.open_p = 0
        self.described_by: dict[str, str] = {}  # input name → aria-describedby
        self.text_by_id: dict[str, list[str]] = {}
        self._ids: list[tuple[str, str]] = []  # (tag, id) of open elements with an id
        self.tags_by_id: dict[str, list[str]] = {}

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag in BLOCKS and self.open_p:
            self.block_in_p.append(f"<{tag}> in <p> ({self.getpos()})")
        if tag == "p":
            self.open_p += 1
        if tag == "input" and a.get("name"):
            self.described_by[a["name"]] = a.get("aria-describedby") or ""
        for _tag, open_id in self._ids:
            self.tags_by_id[open_id].append(tag)
        if a.get("id") and tag != "input":
            self._ids.append((tag, a["id"]))
            self.text_by_id[a["id"]] = []
            self.tags_by_id[a["id"]] = []

    def handle_endtag(self, tag):
        if tag == "p" and self.open_p:
            self.open_p -= 1
        if self._ids and self._ids[-1][0] == tag:
            self._ids.pop()

    def handle_data(self, data):
        for _tag, open_id in self._ids:
            self.text_by_id[open_id].append(data)


def _parse(html: str) -> _Markup:
    parser = _Markup()
    parser.feed(html)
    parser.close()
    return parser


def _assert_rules_in_a_described_block(html: str) -> None:
    markup = _parse(html)
    assert markup.block_in_p == []
    help_id = markup.described_by["new_password1"]
    assert help_id  # the field names its help
    for one in help_id.split():
        assert one in markup.text_by_id, one
    rules = next(i for i in help_id.split() if i.endswith("_helptext"))
    assert "li" in markup.tags_by_id[rules]  # the list of rules is inside the described element
    assert "minst 10 tecken" in "".join(markup.text_by_id[rules])


def test_the_password_change_page_has_no_list_inside_a_paragraph(client_for):
    response = client_for("director").get(CHANGE)
    assert response.status_code == 200
    _assert_rules_in_a_described_block(response.content.decode())


def test_the_password_change_page_with_errors_has_no_list_inside_a_paragraph(client_for):
    response = client_for("director").post(
        CHANGE,
        {"old_password": DEMO_PASSWORD, "new_password1": "kort", "new_password2": "kort"},
    )
    assert response.status_code == 422
    _assert_rules_in_a_described_block(response.content.decode())


def test_the_set_password_page_after_a_one_time_password_has_no_list_inside_a_paragraph(vvnd):
    """The page a new login must pass first: choosing one's own password."""
    membership, password = role_grant(association=vvnd, username="eva.lind", role=Role.CHAIR)
    user: User = membership.user
    assert user.must_change_password
    client = Client()
    assert client.login(username=user.username, password=password)
    response = client.get("/", follow=True)
    assert response.redirect_chain[-1][0].startswith(CHANGE)
    html = response.content.decode()
    assert "engångslösenord" in html
    _assert_rules_in_a_described_block(html)
