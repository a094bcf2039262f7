"""A superseded plan says what replaced it, and a revision's PDF says what it replaces."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest

from plans.pdf.html import render_plan_html
from plans.review import services as review
from plans.services import plan_in_force
from tests.conftest import make_user
from tests.review.conftest import filled_plan


class _Page(HTMLParser):
    """The links (href, text) and paragraphs of a page, their text with spaces collapsed."""

    def __init__(self, html: bytes | str) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self.paragraphs: list[str] = []
        self._open: list[tuple[str, str, list[str]]] = []
        self.feed(html.decode() if isinstance(html, bytes) else html)

    def handle_starttag(self, tag, attrs):
        if tag in ("a", "p"):
            self._open.append((tag, dict(attrs).get("href") or "", []))

    def handle_endtag(self, tag):
        if self._open and self._open[-1][0] == tag:
            _tag, href, parts = self._open.pop()
            text = " ".join("".join(parts).split())
            if tag == "a":
                self.links.append((href, text))
            else:
                self.paragraphs.append(text)

    def handle_data(self, data):
        for _tag, _href, parts in self._open:
            parts.append(data)


@pytest.fixture
def revised(vvnd):
    """2027 revision 1, approved and then superseded by revision 2."""
    director, chair = make_user(vvnd, "director"), make_user(vvnd, "chair")
    first = filled_plan(vvnd, 2027)
    for plan, decided, paragraph in ((first, date(2026, 11, 2), "39"), (None, None, "12")):
        if plan is None:
            plan = review.plan_start_revision(user=director, plan=first)
            decided = date(2026, 11, 20)
        review.plan_send_to_board(user=director, plan=plan, acknowledge_errors=True)
        plan.refresh_from_db()
        review.plan_approve(
            user=chair, plan=plan, decision_date=decided, paragraph=paragraph, render_pdf=False
        )
    first.refresh_from_db()
    return first, plan


def test_the_plan_in_force_is_the_approved_revision(revised):
    first, second = revised
    assert (first.status, second.status) == ("superseded", "approved")
    assert plan_in_force(first) == second
    assert plan_in_force(second) is None


def test_the_superseded_plans_overview_and_export_name_the_revision_in_force(client, vvnd, revised):
    first, second = revised
    client.force_login(make_user(vvnd, "director"))
    page = _Page(client.get(f"/f/vvnd/plan/{first.pk}/").content)
    assert (
        f"/f/vvnd/plan/{second.pk}/",
        "Ersatt av revision 2 (Beslutad av styrelsen 2026-11-20, § 12)",
    ) in page.links
    current = _Page(client.get(f"/f/vvnd/plan/{second.pk}/").content)
    assert not [t for _h, t in current.links if t.startswith("Ersatt av")]

    export = _Page(client.get(f"/f/vvnd/plan/{first.pk}/export/").content)
    assert (
        "Revision 1 gäller inte längre. Den är ersatt av revision 2 (Beslutad av styrelsen "
        "2026-11-20, § 12). Till den gällande planens export"
    ) in export.paragraphs
    assert (
        f"/f/vvnd/plan/{second.pk}/export/",
        "Till den gällande planens export",
    ) in export.links
    current = _Page(client.get(f"/f/vvnd/plan/{second.pk}/export/").content)
    assert not [p for p in current.paragraphs if "gäller inte längre" in p]


def test_a_revisions_cover_says_which_decision_it_replaces(revised):
    first, second = revised
    cover = _Page(render_plan_html(second).split('<nav class="toc"')[0]).paragraphs
    assert "Revision 2. Ersätter revision 1 (Beslutad av styrelsen 2026-11-02, § 39)." in cover
    assert not [
        p
        for p in _Page(render_plan_html(first).split('<nav class="toc"')[0]).paragraphs
        if p.startswith("Revision")
    ]
