"""The allocation engine for member contributions (DESIGN §3.1). Pure: no ORM, no I/O.

The state (FK and AF) pays its share, regions and municipalities the rest (default 50/25/25 of
the total; another split is allowed by agreement, so it is data). Within regions and within
municipalities the key is population unless fixed shares are typed. Amounts are rounded to
1, 100 or 1 000 kr with the largest-remainder method, so the parts always sum exactly to the
whole: the level sums add up to the total and the members' amounts to their level sum.

All percentages are Decimal percent (25 means 25 %). Money is int kronor. Messages are
sentences for the user, in the active language (Django's gettext).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from fractions import Fraction
from typing import Literal

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from finsam.money import KR, TKR, format_money

Kind = Literal["fk", "af", "region", "municipality"]
KeyMode = Literal["population", "fixed"]
ScenarioMode = Literal["unchanged", "percent", "amount"]
# A member that joins or leaves during a year: its key counts the months it is a member
# ("months", the default), or it pays as for the whole year ("whole"), as the charter says.
PartYear = Literal["months", "whole"]
MONTHS = 12

STATE = "state"  # kind of the combined FK/AF line
# A region or municipality in a population key with no population (or 0) while others have
# one: the key gives it nothing. A warning code; the plan's checks make it an error when such a
# member pays 0 (members.contributions.contribution_checks).
POPULATION_UNPAID = "population_unpaid"
STATE_KINDS = ("fk", "af")
ROUNDINGS = (1, 100, 1000)
HUNDRED = Decimal(100)
DEFAULT_SPLIT = (Decimal(50), Decimal(25), Decimal(25))

# The kinds in the order lists show them: the state's two, then regions, then municipalities.
# Members with the same typed order are listed by this rank, then by name (Member.Meta).
KIND_RANK: dict[str, int] = {"fk": 0, "af": 1, "region": 2, "municipality": 3}


class AllocationError(ValueError):
    """Input the engine cannot allocate; the message is a sentence for the user.

    `year`: the one year of the plan it concerns (None: the settings, so every year); the
    message then starts with it ("2027: …", of_year) and `text` is the sentence without it.
    """

    def __init__(self, text: str, *, year: int | None = None) -> None:
        super().__init__(of_year(year, text))
        self.text = text
        self.year = year


@dataclass(frozen=True)
class Note:
    """A warning for the user, with a code saying what kind it is (checks link it by code)."""

    code: str
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class MemberInput:
    """One paying member as the engine sees it."""

    key: int | None  # the Member's id (None only in tests or the combined line)
    label: str
    kind: Kind
    population: int | None = None
    fixed_share: Decimal | None = None  # percent of its group (regions or municipalities)
    months: int = MONTHS  # months of the year it is a member (see months_in_year)
    joins: date | None = None  # the day it joins, when that is during the year
    leaves: date | None = None  # the last day it is a member, when that is during the year


@dataclass(frozen=True)
class Split:
    """Shares of the total in percent for the state, the regions and the municipalities."""

    state: Decimal = DEFAULT_SPLIT[0]
    regions: Decimal = DEFAULT_SPLIT[1]
    municipalities: Decimal = DEFAULT_SPLIT[2]


@dataclass(frozen=True)
class Settings:
    split: Split = field(default_factory=Split)
    region_key: KeyMode = "population"
    municipality_key: KeyMode = "population"
    combine_state: bool = False  # one "FK/AF" line instead of two
    rounding: int = 1  # used for the state lines and the level split
    region_rounding: int | None = None  # None = same as `rounding`
    municipality_rounding: int | None = None
    part_year: PartYear = "months"

    def rounding_for(self, kind: str) -> int:
        if kind == "region" and self.region_rounding:
            return self.region_rounding
        if kind == "municipality" and self.municipality_rounding:
            return self.municipality_rounding
        return self.rounding


@dataclass(frozen=True)
class Line:
    key: int | None
    label: str
    kind: str  # fk, af, region, municipality or "state" (combined FK/AF)
    key_share: Decimal  # percent of its group (state, regions or municipalities)
    share: Decimal  # percent of the year's total
    computed: int
    rounding: int
    months: int = MONTHS  # the months of the year the key counted for it
    note: str = ""  # e.g. "Medlem från 1 juli 2026: 6 av 12 månader"; "" for a whole year


@dataclass(frozen=True)
class Allocation:
    total: int
    state_amount: int
    regions_amount: int
    municipalities_amount: int
    lines: tuple[Line, ...]
    warnings: tuple[Note, ...]


@dataclass(frozen=True)
class Scenario:
    """How the state amount of a later year follows the year before it."""

    mode: ScenarioMode = "unchanged"
    value: Decimal | int | None = None  # percent for "percent", kronor for "amount"


# --- rounding -----------------------------------------------------------------------------


def allocate(
    *, total: int, weights: Sequence[int | Decimal | Fraction], step: int = 1
) -> list[int]:
    """Split `total` in proportion to `weights`, each part a multiple of `step`, summing to total.

    Largest remainder on whole steps; ties go to the larger weight, then to the earlier part.
    When `total` itself is not a multiple of `step`, the leftover kronor (< step) go to the
    largest part so the sum stays exact.
    """
    if total < 0:
        raise AllocationError(_("Beloppet som ska fördelas får inte vara negativt."))
    if step < 1:
        raise AllocationError(_("Avrundningen måste vara minst 1 kr."))
    if not weights:
        if total:
            raise AllocationError(_("Det finns ingen att fördela beloppet på."))
        return []
    fw = [Fraction(w) if not isinstance(w, Decimal) else Fraction(str(w)) for w in weights]
    if any(w < 0 for w in fw):
        raise AllocationError(_("En andel eller ett invånarantal får inte vara negativt."))
    wsum = sum(fw)
    if wsum == 0:
        raise AllocationError(_("Fördelningsnyckeln saknar värden (alla andelar är noll)."))
    units, leftover = divmod(total, step)
    quotas = [units * w / wsum for w in fw]
    parts = [int(q) for q in quotas]  # floor: quotas are non-negative
    remaining = units - sum(parts)
    order = sorted(range(len(fw)), key=lambda i: (-(quotas[i] - parts[i]), -fw[i], i))
    for i in order[:remaining]:
        parts[i] += 1
    result = [p * step for p in parts]
    if leftover:
        biggest = max(range(len(fw)), key=lambda i: (fw[i], -i))
        result[biggest] += leftover
    return result


def _rhu(value: Fraction) -> int:
    """Round half away from zero to whole kronor."""
    sign = -1 if value < 0 else 1
    v = abs(value)
    whole = int(v)
    if v - whole >= Fraction(1, 2):
        whole += 1
    return sign * whole


def _pct(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal(0)
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.0001"))


# --- membership during the year ------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A member's membership in one calendar year."""

    months: int  # 0–12: calendar months with at least one day of membership
    joins: date | None = None  # set when it joins after 1 January of the year
    leaves: date | None = None  # set when it leaves before 31 December of the year


