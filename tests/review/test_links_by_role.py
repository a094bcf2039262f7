"""Pages offer only links the reader may follow: no path ends on a refusal."""

from __future__ import annotations

import re

from django.core.cache import cache

from finsam.access import can_open
from plans.models import Plan
from plans.review import services


def links(html: str) -> set[str]:
    return set(re.findall(r'href="(/f/[^"#?]+)', html))


def test_auditor_is_not_shown_a_draft_revision(client_for, frozen, director):
    revision = services.copy_plan(
        frozen, revision=frozen.revision + 1, revises_id=frozen.pk, status="draft"
    )
    page = client_for("auditor").get(f"/f/vvnd/plan/{frozen.pk}/granskning/").content.decode()
    assert f"/plan/{revision.pk}/" not in page
    page = client_for("board").get(f"/f/vvnd/plan/{frozen.pk}/granskning/").content.decode()
    assert f"/plan/{revision.pk}/" in page  # the board reads drafts


def test_every_link_on_a_readers_plan_pages_opens_for_them(client_for, draft):
    cache.clear()
    for role in ("board", "finance"):
        client = client_for(role)
        for page in ("", "granskning/", "indikatorer/", "budget/", "export/"):
            response = client.get(f"/f/vvnd/plan/{draft.pk}/{page}")
            assert response.status_code == 200, (role, page)
            for href in links(response.content.decode()):
                if href.endswith("/logga-ut/"):
                    continue
                status = client.get(href).status_code
                assert status in (200, 302), (role, page, href, status)


def test_checks_link_to_their_fix_only_for_those_who_can_fix(client_for, draft):
    cache.clear()
    director = client_for("director").get(f"/f/vvnd/plan/{draft.pk}/").content.decode()
    board = client_for("board").get(f"/f/vvnd/plan/{draft.pk}/").content.decode()
    assert "Kontroller innan planen går till styrelsen" in board
    assert '<li class="check--' in board
    check_link = r'<li class="check--\w+"><a href="([^"]+)"'
    director_links, board_links = re.findall(check_link, director), re.findall(check_link, board)
    assert director_links, "the director is sent to where each check is fixed"
    assert len(board_links) < len(director_links)  # editing pages are not offered
    board_client = client_for("board")
    for href in set(board_links):
        assert board_client.get(href).status_code == 200, href


def test_can_open_reads_the_views_capability(draft):
    settings = f"/f/vvnd/plan/{draft.pk}/budget/uppgifter/"
    assert can_open("director", settings)
    assert not can_open("board", settings)
    assert not can_open("director", settings, frozen=True)
    assert can_open("auditor", f"/f/vvnd/plan/{draft.pk}/")
    assert not can_open("director", "/finns-inte/")
    assert isinstance(Plan.objects.get(pk=draft.pk), Plan)
