"""Every write in the members app: full_clean, one transaction, Model.save()/delete()."""

from __future__ import annotations

import secrets
from decimal import Decimal
from typing import TYPE_CHECKING

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from finsam.access import require_plan_write, require_role
from plans.locking import lock_association, save_versioned

from . import calc
from .models import (
    Association,
    BoardSeat,
    ContributionDecision,
    ContributionSettings,
    ContributionShare,
    Group,
    GroupMember,
    Member,
    Membership,
    User,
)
from .roles import Cap, Role

if TYPE_CHECKING:
    from plans.models import Plan


def _require_manage(user: User | None, association_id: int) -> None:
    """The association's settings (profile, members, board, groups, users) are the director's."""
    require_role(user, association_id, Cap.MANAGE)


def _require_budget(user: User | None, plan: Plan) -> None:
    """Contributions are part of the plan's budget: its editors, and never a decided plan."""
    require_plan_write(
        user,
        plan,
        Cap.EDIT_BUDGET,
        message=_("Din roll i förbundet ger inte behörighet att ändra budgeten."),
    )


def association_update(
    *, user: User | None, association: Association, fields: list[str]
) -> Association:
    """Save the profile fields already set on `association` (by a validated form)."""
    _require_manage(user, association.pk)
    with transaction.atomic():
        association.full_clean()
        association.save(update_fields=fields)
    return association


# Tables and the contribution key list the state first, then regions, then municipalities.
def member_save(*, user: User | None, member: Member) -> Member:
    """Save a member. `order=None` (the field left empty) places it last among its kind; a
    typed number, 0 included, is kept as typed (ties are listed by kind, then name)."""
    _require_manage(user, member.association_id)
    with transaction.atomic():
        if member.order is None:
            others = Member.objects.filter(association=member.association, kind=member.kind)
            if member.pk is not None:
                others = others.exclude(pk=member.pk)
            member.order = calc.auto_member_order(
                kind=member.kind, same_kind_orders=list(others.values_list("order", flat=True))
            )
        member.full_clean()
        member.save()
    return member


def member_delete_consequences(member: Member) -> list[str]:
    """What else goes (or loses its link) when `member` is deleted, for the page to say first.

    Deleting cascades: board seats, decided and fixed contributions in the plans; the member's
    interventions lose their owner and parties. A member that has left should rather get an
    end date ("medlem till"), which keeps all of this for the years it was a member.
    """
    from plans.models import Intervention

    notes: list[str] = []
    seats = list(member.seats.all())
    if seats:
        notes.append(
            ngettext(
                "styrelseplatsen för %(names)s",
                "styrelseplatserna för %(names)s",
                len(seats),
            )
            % {"names": ", ".join(s.person or str(member) for s in seats)}
        )
    decided = member.decisions.count()
    if decided:
        notes.append(
            ngettext(
                "%(n)s beslutat medlemsbidrag i planerna",
                "%(n)s beslutade medlemsbidrag i planerna",
                decided,
            )
            % {"n": decided}
        )
    owned = sorted({i.name for i in member.owned_interventions.all()})
    if owned:
        notes.append(_("insatsägare för %(names)s (blir tomt)") % {"names": ", ".join(owned)})
    parties = Intervention.parties.through.objects.filter(member=member).count()
    if parties:
        notes.append(
            ngettext(
                "part i %(n)s insats",
                "part i %(n)s insatser",
                parties,
            )
            % {"n": parties}
        )
    return notes


def member_delete(*, user: User | None, member: Member) -> None:
    _require_manage(user, member.association_id)
    with transaction.atomic():
        member.delete()


def seat_save(*, user: User | None, seat: BoardSeat) -> BoardSeat:
    _require_manage(user, seat.association_id)
    with transaction.atomic():
        seat.full_clean()
        seat.save()
    return seat


def seat_delete(*, user: User | None, seat: BoardSeat) -> None:
    _require_manage(user, seat.association_id)
    with transaction.atomic():
        seat.delete()


