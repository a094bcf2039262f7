"""Backup and restore of one association's plan for one year, as a JSON file.

The export walks the object graph instead of listing models, so data added by any app (budget
lines, indicators, comments, approvals, the audit trail…) is included without changes here:

* owned objects: the association and everything that points at it (members, board seats,
  groups, users' memberships, tags, settings…), the chosen year's plan(s) and everything that
  points at them, recursively. Objects that belong to a plan of another year are left out, and
  links to them (e.g. `Plan.previous`) are cleared.
* referenced objects: what owned objects point at but do not own (the users behind memberships
  and comments, shared catalogue rows). They are restored only where missing.
* uploaded files of the owned objects (logo, minutes, approved PDF), base64-encoded.
* rows that keep plain ids instead of foreign keys (the append-only audit trail) by their
  `association_id` / `plan_id` columns.

The file holds password hashes of the users involved: keep it as safely as the database.

Restore (`import_plan`) is meant for an empty database or one without these rows: it refuses to
overwrite anything it owns, keeps primary keys (so every internal link stays exact), saves like
`loaddata` (raw saves: no audit entries, no change of `updated_at`), and resets sequences.
Approved plans are written as drafts first and get their status last, because the database
refuses new rows in an approved plan.
"""

from __future__ import annotations

import base64
import datetime
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, connection, models, transaction

from finsam import freshness
from members.models import Association
from plans.models import Plan

