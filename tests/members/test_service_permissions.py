"""The members services check the caller's role themselves, as every other app's services do:
a view that forgot its decorator, a management command or a future API cannot write an
association's settings or contributions with the wrong role or from another association."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from members import services
from members.models import BoardSeat, ContributionDecision, Member, Membership
from members.roles import Role
from plans.models import Plan
from tests.conftest import make_user


@pytest.fixture
def eda(vvnd) -> Member:
    return Member.objects.get(association=vvnd, name="Eda kommun")


@pytest.fixture
def draft(vvnd) -> Plan:
    return Plan.objects.create(association=vvnd, year=2027)


@pytest.mark.parametrize("role", [Role.FINANCE, Role.BOARD, Role.CHAIR, Role.AUDITOR])
def test_only_the_director_changes_members_board_and_groups(vvnd, eda, role):
    user = make_user(vvnd, role)
    eda.name = "Eda kommun, nytt namn"
    seat = BoardSeat.objects.filter(association=vvnd).first()
    writes = [
        lambda: services.member_save(user=user, member=eda),
        lambda: services.member_delete(user=user, member=eda),
        lambda: services.seat_delete(user=user, seat=seat),
        lambda: services.association_update(user=user, association=vvnd, fields=["name"]),
    ]
    for write in writes:
        with pytest.raises(PermissionDenied):
            write()
    assert Member.objects.filter(pk=eda.pk, name="Eda kommun").exists()
    assert BoardSeat.objects.filter(pk=seat.pk).exists()


def test_a_director_of_another_association_changes_nothing_here(vvnd, varna, eda, outsider):
    eda.name = "Eda kommun, nytt namn"
    with pytest.raises(PermissionDenied):
        services.member_save(user=outsider, member=eda)
    board = Membership.objects.filter(association=vvnd, role=Role.BOARD).first()
    with pytest.raises(PermissionDenied):
        services.membership_set_role(user=outsider, membership=board, role=Role.DIRECTOR)
    with pytest.raises(PermissionDenied):
        services.password_reset_by_director(membership=board, director=outsider)
    with pytest.raises(PermissionDenied):
        services.role_add_new_user(
            user=outsider, association=vvnd, username="insmugglad", role=Role.DIRECTOR
        )
    assert Membership.objects.get(pk=board.pk).role == Role.BOARD
    assert not Membership.objects.filter(user__username="insmugglad").exists()


def test_the_director_still_does_all_of_it(vvnd, eda):
    director = make_user(vvnd, Role.DIRECTOR)
    eda.name = "Eda kommun (ny)"
    services.member_save(user=director, member=eda)
    assert Member.objects.get(pk=eda.pk).name == "Eda kommun (ny)"


def test_contributions_are_for_the_budget_editors_of_an_open_plan(vvnd, eda, draft):
    finance = make_user(vvnd, Role.FINANCE)
    board = make_user(vvnd, Role.BOARD)
    with pytest.raises(PermissionDenied):
        services.contribution_decisions_set(
            user=board, plan=draft, year=2027, amounts={eda.pk: 180_000}
        )
    services.contribution_decisions_set(
        user=finance, plan=draft, year=2027, amounts={eda.pk: 180_000}
    )
    assert ContributionDecision.objects.get(plan=draft, member=eda).amount == 180_000

    decided = vvnd.plans.get(year=2025)
    assert decided.is_frozen
    with pytest.raises(PermissionDenied):
        services.contribution_decision_set(
            user=finance, plan=decided, member=eda, year=2025, amount=1
        )


def test_a_member_of_another_association_cannot_be_given_a_contribution(varna, draft):
    stranger = Member.objects.filter(association=varna).first()
    with pytest.raises(ValidationError):
        services.contribution_decision_set(
            user=None, plan=draft, member=stranger, year=2027, amount=1
        )
    assert not ContributionDecision.objects.filter(plan=draft).exists()
