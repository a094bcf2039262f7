"""A plan's member contributions as one table: the ONLY place contribution sums are made.

The contributions page, the budget's income lines, the PDF and the Excel export all call
`contribution_table(plan)`, so they cannot disagree. The arithmetic is in members/calc.py;
this module reads the plan's settings, members, fixed shares and decided amounts (four
queries, however many members) and hands them to the engine.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import TYPE_CHECKING

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from finsam.charts import Chart, bar_chart
from finsam.checks import Check
from finsam.money import TKR, format_money, round_parts, round_to_unit

from . import calc
from .models import (
    ContributionDecision,
    ContributionKey,
    ContributionSettings,
    ContributionShare,
    Member,
)

if TYPE_CHECKING:
    from plans.models import Plan


def _missing() -> calc.Note:
    return calc.Note(
        "contributions_missing",
        _("Ange statens bidrag eller det totala medlemsbidraget för att räkna fram bidragen."),
    )


KIND_ORDER = {"fk": 0, "af": 1, "state": 0, "region": 2, "municipality": 3}
MEMBERSHIP_CODES = ("part_year", "fixed_share_absent")
CONTRIBUTIONS_ERROR = "contributions_error"  # the code of a year's note saying why it failed


def kind_label(kind: str, label: str) -> str:
    """A row's kind in words; the combined state line's names who is in it ("Staten (FK/AF)")."""
    if kind == calc.STATE:
        return _("Staten (%(members)s)") % {"members": label}
    if kind in Member.Kind.values:
        return str(Member.Kind(kind).label)
    return kind


@dataclass(frozen=True)
class ContributionRow:
    member_id: int | None  # None for the combined FK/AF line
    label: str
    kind: str  # fk, af, region, municipality, or "state" for the combined FK/AF line
    share: Decimal  # percent of the year's computed total
    computed: int  # by the key, rounded
    decided: int | None  # typed by the user, None if not typed
    amount: int  # decided if typed else computed: what the budget counts
    deviates: bool  # |decided − computed| > the row's rounding
    key_share: Decimal = Decimal(0)  # percent of its group (state, regions or municipalities)
    rounding: int = 1
    exact_difference: int | None = None  # on a printed (tkr) row: decided − computed in kronor
    months: int = calc.MONTHS  # months of the year the key counted (joins or leaves mid-year)
    note: str = ""  # "Medlem från 1 juli 2026: 6 av 12 månader"; "" for a whole year

    @property
    def difference(self) -> int | None:
        return None if self.decided is None else self.decided - self.computed

    @property
    def kind_label(self) -> str:
        """The row's kind in words, for a table that shows it beside the name (the Excel
        export). The combined state line names who is in it, as its label does
        (calc.state_line_label): "Staten (Försäkringskassan)" once AF is no member."""
        return kind_label(self.kind, self.label)

    @property
    def gap(self) -> int | None:
        """What the Skillnad column gives: the printed difference, or the exact kronor where
        the printed figures are equal but the amounts are not (in tkr, 815 499 − 814 937 prints
        815 − 815, and "0 avviker" says nothing; money_gap writes such a gap in kr)."""
        return _gap(self.difference, self.exact_difference)


@dataclass(frozen=True)
class ContributionYear:
    year: int
    rows: list[ContributionRow]
    total: int  # sum of the rows' amounts (decided where typed)
    state_amount: int  # the state's (FK+AF) computed part
    warnings: list[calc.Note]
    computed_total: int = 0  # sum of the computed amounts
    error: str = ""  # set when the settings cannot be computed (e.g. shares not 100 %)
    error_year: int | None = None  # the one year the error concerns (None: every year)
    exact_decided_difference: int | None = None  # on a printed (tkr) year, in kronor

    @property
    def has_decided(self) -> bool:
        return any(r.decided is not None for r in self.rows)

    @property
    def decided_difference(self) -> int:
        return self.total - self.computed_total

    @property
    def decided_gap(self) -> int:
        """The Summa row's Skillnad, by the rows' rule (ContributionRow.gap)."""
        return _gap(self.decided_difference, self.exact_decided_difference) or 0


def _gap(printed: int | None, exact: int | None) -> int | None:
    return exact if printed == 0 and exact else printed


@dataclass(frozen=True)
class ContributionSpan:
    """One row of a table over the plan's three years (the PDF's, the Excel file's): a member,
    or the combined state line, with its row of each year (None in a year it is not in)."""

    member_id: int | None
    label: str
    kind: str
    rows: tuple[ContributionRow | None, ...]

    @property
    def kind_label(self) -> str:
        return kind_label(self.kind, self.label)


@dataclass(frozen=True)
class ContributionTable:
    plan_id: int
    unit: str
    years: list[ContributionYear]
    configured: bool  # False when the plan has no settings saved yet
    settings: calc.Settings = field(default_factory=calc.Settings)
    # The combined state line over the three years: named by who is a member in any of them
    # ("FK/AF" when AF leaves after year 1), as each year's row is by who is in it that year.
    state_line: str = "FK/AF"

    def year(self, year: int) -> ContributionYear | None:
        return next((y for y in self.years if y.year == year), None)

    @property
    def region_key_label(self) -> str:
        return ContributionSettings.KeyMode(self.settings.region_key).label

    @property
    def municipality_key_label(self) -> str:
        return ContributionSettings.KeyMode(self.settings.municipality_key).label

    @property
    def split_text(self) -> str:
        """ "50 / 12,5 / 37,5 %": the split as typed (a whole-number filter showed 13 / 38)."""
        sp = self.settings.split
        parts = (sp.state, sp.regions, sp.municipalities)
        return " / ".join(calc.fmt_pct(p) for p in parts) + "\u00a0%"

    @property
    def part_year_label(self) -> str:
        return ContributionSettings.PartYear(self.settings.part_year).label

    @property
    def membership_notes(self) -> list[str]:
        """What the PDF and the Excel file say under the table: members who join or leave
        during a year (date, months counted) and fixed shares divided among fewer members."""
        notes: list[str] = []
        for y in self.years:
            for w in y.warnings:
                if w.code in MEMBERSHIP_CODES and w.text not in notes:
                    notes.append(w.text)
        return notes + self.state_line_notes

    def spans(self) -> list[ContributionSpan]:
        """One row per member over the three years, in the engine's order (first seen).

        The combined state line is one row labelled `state_line`: a row that spans the years
        names everyone in it in any of them; `state_line_notes` says the years it is fewer.
        """
        first: dict[int | None, ContributionRow] = {}
        by_year = []
        for y in self.years:
            rows = {r.member_id: r for r in y.rows}
            by_year.append(rows)
            for key, r in rows.items():
                first.setdefault(key, r)
        return [
            ContributionSpan(
                member_id=key,
                label=self.state_line if r.kind == calc.STATE else r.label,
                kind=r.kind,
                rows=tuple(rows.get(key) for rows in by_year),
            )
            for key, r in first.items()
        ]

    @property
    def state_line_notes(self) -> list[str]:
        """ "FK/AF 2026–2027: bara Försäkringskassan är medlem.": the years the combined state
        line holds fewer members than its three-year label names (consecutive years once)."""
        runs: list[tuple[str, list[int]]] = []
        for y in self.years:
            label = next((r.label for r in y.rows if r.kind == calc.STATE), None)
            if label is None or label == self.state_line:
                continue
            if runs and runs[-1][0] == label and runs[-1][1][-1] == y.year - 1:
                runs[-1][1].append(y.year)
            else:
                runs.append((label, [y.year]))
        return [
            _("%(line)s %(years)s: bara %(members)s är medlem.")
            % {
                "line": self.state_line,
                "years": str(years[0]) if len(years) == 1 else f"{years[0]}–{years[-1]}",
                "members": label,
            }
            for label, years in runs
        ]

    @property
    def errors(self) -> list[tuple[int | None, str]]:
        """Why the key cannot be computed, each reason once: (the year it concerns, or None
        when it concerns every year; the sentence without a year).

        The engine fails for the whole plan, so every year carries the same error; the checks,
        the page and the PDF say it once, naming a year only when it is one year's.
        """
        return list(dict.fromkeys((y.error_year, y.error) for y in self.years if y.error))

    def change_from_first(self, year: ContributionYear) -> int:
        """A year's total against year 1's (the scenario summary shows how the plan moves)."""
        return year.total - self.years[0].total

    def shown(self) -> ContributionTable:
        """The table as it is printed in its unit (see shown_year); the same table in kr."""
        if self.unit != TKR:
            return self
        return replace(self, years=[shown_year(y, self.unit) for y in self.years])


def shown_year(year: ContributionYear, unit: str) -> ContributionYear:
    """One year's figures as a table in `unit` prints them, every column adding up.

    In tkr, rounding each member's figure on its own printed rows adding up to 7 780 under a
    "Summa" of 7 778 (DESIGN §3.6). So a column is rounded as a whole to its rounded total by
    largest remainder (finsam.money.round_parts, the budget's rule too): "Beräknat" to the
    computed total; the amount paid to the total, where a member without a decided amount pays
    its printed computed figure, so decided − computed = the difference on every row and in
    the Summa row. Checks and the budget keep the exact kronor; in kr nothing changes.
    """
    if unit != TKR:
        return year
    computed = round_parts([r.computed for r in year.rows], unit)
    total = round_to_unit(year.total, unit)
    follows_key = sum(c or 0 for r, c in zip(year.rows, computed, strict=True) if r.decided is None)
    decided = round_parts(
        [r.amount if r.decided is not None else None for r in year.rows],
        unit,
        total=total - follows_key,
    )
    rows = [
        replace(
            r,
            computed=c or 0,
            decided=d,
            amount=(c or 0) if d is None else d,
            exact_difference=r.difference,
        )
        for r, c, d in zip(year.rows, computed, decided, strict=True)
    ]
    return replace(
        year,
        rows=rows,
        total=total,
        computed_total=sum(r.computed for r in rows),
        state_amount=round_to_unit(year.state_amount, unit),
        exact_decided_difference=year.decided_difference,
    )


def settings_for(plan: Plan) -> ContributionSettings:
    """The plan's saved settings, or unsaved defaults (reading never writes)."""
    try:
        return ContributionSettings.objects.get(plan=plan)
    except ContributionSettings.DoesNotExist:
        return ContributionSettings(plan=plan)


def engine_settings(s: ContributionSettings) -> calc.Settings:
    return calc.Settings(
        split=calc.Split(
            Decimal(s.state_share), Decimal(s.region_share), Decimal(s.municipality_share)
        ),
        region_key=s.region_key,  # type: ignore[arg-type]
        municipality_key=s.municipality_key,  # type: ignore[arg-type]
        combine_state=s.combine_state,
        rounding=s.rounding,
        region_rounding=s.region_rounding,
        municipality_rounding=s.municipality_rounding,
        part_year=s.part_year,  # type: ignore[arg-type]
    )


def scenarios(s: ContributionSettings) -> list[calc.Scenario]:
    return [
        calc.Scenario(s.year2_scenario, s.year2_value),  # type: ignore[arg-type]
        calc.Scenario(s.year3_scenario, s.year3_value),  # type: ignore[arg-type]
    ]


def members_of(plan: Plan) -> list[Member]:
    return sorted(
        Member.objects.filter(association_id=plan.association_id),
        key=lambda m: (KIND_ORDER.get(m.kind, 9), m.order, m.name),
    )


def _key_inputs(
    keys: list[ContributionKey], shares: dict[int, Decimal], year: int
) -> list[calc.MemberInput]:
    """The members as they were when the plan was decided (see ContributionKey)."""
    ordered = sorted(keys, key=lambda k: (KIND_ORDER.get(k.kind, 9), k.order, k.name))
    return [_input(k.member_id, k, shares, year) for k in ordered if k.member_in(year)]


def _inputs(members: list[Member], shares: dict[int, Decimal], year: int) -> list[calc.MemberInput]:
    return [_input(m.pk, m, shares, year) for m in members if m.is_member_in(year)]


def _input(
    pk: int, source: Member | ContributionKey, shares: dict[int, Decimal], year: int
) -> calc.MemberInput:
    """A member, or its row as the plan was decided, as the engine reads it in `year`."""
    period = calc.membership_in_year(
        year=year, valid_from=source.valid_from, valid_to=source.valid_to
    )
    return calc.MemberInput(
        key=pk,
        label=source.name,
        kind=source.kind,  # type: ignore[arg-type]
        population=source.population,
        fixed_share=shares.get(pk),
        months=period.months,
        joins=period.joins,
        leaves=period.leaves,
    )


def _year(
    year: int,
    alloc: calc.Allocation | None,
    error: calc.AllocationError | None,
    inputs: list[calc.MemberInput],
    decided: dict[tuple[int | None, int], int],
    combine: bool,
) -> ContributionYear:
    rows: list[ContributionRow] = []
    if alloc is not None:
        of_year = {key: amount for (key, y), amount in decided.items() if y == year}
        state_keys = [m.key for m in inputs if m.kind in calc.STATE_KINDS]
        carried = calc.carried_state_decisions(
            lines=alloc.lines, decided=of_year, state_keys=state_keys
        )
        for line in alloc.lines:
            d = decided.get((line.key, year))
            note = line.note
            if line.key in carried:
                d, carried_note = carried[line.key]
                note = "; ".join(n for n in (note, carried_note) if n)
            rows.append(
                ContributionRow(
                    member_id=line.key,
                    label=line.label,
                    kind=line.kind,
                    share=line.share,
                    computed=line.computed,
                    decided=d,
                    amount=line.computed if d is None else d,
                    deviates=calc.deviates(
                        computed=line.computed, decided=d, rounding=line.rounding
                    ),
                    key_share=line.key_share,
                    rounding=line.rounding,
                    months=line.months,
                    note=note,
                )
            )
        warnings = list(alloc.warnings)
        state_amount = alloc.state_amount
    else:
        # The key cannot be computed: still list the members with their decided amounts.
        state = [m for m in inputs if m.kind in calc.STATE_KINDS]
        labels = [(None, calc.state_line_label(state), calc.STATE)] if combine else []
        labels += [
            (m.key, m.label, m.kind) for m in inputs if not (combine and m.kind in calc.STATE_KINDS)
        ]
        for key, label, kind in labels:
            d = decided.get((key, year))
            rows.append(ContributionRow(key, label, kind, Decimal(0), 0, d, d or 0, False))
        warnings = [calc.Note(CONTRIBUTIONS_ERROR, str(error or ""))]
        state_amount = 0
    total = sum(r.amount for r in rows)
    computed_total = sum(r.computed for r in rows)
    if any(r.decided is not None for r in rows) and total != computed_total:
        warnings.append(
            calc.Note(
                "decided_total_differs",
                _("%(year)s: de beslutade beloppen ger totalt %(decided)s, nyckeln ger %(key)s.")
                % {
                    "year": year,
                    "decided": format_money(total, suffix=True),
                    "key": format_money(computed_total, suffix=True),
                },
            )
        )
    return ContributionYear(
        year,
        rows,
        total,
        state_amount,
        warnings,
        computed_total,
        error.text if error else "",
        error.year if error else None,
    )


def contribution_table(plan: Plan) -> ContributionTable:
    """Three years of contributions for the plan: computed by the key, decided, and used.

    A draft reads the member register as it is now; a decided plan reads the key data
    recorded when it was approved (contributions_freeze), so it never changes afterwards.
    """
    s = settings_for(plan)
    members = [] if plan.is_frozen and _has_keys(plan) else members_of(plan)
    shares = {sh.member_id: sh.share for sh in ContributionShare.objects.filter(plan=plan)}
    decided = {
        (d.member_id, d.year): d.amount for d in ContributionDecision.objects.filter(plan=plan)
    }
    es = engine_settings(s)
    configured = s.pk is not None
    years = list(plan.years)
    keys = list(ContributionKey.objects.filter(plan=plan)) if plan.is_frozen else []
    if keys:
        inputs = [_key_inputs(keys, shares, y) for y in years]
    else:
        inputs = [_inputs(members, shares, y) for y in years]
    try:
        kw = {"state_amount": s.amount} if s.input_mode == "state" else {"total": s.amount}
        allocs: list[calc.Allocation | None] = list(
            calc.allocate_years(
                members_per_year=inputs, settings=es, scenarios=scenarios(s), years=years, **kw
            )
        )
        error: calc.AllocationError | None = None
    except calc.AllocationError as exc:
        allocs = [None, None, None]
        error = exc
    result = [
        _year(y, a, error, inp, decided, s.combine_state)
        for y, a, inp in zip(years, allocs, inputs, strict=True)
    ]
    # Everyone who is a state member in any of the years, once each (the three-year label).
    state = {m.key: m for inp in inputs for m in inp if m.kind in calc.STATE_KINDS}
    if not configured or not s.amount:
        result[0].warnings.insert(0, _missing())
    slip = calc.unit_slip(year=years[0], total=result[0].computed_total, unit=plan.unit)
    if slip is not None:
        result[0].warnings.insert(0, slip)
    return ContributionTable(
        plan.pk, plan.unit, result, configured, es, calc.state_line_label(list(state.values()))
    )


def _has_keys(plan: Plan) -> bool:
    return ContributionKey.objects.filter(plan=plan).exists()


def contributions_freeze(plan: Plan) -> None:
    """Record the members, populations and membership years the plan is decided with.

    Called just before the plan becomes approved (members.signals), while it can still be
    written. Replaces any rows copied from the plan this one revises.
    """
    with transaction.atomic():
        for old in ContributionKey.objects.filter(plan=plan):
            old.delete()
        for m in members_of(plan):
            row = ContributionKey(
                plan=plan,
                member=m,
                name=m.name,
                kind=m.kind,
                population=m.population,
                population_year=m.population_year,
                order=m.order,
                years=",".join(str(y) for y in plan.years if m.is_member_in(y)),
                valid_from=m.valid_from,
                valid_to=m.valid_to,
            )
            row.full_clean()
            row.save()


def unpaid_by_key(year: ContributionYear, settings: calc.Settings) -> list[ContributionRow]:
    """Regions and municipalities keyed by population that pay nothing this year: the key gave
    them 0 (no population, or 0) and no amount is decided for them. The members decide who
    pays what, so this is never an accident the board should pass: the plan's checks make it
    an error."""
    by_population = {
        kind
        for kind, mode in (
            ("region", settings.region_key),
            ("municipality", settings.municipality_key),
        )
        if mode == "population"
    }
    return [r for r in year.rows if r.kind in by_population and r.computed == 0 and not r.amount]


def contribution_checks(plan: Plan, table: ContributionTable | None = None) -> list[Check]:
    """What the board should know about the contributions before it decides the plan.

    Pass `table` when the caller has it already (the contributions page does).
    """
    url = reverse(
        "members:contributions", kwargs={"assoc": plan.association.slug, "plan_id": plan.pk}
    )
    members_url = reverse("members:members", kwargs={"assoc": plan.association.slug})
    table = table or contribution_table(plan)
    checks: list[Check] = []
    seen: dict[str, int] = {}

    def add(level: str, message: str, code: str, where: str = url) -> None:
        # The same message for three years is said once, as an error if it is one in any year.
        if message in seen:
            if level == "error" and checks[seen[message]].level != "error":
                checks[seen[message]] = Check("error", message, where, code)
            return
        seen[message] = len(checks)
        checks.append(Check(level, message, where, code))  # type: ignore[arg-type]

    if not table.configured or table.years[0].computed_total == 0:
        missing = _missing()
        add("warning", missing.text, missing.code)
    for error_year, error in table.errors:
        # An error of one year (a scenario that gives the state a negative amount in year 3)
        # names that year, as the warnings do.
        add(
            "error",
            _("Medlemsbidragen kan inte beräknas: %(error)s") % {"error": error}
            if error_year is None
            else _("%(year)s: medlemsbidragen kan inte beräknas: %(error)s")
            % {"year": error_year, "error": error},
            CONTRIBUTIONS_ERROR,
        )
    for y in table.years:
        for w in y.warnings:
            if w.code == calc.POPULATION_UNPAID:
                # A member paying 0 by accident: fixed in the member register before the board.
                level = "error" if unpaid_by_key(y, table.settings) else "warning"
                add(level, w.text, w.code, members_url)
            elif w.code not in (CONTRIBUTIONS_ERROR, "contributions_missing"):
                add("warning", w.text, w.code)
        for r in y.rows:
            if r.deviates:
                add(
                    "warning",
                    _(
                        "%(member)s %(year)s: beslutat %(decided)s avviker från nyckelns "
                        "%(key)s med mer än avrundningen (%(rounding)s)."
                    )
                    % {
                        "member": r.label,
                        "year": y.year,
                        "decided": format_money(r.decided, suffix=True),
                        "key": format_money(r.computed, suffix=True),
                        "rounding": format_money(r.rounding, suffix=True),
                    },
                    "contribution_deviates",
                )
    return checks


def contributions_roll_forward(*, old_plan: Plan, new_plan: Plan) -> None:
    """Carry the settings into next year's plan: year 2 becomes year 1.

    The new year 1 amount is the old plan's year-2 state amount (or total, in total mode);
    the old year-3 scenario becomes the new year 2; fixed shares and decided amounts for the
    years both plans cover are copied. An existing settings row on the new plan is kept.
    """
    if ContributionSettings.objects.filter(plan=new_plan).exists():
        return
    old = settings_for(old_plan)
    table = contribution_table(old_plan)
    offset = new_plan.year - old_plan.year
    amount = old.amount
    if 0 < offset < 3 and not table.years[offset].error:
        y = table.years[offset]
        amount = y.state_amount if old.input_mode == "state" else y.computed_total
    with transaction.atomic():
        new = ContributionSettings(
            plan=new_plan,
            input_mode=old.input_mode,
            amount=amount,
            state_share=old.state_share,
            region_share=old.region_share,
            municipality_share=old.municipality_share,
            region_key=old.region_key,
            municipality_key=old.municipality_key,
            combine_state=old.combine_state,
            part_year=old.part_year,
            rounding=old.rounding,
            region_rounding=old.region_rounding,
            municipality_rounding=old.municipality_rounding,
            year2_scenario=old.year3_scenario if offset == 1 else "unchanged",
            year2_value=old.year3_value if offset == 1 else None,
        )
        new.full_clean()
        new.save()
        for sh in ContributionShare.objects.filter(plan=old_plan):
            copy = ContributionShare(plan=new_plan, member_id=sh.member_id, share=sh.share)
            copy.full_clean()
            copy.save()
        for d in ContributionDecision.objects.filter(plan=old_plan, year__in=new_plan.years):
            copy = ContributionDecision(
                plan=new_plan, member_id=d.member_id, year=d.year, amount=d.amount
            )
            copy.full_clean()
            copy.save()


def contribution_chart(year: ContributionYear, unit: str) -> Chart:
    """Who pays what in one year: the same chart on the contributions page and in the PDF."""

    return bar_chart(
        title=_("Medlemsbidrag %(year)s per medlem") % {"year": year.year},
        items=[(row.label, row.amount) for row in year.rows],
        unit=unit,
        value_header=_("Bidrag"),
    )
