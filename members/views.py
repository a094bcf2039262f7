"""Association pages: overview, settings hub, profile, members, board, groups, contributions.

Views are thin: forms validate, services write, members/contributions.py computes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, ProtectedError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from finsam.access import association_view, get_plan
from finsam.money import format_money, format_percent
from finsam.request import FinsamRequest
from members.roles import Cap, role_can
from plans.locking import EditConflict
from plans.models import Plan
from plans.nav import plan_context

from . import services
from .contributions import (
    contribution_chart,
    contribution_checks,
    contribution_table,
    members_of,
    settings_for,
)
from .forms import (
    AssociationProfileForm,
    BoardSeatForm,
    ContributionSettingsForm,
    DecidedAmountsForm,
    GroupForm,
    MemberForm,
)
from .models import BoardSeat, ContributionShare, Group, GroupMember, Member, User


def _members(association) -> list[Member]:
    return list(Member.objects.filter(association=association).select_related("region"))


def _seats(association) -> list[BoardSeat]:
    return list(BoardSeat.objects.filter(association=association).select_related("member"))


def _groups(association) -> list[Group]:
    people = Prefetch("people", queryset=GroupMember.objects.select_related("member"))
    return list(Group.objects.filter(association=association).prefetch_related(people))


@require_GET
@association_view(Cap.READ_APPROVED)
def overview(request: FinsamRequest, assoc: str) -> HttpResponse:
    association = request.association
    plans = Plan.objects.filter(association=association)
    if not role_can(request.role, Cap.READ_DRAFT):
        plans = plans.filter(status__in=[Plan.Status.APPROVED, Plan.Status.SUPERSEDED])
    return render(
        request,
        "members/overview.html",
        {
            "association": association,
            "plans": plans,
            "members": _members(association),
            "seats": _seats(association),
            "groups": _groups(association),
            # Logins besides the director's own: the getting-started step is then done. A
            # callable, so the query runs only where the template shows the steps.
            "other_logins": association.memberships.exclude(user=request.user).exists,
        },
    )


@require_GET
@association_view(Cap.MANAGE)
def settings_index(request: FinsamRequest, assoc: str) -> HttpResponse:
    return render(request, "members/settings.html", {"association": request.association})


@require_http_methods(["GET", "POST"])
@association_view(Cap.MANAGE)
def profile_edit(request: FinsamRequest, assoc: str) -> HttpResponse:
    association = request.association
    form = AssociationProfileForm(request.POST or None, request.FILES or None, instance=association)
    if request.method == "POST" and form.is_valid():
        fields = [f for f in form.changed_data if f in form.Meta.fields]
        if fields:
            services.association_update(
                user=request.user, association=form.save(commit=False), fields=fields
            )
        messages.success(request, _("Förbundets uppgifter är sparade."))
        return redirect("members:overview", assoc=association.slug)
    if request.method == "POST":
        association.refresh_from_db()  # the form wrote bad values onto the instance
    return render(
        request,
        "members/profile_form.html",
        {"association": association, "form": form},
        status=422 if form.errors else 200,
    )


# --- members --------------------------------------------------------------------------------


@require_GET
@association_view(Cap.MANAGE)
def member_list(request: FinsamRequest, assoc: str) -> HttpResponse:
    association = request.association
    return render(
        request,
        "members/member_list.html",
        {
            "association": association,
            "members": _members(association),
            "seats": _seats(association),
            "groups": _groups(association),
        },
    )


def _save_member(form: MemberForm, user: User) -> None:
    services.member_save(user=user, member=form.save(commit=False))


def _save_seat(form: BoardSeatForm, user: User) -> None:
    services.seat_save(user=user, seat=form.save(commit=False))


def _save_group(form: GroupForm, user: User) -> None:
    services.group_save(
        user=user, group=form.save(commit=False), people=form.cleaned_data["people"]
    )


def _edit(
    request: FinsamRequest,
    *,
    form_class: type[MemberForm | BoardSeatForm | GroupForm],
    instance: Member | BoardSeat | Group,
    save: Callable[[Any, User], None],
    title: str,
    delete_url: str = "",
    delete_notes: Sequence[str] = (),
) -> HttpResponse:
    """The create/edit page shared by members, board seats and groups: one form, one save."""
    association = request.association
    form = form_class(request.POST or None, instance=instance, association=association)
    if request.method == "POST" and form.is_valid():
        save(form, request.user)
        messages.success(request, _("Sparat."))
        return redirect("members:members", assoc=association.slug)
    return render(
        request,
        "members/edit_form.html",
        {
            "association": association,
            "form": form,
            "title": title,
            "delete_url": delete_url,
            "delete_notes": delete_notes,
        },
        status=422 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@association_view(Cap.MANAGE)
def member_create(request: FinsamRequest, assoc: str) -> HttpResponse:
    return _edit(
        request,
        form_class=MemberForm,
        instance=Member(association=request.association),
        save=_save_member,
        title=_("Ny medlem"),
    )


@require_http_methods(["GET", "POST"])
@association_view(Cap.MANAGE)
def member_edit(request: FinsamRequest, assoc: str, member_id: int) -> HttpResponse:
    member = get_object_or_404(Member, pk=member_id, association=request.association)
    return _edit(
        request,
        form_class=MemberForm,
        instance=member,
        save=_save_member,
        title=_("Ändra %(name)s") % {"name": member.name},
        delete_url=reverse("members:member_delete", args=[assoc, member.pk]),
        delete_notes=services.member_delete_consequences(member),
    )


@require_POST
@association_view(Cap.MANAGE)
def member_delete(request: FinsamRequest, assoc: str, member_id: int) -> HttpResponse:
    member = get_object_or_404(Member, pk=member_id, association=request.association)
    try:
        services.member_delete(user=request.user, member=member)
    except (ProtectedError, PermissionDenied):
        # A decided plan (or another part of the product) still refers to the member.
        messages.error(
            request,
            _(
                "%(name)s finns med i en beslutad plan eller används i budgeten och kan inte "
                "tas bort. Ange i stället ett slutdatum för medlemskapet."
            )
            % {"name": member.name},
        )
        return redirect("members:member_edit", assoc=assoc, member_id=member.pk)
    messages.success(request, _("%(name)s är borttagen.") % {"name": member.name})
    return redirect("members:members", assoc=assoc)


@require_http_methods(["GET", "POST"])
@association_view(Cap.MANAGE)
def seat_create(request: FinsamRequest, assoc: str) -> HttpResponse:
    return _edit(
        request,
        form_class=BoardSeatForm,
        instance=BoardSeat(association=request.association),
        save=_save_seat,
        title=_("Ny plats i styrelsen"),
    )


@require_http_methods(["GET", "POST"])
@association_view(Cap.MANAGE)
def seat_edit(request: FinsamRequest, assoc: str, seat_id: int) -> HttpResponse:
    seat = get_object_or_404(BoardSeat, pk=seat_id, association=request.association)
    return _edit(
        request,
        form_class=BoardSeatForm,
        instance=seat,
        save=_save_seat,
        title=_("Ändra styrelseplats"),
        delete_url=reverse("members:seat_delete", args=[assoc, seat.pk]),
    )


@require_POST
@association_view(Cap.MANAGE)
def seat_delete(request: FinsamRequest, assoc: str, seat_id: int) -> HttpResponse:
    seat = get_object_or_404(BoardSeat, pk=seat_id, association=request.association)
    services.seat_delete(user=request.user, seat=seat)
    messages.success(request, _("Styrelseplatsen är borttagen."))
    return redirect("members:members", assoc=assoc)


@require_http_methods(["GET", "POST"])
@association_view(Cap.MANAGE)
def group_create(request: FinsamRequest, assoc: str) -> HttpResponse:
    return _edit(
        request,
        form_class=GroupForm,
        instance=Group(association=request.association),
        save=_save_group,
        title=_("Ny grupp"),
    )


@require_http_methods(["GET", "POST"])
@association_view(Cap.MANAGE)
def group_edit(request: FinsamRequest, assoc: str, group_id: int) -> HttpResponse:
    group = get_object_or_404(Group, pk=group_id, association=request.association)
    return _edit(
        request,
        form_class=GroupForm,
        instance=group,
        save=_save_group,
        title=_("Ändra %(name)s") % {"name": group.name},
        delete_url=reverse("members:group_delete", args=[assoc, group.pk]),
    )


@require_POST
@association_view(Cap.MANAGE)
def group_delete(request: FinsamRequest, assoc: str, group_id: int) -> HttpResponse:
    group = get_object_or_404(Group, pk=group_id, association=request.association)
    services.group_delete(user=request.user, group=group)
    messages.success(request, _("Gruppen är borttagen."))
    return redirect("members:members", assoc=assoc)


# --- contributions --------------------------------------------------------------------------


def _selected_year(request: FinsamRequest, plan: Plan) -> int:
    """The year whose table is shown: ?ar=2026, else the plan's first year."""
    try:
        year = int(request.GET.get("ar", plan.year))
    except ValueError:
        return plan.year
    return year if year in plan.years else plan.year