def membership_in_year(*, year: int, valid_from: date | None, valid_to: date | None) -> Period:
    """The months of `year` a member with these dates is a member, a started month counted whole.

    Joining on 1 July or leaving on 30 June gives 6 months; joining on 15 July gives 6 too
    (July is started). No dates: the whole year. Not a member at all that year: 0 months.
    """
    first, last = 1, MONTHS
    joins = leaves = None
    if valid_from is not None:
        if valid_from.year > year:
            return Period(0)
        if valid_from.year == year:
            first = valid_from.month
            joins = valid_from if (valid_from.month, valid_from.day) != (1, 1) else None
    if valid_to is not None:
        if valid_to.year < year:
            return Period(0)
        if valid_to.year == year:
            last = valid_to.month
            leaves = valid_to if (valid_to.month, valid_to.day) != (12, 31) else None
    return Period(max(0, last - first + 1), joins, leaves)


def _day(d: date) -> str:
    return date_format(d, "j F Y")


def _period_text(m: MemberInput) -> str:
    """ "från 1 juli 2026", "till och med 30 juni 2026" or "1 mars 2026–30 september 2026"."""
    if m.joins and m.leaves:
        return _("%(start)s–%(end)s") % {"start": _day(m.joins), "end": _day(m.leaves)}
    if m.joins:
        return _("från %(date)s") % {"date": _day(m.joins)}
    if m.leaves:
        return _("till och med %(date)s") % {"date": _day(m.leaves)}
    return ""


