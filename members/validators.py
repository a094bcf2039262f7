"""Validation of Swedish identifiers."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError

ORG_NUMBER = re.compile(r"^(\d{6})-?(\d{4})$")


def luhn_ok(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(digits):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def normalise_org_number(value: str) -> str:
    """'2220002352' → '222000-2352' (the check digit is validated separately)."""
    m = ORG_NUMBER.match((value or "").strip())
    return f"{m.group(1)}-{m.group(2)}" if m else value


def validate_org_number(value: str) -> None:
    """A Swedish organisation number NNNNNN-NNNN whose last digit is the Luhn check digit."""
    m = ORG_NUMBER.match((value or "").strip())
    if not m:
        raise ValidationError(
            "Organisationsnumret ska skrivas NNNNNN-NNNN.", code="org_number_format"
        )
    if not luhn_ok(m.group(1) + m.group(2)):
        raise ValidationError(
            "Kontrollsiffran stämmer inte: kontrollera organisationsnumret.",
            code="org_number_check",
        )
