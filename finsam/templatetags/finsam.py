"""Template filters shared by every page, the PDF and e-mails. Formatting only, no arithmetic."""

from __future__ import annotations

from django import template
from django.conf import settings

from finsam.money import KR, format_money, format_money_input, format_percent, round_to_unit

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
def money_exact(amount, unit: str = KR) -> str:
    """Exact kronor in the unit, never rounded: 97 500 kr in tkr is '97,5'. For figures that
    stand on their own beside the figures they are computed from (an import's before, after
    and difference), where rounding each one would print a row that does not add up."""
    return format_money_input(amount, unit or KR)


@register.filter
def money_gap(amount, unit: str = KR) -> str:
    """A difference in the table's unit; one the unit cannot show as it is (a tkr column would
    print "0" beside "avviker", or "1" beside two equal figures) is given in kronor with its
    unit: '−323 kr'. A tkr table's printed differences are whole tkr and stay in the column."""
    unit = unit or KR
    if amount and round_to_unit(amount, unit) != amount:
        return format_money(amount, KR, suffix=True)
    return format_money(amount, unit)


@register.filter
def percent(value, decimals: int = 1) -> str:
    return format_percent(value, int(decimals))


@register.simple_tag
def richtext_strings() -> str:
    """The rich-text editor's labels as JSON for its data-strings attribute (escaped there)."""
    import json

    from plans.richtext import editor_strings

    return json.dumps(editor_strings(), ensure_ascii=False)


@register.simple_tag
def csrf_cookie_name() -> str:
    """The CSRF cookie's name, for static/js/app.js to send the current token with htmx."""
    return settings.CSRF_COOKIE_NAME