def _counted_months(m: MemberInput, settings: Settings) -> int:
    if not 1 <= m.months <= MONTHS:
        raise AllocationError(
            _("%(member)s är inte medlem någon månad av året.") % {"member": m.label}
        )
    return m.months if settings.part_year == "months" else MONTHS


def of_year(year: int | None, text: str) -> str:
    """ "2026: …" — a year's warning names its year: the checks list all three years at once."""
    return text if year is None else f"{year}: {text}"


def _part_year_note(m: MemberInput, settings: Settings) -> tuple[str, Note | None]:
    """The row's short note and the warning for a member that joins or leaves during the year."""
    period = _period_text(m)
    if not period:
        return "", None
    if settings.part_year == "months":
        months = _counted_months(m, settings)
        row = _("Medlem %(period)s: %(months)s av 12 månader") % {
            "period": period,
            "months": months,
        }
        text = _(
            "%(member)s är medlem %(period)s och räknas i fördelningsnyckeln för %(months)s av "
            "årets 12 månader."
        ) % {"member": m.label, "period": period, "months": months}
    else:
        row = _("Medlem %(period)s: räknas som helt år") % {"period": period}
        text = _(
            "%(member)s är medlem %(period)s men betalar för hela året, eftersom "
            "inställningen säger helt år för den som går med eller lämnar under året."
        ) % {"member": m.label, "period": period}
    return row, Note("part_year", text)


# --- validation ---------------------------------------------------------------------------


def split_errors(split: Split) -> list[str]:
    errors = []
    parts = (split.state, split.regions, split.municipalities)
    if any(p < 0 for p in parts):
        errors.append(_("Andelarna får inte vara negativa."))
    if sum(parts) != HUNDRED:
        errors.append(
            _(
                "Statens, regionernas och kommunernas andelar ska tillsammans vara 100 %%, "
                "nu är de %(sum)s %%."
            )
            % {"sum": fmt_pct(sum(parts))}
        )
    if split.state <= 0:
        errors.append(_("Statens andel måste vara större än 0 %."))
    return errors


def split_warnings(split: Split) -> list[Note]:
    """The law expects the others to pay at least as much as the state: 50/25/25 by default."""
    if (split.state, split.regions, split.municipalities) == DEFAULT_SPLIT:
        return []
    shares = "/".join(fmt_pct(p) for p in (split.state, split.regions, split.municipalities))
    warnings = [
        Note(
            "contributions_split",
            _(
                "Fördelningen %(split)s avviker från lagens huvudregel 50/25/25. "
                "Kontrollera att den bygger på en överenskommelse mellan medlemmarna."
            )
            % {"split": shares},
        )
    ]
    if split.regions + split.municipalities < split.state:
        warnings.append(
            Note(
                "contributions_split",
                _(
                    "Regioner och kommuner betalar tillsammans mindre än staten; lagen "
                    "förutsätter att de andra medlemmarna betalar minst lika mycket som staten."
                ),
            )
        )
    return warnings


def fixed_share_errors(
    shares: Sequence[Decimal | None], group_label: str, *, whole_group: bool = True
) -> list[str]:
    """Every member needs a share, none negative; the whole group's shares sum to 100 %.

    `whole_group=False` for a year without some of the plan's members: their shares are
    missing from the sum, and the others are scaled to the group (allocate_years checks the
    plan's whole group once).
    """
    if any(s is None for s in shares):
        return [_("Ange en andel för varje medlem bland %(group)s.") % {"group": group_label}]
    if any(s < 0 for s in shares):  # type: ignore[operator]
        return [_("Andelarna för %(group)s får inte vara negativa.") % {"group": group_label}]
    total = sum(shares)  # type: ignore[arg-type]
    if whole_group and shares and total != HUNDRED:
        return [
            _("Andelarna för %(group)s ska tillsammans vara 100 %%, nu är de %(sum)s %%.")
            % {"group": group_label, "sum": fmt_pct(total)}
        ]
    return []


