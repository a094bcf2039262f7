"""A period is read from what people type and named one way on every page and in the PDF.

What the outcome form accepts is stored as a code of at most seven characters
(`Outcome.period`, a varchar PostgreSQL holds to its length); what it refuses gets a Swedish
sentence saying what to write instead."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import DataError, connection, transaction
from django.urls import reverse
from django.utils import translation

from indicators import calc, services
from indicators.models import Outcome, Target
from plans.models import Section
from plans.pdf.html import render_plan_html

from .html import table, tables

NB = "\u00a0"
PERIOD_LENGTH = Outcome._meta.get_field("period").max_length


def url(plan, name, **kw):
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, **kw})


def indicator_7(plan) -> Target:
    return Target.objects.get(plan=plan, indicator__key="nns-7")  # 60 %, seed 000


ACCEPTED = [
    ("2040", "2040"), ("helår", "2040"), ("Helår 2040", "2040"), ("hela året", "2040"),
    ("H1", "2040-H1"), ("halvår 1", "2040-H1"), ("Första halvåret 2040", "2040-H1"),
    ("andra halvåret", "2040-H2"), ("2040-h2", "2040-H2"), ("first half", "2040-H1"),
    ("Q3", "2040-Q3"), ("kv 3", "2040-Q3"), ("kv3", "2040-Q3"), ("kvartal 3", "2040-Q3"),
    ("Kvartal 3 2040", "2040-Q3"), ("2040 kv 3", "2040-Q3"), ("2040-Q3", "2040-Q3"),
    ("Q4/2040", "2040-Q4"), ("tredje kvartalet", "2040-Q3"),
    ("maj", "2040-05"), ("Maj 2040", "2040-05"), ("2040-05", "2040-05"), ("2040 5", "2040-05"),
    ("  2040-12 ", "2040-12"),
    ("T1", "2040-T1"), ("t2", "2040-T2"), ("tertial 3", "2040-T3"), ("T2 2040", "2040-T2"),
    ("2040-T2", "2040-T2"), ("Tertial 2 2040", "2040-T2"), ("2040 t 3", "2040-T3"),
    ("andra tertialet", "2040-T2"), ("maj–augusti 2040", "2040-T2"),
    ("May–August 2040", "2040-T2"), ("january - april", "2040-T1"),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "code"), ACCEPTED)
def test_every_accepted_period_is_stored_as_a_short_code(seeded, typed, code):
    outcome = services.outcome_save(
        user=None, target=indicator_7(seeded), period=typed, value=Decimal(50)
    )
    stored = Outcome.objects.get(pk=outcome.pk)
    assert (stored.period, stored.year) == (code, 2040)
    assert len(stored.period) <= PERIOD_LENGTH


def test_the_form_takes_a_period_as_long_as_the_pages_write_it(client_for, seeded):
    """'Första halvåret 2040' is how the pages name it: the field is long enough to type it
    back (it used to cut the text at twelve characters)."""
    t7 = indicator_7(seeded)
    response = client_for("director").post(
        url(seeded, "indicators:outcome_edit", target_id=t7.pk),
        {"period": "Första halvåret 2040", "value": "52"},
    )
    assert response.status_code == 302
    assert list(t7.outcomes.values_list("period", "value")) == [("2040-H1", Decimal(52))]
    page = client_for("director").get(url(seeded, "indicators:outcome_edit", target_id=t7.pk))
    assert 'maxlength="40"' in page.content.decode()


REFUSED = [
    ("T4", "Tertial anges som T1, T2 eller T3."),
    ("tertial 0", "Tertial anges som T1, T2 eller T3."),
    ("Q5", "”Q5” är inget kvartal. Ange Q1, Q2, Q3 eller Q4."),
    ("2040 kv 0", "”Q0” är inget kvartal."),
    ("halvår 3", "Halvår anges som H1 eller H2."),
    ("2040-13", "Månaden ska vara 01–12."),
    ("3", "”3” är ingen period. Skriv helår (2040), ett halvår (H1 eller 2040-H1), ett tertial "
          "(T2 eller 2040-T2), ett kvartal (Q3, kv 3 eller 2040-Q3) eller en månad (maj eller "
          "2040-05)."),
    ("tertial", "”tertial” är ingen period."),
    ("2041-T1", "Perioden ska ligga i planens år 2040"),
    ("förra året", "”förra året” är ingen period."),
    ("2040-2041", "”2040-2041” är ingen period."),
    ("", "Ange en period: helår (2040)"),
    ("2041-Q1", "Perioden ska ligga i planens år 2040"),
    ("2039-H2", "utfall för 2039 registreras i planen för 2039."),
]  # fmt: skip


@pytest.mark.parametrize(("typed", "message"), REFUSED)
def test_a_refused_period_gets_a_swedish_sentence_and_stores_nothing(seeded, typed, message):
    t7 = indicator_7(seeded)
    with pytest.raises(ValidationError) as exc:
        services.outcome_save(user=None, target=t7, period=typed, value=Decimal(50))
    assert message in exc.value.message_dict["period"][0]
    assert not t7.outcomes.exists()


def test_the_form_refuses_a_fourth_tertial_on_the_period_field(client_for, seeded):
    t7 = indicator_7(seeded)
    response = client_for("director").post(
        url(seeded, "indicators:outcome_edit", target_id=t7.pk), {"period": "T4", "value": "52"}
    )
    assert response.status_code == 422
    assert response.context["form"].errors["period"] == ["Tertial anges som T1, T2 eller T3."]
    too_long = client_for("director").post(
        url(seeded, "indicators:outcome_edit", target_id=t7.pk), {"period": "Q" * 41}
    )
    assert too_long.context["form"].errors["period"] == [
        "Säkerställ att detta värde har som mest 40 tecken (den har 41)."
    ]
    assert not t7.outcomes.exists()


def test_without_the_plans_year_a_period_needs_its_year():
    """Stored codes are read without a plan year; a year-less text is then incomplete."""
    with pytest.raises(calc.PeriodError, match="Skriv också året"):
        calc.parse_period("Q3")
    assert calc.parse_period("Q3", plan_year=2040).code == "2040-Q3"


LABELS = {"2040-05": "Maj 2040", "2040-Q1": "Kvartal 1 2040", "2040-H1": "Första halvåret 2040",
          "2040-T2": "Tertial 2 2040", "2040-Q3": "Kvartal 3 2040",
          "2040": "Helår 2040"}  # fmt: skip
ENGLISH = {"2040-05": "May 2040", "2040-Q1": "Quarter 1 2040", "2040-H1": "First half of 2040",
           "2040-T2": "May–August 2040", "2040-Q3": "Quarter 3 2040",
           "2040": "Full year 2040"}  # fmt: skip
TERTIALS = {"2040-T1": ("Tertial 1 2040", "January–April 2040"),
            "2040-T2": ("Tertial 2 2040", "May–August 2040"),
            "2040-T3": ("Tertial 3 2040", "September–December 2040")}  # fmt: skip


def test_one_formatter_names_periods_in_both_languages():
    assert {code: calc.period_label(code) for code in LABELS} == LABELS
    with translation.override("en"):
        assert {code: calc.period_label(code) for code in ENGLISH} == ENGLISH
    assert calc.period_label("2040-H2") == "Andra halvåret 2040"


@pytest.mark.parametrize(("code", "labels"), TERTIALS.items())
def test_a_tertial_reads_back_from_its_code_and_from_both_labels(code, labels):
    swedish, english = labels
    assert calc.period_label(code) == swedish
    with translation.override("en"):
        assert calc.period_label(code) == english
    for text in (code, swedish, english, swedish.removesuffix(" 2040")):
        assert calc.parse_period(text, plan_year=2040).code == code


def test_periods_of_mixed_kinds_order_by_their_last_month_then_their_length():
    """T1 ends in April, so it comes after Q1 and April and before May and Q2; the December
    periods run from the shortest to the year, which is therefore the latest."""
    codes = ["2040", "2040-H2", "2040-T3", "2040-Q4", "2040-12", "2040-Q3", "2040-T2",
             "2040-08", "2040-H1", "2040-Q2", "2040-05", "2040-T1", "2040-04", "2040-Q1",
             "2039", "2039-T3"]  # fmt: skip
    ordered = sorted(codes, key=lambda c: calc.parse_period(c).sort_key)
    assert ordered == [
        "2039-T3", "2039", "2040-Q1", "2040-04", "2040-T1", "2040-05", "2040-Q2", "2040-H1",
        "2040-08", "2040-T2", "2040-Q3", "2040-12", "2040-Q4", "2040-T3", "2040-H2", "2040",
    ]  # fmt: skip


def _record_every_kind_of_period(plan) -> Target:
    t7 = indicator_7(plan)
    for code, value in (
        ("2040-05", 40), ("2040-Q1", 42), ("2040-H1", 45), ("2040-T2", 48), ("2040-Q3", 50),
    ):  # fmt: skip
        services.outcome_save(user=None, target=t7, period=code, value=Decimal(value))
    services.outcome_save(user=None, target=t7, period="2040", value=Decimal(58), respondents=30)
    return t7


def _followup_periods(html) -> list[str]:
    (row,) = [r for r in table(html, "Individen har stegförflyttat")[1:] if "Indikator 7" in r[0]]
    return row


@pytest.mark.parametrize(("language", "labels"), [("sv", LABELS), ("en", ENGLISH)])
def test_the_follow_up_list_and_the_outcome_page_name_periods_alike(
    client_for, seeded, language, labels
):
    t7 = _record_every_kind_of_period(seeded)
    client = client_for("director")
    client.cookies["django_language"] = language

    page = client.get(url(seeded, "indicators:outcome_edit", target_id=t7.pk)).content
    caption = "Registrerade utfall" if language == "sv" else "Recorded outcomes"
    on_outcome_page = [r[0] for r in table(page, caption)[1:]]
    # Oldest first, by the end of the period: Q1 (March) before May.
    order = ("2040-Q1", "2040-05", "2040-H1", "2040-T2", "2040-Q3", "2040")
    assert on_outcome_page == [labels[c] for c in order]

    cell = _followup_periods(client.get(url(seeded, "indicators:followup")).content)[2]
    for label in labels.values():
        assert f"{label}:" in cell
    assert not {"2040-H1", "2040-T2", "2040-Q3"} & set(cell.split())  # no bare codes

    attainment = client.get(url(seeded, "indicators:attainment")).content
    caption = "Målvärden och utfall" if language == "sv" else "Target values and outcomes"
    (row,) = [r for r in table(attainment, caption)[1:] if "Indikator 7" in r[1]]
    assert labels["2040"] in row[3]


def test_the_pdf_names_the_period_as_the_pages_do(seeded):
    _record_every_kind_of_period(seeded)
    Section.objects.create(plan=seeded, title="Mål", kind=Section.Kind.GOALS, order=1)
    with translation.override("en"):  # the plan is a Swedish document whatever the UI
        html = render_plan_html(seeded)
    cells = [c for t in tables(html) for r in t["rows"] for c in r]
    assert f"58{NB}% (Helår 2040)" in cells


def test_a_tertial_recorded_on_the_outcome_page_is_the_latest_period_everywhere(client_for, seeded):
    """The director types 'T2' with htmx; the page lists 'Tertial 2 2040', and since T2 (to
    August) ends after H1, the follow-up list, the attainment page and the PDF judge by it."""
    t7 = indicator_7(seeded)  # 60 %
    services.outcome_save(user=None, target=t7, period="2040-H1", value=Decimal(50))
    client = client_for("director")
    response = client.post(
        url(seeded, "indicators:outcome_edit", target_id=t7.pk),
        {"period": "T2", "value": "61", "respondents": "20"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert list(t7.outcomes.order_by("period").values_list("period", "year", "value")) == [
        ("2040-H1", 2040, Decimal(50)),
        ("2040-T2", 2040, Decimal(61)),
    ]
    rows = table(response.content, "Registrerade utfall")[1:]
    assert [(r[0], r[1], r[3]) for r in rows] == [
        ("Första halvåret 2040", f"50{NB}%", "Delvis uppfyllt"),
        ("Tertial 2 2040", f"61{NB}%", "Uppfyllt"),
    ]

    followup = _followup_periods(client.get(url(seeded, "indicators:followup")).content)
    assert "Enligt senaste perioden: Tertial 2 2040" in " ".join(followup)
    attainment = client.get(url(seeded, "indicators:attainment")).content
    (row,) = [r for r in table(attainment, "Målvärden och utfall")[1:] if "Indikator 7" in r[1]]
    assert "Tertial 2 2040" in row[3] and "Uppfyllt" in " ".join(row)

    Section.objects.create(plan=seeded, title="Mål", kind=Section.Kind.GOALS, order=1)
    cells = [c for t in tables(render_plan_html(seeded)) for r in t["rows"] for c in r]
    assert f"61{NB}% (Tertial 2 2040)" in cells


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite does not hold a varchar to its length"
)
def test_postgresql_stores_every_tertial_code_in_the_period_column(seeded):
    """'2040-T3' is exactly seven characters: PostgreSQL keeps it whole, as it refuses an
    eighth character, so a longer code could never be stored."""
    t7 = indicator_7(seeded)
    for typed in ("T1", "tertial 2", "Tertial 3 2040"):
        services.outcome_save(user=None, target=t7, period=typed, value=Decimal(50))
    stored = sorted(t7.outcomes.values_list("period", flat=True))
    assert stored == ["2040-T1", "2040-T2", "2040-T3"]
    assert {len(code) for code in stored} == {PERIOD_LENGTH}
    with pytest.raises(DataError), transaction.atomic():
        Outcome.objects.create(target=t7, period="2040-T10", year=2040, value=Decimal(1))