FORMAT = "finsam-plan-backup"
VERSION = 1
# Rows every migrated database has; they are referred to by natural key, never copied.
NEVER_COPIED = {"contenttypes", "auth", "sessions", "admin"}
# Fields of the user that are Django auth plumbing, not our data.
STRIPPED_USER_FIELDS = ("groups", "user_permissions")


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why (Swedish)."""


Key = tuple[str, Any]  # (model label, pk)


def _key(obj: models.Model) -> Key:
    return (obj._meta.label, obj.pk)


@dataclass
class Graph:
    association: Association
    plans: list[Plan]
    owned: dict[Key, models.Model] = field(default_factory=dict)
    references: dict[Key, models.Model] = field(default_factory=dict)
    excluded: dict[Key, bool] = field(default_factory=dict)

    @property
    def plan_ids(self) -> set[int]:
        return {p.pk for p in self.plans}

    # An object belongs to another plan if it points at one, or if something it cannot live
    # without (a non-null foreign key) does.
    def is_excluded(self, obj: models.Model) -> bool:
        key = _key(obj)
        if key in self.excluded:
            return self.excluded[key]
        if isinstance(obj, Plan):
            self.excluded[key] = obj.pk not in self.plan_ids
            return self.excluded[key]
        self.excluded[key] = False  # provisional, breaks cycles
        result = False
        for f in obj._meta.concrete_fields:
            if not f.is_relation or getattr(obj, f.attname) is None:
                continue
            if f.related_model._meta.app_label in NEVER_COPIED:
                continue
            if issubclass(f.related_model, Plan):
                if getattr(obj, f.attname) not in self.plan_ids:
                    result = True
                    break
            elif not f.null:
                target = getattr(obj, f.name)
                if target is not None and self.is_excluded(target):
                    result = True
                    break
        self.excluded[key] = result
        return result


def _reverse_relations(model: type[models.Model]) -> Iterable[models.ForeignObjectRel]:
    for rel in model._meta.related_objects:
        if rel.many_to_many:
            continue  # saved with the owning side's field
        if rel.related_model._meta.app_label in NEVER_COPIED:
            continue
        yield rel


def collect(association: Association, plans: list[Plan]) -> Graph:
    graph = Graph(association, plans)
    queue: list[models.Model] = [association, *plans]
    while queue:
        obj = queue.pop()
        key = _key(obj)
        if key in graph.owned or graph.is_excluded(obj):
            continue
        graph.owned[key] = obj
        for rel in _reverse_relations(type(obj)):
            related = rel.related_model._base_manager.filter(**{rel.field.name: obj})
            queue.extend(related)
    _collect_plain_id_rows(graph)
    _collect_references(graph)
    return graph


def _collect_plain_id_rows(graph: Graph) -> None:
    """Rows linked by plain integer columns (the audit trail survives deletions that way)."""
    for model in apps.get_models():
        names = {f.name: f for f in model._meta.concrete_fields if not f.is_relation}
        if "association_id" not in names:
            continue
        rows = model._base_manager.filter(association_id=graph.association.pk)
        if "plan_id" in names:
            rows = rows.filter(
                models.Q(plan_id__isnull=True) | models.Q(plan_id__in=graph.plan_ids)
            )
        for row in rows:
            graph.owned.setdefault(_key(row), row)


def _collect_references(graph: Graph) -> None:
    queue = list(graph.owned.values())
    while queue:
        obj = queue.pop()
        relations = [f for f in obj._meta.concrete_fields if f.is_relation]
        for f in relations:
            if getattr(obj, f.attname) is None:
                continue
            if f.related_model._meta.app_label in NEVER_COPIED:
                continue
            target = getattr(obj, f.name)
            if target is None or _key(target) in graph.owned or _key(target) in graph.references:
                continue
            if graph.is_excluded(target):
                continue  # the link is cleared in the file
            graph.references[_key(target)] = target
            queue.append(target)
        for f in obj._meta.many_to_many:
            if f.related_model._meta.app_label in NEVER_COPIED:
                continue
            for target in getattr(obj, f.name).all():
                k = _key(target)
                known = k in graph.owned or k in graph.references
                if not known and not graph.is_excluded(target):
                    graph.references[k] = target
                    queue.append(target)


def _kept(graph: Graph, model: type[models.Model], pk: Any) -> bool:
    key = (model._meta.label, pk)
    return key in graph.owned or key in graph.references


def _serialise(graph: Graph, objects: Iterable[models.Model]) -> list[dict]:
    ordered = sorted(objects, key=lambda o: (o._meta.label, str(o.pk)))
    data = serializers.serialize("python", ordered, use_natural_foreign_keys=True)
    for obj, row in zip(ordered, data, strict=True):
        # Users and the like are known by natural key (username); their ids differ per database.
        row["pk"] = None if _natural(type(obj)) else obj.pk
        # A cache token, not data: the restore gives the association a fresh one.
        row["fields"].pop("data_stamp", None)
        for f in obj._meta.concrete_fields:
            if not f.is_relation or f.related_model._meta.app_label in NEVER_COPIED:
                continue
            value = getattr(obj, f.attname)
            if value is None or _natural(f.related_model):
                continue
            if not _kept(graph, f.related_model, value):
                if not f.null:
                    raise BackupError(
                        f"{obj._meta.label} {obj.pk} pekar på {f.related_model._meta.label} "
                        f"{value} som inte kan tas med."
                    )
                row["fields"][f.name] = None
        for f in obj._meta.many_to_many:
            if f.name in STRIPPED_USER_FIELDS and obj._meta.label == _user_label():
                row["fields"].pop(f.name, None)
                continue
            if f.related_model._meta.app_label in NEVER_COPIED or _natural(f.related_model):
                continue
            row["fields"][f.name] = [
                pk for pk in row["fields"].get(f.name, []) if _kept(graph, f.related_model, pk)
            ]
    return data


def _natural(model: type[models.Model]) -> bool:
    return hasattr(model, "natural_key") and hasattr(model._default_manager, "get_by_natural_key")


def _user_label() -> str:
    from django.contrib.auth import get_user_model

    return get_user_model()._meta.label


def _files(objects: Iterable[models.Model]) -> dict[str, str]:
    files: dict[str, str] = {}
    for obj in objects:
        for f in obj._meta.concrete_fields:
            if isinstance(f, models.FileField):
                name = getattr(obj, f.attname).name
                if name and f.storage.exists(name):
                    with f.storage.open(name, "rb") as fh:
                        files[name] = base64.b64encode(fh.read()).decode("ascii")
    return files


def export_plan(slug: str, year: int) -> dict:
    """Everything needed to restore association `slug` and its plan(s) for `year`."""
    try:
        association = Association.objects.get(slug=slug)
    except Association.DoesNotExist as exc:
        raise BackupError(f"Det finns inget förbund med kortnamnet ”{slug}”.") from exc
    plans = list(association.plans.filter(year=year).order_by("revision"))
    if not plans:
        raise BackupError(f"{association} har ingen plan för {year}.")
    graph = collect(association, plans)
    owned = list(graph.owned.values())
    return {
        "format": FORMAT,
        "version": VERSION,
        "association": slug,
        "year": year,
        "objects": _serialise(graph, owned),
        "references": _serialise(graph, graph.references.values()),
        "files": _files(owned),
    }


class ExactJSONEncoder(DjangoJSONEncoder):
    """Keeps microseconds, which DjangoJSONEncoder cuts to milliseconds: a restore is exact."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.time):
            text = o.isoformat()
            return text[:-6] + "Z" if text.endswith("+00:00") else text
        return super().default(o)


