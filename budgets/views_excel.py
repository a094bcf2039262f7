"""Excel export (download) and import (upload → preview → confirm) of a plan's budget.

The pending import lives in the session between preview and confirm: the browser only sends a
token back, never the figures, so what is saved is exactly what was previewed.
"""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from finsam.access import association_view, get_plan
from finsam.request import FinsamRequest
from members.roles import Cap
from plans.nav import plan_context

from .excel_export import export_filename, export_input_for_plan, workbook_bytes
from .excel_import import ImportConflict, ImportPreview, apply_import, read_import
from .excel_safety import MAX_UPLOAD_BYTES, extension_problem

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SESSION_KEY = "budget_excel_import"


class ImportForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Excelfil (.xlsx)"),
        help_text=gettext_lazy(
            "Den fil du exporterade från den här planen, ändrad i Excel. Högst 2 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx," + XLSX}),
        error_messages={
            "empty": gettext_lazy("Filen är tom. Välj den sparade Excelfilen och försök igen.")
        },
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("Filen är för stor (högst 2 MB)."))
        if problem := extension_problem(upload.name):
            raise forms.ValidationError(problem)
        return upload


def _urls(plan) -> dict[str, str]:
    kwargs = {"assoc": plan.association.slug, "plan_id": plan.pk}
    return {
        "export": reverse("budgets:excel_export", kwargs=kwargs),
        "import": reverse("budgets:excel_import", kwargs=kwargs),
        "preview": reverse("budgets:excel_import_preview", kwargs=kwargs),
        "confirm": reverse("budgets:excel_import_confirm", kwargs=kwargs),
    }


def _pending(request: FinsamRequest, plan_id: int) -> dict | None:
    return request.session.get(SESSION_KEY, {}).get(str(plan_id))


def _store(request: FinsamRequest, plan_id: int, data: dict | None) -> None:
    stash = dict(request.session.get(SESSION_KEY, {}))
    if data is None:
        stash.pop(str(plan_id), None)
    else:
        stash[str(plan_id)] = data
    request.session[SESSION_KEY] = stash


def _declared_length(request: FinsamRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@require_GET
@association_view(Cap.EXPORT)
def excel_export(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EXPORT)
    data = export_input_for_plan(
        plan, exported_by=request.user.get_full_name() or str(request.user)
    )
    response = HttpResponse(workbook_bytes(data), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{export_filename(plan)}"'
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_BUDGET)
def excel_import(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
    problems: list[str] = []
    preview = None
    if request.method == "POST" and _declared_length(request) > MAX_UPLOAD_BYTES + 64 * 1024:
        # Refused on the declared length, before Django reads (and spools) the body.
        problems = [_("Filen är för stor (högst 2 MB).")]
        return render(
            request,
            "budgets/excel_import.html",
            plan_context(request, plan, form=ImportForm(), problems=problems, urls=_urls(plan)),
            status=413,
        )
    form = ImportForm(request.POST, request.FILES) if request.method == "POST" else ImportForm()
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read(MAX_UPLOAD_BYTES + 1)
        preview = read_import(plan, data, upload.name)
        if preview.ok:
            pending = preview.to_session()
            pending["token"] = secrets.token_urlsafe(16)
            _store(request, plan.pk, pending)
            return redirect(_urls(plan)["preview"])
        _store(request, plan.pk, None)
        problems = [str(p) for p in preview.problems]
    status = 422 if problems or form.errors else 200
    return render(
        request,
        "budgets/excel_import.html",
        plan_context(
            request,
            plan,
            form=form,
            problems=problems,
            # What else the refused file would do, so it is fixed once.
            notices=preview.notices if preview and problems else [],
            renamed=preview.renamed if preview and problems else [],
            labels_edited=preview.labels_edited if preview and problems else [],
            urls=_urls(plan),
        ),
        status=status,
    )


@require_GET
@association_view(Cap.EDIT_BUDGET)
def excel_import_preview(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
    pending = _pending(request, plan.pk)
    if pending is None:
        messages.info(request, _("Ladda upp en fil för att se vad som ändras."))
        return redirect(_urls(plan)["import"])
    preview = ImportPreview.from_session(pending)
    rows = [
        {
            "change": c,
            "old": c.old,
            "new": c.new,
            "difference": c.difference,
        }
        for c in preview.changes
    ]
    return render(
        request,
        "budgets/excel_preview.html",
        plan_context(
            request,
            plan,
            preview=preview,
            rows=rows,
            token=pending["token"],
            urls=_urls(plan),
        ),
    )


@require_POST
@association_view(Cap.EDIT_BUDGET)
def excel_import_confirm(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_BUDGET)
    urls = _urls(plan)
    pending = _pending(request, plan.pk)
    if request.POST.get("cancel"):
        _store(request, plan.pk, None)
        messages.info(request, _("Importen avbröts. Ingenting har sparats."))
        return redirect(urls["import"])
    if pending is None or not secrets.compare_digest(
        str(request.POST.get("token", "")), str(pending.get("token", ""))
    ):
        messages.error(request, _("Förhandsgranskningen finns inte längre. Ladda upp filen igen."))
        return redirect(urls["import"])
    preview = ImportPreview.from_session(pending)
    try:
        count = apply_import(user=request.user, plan=plan, preview=preview)
    except ImportConflict as exc:
        _store(request, plan.pk, None)
        messages.error(request, str(exc))
        return redirect(urls["import"])
    _store(request, plan.pk, None)
    if count:
        messages.success(
            request,
            _("Importen är klar: %(n)s belopp har ändrats.") % {"n": count},
        )
    else:
        messages.info(request, _("Filen innehöll inga ändringar. Ingenting har ändrats."))
    return redirect("budgets:edit", assoc=plan.association.slug, plan_id=plan.pk)
