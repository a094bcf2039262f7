"""The chair is told about open comment threads before recording the decision, and confirms
recording it all the same (found in review: the approval went through with questions open and
nothing on the form said so)."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from django.core.exceptions import ValidationError

from plans.models import Plan
from plans.review import services

pytestmark = pytest.mark.django_db

DECISION = {"decision_date": "2026-11-02", "paragraph": "§ 39"}


def url(plan: Plan, rest: str = "") -> str:
    return f"/f/vvnd/plan/{plan.pk}/granskning/{rest}"


class _Links(HTMLParser):
    """(href, text) of every link inside <main>."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._main = False
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self._main = True
        elif tag == "a" and self._main:
            self._href, self._text = dict(attrs).get("href", ""), []

    def handle_endtag(self, tag):
        if tag == "main":
            self._main = False
        elif tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)


def links(html: str) -> list[tuple[str, str]]:
    parser = _Links()
    parser.feed(html)
    return parser.links


def comment_twice(plan: Plan, user) -> list:
    section = plan.sections.first()
    return [
        services.comment_add(
            user=user, plan=plan, body=text, target_kind="section", target_id=section.pk
        )
        for text in ("Stämmer summan?", "Saknas en rubrik?")
    ]


@pytest.fixture
def in_review(draft, director) -> Plan:
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    return draft


def test_without_open_comments_the_form_asks_for_no_confirmation(client_for, in_review):
    chair = client_for("chair")
    response = chair.get(url(in_review, "beslut/"))
    assert "acknowledge_open_comments" not in response.context["form"].fields
    assert not [text for _href, text in links(response.content.decode()) if "kommentar" in text]
    assert chair.post(url(in_review, "beslut/"), DECISION).status_code == 302
    in_review.refresh_from_db()
    assert in_review.status == Plan.Status.APPROVED


def test_open_comments_are_counted_with_a_link_and_must_be_confirmed(
    client_for, in_review, role_user
):
    comment_twice(in_review, role_user("board"))
    chair = client_for("chair")
    response = chair.get(url(in_review, "beslut/"))
    assert (url(in_review) + "#kommentarer", "2 kommentarstrådar är inte avklarade") in links(
        response.content.decode()
    )
    field = response.context["form"]["acknowledge_open_comments"]
    assert field.label == "Registrera beslutet trots att 2 kommentarstrådar inte är avklarade"
    assert field.field.required

    refused = chair.post(url(in_review, "beslut/"), DECISION)
    assert refused.status_code == 422
    assert refused.context["form"].errors["acknowledge_open_comments"] == [
        "Kryssa i att beslutet registreras trots de öppna kommentarerna, eller markera dem som "
        "klara först."
    ]
    in_review.refresh_from_db()
    assert in_review.status == Plan.Status.REVIEW

    confirmed = chair.post(
        url(in_review, "beslut/"), {**DECISION, "acknowledge_open_comments": "on"}
    )
    assert confirmed.status_code == 302
    in_review.refresh_from_db()
    assert (in_review.status, in_review.decision_paragraph) == (Plan.Status.APPROVED, "39")


def test_a_comment_made_while_the_form_was_open_stops_the_decision(
    client_for, in_review, role_user
):
    chair = client_for("chair")
    assert (
        "acknowledge_open_comments"
        not in chair.get(url(in_review, "beslut/")).context["form"].fields
    )
    services.comment_add(user=role_user("board"), plan=in_review, body="Hur räknades detta?")
    response = chair.post(url(in_review, "beslut/"), DECISION)  # the form without the box
    assert response.status_code == 422
    assert response.context["form"].errors["acknowledge_open_comments"]
    assert "1 kommentarstråd är inte avklarad" in [t for _h, t in links(response.content.decode())]
    in_review.refresh_from_db()
    assert in_review.status == Plan.Status.REVIEW


def test_resolved_threads_need_no_confirmation(client_for, in_review, role_user, director):
    for comment in comment_twice(in_review, role_user("board")):
        services.comment_resolve(user=director, comment=comment)
    chair = client_for("chair")
    assert (
        "acknowledge_open_comments"
        not in chair.get(url(in_review, "beslut/")).context["form"].fields
    )
    assert chair.post(url(in_review, "beslut/"), DECISION).status_code == 302


def test_the_service_refuses_unconfirmed_open_comments_whoever_calls_it(
    in_review, chair, board_member
):
    services.comment_add(user=board_member, plan=in_review, body="Varför ökar hyran?")
    decision = {"decision_date": date(2026, 11, 2), "paragraph": "39", "render_pdf": False}
    with pytest.raises(ValidationError) as refused:
        services.plan_approve(user=chair, plan=in_review, **decision)
    assert set(refused.value.message_dict) == {"acknowledge_open_comments"}
    in_review.refresh_from_db()
    assert in_review.status == Plan.Status.REVIEW
    services.plan_approve(user=chair, plan=in_review, acknowledge_open_comments=True, **decision)
    in_review.refresh_from_db()
    assert in_review.status == Plan.Status.APPROVED
