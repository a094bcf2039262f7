"""The budget page and a cell save for a large budget (60 lines × 3 years).

Targets: a cell save (htmx, one cell) under 30 ms server time with at most 12 SQL queries; the
page's query count the same at 60 and 120 lines (printed as two rows). The page reuses the
contributions and step table until the association's data changes (budgets.services.
editor_inputs); one row measures it without that cache, as on the first visit after a change.
"""

from __future__ import annotations

from bench.harness import Page

_state: dict = {}


def _plan():
    """A draft VVND plan (rolled forward from the approved seed plan) with 60 lines."""
    if "plan" in _state:
        return _state["plan"]
    from plans.models import Plan
    from plans.services import plan_roll_forward

    seed = Plan.objects.filter(association__slug="vvnd").order_by("year").first()
    plan = (
        Plan.objects.filter(association=seed.association, status=Plan.Status.DRAFT)
        .order_by("-year")
        .first()
    ) or plan_roll_forward(user=None, plan=seed)
    _state["plan"] = plan
    _grow(60)
    return plan


def _grow(total: int) -> None:
    from budgets.models import BudgetLine, Group
    from budgets.services import budget_line_create

    plan = _state["plan"]
    groups = [Group.ADMINISTRATION, Group.INDIVIDUAL, Group.STRUCTURAL, Group.EXTERNAL]
    have = BudgetLine.objects.filter(budget__plan=plan).count()
    for i in range(have, total):
        budget_line_create(
            user=None,
            plan=plan,
            group=groups[i % len(groups)],
            name=f"Bänkrad {i}",
            amounts=(10_000 + i * 1_000, 11_000 + i * 900, 12_000 + i * 800),
        )


def _page_url() -> str:
    return f"/f/vvnd/plan/{_plan().pk}/budget/"


def _setup_120() -> None:
    _plan()
    _grow(120)


def _setup_cell() -> None:
    """The line to type into, its version, and the page's signed inputs (as the browser has)."""
    from budgets import services, snapshot
    from budgets.models import BudgetLine

    plan = _plan()
    line = BudgetLine.objects.filter(budget__plan=plan, is_balancing=False).last()
    _state["line"] = line
    _state["version"] = line.version
    _state["token"] = snapshot.pack(
        plan.pk, services.contribution_inputs(plan), services.equity_steps(plan.association)
    )
    _state["n"] = 0


def _uncached() -> dict:
    """No cached editor inputs (as after any change to the association's data): the cache is
    emptied before each request (a locmem clear, no query)."""
    from django.core.cache import cache

    cache.clear()
    return {}


def _cell_url() -> str:
    return f"/f/vvnd/plan/{_plan().pk}/budget/spara/"


def _cell_data() -> dict:
    # Each call types a different figure, so every request really saves (version + 1).
    line = _state["line"]
    _state["n"] += 1
    data = {
        f"c-{line.pk}-0": f"{100 + _state['n']} 000",
        f"v-{line.pk}": str(_state["version"]),
        "ctx": _state["token"],
    }
    _state["version"] += 1
    return data


PAGES = [
    Page("budget page, 60 lines × 3 years", "ekonom", _page_url, setup=_plan),
    Page(
        "budget page, 60 lines, inputs not cached",
        "ekonom",
        _page_url,
        data=_uncached,
        setup=_plan,
    ),
    Page(
        "budget cell save (htmx), 60 lines",
        "ekonom",
        _cell_url,
        method="post",
        data=_cell_data,
        headers={"HTTP_HX_REQUEST": "true"},
        setup=_setup_cell,
    ),
    Page("budget page, 120 lines × 3 years", "ekonom", _page_url, setup=_setup_120),
]