def fmt_pct(value: Decimal) -> str:
    text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")
    return text.replace(".", ",")


# --- one year -----------------------------------------------------------------------------


def _group_weights(
    members: Sequence[MemberInput],
    mode: KeyMode,
    group_label: str,
    warnings: list[Note],
    *,
    settings: Settings,
    whole_group: bool = True,
) -> list[Fraction]:
    """The key within regions or municipalities, times the months each is a member."""
    months = [Fraction(_counted_months(m, settings)) for m in members]
    if mode == "fixed":
        errors = fixed_share_errors(
            [m.fixed_share for m in members], group_label, whole_group=whole_group
        )
        if errors:
            raise AllocationError(errors[0])
        return [Fraction(str(m.fixed_share)) * n for m, n in zip(members, months, strict=True)]
    if len(members) == 1:
        # A group of one pays the group's whole share: its population changes nothing, so a
        # missing or 0 figure is not worth a warning (it told a lone region that the amount
        # "is split equally until they are filled in").
        return [Fraction(1)]
    # A typed 0 is not a missing figure: say so, or the user looks for an empty field.
    missing = [m.label for m in members if m.population is None]
    zero = [m.label for m in members if m.population == 0]
    if members and len(missing) + len(zero) == len(members):
        if zero:
            text = _(
                "Invånarantalet är 0 eller saknas för %(group)s; beloppet delas lika tills de "
                "är ifyllda."
            )
        else:
            text = _("Invånarantal saknas för %(group)s; beloppet delas lika tills de är ifyllda.")
        warnings.append(Note("population_missing", text % {"group": group_label}))
        return months
    if missing:
        warnings.append(
            Note(
                POPULATION_UNPAID,
                _("Invånarantal saknas för %(names)s; de får inget bidrag beräknat.")
                % {"names": ", ".join(missing)},
            )
        )
    if zero:
        warnings.append(
            Note(
                POPULATION_UNPAID,
                _("Invånarantalet är 0 för %(names)s; de får inget bidrag beräknat.")
                % {"names": ", ".join(zero)},
            )
        )
    return [Fraction(m.population or 0) * n for m, n in zip(members, months, strict=True)]


def _check_given(settings: Settings, *, state_amount: int | None, total: int | None) -> None:
    """What no year can be allocated without: one amount, a valid split and roundings."""
    if (state_amount is None) == (total is None):
        raise AllocationError(_("Ange antingen statens bidrag eller det totala medlemsbidraget."))
    errors = split_errors(settings.split)
    if errors:
        raise AllocationError(errors[0])
    for r in (settings.rounding, settings.region_rounding, settings.municipality_rounding):
        if r is not None and r not in ROUNDINGS:
            raise AllocationError(_("Avrundningen ska vara 1, 100 eller 1 000 kr."))


