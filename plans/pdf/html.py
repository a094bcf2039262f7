"""A plan's document as HTML: the print HTML the PDFs are written from, and what a decided
plan keeps of it. No WeasyPrint here, so recording a decision can keep the document without
loading the PDF writer."""

from __future__ import annotations

from dataclasses import dataclass

from django.template.loader import render_to_string

from finsam.language import in_plan_language, plan_language
from plans.models import Plan

from .document import PlanDocument, plan_document


@dataclass(frozen=True)
class DecidedDocument:
    """A decided plan's document as it read at the decision, in the two forms it is shown."""

    print_html: str  # what the PDFs are written from
    reading_html: str  # the reading view's contents and body; "" if no section is included


def render_plan_html(plan: Plan, *, document: PlanDocument | None = None) -> str:
    """The print HTML of a plan (Swedish, whatever the request language was).

    A decided plan is printed as it read at the decision (`decided_document`), not from
    today's member names and board: the archival PDF asked for years later must match.
    """
    if document is None and plan.is_frozen:
        stored = stored_print_html(plan)
        if stored:
            return stored
    with in_plan_language():  # the plan is a Swedish document whatever the UI language
        doc = document or plan_document(plan)
        return render_to_string("pdf/document.html", {"doc": doc})


def decided_document(plan: Plan) -> DecidedDocument:
    """Render the document for keeping at the decision (both forms from one gathering)."""
    with in_plan_language():
        doc = plan_document(plan)
        reading = ""
        if doc.sections:
            context = {"doc": doc, "can_comment": False, "lang": plan_language()}
            reading = render_to_string("review/_reading_document.html", context)
        return DecidedDocument(render_plan_html(plan, document=doc), reading)


def stored_print_html(plan: Plan) -> str:
    from plans.review.models import ApprovedDocument  # review builds on pdf, not the reverse

    found = ApprovedDocument.objects.filter(plan=plan).values_list("print_html", flat=True)
    return next(iter(found), "")
