"""The board's side of a plan: send, consult, approve, revise, comment, read receipts.

Every function is `<entity>_<action>(*, user, ...)`: it checks the user's capability in the
plan's association, validates, writes in one transaction through Model.save() (so the freeze
and the audit trail see it) and attributes the writes to `user` in the audit trail.
"""

from __future__ import annotations

import hashlib
import logging
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.mail import send_mass_mail
from django.db import models, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from budgets.calc import BudgetSummary
from budgets.services import budget_summary_for_plan
from finsam.access import require_role
from finsam.checks import Check
from finsam.language import in_plan_language
from members.models import Membership
from members.roles import Cap, Role, role_can
from plans.locking import lock_association, save_versioned
from plans.models import Goal, Intervention, Plan, PlanPart, Section
from plans.pdf.document import PlanDocument, plan_document
from plans.pdf.html import decided_document

from .audit import acting_as
from .freeze import allow_status_transition
from .models import ApprovedDocument, AuditEntry, Comment, ReadReceipt

if TYPE_CHECKING:
    from django.core.files.uploadedfile import UploadedFile

    from members.models import User

log = logging.getLogger(__name__)

MINUTES_MAX_BYTES = 10 * 1024 * 1024
BOARD_ROLES = (Role.BOARD, Role.CHAIR)
S = Plan.Status
# The statuses in which the board's decision can be recorded.
AWAITING_DECISION = (S.REVIEW, S.CONSULTATION)


# ---------------------------------------------------------------- access


def role_of(user: User, plan: Plan) -> str | None:
    return (
        Membership.objects.filter(user=user, association_id=plan.association_id)
        .values_list("role", flat=True)
        .first()
    )


def _require_status(plan: Plan, *allowed: str, message: str) -> None:
    if plan.status not in allowed:
        raise ValidationError(message)


def _set_status(plan: Plan, status: str, expected_version: int | None) -> None:
    plan.status = status
    save_versioned(plan, expected_version, update_fields=["status", "updated_at"])


# ---------------------------------------------------------------- checks


def plan_checks_for_board(plan: Plan) -> list[Check]:
    """The plan's own checks (plans, budget, indicators, contributions), errors first.

    The same cached figures as the plan overview (plans.services.plan_figures).
    """
    from plans.services import plan_figures

    order = {"error": 0, "warning": 1, "info": 2}
    return sorted(plan_figures(plan).checks, key=lambda c: order.get(c.level, 3))


@dataclass(frozen=True)
class BeforeDecision:
    """What the chair should know before recording the decision.

    Open comment threads must be confirmed (plan_approve's `acknowledge_open_comments`): a
    question the board has not settled should not be passed over unnoticed. The plan's
    remaining checks are for information; the board decides.
    """

    open_comments: int
    open_checks: int


def before_decision(plan: Plan) -> BeforeDecision:
    return BeforeDecision(
        open_comments=open_comment_count(plan), open_checks=len(plan_checks_for_board(plan))
    )


def open_comments_unconfirmed() -> str:
    return _(
        "Kryssa i att beslutet registreras trots de öppna kommentarerna, eller markera dem "
        "som klara först."
    )


# ---------------------------------------------------------------- workflow


def board_recipients(plan: Plan) -> list[User]:
    """Board members and the chair of the plan's association (users with a role there)."""
    return [
        m.user
        for m in Membership.objects.filter(
            association_id=plan.association_id, role__in=BOARD_ROLES
        ).select_related("user")
    ]


def _notify_board(plan: Plan, *, subject: str, intro: str, base_url: str) -> int:
    """Queue one e-mail per board member with a link to the reading view; sent on commit."""
    link = base_url.rstrip("/") + reverse(
        "review:read", kwargs={"assoc": plan.association.slug, "plan_id": plan.pk}
    )
    messages = []
    for user in board_recipients(plan):
        if not user.email:
            continue
        greeting = _("Hej %(name)s,") % {"name": user.get_full_name() or user.get_username()}
        body = f"{greeting}\n\n{intro}\n\n{link}\n\n{plan.association.name}\n"
        messages.append((subject, body, settings.DEFAULT_FROM_EMAIL, [user.email]))
    if messages:
        transaction.on_commit(lambda: send_mass_mail(messages, fail_silently=False))
    return len(messages)