def allocate_year(
    *,
    members: Sequence[MemberInput],
    settings: Settings,
    state_amount: int | None = None,
    total: int | None = None,
    whole_groups: bool = True,
    year: int | None = None,
) -> Allocation:
    """Allocate one year from the state amount or from the total (exactly one of them).

    A member that is a member only part of the year (MemberInput.months < 12) counts in the
    key with its population (or fixed share) times its months, when settings.part_year is
    "months": every member pays the same per inhabitant and month. A level all of whose
    members are part-year members (say the only region joins on 1 July) has its share of the
    split scaled the same way: from the state amount it pays for its months; from a total the
    others carry the rest, as for a level with no members. With "whole", any member of the
    year counts as a whole year. `whole_groups=False`: fixed shares need not sum to 100 %
    (some of the plan's members are not members this year; allocate_years checks the plan's).
    `year` names the year in the warnings and errors that are about it ("2026: …").
    """
    _check_given(settings, state_amount=state_amount, total=total)
    split = settings.split
    warnings = list(split_warnings(split))
    for m in members:
        try:
            _counted_months(m, settings)
        except AllocationError as exc:
            raise AllocationError(exc.text, year=year) from None

    state_members = [m for m in members if m.kind in STATE_KINDS]
    regions = [m for m in members if m.kind == "region"]
    municipalities = [m for m in members if m.kind == "municipality"]
    # A level with nobody in it gets no share (e.g. no region member). From the state amount
    # its share goes unpaid; from a total the others carry it, and a warning says so. A level
    # whose members are all part-year members gets its share for the months it has members.
    level_months = [
        max((_counted_months(m, settings) for m in group), default=0)
        for group in (state_members, regions, municipalities)
    ]
    level_weights = [
        Fraction(str(share)) * n / MONTHS
        for share, n in zip(
            (split.state, split.regions, split.municipalities), level_months, strict=True
        )
    ]
    for n, level in zip(
        level_months,
        (
            _("Försäkringskassan och Arbetsförmedlingen"),
            _("Regionerna"),
            _("Kommunerna"),
        ),
        strict=True,
    ):
        if 0 < n < MONTHS:
            warnings.append(
                Note(
                    "part_year",
                    of_year(
                        year,
                        _(
                            "%(level)s är medlemmar bara %(months)s av årets 12 månader, så "
                            "deras andel av fördelningen räknas för de månaderna."
                        )
                        % {"level": level, "months": n},
                    ),
                )
            )
    absent = (
        (
            state_members,
            _(
                "Försäkringskassan och Arbetsförmedlingen saknas som medlemmar, så regioner "
                "och kommuner får hela det totala bidraget, också statens andel. Lägg in dem "
                "som medlemmar."
            ),
        ),
        (regions, _("Förbundet har inga regioner som medlemmar.")),
        (municipalities, _("Förbundet har inga kommuner som medlemmar.")),
    )
    for present, message in absent:
        if not present and any(members):
            warnings.append(Note("level_missing", of_year(year, message)))

    if state_amount is not None:
        if state_amount < 0:
            raise AllocationError(_("Statens bidrag får inte vara negativt."))
        if not state_members:
            raise AllocationError(
                _("Försäkringskassan eller Arbetsförmedlingen saknas som medlem."), year=year
            )
        others = level_weights[1] + level_weights[2]
        rest = _rhu(Fraction(state_amount) * others / level_weights[0])
        reg_amt, mun_amt = (
            allocate(
                total=rest,
                weights=[level_weights[1], level_weights[2]],
                step=settings.rounding,
            )
            if others
            else (0, 0)
        )
        state_amt = state_amount
    else:
        if total is None or total < 0:
            raise AllocationError(_("Det totala medlemsbidraget får inte vara negativt."))
        if not any(level_weights):
            if total:
                raise AllocationError(_("Förbundet har inga medlemmar att fördela bidraget på."))
            state_amt = reg_amt = mun_amt = 0
        else:
            state_amt, reg_amt, mun_amt = allocate(
                total=total, weights=level_weights, step=settings.rounding
            )
    grand = state_amt + reg_amt + mun_amt

    lines: list[Line] = []
    notes = {id(m): _part_year_note(m, settings) for m in members}
    warnings += [note for _row, note in notes.values() if note is not None]
    # The state: FK and AF in equal parts (by their months), or one combined line.
    if state_members:
        if settings.combine_state:
            lines.append(
                Line(
                    None,
                    state_line_label(state_members),
                    STATE,
                    HUNDRED,
                    _pct(state_amt, grand),
                    state_amt,
                    settings.rounding,
                    level_months[0],
                    "; ".join(
                        f"{m.label}: {notes[id(m)][0]}" for m in state_members if notes[id(m)][0]
                    ),
                )
            )
        else:
            amounts = allocate(
                total=state_amt,
                weights=[_counted_months(m, settings) for m in state_members],
                step=settings.rounding,
            )
            for m, amt in zip(state_members, amounts, strict=True):
                lines.append(
                    Line(
                        m.key,
                        m.label,
                        m.kind,
                        _pct(amt, state_amt),
                        _pct(amt, grand),
                        amt,
                        settings.rounding,
                        _counted_months(m, settings),
                        notes[id(m)][0],
                    )
                )
    for group, amount, mode, kind, label in (
        (regions, reg_amt, settings.region_key, "region", _("regionerna")),
        (municipalities, mun_amt, settings.municipality_key, "municipality", _("kommunerna")),
    ):
        if not group:
            continue
        weights = _group_weights(
            group, mode, label, warnings, settings=settings, whole_group=whole_groups
        )
        step = settings.rounding_for(kind)
        amounts = allocate(total=amount, weights=weights, step=step)
        wsum = sum(weights)
        for m, w, amt in zip(group, weights, amounts, strict=True):
            key_share = (
                Decimal(w.numerator)
                / Decimal(w.denominator)
                * HUNDRED
                / (Decimal(wsum.numerator) / Decimal(wsum.denominator))
            ).quantize(Decimal("0.0001"))
            lines.append(
                Line(
                    m.key,
                    m.label,
                    m.kind,
                    key_share,
                    _pct(amt, grand),
                    amt,
                    step,
                    _counted_months(m, settings),
                    notes[id(m)][0],
                )
            )
    return Allocation(grand, state_amt, reg_amt, mun_amt, tuple(lines), tuple(warnings))


