"""What a browser would post from a page's form: to save a form again exactly as it is shown."""

from __future__ import annotations

from tests.quality.pages import parse


def form_values(html: str, action: str, *, page: str = "/") -> dict[str, list[str]]:
    """The fields of the form on `page` whose action ends with `action`, as a browser submits
    them: text and hidden inputs with their value, checked boxes and radios, the selected option
    (else the first), textareas; submit buttons are left out. Lists, for the test client."""
    base = f"http://testserver{page}"
    forms = [f for f in parse(html, base).forms if f.action.endswith(action)]
    assert len(forms) == 1, f"{len(forms)} forms post to {action!r}"
    data: dict[str, list[str]] = {}
    for f in forms[0].fields:
        if f.kind in ("submit", "button", "reset", "image", "file"):
            continue
        if f.kind in ("checkbox", "radio") and not f.checked:
            continue
        value = f.value
        if f.kind == "select" and not value and f.options:
            value = f.options[0]
        if f.kind == "textarea" and value.startswith("\n"):
            value = value[1:]  # the browser drops the newline right after <textarea>
        data.setdefault(f.name, []).append(value)
    return data
