"""Optimistic locking for every editable object (PlanPart subclasses and Plan).

An edit form carries the version it was loaded with; saving with a stale version raises
EditConflict holding the current object, so the page can show the other person's change
instead of overwriting it. Saves go through Model.save(), so the audit trail and the
approved-plan freeze (plans.review) see every change.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models, transaction


class EditConflict(Exception):
    """Someone saved the object after this editor loaded it."""

    def __init__(self, current: models.Model) -> None:
        super().__init__("Någon annan har ändrat detta sedan du öppnade det.")
        self.current = current


def save_versioned(
    obj: models.Model, expected_version: int | None, update_fields: Iterable[str] | None = None
) -> None:
    """Save obj if the stored version is still `expected_version`; bump the version.

    `expected_version=None` skips the check (for new objects and server-side writes).
    """
    model = type(obj)
    with transaction.atomic():
        if obj.pk is not None and expected_version is not None:
            current = model.objects.select_for_update().get(pk=obj.pk)
            if current.version != expected_version:
                raise EditConflict(current)
            obj.version = current.version + 1
            # The stored row, locked: the freeze guard and the audit trail compare with it
            # instead of reading it again.
            obj._finsam_stored = current
        elif obj.pk is not None:
            obj.version = model.objects.values_list("version", flat=True).get(pk=obj.pk) + 1
        fields = None if update_fields is None else [*update_fields, "version"]
        obj.save(update_fields=fields)


def lock_association(association_id: int) -> None:
    """Hold the association's row until the transaction ends (PostgreSQL; SQLite has one
    writer at a time anyway).

    For a check followed by a write that must not interleave with the same check in another
    request: "no plan for this year yet" before creating one, "no revision started yet", "not
    the last director". Two quick clicks otherwise both pass the check, and the second write
    hits a unique constraint (a 500) or leaves the association without a director. Every write
    already updates this row (its data stamp, finsam.freshness), so this only moves the wait
    to before the check.
    """
    from members.models import Association

    list(Association.objects.select_for_update().filter(pk=association_id).values_list("pk"))
