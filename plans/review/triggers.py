"""Database triggers that keep approved plans and the audit trail unchangeable.

Installed (re-created) after every `migrate` for every table that belongs to a plan: Plan,
every concrete PlanPart subclass of any app, and the many-to-many tables of those models.
Covers what model signals cannot see: QuerySet.update(), bulk_create(), bulk_update() and raw
SQL. Works on SQLite and PostgreSQL; other vendors get the signal layer only.
"""

# ruff: noqa: S608  (SQL is built from model metadata only, never from input)
from __future__ import annotations

from django.apps import apps
from django.db import connections, models

from plans.models import Plan, PlanPart

from .freeze import FROZEN, bypassed

PREFIX = "finsam_freeze_"
MESSAGE = "finsam: planen är beslutad och kan inte ändras"


def _qn(conn, name: str) -> str:
    return conn.ops.quote_name(name)


def _frozen_list() -> str:
    return ", ".join(f"'{s}'" for s in FROZEN)


def _plan_id_expr(conn, model: type[models.Model], first_expr: str) -> str:
    """SQL for the plan id of a PlanPart row, given the SQL of its first path column."""
    path = model.plan_path.split("__")
    current = model
    expr = ""
    for i, name in enumerate(path):
        field = current._meta.get_field(name)
        if i == 0:
            expr = first_expr(field.column) if callable(first_expr) else first_expr
        else:
            expr = (
                f"(SELECT {_qn(conn, field.column)} FROM {_qn(conn, current._meta.db_table)} "
                f"WHERE {_qn(conn, current._meta.pk.column)} = {expr})"
            )
        current = field.related_model
    return expr


def _status_of_plan_id(conn, plan_id_expr: str) -> str:
    table = _qn(conn, Plan._meta.db_table)
    return f"(SELECT {_qn(conn, 'status')} FROM {table} WHERE {_qn(conn, 'id')} = {plan_id_expr})"


def _status_of_row(conn, model, row: str) -> str:
    return _status_of_plan_id(
        conn, _plan_id_expr(conn, model, lambda col: f"{row}.{_qn(conn, col)}")
    )


def _status_of_object(conn, model, id_expr: str) -> str:
    """Status of the plan of the `model` row whose primary key is id_expr."""
    if issubclass(model, Plan):
        return _status_of_plan_id(conn, id_expr)
    table = _qn(conn, model._meta.db_table)
    pk = _qn(conn, model._meta.pk.column)
    return _status_of_plan_id(
        conn,
        _plan_id_expr(
            conn,
            model,
            lambda col: f"(SELECT {_qn(conn, col)} FROM {table} WHERE {pk} = {id_expr})",
        ),
    )


def plan_models() -> list[type[models.Model]]:
    return [
        m
        for m in apps.get_models()
        if issubclass(m, PlanPart) and not m._meta.proxy and m._meta.managed
    ]


def through_tables() -> list[tuple[type[models.Model], list[tuple[str, type[models.Model]]]]]:
    """(through model, [(column, plan model)]) for auto-created M2M tables touching plan data."""
    seen: dict[type[models.Model], list[tuple[str, type[models.Model]]]] = {}
    for model in apps.get_models():
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if not through._meta.auto_created or through in seen:
                continue
            cols = [
                (f.column, f.related_model)
                for f in through._meta.concrete_fields
                if f.is_relation and issubclass(f.related_model, (Plan, PlanPart))
            ]
            if cols:
                seen[through] = cols
    return list(seen.items())


def _is_frozen(conn, status_sql: str) -> str:
    return f"{status_sql} IN ({_frozen_list()})"


def _same(conn, column: str) -> str:
    c = _qn(conn, column)
    if conn.vendor == "postgresql":
        return f"OLD.{c} IS NOT DISTINCT FROM NEW.{c}"
    return f"OLD.{c} IS NEW.{c}"


