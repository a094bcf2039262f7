"""The members list follows the order the user typed: a typed number (0 too) is kept, an empty
field places the member last among its kind, and members with the same number are listed FK,
AF, regions, municipalities, then by name. Found by a new association's director: typing 0 for
FK made the automatic order give it 1, tying with AF's typed 1, and AF was then listed first."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members import calc
from members.models import BoardSeat, Member
from members.roles import Role
from members.services import association_create, role_grant
from tests.explore.newassoc import own_password_chosen
from tests.indicators.html import table

pytestmark = pytest.mark.django_db


@pytest.fixture
def director_client(client):
    association = association_create(name="Samordningsförbundet Hamnstad", slug="hamnstad")
    membership, _password = role_grant(
        association=association, username="chef-hamnstad", role=Role.DIRECTOR
    )
    client.force_login(own_password_chosen(membership.user))
    return client, association


def add(client, association, name: str, kind: str, order: str = "") -> None:
    response = client.post(
        reverse("members:member_create", kwargs={"assoc": association.slug}),
        {"name": name, "kind": kind, "order": order},
    )
    assert response.status_code == 302, response.content.decode()[:2000]


def listed(client, association) -> list[str]:
    html = client.get(reverse("members:members", kwargs={"assoc": association.slug})).content
    return [row[0] for row in table(html, "Förbundets medlemmar")[1:]]


def test_fk_typed_0_stays_before_af_typed_1(director_client):
    client, association = director_client
    add(client, association, "Försäkringskassan", "fk", "0")
    add(client, association, "Arbetsförmedlingen", "af", "1")
    assert Member.objects.get(association=association, kind="fk").order == 0
    assert listed(client, association) == ["Försäkringskassan", "Arbetsförmedlingen"]


def test_the_same_typed_number_lists_fk_af_region_municipality_then_name(director_client):
    client, association = director_client
    for name, kind in [
        ("Söderhamns kommun", "municipality"),
        ("Arbetsförmedlingen", "af"),
        ("Bollnäs kommun", "municipality"),
        ("Region Gävleborg", "region"),
        ("Försäkringskassan", "fk"),
    ]:
        add(client, association, name, kind, "1")
    assert listed(client, association) == [
        "Försäkringskassan",
        "Arbetsförmedlingen",
        "Region Gävleborg",
        "Bollnäs kommun",
        "Söderhamns kommun",
    ]


def test_an_empty_order_places_the_member_last_among_its_kind(director_client):
    client, association = director_client
    add(client, association, "Ovanåkers kommun", "municipality", "")
    add(client, association, "Bollnäs kommun", "municipality", "350")
    add(client, association, "Alfta kommun", "municipality", "")  # after Bollnäs's 350
    add(client, association, "Region Gävleborg", "region", "")
    add(client, association, "Försäkringskassan", "fk", "")
    assert listed(client, association) == [
        "Försäkringskassan",
        "Region Gävleborg",
        "Ovanåkers kommun",
        "Bollnäs kommun",
        "Alfta kommun",
    ]


def test_clearing_the_order_of_a_member_moves_it_last_among_its_kind(director_client):
    client, association = director_client
    add(client, association, "Bollnäs kommun", "municipality", "")
    add(client, association, "Alfta kommun", "municipality", "")
    bollnas = Member.objects.get(association=association, name="Bollnäs kommun")
    response = client.post(
        reverse("members:member_edit", kwargs={"assoc": "hamnstad", "member_id": bollnas.pk}),
        {"name": "Bollnäs kommun", "kind": "municipality", "order": ""},
    )
    assert response.status_code == 302
    assert listed(client, association) == ["Alfta kommun", "Bollnäs kommun"]


def test_auto_member_order_is_after_every_member_of_the_kind():
    assert calc.auto_member_order(kind="fk", same_kind_orders=[]) == 1
    assert calc.auto_member_order(kind="municipality", same_kind_orders=[]) == 301
    assert calc.auto_member_order(kind="municipality", same_kind_orders=[301, 302]) == 303
    assert calc.auto_member_order(kind="municipality", same_kind_orders=[301, 350]) == 351
    assert calc.auto_member_order(kind="af", same_kind_orders=[0]) == 102


def test_board_seats_follow_the_members_order(director_client):
    client, association = director_client
    add(client, association, "Arbetsförmedlingen", "af", "1")
    add(client, association, "Försäkringskassan", "fk", "1")
    for member in Member.objects.filter(association=association):
        BoardSeat.objects.create(
            association=association, member=member, person=f"Ledamot {member.kind}", role="member"
        )
    seats = BoardSeat.objects.filter(association=association)
    assert [s.member.name for s in seats] == ["Försäkringskassan", "Arbetsförmedlingen"]


def test_the_order_field_says_how_the_list_is_ordered(director_client):
    client, association = director_client
    response = client.get(reverse("members:member_create", kwargs={"assoc": association.slug}))
    help_text = response.context["form"].fields["order"].help_text
    assert help_text == (
        "Lägre nummer visas först; 0 går bra. Lämna tomt så hamnar medlemmen sist bland "
        "medlemmar av samma typ. Medlemmar med samma nummer visas i ordningen "
        "Försäkringskassan, Arbetsförmedlingen, regioner, kommuner och sedan efter namn."
    )


def test_an_interventions_owner_choices_follow_the_members_order(director_client):
    from plans.forms import members_for
    from plans.models import Plan

    client, association = director_client
    add(client, association, "Arbetsförmedlingen", "af", "1")
    add(client, association, "Försäkringskassan", "fk", "1")
    plan = Plan.objects.create(association=association, year=2027)
    assert [m.name for m in members_for(plan)] == ["Försäkringskassan", "Arbetsförmedlingen"]