@dataclass(frozen=True)
class SendResult:
    plan: Plan
    notified: int  # e-mails queued
    without_email: int  # board members without an e-mail address


@transaction.atomic
def plan_send_to_board(
    *,
    user: User,
    plan: Plan,
    expected_version: int | None = None,
    acknowledge_errors: bool = False,
    base_url: str = "",
    notify: bool = True,
) -> SendResult:
    """Draft → in review. Errors among the checks must be acknowledged to send anyway.

    `notify=False` (the demo loader, which replays past decisions) e-mails nobody."""
    require_role(user, plan.association_id, Cap.EDIT_PLAN)
    _require_status(plan, S.DRAFT, message=_("Bara ett utkast kan skickas till styrelsen."))
    errors = [c for c in plan_checks_for_board(plan) if c.level == "error"]
    if errors and not acknowledge_errors:
        raise ValidationError(
            _(
                "Kontrollerna visar %(n)s fel. Rätta dem, eller bekräfta att styrelsen ska få "
                "planen ändå."
            )
            % {"n": len(errors)}
        )
    with acting_as(user):
        _set_status(plan, S.REVIEW, expected_version)
    if not notify:
        return SendResult(plan, 0, 0)
    recipients = board_recipients(plan)
    # The board reads the plan's language, whatever language the director's pages are in.
    with in_plan_language():
        notified = _notify_board(
            plan,
            subject=_("Verksamhetsplan %(year)s att läsa inför styrelsen") % {"year": plan.year},
            intro=_("Förslaget till %(title)s finns nu att läsa och kommentera. Öppna det här:")
            % {"title": plan.display_title},
            base_url=base_url,
        )
    return SendResult(plan, notified, len(recipients) - notified)


@transaction.atomic
def plan_return_to_draft(*, user: User, plan: Plan, expected_version: int | None = None) -> Plan:
    """In review/consultation → draft, for changes before the board decides."""
    require_role(user, plan.association_id, Cap.EDIT_PLAN)
    _require_status(
        plan,
        S.REVIEW,
        S.CONSULTATION,
        message=_("Bara en plan hos styrelsen eller på remiss kan tas tillbaka till utkast."),
    )
    with acting_as(user):
        _set_status(plan, S.DRAFT, expected_version)
    return plan


@transaction.atomic
def plan_send_to_consultation(
    *, user: User, plan: Plan, expected_version: int | None = None
) -> Plan:
    """In review → in consultation with the members (the board adopted a proposal)."""
    require_role(user, plan.association_id, Cap.EDIT_PLAN)
    _require_status(plan, S.REVIEW, message=_("Bara en plan hos styrelsen kan skickas på remiss."))
    with acting_as(user):
        _set_status(plan, S.CONSULTATION, expected_version)
    return plan


@transaction.atomic
def plan_end_consultation(*, user: User, plan: Plan, expected_version: int | None = None) -> Plan:
    """In consultation → back with the board for its final decision."""
    require_role(user, plan.association_id, Cap.EDIT_PLAN)
    _require_status(plan, S.CONSULTATION, message=_("Planen är inte på remiss."))
    with acting_as(user):
        _set_status(plan, S.REVIEW, expected_version)
    return plan


def normalise_paragraph(text: str) -> str:
    """'§ 39', '§39', '39' → '39'."""
    return text.replace("§", "").strip()


