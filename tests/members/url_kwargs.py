"""URL keyword values for the role walker: objects of the association (and its walk plan)."""

from __future__ import annotations

from members.models import BoardSeat, Group, Member
from tests.url_kwargs import walk_plan


def _member(association) -> int:
    return Member.objects.filter(association=association).order_by("pk").first().pk


def _seat(association) -> int:
    seat = BoardSeat.objects.filter(association=association).order_by("pk").first()
    if seat is None:
        member = Member.objects.filter(association=association).order_by("pk").first()
        seat = BoardSeat.objects.create(
            association=association, member=member, person="Testperson", role="deputy"
        )
    return seat.pk


def _group(association) -> int:
    group = Group.objects.filter(association=association).order_by("pk").first()
    if group is None:
        group = Group.objects.create(association=association, name="Beredningsgrupp")
    return group.pk


KWARGS = {
    "member_id": _member,
    "seat_id": _seat,
    "group_id": _group,
    "year": lambda association: walk_plan(association).year,
}
