"""The baseline (utgångsläge) obeys the target value's own rule for its kind."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators import services
from indicators.models import Indicator, Target

from .conftest import goals_of
from .html import table, tables


def url(plan, name, **kw):
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, **kw})


def create(plan, **fields) -> Target:
    values = {
        "goal": goals_of(plan)[3],
        "indicator": Indicator.objects.get(key="nns-7"),
        "kind": "percent",
        "value": Decimal(60),
        "method": "survey",
    }
    return services.target_create(user=None, plan=plan, **{**values, **fields})


def test_seed_000_indikator_7_keeps_a_baseline_of_45_percent(plan):
    target = create(plan, baseline=Decimal(45))
    assert Target.objects.get(pk=target.pk).baseline == Decimal(45)


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"baseline": Decimal(150)}, "En procentsats ska ligga mellan 0 och 100 %."),
        ({"baseline": Decimal(-5)}, "En procentsats ska ligga mellan 0 och 100 %."),
        ({"kind": "count", "value": Decimal(100), "baseline": Decimal(-3)},
         "Ett antal kan inte vara negativt."),
        ({"kind": "count", "value": Decimal(100), "baseline": Decimal("12.5")},
         "Ett antal är ett heltal, till exempel 100."),
        ({"kind": "yes_no", "value_bool": True, "baseline": Decimal(1)},
         "Ett mål av typen ”ja/nej” har inget utgångsläge i siffror"),
        ({"kind": "text", "target_text": "Samverkan har utvecklats", "baseline": Decimal(3)},
         "Ett mål av typen ”kvalitativt (bedöms)” har inget utgångsläge i siffror"),
    ],
)  # fmt: skip
def test_a_baseline_the_targets_rule_refuses_is_not_saved(plan, fields, message):
    with pytest.raises(ValidationError) as exc:
        create(plan, **fields)
    assert list(exc.value.message_dict) == ["baseline"]
    assert message in exc.value.message_dict["baseline"][0]
    assert not Target.objects.filter(plan=plan).exists()


def test_a_count_baseline_of_zero_is_a_real_starting_point(plan):
    """Seed 004's MGT: 100 meetings a year, starting from none."""
    target = create(plan, kind="count", value=Decimal(100), baseline=Decimal(0))
    assert Target.objects.get(pk=target.pk).baseline == 0


def test_the_form_shows_the_refusal_on_the_baseline_field(client_for, plan):
    goal = goals_of(plan)[3]
    response = client_for("director").post(
        url(plan, "indicators:target_create"),
        {
            "attach": f"goal:{goal.pk}",
            "indicator": Indicator.objects.get(key="nns-7").pk,
            "kind": "percent",
            "value": "60",
            "baseline": "150 %",
            "direction": "increase",
            "method": "survey",
        },
    )
    assert response.status_code == 422
    assert response.context["form"].errors["baseline"] == [
        "En procentsats ska ligga mellan 0 och 100 %."
    ]
    assert not Target.objects.filter(plan=plan).exists()


def test_an_edit_cannot_turn_a_baseline_invalid(seeded):
    target = Target.objects.get(plan=seeded, indicator__key="nns-7")
    with pytest.raises(ValidationError) as exc:
        services.target_update(
            target, user=None, expected_version=target.version, baseline=Decimal(101)
        )
    assert "baseline" in exc.value.message_dict
    assert Target.objects.get(pk=target.pk).baseline is None


def test_roll_forward_leaves_an_old_invalid_baseline_behind_instead_of_failing(seeded):
    """A baseline of 150 % saved before the check must not stop next year's plan."""
    from plans.services import plan_roll_forward

    t7 = Target.objects.get(plan=seeded, indicator__key="nns-7")
    t1 = Target.objects.get(plan=seeded, indicator__key="nns-1")
    Target.objects.filter(pk=t7.pk).update(baseline=Decimal(150))  # as an old row has it
    services.target_update(t1, user=None, expected_version=t1.version, baseline=Decimal(72))

    new = plan_roll_forward(user=None, plan=seeded)

    copies = {t.lineage: t.baseline for t in Target.objects.filter(plan=new)}
    assert copies[t7.lineage] is None
    assert copies[t1.lineage] == Decimal(72)  # a valid baseline follows the target
    assert Target.objects.get(pk=t7.pk).baseline == Decimal(150)  # last year's plan unchanged


