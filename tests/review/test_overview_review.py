"""The plan overview says where the board's reading stands while the plan awaits a decision
(DESIGN §6: status, who has read it, open comments)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from members.models import Membership
from members.roles import Role
from plans.models import Plan
from plans.review import services

pytestmark = pytest.mark.django_db


def overview(user, plan: Plan) -> str:
    client = Client()
    client.force_login(user)
    url = reverse("plans:overview", kwargs={"assoc": plan.association.slug, "plan_id": plan.pk})
    response = client.get(url)
    assert response.status_code == 200
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


def test_a_draft_has_no_review_block(draft, director):
    assert "Styrelsens granskning" not in overview(director, draft)


def test_the_director_sees_who_has_read_and_the_open_comments(draft, director, board_member):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    board = Membership.objects.filter(
        association=draft.association, role__in=[Role.BOARD, Role.CHAIR]
    ).count()
    services.read_receipt_record(user=board_member, plan=draft)
    services.comment_add(user=board_member, plan=draft, body="Hur räknas adminandelen?")

    text = overview(director, draft)
    assert f"1 av {board} i styrelsen har läst planen (inte än:" in text
    not_read = text.split("(inte än:")[1].split(")")[0]
    assert str(board_member) not in not_read
    assert "1 öppen kommentar." in text
    assert "Till granskningen: kommentarer, läsning och beslut" in text


def test_a_board_member_sees_the_comments_but_not_who_has_read(draft, director, board_member):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    text = overview(board_member, draft)
    assert "0 öppna kommentarer." in text
    assert "har läst planen" not in text


def test_a_decided_plan_has_no_review_block(frozen, director):
    assert "Styrelsens granskning" not in overview(director, frozen)