def state_line_label(state_members: Sequence[MemberInput]) -> str:
    """The combined state line's label: "FK/AF" when both are members, else who is.

    An association whose AF membership has ended pays the state's part through FK alone;
    "FK/AF" would name a member that pays nothing.
    """
    kinds = {m.kind for m in state_members}
    if kinds == set(STATE_KINDS) or not state_members:
        return "FK/AF"
    return "/".join(dict.fromkeys(m.label for m in state_members))


# --- three years ----------------------------------------------------------------------------


def next_state_amount(*, previous: int, scenario: Scenario) -> int:
    """The state amount of a later year: unchanged, ± a percentage, or a typed figure."""
    if scenario.mode == "unchanged":
        return previous
    if scenario.mode == "percent":
        pct = Fraction(str(scenario.value or 0))
        result = _rhu(Fraction(previous) * (1 + pct / 100))
    elif scenario.mode == "amount":
        if scenario.value is None:
            raise AllocationError(_("Ange statens bidrag för året."))
        result = int(scenario.value)
    else:
        raise AllocationError(_("Okänt scenario för statens bidrag."))
    if result < 0:
        raise AllocationError(_("Statens bidrag kan inte bli negativt."))
    return result


@contextmanager
def _of_the_year(year: int | None) -> Iterator[None]:
    """An AllocationError raised inside names `year` (unless it names one already)."""
    try:
        yield
    except AllocationError as exc:
        if exc.year is None and year is not None:
            raise AllocationError(exc.text, year=year) from None
        raise


