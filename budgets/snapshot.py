"""The editor's read-only inputs (contributions, equity steps), signed into the page.

A cell save needs the contributions and the step table only to redraw the totals; they do not
change when a budget cell does. The page carries them signed (and at most ten minutes old), so
a save re-reads only the budget itself. A missing, tampered or stale token means: read them
from the database. Nothing is ever stored from the token.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal

from django.core import signing

from . import calc

SALT = "budgets.editor-inputs"
MAX_AGE = 600  # seconds; after that the figures are read again


def pack(
    plan_id: int,
    contributions: Sequence[calc.ContributionInput],
    steps: Sequence[calc.StepInput],
) -> str:
    data = {
        "p": plan_id,
        "c": [[c.label, c.member_id, list(c.amounts)] for c in contributions],
        "s": [[s.up_to, str(s.max_percent)] for s in steps],
    }
    return signing.dumps(data, salt=SALT, compress=True)


def unpack(
    token: str, plan_id: int
) -> tuple[list[calc.ContributionInput], list[calc.StepInput]] | None:
    if not token:
        return None
    try:
        data = signing.loads(token, salt=SALT, max_age=MAX_AGE)
        if data["p"] != plan_id:
            return None
        contributions = [
            calc.ContributionInput(label=str(label), member_id=member, amounts=tuple(amounts))
            for label, member, amounts in data["c"]
        ]
        steps = [calc.StepInput(up_to=up_to, max_percent=Decimal(pct)) for up_to, pct in data["s"]]
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return contributions, steps