def validate_minutes(upload: UploadedFile) -> bytes:
    if upload.size > MINUTES_MAX_BYTES:
        raise ValidationError(
            _("Protokollet är för stort. Största tillåtna storlek är %(mb)s MB.")
            % {"mb": MINUTES_MAX_BYTES // (1024 * 1024)}
        )
    data = upload.read()
    if not upload.name.lower().endswith(".pdf") or not data.startswith(b"%PDF-"):
        raise ValidationError(_("Protokollet måste vara en PDF-fil."))
    return data


def decision_date_range(plan: Plan) -> tuple[date, date]:
    """The dates a board can have decided the plan on: from 1 January of the year before the
    plan year (plans are decided in the autumn before, revisions during the year) to today."""
    return date(plan.year - 1, 1, 1), timezone.localdate()


@transaction.atomic
def plan_approve(
    *,
    user: User,
    plan: Plan,
    decision_date: date,
    paragraph: str,
    registry_number: str = "",
    minutes: UploadedFile | None = None,
    expected_version: int | None = None,
    acknowledge_open_comments: bool = False,
    render_pdf: bool = True,
    require_paragraph: bool = True,
) -> Plan:
    """Record the board's decision; the plan is frozen from here on.

    Open comment threads must be acknowledged (`acknowledge_open_comments`), as errors among
    the checks are when the plan is sent to the board.

    The plan it revises (and any other approved revision of the same year) becomes superseded.
    The plan's PDF is rendered and stored once with its SHA-256 (`render_pdf=False` leaves that
    to `approved_document_ensure`, e.g. for the demo loader).
    """
    require_role(user, plan.association_id, Cap.APPROVE)
    _require_status(
        plan,
        *AWAITING_DECISION,
        message=_("Planen måste ha skickats till styrelsen innan beslutet kan registreras."),
    )
    errors = {}
    earliest, latest = decision_date_range(plan)
    if decision_date is None:
        errors["decision_date"] = _("Ange sammanträdesdatum.")
    elif decision_date > latest:
        errors["decision_date"] = _("Sammanträdesdatumet kan inte ligga i framtiden.")
    elif decision_date < earliest:
        # a slip of the keyboard in a date field (0006-02-02) must not end up on every page
        errors["decision_date"] = _(
            "Sammanträdesdatumet ska ligga tidigast %(earliest)s, året före planåret."
        ) % {"earliest": earliest.isoformat()}
    paragraph = normalise_paragraph(paragraph or "")
    if not paragraph and require_paragraph:
        errors["paragraph"] = _("Ange paragrafen (§) i protokollet.")
    minutes_data = None
    if minutes is not None:
        try:
            minutes_data = validate_minutes(minutes)
        except ValidationError as exc:
            errors["minutes"] = exc.messages[0]
    if not acknowledge_open_comments and open_comment_count(plan):
        errors["acknowledge_open_comments"] = open_comments_unconfirmed()
    if errors:
        raise ValidationError(errors)
    # Deciding on the plan is having it in front of you, reading view or not: before the
    # save, so the receipt names the version the board decided.
    read_receipt_ensure(user=user, plan=plan)
    with acting_as(user):
        plan.decision_date = decision_date
        plan.decision_paragraph = paragraph[:20]
        plan.registry_number = (registry_number or "").strip()[:40]
        fields = ["decision_date", "decision_paragraph", "registry_number", "status", "updated_at"]
        if minutes_data is not None:
            name = f"minutes/{plan.association.slug}/{plan.year}-r{plan.revision}.pdf"
            plan.minutes.save(name, ContentFile(minutes_data), save=False)
            fields.append("minutes")
        plan.status = S.APPROVED
        plan.full_clean(exclude=["minutes"])
        save_versioned(plan, expected_version, update_fields=fields)
        older = list(
            Plan.objects.filter(
                association_id=plan.association_id, year=plan.year, status=S.APPROVED
            ).exclude(pk=plan.pk)
        )
        with allow_status_transition():
            for old in older:
                old.status = S.SUPERSEDED
                save_versioned(old, None, update_fields=["status", "updated_at"])
        kept = decided_document(plan)  # as it reads now, whatever becomes of member names
        ApprovedDocument.objects.create(
            plan=plan,
            approved_by=user,
            minutes_sha256=hashlib.sha256(minutes_data).hexdigest() if minutes_data else "",
            print_html=kept.print_html,
            reading_html=kept.reading_html,
        )
        if older:  # the outcomes measured so far follow the plan in force
            from indicators.services import outcomes_carry_over

            outcomes_carry_over(superseded=older, plan=plan)
    if render_pdf:
        transaction.on_commit(lambda: _ensure_quietly(plan))
    return plan


def _ensure_quietly(plan: Plan) -> None:
    try:
        approved_document_ensure(plan)
    except Exception:  # a failed render must not undo the decision; the page offers a retry
        log.exception("Could not render the approved PDF of plan %s", plan.pk)


def render_function() -> Callable[[Plan], bytes]:
    """plans.pdf's `render_plan_pdf`, imported on first use (WeasyPrint is slow to load)."""
    from plans.pdf.render import render_plan_pdf

    return render_plan_pdf


@transaction.atomic
def approved_document_ensure(plan: Plan) -> ApprovedDocument:
    """Render and store the approved plan's PDF once; later calls return the stored one.

    The PDF is written from the document kept at the decision (`ApprovedDocument.print_html`,
    see `render_plan_html`), so rendering it later gives the same document.
    """
    if not plan.is_frozen:
        raise ValidationError(_("Bara en beslutad plan har en fastställd PDF."))
    doc = ApprovedDocument.objects.select_for_update().filter(plan=plan).first()
    if doc is None:  # decided before the document was kept with the decision
        kept = decided_document(plan)
        doc = ApprovedDocument.objects.create(
            plan=plan, print_html=kept.print_html, reading_html=kept.reading_html
        )
    if doc.sha256:
        return doc
    data = render_function()(plan)
    name = f"approved/{plan.association.slug}/{plan.year}-r{plan.revision}.pdf"
    stored = default_storage.save(name, ContentFile(data))
    doc.pdf.name = stored
    doc.sha256 = hashlib.sha256(data).hexdigest()
    doc.size = len(data)
    doc.save()
    return doc


# ---------------------------------------------------------------- revisions


def _plan_part_models() -> list[type[models.Model]]:
    """Concrete PlanPart models, ordered so a model comes after the plan models it points to."""
    found = [m for m in apps.get_models() if issubclass(m, PlanPart) and not m._meta.proxy]
    ordered: list[type[models.Model]] = []

    def visit(m, seen=()):
        if m in ordered or m in seen:
            return
        for f in m._meta.concrete_fields:
            target = f.related_model if f.is_relation else None
            if target in found and target is not m:
                visit(target, (*seen, m))
        ordered.append(m)

    for m in found:
        visit(m)
    return ordered


def _rows_of(model: type[models.Model], plan: Plan) -> list[models.Model]:
    return list(model._base_manager.filter(**{model.plan_path: plan}).order_by("pk"))


def copy_plan(plan: Plan, **changes) -> Plan:
    """A full copy of the plan and everything in it (every PlanPart of every app).

    Foreign keys and many-to-many links between the plan's parts point to the copies;
    `lineage` and links to association data (members, tags, indicators) are kept.
    """
    data = {
        f.attname: getattr(plan, f.attname)
        for f in Plan._meta.concrete_fields
        if not f.primary_key and f.name not in {"version", "created_at", "updated_at", "minutes"}
    }
    data.update(changes)
    new_plan = Plan(**data)
    new_plan.save()
    mapping: dict[type[models.Model], dict[int, int]] = defaultdict(dict)
    mapping[Plan][plan.pk] = new_plan.pk
    copies: list[tuple[models.Model, models.Model]] = []
    self_links: list[tuple[models.Model, models.Field, int]] = []
    for model in _plan_part_models():
        for row in _rows_of(model, plan):
            values = {}
            for f in model._meta.concrete_fields:
                if f.primary_key or f.name == "version":
                    continue
                value = getattr(row, f.attname)
                if f.is_relation and value is not None:
                    target = f.related_model
                    if target is model:
                        self_links.append((row, f, value))
                        value = None
                    elif target is Plan or target in mapping or issubclass(target, PlanPart):
                        value = mapping.get(target, {}).get(value, value)
                values[f.attname] = value
            copy = model(**values)
            copy.save()
            mapping[model][row.pk] = copy.pk
            copies.append((row, copy))
    by_old = {(type(r), r.pk): c for r, c in copies}
    for row, f, value in self_links:
        copy = by_old[(type(row), row.pk)]
        setattr(copy, f.attname, mapping[type(row)].get(value))
        copy.save(update_fields=[f.name])
    for row, copy in copies:
        for f in type(row)._meta.many_to_many:
            target = f.related_model
            ids = list(getattr(row, f.name).values_list("pk", flat=True))
            if ids:
                getattr(copy, f.name).set([mapping.get(target, {}).get(i, i) for i in ids])
    return new_plan


@transaction.atomic
def plan_start_revision(*, user: User, plan: Plan) -> Plan:
    """A new draft revision of an approved plan, for the same year; the approved one stays."""
    require_role(user, plan.association_id, Cap.EDIT_PLAN)
    _require_status(
        plan, S.APPROVED, message=_("Bara den gällande beslutade planen kan revideras.")
    )
    lock_association(plan.association_id)
    pending = Plan.objects.filter(
        association_id=plan.association_id, year=plan.year, revises=plan
    ).exclude(status__in=[S.APPROVED, S.SUPERSEDED])
    if pending.exists():
        raise ValidationError(_("Det finns redan en påbörjad revision av planen."))
    revision = (
        Plan.objects.filter(association_id=plan.association_id, year=plan.year)
        .order_by("-revision")
        .values_list("revision", flat=True)
        .first()
    ) + 1
    with acting_as(user):
        return copy_plan(
            plan,
            revision=revision,
            revises_id=plan.pk,
            status=S.DRAFT,
            decision_date=None,
            decision_paragraph="",
            registry_number="",
            created_by_id=user.pk,
        )


# ---------------------------------------------------------------- comments


def commentable_models() -> dict[str, type[models.Model]]:
    """Targets a comment can point at, by a short key used in forms and URLs."""
    result: dict[str, type[models.Model]] = {}
    for key, label in (
        ("section", "plans.Section"),
        ("intervention", "plans.Intervention"),
        ("goal", "plans.Goal"),
        ("budgetline", "budgets.BudgetLine"),
    ):
        try:
            result[key] = apps.get_model(label)
        except LookupError:
            continue
    return result


def resolve_target(plan: Plan, kind: str, object_id: int | None) -> models.Model | None:
    """The commented object, validated to belong to `plan`; None for the plan as a whole."""
    if not kind:
        return None
    model = commentable_models().get(kind)
    if model is None or object_id is None:
        raise ValidationError(_("Det du vill kommentera finns inte i planen."))
    obj = model._base_manager.filter(pk=object_id, **{model.plan_path: plan}).first()
    if obj is None:
        raise ValidationError(_("Det du vill kommentera finns inte i planen."))
    return obj


@dataclass(frozen=True)
class CommentsClosed:
    """Why a plan takes no comments ('' if it does) and where to go: for a superseded plan the
    revision in force; for a decided plan the undecided revision after it that takes
    comments, if any."""

    reason: str
    in_force: Plan | None = None
    open_revision: Plan | None = None


def comments_closed(plan: Plan) -> CommentsClosed:
    """Whether the plan takes comments, answers or settling of threads now, and if not why.

    A decided plan is closed: its threads stay as they stood at the decision (`review_threads`)
    and a question about it goes to the next revision. When that revision is under way, the
    reason names it (the pages link to it; the reason itself stays plain text, as the services
    refuse with it). A superseded plan's reason also names the revision in force."""
    if not plan.is_frozen:
        return CommentsClosed("")
    # At most one revision is under way (plan_start_revision); it is always the latest.
    open_revision = (
        Plan.objects.filter(association_id=plan.association_id, year=plan.year)
        .exclude(status__in=[S.APPROVED, S.SUPERSEDED])
        .order_by("-revision")
        .first()
    )
    if plan.status != S.SUPERSEDED:
        # The plan in force: its next revision may be under way already, and takes comments.
        if open_revision is not None:
            reason = _(
                "Planen är beslutad. Kommentarer tas emot på revision %(open)s, som inte är "
                "beslutad än."
            ) % {"open": open_revision.revision}
            return CommentsClosed(reason, open_revision=open_revision)
        return CommentsClosed(_("Planen är beslutad. Kommentarer tas emot på nästa revision."))
    from plans.services import plan_in_force

    in_force = plan_in_force(plan)
    if in_force is None:  # not expected: approving a revision supersedes the one in force
        reason = _(
            "Planen är ersatt av en senare revision. Kommentarer tas emot på nästa revision."
        )
        return CommentsClosed(reason, open_revision=open_revision)
    values = {
        "in_force": in_force.revision,
        "decision": in_force.decision_text,
        "open": open_revision.revision if open_revision else "",
    }
    if open_revision is not None:
        reason = _(
            "Planen är ersatt av revision %(in_force)s (%(decision)s). Kommentarer tas emot "
            "på revision %(open)s, som inte är beslutad än."
        )
    else:
        reason = _(
            "Planen är ersatt av revision %(in_force)s (%(decision)s), som också är beslutad. "
            "Kommentarer tas emot på nästa revision."
        )
    return CommentsClosed(reason % values, in_force=in_force, open_revision=open_revision)


def comments_closed_reason(plan: Plan) -> str:
    """Why the plan takes no comments, answers or settling of threads now ('' if it does)."""
    return comments_closed(plan).reason


def _require_commentable(plan: Plan) -> None:
    reason = comments_closed_reason(plan)
    if reason:
        raise ValidationError(reason)


@transaction.atomic
def comment_add(
    *,
    user: User,
    plan: Plan,
    body: str,
    target_kind: str = "",
    target_id: int | None = None,
    parent: Comment | None = None,
) -> Comment:
    require_role(user, plan.association_id, Cap.COMMENT)
    _require_commentable(plan)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Skriv en kommentar.")})
    if parent is not None:
        if parent.plan_id != plan.pk:
            raise ValidationError(_("Kommentaren finns inte i planen."))
        parent = parent.parent or parent  # answers stay one level deep
        target = None
        comment = Comment(
            plan=plan,
            parent=parent,
            author=user,
            body=body,
            target_type_id=parent.target_type_id,
            target_id=parent.target_id,
            target_label=parent.target_label,
        )
    else:
        target = resolve_target(plan, target_kind, target_id)
        comment = Comment(plan=plan, author=user, body=body)
        if target is not None:
            comment.target_type = ContentType.objects.get_for_model(type(target))
            comment.target_id = target.pk
            # Kept with the comment and read by everyone: in the plan's language (Swedish),
            # not in the language the commenter happens to use (as the audit trail).
            with in_plan_language():
                comment.target_label = target_label(target)
    comment.full_clean()
    comment.save()
    read_receipt_ensure(user=user, plan=plan)  # a comment on the plan shows it was read
    if parent is not None and parent.is_resolved:
        parent.resolved_at = None
        parent.resolved_by = None
        parent.save(update_fields=["resolved_at", "resolved_by"])
    return comment


def target_label(obj: models.Model) -> str:
    """What a comment is about, e.g. "Insats: Navigatorcentrum", in the active language."""
    return f"{str(obj._meta.verbose_name).capitalize()}: {obj}"[:300]


@transaction.atomic
def comment_resolve(*, user: User, comment: Comment, resolved: bool = True) -> Comment:
    """Mark a thread resolved (or open it again).

    Whoever may comment may do it: mostly the director, once the plan answers the question,
    or the board member who asked. Settling a question on the plan (or opening it again) is
    acting on the plan as an answer is, so a board member or the chair gets a read receipt
    here as for a comment or an answer (read_receipt_ensure; the director is not a reader).
    """
    plan = comment.plan
    require_role(user, plan.association_id, Cap.COMMENT)
    _require_commentable(plan)
    thread = comment.parent or comment
    thread.resolved_at = timezone.now() if resolved else None
    thread.resolved_by = user if resolved else None
    thread.save(update_fields=["resolved_at", "resolved_by"])
    read_receipt_ensure(user=user, plan=plan)
    return thread


def open_comment_count(plan: Plan) -> int:
    """Unresolved comment threads of a plan not yet decided (for the overview and the decision).

    A decided plan has none open: the threads still unresolved at the decision were confirmed
    by the chair (plan_approve) and stay as they were, "open at the decision" (review_threads);
    they can no longer be answered or resolved, so they are not counted as waiting for it."""
    if plan.is_frozen:
        return 0
    return Comment.objects.filter(plan=plan, parent__isnull=True, resolved_at__isnull=True).count()


def comment_threads(plan: Plan, *, include_resolved: bool = True) -> list[Comment]:
    """Top-level comments with `.answers` (list), in a constant number of queries."""
    qs = Comment.objects.filter(plan=plan).select_related("author", "resolved_by")
    rows = list(qs)
    threads = [c for c in rows if c.parent_id is None]
    answers: dict[int, list[Comment]] = defaultdict(list)
    for c in rows:
        if c.parent_id is not None:
            answers[c.parent_id].append(c)
    for t in threads:
        t.answers = answers[t.pk]
    if not include_resolved:
        threads = [t for t in threads if not t.is_resolved]
    return threads


@dataclass(frozen=True)
class ReviewThreads:
    """A plan's comment threads for the review page, each with `.answers`."""

    open: list[Comment]  # waiting to be answered or resolved (none on a decided plan)
    open_at_decision: list[Comment]  # unresolved when the board decided; closed since
    resolved: list[Comment]


def review_threads(plan: Plan) -> ReviewThreads:
    """The threads as open, open at the decision (a decided plan's unresolved ones) and
    resolved. A decided plan takes no more answers or resolutions (comments_closed_reason), so
    what was unresolved then stays so, and is shown as the record of the decision."""
    threads = comment_threads(plan)
    unresolved = [t for t in threads if not t.is_resolved]
    resolved = [t for t in threads if t.is_resolved]
    if plan.is_frozen:
        return ReviewThreads(open=[], open_at_decision=unresolved, resolved=resolved)
    return ReviewThreads(open=unresolved, open_at_decision=[], resolved=resolved)


def open_comment_counts(plan: Plan) -> Counter[tuple[type[models.Model] | None, int | None]]:
    """Open comment threads per commented object, keyed by (model, pk). One query; none for a
    decided plan (see open_comment_count)."""
    if plan.is_frozen:
        return Counter()
    types = ContentType.objects.get_for_models(*commentable_models().values())  # cached
    model_of = {ct.pk: model for model, ct in types.items()}
    threads = Comment.objects.filter(plan=plan, parent__isnull=True, resolved_at__isnull=True)
    return Counter(
        (model_of.get(type_id), target_id)
        for type_id, target_id in threads.values_list("target_type_id", "target_id")
    )


@dataclass(frozen=True)
class LineTarget:
    """A budget line as a comment target (the budget summary's lines are not model objects)."""

    pk: int
    name: str
    open_comments: int


@dataclass(frozen=True)
class Reading:
    """The board's reading view. Each section, intervention and goal carries `open_comments`."""

    doc: PlanDocument
    sections: list[Section]  # the included sections, as printed
    interventions: list[Intervention]
    goals: list[Goal]
    budget: BudgetSummary
    budget_lines: list[LineTarget]


def decided_reading_html(plan: Plan) -> SafeString | None:
    """A decided plan's reading view as it read at the decision (None if not kept)."""
    if not plan.is_frozen:
        return None
    kept = ApprovedDocument.objects.filter(plan=plan).values_list("reading_html", flat=True)
    html = next(iter(kept), "")
    # Our own template's output at the decision: rich text was sanitised before it was saved.
    return mark_safe(html) if html else None  # noqa: S308


def plan_reading(plan: Plan) -> Reading:
    """The printed plan's body (shared with the PDF) and every part a board member can comment
    on, with its open threads. A constant number of queries, whatever the plan's size: the
    budget summary and the sections come from the document rather than being loaded again."""
    doc = plan_document(plan)
    budget = doc.part(Section.Kind.BUDGET)
    summary = budget.summary if budget is not None else budget_summary_for_plan(plan)
    sections = [s.section for s in doc.sections]
    interventions = list(plan.interventions.select_related("owner").prefetch_related("parties"))
    goals = list(plan.goals.all())
    counts = open_comment_counts(plan)
    for obj in (*sections, *interventions, *goals):
        obj.open_comments = counts[(type(obj), obj.pk)]
    line_model = commentable_models().get("budgetline")
    lines = [
        LineTarget(line.id, line.name, counts[(line_model, line.id)])
        for group in summary.groups
        for line in group.lines
        # Computed lines (contributions by the key) have no row to comment on, and a split
        # line's share shown in another group is the same row as its own line.
        if line.id and line.source != "split"
    ]
    return Reading(doc, sections, interventions, goals, summary, lines)


# ---------------------------------------------------------------- audit trail


def audit_models(plan: Plan) -> list[tuple[str, str]]:
    """(model, label) of every kind of object the plan's audit trail mentions, by label."""
    entries = AuditEntry.objects.filter(plan_id=plan.pk, association_id=plan.association_id)
    return sorted(set(entries.values_list("model", "model_label")), key=lambda m: m[1])


def audit_entries(
    plan: Plan,
    *,
    model: str = "",
    action: str = "",
    actor: str = "",
    q: str = "",
    since: date | None = None,
    until: date | None = None,
) -> models.QuerySet[AuditEntry]:
    """The plan's audit trail, newest first, narrowed by whichever filters are given."""
    entries = AuditEntry.objects.filter(plan_id=plan.pk, association_id=plan.association_id)
    if model:
        entries = entries.filter(model=model)
    if action:
        entries = entries.filter(action=action)
    if actor:
        entries = entries.filter(actor_name__icontains=actor)
    if q:
        entries = entries.filter(
            Q(old_value__icontains=q)
            | Q(new_value__icontains=q)
            | Q(object_repr__icontains=q)
            | Q(field_label__icontains=q)
        )
    if since:
        entries = entries.filter(at__date__gte=since)
    if until:
        entries = entries.filter(at__date__lte=until)
    return entries.order_by("-at", "-pk")


# ---------------------------------------------------------------- read receipts


def read_receipt_record(*, user: User, plan: Plan) -> ReadReceipt | None:
    """Note that `user` has read the plan (board members and the chair; others are not listed)."""
    if role_of(user, plan) not in BOARD_ROLES:
        return None
    receipt, created = ReadReceipt.objects.get_or_create(
        plan=plan, user=user, defaults={"plan_version": plan.version}
    )
    if not created:
        receipt.plan_version = plan.version
        receipt.save(update_fields=["plan_version", "last_read_at"])
    return receipt


def read_receipt_ensure(*, user: User, plan: Plan) -> ReadReceipt | None:
    """Note that `user` had the plan in front of them when they did something with it (the
    decision, a comment) without opening the reading view. A receipt already there is kept as
    it is: its first reading stays the first, and only the reading view counts as reading again.
    """
    if role_of(user, plan) not in BOARD_ROLES:
        return None
    receipt, _created = ReadReceipt.objects.get_or_create(
        plan=plan, user=user, defaults={"plan_version": plan.version}
    )
    return receipt


@dataclass(frozen=True)
class ReaderStatus:
    user: User
    role: str
    receipt: ReadReceipt | None

    @property
    def has_read(self) -> bool:
        return self.receipt is not None


def sees_readers(role: str | None) -> bool:
    """Who has read the plan is shown to those who send it and record the decision."""
    return role_can(role, Cap.EDIT_PLAN) or role_can(role, Cap.APPROVE)


@dataclass(frozen=True)
class ReviewSummary:
    """Where the board's reading stands, for the plan overview while the plan awaits a decision."""

    readers: list[ReaderStatus] | None  # None: the role may not see who has read it
    open_comments: int

    @property
    def read(self) -> int:
        return sum(r.has_read for r in self.readers or [])

    @property
    def not_read(self) -> list[ReaderStatus]:
        return [r for r in self.readers or [] if not r.has_read]


def review_summary(plan: Plan, role: str | None) -> ReviewSummary | None:
    """Who of the board has read the plan (for those who may see it, as on the review page)
    and how many comment threads are open; None for a plan not (or no longer) before the
    board."""
    if plan.status not in AWAITING_DECISION:
        return None
    return ReviewSummary(
        readers=read_status(plan) if sees_readers(role) else None,
        open_comments=open_comment_count(plan),
    )


def read_status(plan: Plan) -> list[ReaderStatus]:
    """Every board member and the chair, with when they read the plan (or not yet)."""
    receipts = {r.user_id: r for r in ReadReceipt.objects.filter(plan=plan)}
    members = Membership.objects.filter(
        association_id=plan.association_id, role__in=BOARD_ROLES
    ).select_related("user")
    return [
        ReaderStatus(m.user, m.get_role_display(), receipts.get(m.user_id))
        for m in sorted(members, key=lambda m: (m.role != Role.CHAIR, str(m.user)))
    ]
