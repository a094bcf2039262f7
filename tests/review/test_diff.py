"""The comparison itself: word diff, lineage matching, escaping."""

from __future__ import annotations

from plans.models import Goal, Intervention
from plans.review import diff, services


def test_word_diff_marks_changes_and_escapes_text():
    html, n = diff.word_diff("Vi ska <script> hjälpa fler", "Vi ska hjälpa många fler")
    assert "<del>&lt;script&gt;</del>" in html
    assert "<ins>många</ins>" in html
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
