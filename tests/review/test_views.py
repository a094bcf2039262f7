"""Review pages: reading view, comments, the decision form, what changed; query counts."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import User
from plans.models import Goal, Intervention, Plan, Section
from plans.review import services
from plans.review.models import Comment, ReadReceipt


def url(plan: Plan, rest: str = "") -> str:
    return f"/f/vvnd/plan/{plan.pk}/granskning/{rest}"


def test_reading_view_records_board_readers_only(client_for, draft, role_user):
    board = client_for("board")
    assert board.get(url(draft, "las/")).status_code == 200
    assert ReadReceipt.objects.filter(plan=draft, user=role_user("board")).exists()
    client_for("director").get(url(draft, "las/"))
    assert not ReadReceipt.objects.filter(plan=draft, user=role_user("director")).exists()
    page = client_for("director").get(url(draft)).content.decode()
    assert "Vem har läst planen" in page


def test_reading_view_never_renders_unsanitised_html(client_for, draft):
    Section.objects.create(
        plan=draft, title="Farlig", body='<p onclick="x()">Hej</p><script>alert(1)</script>'
    )
    page = client_for("board").get(url(draft, "las/")).content.decode()
    assert "Hej" in page and "<script>alert" not in page and "onclick" not in page


def test_comment_on_a_part_of_the_plan(client_for, draft):
    client = client_for("board")
    goal = draft.goals.get()
    form = client.get(url(draft, "kommentarer/ny/"), {"typ": "goal", "id": goal.pk})
    assert "Fler i arbete" in form.content.decode()
    response = client.post(
        url(draft, "kommentarer/ny/"),
        {"body": "Hur mäts detta?", "target_kind": "goal", "target_id": goal.pk},
    )
    assert response.status_code == 302
    comment = Comment.objects.get(plan=draft, body="Hur mäts detta?")
    assert comment.target_id == goal.pk and comment.target_type.model == "goal"
    page = client.get(url(draft)).content.decode()
    assert "Hur mäts detta?" in page and "1 öppen" in page


def test_comment_on_another_plans_object_is_refused(client_for, draft, vvnd):
    other = Section.objects.create(plan=Plan.objects.create(association=vvnd, year=2038), title="x")
    client = client_for("board")
    response = client.post(
        url(draft, "kommentarer/ny/"),
        {"body": "Smyg", "target_kind": "section", "target_id": other.pk},
    )
    assert response.status_code == 422
    assert "finns inte i planen" in response.content.decode()
    assert not Comment.objects.filter(body="Smyg").exists()


def test_decision_form_errors_are_swedish_and_save_nothing(client_for, draft, director):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    client = client_for("chair")
    response = client.post(url(draft, "beslut/"), {})
    assert response.status_code == 422
    assert "Ange sammanträdesdatum." in response.content.decode()
    not_pdf = SimpleUploadedFile("protokoll.pdf", b"GIF89a", content_type="application/pdf")
    response = client.post(
        url(draft, "beslut/"),
        {"decision_date": "2026-11-02", "paragraph": "39", "minutes": not_pdf},
    )
    assert "Protokollet måste vara en PDF-fil." in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Plan.Status.REVIEW
    response = client.post(
        url(draft, "beslut/"), {"decision_date": "2026-11-02", "paragraph": "§ 39"}
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.decision_paragraph) == ("approved", "39")


def test_what_changed_page(client_for, draft, vvnd):
    newer = services.copy_plan(draft, year=2032, previous_id=draft.pk, status="draft")
    s = newer.sections.get()
    s.body = "<p>Förbundet arbetar för alla <b>invånare</b>.</p>"
    s.save()
    page = client_for("board").get(url(newer, "andringar/")).content.decode()
    assert "[borttaget: </span>alla.<" in page and "[tillagt: </span>alla invånare.<" in page
    chosen = client_for("board").get(url(newer, "andringar/"), {"mot": draft.pk})
    assert chosen.status_code == 200


def _grow(plan: Plan, n: int, board) -> None:
    for k in range(n):
        s = Section.objects.create(plan=plan, title=f"Avsnitt {k}", body=f"<p>Text {k}</p>")
        i = Intervention.objects.create(plan=plan, name=f"Insats {k}", kind="structural")
        Goal.objects.create(plan=plan, level="activity", text=f"Mål {k}")
        c = services.comment_add(
            user=board, plan=plan, body=f"Fråga {k}", target_kind="section", target_id=s.pk
        )
        services.comment_add(user=board, plan=plan, body="Svar", parent=c)
        del i


# Not "page": that name is pytest-playwright's fixture, and borrowing it made these tests
# browser-parametrised, which let pytest move other tests behind the live-server ones.
@pytest.mark.parametrize("subpage", ["", "las/", "andringar/", "logg/"])
def test_query_count_does_not_grow_with_rows(client_for, draft, role_user, subpage):
    board = role_user("board")
    client = client_for("director")

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url(draft, subpage)).status_code == 200
        return len(ctx.captured_queries)

    _grow(draft, 3, board)
    client.get(url(draft, subpage))  # warm caches (content types)
    at_n = count()
    _grow(draft, 6, board)
    assert count() == at_n


def test_decision_page_tells_the_chair_what_is_still_open(client_for, draft, director):
    """Open comments: tests/review/test_decision_open_comments.py."""
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    page = client_for("chair").get(url(draft, "beslut/")).content.decode()
    assert "kommentarstråd" not in page
    open_checks = len(services.plan_checks_for_board(draft))
    assert open_checks and f"{open_checks} punkt" in page and "kontroll återstår</a>." in page
    assert "Beslutet kan ändå registreras" in page  # the checks do not stop the decision


def test_sending_the_decision_again_says_it_is_already_recorded(client_for, draft, director):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    chair = client_for("chair")
    data = {"decision_date": "2026-11-02", "paragraph": "§ 39"}
    assert chair.post(url(draft, "beslut/"), data).status_code == 302
    again = chair.post(url(draft, "beslut/"), data)  # the back button, and "Skicka" again
    html = again.content.decode()
    assert "Beslutet är redan registrerat" in html
    assert "måste ha skickats till styrelsen" not in html


def test_the_decision_link_is_offered_to_the_chair_only_while_the_board_has_the_plan(
    client_for, draft, director
):
    decision = f'href="{url(draft, "beslut/")}"'
    assert decision not in client_for("chair").get(url(draft)).content.decode()  # a draft
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    assert decision in client_for("chair").get(url(draft)).content.decode()
    assert decision not in client_for("board").get(url(draft)).content.decode()


def test_sending_to_the_board_counts_one_member_in_the_singular(
    client, draft, director, board_member, chair
):
    # board_member has an address, the chair none; so has the demo's board none here.
    board = {u.pk for u in services.board_recipients(draft)} - {board_member.pk}
    User.objects.filter(pk__in=board).update(email="")
    client.force_login(director)
    response = client.post(url(draft, "skicka/"), {"acknowledge_errors": "on"}, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith(
        "Planen är skickad till styrelsen. 1 person i styrelsen har fått e-post. "
    )


def test_the_demo_director_sending_to_the_board_mails_the_demo_board(
    client, draft, django_capture_on_commit_callbacks, mailoutbox
):
    """The demo's board has addresses: the director is told how many were mailed, counted as
    people in the board (the chair, Per Ek, is one of them: "2 ledamöter" miscounted him)."""
    client.force_login(User.objects.get(username="chef"))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(draft, "skicka/"), {"acknowledge_errors": "on"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "Planen är skickad till styrelsen. 2 personer i styrelsen har fått e-post."
    ]
    assert sorted(m.to[0] for m in mailoutbox) == ["per.ek@example.se", "sara.holm@example.se"]
    assert all(f"/f/vvnd/plan/{draft.pk}/granskning/las/" in m.body for m in mailoutbox)


@pytest.mark.parametrize("without", [0, 1])
def test_the_mail_count_is_said_in_english_with_its_number(client, draft, without):
    """The chair is mailed with the members: the count is of people on the board."""
    from tests.i18n.test_english import switch_to_english

    chair = User.objects.get(username="ordforande")
    if without:
        User.objects.filter(pk=chair.pk).update(email="")
    client.force_login(User.objects.get(username="chef"))
    switch_to_english(client)
    response = client.post(url(draft, "skicka/"), {"acknowledge_errors": "on"}, follow=True)
    [message] = [str(m) for m in response.context["messages"]]
    expected = {
        0: "The plan has been sent to the board. 2 people on the board have been emailed.",
        1: "The plan has been sent to the board. 1 person on the board has been emailed.",
    }[without]
    assert message.startswith(expected)