def allocate_years(
    *,
    members_per_year: Sequence[Sequence[MemberInput]],
    settings: Settings,
    state_amount: int | None = None,
    total: int | None = None,
    scenarios: Sequence[Scenario] = (),
    years: Sequence[int] = (),
) -> list[Allocation]:
    """Year 1 from the state amount or the total; later years from the state amount scenario.

    The regions' and municipalities' parts follow the state amount through the split, so a
    −50 000 kr change for the state shows as −100 000 kr in total with 50/25/25.

    A year given by its total goes on from that total while the state's amount is unchanged or
    changes by a percentage (everyone's part moves with the state's, so the total moves by the
    same percentage). It is not derived from the state's allocated part: that part carries the
    rounding remainder (7 777 777 kr rounded to 1 000 kr gives the state 3 889 777 kr), and
    doubling it raised an unchanged year to 7 779 554 kr. A typed state amount is the basis
    from its year on.

    Fixed shares are checked once for everyone who is a member in any of the years (they sum
    to 100 %); a year without some of them divides the group's amount among the others in
    proportion to their shares, and says so. `years` (the plan's) names each year in its
    warnings.
    """
    named = [years[i] if i < len(years) else None for i in range(len(members_per_year))]
    # What concerns every year is refused before any year, so an error raised for a year is
    # about that year alone and names it (AllocationError.year).
    _check_given(settings, state_amount=state_amount, total=total)
    _check_fixed_shares(members_per_year, settings)
    absent_notes = [_absent_from_fixed_key(members_per_year, y, settings) for y in members_per_year]
    with _of_the_year(named[0]):
        first = allocate_year(
            members=members_per_year[0],
            settings=settings,
            state_amount=state_amount,
            total=total,
            whole_groups=False,
            year=named[0],
        )
    result = [first]
    state = first.state_amount
    basis_total = total  # None once the years follow a state amount
    for i, members in enumerate(members_per_year[1:]):
        year = named[i + 1]
        scenario = scenarios[i] if i < len(scenarios) else Scenario()
        with _of_the_year(year):
            if basis_total is not None and scenario.mode != "amount":
                basis_total = next_state_amount(previous=basis_total, scenario=scenario)
                given: dict[str, int] = {"total": basis_total}
            else:
                state = next_state_amount(previous=state, scenario=scenario)
                basis_total = None
                given = {"state_amount": state}
            if any(m.kind in STATE_KINDS for m in members):
                alloc = allocate_year(
                    members=members, settings=settings, whole_groups=False, year=year, **given
                )
                state = alloc.state_amount
                result.append(alloc)
            else:
                result.append(
                    allocate_year(
                        members=members, settings=settings, total=0, whole_groups=False, year=year
                    )
                )
    return [
        replace(alloc, warnings=alloc.warnings + tuple(notes)) if notes else alloc
        for alloc, notes in zip(result, absent_notes, strict=True)
    ]


def _fixed_groups(settings: Settings) -> list[tuple[str, str]]:
    return [
        (kind, str(label))
        for kind, mode, label in (
            ("region", settings.region_key, _("regionerna")),
            ("municipality", settings.municipality_key, _("kommunerna")),
        )
        if mode == "fixed"
    ]


def _plan_group(members_per_year: Sequence[Sequence[MemberInput]], kind: str) -> list[MemberInput]:
    """Everyone of `kind` who is a member in any of the years, once each (by key and name)."""
    seen: dict[tuple[int | None, str], MemberInput] = {}
    for members in members_per_year:
        for m in members:
            if m.kind == kind:
                seen.setdefault((m.key, m.label), m)
    return list(seen.values())


def _check_fixed_shares(
    members_per_year: Sequence[Sequence[MemberInput]], settings: Settings
) -> None:
    for kind, label in _fixed_groups(settings):
        group = _plan_group(members_per_year, kind)
        errors = fixed_share_errors([m.fixed_share for m in group], label)
        if errors:
            raise AllocationError(errors[0])


def _absent_from_fixed_key(
    members_per_year: Sequence[Sequence[MemberInput]],
    members: Sequence[MemberInput],
    settings: Settings,
) -> list[Note]:
    notes = []
    present = {(m.key, m.label) for m in members}
    for kind, label in _fixed_groups(settings):
        absent = [
            m.label for m in _plan_group(members_per_year, kind) if (m.key, m.label) not in present
        ]
        if absent and any(m.kind == kind for m in members):
            notes.append(
                Note(
                    "fixed_share_absent",
                    _(
                        "%(names)s är inte medlem alla planens år. De år de inte är med delar "
                        "de övriga %(group)s gruppens belopp i proportion till sina fasta andelar."
                    )
                    % {"names": ", ".join(absent), "group": label},
                )
            )
    return notes


def deviates(*, computed: int, decided: int | None, rounding: int) -> bool:
    """A decided amount further from the key than the allowed rounding is flagged."""
    return decided is not None and abs(decided - computed) > rounding


