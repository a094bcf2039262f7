"""Approved plans never change. Enforced below the views, in three layers:

1. Model signals (pre_save, pre_delete, m2m_changed) on Plan, every PlanPart subclass of every
   app and their many-to-many tables raise PlanFrozen (a PermissionDenied, so views and the
   admin answer 403, never 500). QuerySet.delete() is covered too: with a receiver attached
   Django's collector loads and signals every object.
2. Database triggers (SQLite and PostgreSQL, installed after every migrate by
   `install_triggers`) refuse INSERT/UPDATE/DELETE of rows belonging to an approved or
   superseded plan, so QuerySet.update(), bulk_create/bulk_update and raw SQL are refused too.
3. The only change a frozen plan accepts is approved → superseded with nothing else changed,
   and in Python only inside `allow_status_transition()` (used by plans.review.services).

`manage.py flush` (used by test teardown) is the one deliberate bypass: our flush command sets
`bypass()` before deleting everything.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from contextvars import ContextVar

from django.core.exceptions import PermissionDenied
from django.db import models

from plans.models import Plan

FROZEN = (Plan.Status.APPROVED.value, Plan.Status.SUPERSEDED.value)
MESSAGE = "Planen är beslutad och kan inte ändras. Starta en revision för att göra ändringar."

_transition: ContextVar[bool] = ContextVar("finsam_freeze_transition", default=False)
_bypass: ContextVar[bool] = ContextVar("finsam_freeze_bypass", default=False)

# Plan columns that may change in the approved → superseded transition.
TRANSITION_FIELDS = frozenset({"status", "version", "updated_at"})


class PlanFrozen(PermissionDenied):
    def __init__(self, message: str = MESSAGE) -> None:
        super().__init__(message)


@contextlib.contextmanager
def allow_status_transition() -> Iterator[None]:
    token = _transition.set(True)
    try:
        yield
    finally:
        _transition.reset(token)


@contextlib.contextmanager
def bypass() -> Iterator[None]:
    """Only for flushing a whole (test) database."""
    token = _bypass.set(True)
    try:
        yield
    finally:
        _bypass.reset(token)


def bypassed() -> bool:
    return _bypass.get()


@contextlib.contextmanager
def restoring(using: str = "default") -> Iterator[None]:
    """Restore a backup as it was: no freeze checks (Python and database) and no new audit
    entries while the rows are written. For `import_plan`-style restores only; call it inside
    the restore's transaction."""
    from django.db import connections

    from .audit import suspended

    conn = connections[using]
    with bypass(), suspended():
        if conn.vendor == "postgresql":
            with conn.cursor() as cursor:
                cursor.execute("SELECT set_config('finsam.freeze_bypass', 'on', true)")
        try:
            yield
        finally:
            if conn.vendor == "postgresql":
                with conn.cursor() as cursor:
                    cursor.execute("SELECT set_config('finsam.freeze_bypass', 'off', true)")


def plan_status_of(model: type[models.Model], *, pk=None, instance=None) -> str | None:
    """Status of the plan a PlanPart row belongs to: stored row (pk) or unsaved values."""
    path = model.plan_path.split("__")
    if pk is not None:
        return (
            model._base_manager.filter(pk=pk)
            .values_list("__".join([*path, "status"]), flat=True)
            .first()
        )
    first = model._meta.get_field(path[0])
    ref = getattr(instance, first.attname, None)
    if ref is None:
        return None
    if len(path) == 1:
        return Plan._base_manager.filter(pk=ref).values_list("status", flat=True).first()
    return (
        first.related_model._base_manager.filter(pk=ref)
        .values_list("__".join([*path[1:], "status"]), flat=True)
        .first()
    )


def _plan_changes(old: Plan, new: Plan) -> set[str]:
    return {
        f.name
        for f in Plan._meta.concrete_fields
        if getattr(old, f.attname) != getattr(new, f.attname)
    }


# --- signal receivers (connected in apps.ready) ---------------------------------------------


