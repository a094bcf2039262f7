"""Values for URL keyword arguments, so the role walker can reach every pattern.

Each app adds its own in `tests/<app>/url_kwargs.py` as `KWARGS = {"name": callable(association)}`
returning a value that belongs to that association (its draft plan's objects). The walker fails
on a keyword nobody provides, so a new view can't escape the walk.
"""

from __future__ import annotations

from importlib import import_module
from pathlib import Path

from members.models import Association
from plans.models import Plan


def walk_plan(association: Association) -> Plan:
    """The draft plan the walker uses: the newest draft, created if the demo has none."""
    plan = association.plans.filter(status=Plan.Status.DRAFT).order_by("-year").first()
    if plan is None:
        plan = Plan.objects.create(association=association, year=2030)
    return plan


BASE = {
    "assoc": lambda a: a.slug,
    "plan_id": lambda a: walk_plan(a).pk,
}


def all_kwargs() -> dict:
    merged = dict(BASE)
    for path in sorted(Path(__file__).parent.glob("*/url_kwargs.py")):
        module = import_module(f"tests.{path.parent.name}.url_kwargs")
        merged.update(module.KWARGS)
    return merged
