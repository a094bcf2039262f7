"""Workflow, comments, read receipts, revisions and the fixed PDF."""

from __future__ import annotations

import hashlib
from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from members.roles import Role
from plans.models import Plan
from plans.review import services
from plans.review.models import ApprovedDocument, Comment, ReadReceipt
from tests.conftest import make_user

pytestmark = pytest.mark.django_db(transaction=False)


def send(plan, user):
    services.plan_send_to_board(user=user, plan=plan, acknowledge_errors=True)
    plan.refresh_from_db()


def test_send_to_board_mails_board_and_chair_with_a_link(
    draft, director, board_member, django_capture_on_commit_callbacks
):
    chair = make_user(draft.association, Role.CHAIR, "ordf-rv")
    chair.email = "ordf@example.se"
    chair.save()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    assert draft.status == Plan.Status.REVIEW
    recipients = sorted(m.to[0] for m in mail.outbox)
    assert "ledamot@example.se" in recipients and "ordf@example.se" in recipients
    assert "chef@example.se" not in recipients
    assert f"/f/vvnd/plan/{draft.pk}/granskning/las/" in mail.outbox[0].body
    assert result.notified == len(mail.outbox)


def test_sending_without_notice_mails_nobody(
    draft, director, board_member, django_capture_on_commit_callbacks
):
    """The demo loader replays past sendings: the plan goes to the board, nobody is mailed."""
    with django_capture_on_commit_callbacks(execute=True):
        result = services.plan_send_to_board(
            user=director, plan=draft, acknowledge_errors=True, notify=False
        )
    draft.refresh_from_db()
    assert draft.status == Plan.Status.REVIEW
    assert mail.outbox == [] and (result.notified, result.without_email) == (0, 0)


def test_the_board_is_mailed_in_the_plans_language_whatever_the_senders(
    draft, director, board_member, django_capture_on_commit_callbacks
):
    # A director working in English still sends the Swedish board a Swedish e-mail.
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    message = mail.outbox[0]
    assert message.subject == f"Verksamhetsplan {draft.year} att läsa inför styrelsen"
    assert message.body.startswith("Hej ") and "finns nu att läsa och kommentera" in message.body


def test_only_the_director_sends_and_only_drafts(draft, board_member, director):
    with pytest.raises(PermissionDenied):
        services.plan_send_to_board(user=board_member, plan=draft)
    send(draft, director)
    with pytest.raises(ValidationError):
        services.plan_send_to_board(user=director, plan=draft)


def test_errors_among_the_checks_must_be_acknowledged(draft, director, monkeypatch):
    from finsam.checks import Check

    monkeypatch.setattr(
        services, "plan_checks_for_board", lambda plan: [Check("error", "Underskott utan skäl.")]
    )
    with pytest.raises(ValidationError):
        services.plan_send_to_board(user=director, plan=draft)
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)


def test_consultation_round_trip(draft, director):
    send(draft, director)
    services.plan_send_to_consultation(user=director, plan=draft)
    assert draft.status == Plan.Status.CONSULTATION
    services.plan_end_consultation(user=director, plan=draft)
    assert draft.status == Plan.Status.REVIEW
    services.plan_return_to_draft(user=director, plan=draft)
    assert draft.status == Plan.Status.DRAFT


