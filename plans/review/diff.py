"""What changed between two plans: texts word by word, budget side by side, interventions and
goals added, removed or changed (matched by `lineage`).

Pure comparison over data loaded in a fixed number of queries. Section text is compared as
the visible text of the stored (sanitised) HTML; the result is built from escaped words only,
so no stored HTML is ever rendered unsanitised.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from plans.models import Goal, Intervention, Plan

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|tr|blockquote)>|<br\s*/?>", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")
# Inline elements do not separate words ("<b>invånare</b>." is one word and a full stop).
_INLINE = re.compile(
    r"</?(strong|em|b|i|a|span|u|s|sub|sup|mark|small|abbr|code)(\s[^>]*)?>", re.IGNORECASE
)
_TOKEN = re.compile(r"\n|[^\s]+")


def html_text(html: str | None) -> str:
    """Visible text of stored HTML, one line per paragraph or list item."""
    if not html:
        return ""
    import html as html_lib

    text = _BLOCK_END.sub("\n", _INLINE.sub("", html))
    text = html_lib.unescape(_TAG.sub(" ", text))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def _marked(label: str, html: str) -> str:
    """Changed words with their kind spelled out for screen readers, which mostly do not
    announce <del> and <ins>; sighted readers see the strike-through and underline."""
    hidden = '<span class="visually-hidden">{}</span>'
    start = hidden.format(escape(f"[{label}: "))
    end = hidden.format(escape(f" {_('slut')} {label}]"))
    return f"{start}{html}{end}"


def word_diff(old: str, new: str) -> tuple[SafeString, int]:
    """(HTML with <ins>/<del> around changed words, number of changed runs)."""
    a = _TOKEN.findall(old)
    b = _TOKEN.findall(new)
    out: list[str] = []
    changes = 0

    def words(tokens: list[str]) -> str:
        return " ".join(escape(t) if t != "\n" else "<br>" for t in tokens).replace(
            " <br> ", "<br>"
        )

    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(words(a[i1:i2]))
            continue
        changes += 1
        if op in ("delete", "replace"):
            out.append(f"<del>{_marked(_('borttaget'), words(a[i1:i2]))}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{_marked(_('tillagt'), words(b[j1:j2]))}</ins>")
    return mark_safe(" ".join(out)), changes  # noqa: S308 - built from escaped words only


@dataclass(frozen=True)
class SectionChange:
    title: str
    status: str  # "added", "removed", "changed", "same"
    diff: SafeString
    changes: int


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class ItemChange:
    name: str
    status: str  # "added", "removed", "changed"
    fields: tuple[FieldChange, ...] = ()


@dataclass(frozen=True)
class FigureRow:
    label: str
    old: int | None
    new: int | None
    kind: str = "line"  # "line", "subtotal", "total", "group"

    @property
    def difference(self) -> int | None:
        if self.old is None and self.new is None:
            return None
        return (self.new or 0) - (self.old or 0)


@dataclass(frozen=True)
class BudgetComparison:
    old_label: str
    new_label: str
    unit: str
    rows: tuple[FigureRow, ...]


@dataclass(frozen=True)
class PlanComparison:
    old: Plan
    new: Plan
    sections: tuple[SectionChange, ...]
    interventions: tuple[ItemChange, ...]
    goals: tuple[ItemChange, ...]
    budget: BudgetComparison | None
    counts: dict[str, int] = field(default_factory=dict)

    @property
    def changed_sections(self) -> tuple[SectionChange, ...]:
        return tuple(s for s in self.sections if s.status != "same")


def _section_key(section) -> str:
    return section.key or section.title.strip().lower()


def compare_sections(old: Plan, new: Plan) -> tuple[SectionChange, ...]:
    olds = {_section_key(s): s for s in old.sections.all()}
    result = []
    seen = set()
    for s in new.sections.all():
        key = _section_key(s)
        seen.add(key)
        before = olds.get(key)
        new_text = html_text(s.body)
        if before is None:
            diff, n = word_diff("", new_text)
            result.append(SectionChange(s.title, "added", diff, n))
            continue
        diff, n = word_diff(html_text(before.body), new_text)
        title_changed = before.title != s.title
        status = "changed" if n or title_changed or before.included != s.included else "same"
        result.append(SectionChange(s.title, status, diff, n))
    for key, s in olds.items():
        if key not in seen:
            diff, n = word_diff(html_text(s.body), "")
            result.append(SectionChange(s.title, "removed", diff, n))
    return tuple(result)


def _field_values(obj, names: list[str]) -> dict[str, tuple[str, str]]:
    values = {}
    for name in names:
        f = obj._meta.get_field(name)
        value = getattr(obj, f.attname)
        if f.choices:
            value = dict(f.flatchoices).get(value, value)
        elif f.is_relation:
            value = str(getattr(obj, name) or "")
        values[name] = (str(f.verbose_name).capitalize(), "" if value is None else str(value))
    return values


INTERVENTION_FIELDS = [
    "name",
    "kind",
    "owner",
    "status",
    "start",
    "end",
    *Intervention.TEXT_FIELDS,
]
GOAL_FIELDS = ["level", "text", "description"]


def compare_items(olds, news, names: list[str], title) -> tuple[ItemChange, ...]:
    """Match by lineage; list added, removed and changed objects with their changed fields."""
    by_lineage = {o.lineage: o for o in olds}
    result = []
    seen = set()
    for n in news:
        seen.add(n.lineage)
        o = by_lineage.get(n.lineage)
        if o is None:
            result.append(ItemChange(title(n), "added"))
            continue
        a, b = _field_values(o, names), _field_values(n, names)
        changed = tuple(FieldChange(b[k][0], a[k][1], b[k][1]) for k in names if a[k][1] != b[k][1])
        if changed:
            result.append(ItemChange(title(n), "changed", changed))
    for o in olds:
        if o.lineage not in seen:
            result.append(ItemChange(title(o), "removed"))
    return tuple(result)


def compare_budget(old: Plan, new: Plan) -> BudgetComparison | None:
    """First-year figures of both plans side by side (per line, group totals, result)."""
    try:
        from budgets.calc import shown_summary
        from budgets.services import budget_summary_for_plan
    except ImportError:  # pragma: no cover - the budget app provides it
        return None
    # Both columns as the budget page prints them, in the new plan's unit: in tkr each column
    # is rounded as a whole, so its rows add up to its group sums and totals (DESIGN §3.6).
    a = shown_summary(replace(budget_summary_for_plan(old), unit=new.unit))
    b = shown_summary(budget_summary_for_plan(new))
    rows: list[FigureRow] = []
    old_groups = {g.key: g for g in a.groups}
    for g in b.groups:
        og = old_groups.pop(g.key, None)
        # As on the budget page, in the PDF and in Excel, a group without lines in both plans
        # has no "Summa … 0" row; one emptied or filled since is shown, as that is a change.
        if g.is_empty and (og is None or og.is_empty):
            continue
        line_rows: list[FigureRow] = []
        old_lines = {(line.name.strip().lower()): line for line in (og.lines if og else ())}
        for line in g.lines:
            before = old_lines.pop(line.name.strip().lower(), None)
            old_amount = before.amounts[0] if before else None
            if old_amount or line.amounts[0]:  # lines that are zero on both sides say nothing
                line_rows.append(FigureRow(line.name, old_amount, line.amounts[0]))
        for line in old_lines.values():
            if line.amounts[0]:
                line_rows.append(FigureRow(line.name, line.amounts[0], None))
        old_total = og.totals[0] if og else None
        # Only the first year is compared: lines blank in it on both sides are left out, and
        # a sum with no line above it would be that same "Summa … 0".
        if not line_rows and not old_total and not g.totals[0]:
            continue
        rows.append(FigureRow(g.label, None, None, "group"))
        rows.extend(line_rows)
        rows.append(FigureRow(g.sum_label, old_total, g.totals[0], "subtotal"))
    for og in old_groups.values():
        if not og.is_empty:
            rows.append(FigureRow(og.sum_label, og.totals[0], None, "subtotal"))
    rows.append(
        FigureRow(_("Summa intäkter"), a.years[0].total_income, b.years[0].total_income, "total")
    )
    rows.append(
        FigureRow(_("Summa kostnader"), a.years[0].total_costs, b.years[0].total_costs, "total")
    )
    rows.append(FigureRow(_("Resultat"), a.years[0].result, b.years[0].result, "total"))
    old_label, new_label = f"{a.years[0].label} {old.year}", f"{b.years[0].label} {new.year}"
    if old.year == new.year:  # two revisions of one year: the revision tells the columns apart
        old_label = _("%(label)s, revision %(r)s") % {"label": old_label, "r": old.revision}
        new_label = _("%(label)s, revision %(r)s") % {"label": new_label, "r": new.revision}
    return BudgetComparison(
        old_label=old_label,
        new_label=new_label,
        unit=new.unit,
        rows=tuple(rows),
    )


def compare_plans(old: Plan, new: Plan) -> PlanComparison:
    old_int = list(Intervention.objects.filter(plan=old).select_related("owner"))
    new_int = list(Intervention.objects.filter(plan=new).select_related("owner"))
    old_goals = list(Goal.objects.filter(plan=old))
    new_goals = list(Goal.objects.filter(plan=new))
    sections = compare_sections(old, new)
    interventions = compare_items(old_int, new_int, INTERVENTION_FIELDS, lambda i: i.name)
    goals = compare_items(old_goals, new_goals, GOAL_FIELDS, lambda g: str(g))
    comparison = PlanComparison(
        old=old,
        new=new,
        sections=sections,
        interventions=interventions,
        goals=goals,
        budget=compare_budget(old, new),
    )
    comparison.counts.update(
        sections=len(comparison.changed_sections),
        interventions=len(interventions),
        goals=len(goals),
    )
    return comparison


def comparable_plans(plan: Plan) -> list[Plan]:
    """Plans of the same association that this one can be compared with, newest first."""
    return list(
        Plan.objects.filter(association_id=plan.association_id)
        .exclude(pk=plan.pk)
        .select_related("association")
        .order_by("-year", "-revision")
    )


def default_base(plan: Plan) -> Plan | None:
    """The plan this one is most naturally compared with: the one it revises, else last year's."""
    return plan.revises if plan.revises_id else plan.previous


def default_base_id(plan: Plan) -> int | None:
    """default_base's id, without loading the plan."""
    return plan.revises_id or plan.previous_id
