"""Ship every association with the national council's equity step (DESIGN §3.3)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from members.models import Association

from .models import DEFAULT_EQUITY_STEPS, EquityStep


@receiver(post_save, sender=Association, dispatch_uid="budgets_default_equity_steps")
def add_default_equity_steps(
    sender, instance: Association, created: bool, raw: bool = False, **kwargs
) -> None:
    # Only for new associations: an association that deleted its steps chose to have none.
    if created and not raw:
        for up_to, percent in DEFAULT_EQUITY_STEPS:
            EquityStep.objects.create(association=instance, up_to=up_to, max_percent=percent)
