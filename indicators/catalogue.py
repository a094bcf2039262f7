"""The shared indicator catalogues (NNS, statistics), shipped as data in data/catalogue.json.

`sync_catalogue` is idempotent (by `key`) and is run by a data migration, so every database —
a fresh install, the test database, production — has the catalogue without demo data.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.json"
FIELDS = ("catalogue", "number", "area", "name", "wording", "respondents", "answer_type")


@cache
def catalogue_entries() -> tuple[dict, ...]:
    with CATALOGUE_FILE.open(encoding="utf-8") as fh:
        return tuple(json.load(fh)["indicators"])


def sync_catalogue(indicator_model=None) -> int:
    """Create or update every shared indicator; returns how many there are.

    `indicator_model` lets a migration pass its historical model.
    """
    if indicator_model is None:
        from .models import Indicator as indicator_model
    for order, entry in enumerate(catalogue_entries(), start=1):
        defaults = {f: entry[f] for f in FIELDS}
        defaults["default_source"] = entry.get("default_source", "")
        defaults["description"] = entry.get("description", "")
        defaults["order"] = order
        defaults["active"] = True
        indicator_model.objects.update_or_create(
            key=entry["key"], association=None, defaults=defaults
        )
    return len(catalogue_entries())
