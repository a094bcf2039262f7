"""Roles a user holds in one association, and what each role may do.

Views ask for a capability, never for a role name, so a new role is one line here.
"""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    DIRECTOR = "director", _("Förbundschef/kansli")
    FINANCE = "finance", _("Ekonom")
    BOARD = "board", _("Styrelseledamot")
    CHAIR = "chair", _("Ordförande")
    AUDITOR = "auditor", _("Revisor/läsare")


class Cap(StrEnum):
    READ_DRAFT = "read_draft"  # read plans that are not approved yet
    READ_APPROVED = "read_approved"  # read approved and superseded plans
    EDIT_PLAN = "edit_plan"  # texts, interventions, goals, tables, send to board
    EDIT_BUDGET = "edit_budget"  # budget, contributions, Excel import
    EXPORT = "export"  # Excel and PDF downloads
    COMMENT = "comment"
    APPROVE = "approve"  # record the board's decision
    MANAGE = "manage"  # association profile, members, board, users, settings
    AUDIT = "audit"  # read the audit trail


_ALL_READ = {Cap.READ_DRAFT, Cap.READ_APPROVED, Cap.EXPORT, Cap.AUDIT}

CAPABILITIES: dict[str, frozenset[Cap]] = {
    Role.DIRECTOR: frozenset(
        _ALL_READ | {Cap.EDIT_PLAN, Cap.EDIT_BUDGET, Cap.COMMENT, Cap.APPROVE, Cap.MANAGE}
    ),
    Role.FINANCE: frozenset(_ALL_READ | {Cap.EDIT_BUDGET, Cap.COMMENT}),
    Role.BOARD: frozenset(_ALL_READ | {Cap.COMMENT}),
    Role.CHAIR: frozenset(_ALL_READ | {Cap.COMMENT, Cap.APPROVE}),
    Role.AUDITOR: frozenset({Cap.READ_APPROVED, Cap.EXPORT, Cap.AUDIT}),
}


def role_can(role: str | None, cap: Cap) -> bool:
    return role is not None and cap in CAPABILITIES.get(role, frozenset())
