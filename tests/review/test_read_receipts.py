"""Who has read the plan: recording the board's decision or commenting on the plan is proof of
having had it in front of you (found in review: the chair who recorded the approval without
opening the reading view was listed as "Läst: Inte än")."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from plans.models import Plan
from plans.review import services
from plans.review.models import ReadReceipt
from tests.indicators.html import table

pytestmark = pytest.mark.django_db


def has_read(plan: Plan) -> dict[str, bool]:
    return {r.user.username: r.has_read for r in services.read_status(plan)}


def test_the_chair_who_records_the_decision_has_read_the_plan(draft, director, chair):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    decided_on = draft.version
    before = timezone.now()
    services.plan_approve(
        user=chair, plan=draft, decision_date=date(2026, 11, 2), paragraph="§ 39", render_pdf=False
    )
    after = timezone.now()

    receipt = ReadReceipt.objects.get(plan=draft, user=chair)
    assert before <= receipt.first_read_at <= after  # the time the decision was recorded
    assert receipt.plan_version == decided_on  # the version the board decided
    assert has_read(draft)[chair.username] is True


def test_a_chair_who_read_the_plan_before_keeps_the_first_reading(draft, director, chair):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    first = services.read_receipt_record(user=chair, plan=draft)
    services.plan_approve(
        user=chair, plan=draft, decision_date=date(2026, 11, 2), paragraph="§ 39", render_pdf=False
    )
    assert ReadReceipt.objects.get(plan=draft, user=chair).first_read_at == first.first_read_at


def test_a_board_member_who_comments_has_read_the_plan(draft, director, board_member):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    assert has_read(draft)[board_member.username] is False
    comment = services.comment_add(user=board_member, plan=draft, body="Bra förslag.")

    receipt = ReadReceipt.objects.get(plan=draft, user=board_member)
    assert abs(receipt.first_read_at - comment.created_at).total_seconds() < 5
    assert has_read(draft)[board_member.username] is True
    # The director is not among the readers the board's list counts: no receipt for them.
    services.comment_add(user=director, plan=draft, body="Tack, jag ändrar.")
    assert not ReadReceipt.objects.filter(plan=draft, user=director).exists()


def test_a_refused_decision_is_no_proof_of_reading(draft, director, chair):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    with pytest.raises(ValidationError):
        services.plan_approve(
            user=chair, plan=draft, decision_date=None, paragraph="", render_pdf=False
        )
    assert not ReadReceipt.objects.filter(plan=draft, user=chair).exists()


def test_the_review_page_lists_the_chair_who_recorded_the_decision_as_having_read_it(
    client_for, draft, director, role_user
):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    chair = client_for("chair")
    response = chair.post(
        f"/f/vvnd/plan/{draft.pk}/granskning/beslut/",
        {"decision_date": "2026-11-02", "paragraph": "§ 39"},
    )
    assert response.status_code == 302
    page = client_for("director").get(f"/f/vvnd/plan/{draft.pk}/granskning/")
    rows = table(page.content, "Styrelsens läsning av planen")
    name = str(role_user("chair"))
    chair_row = next(r for r in rows if r[0] == name)
    receipt = ReadReceipt.objects.get(plan=draft, user=role_user("chair"))
    local = timezone.localtime(receipt.first_read_at)
    assert chair_row[2] == local.strftime("%Y-%m-%d %H:%M")


def test_a_board_member_who_settles_a_thread_has_read_the_plan(draft, director, board_member):
    """Resolving (or reopening) a thread is acting on the plan as an answer is: a receipt
    for a board member or the chair, none for the director, who is not among the readers."""
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    question = services.comment_add(user=director, plan=draft, body="Är hyran rätt?")
    services.comment_resolve(user=director, comment=question)
    assert not ReadReceipt.objects.filter(plan=draft).exists()
    assert has_read(draft)[board_member.username] is False

    before = timezone.now()
    services.comment_resolve(user=board_member, comment=question, resolved=False)
    receipt = ReadReceipt.objects.get(plan=draft, user=board_member)
    assert receipt.first_read_at >= before
    assert has_read(draft)[board_member.username] is True
    services.comment_resolve(user=board_member, comment=question)  # the first reading stays
    assert ReadReceipt.objects.get(plan=draft, user=board_member).first_read_at == (
        receipt.first_read_at
    )


def test_a_refused_resolve_is_no_proof_of_reading(draft, director, chair, board_member):
    """A thread on a decided plan stays as it was, and the board member is not listed."""
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    question = services.comment_add(user=director, plan=draft, body="Är hyran rätt?")
    services.plan_approve(
        user=chair,
        plan=draft,
        decision_date=date(2026, 11, 2),
        paragraph="§ 39",
        acknowledge_open_comments=True,
        render_pdf=False,
    )
    draft.refresh_from_db()
    question.refresh_from_db()
    with pytest.raises(ValidationError):
        services.comment_resolve(user=board_member, comment=question)
    assert not ReadReceipt.objects.filter(plan=draft, user=board_member).exists()
