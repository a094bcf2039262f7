"""Text sections: ordered list, rich-text editor with htmx autosave, pictures, data previews."""

from __future__ import annotations

from html import escape

from django import forms
from django.contrib import messages
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from finsam.access import association_view, get_plan
from finsam.request import FinsamRequest, form_status
from members.roles import Cap, role_can

from . import services
from .forms import ImageUploadForm, SectionAddForm, SectionForm
from .locking import EditConflict
from .models import Plan, Section
from .nav import plan_context, plan_url
from .outline import help_for
from .richtext import html_to_text, images_dropped, sanitise_html
from .tables import data_for_section


def _excerpt(text: str, length: int = 220) -> str:
    """The start of a section's text for the list, with an ellipsis where it was cut."""
    return text if len(text) <= length else text[:length] + "…"


def _section(plan: Plan, section_id: int) -> Section:
    return get_object_or_404(Section, pk=section_id, plan=plan)


@require_http_methods(["GET"])
@association_view(Cap.READ_APPROVED)
def sections(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    rows = list(plan.sections.all())
    base = plan_url(plan, "plans:sections")
    for s in rows:
        # URLs built once from the list's own address (see plans/urls.py), not reversed per row.
        s.edit_url = f"{base}{s.pk}/"
        s.move_url = f"{s.edit_url}flytta/"
        s.delete_url = f"{s.edit_url}ta-bort/"
        s.help = help_for(s)
        s.excerpt = _excerpt(html_to_text(s.body))
    can_edit = role_can(request.role, Cap.EDIT_PLAN) and not plan.is_frozen
    return render(
        request,
        "plans/sections.html",
        plan_context(
            request,
            plan,
            sections=rows,
            can_edit=can_edit,
            add_form=SectionAddForm() if can_edit else None,
        ),
    )


@require_POST
@association_view(Cap.EDIT_PLAN)
def section_add(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    form = SectionAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Skriv en rubrik för det nya avsnittet."))
        return redirect(plan_url(plan, "plans:sections"))
    section = services.section_create(
        user=request.user, plan=plan, title=form.cleaned_data["title"]
    )
    return redirect(_edit_url(plan, section))


def _edit_url(plan: Plan, section: Section) -> str:
    return reverse(
        "plans:section_edit",
        kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, "section_id": section.pk},
    )


def _status_context(
    section: Section, *, conflict: Section | None = None, error: str = "", dropped: int = 0
) -> dict:
    return {
        "section": section,
        "dropped_message": _dropped_message(dropped) if dropped else "",
        "conflict": conflict,
        "conflict_body": mark_safe(sanitise_html(conflict.body)) if conflict else "",  # noqa: S308
        "saved_at": timezone.localtime() if not conflict and not error else None,
        "error": error,
    }


def _dropped_message(n: int) -> str:
    return ngettext(
        "%(n)s bild kunde inte sparas: inklistrade bilder (till exempel från Word) följer inte "
        "med. Lägg in bilden med knappen ”Bild”.",
        "%(n)s bilder kunde inte sparas: inklistrade bilder (till exempel från Word) följer inte "
        "med. Lägg in bilderna med knappen ”Bild”.",
        n,
    ) % {"n": n}


def _errors_with_labels(form: forms.Form) -> str:
    """The form's errors, each after its field's label: the autosave status stands below the
    text, away from the fields, so it must say which one is wrong (WCAG 3.3.1)."""
    parts = []
    for name, errors in form.errors.items():
        field = form.fields.get(name)
        label = field.label if field is not None and field.label else None
        parts.extend(f"{label}: {error}" if label else error for error in errors)
    return " ".join(parts)


@require_http_methods(["GET", "POST"])
@association_view(Cap.EDIT_PLAN)
def section_edit(request: FinsamRequest, assoc: str, plan_id: int, section_id: int) -> HttpResponse:
    """The editor. An htmx POST (autosave) answers with the save status only."""
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    section = _section(plan, section_id)
    form = SectionForm(request.POST or None, instance=section)
    conflict = None
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            expected = data.get("overwrite") or data.get("version")
            try:
                section = services.section_update(
                    user=request.user,
                    section=section,
                    expected_version=expected,
                    title=data["title"],
                    included=data["included"],
                    progress=data["progress"],
                    body=data["body"],
                )
            except EditConflict as exc:
                conflict = exc.current
            else:
                dropped = images_dropped(data["body"], cleaned=section.body)
                if request.htmx:
                    # A fresh unbound form: its fields' error boxes come back empty, which
                    # takes the mark of an earlier refused save off them.
                    return render(
                        request,
                        "plans/section_edit.html#autosave",
                        {
                            **_status_context(section, dropped=dropped),
                            "form": SectionForm(instance=section),
                        },
                    )
                messages.success(request, _("Avsnittet ”%(t)s” är sparat.") % {"t": section.title})
                if dropped:
                    messages.warning(request, _dropped_message(dropped))
                return redirect(plan_url(plan, "plans:sections"))
        if request.htmx:
            error = (
                ""
                if conflict
                else _("Avsnittet kunde inte sparas: %(e)s") % {"e": _errors_with_labels(form)}
            )
            section.version = form.data.get("version") or section.version
            # The fields' errors go to the fields as on the page without JavaScript (out of
            # band); the fields themselves are not sent back, so the user's typing stays.
            return render(
                request,
                "plans/section_edit.html#autosave",
                {**_status_context(section, conflict=conflict, error=error), "form": form},
                status=200,
            )
    if conflict:
        # The page keeps the version this editor started from: a plain "Spara" must meet the
        # conflict again; only "Spara min text över den andra versionen" replaces the other text.
        section.version = form.data.get("version") or section.version
    preview = data_for_section(plan, section)
    return render(
        request,
        "plans/section_edit.html",
        plan_context(
            request,
            plan,
            section=section,
            form=form,
            help=help_for(section),
            preview=preview,
            image_form=ImageUploadForm(),
            conflict=conflict,
            conflict_body=_status_context(section, conflict=conflict)["conflict_body"]
            if conflict
            else "",
        ),
        status=409 if conflict else form_status(request, form),
    )


@require_POST
@association_view(Cap.EDIT_PLAN)
def section_move(request: FinsamRequest, assoc: str, plan_id: int, section_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    section = _section(plan, section_id)
    direction = request.POST.get("direction")
    if direction not in {"up", "down"}:
        return HttpResponseBadRequest(_("Ange upp eller ned."))
    services.section_move(user=request.user, section=section, direction=direction)
    return redirect(plan_url(plan, "plans:sections") + f"#section-{section.pk}")


@require_POST
@association_view(Cap.EDIT_PLAN)
def section_delete(
    request: FinsamRequest, assoc: str, plan_id: int, section_id: int
) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    section = _section(plan, section_id)
    if section.key:
        # Standard sections are left out rather than deleted, so checks still know them.
        services.section_update(
            user=request.user, section=section, expected_version=None, included=False
        )
        messages.success(request, _("”%(t)s” är inte längre med i planen.") % {"t": section.title})
    else:
        services.section_delete(user=request.user, section=section)
        messages.success(request, _("Avsnittet ”%(t)s” är borttaget.") % {"t": section.title})
    return redirect(plan_url(plan, "plans:sections"))


@require_POST
@association_view(Cap.EDIT_PLAN)
def section_image(
    request: FinsamRequest, assoc: str, plan_id: int, section_id: int
) -> HttpResponse:
    """Upload a picture. JSON for the editor; without JS it is appended to the text."""
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    section = _section(plan, section_id)
    form = ImageUploadForm(request.POST, request.FILES)
    wants_json = "application/json" in request.headers.get("Accept", "")
    if not form.is_valid():
        message = " ".join(m for msgs in form.errors.values() for m in msgs)
        if wants_json:
            return JsonResponse({"error": message}, status=400)
        messages.error(request, message)
        return redirect(_edit_url(plan, section))
    url = services.section_image_store(
        user=request.user, plan=plan, image=form.cleaned_data["image"]
    )
    alt = form.cleaned_data["alt"]
    if wants_json:
        return JsonResponse({"url": url, "alt": alt})
    body = section.body + f'<p><img src="{escape(url)}" alt="{escape(alt)}"></p>'
    services.section_update(user=request.user, section=section, expected_version=None, body=body)
    messages.success(request, _("Bilden är tillagd sist i texten."))
    return redirect(_edit_url(plan, section))


@require_POST
@association_view(Cap.EDIT_PLAN)
def section_paste(
    request: FinsamRequest, assoc: str, plan_id: int, section_id: int
) -> HttpResponse:
    """What the editor is about to paste, cleaned by the sanitiser the save uses (JSON).

    The browser's own paste drops Word's list markup (its `mso-list` styles) before any script
    sees the result, so the editor sends the clipboard's HTML here and inserts the answer: the
    writer sees the lists, headings and tables that will be saved. Nothing is stored.
    """
    plan = get_plan(request, plan_id, Cap.EDIT_PLAN)
    _section(plan, section_id)
    pasted = request.POST.get("html", "")
    cleaned = sanitise_html(pasted)
    dropped = images_dropped(pasted, cleaned=cleaned)
    return JsonResponse({"html": cleaned, "message": _dropped_message(dropped) if dropped else ""})
