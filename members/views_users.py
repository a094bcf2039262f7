"""Users and roles of one association: the director gives the board, the chair, the finance
officer and the auditor their logins (DESIGN §6 Settings: "users & roles").

A new login gets a one-time password, shown once on the page; the person must change it at
first login (`User.must_change_password`, finsam.middleware.PasswordChangeRequiredMiddleware).
Existing logins of other associations are attached by an administrator (`manage.py
grant_role`), so a director can neither attach nor probe for other people. Someone who forgot
their password gets a new one-time password from the director, if their login opens this
association only (members.services.password_reset_by_director).
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from finsam.access import association_view
from finsam.request import FinsamRequest

from . import services
from .models import Membership
from .roles import Cap, Role


class NewUserForm(forms.Form):
    username = forms.CharField(
        label=gettext_lazy("Användarnamn"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=gettext_lazy("Bokstäver, siffror och @ . + - _, till exempel eva.lind."),
    )
    first_name = forms.CharField(label=gettext_lazy("Förnamn"), max_length=150, required=False)
    last_name = forms.CharField(label=gettext_lazy("Efternamn"), max_length=150, required=False)
    email = forms.EmailField(
        label=gettext_lazy("E-post"),
        required=False,
        help_text=gettext_lazy("Används när planen skickas till styrelsen."),
    )
    role = forms.ChoiceField(label=gettext_lazy("Roll"), choices=Role.choices)


class RoleForm(forms.Form):
    role = forms.ChoiceField(label=gettext_lazy("Roll"), choices=Role.choices)


def _page(request: FinsamRequest, form: NewUserForm, *, new: dict | None = None, status=200):
    association = request.association
    memberships = list(
        Membership.objects.filter(association=association)
        .select_related("user")
        .annotate(
            other_roles=Count(
                "user__memberships", filter=~Q(user__memberships__association=association)
            )
        )
        .order_by("role", "user__last_name", "user__username")
    )
    for m in memberships:
        m.may_reset = m.user_id != request.user.pk and services.may_reset_password(m)
    return render(
        request,
        "members/users.html",
        {
            "association": request.association,
            "memberships": memberships,
            "form": form,
            "roles": Role.choices,
            "new": new,
        },
        status=status,
    )


@require_GET
@association_view(Cap.MANAGE)
def users(request: FinsamRequest, assoc: str) -> HttpResponse:
    return _page(request, NewUserForm(initial={"role": Role.BOARD}))


@require_POST
@association_view(Cap.MANAGE)
def user_add(request: FinsamRequest, assoc: str) -> HttpResponse:
    form = NewUserForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            membership, password = services.role_add_new_user(
                user=request.user,
                association=request.association,
                username=data["username"],
                role=data["role"],
                email=data["email"],
                first_name=data["first_name"],
                last_name=data["last_name"],
            )
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            # Shown once, on this response only (never stored in a message or the session).
            new = {"membership": membership, "password": password, "reset": False}
            return _page(request, NewUserForm(initial={"role": Role.BOARD}), new=new)
    return _page(request, form, status=422)


@require_POST
@association_view(Cap.MANAGE)
def membership_role(request: FinsamRequest, assoc: str, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=membership_id, association=request.association)
    form = RoleForm(request.POST)
    if membership.user_id == request.user.pk:
        messages.error(request, _("Du kan inte ändra din egen roll."))
    elif form.is_valid():
        try:
            services.membership_set_role(
                user=request.user, membership=membership, role=form.cleaned_data["role"]
            )
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(
                request,
                _("%(name)s är nu %(role)s.")
                % {"name": membership.user, "role": membership.get_role_display().lower()},
            )
    return redirect("members:users", assoc=assoc)


@require_POST
@association_view(Cap.MANAGE)
def membership_remove(request: FinsamRequest, assoc: str, membership_id: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=membership_id, association=request.association)
    if membership.user_id == request.user.pk:
        messages.error(request, _("Du kan inte ta bort din egen behörighet."))
        return redirect("members:users", assoc=assoc)
    try:
        services.membership_remove(user=request.user, membership=membership)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request,
            _("%(name)s har inte längre behörighet i förbundet.") % {"name": membership.user},
        )
    return redirect("members:users", assoc=assoc)


@require_POST
@association_view(Cap.MANAGE)
def membership_password(request: FinsamRequest, assoc: str, membership_id: int) -> HttpResponse:
    """A new one-time password for someone who forgot theirs, shown once on this response."""
    membership = get_object_or_404(
        Membership.objects.select_related("user"), pk=membership_id, association=request.association
    )
    try:
        password = services.password_reset_by_director(membership=membership, director=request.user)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("members:users", assoc=assoc)
    new = {"membership": membership, "password": password, "reset": True}
    return _page(request, NewUserForm(initial={"role": Role.BOARD}), new=new)
