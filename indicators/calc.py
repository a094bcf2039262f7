"""Pure rules for targets and outcomes: periods, quarters, attainment, formatting, summaries.

No ORM, no request. The page, the PDF and the tests all call these functions.

Attainment rule (måluppfyllelse), applied when no one has recorded a judgement:

* Percent and count targets where higher is better: the outcome meets the target when it is
  at least the target; it partly meets it when it reaches at least 80 % of the target
  (PARTLY_SHARE); otherwise it is not met. Example: target 60 %, outcome 50 % → 50/60 = 83 % of
  the target → partly met.
* Where lower is better (e.g. helårsekvivalenter): met when the outcome is at most the target;
  partly when the target is at least 80 % of the outcome (outcome ≤ target / 0,8); else not met.
* Yes/no: met when the outcome equals the target answer, otherwise not met.
* Done-by date or quarter (or tertial): met when done on or before it, partly when done
  later, and not judged while nothing is recorded. Quarters and tertials are stored without a
  year ('Q3', 'T2'): an outcome's period lies in its plan's year (parse_period with
  plan_year), so the target's and the outcome's are periods of the same year and compare by
  their last month (T2 ends in August, before Q3). Printed, they name that year ('Senast Q3
  2027', 'Senast T2 2027'), since a plan covers three years.
* Qualitative targets have no rule: someone must judge them (an override with a reason).

A person can always override the rule's status; the reason is then required and shown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Literal

from django.utils.dates import MONTHS
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

NBSP = "\u00a0"
PARTLY_SHARE = Decimal("0.8")

# Lazy, so an English page says "Met" while the rule stays free of requests and the ORM.
STATUS_LABELS = {
    "met": _("Uppfyllt"),
    "partly": _("Delvis uppfyllt"),
    "not_met": _("Ej uppfyllt"),
    "": _("Ej mätt"),
}


class PeriodError(ValueError):
    """A period or quarter that cannot be read; the message is a Swedish sentence."""


# --- Periods and quarters -----------------------------------------------------------------------

PeriodKind = Literal["year", "half", "tertial", "quarter", "month"]

# Months per period of each kind; a period's order within its year is its last month, then
# its length (Q4 < T3 < H2 < the year, which all end in December).
_MONTHS_IN = {"month": 1, "quarter": 3, "tertial": 4, "half": 6, "year": 12}


@dataclass(frozen=True)
class Period:
    year: int
    kind: PeriodKind
    index: int  # 1 for a year; 1–2 halves; 1–3 tertials; 1–4 quarters; 1–12 months

    @property
    def code(self) -> str:
        """The stored form: '2025', '2025-H1', '2025-T2', '2025-Q3', '2025-05' (at most 7
        characters, the length of Outcome.period)."""
        return {
            "year": f"{self.year}",
            "half": f"{self.year}-H{self.index}",
            "tertial": f"{self.year}-T{self.index}",
            "quarter": f"{self.year}-Q{self.index}",
            "month": f"{self.year}-{self.index:02d}",
        }[self.kind]

    @property
    def label(self) -> str:
        """The period as every page and the PDF name it, in the language of the moment:
        'Helår 2025', 'Första halvåret 2025', 'Tertial 2 2025', 'Kvartal 3 2025', 'Maj 2025'.

        English has no common word for a tertial, so the English pages name its months
        ('May–August 2025'), which needs no explaining."""
        values = {"year": self.year, "n": self.index}
        if self.kind == "year":
            return _("Helår %(year)s") % values
        if self.kind == "half":
            if self.index == 1:
                return _("Första halvåret %(year)s") % values
            return _("Andra halvåret %(year)s") % values
        if self.kind == "tertial":
            if self.index == 1:
                return _("Tertial 1 %(year)s") % values
            if self.index == 2:
                return _("Tertial 2 %(year)s") % values
            return _("Tertial 3 %(year)s") % values
        if self.kind == "quarter":
            return _("Kvartal %(n)s %(year)s") % values
        return f"{capfirst(MONTHS[self.index])} {self.year}"

    @property
    def sort_key(self) -> tuple[int, int]:
        """Chronological order by the period's last month, then by its length: April before
        T1 (January–April) before Q2; in December, Q4 < T3 < H2 < the year (the latest)."""
        return (self.year * 100 + self.end_month, _MONTHS_IN[self.kind])

    @property
    def end_month(self) -> int:
        """The period's last month, 1–12."""
        return _MONTHS_IN[self.kind] * self.index


