"""The comparison itself: word diff, lineage matching, escaping."""

from __future__ import annotations

from plans.models import Goal, Intervention
from plans.review import diff, services


def test_word_diff_marks_changes_and_escapes_text():
    html, n = diff.word_diff("Vi ska <script> hjälpa fler", "Vi ska hjälpa många fler")
    hidden = '<span class="visually-hidden">{}</span>'
    removed = hidden.format("[borttaget: ") + "&lt;script&gt;" + hidden.format(" slut borttaget]")
    added = hidden.format("[tillagt: ") + "många" + hidden.format(" slut tillagt]")
    assert f"<del>{removed}</del>" in html  # spelled out for screen readers
    assert f"<ins>{added}</ins>" in html
    assert "<script>" not in html and n == 2


def test_html_text_keeps_paragraphs_and_drops_tags():
    text = diff.html_text("<p>Ett <strong>två</strong></p><ul><li>tre</li></ul>")
    assert text == "Ett två\ntre"


def test_compare_plans_matches_interventions_and_goals_by_lineage(draft):
    newer = services.copy_plan(draft, year=2032, previous_id=draft.pk)
    i = newer.interventions.get()
    i.purpose = "Stödja unga vuxna"
    i.save()
    Intervention.objects.create(plan=newer, name="Ny insats", kind="structural")
    newer.goals.get().delete()
    Goal.objects.create(plan=newer, level="effect", text="Färre långtidssjukskrivna")
    result = diff.compare_plans(draft, newer)
    by_name = {c.name: c for c in result.interventions}
    assert by_name["Steget vidare"].status == "changed"
    assert by_name["Steget vidare"].fields[0].new == "Stödja unga vuxna"
    assert by_name["Ny insats"].status == "added"
    assert sorted(c.status for c in result.goals) == ["added", "removed"]
    assert result.counts["sections"] == 0
    assert diff.default_base(newer) == draft
    if result.budget is not None:
        assert result.budget.rows[-1].label == "Resultat"


def test_two_revisions_of_one_year_have_their_budget_columns_told_apart(vvnd):
    from plans.models import Plan

    first = Plan.objects.filter(association=vvnd).order_by("year").first()
    second = services.copy_plan(
        first, revision=first.revision + 1, revises_id=first.pk, status="draft"
    )
    budget = diff.compare_budget(first, second)
    assert budget.old_label.endswith(f"{first.year}, revision {first.revision}")
    assert budget.new_label.endswith(f"{first.year}, revision {second.revision}")


def test_budget_side_by_side_in_tkr_adds_up_in_both_columns(vvnd):
    """Both columns print the budget as the budget page does: in tkr a column's rows add up
    to its group sums and the sums to the totals (DESIGN §3.6), also when the older plan was
    kept in kronor."""
    from budgets.models import BudgetLine
    from finsam.money import TKR
    from plans.models import Plan

    first = Plan.objects.filter(association=vvnd).order_by("year").first()
    second = services.copy_plan(first, year=first.year + 1, previous_id=first.pk, status="draft")
    second.unit = TKR  # the decided plan stays as it was decided (the demo keeps it in kr)
    second.save()
    # Three costs of 1 400 kr each: rounded one by one they print 1 + 1 + 1 under a sum of 4.
    group = BudgetLine.objects.filter(budget__plan=second, amount_1__gt=0).last().group
    for n in range(3):
        BudgetLine.objects.create(
            budget=second.budget, group=group, name=f"Liten post {n}", amount_1=1400
        )
    budget = diff.compare_budget(first, second)
    assert budget.unit == TKR
    for column in ("old", "new"):
        rows: list[int] = []
        for row in budget.rows:
            value = getattr(row, column)
            assert value is None or value % 1000 == 0, row  # whole tkr in both columns
            if row.kind == "group":
                rows = []
            elif row.kind == "line":
                rows.append(value or 0)
            elif row.kind == "subtotal":
                assert sum(rows) == (value or 0), (column, row.label)
        totals = {r.label: getattr(r, column) or 0 for r in budget.rows if r.kind == "total"}
        assert totals["Summa intäkter"] - totals["Summa kostnader"] == totals["Resultat"]
    assert len([r for r in budget.rows if r.label.startswith("Liten post")]) == 3


def _two_years(vvnd):
    """VVND's first plan and a draft for the next year copied from it (seed 000: no reserve)."""
    from plans.models import Plan

    first = Plan.objects.filter(association=vvnd).order_by("year").first()
    second = services.copy_plan(first, year=first.year + 1, previous_id=first.pk, status="draft")
    return first, second


def _group_rows(budget, group: str) -> list[tuple[str, str, int | None, int | None]]:
    """The comparison's rows from the group's heading to its sum ([] when it is left out)."""
    rows = [(r.kind, r.label, r.old, r.new) for r in budget.rows]
    start = next((i for i, r in enumerate(rows) if r[:2] == ("group", group)), None)
    sums = [i for i, r in enumerate(rows) if r[1] == f"Summa {group.lower()}"]
    if start is None:
        assert not sums, rows  # no sum of a group that has no heading
        return []
    return rows[start : sums[0] + 1]


def test_a_group_empty_in_both_years_has_no_sum_row(vvnd):
    """As the budget page, the PDF and the Excel file: no 'Summa reserverade medel 0'."""
    first, second = _two_years(vvnd)
    assert _group_rows(diff.compare_budget(first, second), "Reserverade medel") == []


def test_a_group_filled_or_emptied_since_last_year_is_shown_with_its_sum(vvnd):
    from budgets.models import BudgetLine

    first, second = _two_years(vvnd)
    BudgetLine.objects.create(
        budget=second.budget, group="reserve", name="Oförutsett", amount_1=50000
    )
    BudgetLine.objects.filter(budget=second.budget, group="external").delete()
    budget = diff.compare_budget(first, second)
    assert _group_rows(budget, "Reserverade medel") == [
        ("group", "Reserverade medel", None, None),
        ("line", "Oförutsett", None, 50000),
        ("subtotal", "Summa reserverade medel", 0, 50000),
    ]
    assert _group_rows(budget, "Externa intäkter") == [
        ("group", "Externa intäkter", None, None),
        ("line", "ESF intäkter", 192000, None),
        ("subtotal", "Summa externa intäkter", 192000, 0),
    ]


def test_a_group_with_nothing_in_the_first_year_on_either_side_has_no_sum_row(vvnd):
    """The comparison is of the first year: a group whose lines are all blank in that year
    on both sides lists no line, so a 'Summa … 0' under its heading would stand alone."""
    from budgets.models import BudgetLine

    _, first = _two_years(vvnd)  # two drafts: the decided plan cannot take a line
    second = services.copy_plan(first, year=first.year + 1, previous_id=first.pk)
    for plan in (first, second):
        BudgetLine.objects.create(
            budget=plan.budget, group="reserve", name="Buffert från år 2", amount_2=100000
        )
    assert _group_rows(diff.compare_budget(first, second), "Reserverade medel") == []
