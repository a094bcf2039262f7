"""Ship every association with the national council's equity step (DESIGN §3.3), and record
the step table a plan is decided with."""

from __future__ import annotations

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from members.models import Association
from plans.models import Plan

from .models import DEFAULT_EQUITY_STEPS, Budget, EquityStep


@receiver(post_save, sender=Association, dispatch_uid="budgets_default_equity_steps")
def add_default_equity_steps(
    sender, instance: Association, created: bool, raw: bool = False, **kwargs
) -> None:
    # Only for new associations: an association that deleted its steps chose to have none.
    if created and not raw:
        for up_to, percent in DEFAULT_EQUITY_STEPS:
            EquityStep.objects.create(association=instance, up_to=up_to, max_percent=percent)


@receiver(pre_save, sender=Plan, dispatch_uid="budgets_record_equity_rules_on_approval")
def record_equity_rules_on_approval(sender, instance: Plan, raw: bool = False, **kwargs) -> None:
    """draft/review → approved: keep the step table and base with the budget while it can still
    be written (an approved plan is frozen), as members.signals keeps the contribution key."""
    if raw or instance.pk is None or instance.status != Plan.Status.APPROVED:
        return
    old = Plan._base_manager.filter(pk=instance.pk).values_list("status", flat=True).first()
    if old is None or old in (Plan.Status.APPROVED, Plan.Status.SUPERSEDED):
        return
    from .services import equity_rules_record

    Budget.objects.filter(plan=instance).update(decided_equity=equity_rules_record(instance))