def _checks_on(html: bytes) -> list[str]:
    """The texts of the page's check list, tags taken out."""
    import re

    items = re.findall(r'<li class="check--\w+">(.*?)</li>', html.decode(), re.S)
    return [re.sub(r"[ \t\n]+", " ", re.sub(r"<[^>]+>", " ", i)).strip() for i in items]


def test_the_director_is_told_which_baseline_was_left_behind_and_why(client_for, seeded):
    """Indikator 7 with 150 % and a yes/no target with a figure, both saved before the rule:
    the new plan says which target lost what, and why, where the director lands."""
    from plans.services import plan_checks, plan_roll_forward

    nb = "\u00a0"
    t7 = Target.objects.get(plan=seeded, indicator__key="nns-7")
    t1 = Target.objects.get(plan=seeded, indicator__key="nns-1")
    Target.objects.filter(pk=t7.pk).update(baseline=Decimal(150))  # as an old row has it
    yes_no = create(
        seeded, goal=goals_of(seeded)[5], indicator=Indicator.objects.get(key="nns-12"),
        label="Alla parter deltar i beredningsgruppen", kind="yes_no", value=None,
        value_bool=True,
    )  # fmt: skip
    Target.objects.filter(pk=yes_no.pk).update(baseline=Decimal(1))
    services.target_update(t1, user=None, expected_version=t1.version, baseline=Decimal(72))

    new = plan_roll_forward(user=None, plan=seeded)

    new7 = Target.objects.get(plan=new, lineage=t7.lineage)
    left = [c for c in services.indicator_checks(new) if c.code == "baseline_left_behind"]
    assert [(c.level, c.message) for c in left] == [
        (
            "info",
            f"Utgångsläget 150{nb}% för ”NNS Indikator 7 – Stegförflyttning” följde inte med "
            "från planen för 2040: En procentsats ska ligga mellan 0 och 100 %. Ange ett "
            "utgångsläge som stämmer, eller spara målvärdet utan.",
        ),
        (
            "info",
            "Utgångsläget 1 för ”Alla parter deltar i beredningsgruppen” följde inte med från "
            "planen för 2040: Ett utgångsläge anges i procent eller antal, som målvärdet. Ett "
            "mål av typen ”ja/nej” har inget utgångsläge i siffror: lämna fältet tomt. Ange "
            "ett utgångsläge som stämmer, eller spara målvärdet utan.",
        ),
    ]
    assert left[0].url == url(new, "indicators:target_edit", target_id=new7.pk)
    assert left[0] in plan_checks(new)  # the plan's overview, where the roll-forward lands
    client = client_for("director")
    assert left[0].message + " Åtgärda" in _checks_on(
        client.get(url(new, "indicators:goals")).content
    )
    assert not [c for c in services.indicator_checks(seeded) if c.code == "baseline_left_behind"]

    # The director answers: a right baseline for one, none (saved without) for the other.
    services.target_update(new7, user=None, expected_version=new7.version, baseline=Decimal(45))
    copy = Target.objects.get(plan=new, lineage=yes_no.lineage)
    services.target_update(copy, user=None, expected_version=copy.version, label=copy.label)
    assert not [c for c in services.indicator_checks(new) if c.code == "baseline_left_behind"]


NB = "\u00a0"


def seeded_baselines(plan) -> dict[str, Target]:
    """VVND's Indikator 7 (60 %) from 45 %, Indikator 1 (80 %) from 72,5 %, and seed 004's
    MGT meetings (100 st) from 80 st; Indikator 2 has no baseline."""
    from plans.models import Intervention

    goals = goals_of(plan)
    mgt = Intervention.objects.create(
        plan=plan, name="Myndighetsgemensamma teamet (MGT)", kind=Intervention.Kind.INDIVIDUAL
    )
    own = services.indicator_create(
        user=None,
        association=plan.association,
        name="Antal klienter/patienter som haft möte med MGT",
        wording="Antal klienter/patienter som haft möte med MGT",
        answer_type="count",
    )
    return {
        "nns-7": create(plan, baseline=Decimal(45)),
        "nns-1": create(
            plan, goal=goals[0], indicator=Indicator.objects.get(key="nns-1"),
            value=Decimal(80), baseline=Decimal("72.5"),
        ),
        "nns-2": create(
            plan, goal=goals[1], indicator=Indicator.objects.get(key="nns-2"), value=Decimal(75)
        ),
        "mgt": create(
            plan, goal=None, intervention=mgt, indicator=own, kind="count", value=Decimal(100),
            baseline=Decimal(80), method="register",
        ),
    }  # fmt: skip


