"""Template filters shared by every page, the PDF and e-mails. Formatting only, no arithmetic."""

from __future__ import annotations

from django import template

from finsam.money import KR, format_money, format_percent

register = template.Library()


@register.filter
def money(amount, unit: str = KR) -> str:
    """{{ amount|money:plan.unit }} → '1 966 000' or '1 966' (tkr)."""
    return format_money(amount, unit or KR)


@register.filter
def money_unit(amount, unit: str = KR) -> str:
    """Like money, with the unit after: '1 966 000 kr'."""
    return format_money(amount, unit or KR, suffix=True)


@register.filter
def percent(value, decimals: int = 1) -> str:
    return format_percent(value, int(decimals))


@register.simple_tag
def richtext_strings() -> str:
    """The rich-text editor's labels as JSON for its data-strings attribute (escaped there)."""
    import json

    from plans.richtext import editor_strings

    return json.dumps(editor_strings(), ensure_ascii=False)
