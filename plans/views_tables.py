"""Organisation (read-only, from members) and the follow-up tables: internal control,
communication and risk analysis (add, edit, delete, reorder rows)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from finsam.access import association_view, get_plan
from finsam.request import FinsamRequest, form_status
from members.roles import Cap, role_can

from . import services
from .forms import TABLE_FORMS
from .locking import EditConflict
from .models import Plan
from .nav import plan_context, plan_url
from .tables import organisation_for, risks_for

TITLES = {
    "control": gettext_lazy("Internkontrollplan"),
    "communication": gettext_lazy("Kommunikationsplan"),
    "risk": gettext_lazy("Risk- och väsentlighetsanalys"),
}
URL_PREFIX = {"control": "kontroll", "communication": "kommunikation", "risk": "risk"}


def _row(plan: Plan, table: str, kwargs: dict):
    model = services.TABLE_MODELS[table]
    try:
        return model.objects.select_related("plan__association").get(
            pk=kwargs[f"{table}_id"], plan=plan
        )
    except model.DoesNotExist as exc:
        raise Http404(_("Ingen sådan rad.")) from exc


def _tables_url(plan: Plan, table: str) -> str:
    return plan_url(plan, "plans:tables") + f"#table-{table}"


@require_http_methods(["GET"])
@association_view(Cap.READ_APPROVED)
def tables(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    can_edit = role_can(request.role, Cap.EDIT_PLAN) and not plan.is_frozen
    rows_by_table = {
        "control": list(plan.control_points.all()),
        "communication": list(plan.communication_items.all()),
        "risk": risks_for(plan),
    }
    page = plan_url(plan, "plans:tables")
    blocks = []
    for key, rows in rows_by_table.items():
        # Addresses built from the page's own (plans/urls.py), not reversed for every row.
        base = f"{page}{URL_PREFIX[key]}/"
        for row in rows:
            row.edit_url = f"{base}{row.pk}/"
            row.move_url = f"{row.edit_url}flytta/"
            row.delete_url = f"{row.edit_url}ta-bort/"
        blocks.append(
            {
                "key": key,
                "title": TITLES[key],
                "rows": rows,
                "base": base,
                "form": TABLE_FORMS[key](prefix=key) if can_edit else None,
            }
        )
    # The board and the groups belong to the association; those who manage it get a link there.
    members_url = (
        reverse("members:settings", kwargs={"assoc": assoc})
        if role_can(request.role, Cap.MANAGE)
        else ""
    )
    return render(
        request,
        "plans/tables.html",
        plan_context(
            request,
            plan,
            blocks=blocks,
            can_edit=can_edit,
            members_url=members_url,
            org=organisation_for(plan),
        ),
    )


@require_POST
@association_view(Cap.EDIT_PLAN)
def row_create(request: FinsamRequest, assoc: str, plan_id: int, table: str) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    form = TABLE_FORMS[table](request.POST, prefix=table)
    if form.is_valid():
        row = form.save(commit=False)
        row.plan = plan
        services.table_row_save(user=request.user, row=row)
        messages.success(request, _("Raden är tillagd i %(t)s.") % {"t": TITLES[table].lower()})
        return redirect(_tables_url(plan, table))
    return render(
        request,
        "plans/table_row_form.html",
        plan_context(request, plan, form=form, table=table, title=TITLES[table], row=None),
        status=form_status(request, form),
    )


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_PLAN)
def row_edit(
    request: FinsamRequest, assoc: str, plan_id: int, table: str, **kwargs
) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    row = _row(plan, table, kwargs)
    form = TABLE_FORMS[table](request.POST or None, instance=row, prefix=table)
    if request.method == "POST" and form.is_valid():
        try:
            services.table_row_save(
                user=request.user,
                row=form.save(commit=False),
                expected_version=form.cleaned_data.get("version"),
            )
        except EditConflict:
            form.add_error(
                None,
                _(
                    "Någon annan har ändrat raden sedan du öppnade den. Dina ändringar är inte "
                    "sparade: ladda om sidan och gör om ändringen."
                ),
            )
        else:
            messages.success(request, _("Raden är sparad."))
            return redirect(_tables_url(plan, table))
    return render(
        request,
        "plans/table_row_form.html",
        plan_context(request, plan, form=form, table=table, title=TITLES[table], row=row),
        status=form_status(request, form),
    )


@require_POST
@association_view(Cap.EDIT_PLAN)
def row_delete(
    request: FinsamRequest, assoc: str, plan_id: int, table: str, **kwargs
) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    row = _row(plan, table, kwargs)
    services.table_row_delete(user=request.user, row=row)
    messages.success(request, _("Raden är borttagen."))
    return redirect(_tables_url(plan, table))


@require_POST
@association_view(Cap.EDIT_PLAN)
def row_move(
    request: FinsamRequest, assoc: str, plan_id: int, table: str, **kwargs
) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    row = _row(plan, table, kwargs)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return HttpResponseBadRequest(_("Ange upp eller ned."))
    services.table_row_move(user=request.user, row=row, direction=direction)
    return redirect(_tables_url(plan, table))
