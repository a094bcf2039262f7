"""Record a plan's contribution key data at the moment it is approved."""

from __future__ import annotations

from plans.models import Plan

FROZEN = (Plan.Status.APPROVED, Plan.Status.SUPERSEDED)


def record_key_on_approval(sender, instance: Plan, raw: bool = False, **kwargs) -> None:
    """pre_save on Plan: draft/review → approved snapshots the key while rows are writable."""
    if raw or instance.pk is None or instance.status != Plan.Status.APPROVED:
        return
    old = Plan._base_manager.filter(pk=instance.pk).values_list("status", flat=True).first()
    if old is None or old in FROZEN:
        return
    from .contributions import contributions_freeze

    contributions_freeze(instance)