# A whole association pays a few million kronor a year (DESIGN §1: 2–12 MSEK; all of Sweden's
# associations together stay well under a billion). A year's total outside these bounds was
# typed in the other unit: kronor into a tkr field, or tkr into a kr field.
PLAUSIBLE_TOTAL = (100_000, 1_000_000_000)


def unit_slip(*, year: int, total: int, unit: str) -> Note | None:
    """A warning when the year's total contributions look typed in the wrong unit, else None."""
    low, high = PLAUSIBLE_TOTAL
    if unit == TKR and total >= high:
        text = _(
            "%(year)s: medlemsbidragen blir totalt %(total)s, långt mer än ett "
            "samordningsförbunds. Det ser ut som kronor inskrivna i tkr – menade du %(meant)s?"
        )
        meant = format_money(total // 1000, TKR, suffix=True)
    elif unit == KR and 0 < total < low:
        text = _(
            "%(year)s: medlemsbidragen blir totalt bara %(total)s. Det ser ut som tkr "
            "inskrivna i kronor – menade du %(meant)s?"
        )
        meant = format_money(total * 1000, KR, suffix=True)
    else:
        return None
    total_text = format_money(total, unit, suffix=True)
    return Note("wrong_unit", text % {"year": year, "total": total_text, "meant": meant})


def carried_state_decisions(
    *, lines: Sequence[Line], decided: dict[int | None, int], state_keys: Sequence[int | None]
) -> dict[int | None, tuple[int, str]]:
    """Decided amounts for the state's lines taken from the other way of showing them.

    "FK och AF som en rad" is a way of showing the state's part: switching it hid the amounts
    decided the other way, and the budget silently went back to the key. One FK/AF line with
    nothing decided takes the sum of FK's and AF's decided amounts (when both are decided);
    FK and AF with nothing decided share a decided FK/AF amount as the key shares the state's
    part, to the krona. Returns {line key: (amount, note)}; nothing when nothing carries over.
    """
    state_lines = [line for line in lines if line.kind in (*STATE_KINDS, STATE)]
    if not state_lines:
        return {}
    if state_lines[0].kind == STATE:
        if None in decided or not state_keys or any(k not in decided for k in state_keys):
            return {}
        return {None: (sum(decided[k] for k in state_keys), _("Summan av FK:s och AF:s beslut"))}
    if None not in decided or any(line.key in decided for line in state_lines):
        return {}
    weights = [line.computed for line in state_lines]
    if not any(weights):
        weights = [line.months for line in state_lines]
    amounts = allocate(total=decided[None], weights=weights)
    note = _("Beslutat för FK/AF tillsammans, delat som nyckeln")
    return {line.key: (amt, note) for line, amt in zip(state_lines, amounts, strict=True)}


def decided_unit_slip(*, computed: int, decided: int, unit: str) -> int | None:
    """The kronor probably meant when a decided amount looks typed in the other unit, else None.

    In tkr, "196600" for a key of 196 600 kr is 196,6 million; in kr, "197" for 196 600 kr is
    197 kronor. A decided amount a hundred times the key, or a hundredth of it, is never a
    decision: it is a slip of the unit.
    """
    if computed <= 0 or decided <= 0:
        return None
    if unit == TKR and decided >= 100 * computed:
        return decided // 1000
    if unit == KR and decided * 100 <= computed:
        return decided * 1000
    return None


# --- Member order -------------------------------------------------------------------------------


def auto_member_order(*, kind: str, same_kind_orders: Sequence[int]) -> int:
    """The order of a member saved with the field left empty: last among its kind.

    Each kind starts at its own hundred (FK 1, AF 101, regions 201, municipalities 301), so
    members added without numbers are listed FK, AF, regions, municipalities in the order they
    were added; a number typed higher for one of its kind is passed, so "last" holds.
    """
    base = KIND_RANK.get(kind, len(KIND_RANK)) * 100 + len(same_kind_orders) + 1
    return max([base, *(order + 1 for order in same_kind_orders)])
