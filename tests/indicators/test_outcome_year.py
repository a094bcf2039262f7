"""An outcome belongs to its plan's year: other years are refused on every path that creates
outcomes, and rows saved before the rule are restored and listed, but never counted."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators import services
from indicators.models import Indicator, Outcome, Target
from plans.models import Goal, Plan

from .conftest import goals_of
from .html import table

NB = "\u00a0"
NEXT_YEAR = (
    "Perioden ska ligga i planens år 2040, eftersom målvärdena gäller det året; utfall för 2041 "
    "registreras i planen för 2041, som förbundschefen skapar under ”Ny verksamhetsplan” genom "
    "att föra planen vidare."
)


def url(plan, name, **kw):
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, **kw})


def target_of(plan, key) -> Target:
    return Target.objects.get(plan=plan, indicator__key=key)


def legacy_outcome(target: Target, period: str, value: int) -> Outcome:
    """A row for another year, as the service accepted it before the rule (no full_clean)."""
    year = int(period[:4])
    return Outcome.objects.create(target=target, period=period, year=year, value=Decimal(value))


@pytest.mark.parametrize("period", ["2041-H1", "2041", "2042-Q3"])
def test_the_service_refuses_an_outcome_for_a_later_year_and_says_where_it_belongs(seeded, period):
    t7 = target_of(seeded, "nns-7")
    with pytest.raises(ValidationError) as exc:
        services.outcome_save(user=None, target=t7, period=period, value=Decimal(50))
    message = exc.value.message_dict["period"][0]
    assert "Perioden ska ligga i planens år 2040" in message
    assert f"planen för {period[:4]}" in message and "Ny verksamhetsplan" in message
    assert not Outcome.objects.filter(target=t7).exists()


def test_an_outcome_for_an_earlier_year_belongs_to_that_years_plan(seeded):
    with pytest.raises(ValidationError) as exc:
        services.outcome_save(
            user=None, target=target_of(seeded, "nns-7"), period="2039-H2", value=50
        )
    assert exc.value.message_dict["period"] == [
        "Perioden ska ligga i planens år 2040, eftersom målvärdena gäller det året; utfall för "
        "2039 registreras i planen för 2039."
    ]


def test_the_model_refuses_another_year_past_the_service(seeded):
    outcome = Outcome(target=target_of(seeded, "nns-1"), period="2041-H1", value=Decimal(80))
    with pytest.raises(ValidationError) as exc:
        outcome.full_clean()
    assert "planens år 2040" in exc.value.message_dict["period"][0]


def test_the_form_refuses_next_years_period_on_the_field_and_saves_nothing(client_for, seeded):
    t7 = target_of(seeded, "nns-7")
    response = client_for("director").post(
        url(seeded, "indicators:outcome_edit", target_id=t7.pk),
        {"period": "2041-H1", "value": "50", "respondents": "12"},
    )
    assert response.status_code == 422
    form = response.context["form"]
    assert form.errors["period"] == [NEXT_YEAR]
    assert not Outcome.objects.filter(target=t7).exists()


def test_the_htmx_save_refuses_next_years_period_in_the_panel(client_for, seeded):
    t1 = target_of(seeded, "nns-1")
    response = client_for("director").post(
        url(seeded, "indicators:outcome_edit", target_id=t1.pk),
        {"period": "2041", "value": "82"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200  # htmx swaps 2xx answers only
    html = response.content.decode()
    assert '<div id="outcome-panel">' in html and "<html" not in html
    assert "utfall för 2041 registreras i planen för 2041" in html
    assert not Outcome.objects.filter(target=t1).exists()


def test_the_form_names_the_plans_year_in_its_help(client_for, seeded):
    t1 = target_of(seeded, "nns-1")
    response = client_for("director").get(url(seeded, "indicators:outcome_edit", target_id=t1.pk))
    assert response.context["form"].fields["period"].help_text == (
        "En period i planens år 2040: helår (2040), halvår (H1, 2040-H1), tertial (T2, "
        "2040-T2), kvartal (Q3, kv 3, 2040-Q3) eller månad (maj, 2040-05)."
    )


def test_an_old_row_for_another_year_is_listed_as_not_counted(client_for, seeded):
    t7 = target_of(seeded, "nns-7")
    services.outcome_save(user=None, target=t7, period="2040-H1", value=Decimal(52))
    legacy_outcome(t7, "2041-H1", 70)
    html = (
        client_for("director")
        .get(url(seeded, "indicators:outcome_edit", target_id=t7.pk))
        .content.decode()
    )
    rows = table(html, "Registrerade utfall")
    assert [r[:2] for r in rows[1:]] == [
        ["Första halvåret 2040", f"52{NB}%"],
        [
            "Första halvåret 2041 Räknas inte: perioden ligger utanför planens år 2040.",
            f"70{NB}%",
        ],
    ]
    assert "?period=2040-H1" in html and "?period=2041-H1" not in html  # can only be deleted
    row = next(r.row for r in services.attainment_summary(seeded).rows if r.row.target_id == t7.pk)
    assert (row.outcome, row.outcome_period) == (f"52{NB}%", "Första halvåret 2040")


def test_the_follow_up_list_marks_an_old_row_and_no_summary_counts_it(client_for, seeded):
    """Indikator 7 (60 %): 40 % in H1 2040 is not met. A row for H1 2041 kept from before the
    rule (90 %) would be the latest period and make it met; it is marked and counted nowhere."""
    t7 = target_of(seeded, "nns-7")
    services.outcome_save(user=None, target=t7, period="2040-H1", value=Decimal(40))
    legacy_outcome(t7, "2041-H1", 90)
    client = client_for("director")

    html = client.get(url(seeded, "indicators:followup")).content.decode()
    (row,) = [r for r in table(html, "Individen har stegförflyttat")[1:] if "Indikator 7" in r[0]]
    assert row[2:4] == [  # the list's two items, read as one cell
        f"Första halvåret 2040: 40{NB}%Första halvåret 2041: 90{NB}% "
        "Räknas inte: perioden ligger utanför planens år 2040.",
        "Ej uppfyllt Enligt senaste perioden: Första halvåret 2040",
    ]
    page = client.get(url(seeded, "indicators:outcome_edit", target_id=t7.pk)).content
    assert [r[3] for r in table(page, "Registrerade utfall")[1:]] == ["Ej uppfyllt", "–"]

    summary = services.attainment_summary(seeded)
    (seven,) = [r.row for r in summary.rows if r.row.target_id == t7.pk]
    assert (seven.outcome, seven.status, [p.year for p in seven.trend]) == (
        f"40{NB}%",
        "not_met",
        [2040],
    )
    assert (summary.counts.met, summary.counts.not_met) == (0, 1)
    attainment = client.get(url(seeded, "indicators:attainment")).content
    (on_page,) = [r for r in table(attainment, "Målvärden och utfall")[1:] if "Indikator 7" in r[1]]
    assert on_page[3:5] == [f"40{NB}% Första halvåret 2040", "Ej uppfyllt"]


def _approve(plan: Plan, director, chair) -> None:
    from plans.review import services as review

    review.plan_send_to_board(user=director, plan=plan, acknowledge_errors=True)
    plan.refresh_from_db()
    review.plan_approve(
        user=chair, plan=plan, decision_date=date(2026, 11, 2), paragraph="§ 39", render_pdf=False
    )
    plan.refresh_from_db()


def test_carry_over_to_a_revision_takes_only_the_plans_year(vvnd):
    from members.roles import Role
    from plans.review import services as review
    from tests.conftest import make_user
    from tests.review.conftest import filled_plan

    director, chair = make_user(vvnd, Role.DIRECTOR), make_user(vvnd, Role.CHAIR)
    first = filled_plan(vvnd, 2027)
    target = services.target_create(user=None,
        plan=first, goal=Goal.objects.get(plan=first), indicator=Indicator.objects.get(key="nns-7"),
        kind="percent", value=Decimal(60), method="survey",
    )  # fmt: skip
    _approve(first, director, chair)
    services.outcome_save(user=None, target=target, period="2027-H1", value=Decimal(55))
    legacy_outcome(target, "2028-H1", 65)

    revision = review.plan_start_revision(user=director, plan=first)
    _approve(revision, director, chair)

    carried = Outcome.objects.filter(target__plan=revision)
    assert list(carried.values_list("period", "value")) == [("2027-H1", Decimal(55))]
    # the superseded plan keeps both rows, where the old one stays visible
    assert Outcome.objects.filter(target__plan=first).count() == 2


def test_a_backup_with_an_old_row_for_another_year_restores_it_unchanged(tmp_path, vvnd):
    import json

    from django.core.management import call_command

    from finsam.backup import dumps, export_plan
    from tests.conftest import empty_database

    plan = Plan.objects.create(association=vvnd, year=2040)
    goal = Goal.objects.create(plan=plan, level=Goal.Level.OPERATIONAL, text="Fler i arbete")
    target = services.target_create(user=None,
        plan=plan, goal=goal, indicator=Indicator.objects.get(key="nns-7"), kind="percent",
        value=Decimal(60), method="survey",
    )  # fmt: skip
    services.outcome_save(user=None, target=target, period="2040-H1", value=Decimal(52))
    legacy_outcome(target, "2041-H1", 70)
    out = tmp_path / "vvnd-2040.json"
    call_command("export_plan", "vvnd", "2040", str(out), stderr=open("/dev/null", "w"))  # noqa: SIM115
    empty_database()

    call_command("import_plan", str(out), stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert json.loads(dumps(export_plan("vvnd", 2040))) == json.loads(out.read_text())
    restored = Target.objects.select_related("plan").get(pk=target.pk)
    rows = services.outcome_rows(restored, list(restored.outcomes.all()))
    assert [(r.outcome.period, r.counted) for r in rows] == [("2040-H1", True), ("2041-H1", False)]


def test_every_demo_outcome_lies_in_its_plans_year_and_passes_the_model(db):
    outcomes = list(Outcome.objects.select_related("target__plan"))
    assert outcomes, "the demo data records outcomes"
    for outcome in outcomes:
        outcome.full_clean()
        assert outcome.year == outcome.target.plan.year


def test_a_quarter_target_is_met_by_an_earlier_quarter_of_the_plans_year_only(seeded):
    """'Klart senast Q3' on the 2040 plan: done in Q2 2040 is on time, Q4 2040 is late, and
    Q2 of 2041 cannot be recorded here at all (by number it would pass for 'before Q3')."""
    target = services.target_create(user=None,
        plan=seeded, goal=goals_of(seeded)[4], indicator=Indicator.objects.get(key="nns-14"),
        label="Behovsanalys genomförd", kind="quarter", value_quarter="Q3", method="document",
    )  # fmt: skip

    def status_after(period: str, done: str) -> str:
        services.outcome_save(user=None, target=target, period=period, value_quarter=done)
        rows = services.attainment_summary(seeded).rows
        return next(r.row.status for r in rows if r.row.target_id == target.pk)

    assert status_after("2040", "Q2") == "met"
    assert status_after("2040", "Q4") == "partly"  # done, but after the quarter it was due
    with pytest.raises(ValidationError) as exc:
        services.outcome_save(user=None, target=target, period="2041", value_quarter="Q2")
    assert "planen för 2041" in exc.value.message_dict["period"][0]
    assert list(target.outcomes.values_list("period", "value_quarter")) == [("2040", "Q4")]