def conditions(conn) -> dict[str, dict[str, str]]:
    """{table: {"INSERT"|"UPDATE"|"DELETE": SQL condition that must refuse the row}}."""
    result: dict[str, dict[str, str]] = {}
    plan_cols = [
        f.column
        for f in Plan._meta.concrete_fields
        if f.name not in {"status", "version", "updated_at"}
    ]
    unchanged = " AND ".join(_same(conn, c) for c in plan_cols)
    status = _qn(conn, "status")
    version = _qn(conn, "version")
    result[Plan._meta.db_table] = {
        "UPDATE": (
            f"OLD.{status} IN ({_frozen_list()}) AND NOT ({unchanged} AND ("
            f"(OLD.{status} = NEW.{status} AND OLD.{version} = NEW.{version}) OR "
            f"(OLD.{status} = 'approved' AND NEW.{status} = 'superseded')))"
        ),
        "DELETE": f"OLD.{status} IN ({_frozen_list()})",
    }
    for model in plan_models():
        old = _is_frozen(conn, _status_of_row(conn, model, "OLD"))
        new = _is_frozen(conn, _status_of_row(conn, model, "NEW"))
        result[model._meta.db_table] = {"INSERT": new, "UPDATE": f"{old} OR {new}", "DELETE": old}
    for through, cols in through_tables():
        old = " OR ".join(
            _is_frozen(conn, _status_of_object(conn, m, f"OLD.{_qn(conn, c)}")) for c, m in cols
        )
        new = " OR ".join(
            _is_frozen(conn, _status_of_object(conn, m, f"NEW.{_qn(conn, c)}")) for c, m in cols
        )
        result[through._meta.db_table] = {
            "INSERT": new,
            "UPDATE": f"{old} OR {new}",
            "DELETE": old,
        }
    # The audit trail is append-only; only the actor may become NULL (user deleted).
    from .models import ApprovedDocument, AuditEntry

    audit_cols = [f.column for f in AuditEntry._meta.concrete_fields if f.name != "actor"]
    actor = _qn(conn, AuditEntry._meta.get_field("actor").column)
    result[AuditEntry._meta.db_table] = {
        "UPDATE": "NOT (NEW.{a} IS NULL AND {same})".format(
            a=actor, same=" AND ".join(_same(conn, c) for c in audit_cols)
        ),
        "DELETE": "1 = 1",
    }
    doc_cols = [f.column for f in ApprovedDocument._meta.concrete_fields if f.name != "approved_by"]
    sha = _qn(conn, "sha256")
    result[ApprovedDocument._meta.db_table] = {
        "UPDATE": "OLD.{s} <> '' AND NOT ({same})".format(
            s=sha, same=" AND ".join(_same(conn, c) for c in doc_cols)
        ),
        "DELETE": "1 = 1",
    }
    return result


def register_sqlite_function(sender, connection, **kwargs) -> None:
    """connection_created receiver: the SQLite triggers ask this whether to enforce."""
    if connection.vendor == "sqlite":
        connection.connection.create_function(
            "finsam_freeze_active", 0, lambda: 0 if bypassed() else 1
        )


def install_triggers(using: str = "default") -> int:
    """(Re)create every trigger. Returns how many were installed."""
    conn = connections[using]
    if conn.vendor not in {"sqlite", "postgresql"}:
        return 0
    existing = set(conn.introspection.table_names())
    count = 0
    with conn.cursor() as cursor:
        if conn.vendor == "sqlite":
            register_sqlite_function(None, conn)
        for table, ops in conditions(conn).items():
            if table not in existing:
                continue
            name = f"{PREFIX}{table}"
            qt = _qn(conn, table)
            if conn.vendor == "sqlite":
                for op, cond in ops.items():
                    trig = f"{name}_{op.lower()}"
                    cursor.execute(f"DROP TRIGGER IF EXISTS {trig}")
                    cursor.execute(
                        f"CREATE TRIGGER {trig} BEFORE {op} ON {qt} FOR EACH ROW "
                        f"WHEN finsam_freeze_active() AND ({cond}) "
                        f"BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END"
                    )
                    count += 1
            else:
                branches = "\n".join(
                    f"  IF TG_OP = '{op}' AND ({cond}) THEN "
                    f"RAISE EXCEPTION '{MESSAGE}' "
                    "USING ERRCODE = 'integrity_constraint_violation'; "
                    "END IF;"
                    for op, cond in ops.items()
                )
                cursor.execute(
                    f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $fn$\n"
                    "BEGIN\n"
                    "  IF current_setting('finsam.freeze_bypass', true) = 'on' THEN "
                    "RETURN COALESCE(NEW, OLD); END IF;\n"
                    f"{branches}\n"
                    "  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n"
                    "  RETURN NEW;\n"
                    "END $fn$ LANGUAGE plpgsql"
                )
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {qt}")
                ops_sql = " OR ".join(ops)
                cursor.execute(
                    f"CREATE TRIGGER {name} BEFORE {ops_sql} ON {qt} "
                    f"FOR EACH ROW EXECUTE FUNCTION {name}()"
                )
                count += 1
    return count


def after_migrate(sender, using="default", **kwargs) -> None:
    install_triggers(using)
