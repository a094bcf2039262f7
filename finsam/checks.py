"""A check shown before the plan goes to the board (budget, plan, indicators all return these)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["error", "warning", "info"]


@dataclass(frozen=True)
class Check:
    level: Level
    message: str  # a whole Swedish sentence saying what is wrong and where
    url: str = ""  # where to fix it, when there is a page for that
    code: str = ""  # stable identifier for tests, e.g. "deficit_without_reason"
