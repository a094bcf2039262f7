"""A stamp per association that changes with every write to its data, for safe caching.

Figures derived from many tables (a plan's checks, its budget summary) are costly to compute
and read on every visit to the plan overview. They are cached under the association's
`data_stamp`, which every save, delete and many-to-many change of a model in our apps replaces
with a fresh random token, in the same transaction as the write.

Why this is safe across processes and transactions:
- A reader takes the stamp first, then the data. A write commits its data and its new stamp
  together, so a reader that sees the new stamp also sees the new data.
- Concurrent writers update the same association row, so the stamp of the last one to commit
  is the one that stays.
- Tokens are random, not a counter: a rolled-back write never reuses a stamp that its own
  transaction may already have cached figures under.
Writes that bypass model signals (QuerySet.update(), bulk_create(), raw SQL) are not seen; the
house rule is that plan data is written through Model.save() (the audit trail needs it too),
and the backup import touches the association itself.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable

from django.apps import apps
from django.core.cache import cache
from django.db import models
from django.db.models import signals
from django.utils import translation

TRACKED_APPS = ("members", "plans", "budgets", "indicators")
# Rows that say who may do what, not what the plan says; and users' own settings.
UNTRACKED_MODELS = frozenset({"members.User", "members.Membership"})
CACHE_SECONDS = 6 * 3600


def touch(association_id: int | None) -> None:
    """Give the association a new stamp; `None` (a shared row, e.g. the NNS catalogue): all."""
    from members.models import Association

    rows = Association.objects.all()
    if association_id is not None:
        rows = rows.filter(pk=association_id)
    rows.update(data_stamp=uuid.uuid4().hex)


def current_stamp(association_id: int) -> str:
    from members.models import Association

    found = Association.objects.filter(pk=association_id).values_list("data_stamp", flat=True)
    return found.first() or ""


def cached[T](
    association_id: int, key: str, compute: Callable[[], T], *, stamp: str | None = None
) -> T:
    """`compute()`, reused until the association's data changes (per language: texts in it).

    `stamp`: the association's data_stamp when the caller has just read the association from
    the database, before reading any of the data `compute` uses (saves a query).
    """
    if stamp is None:
        stamp = current_stamp(association_id)
    full_key = f"fresh:{association_id}:{stamp}:{translation.get_language()}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, CACHE_SECONDS)
    return value


# --- finding an object's association ----------------------------------------------------------


@functools.cache
def _association_path(model: type[models.Model], depth: int = 0) -> str | None:
    """ORM path from `model` to its association's id, or None when it has none."""
    from members.models import Association
    from plans.models import PlanPart

    if issubclass(model, Association):
        return "pk"
    names = {f.name for f in model._meta.concrete_fields}
    if "association" in names:
        return "association_id"
    if issubclass(model, PlanPart):
        return f"{model.plan_path}__association_id"
    for field in model._meta.concrete_fields:
        if field.many_to_one and field.related_model is not model and depth < 4:
            rest = _association_path(field.related_model, depth + 1)
            if rest is not None:
                return f"{field.name}__{rest}"
    return None


class _Everyone:
    """A shared row (association_id None): every association's figures may use it."""


def _affected(instance: models.Model) -> models.Q | type[_Everyone] | None:
    path = _association_path(type(instance))
    if path is None:
        return None
    if path == "pk":
        return models.Q(pk=instance.pk)
    first, _, rest = path.partition("__")
    field = instance._meta.get_field(first)
    ref = getattr(instance, field.attname)
    if not rest:  # the association's own id, held by the instance
        return _Everyone if ref is None else models.Q(pk=ref)
    if ref is None:
        return None
    # One UPDATE with a subquery instead of a SELECT to find the association first.
    owner = field.related_model._base_manager.filter(pk=ref).values(rest)
    return models.Q(pk__in=owner)


def _touch_for(instance: models.Model) -> None:
    from members.models import Association

    affected = _affected(instance)
    if affected is None:
        return
    if affected is _Everyone:
        touch(None)
    else:
        Association.objects.filter(affected).update(data_stamp=uuid.uuid4().hex)


def on_save(sender, instance, raw=False, **kwargs) -> None:
    _touch_for(instance)


def on_delete(sender, instance, **kwargs) -> None:
    # Before the delete, so the path to the association still resolves for children of a
    # cascade; the new stamp commits (or rolls back) with the delete.
    _touch_for(instance)


def on_m2m(sender, instance, action, **kwargs) -> None:
    if action.startswith("post_"):
        _touch_for(instance)


def connect() -> None:
    """Connect the receivers for every concrete model of the tracked apps (AppConfig.ready)."""
    for label in TRACKED_APPS:
        for model in apps.get_app_config(label).get_models():
            if model._meta.label in UNTRACKED_MODELS or model._meta.proxy:
                continue
            uid = f"finsam_freshness_{model._meta.label_lower}"
            signals.post_save.connect(on_save, sender=model, dispatch_uid=uid)
            signals.pre_delete.connect(on_delete, sender=model, dispatch_uid=uid)
            for field in model._meta.local_many_to_many:
                through = field.remote_field.through
                signals.m2m_changed.connect(
                    on_m2m, sender=through, dispatch_uid=f"{uid}_{field.name}"
                )
