"""A "done by quarter" target names its year: "Senast Q3" is ambiguous in a plan that covers
three years. The target's quarter is in its plan's year, an outcome's in the outcome's year
(which is its plan's year, see test_outcome_year.py)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from indicators import calc, services
from indicators.models import Indicator, Outcome, Target
from plans.models import Plan, Section
from plans.pdf.render import render_plan_html

from .conftest import goals_of
from .html import table

pytestmark = pytest.mark.django_db


def url(plan, name, **kw):
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, **kw})


@pytest.fixture
def quarter_target(plan) -> Target:
    """Seed 004's needs analysis, done by Q3 of the plan's year (2040), done in Q2."""
    target = services.target_create(
        user=None,
        plan=plan,
        goal=goals_of(plan)[4],
        indicator=Indicator.objects.get(key="nns-12"),
        kind="quarter",
        value_quarter="Q3",
        method="document",
    )
    services.outcome_save(user=None, target=target, period="2040", value_quarter="Q2")
    return target


def test_format_value_names_the_year_of_a_quarter():
    assert calc.format_value(kind="quarter", value_quarter="Q3", year=2027) == "Senast Q3 2027"
    assert (
        calc.format_value(kind="quarter", value_quarter="Q2", year=2027, done=True)
        == "Klart Q2 2027"
    )


def test_the_target_row_names_the_plans_year(plan, quarter_target):
    row = services.target_row(plan, quarter_target)
    assert row.target == "Senast Q3 2040"
    assert row.outcome == "Klart Q2 2040"
    assert [(p.year, p.target, p.outcome) for p in row.trend] == [
        (2040, "Senast Q3 2040", "Klart Q2 2040")
    ]


def test_last_years_quarter_outcome_names_last_year(vvnd, plan, quarter_target):
    """The previous year's outcome is in that year's quarter, not this plan's."""
    earlier = Plan.objects.create(association=vvnd, year=2039)
    old = Target.objects.create(
        plan=earlier,
        goal=goals_of(plan)[4],  # only the lineage links the two years
        indicator=quarter_target.indicator,
        kind="quarter",
        value_quarter="Q4",
        method="document",
        lineage=quarter_target.lineage,
    )
    Outcome.objects.create(target=old, period="2039", year=2039, value_quarter="Q4")
    row = services.target_row(plan, quarter_target)
    assert row.previous == "Klart Q4 2039"
    assert [(p.year, p.target, p.outcome) for p in row.trend][0] == (
        2039,
        "Senast Q4 2039",
        "Klart Q4 2039",
    )


@pytest.mark.parametrize(
    ("view", "caption", "column"),
    [
        ("indicators:goals", "Mål, indikatorer och målvärden", 2),
        ("indicators:followup", "Samverkan ska utvecklas", 1),
        ("indicators:attainment", "Målvärden och utfall", 2),
    ],
)
def test_the_pages_show_the_quarter_with_the_year(
    client_for, plan, quarter_target, view, caption, column
):
    html = client_for("director").get(url(plan, view)).content.decode()
    rows = table(html, caption)
    (row,) = [r for r in rows[1:] if any("Indikator 12" in cell for cell in r)]
    assert row[column].startswith("Senast Q3 2040"), row


def test_the_followup_list_shows_the_outcomes_quarter_with_its_year(
    client_for, plan, quarter_target
):
    html = client_for("director").get(url(plan, "indicators:followup")).content.decode()
    (row,) = [r for r in table(html, "Samverkan ska utvecklas")[1:] if "Indikator 12" in r[0]]
    assert row[2] == "Helår 2040: Klart Q2 2040"


def test_the_outcome_page_shows_target_and_outcome_with_the_year(client_for, plan, quarter_target):
    html = (
        client_for("director")
        .get(url(plan, "indicators:outcome_edit", target_id=quarter_target.pk))
        .content.decode()
    )
    assert "<dd>Senast Q3 2040</dd>" in html
    assert table(html, "Registrerade utfall")[1][1] == "Klart Q2 2040"


