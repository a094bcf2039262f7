"""The audit trail: every create, change and delete of a plan and everything in it.

Signals on Plan, every PlanPart subclass (found with apps.get_models(), so other apps' models
are included) and their many-to-many tables write AuditEntry rows. The actor comes from a
context variable set by AuditActorMiddleware for web requests and by `acting_as(user)` in
services and commands; without one the entry says "system".
"""

from __future__ import annotations

import contextlib
import functools
import json
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING, Any

from django.db import models

from finsam.language import in_plan_language
from plans.models import Plan, PlanPart

if TYPE_CHECKING:
    from members.models import User

_actor: ContextVar[Any] = ContextVar("finsam_audit_actor", default=None)
_suspended: ContextVar[bool] = ContextVar("finsam_audit_suspended", default=False)


@contextlib.contextmanager
def suspended() -> Iterator[None]:
    """No audit entries inside the block (restoring a backup that carries its own trail)."""
    token = _suspended.set(True)
    try:
        yield
    finally:
        _suspended.reset(token)


# Fields that change on every save and say nothing a reader needs.
IGNORED_FIELDS = frozenset({"version", "updated_at", "created_at"})
MAX_VALUE = 2000


def current_actor() -> User | None:
    actor = _actor.get()
    if actor is None or not getattr(actor, "is_authenticated", False):
        return None
    return actor


@contextlib.contextmanager
def acting_as(user: User | None) -> Iterator[None]:
    """Attribute writes inside the block to `user` (services call this)."""
    token = _actor.set(user)
    try:
        yield
    finally:
        _actor.reset(token)


class AuditActorMiddleware:
    """Sets the audit actor to the logged-in user for the whole request."""

    def __init__(self, get_response) -> None:
        self.get_response = get_response

    def __call__(self, request):
        token = _actor.set(getattr(request, "user", None))
        try:
            return self.get_response(request)
        finally:
            _actor.reset(token)


def is_plan_model(model: type[models.Model]) -> bool:
    return issubclass(model, (Plan, PlanPart)) and not model._meta.abstract


def plan_ids_of(instance: models.Model) -> tuple[int | None, int | None]:
    """(plan id, association id) of a Plan or PlanPart, read from the instance and the database."""
    if isinstance(instance, Plan):
        return instance.pk, instance.association_id
    path: list[str] = type(instance).plan_path.split("__")
    first = instance._meta.get_field(path[0])
    ref = getattr(instance, first.attname, None)
    if ref is None:
        return None, None
    if len(path) == 1:
        row = Plan._base_manager.filter(pk=ref).values_list("pk", "association_id")
    else:
        rest = "__".join(path[1:])
        row = first.related_model._base_manager.filter(pk=ref).values_list(
            rest, f"{rest}__association_id"
        )
    found = row.first()
    return (found[0], found[1]) if found else (None, None)


def _display(instance: models.Model, field: models.Field) -> str:
    value = getattr(instance, field.attname)
    if value is None:
        return ""
    if field.choices:
        label = dict(field.flatchoices).get(value, value)
        return str(label)
    if isinstance(field, models.ForeignKey):
        return str(value)
    if isinstance(field, models.FileField):
        return str(value.name if hasattr(value, "name") else value)
    if isinstance(field, models.JSONField):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, bool):
        return "ja" if value else "nej"
    return str(value)[:MAX_VALUE]


def tracked_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        f for f in model._meta.concrete_fields if not f.primary_key and f.name not in IGNORED_FIELDS
    ]


def snapshot(instance: models.Model) -> dict[str, str]:
    return {f.name: _display(instance, f) for f in tracked_fields(type(instance))}


def _actor_fields() -> dict[str, Any]:
    actor = current_actor()
    if actor is None:
        return {"actor": None, "actor_name": "system"}
    name = actor.get_full_name() or actor.get_username()
    return {"actor": actor, "actor_name": name[:150]}


def _base(instance: models.Model, plan_id, assoc_id) -> dict[str, Any]:
    from .models import AuditEntry  # noqa: F401 (models are ready when signals fire)

    return {
        "association_id": assoc_id or 0,
        "plan_id": plan_id,
        "model": instance._meta.label,
        "model_label": str(instance._meta.verbose_name)[:100],
        "object_id": str(instance.pk),
        "object_repr": str(instance)[:200],
        **_actor_fields(),
    }


# --- signal receivers (connected in apps.ready) ---------------------------------------------