def group_save(
    *, user: User | None, group: Group, people: list[GroupMember] | None = None
) -> Group:
    """Save a group; `people` (if given) replaces its member list."""
    _require_manage(user, group.association_id)
    with transaction.atomic():
        group.full_clean()
        group.save()
        if people is not None:
            for old in list(group.people.all()):
                old.delete()
            for person in people:
                person.group = group
                person.full_clean()
                person.save()
    return group


def group_delete(*, user: User | None, group: Group) -> None:
    _require_manage(user, group.association_id)
    with transaction.atomic():
        group.delete()


def contribution_settings_save(
    *,
    user: User | None,
    settings: ContributionSettings,
    expected_version: int | None,
    shares: dict[int, Decimal] | None = None,
) -> ContributionSettings:
    """Save a plan's settings (optimistic locking) and, if given, its fixed shares per member.

    Shares of members not in `shares` are removed, so the stored key is exactly what was typed.
    """
    _require_budget(user, settings.plan)
    with transaction.atomic():
        settings.full_clean()
        if settings.pk is None:
            settings.save()
        else:
            save_versioned(settings, expected_version)
        if shares is not None:
            existing = {
                s.member_id: s for s in ContributionShare.objects.filter(plan=settings.plan)
            }
            for member_id, value in shares.items():
                row = existing.pop(member_id, None) or ContributionShare(
                    plan=settings.plan, member_id=member_id
                )
                if row.pk is None or row.share != value:
                    row.share = value
                    row.full_clean()
                    row.save()
            for row in existing.values():
                row.delete()
    return settings


def contribution_decision_set(
    *, user: User | None, plan: Plan, member: Member | None, year: int, amount: int | None
) -> ContributionDecision | None:
    """Type (or clear, with amount=None) the decided amount of a member or the FK/AF line."""
    _require_budget(user, plan)
    if member is not None and member.association_id != plan.association_id:
        raise ValidationError(_("Medlemmen finns inte i förbundet."))
    with transaction.atomic():
        row = ContributionDecision.objects.filter(plan=plan, member=member, year=year).first()
        if amount is None:
            if row is not None:
                row.delete()
            return None
        if row is None:
            row = ContributionDecision(plan=plan, member=member, year=year, amount=amount)
        elif row.amount == amount:
            return row
        row.amount = amount
        row.full_clean()
        row.save()
        return row


def contribution_decisions_set(
    *, user: User | None, plan: Plan, year: int, amounts: dict[int | None, int | None]
) -> None:
    """Type (or clear) one plan year's decided amounts together: all are saved or none.

    `amounts` maps a member's id (None for the FK/AF line) to its amount, None to clear it.
    """
    _require_budget(user, plan)
    members = Member.objects.filter(association_id=plan.association_id, pk__in=amounts.keys())
    by_id: dict[int | None, Member | None] = {m.pk: m for m in members}
    by_id[None] = None
    with transaction.atomic():
        for member_id, amount in amounts.items():
            if member_id not in by_id:
                raise ValidationError(_("Medlemmen finns inte i förbundet."))
            contribution_decision_set(
                user=None,  # checked above, once for all
                plan=plan,
                member=by_id[member_id],
                year=year,
                amount=amount,
            )


# -- Setting up a new association (management commands `create_association`, `grant_role`) --


def association_create(*, name: str, slug: str, short_name: str = "") -> Association:
    """Create an association with nothing in it yet (members and plans are added in the UI)."""
    with transaction.atomic():
        association = Association(name=name.strip(), slug=slug, short_name=short_name.strip())
        association.full_clean()
        association.save()
    return association


