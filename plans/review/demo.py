"""Approves the seed plans with the boards' real decisions; leaves VärNa 2023 with the board.

Runs last in load_demo_data. Idempotent: plans already approved or superseded are skipped,
and the VärNa comments are created once.
"""

from __future__ import annotations

from datetime import date

from members.demo import give_demo_address
from members.models import Association, Membership, User
from members.roles import Role
from plans.models import Plan

from . import services
from .models import Comment

# (association slug, plan year, decision date, minute paragraph ("" when the seed gives none))
DECISIONS = [
    ("vvnd", 2025, date(2024, 11, 25), ""),
    ("falun-borlange", 2025, date(2024, 11, 29), ""),
    ("ostra-varmland", 2022, date(2021, 12, 1), "39"),
]
IN_REVIEW = ("varna", 2023)
DEMO_PASSWORD = "demo-losen-2025"

# Two board members of VärNa and what they noted while reading the draft (own words).
VARNA_BOARD = [
    ("varna-ledamot", "Johan", "Åberg", Role.BOARD),
    ("varna-ordf", "Eva", "Nord", Role.CHAIR),
]
VARNA_COMMENTS = [
    (
        "varna-ledamot",
        "section",
        "Kan vi beskriva tydligare hur insatserna följs upp under året, och när styrelsen "
        "får den första rapporten?",
    ),
    (
        "varna-ordf",
        "",
        "Budgeten ser rimlig ut. Inför beslutet vill jag se hur det egna kapitalet förhåller "
        "sig till rekommendationen.",
    ),
]


def _user_with(association: Association, *roles: str) -> User | None:
    for role in roles:
        m = (
            Membership.objects.filter(association=association, role=role)
            .select_related("user")
            .order_by("pk")
            .first()
        )
        if m is not None:
            return m.user
    return None


def _latest(slug: str, year: int) -> Plan | None:
    return (
        Plan.objects.filter(association__slug=slug, year=year)
        .select_related("association")
        .order_by("-revision")
        .first()
    )


def _send(plan: Plan, director: User) -> None:
    if plan.status == Plan.Status.DRAFT:
        # Seeding what happened before: the demo's board is not e-mailed while it loads.
        services.plan_send_to_board(user=director, plan=plan, acknowledge_errors=True, notify=False)


def load(stdout=None) -> None:
    for slug, year, decided, paragraph in DECISIONS:
        plan = _latest(slug, year)
        if plan is None or plan.is_frozen:
            continue
        director = _user_with(plan.association, Role.DIRECTOR)
        chair = _user_with(plan.association, Role.CHAIR, Role.DIRECTOR)
        if director is None or chair is None:
            continue
        _send(plan, director)
        plan.refresh_from_db()
        services.plan_approve(
            user=chair,
            plan=plan,
            decision_date=decided,
            paragraph=paragraph,
            require_paragraph=False,
            render_pdf=False,
        )
        if stdout:
            stdout.write(f"  Beslutad: {plan.association.short_name} {year}")
    _load_varna_review()


def _load_varna_review() -> None:
    slug, year = IN_REVIEW
    plan = _latest(slug, year)
    if plan is None or plan.is_frozen:
        return
    users = {}
    for username, first, last, role in VARNA_BOARD:
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save()
        give_demo_address(user)
        Membership.objects.update_or_create(
            user=user, association=plan.association, defaults={"role": role}
        )
        users[username] = user
    director = _user_with(plan.association, Role.DIRECTOR)
    if director is None:
        return
    _send(plan, director)
    plan.refresh_from_db()
    section = plan.sections.filter(included=True).order_by("order", "pk").first()
    for username, kind, body in VARNA_COMMENTS:
        if Comment.objects.filter(plan=plan, author=users[username], body=body).exists():
            continue
        target_id = section.pk if kind == "section" and section else None
        services.comment_add(
            user=users[username],
            plan=plan,
            body=body,
            target_kind=kind if target_id else "",
            target_id=target_id,
        )