def period_label(code: str) -> str:
    """A stored period code as every page, list and the PDF show it: '2025-H1' → 'Första
    halvåret 2025' ('First half of 2025' on the English pages). The one formatter for periods."""
    return parse_period(code).label


# What people type for a period, besides the codes. Lower case; matched against the text left
# when the year is taken out ('kv 3' of '2025 kv 3'). Swedish first, then the English a user
# of the English pages would type.
_HALF_WORDS = {
    "första halvåret": 1, "första halvår": 1, "1:a halvåret": 1, "andra halvåret": 2,
    "andra halvår": 2, "2:a halvåret": 2, "first half": 1, "second half": 2,
}  # fmt: skip
_QUARTER_WORDS = {
    "första kvartalet": 1, "andra kvartalet": 2, "tredje kvartalet": 3, "fjärde kvartalet": 4,
    "first quarter": 1, "second quarter": 2, "third quarter": 3, "fourth quarter": 4,
}  # fmt: skip
_TERTIAL_WORDS = {
    "första tertialet": 1, "andra tertialet": 2, "tredje tertialet": 3,
    "januari-april": 1, "maj-augusti": 2, "september-december": 3,
    "jan-apr": 1, "maj-aug": 2, "sep-dec": 3, "sept-dec": 3,
    "january-april": 1, "may-august": 2, "may-aug": 2,
    "first tertial": 1, "second tertial": 2, "third tertial": 3,
}  # fmt: skip
_YEAR_WORDS = {"helår", "helåret", "hela året", "år", "full year", "year", "whole year"}
_MONTH_WORDS = {
    name: i
    for i, names in enumerate(
        [
            ("januari", "jan", "january"), ("februari", "feb", "february"),
            ("mars", "mar", "march"), ("april", "apr"), ("maj", "may"), ("juni", "jun", "june"),
            ("juli", "jul", "july"), ("augusti", "aug", "august"),
            ("september", "sep", "sept"), ("oktober", "okt", "oct", "october"),
            ("november", "nov"), ("december", "dec"),
        ],
        start=1,
    )
    for name in names
}  # fmt: skip
_YEAR_IN_TEXT = re.compile(r"(?<!\d)(\d{4})(?!\d)")
_HALF = re.compile(r"(?:h|halvår|halvåret|half)\s*\.?\s*(\d+)")
_QUARTER = re.compile(r"(?:q|k|kv|kvartal|quarter)\s*\.?\s*(\d+)")
_TERTIAL = re.compile(r"(?:t|tertial)\s*\.?\s*(\d+)")
_MONTH_NUMBER = re.compile(r"\d{1,2}")


def parse_period(text: str, *, plan_year: int | None = None) -> Period:
    """Read what a person types for a period and return it in its stored form.

    With the year: '2025', '2025-H1', '2025-T2', '2025-Q3', '2025 kv 3', 'Kvartal 3 2025',
    'Tertial 2 2025', 'T2 2025', '2025-05', 'maj 2025', and the labels the pages show
    ('Första halvåret 2025', 'May–August 2025'). With `plan_year` the year may be left out
    ('Q3', 'kv 3', 'H1', 'halvår 1', 'T2', 'tertial 2', 'helår', 'maj'): it is the plan's.

    With `plan_year`, the year must be the plan's own year: a plan's targets are for its year,
    and only that year's outcomes are counted (next year's are recorded in next year's plan).
    Anything else is refused with a sentence saying what to write instead.
    """
    text = text or ""
    raw = " ".join(text.split())
    lowered = raw.lower()
    years = _YEAR_IN_TEXT.findall(lowered)
    rest = _YEAR_IN_TEXT.sub(" ", lowered) if len(years) == 1 else lowered
    rest = " ".join(rest.replace("/", " ").replace(",", " ").split()).strip(" -–")
    example = plan_year or date.today().year
    if not raw or len(years) > 1 or (not years and not rest):
        raise _not_a_period(text, example)
    year = int(years[0]) if years else example
    period = _period_of(rest, year, has_year=bool(years), text=text, example=example)
    if not years and plan_year is None:
        raise PeriodError(
            _("Skriv också året, till exempel %(year)s-Q3 eller %(year)s-H1.") % {"year": example}
        )
    if plan_year is not None and year != plan_year:
        raise PeriodError(_outside_plan_year(year=year, plan_year=plan_year))
    return period