def role_grant(
    *,
    association: Association,
    username: str,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> tuple[Membership, str | None]:
    """Give `username` a role in `association`, creating the user if needed.

    Returns the membership and, for a new user, a one-time password to hand over: the user
    must change it at first login (`User.must_change_password`); an existing user keeps their
    password. A user holds one role per association, so granting another role replaces the
    old one.
    """
    with transaction.atomic():
        user = User.objects.filter(username=username).first()
        password = None
        if user is None:
            user = User(
                username=username,
                email=email,
                first_name=first_name,
                last_name=last_name,
            )
            password = _one_time_password(user)
            user.full_clean()
            user.save()
        membership = Membership.objects.filter(user=user, association=association).first()
        if membership is None:
            membership = Membership(user=user, association=association, role=role)
        membership.role = role
        membership.full_clean()
        membership.save()
    return membership, password


# Read out over the phone or copied from a note: no letters or digits that look alike (l/1,
# O/0, I), in groups of four. 16 characters of 31 give about 79 bits.
_READABLE_CHARACTERS = "abcdefghjkmnpqrstuvwxyz23456789"


def _one_time_password(user: User) -> str:
    """Give `user` a new random password that must be changed at the next login."""
    password = "-".join(
        "".join(secrets.choice(_READABLE_CHARACTERS) for _ in range(4)) for _ in range(4)
    )
    validate_password(password, user)
    user.set_password(password)
    user.must_change_password = True
    return password


def may_reset_password(membership: Membership) -> bool:
    """Whether the association's director may give `membership`'s user a new password.

    Only for a login that belongs to this association alone: a director must not take over an
    account that also opens another association (nor an administrator's); an administrator
    resets those with `manage.py changepassword`. Uses `other_roles` where the users page
    annotated it, else asks the database.
    """
    user = membership.user
    if user.is_staff or user.is_superuser:
        return False
    others = getattr(membership, "other_roles", None)
    if others is None:
        others = user.memberships.exclude(association_id=membership.association_id).count()
    return others == 0


def password_reset_by_director(*, membership: Membership, director: User) -> str:
    """A new one-time password for someone who lost theirs (the director's "Nytt lösenord").

    The old password stops working at once and every session of that user ends (Django ties a
    session to the password hash). Returns the password, to be shown once and never stored.
    """
    _require_manage(director, membership.association_id)
    if membership.user_id == director.pk:
        raise ValidationError(_("Byt ditt eget lösenord under ”Byt lösenord”."))
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=membership.user_id)
        membership.user = user
        if not may_reset_password(membership):
            raise ValidationError(
                _(
                    "%(name)s har inloggning även i ett annat förbund. Be den som administrerar "
                    "Finsam Plan om ett nytt lösenord."
                )
                % {"name": user}
            )
        password = _one_time_password(user)
        user.save(update_fields=["password", "must_change_password"])
    return password


def role_add_new_user(
    *,
    user: User | None,
    association: Association,
    username: str,
    role: str,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
) -> tuple[Membership, str]:
    """The director's "Lägg till användare": a NEW login only, with a one-time password.

    An existing username is refused (a director must not be able to attach, or probe for,
    people of other associations); an administrator uses `manage.py grant_role` for that.
    `user` is the director adding the login.
    """
    _require_manage(user, association.pk)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("Användarnamnet är upptaget. Välj ett annat.")})
    membership, password = role_grant(
        association=association,
        username=username,
        role=role,
        email=email,
        first_name=first_name,
        last_name=last_name,
    )
    return membership, password or ""  # a new user always gets a password


def _check_not_last_director(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.DIRECTOR or new_role == Role.DIRECTOR:
        return
    lock_association(membership.association_id)  # two directors removing each other at once
    others = Membership.objects.filter(
        association=membership.association, role=Role.DIRECTOR
    ).exclude(pk=membership.pk)
    if not others.exists():
        raise ValidationError(
            _("Förbundet måste ha minst en förbundschef. Ge någon annan den rollen först.")
        )


def membership_set_role(*, user: User | None, membership: Membership, role: str) -> Membership:
    _require_manage(user, membership.association_id)
    with transaction.atomic():
        _check_not_last_director(membership, role)
        membership.role = role
        membership.full_clean()
        membership.save()
    return membership


def membership_remove(*, user: User | None, membership: Membership) -> None:
    """Take a person's role in this association away (the login itself stays)."""
    _require_manage(user, membership.association_id)
    with transaction.atomic():
        _check_not_last_director(membership, None)
        membership.delete()
