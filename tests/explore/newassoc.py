"""A brand-new association built through the same service functions the pages use."""

from __future__ import annotations

from finsam.money import TKR
from members.models import Association, Member, User
from members.roles import Role
from members.services import association_create, member_save, role_grant
from plans.models import Plan
from plans.services import plan_create

NAME = "Samordningsförbundet Södra Hälsingland"
# Region and municipalities with plausible (SCB-like) populations.
MEMBERS = (
    ("Försäkringskassan", Member.Kind.FK, None),
    ("Arbetsförmedlingen", Member.Kind.AF, None),
    ("Region Gävleborg", Member.Kind.REGION, 287_767),
    ("Bollnäs kommun", Member.Kind.MUNICIPALITY, 26_484),
    ("Söderhamns kommun", Member.Kind.MUNICIPALITY, 25_404),
    ("Ovanåkers kommun", Member.Kind.MUNICIPALITY, 11_303),
)


def own_password_chosen(user: User) -> User:
    """As after the user's first login: the one-time password is changed (pages open up)."""
    user.must_change_password = False
    user.save(update_fields=["must_change_password"])
    return user


def new_association(slug: str = "sodra-halsingland") -> tuple[Association, User]:
    association = association_create(name=NAME, slug=slug, short_name="SSH")
    membership, _password = role_grant(
        association=association, username=f"chef-{slug}", role=Role.DIRECTOR
    )
    own_password_chosen(membership.user)
    for order, (name, kind, population) in enumerate(MEMBERS):
        member_save(
            user=membership.user,
            member=Member(
                association=association,
                name=name,
                kind=kind,
                population=population,
                population_year=2023 if population is not None else None,
                order=order,
            ),
        )
    return association, membership.user


def first_plan(association: Association, user: User, year: int = 2027) -> Plan:
    return plan_create(user=user, association=association, year=year)


def first_tkr_plan() -> tuple[Plan, User]:
    """The new association's first plan (2027) shown in tkr, and its director."""
    association, director = new_association()
    plan = first_plan(association, director)
    plan.unit = TKR
    plan.save()
    return plan, director
