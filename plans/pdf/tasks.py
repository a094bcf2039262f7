"""PDF renders off the request path (Django tasks; `manage.py db_worker` works the queue).

A render of a 20-page plan takes WeasyPrint seconds, so the export page enqueues
`render_plan_pdf_task` and polls for its result. The finished file goes to the default
storage under pdf/<association>/<plan>/ with its SHA-256 in the name; older renders of the
same plan and variant are removed so drafts do not pile up. The approved plan's own PDF is
not made here: approval stores it (plans.review) and the export page serves that file.
"""

from __future__ import annotations

import time

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.tasks import task
from django.utils import timezone

from plans.models import Plan

from .render import ARCHIVAL, UA, VARIANTS, render_plan

SLUGS = {UA: "pdf-ua", ARCHIVAL: "pdf-a"}


def storage_dir(plan: Plan) -> str:
    return f"pdf/{plan.association.slug}/{plan.pk}"


def store(plan: Plan, *, variant: str, content: bytes, checksum: str) -> str:
    """Save a render; returns its storage name. Earlier renders of the same kind are removed."""
    folder = storage_dir(plan)
    prefix = f"{SLUGS[variant]}-"
    name = default_storage.save(f"{folder}/{prefix}{checksum[:16]}.pdf", ContentFile(content))
    try:
        _dirs, files = default_storage.listdir(folder)
    except FileNotFoundError:  # pragma: no cover - storage without folders
        files = []
    for old in files:
        path = f"{folder}/{old}"
        if old.startswith(prefix) and path != name:
            default_storage.delete(path)
    return name


@task()
def render_plan_pdf_task(plan_id: int, variant: str = UA) -> dict:
    """Render and store a plan's PDF; the result tells where the file is and its checksum."""
    if variant not in VARIANTS:
        raise ValueError(f"Unknown PDF variant {variant!r}")
    plan = Plan.objects.select_related("association").get(pk=plan_id)
    started = time.perf_counter()
    rendered = render_plan(plan, variant=variant)
    name = store(plan, variant=variant, content=rendered.content, checksum=rendered.checksum)
    return _result(plan, variant, name, rendered.checksum, rendered.size, started)


@task()
def ensure_approved_pdf_task(plan_id: int) -> dict:
    """The approved plan's official PDF: rendered and stored once by plans.review.

    Used when approval could not render it (the review's approval renders it after commit and
    a failure there must not undo the decision): the export page offers to make it.
    """
    from plans.review.services import approved_document_ensure

    plan = Plan.objects.select_related("association").get(pk=plan_id)
    started = time.perf_counter()
    doc = approved_document_ensure(plan)
    if not doc.sha256:
        raise RuntimeError("The approved plan's PDF could not be made.")
    return _result(plan, UA, doc.pdf.name, doc.sha256, doc.size, started)


def _result(plan: Plan, variant: str, path: str, checksum: str, size: int, started: float) -> dict:
    return {
        "plan_id": plan.pk,
        "variant": variant,
        "path": path,
        "checksum": checksum,
        "size": size,
        "seconds": round(time.perf_counter() - started, 2),
        "rendered_at": timezone.now().isoformat(),
    }
