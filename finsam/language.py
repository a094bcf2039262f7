"""The language of what Finsam Plan keeps and publishes.

The plan is a Swedish public document, and the audit trail and a comment's "gäller" label are
records everyone reads: they are written in the product's language (settings.LANGUAGE_CODE),
whatever language the person at the keyboard chose for the pages.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


def in_plan_language() -> translation.override:
    """A fresh `with` block in the product's language (one per use: an override object keeps
    the language it replaces, so sharing one between threads would restore the wrong one)."""
    return translation.override(settings.LANGUAGE_CODE)


def plan_language() -> str:
    """The language code of what is kept and published (the plan's `lang`, the PDF's /Lang)."""
    return settings.LANGUAGE_CODE