def _period_of(rest: str, year: int, *, has_year: bool, text: str, example: int) -> Period:
    """The period that `rest` (the text without its year) names within `year`."""
    if not rest or rest in _YEAR_WORDS:
        return Period(year, "year", 1)
    if rest in _HALF_WORDS:
        return Period(year, "half", _HALF_WORDS[rest])
    if rest in _QUARTER_WORDS:
        return Period(year, "quarter", _QUARTER_WORDS[rest])
    if (months := re.sub(r"\s*[-–]\s*", "-", rest)) in _TERTIAL_WORDS:
        return Period(year, "tertial", _TERTIAL_WORDS[months])
    if rest in _MONTH_WORDS:
        return Period(year, "month", _MONTH_WORDS[rest])
    if m := _HALF.fullmatch(rest):
        if m[1] not in ("1", "2"):
            raise PeriodError(_("Halvår anges som H1 eller H2."))
        return Period(year, "half", int(m[1]))
    if m := _QUARTER.fullmatch(rest):
        return Period(year, "quarter", parse_quarter(f"Q{m[1]}"))
    if m := _TERTIAL.fullmatch(rest):
        if m[1] not in ("1", "2", "3"):
            raise PeriodError(_("Tertial anges som T1, T2 eller T3."))
        return Period(year, "tertial", int(m[1]))
    if has_year and _MONTH_NUMBER.fullmatch(rest):
        # '2025-05': a bare number is a month only beside a year ('3' alone could be Q3).
        if not 1 <= int(rest) <= 12:
            raise PeriodError(_("Månaden ska vara 01–12."))
        return Period(year, "month", int(rest))
    raise _not_a_period(text, example)


def _not_a_period(text: str, year: int) -> PeriodError:
    if not text.strip():
        message = _(
            "Ange en period: helår (%(year)s), ett halvår (H1 eller %(year)s-H1), ett tertial "
            "(T2 eller %(year)s-T2), ett kvartal (Q3, kv 3 eller %(year)s-Q3) eller en månad "
            "(maj eller %(year)s-05)."
        )
    else:
        message = _(
            "”%(text)s” är ingen period. Skriv helår (%(year)s), ett halvår (H1 eller "
            "%(year)s-H1), ett tertial (T2 eller %(year)s-T2), ett kvartal (Q3, kv 3 eller "
            "%(year)s-Q3) eller en månad (maj eller %(year)s-05)."
        )
    return PeriodError(message % {"text": text, "year": year})


def _outside_plan_year(*, year: int, plan_year: int) -> str:
    """Which year is allowed, and where an outcome of another year belongs instead."""
    if year > plan_year:
        # A later year's plan may not exist yet: say how it comes about.
        message = _(
            "Perioden ska ligga i planens år %(plan_year)s, eftersom målvärdena gäller det året; "
            "utfall för %(year)s registreras i planen för %(year)s, som förbundschefen skapar "
            "under ”Ny verksamhetsplan” genom att föra planen vidare."
        )
    else:
        message = _(
            "Perioden ska ligga i planens år %(plan_year)s, eftersom målvärdena gäller det året; "
            "utfall för %(year)s registreras i planen för %(year)s."
        )
    return message % {"year": year, "plan_year": plan_year}


def parse_quarter(text: str) -> int:
    """'Q1', 'q3', 'kv 2', 'Kvartal 4' or '2' → 1–4. Anything else raises PeriodError."""
    raw = (text or "").strip().lower().replace(" ", "")
    m = re.fullmatch(r"(?:q|kv|kvartal)?(\d+)", raw)
    if not m or not 1 <= int(m[1]) <= 4:
        raise PeriodError(
            _("”%(text)s” är inget kvartal. Ange Q1, Q2, Q3 eller Q4.") % {"text": text}
        )
    return int(m[1])


