"""Review pages: thin views over plans.review.services."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from finsam.access import association_view, get_plan
from finsam.request import FinsamRequest
from members.roles import Cap, role_can
from plans.locking import EditConflict
from plans.models import Plan
from plans.nav import plan_context
from plans.pdf.naming import pdf_filename

from . import diff, services
from .forms import ApproveForm, AuditFilterForm, CommentForm, ReplyForm, SendForm, VersionForm
from .models import ApprovedDocument, Comment


def _index_url(plan: Plan) -> str:
    return reverse("review:index", kwargs={"assoc": plan.association.slug, "plan_id": plan.pk})


def _errors(request: FinsamRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


def _conflict(request: FinsamRequest, exc: EditConflict) -> None:
    current = exc.current
    messages.error(
        request,
        _(
            "Någon annan har ändrat planen medan du hade sidan öppen (nu: %(status)s). "
            "Inget sparades; sidan visar läget nu."
        )
        % {"status": current.get_status_display()},
    )


# A confirmation about one comment thread is shown in that thread, where the page lands
# (#kommentar-<id>-status), not at the top of the page, out of view.
THREAD_TAG = "kommentar-"


def _thread_url(plan: Plan, thread_id: int, *, status: bool = False) -> str:
    """The thread on the review page; `status`: its confirmation, where the focus lands."""
    return f"{_index_url(plan)}#{THREAD_TAG}{thread_id}{'-status' if status else ''}"


def _thread_done(request: FinsamRequest, plan: Plan, thread_id: int, text: str) -> HttpResponse:
    """Confirm a change to a thread in the thread itself, and go there."""
    messages.success(request, text, extra_tags=f"{THREAD_TAG}{thread_id}")
    return HttpResponseRedirect(_thread_url(plan, thread_id, status=True))


def _thread_notices(request: FinsamRequest, threads: list[Comment]) -> list:
    """Give each thread its confirmation (`.notice`, or None); the page's other messages."""
    notices: dict[int, object] = {}
    rest = []
    for message in messages.get_messages(request):
        tag = message.extra_tags or ""
        thread_id = tag.removeprefix(THREAD_TAG)
        if tag.startswith(THREAD_TAG) and thread_id.isdigit() and int(thread_id) not in notices:
            notices[int(thread_id)] = message
        else:
            rest.append(message)
    for thread in threads:
        thread.notice = notices.pop(thread.pk, None)
    return rest + list(notices.values())  # a thread no longer there: at the top


def _version(request: FinsamRequest) -> int | None:
    form = VersionForm(request.POST)
    return form.cleaned_data.get("version") if form.is_valid() else None


