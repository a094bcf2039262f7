"""A decided plan's document is kept as it read at the decision: member names, the board and
the association's name are association data that change later (a municipality renamed, a new
board after an election), and neither the reading view nor a PDF rendered years later (the
archival variant) may change with them."""

from __future__ import annotations

import pytest

from members.models import BoardSeat, Member
from plans.models import Plan
from plans.pdf.html import render_plan_html
from plans.review import services
from plans.review.models import ApprovedDocument

OLD = "Årjäng kommun"


@pytest.fixture
def decided(vvnd) -> Plan:
    plan = vvnd.plans.get(year=2025)
    assert plan.status == Plan.Status.APPROVED
    return plan


def rename_member_and_board(vvnd) -> None:
    """What a director does in the settings after the decision (association data, not plan)."""
    member = Member.objects.get(association=vvnd, name=OLD)
    member.name = "Årjäng kommun, nytt namn"
    member.save()
    seat = BoardSeat.objects.filter(association=vvnd, member=member).first()
    seat.person = "Ny Ledamot Efter Valet"
    seat.save()


def test_the_decision_keeps_the_document_in_both_forms(decided):
    kept = ApprovedDocument.objects.get(plan=decided)
    assert kept.print_html.startswith("<!doctype html>") and OLD in kept.print_html
    assert 'class="reading-document" lang="sv"' in kept.reading_html
    assert OLD in kept.reading_html


def test_renamed_members_and_a_new_board_do_not_change_a_decided_plan(vvnd, decided, client_for):
    kept = ApprovedDocument.objects.get(plan=decided)
    seat = BoardSeat.objects.filter(association=vvnd, member__name=OLD).first()
    old_person = seat.person
    assert old_person in kept.print_html
    rename_member_and_board(vvnd)

    # Every PDF (the official one, the archival one, any later render) is written from this.
    html = render_plan_html(decided)
    assert html == kept.print_html
    assert "nytt namn" not in html and "Ny Ledamot" not in html

    page = client_for("board").get(f"/f/vvnd/plan/{decided.pk}/granskning/las/")
    text = page.content.decode()
    assert page.status_code == 200
    assert OLD in text and old_person in text
    assert "nytt namn" not in text and "Ny Ledamot" not in text

    # A draft is the association as it is today.
    draft = vvnd.plans.create(year=2027)
    draft.sections.create(title="Organisation", kind="organisation")
    assert "Ny Ledamot Efter Valet" in render_plan_html(draft)


def test_a_plan_decided_before_documents_were_kept_reads_todays_data(vvnd, decided, client_for):
    kept = ApprovedDocument.objects.get(plan=decided)
    assert not kept.sha256  # the demo's PDF is made on request, so the row may still be filled
    ApprovedDocument.objects.filter(pk=kept.pk).update(print_html="", reading_html="")
    rename_member_and_board(vvnd)
    assert "Ny Ledamot Efter Valet" in render_plan_html(decided)
    page = client_for("board").get(f"/f/vvnd/plan/{decided.pk}/granskning/las/")
    assert "Ny Ledamot Efter Valet" in page.content.decode()


def test_approving_keeps_the_document_of_that_moment(frozen):
    kept = ApprovedDocument.objects.get(plan=frozen)
    assert "Förbundet arbetar för alla." in kept.print_html
    assert "Förbundet arbetar för alla." in kept.reading_html
    assert "§ 39" in kept.print_html  # rendered after the decision was recorded, not before
    assert services.decided_reading_html(frozen) == kept.reading_html


def test_the_pdf_made_later_is_written_from_the_kept_document(vvnd, decided, monkeypatch):
    written: list[str] = []

    def fake_render(plan):
        written.append(render_plan_html(plan))
        return b"%PDF-1.7 kept"

    monkeypatch.setattr(services, "render_function", lambda: fake_render)
    rename_member_and_board(vvnd)
    services.approved_document_ensure(decided)
    assert written and OLD in written[0] and "nytt namn" not in written[0]
    assert ApprovedDocument.objects.get(plan=decided).sha256