def parse_deadline(text: str) -> str:
    """A done-by period of a target or an outcome: 'Q3', 'kv 3', '3' → 'Q3'; 'T2', 't 2',
    'tertial 2' → 'T2'. A plan's targets are for its year, so no year is written (it is the
    plan's, and printed beside it: 'Senast T2 2027'). Anything else raises PeriodError."""
    raw = (text or "").strip().lower().replace(" ", "")
    if m := re.fullmatch(r"(?:t|tertial)(\d+)", raw):
        if m[1] not in ("1", "2", "3"):
            raise PeriodError(_("Tertial anges som T1, T2 eller T3."))
        return f"T{m[1]}"
    if re.fullmatch(r"(?:q|kv|kvartal)?\d+", raw):
        return f"Q{parse_quarter(text)}"
    raise PeriodError(
        _("”%(text)s” är inget kvartal eller tertial. Ange Q1–Q4 eller T1–T3.") % {"text": text}
    )


def deadline_end_month(code: str) -> int:
    """The last month of a done-by period: 'Q3' → 9, 'T2' → 8 (May–August)."""
    return (4 if code[0] == "T" else 3) * int(code[1:])


# --- Values ---------------------------------------------------------------------------------------


def value_problem(*, kind: str, value: Decimal | None) -> str:
    """Why `value` cannot be a figure of a percent or count target ('' when it can).

    One rule for a target's value, its baseline and an outcome, which all measure the same
    thing: a percentage lies within 0–100, a count is a whole number of at least 0. Other
    kinds have no figure to check here.
    """
    if value is None:
        return ""
    if kind == "percent" and not 0 <= value <= 100:
        return str(_("En procentsats ska ligga mellan 0 och 100 %."))
    if kind == "count" and value < 0:
        return str(_("Ett antal kan inte vara negativt."))
    if kind == "count" and value % 1:
        return str(_("Ett antal är ett heltal, till exempel 100."))
    return ""


def baseline_problem(*, kind: str, value: Decimal | None, kind_label: str) -> str:
    """Why `value` cannot be the baseline of a target of `kind` ('' when it can).

    A baseline is where the same measure stood before, so it follows the target value's rule
    (value_problem); kinds without a figure (yes/no, date, quarter, qualitative) take none.
    `kind_label` names the kind in the message ('ja/nej').
    """
    if value is None:
        return ""
    if kind not in ("percent", "count"):
        return str(
            _(
                "Ett utgångsläge anges i procent eller antal, som målvärdet. Ett mål av typen "
                "”%(kind)s” har inget utgångsläge i siffror: lämna fältet tomt."
            )
            % {"kind": kind_label}
        )
    return value_problem(kind=kind, value=value)


def format_number(value: Decimal | int | None) -> str:
    """75 → '75', Decimal('75.50') → '75,5', 12000 → '12 000' (non-breaking spaces)."""
    if value is None:
        return "–"
    d = Decimal(value)
    if d == d.to_integral_value():
        text = f"{int(d):,}".replace(",", NBSP)
    else:
        d = d.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP).normalize()
        whole, _, frac = f"{abs(d):f}".partition(".")
        text = ("-" if d < 0 else "") + f"{int(whole):,}".replace(",", NBSP) + "," + frac
    return text.replace("-", "\u2212")


def format_value(
    *,
    kind: str,
    value: Decimal | None = None,
    value_bool: bool | None = None,
    value_date: date | None = None,
    value_quarter: str = "",
    text: str = "",
    done: bool = False,
    year: int | None = None,
) -> str:
    """A target or outcome as the plan prints it: '80 %', '100 st', 'Ja', 'Senast Q1 2027'.

    `done=True` words dates and quarters as outcomes ('Klart 2025-03-12'). `year` is the year
    of a quarter: the plan's year for a target, the outcome's year for an outcome. A plan
    covers three years, so a bare 'Q3' does not say which one.
    """
    prefix = _("Klart") if done else _("Senast")
    if kind == "percent" and value is not None:
        return f"{format_number(value)}{NBSP}%"
    if kind == "count" and value is not None:
        return f"{format_number(value)}{NBSP}st"
    if kind == "yes_no" and value_bool is not None:
        return str(_("Ja") if value_bool else _("Nej"))
    if kind == "date" and value_date is not None:
        return f"{prefix} {value_date.isoformat()}"
    if kind == "quarter" and value_quarter:
        return f"{prefix} {value_quarter} {year}" if year else f"{prefix} {value_quarter}"
    return text or "–"


