"""Fuzz run of every form: each page is fetched as a director and as finance, every
<form method=post> on it is parsed and posted with random and hostile values. Nothing may answer
500 (an exception in the view fails the test too): a 4xx or the form again with errors is fine.

Forms are found on the real pages, so a new form is fuzzed the moment its page exists.
"""

from __future__ import annotations

import random

import pytest

from tests.conftest import make_user
from tests.quality.pages import ALL_ROUTES, fill, parse, same_origin_path
from tests.url_kwargs import walk_plan

HOSTILE = [
    "",
    " ",
    "x" * 100_000,
    "Åsa Öberg-Ängström – “citat” ½ € 🙂 \u202e\u200b",
    "-1",
    "-99999999999999999999",
    "99999999999999999999999",
    "1e309",
    "NaN",
    "-0",
    "1,5",
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("https://evil.example","klicka")',
    "+1+1",
    "@SUM(1+1)",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'; DROP TABLE plans_plan; --",
    "nul\x00byte",
    "\x00",
    "../../../../etc/passwd",
    "2025-02-30",
    "0000-00-00",
    "%s%s%s%n",
    "{{ 7*7 }}{% debug %}",
    "\ud7ff\ue000\uffff",
]
SKIP_FIELDS = {"csrfmiddlewaretoken"}
ROUNDS_RANDOM = 6
ROLES = ["director", "finance"]
# A form that appears on many pages (language switch, comment box) is fuzzed once per role.
_FUZZED: set[tuple[str, str, tuple[str, ...]]] = set()


def _value(field, rng: random.Random, hostile: str | None) -> str | list[str] | None:
    """A value for one field: hostile text everywhere, sometimes a valid choice for selects."""
    if field.kind in {"submit", "button", "image", "reset"}:
        return field.value or None
    if field.kind == "file":
        return None
    if field.kind in {"checkbox", "radio"}:
        return (field.value or "on") if rng.random() < 0.5 else None
    if field.kind == "select" and field.options and rng.random() < 0.5:
        return rng.choice(field.options)
    if field.kind == "hidden" and rng.random() < 0.5:
        return field.value  # keep e.g. the version for optimistic locking sometimes
    return hostile if hostile is not None else rng.choice(HOSTILE)


def _payload(form, rng: random.Random, hostile: str | None) -> dict:
    data: dict[str, list[str]] = {}
    submit_taken = False
    for field in form.fields:
        if field.name in SKIP_FIELDS:
            continue
        if field.kind in {"submit", "button", "image"}:
            if submit_taken:
                continue
            submit_taken = True
        value = _value(field, rng, hostile)
        if value is not None:
            data.setdefault(field.name, []).append(value)
    return data


def _routes():
    return [route for route, _name in ALL_ROUTES]


@pytest.mark.parametrize("route", _routes())
@pytest.mark.parametrize("role", ROLES)
def test_every_form_survives_hostile_input(client, vvnd, route, role):
    walk_plan(vvnd)
    url = fill(route, vvnd)
    if url is None:
        pytest.skip(f"no URL keyword values for {route}")
    client.force_login(make_user(vvnd, role))
    response = client.get(url)
    assert response.status_code != 500
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return
    forms = [f for f in parse(response.content.decode(), url).forms if f.method == "post"]
    rng = random.Random(f"{route}|{role}")  # reproducible per page
    for form in forms:
        target = same_origin_path(form.action)
        if target is None or target.startswith("/konto/logga-ut"):
            continue
        signature = (role, target, tuple(sorted(f.name for f in form.fields)))
        if signature in _FUZZED:
            continue
        _FUZZED.add(signature)
        rounds = [*HOSTILE, *([None] * ROUNDS_RANDOM)]
        for hostile in rounds:
            data = _payload(form, rng, hostile)
            for headers in ({}, {"HTTP_HX_REQUEST": "true"}) if hostile in ("", None) else ({},):
                answer = client.post(target, data, **headers)
                assert answer.status_code < 500, (
                    f"{role} POST {target} with {str(data)[:300]} → {answer.status_code}"
                )
        # The user is still logged in and the page still works after the barrage.
        assert client.get(url).status_code in (200, 302, 404)
