from __future__ import annotations

from datetime import date

import pytest

from members.models import Member
from members.roles import Role
from plans.models import Goal, Intervention, Plan, Section
from plans.review import services
from tests.conftest import make_user


def filled_plan(association, year: int) -> Plan:
    """A draft with a section, an intervention with a party, and a goal linked to it."""
    plan = Plan.objects.create(association=association, year=year)
    Section.objects.create(plan=plan, title="Inledning", body="<p>Förbundet arbetar för alla.</p>")
    member = Member.objects.filter(association=association).first()
    i = Intervention.objects.create(plan=plan, name="Steget vidare", kind="individual")
    i.parties.add(member)
    g = Goal.objects.create(plan=plan, level="operational", text="Fler i arbete")
    g.interventions.add(i)
    return plan


@pytest.fixture
def director(vvnd):
    user = make_user(vvnd, Role.DIRECTOR)
    user.email = "chef@example.se"
    user.save()
    return user


@pytest.fixture
def board_member(vvnd):
    user = make_user(vvnd, Role.BOARD)
    user.email = "ledamot@example.se"
    user.save()
    return user


@pytest.fixture
def chair(vvnd):
    return make_user(vvnd, Role.CHAIR)


@pytest.fixture
def draft(vvnd) -> Plan:
    return filled_plan(vvnd, 2027)  # approvable today: decided from 1 Jan 2026


@pytest.fixture
def frozen(draft, director, chair) -> Plan:
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    services.plan_approve(
        user=chair, plan=draft, decision_date=date(2026, 11, 2), paragraph="§ 39", render_pdf=False
    )
    draft.refresh_from_db()
    return draft