def dumps(backup: dict) -> str:
    return json.dumps(backup, cls=ExactJSONEncoder, ensure_ascii=False, indent=1, sort_keys=True)


# --- restore -------------------------------------------------------------------------------


@dataclass
class RestoreResult:
    association: Association
    objects: int
    references_created: int
    files: int


def _deserialise(rows: list[dict]) -> list:
    items = list(
        serializers.deserialize(
            "python", rows, handle_forward_references=True, ignorenonexistent=False
        )
    )
    for item in items:  # DeserializedObject.save() clears m2m_data; keep it for _save_m2m
        item.finsam_m2m = dict(item.m2m_data or {})
    return items


def _exists(obj: models.Model) -> bool:
    return obj.pk is not None and type(obj)._base_manager.filter(pk=obj.pk).exists()


def _save_m2m(item) -> None:
    """Many-to-many rows straight into the through tables (no m2m_changed: a restore is not
    an edit, and the audit trail already holds the history)."""
    obj = item.object
    for name, pks in item.finsam_m2m.items():
        f = obj._meta.get_field(name)
        through = f.remote_field.through
        if not through._meta.auto_created or not pks:
            continue
        source = f.m2m_field_name()
        target = f.m2m_reverse_field_name()
        through._base_manager.bulk_create(
            [through(**{f"{source}_id": obj.pk, f"{target}_id": pk}) for pk in pks]
        )


def _save(item) -> None:
    """Insert (never update: the ids were checked to be free, and the audit trail refuses
    updates)."""
    try:
        with transaction.atomic():
            item.save(save_m2m=False, force_insert=True)
    except DatabaseError as exc:
        obj = item.object
        raise BackupError(f"{obj._meta.label} {obj.pk} kunde inte återställas: {exc}") from exc


def import_plan(data: dict) -> RestoreResult:
    if data.get("format") != FORMAT or data.get("version") != VERSION:
        raise BackupError("Filen är ingen säkerhetskopia från Finsam Plan (eller fel version).")
    slug = data["association"]
    if Association.objects.filter(slug=slug).exists():
        raise BackupError(
            f"Förbundet ”{slug}” finns redan i databasen. Återställ till en tom databas."
        )
    created_refs = 0
    with transaction.atomic(), connection.constraint_checks_disabled():
        for item in _deserialise(data["references"]):
            obj = item.object
            if _exists(obj):
                continue  # a user or catalogue row already here stays as it is
            if obj._meta.label == _user_label():
                from django.contrib.auth import get_user_model

                if get_user_model()._base_manager.filter(username=obj.username).exists():
                    continue
            item.save(save_m2m=False)  # m2m rows go in below, without m2m_changed signals
            _save_m2m(item)
            created_refs += 1
        items = _deserialise(data["objects"])
        clashes = [f"{i.object._meta.label} {i.object.pk}" for i in items if _exists(i.object)]
        if clashes:
            raise BackupError(
                "Databasen har redan rader med samma id: "
                + ", ".join(clashes[:5])
                + ". Återställ till en tom databas."
            )
        plans = [i for i in items if isinstance(i.object, Plan)]
        statuses = {i.object.pk: i.object.status for i in plans}
        for item in plans:
            item.object.status = Plan.Status.DRAFT  # new rows in an approved plan are refused
            _save(item)
        for item in items:
            if not isinstance(item.object, Plan):
                _save(item)
        for item in items:
            _save_m2m(item)
            if item.deferred_fields:
                item.save_deferred_fields()
        for item in plans:
            item.object.status = statuses[item.object.pk]
            item.save(save_m2m=False)  # draft → approved/superseded is an allowed change
        touched = {type(i.object) for i in items} | {
            type(i.object) for i in _deserialise(data["references"])
        }
        if connection.vendor == "sqlite":
            connection.check_constraints(table_names=[m._meta.db_table for m in touched])
        elif connection.vendor == "postgresql":
            # Check the deferred foreign keys now, inside the restore, not at some later commit.
            with connection.cursor() as cursor:
                cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
                cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(touched)):
                cursor.execute(sql)
    freshness.touch(Association.objects.get(slug=slug).pk)
    files = 0
    for name, b64 in data.get("files", {}).items():
        if not default_storage.exists(name):
            saved = default_storage.save(name, ContentFile(base64.b64decode(b64)))
            if saved != name:
                raise BackupError(f"Filen {name} kunde inte återställas under samma namn.")
            files += 1
    return RestoreResult(Association.objects.get(slug=slug), len(items), created_refs, files)
