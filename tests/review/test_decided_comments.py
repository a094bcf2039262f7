"""Comments once the board has decided, the pages' links between a revision and the plan it
replaces, the names of the comment links and the confirmation after a comment (the board's
journey in Chromium)."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError

from budgets.services import budget_line_create
from plans.models import Plan
from plans.review import services
from plans.review.audit import is_plan_model
from plans.review.models import Comment
from tests.plans.test_superseded_plan_pages import _Page

DECIDED = "Planen är beslutad. Kommentarer tas emot på nästa revision."


def url(plan: Plan, rest: str = "") -> str:
    return f"/f/vvnd/plan/{plan.pk}/granskning/{rest}"


def _text(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.content.decode()).split())


@pytest.fixture
def decided_with_threads(draft, director, board_member, chair):
    """The draft sent to the board, with one thread resolved and one still open when the chair
    records the decision (confirming the open one)."""
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    settled = services.comment_add(user=board_member, plan=draft, body="Stämmer summan?")
    services.comment_resolve(user=director, comment=settled)
    still_open = services.comment_add(user=board_member, plan=draft, body="Varför ökar hyran?")
    services.plan_approve(
        user=chair,
        plan=draft,
        decision_date=date(2026, 11, 2),
        paragraph="39",
        acknowledge_open_comments=True,
        render_pdf=False,
    )
    draft.refresh_from_db()
    return draft, settled, still_open


# ---------------------------------------------------------------- 1. no comment form


def test_a_decided_plan_offers_no_comment_form_and_says_comments_are_closed(
    client_for, decided_with_threads
):
    plan, _settled, _open = decided_with_threads
    client = client_for("board")
    page = client.get(url(plan))
    assert "Kommentarerna är stängda." in _text(page)
    assert DECIDED in _text(page)
    html = page.content.decode()
    assert "<textarea" not in html and "kommentarer/ny/" not in html

    form = client.get(url(plan, "kommentarer/ny/"))  # e.g. an old link from the reading view
    assert form.status_code == 200
    assert "<textarea" not in form.content.decode()
    assert "Kommentarerna är stängda" in _text(form) and DECIDED in _text(form)


@pytest.mark.parametrize("body", ["", "Kan vi ändra detta?"])
def test_a_comment_posted_to_a_decided_plan_is_refused_for_the_decision_first(
    client_for, decided_with_threads, body
):
    plan, _settled, still_open = decided_with_threads
    client = client_for("board")
    before = list(Comment.objects.filter(plan=plan).values())
    response = client.post(url(plan, "kommentarer/ny/"), {"body": body})
    assert response.status_code == 403
    assert DECIDED in _text(response) and "Skriv en kommentar." not in _text(response)
    assert "<textarea" not in response.content.decode()

    answer = client.post(url(plan, f"kommentarer/{still_open.pk}/svar/"), {"body": body})
    assert [str(m) for m in get_messages(answer.wsgi_request)] == [DECIDED]
    assert list(Comment.objects.filter(plan=plan).values()) == before


def test_the_service_still_refuses_comments_on_a_decided_plan(decided_with_threads, board_member):
    plan, _settled, still_open = decided_with_threads
    for kwargs in ({"body": "Ny fråga"}, {"body": "", "parent": still_open}):
        with pytest.raises(ValidationError) as refused:
            services.comment_add(user=board_member, plan=plan, **kwargs)
        assert refused.value.messages == [DECIDED]


# ---------------------------------------------------------------- 2. open at the decision


def test_threads_open_at_the_decision_are_shown_so_and_not_counted_as_open(
    client_for, decided_with_threads
):
    plan, settled, still_open = decided_with_threads
    threads = services.review_threads(plan)
    assert threads.open == []
    assert [t.pk for t in threads.open_at_decision] == [still_open.pk]
    assert [t.pk for t in threads.resolved] == [settled.pk]
    assert services.open_comment_count(plan) == 0
    assert services.open_comment_counts(plan) == {}

    text = _text(client_for("director").get(url(plan)))
    assert "Kommentarer (1 öppen vid beslutet)" in text
    assert "(1 öppen)" not in text
    assert "En tråd var inte avklarad när styrelsen beslutade." in text
    assert "Varför ökar hyran? Inte avklarad vid beslutet." in text
    assert "Markera som klar" not in text and "Svara" not in text


def test_an_undecided_plan_counts_its_open_threads(draft, director, board_member):
    services.comment_add(user=board_member, plan=draft, body="Fråga")
    assert services.open_comment_count(draft) == 1
    threads = services.review_threads(draft)
    assert len(threads.open) == 1 and threads.open_at_decision == []


def test_a_thread_open_at_the_decision_stays_so(client_for, decided_with_threads, director):
    """Neither the service nor the page resolves or reopens a thread of a decided plan: the
    record shows what the chair confirmed as open. (Comments are not plan parts, so the freeze
    would allow the write; the rule is the review's own.)"""
    plan, settled, still_open = decided_with_threads
    assert not is_plan_model(Comment)
    for comment, resolved in ((still_open, True), (settled, False)):
        with pytest.raises(ValidationError):
            services.comment_resolve(user=director, comment=comment, resolved=resolved)
    client = client_for("director")
    before = list(Comment.objects.filter(plan=plan).values())
    for path in (f"kommentarer/{still_open.pk}/klar/", f"kommentarer/{settled.pk}/oppna/"):
        response = client.post(url(plan, path))
        assert {str(m) for m in get_messages(response.wsgi_request)} == {DECIDED}
    assert list(Comment.objects.filter(plan=plan).values()) == before


# ---------------------------------------------------------------- 3. and 4. revisions


@pytest.fixture
def revised(frozen, director, chair):
    """The approved plan (§ 39) superseded by its revision 2 (§ 12)."""
    second = services.plan_start_revision(user=director, plan=frozen)
    services.plan_send_to_board(user=director, plan=second, acknowledge_errors=True)
    second.refresh_from_db()
    services.plan_approve(
        user=chair, plan=second, decision_date=date(2026, 11, 20), paragraph="12", render_pdf=False
    )
    frozen.refresh_from_db()
    second.refresh_from_db()
    return frozen, second


def test_a_superseded_plans_review_page_names_and_links_the_revision_in_force(client_for, revised):
    first, second = revised
    page = _Page(client_for("board").get(url(first)).content)
    assert (url(second), "revision 2 (Beslutad av styrelsen 2026-11-20, § 12)") in page.links
    assert any(
        p.startswith("Planen är ersatt av revision 2 (Beslutad av styrelsen 2026-11-20, § 12)")
        for p in page.paragraphs
    ), page.paragraphs


def test_a_revisions_overview_links_the_revision_it_replaces(client_for, revised):
    first, second = revised
    html = client_for("board").get(f"/f/vvnd/plan/{second.pk}/").content.decode()
    page = _Page(html)
    expected = (f"/f/vvnd/plan/{first.pk}/", "Revision 1 (Beslutad av styrelsen 2026-11-02, § 39)")
    assert expected in page.links
    assert re.search(r"<dt>Ersätter</dt><dd><a ", html)
    assert "Ersätter" not in client_for("board").get(f"/f/vvnd/plan/{first.pk}/").content.decode()


# ---------------------------------------------------------------- 5. link names


def test_each_comment_link_names_the_kind_of_part(client_for, draft):
    """An intervention and a budget line of the same name (VärNa's MGT) had the same link."""
    draft.interventions.update(name="Myndighetsgemensamma teamet (MGT)")  # set-up of a draft
    budget_line_create(
        user=None,
        plan=draft,
        group="individual",
        name="Myndighetsgemensamma teamet (MGT)",
        amounts=(400_000, 400_000, 400_000),
    )
    names = [
        text
        for _href, text in _Page(client_for("board").get(url(draft, "las/")).content).links
        if text.startswith("Kommentera")
    ]
    assert "Kommentera insatsen – Myndighetsgemensamma teamet (MGT)" in names
    assert "Kommentera budgetraden – Myndighetsgemensamma teamet (MGT)" in names
    assert "Kommentera avsnittet – Inledning" in names
    assert "Kommentera målet – Fler i arbete" in names
    assert len(names) == len(set(names)), names


# ---------------------------------------------------------------- 6. the confirmation


def _status_of(response, client) -> tuple[str, str]:
    """The redirect's fragment and the page it leads to."""
    location = response["Location"]
    path, _hash, fragment = location.partition("#")
    return fragment, client.get(path).content.decode()


def test_the_confirmation_is_where_the_page_lands_after_a_comment(client_for, draft, director):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    client = client_for("board")
    response = client.post(url(draft, "kommentarer/ny/"), {"body": "Hur mäts detta?"})
    comment = Comment.objects.get(body="Hur mäts detta?")
    fragment, html = _status_of(response, client)
    assert fragment == f"kommentar-{comment.pk}-status"
    notice = re.search(rf'<p [^>]*id="{fragment}"[^>]*>([^<]*)</p>', html)
    assert notice and notice.group(1) == "Din kommentar är sparad."
    assert 'role="status" tabindex="-1"' in notice.group(0)
    # Inside the new comment's thread, and not a second time at the top of the page.
    thread = html[html.index(f'id="kommentar-{comment.pk}"') :]
    assert thread.index(fragment) < thread.index("Hur mäts detta?")
    assert html.count("Din kommentar är sparad.") == 1
    assert "Din kommentar är sparad." not in client.get(url(draft)).content.decode()  # once


def test_an_answer_and_a_resolution_are_confirmed_in_their_thread(
    client_for, draft, director, board_member
):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    thread = services.comment_add(user=board_member, plan=draft, body="Fråga")
    client = client_for("director")
    for path, data, said in (
        (f"kommentarer/{thread.pk}/svar/", {"body": "Svar"}, "Ditt svar är sparat."),
        (f"kommentarer/{thread.pk}/klar/", {}, "Tråden är markerad som klar."),
    ):
        fragment, html = _status_of(client.post(url(draft, path), data), client)
        assert fragment == f"kommentar-{thread.pk}-status"
        assert re.search(rf'id="{fragment}"[^>]*>{said}</p>', html), said
    # The resolved thread is shown with its confirmation, not folded away.
    assert '<details class="resolved-comments" open>' in html
    assert '<details class="resolved-comments">' in client.get(url(draft)).content.decode()


def test_an_empty_answer_is_still_said_at_the_top(client_for, draft, director, board_member):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    thread = services.comment_add(user=board_member, plan=draft, body="Fråga")
    client = client_for("director")
    response = client.post(url(draft, f"kommentarer/{thread.pk}/svar/"), {"body": ""})
    assert response["Location"].endswith(f"#kommentar-{thread.pk}")
    html = client.get(url(draft)).content.decode()
    assert re.search(r'class="messages" role="status">\s*<p class="message message--error">', html)


# ---------------------------------------------------------------- 7. a superseded plan


def _superseded_reason(revision_under_way: int | None) -> str:
    replaced = "Planen är ersatt av revision 2 (Beslutad av styrelsen 2026-11-20, § 12)"
    if revision_under_way is None:
        return f"{replaced}, som också är beslutad. Kommentarer tas emot på nästa revision."
    return (
        f"{replaced}. Kommentarer tas emot på revision {revision_under_way}, "
        "som inte är beslutad än."
    )


@pytest.fixture
def superseded(decided_with_threads, director, chair):
    """The decided plan (§ 39, one thread open at the decision) superseded by its revision 2
    (§ 12): the first plan, the revision in force and the open thread."""
    first, _settled, still_open = decided_with_threads
    second = services.plan_start_revision(user=director, plan=first)
    services.plan_send_to_board(user=director, plan=second, acknowledge_errors=True)
    second.refresh_from_db()
    services.plan_approve(
        user=chair, plan=second, decision_date=date(2026, 11, 20), paragraph="12", render_pdf=False
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == Plan.Status.SUPERSEDED
    return first, second, still_open


def _revision_under_way(second: Plan, director, sent: bool) -> Plan:
    third = services.plan_start_revision(user=director, plan=second)
    if sent:
        services.plan_send_to_board(user=director, plan=third, acknowledge_errors=True)
        third.refresh_from_db()
    return third


def test_a_superseded_plan_says_it_is_replaced_by_the_decided_revision_in_force(
    superseded, board_member
):
    first, second, still_open = superseded
    closed = services.comments_closed(first)
    assert closed.reason == _superseded_reason(None)
    assert (closed.in_force, closed.open_revision) == (second, None)
    # The revision in force is a decided plan like any other.
    assert services.comments_closed_reason(second) == DECIDED
    for kwargs in ({"body": "Ny fråga"}, {"body": "Svar", "parent": still_open}):
        with pytest.raises(ValidationError) as refused:
            services.comment_add(user=board_member, plan=first, **kwargs)
        assert refused.value.messages == [_superseded_reason(None)]


@pytest.mark.parametrize("sent", [True, False], ids=["in-review", "draft"])
def test_a_superseded_plan_sends_comments_to_the_revision_under_way(
    superseded, director, board_member, sent
):
    first, second, still_open = superseded
    third = _revision_under_way(second, director, sent)
    closed = services.comments_closed(first)
    assert closed.reason == _superseded_reason(3)
    assert (closed.in_force, closed.open_revision) == (second, third)
    # The plan in force points to the revision under way too.
    assert services.comments_closed_reason(second) == _in_force_reason(3)
    with pytest.raises(ValidationError) as refused:
        services.comment_resolve(user=director, comment=still_open)
    assert refused.value.messages == [_superseded_reason(3)]
    # Where the reason sends the reader, the comment is taken.
    services.comment_add(user=board_member, plan=third, body="Gäller detta från mars?")


def _in_force_reason(revision_under_way: int) -> str:
    return (
        f"Planen är beslutad. Kommentarer tas emot på revision {revision_under_way}, "
        "som inte är beslutad än."
    )


@pytest.mark.parametrize("sent", [True, False], ids=["in-review", "draft"])
def test_the_plan_in_force_sends_comments_to_its_revision_under_way(
    client_for, decided_with_threads, director, board_member, sent
):
    """It said "Kommentarer tas emot på nästa revision" with the next revision already under
    way and no link to it; a superseded plan already pointed to it."""
    first, _settled, still_open = decided_with_threads
    assert services.comments_closed(first).open_revision is None  # none under way yet
    second = _revision_under_way(first, director, sent)
    closed = services.comments_closed(first)
    assert closed.reason == _in_force_reason(2)
    assert (closed.in_force, closed.open_revision) == (None, second)
    with pytest.raises(ValidationError) as refused:
        services.comment_add(user=board_member, plan=first, body="Ny fråga")
    assert refused.value.messages == [_in_force_reason(2)]

    to_comment = (f"{url(second)}#kommentarer", "Kommentera revision 2")
    client = client_for("board")
    for path in ("", "kommentarer/ny/"):
        response = client.get(url(first, path))
        page = _Page(response.content)
        assert _in_force_reason(2) in " ".join(page.paragraphs), path
        assert to_comment in page.links, path
        # it is itself the plan in force: no link to "the plan in force"
        assert not any(text.startswith("Läs den gällande planen") for _h, text in page.links)
        assert "<textarea" not in response.content.decode()
    answer = client.post(url(first, f"kommentarer/{still_open.pk}/svar/"), {"body": "Svar"})
    assert [str(m) for m in get_messages(answer.wsgi_request)] == [_in_force_reason(2)]
    # An auditor reads but neither comments nor opens an undecided revision.
    auditor = _Page(client_for("auditor").get(url(first)).content)
    assert to_comment not in auditor.links
    # Where the reason sends the reader, the comment is taken.
    services.comment_add(user=board_member, plan=second, body="Gäller detta från mars?")


def test_a_superseded_plans_pages_link_to_where_comments_go_now(client_for, superseded, director):
    first, second, _still_open = superseded
    to_read = (url(second, "las/"), "Läs den gällande planen (revision 2)")
    client = client_for("board")
    for path in ("", "kommentarer/ny/"):
        page = _Page(client.get(url(first, path)).content)
        assert _superseded_reason(None) in " ".join(page.paragraphs), path
        assert to_read in page.links and not any(
            text.startswith("Kommentera revision") for _href, text in page.links
        ), path

    third = _revision_under_way(second, director, sent=True)
    to_comment = (f"{url(third)}#kommentarer", "Kommentera revision 3")
    for path in ("", "kommentarer/ny/"):
        response = client.get(url(first, path))
        page = _Page(response.content)
        assert _superseded_reason(3) in " ".join(page.paragraphs), path
        assert to_comment in page.links and to_read in page.links, path
        assert "<textarea" not in response.content.decode()
    # An auditor reads but neither comments nor opens an undecided revision.
    auditor = _Page(client_for("auditor").get(url(first)).content)
    assert to_read in auditor.links and to_comment not in auditor.links


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
def test_writes_to_a_superseded_plans_comments_are_refused_with_where_to_go(
    client_for, superseded, director, htmx
):
    first, second, still_open = superseded
    third = _revision_under_way(second, director, sent=True)
    reason = _superseded_reason(3)
    headers = {"HX-Request": "true"} if htmx else {}
    client = client_for("board")
    before = list(Comment.objects.filter(plan=first).values())

    response = client.post(url(first, "kommentarer/ny/"), {"body": "Fråga"}, headers=headers)
    assert response.status_code == 403
    page = _Page(response.content)
    assert reason in page.paragraphs
    assert (f"{url(third)}#kommentarer", "Kommentera revision 3") in page.links
    assert "<textarea" not in response.content.decode()

    for path, data in (
        (f"kommentarer/{still_open.pk}/svar/", {"body": "Svar"}),
        (f"kommentarer/{still_open.pk}/klar/", {}),
    ):
        response = client.post(url(first, path), data, headers=headers)
        assert [str(m) for m in get_messages(response.wsgi_request)] == [reason], path
        # The thread it lands on is on the page that links to where comments go now.
        landed = _Page(client.get(response["Location"]).content)
        assert (f"{url(third)}#kommentarer", "Kommentera revision 3") in landed.links, path
    assert list(Comment.objects.filter(plan=first).values()) == before