# --- Attainment -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attainment:
    status: str  # "met", "partly", "not_met" or "" (not measured / needs a judgement)
    by_rule: bool  # False when a person has overridden the rule
    share: Decimal | None  # outcome as a share of the target in percent, where that means something
    reason: str = ""

    @property
    def label(self) -> str:
        return str(STATUS_LABELS[self.status])


def rule_status(
    *,
    kind: str,
    direction: str = "increase",
    target: Decimal | None = None,
    target_bool: bool | None = None,
    target_date: date | None = None,
    target_quarter: str = "",
    outcome: Decimal | None = None,
    outcome_bool: bool | None = None,
    outcome_date: date | None = None,
    outcome_quarter: str = "",
) -> tuple[str, Decimal | None]:
    """(status, share in percent) by the documented rule; status '' when it cannot be judged."""
    if kind in ("percent", "count"):
        if target is None or outcome is None:
            return "", None
        target, outcome = Decimal(target), Decimal(outcome)
        if direction == "decrease":
            share = _share(target, outcome)
            if outcome <= target:
                return "met", share
            if target >= PARTLY_SHARE * outcome:
                return "partly", share
            return "not_met", share
        share = _share(outcome, target)
        if outcome >= target:
            return "met", share
        if outcome >= PARTLY_SHARE * target:
            return "partly", share
        return "not_met", share
    if kind == "yes_no":
        if outcome_bool is None:
            return "", None
        wanted = True if target_bool is None else target_bool
        return ("met" if outcome_bool == wanted else "not_met"), None
    if kind == "date":
        if target_date is None or outcome_date is None:
            return "", None
        return ("met" if outcome_date <= target_date else "partly"), None
    if kind == "quarter":
        if not target_quarter or not outcome_quarter:
            return "", None
        # By last month only: both lie in the plan's year, since an outcome's period must lie
        # in that year (Q2 of next year would otherwise pass for 'before Q3'). A quarter and a
        # tertial compare by where they end: T2 (to August) is in time for Q3, not for Q2.
        done = deadline_end_month(parse_deadline(outcome_quarter))
        due = deadline_end_month(parse_deadline(target_quarter))
        return ("met" if done <= due else "partly"), None
    return "", None


def _share(part: Decimal, whole: Decimal) -> Decimal | None:
    if whole == 0:
        return None
    return (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def attainment(
    *, override: str = "", reason: str = "", **values: Decimal | bool | date | str | None
) -> Attainment:
    """The status to show: the person's judgement when there is one, otherwise the rule's."""
    status, share = rule_status(**values)  # type: ignore[arg-type]
    if override:
        return Attainment(override, False, share, reason)
    return Attainment(status, True, share)


# --- Summaries ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class StatusCounts:
    met: int
    partly: int
    not_met: int
    not_measured: int

    @property
    def total(self) -> int:
        return self.met + self.partly + self.not_met + self.not_measured

    @property
    def measured(self) -> int:
        return self.met + self.partly + self.not_met

    @property
    def met_share(self) -> Decimal | None:
        """Met targets as a percent of the measured ones."""
        if not self.measured:
            return None
        return (Decimal(self.met) * 100 / self.measured).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )


def count_statuses(statuses: Iterable[str]) -> StatusCounts:
    items = list(statuses)
    return StatusCounts(
        met=items.count("met"),
        partly=items.count("partly"),
        not_met=items.count("not_met"),
        not_measured=sum(1 for s in items if s not in ("met", "partly", "not_met")),
    )


_NUM = re.compile(r"^[+-]?(\d+([.,]\d+)?|[.,]\d+)$")


def parse_number(text: str) -> Decimal:
    """'80 %', '75,5', '100 st', '1 200' → Decimal. Raises ValueError with a Swedish message."""
    raw = (text or "").strip().replace("\u2212", "-")
    raw = re.sub(r"(?i)\s*(%|procent|st|stycken|personer|pers\.?)\s*$", "", raw)
    raw = re.sub(r"[\s\u00a0\u202f]+", "", raw)
    if not raw or not _NUM.match(raw):
        raise ValueError(
            _("”%(text)s” är inget tal. Skriv till exempel 80 eller 75,5.") % {"text": text}
        )
    value = Decimal(raw.replace(",", "."))
    if abs(value) >= Decimal("1e10"):
        raise ValueError(_("Talet är orimligt stort."))
    return value