def test_the_pdf_shows_the_quarter_with_the_year(plan, quarter_target):
    Section.objects.create(plan=plan, title="Mål", kind=Section.Kind.GOALS, order=1)
    rows = table(render_plan_html(plan), "Indikatorer och målvärden för målet ”Samverkan")
    assert rows[1][1] == "Senast Q3 2040"
    assert rows[1][3].startswith("Klart Q2 2040")


def test_the_target_form_says_the_quarter_is_in_the_plans_year(client_for, plan):
    response = client_for("director").get(url(plan, "indicators:target_create"))
    help_text = response.context["form"].fields["value_quarter"].help_text
    assert help_text == "Q1–Q4 eller T1–T3 i planens år."


def test_the_words_of_a_value_follow_the_users_language():
    from django.utils import translation

    from indicators.calc import format_value

    with translation.override("en"):
        assert format_value(kind="quarter", value_quarter="Q3", year=2027) == "By Q3 2027"
        assert format_value(kind="quarter", value_quarter="Q2", year=2027, done=True) == (
            "Done Q2 2027"
        )
        assert format_value(kind="yes_no", value_bool=True) == "Yes"
    with translation.override("sv"):
        assert format_value(kind="quarter", value_quarter="Q3", year=2027) == "Senast Q3 2027"
        assert format_value(kind="yes_no", value_bool=False) == "Nej"


@pytest.mark.parametrize(
    ("due", "done", "status"),
    [
        ("T2", "T2", "met"),
        ("Q3", "T2", "met"),  # T2 ends in August, before September
        ("T2", "Q3", "partly"),
        ("T2", "Q2", "met"),
        ("Q2", "T2", "partly"),
        ("Q4", "T3", "met"),  # both end in December
        ("T1", "Q1", "met"),
        ("T1", "Q2", "partly"),
    ],
)
def test_a_tertial_deadline_compares_with_a_quarter_by_its_last_month(due, done, status):
    assert calc.rule_status(kind="quarter", target_quarter=due, outcome_quarter=done) == (
        status,
        None,
    )


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("T2", "T2"), ("t 3", "T3"), ("Tertial 1", "T1"), ("kv 3", "Q3"), ("4", "Q4")],
)
def test_a_deadline_is_a_quarter_or_a_tertial(typed, stored):
    assert calc.parse_deadline(typed) == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("T4", "Tertial anges som T1, T2 eller T3."),
        ("Q5", "”Q5” är inget kvartal. Ange Q1, Q2, Q3 eller Q4."),
        ("H1", "”H1” är inget kvartal eller tertial. Ange Q1–Q4 eller T1–T3."),
    ],
)
def test_a_deadline_that_is_neither_is_refused(typed, message):
    with pytest.raises(calc.PeriodError, match=message):
        calc.parse_deadline(typed)


def test_a_target_due_by_a_tertial_is_printed_and_judged_with_its_year(client_for, plan):
    """'Senast T2 2040' on the pages and in the PDF; done in Q2 (by June) is in time."""
    target = services.target_create(
        user=None,
        plan=plan,
        goal=goals_of(plan)[4],
        indicator=Indicator.objects.get(key="nns-12"),
        kind="quarter",
        value_quarter="T2",
        method="document",
    )
    assert Target.objects.get(pk=target.pk).value_quarter == "T2"
    client = client_for("director")
    response = client.post(
        url(plan, "indicators:outcome_edit", target_id=target.pk),
        {"period": "T2", "value_quarter": "kv 2"},
    )
    assert response.status_code == 302
    assert list(target.outcomes.values_list("period", "value_quarter")) == [("2040-T2", "Q2")]
    html = client.get(url(plan, "indicators:followup")).content.decode()
    (row,) = [r for r in table(html, "Samverkan ska utvecklas")[1:] if "Indikator 12" in r[0]]
    assert row[1].startswith("Senast T2 2040")
    assert row[2] == "Tertial 2 2040: Klart Q2 2040"
    assert row[3].startswith("Uppfyllt")
    Section.objects.create(plan=plan, title="Mål", kind=Section.Kind.GOALS, order=1)
    rows = table(render_plan_html(plan), "Indikatorer och målvärden för målet ”Samverkan")
    assert rows[1][1] == "Senast T2 2040"
