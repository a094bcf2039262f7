"""The Export tab: the plan as PDF (accessible and archival) and the Excel links.

Drafts are rendered by a task (plans/pdf/tasks.py); the page polls its status with htmx and
offers the file when it is ready. The running or finished job of each plan and variant is
remembered in the user's session. An approved plan's PDF is the one stored at approval
(plans.review.models.ApprovedDocument) and is served straight from storage.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.tasks import TaskResultStatus
from django.tasks.exceptions import TaskResultDoesNotExist, TaskResultMismatch
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from finsam.access import association_view, can_open, get_plan
from finsam.request import FinsamRequest
from members.roles import Cap
from plans.models import Plan
from plans.nav import plan_context
from plans.review.models import ApprovedDocument
from plans.services import plan_in_force

from .naming import pdf_filename
from .render import ARCHIVAL, UA
from .tasks import ensure_approved_pdf_task, render_plan_pdf_task

KINDS = {"pdf": UA, "pdfa": ARCHIVAL}  # form value → WeasyPrint variant
SESSION_KEY = "pdf_jobs"


@dataclass(frozen=True)
class Job:
    """What the page shows about one render: queued, running, done (with file) or failed."""

    kind: str  # "pdf" or "pdfa"
    state: str  # "none", "queued", "running", "done", "failed"
    path: str = ""
    checksum: str = ""
    size: int = 0
    seconds: float | None = None
    rendered_at: datetime | None = None
    outdated: bool = False  # the association's data changed after the render started

    @property
    def finished(self) -> bool:
        return self.state in ("none", "done", "failed")


def _key(plan: Plan, kind: str) -> str:
    return f"{plan.pk}:{kind}"


def _remember(request: FinsamRequest, plan: Plan, kind: str, entry: dict) -> None:
    jobs = dict(request.session.get(SESSION_KEY, {}))
    jobs[_key(plan, kind)] = entry
    request.session[SESSION_KEY] = jobs


def _from_result(kind: str, value: dict, outdated: bool = False) -> Job:
    return Job(
        kind,
        "done",
        path=value["path"],
        checksum=value["checksum"],
        size=value["size"],
        seconds=value.get("seconds"),
        rendered_at=datetime.fromisoformat(value["rendered_at"])
        if "rendered_at" in value
        else None,
        outdated=outdated,
    )


def job_for(request: FinsamRequest, plan: Plan, kind: str) -> Job:
    """The state of this user's latest render of the plan (as PDF or PDF/A)."""
    entry = request.session.get(SESSION_KEY, {}).get(_key(plan, kind))
    if not entry or (plan.is_frozen and not entry.get("frozen")):
        # A render made before the decision is a draft's file (marked UTKAST): it must not be
        # offered under the decided plan's name while the official PDF is being made.
        return Job(kind, "none")
    # The data stamp (finsam.freshness) read when the render was asked for: a draft whose data
    # changed since then is marked, so nobody sends the board an old file by mistake.
    stamp = entry.get("stamp")
    outdated = not plan.is_frozen and stamp is not None and stamp != plan.association.data_stamp
    if "result" in entry:
        return _from_result(kind, entry["result"], outdated)
    task = ensure_approved_pdf_task if entry.get("approved") else render_plan_pdf_task
    try:
        result = task.get_result(entry["task"])
    except (TaskResultDoesNotExist, TaskResultMismatch, NotImplementedError):
        return Job(kind, "none")
    if result.status == TaskResultStatus.SUCCESSFUL:
        # Keep the outcome in the session: the task row may be pruned later.
        kept = {"result": result.return_value, "stamp": stamp, "frozen": entry.get("frozen")}
        _remember(request, plan, kind, kept)
        return _from_result(kind, result.return_value, outdated)
    if result.status == TaskResultStatus.FAILED:
        return Job(kind, "failed")
    return Job(kind, "running" if result.status == TaskResultStatus.RUNNING else "queued")


def _approved_document(plan: Plan) -> ApprovedDocument | None:
    """The PDF stored at approval, or None (not approved, or stored before this existed)."""
    if not plan.is_frozen:
        return None
    return ApprovedDocument.objects.filter(plan=plan).exclude(pdf="").first()


def _excel_links(request: FinsamRequest, plan: Plan) -> list[tuple[str, str]]:
    """Export for everyone here; import only for those who may change the budget."""
    kwargs = {"assoc": plan.association.slug, "plan_id": plan.pk}
    links = [
        (reverse(name, kwargs=kwargs), str(label))
        for name, label in (
            ("budgets:excel_export", _("Budgeten som Excel-fil")),
            ("budgets:excel_import", _("Läs in budgeten från en Excel-fil")),
        )
    ]
    return [
        (url, label) for url, label in links if can_open(request.role, url, frozen=plan.is_frozen)
    ]