def _scenario_text(scenario: str, value: Decimal | None, unit: str) -> str:
    if scenario == "percent":
        return _("Statens bidrag %(change)s mot året före") % {
            "change": ("+" if value and value > 0 else "") + format_percent(value or 0, 1)
        }
    if scenario == "amount":
        return _("Statens bidrag angivet: %(amount)s") % {
            "amount": format_money(int(value or 0), unit, suffix=True)
        }
    return _("Statens bidrag oförändrat")


def _contributions_context(
    request: FinsamRequest,
    plan: Plan,
    selected: int | None = None,
    saved: bool = False,
    settings_form: ContributionSettingsForm | None = None,
    decided_forms: dict[int, DecidedAmountsForm] | None = None,
) -> dict[str, Any]:
    """The contributions page; a form passed in (with the user's errors) replaces a fresh one."""
    table = contribution_table(plan)
    selected = selected or _selected_year(request, plan)
    can_edit = role_can(request.role, Cap.EDIT_BUDGET) and not plan.is_frozen
    settings = settings_for(plan)
    if settings_form is None:
        shares = {s.member_id: s.share for s in ContributionShare.objects.filter(plan=plan)}
        settings_form = ContributionSettingsForm(
            instance=settings, plan=plan, members=members_of(plan), shares=shares
        )
    decided_forms = decided_forms or {}
    # Tables print `shown` (in tkr, columns that add up); the inputs show the exact kronor.
    shown = table.shown()
    years = []
    for y, printed in zip(table.years, shown.years, strict=True):
        if y.year != selected:
            continue
        form = decided_forms.get(y.year) or DecidedAmountsForm(
            rows=y.rows, year=y.year, unit=plan.unit
        )
        years.append(
            {
                "data": printed,
                "rows": [(row, form[form.field_name(row.member_id)]) for row in printed.rows],
                "form": form,
                "chart": contribution_chart(printed, plan.unit),
            }
        )
    scenario_texts = [
        _("Utgångsläge"),
        _scenario_text(settings.year2_scenario, settings.year2_value, plan.unit),
        _scenario_text(settings.year3_scenario, settings.year3_value, plan.unit),
    ]
    return plan_context(
        request,
        plan,
        table=table,
        years=years,
        selected=selected,
        saved=saved,
        checks=contribution_checks(plan, table),
        summary=[
            (y.year, text, y.state_amount, y.computed_total, y.total, shown.change_from_first(y))
            for y, text in zip(shown.years, scenario_texts, strict=True)
        ],
        settings_form=settings_form,
        can_edit=can_edit,
        association=request.association,
    )


