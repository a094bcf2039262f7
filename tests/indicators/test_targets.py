"""Targets on goals and interventions: the seeds' real targets, the tables, bad input."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators import services
from indicators.models import Indicator, Target
from plans.models import Goal, Intervention, Section

from .conftest import goals_of
from .html import table, tables

NB = "\u00a0"


def url(plan, name="indicators:goals", **kw):
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, **kw})


def post_data(goal, **overrides):
    data = {
        "attach": f"goal:{goal.pk}",
        "indicator": Indicator.objects.get(key="nns-7").pk,
        "kind": "percent",
        "value": "60",
        "direction": "increase",
        "method": "survey",
        "source": "NNS indikatorenkät",
        "reporting": ["annual"],
    }
    data.update(overrides)
    return data


def test_director_adds_seed_000_target_indikator_7_60_percent(client_for, plan):
    goal = goals_of(plan)[3]
    response = client_for("director").post(url(plan, "indicators:target_create"), post_data(goal))
    assert response.status_code == 302
    target = Target.objects.get(plan=plan)
    assert (target.goal, target.indicator.number, target.value) == (goal, 7, Decimal(60))
    rows = table(client_for("director").get(url(plan)).content, "Mål, indikatorer och målvärden")
    row = next(r for r in rows if "Stegförflyttning" in " ".join(r))
    assert row[1].startswith("NNS Indikator 7 – Stegförflyttning")
    assert row[2] == f"60{NB}%"
    assert row[3:6] == ["Enkät", "NNS indikatorenkät", "Årsredovisning"]


@pytest.mark.parametrize(
    ("overrides", "field_message"),
    [
        ({"value": "140"}, "mellan 0 och 100"),
        ({"indicator": ""}, "Välj vilken indikator"),
        ({"kind": "quarter", "value": "", "value_quarter": "Q5"}, "Ange Q1, Q2, Q3 eller Q4"),
        ({"value": "sextio"}, "inget tal"),
        ({"attach": ""}, "Välj vilket mål"),
        ({"kind": "text", "value": "", "target_text": ""}, "Beskriv målet i ord"),
        ({"kind": "count", "value": "12,5"}, "Ett antal är ett heltal"),
        ({"kind": "count", "value": "-3"}, "Ett antal kan inte vara negativt"),
    ],
)
def test_bad_target_input_gets_a_swedish_message_and_saves_nothing(
    client_for, plan, overrides, field_message
):
    goal = goals_of(plan)[3]
    response = client_for("director").post(
        url(plan, "indicators:target_create"), post_data(goal, **overrides)
    )
    assert response.status_code == 422
    assert field_message in response.content.decode()
    assert not Target.objects.filter(plan=plan).exists()


def test_service_refuses_a_target_without_an_indicator(plan):
    with pytest.raises(ValidationError) as exc:
        services.target_create(user=None,
            plan=plan, goal=goals_of(plan)[0], indicator=None, kind="percent", value=80,
            method="survey",
        )  # fmt: skip
    assert "indicator" in exc.value.message_dict
    assert not Target.objects.filter(plan=plan).exists()


def test_database_refuses_a_percentage_over_100_even_past_the_service(plan):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Target.objects.create(
            plan=plan, goal=goals_of(plan)[0], indicator=Indicator.objects.get(key="nns-1"),
            kind="percent", value=140, method="survey",
        )  # fmt: skip


def test_seed_004_mgt_table_with_count_percent_methods_and_reporting(client_for, plan):
    """VärNa's individual table: '100 st', '80 %', method and reporting per row."""
    mgt = Intervention.objects.create(plan=plan, name="Myndighetsgemensamma teamet (MGT)",
                                      kind=Intervention.Kind.INDIVIDUAL)  # fmt: skip
    own = services.indicator_create(
        user=None,
        association=plan.association,
        name="Antal klienter/patienter som haft möte med MGT",
        wording="Antal klienter/patienter som haft möte med MGT",
        answer_type="count",
    )
    services.target_create(user=None,
        plan=plan, intervention=mgt, indicator=own, kind="count", value=Decimal(100),
        method="register", method_detail="SUS eller manuell hantering",
        reporting=["monthly", "half_year", "annual"],
    )  # fmt: skip
    services.target_create(user=None,
        plan=plan, intervention=mgt, indicator=Indicator.objects.get(key="nns-2"),
        label="Klienter/patienter upplever att de har kunnat påverka sin egen process",
        kind="percent", value=Decimal(80), method="survey", reporting=["half_year", "annual"],
    )  # fmt: skip
    services.target_create(user=None,
        plan=plan, intervention=mgt, indicator=Indicator.objects.get(key="nns-7"),
        label="Klienter/patienter anser att MGT har bidragit till stegförflyttning",
        kind="percent", value=Decimal(80), method="estimate",
        method_detail="Löpande nulägesskattningar", reporting=["half_year", "annual"],
    )  # fmt: skip
    rows = table(client_for("board").get(url(plan)).content, "Insatsernas indikatorer")
    body = [r for r in rows if len(r) >= 6]
    assert body[1][0].startswith("Myndighetsgemensamma teamet (MGT)")
    assert body[1][1:4] == [
        "Antal klienter/patienter som haft möte med MGT",
        f"100{NB}st",
        "SUS eller manuell hantering",
    ]
    assert body[1][5] == "Månatligen, Delårsrapport, Årsredovisning"
    assert body[2][:3] == [
        "Klienter/patienter upplever att de har kunnat påverka sin egen process",
        f"80{NB}%",
        "Enkät",
    ]
    assert body[3][2] == "Löpande nulägesskattningar"