def _in_swedish(receiver: Callable[..., None]) -> Callable[..., None]:
    """The trail is one permanent record everyone reads: its labels and values are written in
    the product's language, not in the language the editor happened to choose."""

    @functools.wraps(receiver)
    def wrapper(*args: Any, **kwargs: Any) -> None:
        with in_plan_language():
            receiver(*args, **kwargs)

    return wrapper


_UNREAD = object()


@_in_swedish
def before_save(sender, instance, raw=False, **kwargs) -> None:
    if raw or instance.pk is None or _suspended.get():
        instance._audit_old = None
        return
    old = instance.__dict__.pop("_finsam_old", _UNREAD)  # read by the freeze guard just before
    if old is _UNREAD:
        old = sender._base_manager.filter(pk=instance.pk).first()
    instance._audit_old = snapshot(old) if old is not None else None


@_in_swedish
def after_save(sender, instance, created, raw=False, **kwargs) -> None:
    from .models import AuditEntry

    if raw or _suspended.get():
        return
    info = instance.__dict__.pop("_finsam_plan", None)
    plan_id, assoc_id = info[:2] if info else plan_ids_of(instance)
    base = _base(instance, plan_id, assoc_id)
    new = snapshot(instance)
    old = getattr(instance, "_audit_old", None)
    labels = {f.name: str(f.verbose_name) for f in tracked_fields(sender)}
    if created or old is None:
        summary = "; ".join(f"{labels[k]}: {v}" for k, v in new.items() if v)
        AuditEntry.objects.create(
            **base, action=AuditEntry.Action.CREATE, new_value=summary[:MAX_VALUE]
        )
        return
    entries = []
    for name, value in new.items():
        if old.get(name) != value:
            action = AuditEntry.Action.UPDATE
            if isinstance(instance, Plan) and name == "status":
                action = AuditEntry.Action.STATUS
            entries.append(
                AuditEntry(
                    **base,
                    action=action,
                    field=name,
                    field_label=labels[name][:100],
                    old_value=old.get(name, ""),
                    new_value=value,
                )
            )
    if entries:
        AuditEntry.objects.bulk_create(entries)
    instance._audit_old = None


@_in_swedish
def before_delete(sender, instance, **kwargs) -> None:
    from .models import AuditEntry

    if _suspended.get():
        return
    plan_id, assoc_id = plan_ids_of(instance)
    summary = "; ".join(f"{k}: {v}" for k, v in snapshot(instance).items() if v)
    AuditEntry.objects.create(
        **_base(instance, plan_id, assoc_id),
        action=AuditEntry.Action.DELETE,
        old_value=summary[:MAX_VALUE],
    )


@_in_swedish
def m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    """Record additions and removals on many-to-many links that touch plan data."""
    if action not in {"post_add", "post_remove", "pre_clear"} or _suspended.get():
        return
    if action == "pre_clear":
        from .freeze import _through_columns

        src, dst = _through_columns(sender, type(instance), model)
        pk_set = set(sender._base_manager.filter(**{src: instance.pk}).values_list(dst, flat=True))
    targets = list(model._base_manager.filter(pk__in=pk_set or []))
    if not targets:
        return
    if is_plan_model(type(instance)):
        _record_m2m(instance, _m2m_label(type(instance), sender), action, targets)
    if is_plan_model(model):
        label = _m2m_label(model, sender)
        for owner in targets:
            _record_m2m(owner, label, action, [instance])


def _m2m_label(model, through) -> tuple[str, str]:
    for f in model._meta.get_fields():
        if not f.many_to_many:
            continue
        f_through = f.remote_field.through if not f.auto_created else f.through
        if f_through is through:
            name = f.name if not f.auto_created else f.get_accessor_name()
            return name, str(getattr(f, "verbose_name", name))
    return through._meta.model_name, through._meta.model_name


def _record_m2m(owner, field: tuple[str, str], action, targets) -> None:
    from .models import AuditEntry

    plan_id, assoc_id = plan_ids_of(owner)
    names = ", ".join(str(t) for t in targets)[:MAX_VALUE]
    added = action == "post_add"
    AuditEntry.objects.create(
        **_base(owner, plan_id, assoc_id),
        action=AuditEntry.Action.UPDATE,
        field=field[0][:100],
        field_label=field[1][:100],
        old_value="" if added else names,
        new_value=f"+ {names}" if added else "",
    )