def test_approve_validates_and_records_the_decision(draft, director, chair, board_member):
    with pytest.raises(ValidationError):  # still a draft
        services.plan_approve(
            user=chair, plan=draft, decision_date=date(2026, 11, 2), paragraph="1"
        )
    send(draft, director)
    with pytest.raises(PermissionDenied):
        services.plan_approve(
            user=board_member, plan=draft, decision_date=date(2026, 11, 2), paragraph="1"
        )
    with pytest.raises(ValidationError) as exc:
        services.plan_approve(
            user=chair,
            plan=draft,
            decision_date=timezone.localdate() + timedelta(days=3),
            paragraph="",
        )
    assert set(exc.value.message_dict) == {"decision_date", "paragraph"}
    fake = SimpleUploadedFile("protokoll.pdf", b"not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as exc:
        services.plan_approve(
            user=chair, plan=draft, decision_date=date(2026, 11, 2), paragraph="7", minutes=fake
        )
    assert "minutes" in exc.value.message_dict
    draft.refresh_from_db()
    assert draft.status == Plan.Status.REVIEW
    minutes = SimpleUploadedFile("p.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    services.plan_approve(
        user=chair,
        plan=draft,
        decision_date=date(2026, 11, 2),
        paragraph="§ 39",
        registry_number="Dnr 2024/12",
        minutes=minutes,
        render_pdf=False,
    )
    draft.refresh_from_db()
    assert draft.status == Plan.Status.APPROVED
    assert draft.decision_line == "Beslutad av styrelsen 2026-11-02, § 39"
    assert draft.registry_number == "Dnr 2024/12"
    doc = draft.approved_document
    assert doc.minutes_sha256 == hashlib.sha256(b"%PDF-1.4\n%%EOF\n").hexdigest()


def test_approved_pdf_is_stored_once_with_its_checksum(frozen, monkeypatch, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    calls = []

    def fake_render(plan):
        calls.append(plan.pk)
        return b"%PDF-1.7 plan " + str(plan.pk).encode()

    monkeypatch.setattr(services, "render_function", lambda: fake_render)
    doc = services.approved_document_ensure(frozen)
    expected = hashlib.sha256(b"%PDF-1.7 plan " + str(frozen.pk).encode()).hexdigest()
    assert doc.sha256 == expected
    assert doc.pdf.read().startswith(b"%PDF")
    again = services.approved_document_ensure(frozen)
    assert again.sha256 == expected and calls == [frozen.pk]  # fixed: not rendered again
    doc.sha256 = "0" * 64
    with pytest.raises(PermissionDenied):
        doc.save()
    with pytest.raises(PermissionDenied):
        doc.delete()


def test_revision_copies_everything_and_supersedes_on_approval(frozen, director, chair):
    revision = services.plan_start_revision(user=director, plan=frozen)
    assert (revision.year, revision.revision, revision.status) == (frozen.year, 2, "draft")
    assert revision.revises_id == frozen.pk
    i_old, i_new = frozen.interventions.get(), revision.interventions.get()
    assert i_new.pk != i_old.pk and i_new.lineage == i_old.lineage
    assert list(i_new.parties.all()) == list(i_old.parties.all())
    assert list(revision.goals.get().interventions.all()) == [i_new]  # links point to copies
    assert revision.sections.get().body == frozen.sections.get().body
    with pytest.raises(ValidationError):  # one open revision at a time
        services.plan_start_revision(user=director, plan=frozen)
    s = revision.sections.get()
    s.body = "<p>Förbundet arbetar för alla invånare.</p>"
    s.save()
    send(revision, director)
    services.plan_approve(
        user=chair, plan=revision, decision_date=date(2026, 11, 10), paragraph="5", render_pdf=False
    )
    frozen.refresh_from_db()
    assert frozen.status == Plan.Status.SUPERSEDED
    assert frozen.sections.get().body == "<p>Förbundet arbetar för alla.</p>"  # still readable


def test_comments_target_validation_threads_and_count(draft, board_member, director, vvnd):
    section = draft.sections.get()
    c = services.comment_add(
        user=board_member,
        plan=draft,
        body="Förtydliga målgruppen.",
        target_kind="section",
        target_id=section.pk,
    )
    assert c.target_label.endswith("Inledning")
    other = Plan.objects.create(association=vvnd, year=2039)
    from plans.models import Section

    foreign = Section.objects.create(plan=other, title="Annat")
    with pytest.raises(ValidationError):
        services.comment_add(
            user=board_member, plan=draft, body="x", target_kind="section", target_id=foreign.pk
        )
    with pytest.raises(ValidationError):
        services.comment_add(
            user=board_member, plan=draft, body="x", target_kind="user", target_id=1
        )
    with pytest.raises(ValidationError):
        services.comment_add(user=board_member, plan=draft, body="   ")
    services.comment_add(user=board_member, plan=draft, body="Och budgeten?")
    assert services.open_comment_count(draft) == 2
    answer = services.comment_add(user=director, plan=draft, body="Åtgärdat.", parent=c)
    assert answer.parent_id == c.pk and answer.target_id == section.pk
    services.comment_resolve(user=director, comment=answer)
    assert services.open_comment_count(draft) == 1
    auditor = make_user(vvnd, Role.AUDITOR)
    with pytest.raises(PermissionDenied):
        services.comment_add(user=auditor, plan=draft, body="x")
    threads = services.comment_threads(draft)
    assert [len(t.answers) for t in threads] == [1, 0]


def test_no_comments_on_an_approved_plan(frozen, board_member):
    with pytest.raises(ValidationError):
        services.comment_add(user=board_member, plan=frozen, body="För sent.")


def test_read_receipts_only_for_the_board(draft, board_member, director):
    services.read_receipt_record(user=director, plan=draft)
    services.read_receipt_record(user=board_member, plan=draft)
    services.read_receipt_record(user=board_member, plan=draft)
    assert ReadReceipt.objects.filter(plan=draft).count() == 1
    status = {r.user.username: r.has_read for r in services.read_status(draft)}
    assert status[board_member.username] is True
    assert ApprovedDocument.objects.filter(plan=draft).count() == 0
    assert Comment.objects.count() >= 0


def test_decision_date_must_fall_between_the_year_before_the_plan_and_today(draft, director, chair):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    draft.refresh_from_db()
    for typo in (date(6, 2, 2), date(2016, 11, 2), date(draft.year - 2, 12, 31)):
        with pytest.raises(ValidationError) as exc:
            services.plan_approve(
                user=chair, plan=draft, decision_date=typo, paragraph="1", render_pdf=False
            )
        assert f"tidigast {draft.year - 1}-01-01" in exc.value.message_dict["decision_date"][0]
    draft.refresh_from_db()
    assert draft.status == Plan.Status.REVIEW
    services.plan_approve(
        user=chair, plan=draft, decision_date=date(draft.year - 1, 1, 1), paragraph="1",
        render_pdf=False,
    )  # fmt: skip
    draft.refresh_from_db()
    assert draft.status == Plan.Status.APPROVED


def test_decision_form_offers_only_possible_dates(client_for, draft, director):
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    page = client_for("chair").get(f"/f/vvnd/plan/{draft.pk}/granskning/beslut/").content.decode()
    assert f'min="{draft.year - 1}-01-01"' in page
    assert f'max="{timezone.localdate().isoformat()}"' in page


def test_a_decision_that_fails_half_way_leaves_nothing_behind(draft, director, chair, monkeypatch):
    """The status, the superseded revision and the kept document are one decision: when keeping
    the document fails, the plan is still awaiting its decision, not approved without one."""
    send(draft, director)

    def broken(plan):
        raise RuntimeError("the template could not be drawn")

    monkeypatch.setattr(services, "decided_document", broken)
    with pytest.raises(RuntimeError):
        services.plan_approve(
            user=chair, plan=draft, decision_date=date(2026, 11, 2), paragraph="§ 39"
        )
    draft.refresh_from_db()
    assert draft.status == Plan.Status.REVIEW
    assert draft.decision_date is None
    assert not ApprovedDocument.objects.filter(plan=draft).exists()


def test_what_a_comment_is_about_is_kept_in_swedish_whatever_the_commenters_language(
    draft, board_member
):
    from django.utils import translation

    section = draft.sections.get()
    with translation.override("en"):
        c = services.comment_add(
            user=board_member,
            plan=draft,
            body="Clarify",
            target_kind="section",
            target_id=section.pk,
        )
    assert c.target_label == f"Avsnitt: {section}"