@require_GET
@association_view(Cap.READ_APPROVED)
def index(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    role = request.role
    show_checks = not plan.is_frozen and role_can(role, Cap.EDIT_PLAN)
    checks = services.plan_checks_for_board(plan) if show_checks else []
    threads = services.review_threads(plan)
    top_messages = _thread_notices(
        request, [*threads.open, *threads.open_at_decision, *threads.resolved]
    )
    document = ApprovedDocument.objects.filter(plan=plan).first()
    same_year = Plan.objects.filter(association_id=plan.association_id, year=plan.year)
    if not role_can(role, Cap.READ_DRAFT):  # an auditor is not shown drafts they cannot open
        same_year = same_year.filter(status__in=[Plan.Status.APPROVED, Plan.Status.SUPERSEDED])
    same_year = list(same_year.order_by("-revision"))
    closed = services.comments_closed(plan)
    context = plan_context(
        request,
        plan,
        checks=checks,
        has_errors=any(c.level == "error" for c in checks),
        open_threads=threads.open,
        open_at_decision=threads.open_at_decision,
        resolved_threads=threads.resolved,
        # A thread just resolved is shown with its confirmation, not folded away.
        resolved_expanded=any(t.notice for t in threads.resolved),
        messages=top_messages,
        comments_closed=closed.reason,
        in_force=closed.in_force,
        open_revision=closed.open_revision,
        readers=services.read_status(plan) if services.sees_readers(role) else None,
        document=document,
        same_year=same_year,
        send_form=SendForm(initial={"version": plan.version}),
        comment_form=CommentForm(),
        can_comment=role_can(role, Cap.COMMENT) and not plan.is_frozen,
        can_record_decision=role_can(role, Cap.APPROVE)
        and plan.status in services.AWAITING_DECISION,
        base=diff.default_base(plan),
    )
    return render(request, "review/index.html", context)


@require_GET
@association_view(Cap.READ_APPROVED)
def read(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    """The whole plan for reading, with comment links; records that a board member read it."""
    plan = get_plan(request, plan_id)
    services.read_receipt_record(user=request.user, plan=plan)
    decided = services.decided_reading_html(plan)
    if decided is not None:  # a decided plan reads as it did at the decision
        context = plan_context(request, plan, decided_html=decided)
        return render(request, "review/read.html", context)
    reading = services.plan_reading(plan)
    return render(
        request,
        "review/read.html",
        plan_context(
            request,
            plan,
            # A plan with no section included yet is read as its goals, interventions and budget.
            doc=reading.doc if reading.doc.sections else None,
            sections=reading.sections,
            interventions=reading.interventions,
            goals=reading.goals,
            budget=reading.budget,
            budget_lines=reading.budget_lines,
            can_comment=role_can(request.role, Cap.COMMENT) and not plan.is_frozen,
            comment_url=reverse(
                "review:comment_new", kwargs={"assoc": plan.association.slug, "plan_id": plan.pk}
            ),
        ),
    )


@require_POST
@association_view(Cap.EDIT_PLAN)
def send(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    form = SendForm(request.POST)
    form.is_valid()
    try:
        result = services.plan_send_to_board(
            user=request.user,
            plan=plan,
            expected_version=form.cleaned_data.get("version"),
            acknowledge_errors=form.cleaned_data.get("acknowledge_errors", False),
            base_url=request.build_absolute_uri("/"),
        )
    except ValidationError as exc:
        _errors(request, exc)
    except EditConflict as exc:
        _conflict(request, exc)
    else:
        # Counted as people in the board: the chair is mailed too, not only "ledamöter".
        msg = ngettext(
            "Planen är skickad till styrelsen. %(n)s person i styrelsen har fått e-post.",
            "Planen är skickad till styrelsen. %(n)s personer i styrelsen har fått e-post.",
            result.notified,
        ) % {"n": result.notified}
        if result.without_email:
            msg += " " + _("%(n)s saknar e-postadress och behöver få länken på annat sätt.") % {
                "n": result.without_email
            }
        messages.success(request, msg)
    return redirect(_index_url(plan))


def _status_action(
    request: FinsamRequest, plan_id: int, service: Callable[..., Plan], done: str
) -> HttpResponse:
    """A status change (to draft, to consultation, back from it): one service, one message."""
    plan = get_plan(request, plan_id)
    try:
        service(user=request.user, plan=plan, expected_version=_version(request))
    except ValidationError as exc:
        _errors(request, exc)
    except EditConflict as exc:
        _conflict(request, exc)
    else:
        messages.success(request, done)
    return redirect(_index_url(plan))


@require_POST
@association_view(Cap.EDIT_PLAN)
def to_draft(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    return _status_action(
        request, plan_id, services.plan_return_to_draft, _("Planen är tillbaka som utkast.")
    )


@require_POST
@association_view(Cap.EDIT_PLAN)
def consultation(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    return _status_action(
        request,
        plan_id,
        services.plan_send_to_consultation,
        _("Planen är på remiss hos medlemmarna."),
    )


@require_POST
@association_view(Cap.EDIT_PLAN)
def consultation_end(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    return _status_action(
        request,
        plan_id,
        services.plan_end_consultation,
        _("Remissen är avslutad; planen är tillbaka hos styrelsen."),
    )


@require_http_methods(["GET", "POST"])
@association_view(Cap.APPROVE)
def approve(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    posted = request.method == "POST"
    can_approve_now = plan.status in services.AWAITING_DECISION
    before = services.before_decision(plan) if can_approve_now else None
    form = ApproveForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"version": plan.version},
        open_comments=before.open_comments if before else 0,
    )
    earliest, latest = services.decision_date_range(plan)
    form.fields["decision_date"].widget.attrs.update(
        min=earliest.isoformat(), max=latest.isoformat()
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.plan_approve(
                    user=request.user,
                    plan=plan,
                    decision_date=data["decision_date"],
                    paragraph=data["paragraph"],
                    registry_number=data["registry_number"],
                    minutes=data.get("minutes") or None,
                    expected_version=data.get("version"),
                    acknowledge_open_comments=data.get("acknowledge_open_comments", False),
                )
            except ValidationError as exc:
                if hasattr(exc, "error_dict"):
                    for name, errors in exc.message_dict.items():
                        form.add_error(name if name in form.fields else None, errors)
                else:
                    form.add_error(None, exc.messages)
            except EditConflict as exc:
                _conflict(request, exc)
                return redirect(_index_url(plan))
            else:
                messages.success(
                    request, _("Beslutet är registrerat. Planen är fastställd och låst.")
                )
                return redirect(_index_url(plan))
        status = 422
    return render(
        request,
        "review/approve.html",
        plan_context(request, plan, form=form, can_approve_now=can_approve_now, before=before),
        status=status,
    )


@require_POST
@association_view(Cap.EDIT_PLAN)
def revision(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    try:
        new = services.plan_start_revision(user=request.user, plan=plan)
    except ValidationError as exc:
        _errors(request, exc)
        return redirect(_index_url(plan))
    messages.success(
        request,
        _("Revision %(n)s är påbörjad som utkast. Den beslutade planen gäller tills vidare.")
        % {"n": new.revision},
    )
    return redirect(_index_url(new))


@require_GET
@association_view(Cap.READ_APPROVED)
def approved_pdf(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    doc = ApprovedDocument.objects.filter(plan=plan).exclude(sha256="").first()
    if doc is None or not doc.pdf:
        messages.info(request, _("Det finns ingen fastställd PDF för planen ännu."))
        return redirect(_index_url(plan))
    return FileResponse(doc.pdf.open("rb"), as_attachment=True, filename=pdf_filename(plan))


@require_POST
@association_view(Cap.APPROVE)
def approved_pdf_create(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    try:
        services.approved_document_ensure(plan)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Den fastställda PDF:en är sparad."))
    return redirect(_index_url(plan))


@require_GET
@association_view(Cap.READ_APPROVED)
def minutes(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    if not plan.minutes:
        messages.info(request, _("Inget protokoll är bifogat."))
        return redirect(_index_url(plan))
    filename = f"protokoll-{plan.association.slug}-{plan.year}-r{plan.revision}.pdf"
    return FileResponse(plan.minutes.open("rb"), as_attachment=True, filename=filename)


@require_GET
@association_view(Cap.READ_APPROVED)
def compare(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    candidates = [
        p
        for p in diff.comparable_plans(plan)
        if p.is_frozen or role_can(request.role, Cap.READ_DRAFT)
    ]
    chosen = request.GET.get("mot", "")
    # The base is picked among the candidates, so it is one the user may read (and is loaded).
    base_id = chosen or diff.default_base_id(plan)
    base = next((p for p in candidates if str(p.pk) == str(base_id)), None)
    if chosen and base is None:
        messages.error(request, _("Den planen finns inte att jämföra med."))
    comparison = diff.compare_plans(base, plan) if base is not None else None
    return render(
        request,
        "review/compare.html",
        plan_context(request, plan, candidates=candidates, base=base, comparison=comparison),
    )


AUDIT_PAGE = 50


@require_GET
@association_view(Cap.AUDIT)
def audit(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    form = AuditFilterForm(request.GET or None, models=services.audit_models(plan))
    entries = services.audit_entries(plan, **(form.cleaned_data if form.is_valid() else {}))
    page = Paginator(entries, AUDIT_PAGE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "review/audit.html",
        plan_context(request, plan, form=form, page=page, query=query.urlencode()),
    )


@require_http_methods(["GET", "POST"])
@association_view(Cap.COMMENT)
def comment_new(request: FinsamRequest, assoc: str, plan_id: int) -> HttpResponse:
    plan = get_plan(request, plan_id)
    closed = services.comments_closed(plan)
    if closed.reason:  # said before anything about the comment itself, and no form is offered
        return render(
            request,
            "review/comment_form.html",
            plan_context(
                request,
                plan,
                closed=closed.reason,
                in_force=closed.in_force,
                open_revision=closed.open_revision,
            ),
            status=403 if request.method == "POST" else 200,
        )
    source = request.POST if request.method == "POST" else request.GET
    initial = {"target_kind": source.get("typ", ""), "target_id": source.get("id") or None}
    form = CommentForm(request.POST if request.method == "POST" else None, initial=initial)
    target = None
    target_error = ""
    kind = request.POST.get("target_kind") if request.method == "POST" else initial["target_kind"]
    raw_id = request.POST.get("target_id") if request.method == "POST" else initial["target_id"]
    try:
        target_id = int(raw_id) if raw_id else None
        target = services.resolve_target(plan, kind or "", target_id)
    except (ValueError, ValidationError):
        target_error = _("Det du vill kommentera finns inte i planen.")
    status = 200
    if request.method == "POST":
        if form.is_valid() and not target_error:
            try:
                comment = services.comment_add(
                    user=request.user,
                    plan=plan,
                    body=form.cleaned_data["body"],
                    target_kind=kind or "",
                    target_id=target.pk if target else None,
                )
            except ValidationError as exc:
                form.add_error(None, exc.messages)
            else:
                return _thread_done(request, plan, comment.pk, _("Din kommentar är sparad."))
        if target_error:
            form.add_error(None, target_error)
        status = 422
    return render(
        request,
        "review/comment_form.html",
        plan_context(
            request,
            plan,
            form=form,
            target=target,
            target_label=services.target_label(target) if target else "",
            target_error=target_error,
        ),
        status=status,
    )


def _comment(plan: Plan, comment_id: int) -> Comment:
    return get_object_or_404(Comment, pk=comment_id, plan=plan)


@require_POST
@association_view(Cap.COMMENT)
def comment_reply(
    request: FinsamRequest, assoc: str, plan_id: int, comment_id: int
) -> HttpResponse:
    plan = get_plan(request, plan_id)
    parent = _comment(plan, comment_id)
    thread_id = parent.parent_id or parent.pk
    form = ReplyForm(request.POST)
    closed = services.comments_closed_reason(plan)
    if closed:  # before anything about the answer itself
        messages.error(request, closed)
    elif form.is_valid():
        try:
            services.comment_add(
                user=request.user, plan=plan, body=form.cleaned_data["body"], parent=parent
            )
        except ValidationError as exc:
            _errors(request, exc)
        else:
            return _thread_done(request, plan, thread_id, _("Ditt svar är sparat."))
    else:
        messages.error(request, _("Skriv ett svar innan du skickar."))
    return HttpResponseRedirect(_thread_url(plan, thread_id))


def _resolve(request: FinsamRequest, plan_id: int, comment_id: int, resolved: bool) -> HttpResponse:
    plan = get_plan(request, plan_id)
    comment = _comment(plan, comment_id)
    thread_id = comment.parent_id or comment.pk
    try:
        services.comment_resolve(user=request.user, comment=comment, resolved=resolved)
    except ValidationError as exc:
        _errors(request, exc)
        return HttpResponseRedirect(_thread_url(plan, thread_id))
    done = _("Tråden är markerad som klar.") if resolved else _("Tråden är öppen igen.")
    return _thread_done(request, plan, thread_id, done)


@require_POST
@association_view(Cap.COMMENT)
def comment_resolve(
    request: FinsamRequest, assoc: str, plan_id: int, comment_id: int
) -> HttpResponse:
    return _resolve(request, plan_id, comment_id, True)


@require_POST
@association_view(Cap.COMMENT)
def comment_reopen(
    request: FinsamRequest, assoc: str, plan_id: int, comment_id: int
) -> HttpResponse:
    return _resolve(request, plan_id, comment_id, False)
