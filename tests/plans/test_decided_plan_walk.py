"""Every form and htmx endpoint of a plan, posted to once the plan is decided.

DESIGN §4: an approved plan never changes, and neither does the revision it replaced. The
role walker (tests/foundation/test_url_walker.py) posts to a draft; here every URL of the plan
is built while the plan is a draft (so it names the plan's own sections, lines, goals …),
then the board approves it (after a consultation), and later a revision over it. The director
(who holds every capability that writes) and the finance officer post to each URL their role
may use, as a form and as htmx, with an empty body and with the values the draft's forms would
send. Each must refuse cleanly — the 403 page naming the reason, the form again with it, or a
redirect with a message — and afterwards every row of the plan is as it was.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.contrib.messages import get_messages
from django.urls import resolve

from members.roles import role_can
from plans.models import Plan
from plans.review import services as review
from plans.review.models import Comment
from plans.review.services import _plan_part_models
from plans.services import plan_roll_forward
from tests.conftest import make_user
from tests.foundation.test_url_walker import ASSOC_ROUTES, _url

# Exports and reading are not edits: what they write (a render job, the stored PDF, a read
# receipt) is not the plan. They have their own tests in tests/pdf and tests/review.
NOT_EDITS = {"pdf:start", "review:pdf_create", "review:read"}
# Follow-up goes on in the plan in force: outcomes are measured against a decided plan's
# targets (indicators/README.md); an Outcome is not part of the plan.
FOLLOW_UP = {"indicators:outcome_create", "indicators:outcome_edit", "indicators:outcome_delete"}
PLAN_ROUTES = [(r, p) for r, p in ASSOC_ROUTES if "<int:plan_id>" in r]
CLEAN = (302, 303, 403, 422)  # a redirect with a message, the 403 page, the form again
DECIDED = "Planen är beslutad. Kommentarer tas emot på nästa revision."
# The same plan once superseded (below): its next revision exists and is named.
SUPERSEDED = (
    "Planen är ersatt av revision 2 (Beslutad av styrelsen 2026-03-12, § 12), som också är "
    "beslutad. Kommentarer tas emot på nästa revision."
)
REFUSALS = (
    "Beslutet är redan registrerat",
    "Din roll i förbundet ger inte behörighet till detta.",
    "Planen är beslutad och kan inte ändras",
    DECIDED,
    SUPERSEDED,
    "Bara ett utkast kan skickas till styrelsen.",
    "Bara en plan hos styrelsen eller på remiss kan tas tillbaka till utkast.",
    "Bara en plan hos styrelsen kan skickas på remiss.",
    "Planen är inte på remiss.",
    "Planen måste ha skickats till styrelsen innan beslutet kan registreras.",
    "Bara den gällande beslutade planen kan revideras.",
)
# Values the draft's forms send, so a view cannot refuse merely for a missing field.
FILLED = {
    "version": "1",
    "expected_version": "1",
    "body": "<p>Ändrad text</p>",
    "title": "Ändrad rubrik",
    "name": "Ändrat namn",
    "text": "Ändrat mål",
    "kind": "individual",
    "level": "operational",
    "unit": "tkr",
    "direction": "up",
    "decision_date": "2026-11-20",
    "paragraph": "7",
    "acknowledge_errors": "on",
    "amount_1": "1 000",
    "opening_equity": "500 000",
    "value": "12",
    "period": "2026",
    "routine": "Attest",
    "control_step": "Stickprov",
    "risk": "Personalbrist",
}


def fingerprint(plan: Plan) -> dict:
    """Every row of the plan and of every part of it, with its many-to-many links."""
    plan = Plan.objects.get(pk=plan.pk)
    rows: dict = {"plan": _values(plan), "comments": _comment_rows(plan)}
    for model in _plan_part_models():
        for row in model._base_manager.filter(**{model.plan_path: plan}).order_by("pk"):
            m2m = {
                f.name: sorted(getattr(row, f.name).values_list("pk", flat=True))
                for f in model._meta.many_to_many
            }
            rows[(model._meta.label, row.pk)] = (_values(row), m2m)
    return rows


def _values(obj) -> dict:
    return {f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields}


def _comment_rows(plan: Plan) -> list:
    return list(Comment.objects.filter(plan=plan).order_by("pk").values())


@pytest.fixture
def decided(vvnd):
    """VVND's 2026 plan rolled forward from the demo's approved 2025 plan, through review and
    consultation to approval; its URLs, built while it was a draft; the director and chair."""
    director = make_user(vvnd, "director")
    chair = make_user(vvnd, "chair")
    approved_2025 = Plan.objects.get(association=vvnd, year=2025, status="approved")
    plan = plan_roll_forward(user=director, plan=approved_2025)
    urls = {}
    for route, _pattern in PLAN_ROUTES:
        url = _url(route, vvnd)
        assert f"/plan/{plan.pk}/" in url, url
        urls[resolve(url).view_name] = url
    review.plan_send_to_board(user=director, plan=plan, acknowledge_errors=True)
    plan.refresh_from_db()
    review.plan_send_to_consultation(user=director, plan=plan, expected_version=plan.version)
    plan.refresh_from_db()
    review.plan_approve(
        user=chair,
        plan=plan,
        decision_date=date(2025, 11, 27),
        paragraph="41",
        acknowledge_open_comments=True,  # the walker's comment is open
        render_pdf=False,
    )
    plan.refresh_from_db()
    return plan, urls, director, chair


def _shown(response) -> str:
    """The text the user is given: the messages of the page a redirect leads to, or the page."""
    if response.status_code in (301, 302, 303):
        return " ".join(str(m) for m in get_messages(response.wsgi_request))
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


ALL_WAYS = (({}, {}), (FILLED, {}), (FILLED, {"HX-Request": "true"}))


def post_everywhere(client, urls: dict, users, *, skip=(), ways=ALL_WAYS) -> list[str]:
    """Post to every URL each user's role may use, as a form (empty and filled in) and as
    htmx; the answers that were not a clean refusal."""
    problems = []
    for user in users:
        client.force_login(user)
        role = user.memberships.get().role
        for name, url in urls.items():
            if name in NOT_EDITS or name in FOLLOW_UP or name in skip:
                continue
            if not role_can(role, resolve(url).func.finsam_capability):
                continue  # the role walker covers the refusal by role
            for data, headers in ways:
                response = client.post(url, data, headers=headers)
                if response.status_code == 405:
                    continue
                shown = _shown(response)
                if response.status_code not in CLEAN or not any(r in shown for r in REFUSALS):
                    problems.append(
                        f"{user.username} POST {name} htmx={bool(headers)} filled={bool(data)} "
                        f"→ {response.status_code}: {shown[:160]}"
                    )
    return problems


def test_approved_and_superseded_plans_refuse_every_write(client, decided, vvnd):
    plan, urls, director, chair = decided
    users = [director, make_user(vvnd, "finance")]
    before = fingerprint(plan)

    assert post_everywhere(client, urls, users, skip={"review:revision"}) == []
    assert fingerprint(plan) == before

    # The walk can tell a refusal from a write: starting a revision is what an approved plan
    # allows, and it is reported.
    started = post_everywhere(client, {"review:revision": urls["review:revision"]}, [director])
    assert len(started) == 3 and "Revision 2 är påbörjad" in started[0], started
    revision = Plan.objects.get(revises=plan)
    assert fingerprint(plan) == before

    # The board approves the revision: the plan is superseded, and stays as it was.
    review.plan_send_to_board(user=director, plan=revision, acknowledge_errors=True)
    revision.refresh_from_db()
    review.plan_approve(
        user=chair, plan=revision, decision_date=date(2026, 3, 12), paragraph="12", render_pdf=False
    )
    plan.refresh_from_db()
    assert plan.status == Plan.Status.SUPERSEDED
    before["plan"].update(status=plan.status, version=plan.version, updated_at=plan.updated_at)
    assert fingerprint(plan) == before

    # The same checks refuse it (is_frozen): one way of posting is enough here.
    assert post_everywhere(client, urls, users, ways=ALL_WAYS[2:]) == []
    assert fingerprint(plan) == before
    # A comment is refused with where comments go now, not "on the next revision".
    client.force_login(director)
    for headers in ({}, {"HX-Request": "true"}):
        shown = _shown(client.post(urls["review:comment_new"], FILLED, headers=headers))
        assert SUPERSEDED in shown and DECIDED not in shown, shown


def test_association_deletes_leave_a_decided_plan_whole(client, decided, vvnd):
    """Members are association data a decided plan names (contribution keys, intervention
    owners): deleting one is refused with a message and every row of the plan is kept."""
    plan, _urls, director, _chair = decided
    paying = plan.contribution_keys.first().member_id
    owner = plan.interventions.exclude(owner=None).first().owner_id
    before = fingerprint(plan)
    client.force_login(director)
    for url in (
        f"/f/vvnd/installningar/medlemmar/{paying}/ta-bort/",
        f"/f/vvnd/installningar/medlemmar/{owner}/ta-bort/",
    ):
        response = client.post(url)
        assert response.status_code == 302, url
        assert "finns med i en beslutad plan" in _shown(response)
    assert fingerprint(plan) == before