@require_GET
@association_view(Cap.READ_APPROVED)
def contributions(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.READ_DRAFT)
    # htmx (the year switch) swaps only the figures; the full page works without JS.
    template = "members/contributions.html" + ("#figures" if request.htmx else "")
    return render(request, template, _contributions_context(request, plan))


@require_POST
@association_view(Cap.EDIT_BUDGET)
def contributions_settings(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
    members = members_of(plan)
    instance = settings_for(plan)
    form = ContributionSettingsForm(
        request.POST, instance=instance, plan=plan, members=members, shares={}
    )
    if form.is_valid():
        try:
            services.contribution_settings_save(
                user=request.user,
                settings=form.save(commit=False),
                expected_version=form.cleaned_data.get("version"),
                shares=form.cleaned_shares,
            )
        except EditConflict:
            messages.error(
                request,
                _(
                    "Någon annan har ändrat inställningarna sedan du öppnade sidan. "
                    "Sidan visar nu deras ändring; gör om din ändring."
                ),
            )
            return redirect("members:contributions", assoc=assoc, plan_id=plan.pk)
        messages.success(request, _("Inställningarna för medlemsbidragen är sparade."))
        return redirect("members:contributions", assoc=assoc, plan_id=plan.pk)
    if instance.pk:
        instance.refresh_from_db()
    context = _contributions_context(request, plan, settings_form=form)
    return render(request, "members/contributions.html", context, status=422)


@require_POST
@association_view(Cap.EDIT_BUDGET)
def contributions_decided(
    request: FinsamRequest, assoc: str, plan_id: int, year: int
) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
    if year not in plan.years:
        raise Http404(_("Året ingår inte i planen."))
    table = contribution_table(plan)
    rows = table.year(year).rows
    form = DecidedAmountsForm(request.POST, rows=rows, year=year, unit=plan.unit)
    if form.is_valid():
        amounts = {row.member_id: form.amounts.get(row.member_id) for row in rows}
        services.contribution_decisions_set(
            user=request.user, plan=plan, year=year, amounts=amounts
        )
        if request.htmx:
            context = _contributions_context(request, plan, selected=year, saved=True)
            return render(request, "members/contributions.html#figures", context)
        messages.success(request, _("Beslutade belopp för %(year)s är sparade.") % {"year": year})
        url = reverse("members:contributions", kwargs={"assoc": assoc, "plan_id": plan.pk})
        return redirect(f"{url}?ar={year}#ar-{year}")
    context = _contributions_context(request, plan, selected=year, decided_forms={year: form})
    template = "members/contributions.html" + ("#figures" if request.htmx else "")
    # htmx swaps 2xx only by default, so an htmx error answer is 200 with the errors shown.
    return render(request, template, context, status=200 if request.htmx else 422)
