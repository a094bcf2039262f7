"""The file name a plan's PDF is downloaded under, wherever it is downloaded from."""

from __future__ import annotations

from django.utils.text import slugify

from plans.models import Plan


def pdf_filename(plan: Plan, suffix: str = "") -> str:
    """`verksamhetsplan-snb-2027.pdf`; `-r2` for a later revision, `-utkast` for a draft.

    The Export tab and the decided plan's page serve the same stored file, so they give it
    the same name (a board secretary filing both should not end up with two copies).
    """
    name = slugify(f"verksamhetsplan {plan.association.short_name or plan.association.slug}")
    revision = f"-r{plan.revision}" if plan.revision > 1 else ""
    draft = "" if plan.is_frozen else "-utkast"
    return f"{name}-{plan.year}{revision}{draft}{suffix}.pdf"