def test_the_table_rows_carry_the_baseline_in_the_targets_unit(plan):
    targets = seeded_baselines(plan)
    rows = {r.target_id: r for r in services.plan_indicator_tables(plan).rows}
    got = {key: (rows[t.pk].baseline, rows[t.pk].baseline_value) for key, t in targets.items()}
    assert got == {
        "nns-7": (f"45{NB}%", Decimal(45)),
        "nns-1": (f"72,5{NB}%", Decimal("72.5")),
        "nns-2": ("", None),
        "mgt": (f"80{NB}st", Decimal(80)),
    }


def test_the_goals_page_shows_the_baseline_under_the_target(client_for, plan):
    seeded_baselines(plan)
    html = client_for("board").get(url(plan, "indicators:goals")).content
    goals = {
        r[1].split(" Svarande")[0]: r[2] for r in table(html, "Mål, indikatorer") if len(r) > 2
    }
    assert goals["NNS Indikator 7 – Stegförflyttning"] == f"60{NB}% Utgångsläge: 45{NB}%"
    assert goals["NNS Indikator 1 – Stöd utifrån behov"] == f"80{NB}% Utgångsläge: 72,5{NB}%"
    assert goals["NNS Indikator 2 – Delaktighet"] == f"75{NB}%"
    interventions = table(html, "Insatsernas indikatorer")
    mgt = next(r for r in interventions if "Antal klienter/patienter som haft möte med MGT" in r)
    assert f"100{NB}st Utgångsläge: 80{NB}st" in mgt


def test_attainment_follow_up_and_outcome_pages_show_the_baseline(client_for, plan):
    t7 = seeded_baselines(plan)["nns-7"]
    client = client_for("director")
    attainment = table(client.get(url(plan, "indicators:attainment")).content, "Målvärden")
    assert next(r for r in attainment if r[1].startswith("NNS Indikator 7"))[2] == (
        f"60{NB}% Utgångsläge: 45{NB}%"
    )
    followup = client.get(url(plan, "indicators:followup")).content
    row = next(
        r for t in tables(followup) for r in t["rows"] if r and r[0].startswith("NNS Indikator 7")
    )
    assert row[1] == f"60{NB}% Utgångsläge: 45{NB}%"
    outcome_page = client.get(url(plan, "indicators:outcome_edit", target_id=t7.pk))
    assert f"<dt>Utgångsläge</dt><dd>45{NB}%</dd>" in outcome_page.content.decode()


def test_the_baseline_reads_in_english_on_an_english_page(client_for, plan):
    seeded_baselines(plan)
    client = client_for("board")
    client.cookies["django_language"] = "en"
    html = client.get(url(plan, "indicators:goals"), HTTP_ACCEPT_LANGUAGE="en").content
    cells = [c for t in tables(html) for r in t["rows"] for c in r]
    assert f"60{NB}% Baseline: 45{NB}%" in cells


def test_the_plan_document_shows_the_baseline_under_the_target(plan):
    """The PDF and the board's reading view are drawn from the same HTML."""
    from plans.models import Section
    from plans.pdf.html import render_plan_html

    Section.objects.create(plan=plan, kind=Section.Kind.GOALS, title="Mål", order=1)
    seeded_baselines(plan)
    rows = [r for t in tables(render_plan_html(plan).encode()) for r in t["rows"]]
    row7 = next(r for r in rows if r and r[0].startswith("NNS Indikator 7"))
    assert row7[1] == f"60{NB}% Utgångsläge: 45{NB}%"
    row2 = next(r for r in rows if r and r[0].startswith("NNS Indikator 2"))
    assert row2[1] == f"75{NB}%"