def plan_info(model: type[models.Model], instance) -> tuple[int, int, str] | None:
    """(plan id, association id, status) of the plan an unsaved/saved instance points to."""
    path = model.plan_path.split("__")
    first = model._meta.get_field(path[0])
    ref = getattr(instance, first.attname, None)
    if ref is None:
        return None
    if len(path) == 1:
        row = Plan._base_manager.filter(pk=ref).values_list("pk", "association_id", "status")
    else:
        rest = "__".join(path[1:])
        row = first.related_model._base_manager.filter(pk=ref).values_list(
            rest, f"{rest}__association_id", f"{rest}__status"
        )
    return row.first()


def _stored(model: type[models.Model], instance) -> models.Model | None:
    """The row as stored: the one save_versioned has just locked, or read now."""
    locked = instance.__dict__.pop("_finsam_stored", None)
    if locked is not None and locked.pk == instance.pk:
        return locked
    return model._base_manager.filter(pk=instance.pk).first()


def guard_save(sender, instance, raw=False, **kwargs) -> None:
    """Refuse a save that touches a frozen plan. Leaves what it read on the instance
    (`_finsam_old`, `_finsam_plan`) so the audit trail does not read it again."""
    if raw or bypassed():
        return
    if isinstance(instance, Plan):
        if instance.pk is None:
            return
        old = _stored(sender, instance)
        instance._finsam_old = old
        if old is None or old.status not in FROZEN:
            return
        changed = _plan_changes(old, instance)
        if not changed - {"updated_at"} and "status" not in changed:
            return  # a save that changes nothing (updated_at is set by auto_now)
        if (
            _transition.get()
            and old.status == Plan.Status.APPROVED
            and instance.status == Plan.Status.SUPERSEDED
            and changed <= TRANSITION_FIELDS
        ):
            return
        raise PlanFrozen()
    info = plan_info(sender, instance)
    instance._finsam_plan = info
    if info is not None and info[2] in FROZEN:
        raise PlanFrozen()
    if instance.pk is None:
        return
    old = _stored(sender, instance)
    instance._finsam_old = old
    if old is None:
        return
    attname = sender._meta.get_field(sender.plan_path.split("__")[0]).attname
    if getattr(old, attname) != getattr(instance, attname):  # moved from another plan
        before = plan_info(sender, old)
        if before is not None and before[2] in FROZEN:
            raise PlanFrozen()


def guard_delete(sender, instance, **kwargs) -> None:
    if bypassed():
        return
    if isinstance(instance, Plan):
        status = Plan._base_manager.filter(pk=instance.pk).values_list("status", flat=True).first()
    else:
        status = plan_status_of(sender, pk=instance.pk)
        if status is None:
            status = plan_status_of(sender, instance=instance)
    if status in FROZEN:
        raise PlanFrozen()


def _frozen_among(model: type[models.Model], pks) -> bool:
    if issubclass(model, Plan):
        qs = Plan._base_manager.filter(pk__in=pks)
        return qs.filter(status__in=FROZEN).exists()
    lookup = f"{model.plan_path}__status__in"
    return model._base_manager.filter(pk__in=pks, **{lookup: FROZEN}).exists()


def guard_m2m(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """Refuse adding/removing links when either end belongs to a frozen plan."""
    if bypassed() or not action.startswith("pre_"):
        return
    from .audit import is_plan_model

    if is_plan_model(type(instance)) and _frozen_among(type(instance), [instance.pk]):
        raise PlanFrozen()
    if is_plan_model(model):
        if pk_set is None:  # clear(): every object currently linked
            src, dst = _through_columns(sender, type(instance), model)
            pk_set = set(
                sender._base_manager.filter(**{src: instance.pk}).values_list(dst, flat=True)
            )
        if pk_set and _frozen_among(model, pk_set):
            raise PlanFrozen()


def _through_columns(through, source, target) -> tuple[str, str]:
    """Names of the through table's foreign keys to the source and the target model."""
    fks = [f for f in through._meta.concrete_fields if f.is_relation]
    src = next(f for f in fks if f.related_model is source)
    dst = next(f for f in fks if f.related_model is target and f is not src)
    return src.attname, dst.attname