def test_seed_001_statistics_targets_show_scb_sources(client_for, plan):
    goal = Goal.objects.create(
        plan=plan, level=Goal.Level.OVERALL, order=10,
        text="Fler människor med behov av myndighetsgemensamt stöd har ökat sin förmåga "
        "till egen försörjning",
    )  # fmt: skip
    for key, text in (("scb-helarsekvivalenter", "Minskat antal helårsekvivalenter"),
                      ("scb-bas", "Ökat utbud av arbetskraft")):  # fmt: skip
        services.target_create(user=None,
            plan=plan, goal=goal, indicator=Indicator.objects.get(key=key), kind="text",
            target_text=text, method="statistics", reporting=["annual"],
        )  # fmt: skip
    tables = services.plan_indicator_tables(plan)
    block = next(b for b in tables.goals if b.goal_id == goal.pk)
    assert [(r.indicator, r.target, r.method, r.source) for r in block.targets] == [
        ("Helårsekvivalenter per kommun", "Minskat antal helårsekvivalenter", "Statistik",
         "SCB, helårsekvivalenter (sociala ersättningar och bidrag)"),
        ("Befolkningens arbetsmarknadsstatus (BAS)", "Ökat utbud av arbetskraft", "Statistik",
         "SCB:s statistikverktyg Befolkningens arbetsmarknadsstatus, BAS"),
    ]  # fmt: skip


def test_editing_a_target_with_a_stale_version_is_refused(client_for, seeded):
    target = Target.objects.filter(plan=seeded).first()
    stale = target.version
    services.target_update(target, user=None, expected_version=stale, value=Decimal(70))
    response = client_for("director").post(
        url(seeded, "indicators:target_edit", target_id=target.pk),
        post_data(target.goal, indicator=target.indicator_id, value="90", version=stale),
    )
    assert response.status_code == 422
    assert "Någon annan har ändrat" in response.content.decode()
    target.refresh_from_db()
    assert target.value == Decimal(70)


def test_director_edits_and_deletes_a_target(client_for, seeded):
    target = Target.objects.filter(plan=seeded, indicator__key="nns-7").get()
    client = client_for("director")
    response = client.post(
        url(seeded, "indicators:target_edit", target_id=target.pk),
        post_data(target.goal, value="65", version=target.version, reporting=["half_year"]),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert (target.value, target.reporting) == (Decimal(65), ["half_year"])
    assert (
        client.post(url(seeded, "indicators:target_delete", target_id=target.pk)).status_code == 302
    )
    assert not Target.objects.filter(pk=target.pk).exists()


def test_readers_see_the_tables_without_edit_links(client_for, seeded):
    html = client_for("board").get(url(seeded)).content.decode()
    assert "NNS Indikator 1" in html
    assert "/indikatorer/ny/" not in html
    assert client_for("board").get(url(seeded, "indicators:target_create")).status_code == 403


def test_targets_of_an_approved_plan_cannot_be_edited(client_for, seeded):
    from datetime import date

    from plans.review.freeze import allow_status_transition  # noqa: F401 - the freeze is active

    seeded.status = "approved"
    seeded.decision_date = date(2039, 11, 25)
    seeded.save()
    target = Target.objects.filter(plan=seeded).first()
    client = client_for("director")
    assert client.get(url(seeded, "indicators:target_edit", target_id=target.pk)).status_code == 403
    assert client.get(url(seeded)).status_code == 200
    assert "/indikatorer/ny/" not in client.get(url(seeded)).content.decode()


def test_reading_view_names_the_catalogue_in_swedish_not_by_its_code(client_for, plan):
    goal = goals_of(plan)[0]
    Section.objects.create(plan=plan, title="Mål och indikatorer", kind=Section.Kind.GOALS)
    own = Indicator.objects.create(
        association=plan.association, catalogue="OWN", name="Eget kapital mot bidragen",
        wording="Eget kapital i procent av medlemsbidragen", answer_type="percent",
    )  # fmt: skip
    shared = [Indicator.objects.get(key=key) for key in ("scb-bas", "nns-7")]
    for indicator in (own, *shared):
        services.target_create(user=None,
            plan=plan, goal=goal, indicator=indicator, kind="text", target_text="Ökning",
            method="statistics", reporting=["annual"],
        )  # fmt: skip
    html = client_for("director").get(
        reverse("review:read", kwargs={"assoc": "vvnd", "plan_id": plan.pk})
    )
    cells = [row[0] for t in tables(html.content) for row in t["rows"][1:] if "Ökning" in row]
    assert cells == [
        "Eget kapital mot bidragen (egen indikator)",
        "Befolkningens arbetsmarknadsstatus (BAS) (statistik)",
        "NNS Indikator 7 – Stegförflyttning (NNS)",
    ]