def _context(request: FinsamRequest, plan: Plan) -> dict[str, Any]:
    approved = _approved_document(plan)
    return plan_context(
        request,
        plan,
        approved=approved,
        pdf_job=None if approved else job_for(request, plan, "pdf"),
        pdfa_job=job_for(request, plan, "pdfa"),
        excel_links=_excel_links(request, plan),
        in_force=plan_in_force(plan),
    )


@require_GET
@association_view(Cap.EXPORT)
def index(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id, Cap.EXPORT)
    return render(request, "pdf/index.html", _context(request, plan))


@require_GET
@association_view(Cap.EXPORT)
def status(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    """The jobs' status region; htmx polls it while a render is under way."""
    plan = get_plan(request, plan_id, Cap.EXPORT)
    template = "pdf/index.html#jobs" if request.htmx else "pdf/index.html"
    return render(request, template, _context(request, plan))


@require_POST
@association_view(Cap.EXPORT)
def start(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    """Queue a render of the plan as PDF/UA (drafts) or PDF/A (any plan)."""
    plan = get_plan(request, plan_id, Cap.EXPORT)
    kind = request.POST.get("kind", "")
    if kind not in KINDS or (kind == "pdf" and _approved_document(plan) is not None):
        messages.error(request, _("Okänd eller onödig export. Välj PDF eller arkiv-PDF."))
        return redirect("pdf:index", assoc=assoc, plan_id=plan.pk)
    if not job_for(request, plan, kind).finished:
        return _after_start(request, plan)  # one render at a time per plan and kind
    # An approved plan's PDF is the official one, made once and kept (plans.review).
    official = kind == "pdf" and plan.is_frozen
    if official:
        result = ensure_approved_pdf_task.enqueue(plan.pk)
    else:
        result = render_plan_pdf_task.enqueue(plan.pk, KINDS[kind])
    stamp = plan.association.data_stamp  # read with the plan, before the render reads the data
    entry = {"stamp": stamp, "frozen": plan.is_frozen}
    if result.status == TaskResultStatus.SUCCESSFUL:  # an immediate backend (tests)
        entry["result"] = result.return_value
    else:
        entry.update(task=str(result.id), approved=official)
    _remember(request, plan, kind, entry)
    return _after_start(request, plan)


def _after_start(request: FinsamRequest, plan: Plan) -> HttpResponse:
    if request.htmx:
        return render(request, "pdf/index.html#jobs", _context(request, plan))
    return redirect("pdf:index", assoc=plan.association.slug, plan_id=plan.pk)


def _serve(path: str, filename: str, checksum: str = "") -> FileResponse:
    try:
        handle = default_storage.open(path, "rb")
    except FileNotFoundError as exc:
        raise Http404(_("Filen finns inte längre. Skapa den igen.")) from exc
    response = FileResponse(handle, content_type="application/pdf", filename=filename)
    if checksum:
        response["X-Checksum-SHA256"] = checksum
    response["Cache-Control"] = "private, no-store"
    return response


@require_GET
@association_view(Cap.EXPORT)
def download(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    """The plan as tagged PDF: the stored approved document, or this user's finished render."""
    plan = get_plan(request, plan_id, Cap.EXPORT)
    approved = _approved_document(plan)
    if approved is not None:
        return _serve(approved.pdf.name, pdf_filename(plan), approved.sha256)
    job = job_for(request, plan, "pdf")
    if job.state != "done":
        messages.info(request, _("Skapa PDF-filen först; den är klar om några sekunder."))
        return redirect("pdf:index", assoc=assoc, plan_id=plan.pk)
    return _serve(job.path, pdf_filename(plan), job.checksum)


@require_GET
@association_view(Cap.EXPORT)
def download_archival(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    """The plan as PDF/A-2a for the archive (this user's finished render)."""
    plan = get_plan(request, plan_id, Cap.EXPORT)
    job = job_for(request, plan, "pdfa")
    if job.state != "done":
        messages.info(request, _("Skapa arkivfilen först; den är klar om några sekunder."))
        return redirect("pdf:index", assoc=assoc, plan_id=plan.pk)
    return _serve(job.path, pdf_filename(plan, "-pdfa"), job.checksum)
