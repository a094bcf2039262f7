"""Pure rules of the plan: progress, parties, participant totals, goal hierarchy, risk scores.

No ORM writes and no request: plain values in, small dataclasses out, so the pages, the PDF and
the tests all use the same numbers.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

# Depth of each goal level: a goal's parent must sit higher (smaller number).
GOAL_LEVEL_RANK: dict[str, int] = {
    "vision": 0,
    "overall": 1,
    "strategic": 1,
    "direction": 2,
    "effect": 2,
    "quality": 2,
    "financial": 2,
    "operational": 3,
    "activity": 4,
}


def parent_level_allowed(*, child_level: str, parent_level: str) -> bool:
    """A vision has no parent; every other goal hangs under a higher level."""
    return GOAL_LEVEL_RANK[parent_level] < GOAL_LEVEL_RANK[child_level]


# Financial coordination (lag 2003:1210) needs at least two parties working together.
MIN_PARTIES = 2


def party_count(*, owner_id: int | None, party_ids: Iterable[int]) -> int:
    """Distinct members taking part, the owner included."""
    ids = set(party_ids)
    if owner_id is not None:
        ids.add(owner_id)
    return len(ids)


def has_too_few_parties(*, owner_id: int | None, party_ids: Iterable[int]) -> bool:
    return party_count(owner_id=owner_id, party_ids=party_ids) < MIN_PARTIES


@dataclass(frozen=True)
class ParticipantYear:
    year: int
    women: int
    men: int
    other: int

    @property
    def total(self) -> int:
        return self.women + self.men + self.other


def participant_totals(*, rows: Iterable[tuple[int, int, int, int]]) -> list[ParticipantYear]:
    """Sum aggregated counts (year, women, men, other) per year, oldest first."""
    by_year: dict[int, list[int]] = {}
    for year, women, men, other in rows:
        acc = by_year.setdefault(year, [0, 0, 0])
        acc[0] += women
        acc[1] += men
        acc[2] += other
    return [ParticipantYear(y, *by_year[y]) for y in sorted(by_year)]


def amounts_total(*, amounts: Iterable[int | None]) -> int:
    return sum(a or 0 for a in amounts)


def years_after_end(
    *, end: date | None, first_year: int, amounts: Iterable[int | None], ended: bool = False
) -> list[int]:
    """The plan years in which an intervention has money although it has ended by then.

    `amounts` are the budget's three years from `first_year`. An intervention marked as ended
    (`ended`) should have no money in any of them; otherwise the years after its end date.
    """
    return [
        first_year + i
        for i, amount in enumerate(amounts)
        if amount and (ended or (end is not None and first_year + i > end.year))
    ]


def risk_score(*, likelihood: int, consequence: int) -> int:
    """Likelihood × consequence on the 1–4 scales: 1–16, higher is more serious."""
    return likelihood * consequence


def risk_class(*, score: int) -> str:
    """'low' / 'medium' / 'high' for the risk matrix colouring and the PDF."""
    if score >= 9:
        return "high"
    if score >= 4:
        return "medium"
    return "low"


@dataclass(frozen=True)
class ProgressSummary:
    empty: int
    drafted: int
    ready: int

    @property
    def total(self) -> int:
        return self.empty + self.drafted + self.ready


def progress_summary(*, progresses: Iterable[str]) -> ProgressSummary:
    values = list(progresses)
    return ProgressSummary(
        empty=values.count("empty"), drafted=values.count("drafted"), ready=values.count("ready")
    )


def move_in_order(*, ids: list[int], moving: int, direction: str) -> list[int]:
    """The ids after moving one a step 'up' or 'down' (unchanged at the ends)."""
    result = list(ids)
    i = result.index(moving)
    j = i - 1 if direction == "up" else i + 1
    if 0 <= j < len(result):
        result[i], result[j] = result[j], result[i]
    return result
