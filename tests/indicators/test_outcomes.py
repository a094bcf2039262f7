"""Outcomes per period, attainment by rule or by judgement, trend and roll-forward."""

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


def url(plan, name, **kw):
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, **kw})


def target_of(plan, key) -> Target:
    return Target.objects.get(plan=plan, indicator__key=key)


def test_director_records_an_outcome_and_the_rule_judges_it(client_for, seeded):
    t7 = target_of(seeded, "nns-7")  # 60 %
    response = client_for("director").post(
        url(seeded, "indicators:outcome_edit", target_id=t7.pk),
        {"period": "2040-H1", "value": "50", "respondents": "12", "comment": "Första mätningen"},
    )
    assert response.status_code == 302
    outcome = Outcome.objects.get(target=t7)
    assert (outcome.period, outcome.year, outcome.value, outcome.respondents) == (
        "2040-H1", 2040, Decimal(50), 12,
    )  # fmt: skip
    row = next(r for r in services.attainment_summary(seeded).rows if r.row.target_id == t7.pk).row
    assert (row.status, row.status_label, row.share) == (
        "partly",
        "Delvis uppfyllt",
        Decimal("83.3"),
    )


def test_saving_the_same_period_again_corrects_it(seeded):
    t1 = target_of(seeded, "nns-1")
    services.outcome_save(user=None, target=t1, period="2040", value=Decimal(70))
    services.outcome_save(user=None, target=t1, period="2040", value=Decimal(82))
    assert list(Outcome.objects.filter(target=t1).values_list("value", flat=True)) == [Decimal(82)]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"period": "2040", "value": "140"}, "mellan 0 och 100"),
        ({"period": "2040-Q5", "value": "50"}, "Ange Q1, Q2, Q3 eller Q4"),
        ({"period": "2035", "value": "50"}, "ska ligga i planens år 2040"),
        ({"period": "2040", "value": "50", "status_override": "met"}, "Skriv varför"),
        ({"period": "2040"}, "Ange ett utfall"),
        ({"period": "2040", "value": "50", "respondents": "-3"}, "större än eller lika med 0"),
    ],
)
def test_bad_outcome_input_gets_a_swedish_message_and_saves_nothing(
    client_for, seeded, data, message
):
    t7 = target_of(seeded, "nns-7")
    response = client_for("director").post(
        url(seeded, "indicators:outcome_edit", target_id=t7.pk), data
    )
    assert response.status_code == 422
    assert message in response.content.decode()
    assert not Outcome.objects.filter(target=t7).exists()


def test_an_override_needs_a_reason_and_then_wins(seeded):
    t7 = target_of(seeded, "nns-7")
    with pytest.raises(ValidationError):
        services.outcome_save(
            user=None, target=t7, period="2040", value=Decimal(45), status_override="met"
        )
    services.outcome_save(user=None,
        target=t7, period="2040", value=Decimal(45), status_override="partly",
        override_reason="Få svarande; insatsen startade om i mars.",
    )  # fmt: skip
    row = next(r.row for r in services.attainment_summary(seeded).rows if r.row.target_id == t7.pk)
    assert (row.status, row.by_rule, row.reason) == (
        "partly", False, "Få svarande; insatsen startade om i mars.",
    )  # fmt: skip


def test_attainment_summary_counts_the_seed_000_targets(seeded):
    values = {"nns-1": 84, "nns-2": 70, "nns-4": 86, "nns-7": 45, "nns-14": 68, "nns-12": 82}
    for key, value in values.items():
        services.outcome_save(
            user=None, target=target_of(seeded, key), period="2040", value=Decimal(value)
        )
    summary = services.attainment_summary(seeded)
    c = summary.counts
    # met: 1 (84≥80), 4 (86≥80), 12 (82≥75); partly: 2 (70≥60), 14 (68≥60); not met: 7 (45<48)
    assert (c.met, c.partly, c.not_met, c.not_measured) == (3, 2, 1, 1)
    assert summary.met_share == Decimal("50.0")


def test_the_latest_period_of_the_year_counts(seeded):
    t1 = target_of(seeded, "nns-1")
    services.outcome_save(user=None, target=t1, period="2040-H1", value=Decimal(60))
    services.outcome_save(user=None, target=t1, period="2040", value=Decimal(85))
    row = next(r.row for r in services.attainment_summary(seeded).rows if r.row.target_id == t1.pk)
    assert (row.outcome, row.outcome_period, row.status) == (f"85{NB}%", "Helår 2040", "met")


def test_outcomes_can_be_recorded_on_an_approved_plan(client_for, seeded):
    seeded.status = Plan.Status.APPROVED
    seeded.decision_date = date(2039, 11, 25)
    seeded.save()
    t1 = target_of(seeded, "nns-1")
    response = client_for("director").post(
        url(seeded, "indicators:outcome_edit", target_id=t1.pk), {"period": "2040", "value": "81"}
    )
    assert response.status_code == 302
    assert Outcome.objects.get(target=t1).value == Decimal(81)


def test_board_member_reads_follow_up_but_cannot_record(client_for, seeded):
    t1 = target_of(seeded, "nns-1")
    services.outcome_save(user=None, target=t1, period="2040", value=Decimal(81))
    client = client_for("board")
    assert client.get(url(seeded, "indicators:followup")).status_code == 200
    edit = url(seeded, "indicators:outcome_edit", target_id=t1.pk)
    assert client.post(edit, {"period": "2040", "value": "10"}).status_code == 403
    assert Outcome.objects.get(target=t1).value == Decimal(81)


def test_roll_forward_keeps_lineage_and_shows_last_years_outcome_beside_the_new_target(
    client_for, seeded
):
    from plans.services import plan_roll_forward

    t7 = target_of(seeded, "nns-7")
    services.outcome_save(user=None, target=t7, period="2040", value=Decimal(52), respondents=30)
    new = plan_roll_forward(user=None, plan=seeded)
    copies = Target.objects.filter(plan=new)
    assert copies.count() == Target.objects.filter(plan=seeded).count()
    new7 = copies.get(indicator__key="nns-7")
    assert new7.lineage == t7.lineage and new7.goal.plan_id == new.pk
    assert not Outcome.objects.filter(target__plan=new).exists()
    row = next(r for b in services.plan_indicator_tables(new).goals for r in b.targets
               if r.target_id == new7.pk)  # fmt: skip
    assert (row.target, row.previous, row.previous_period) == (f"60{NB}%", f"52{NB}%", "Helår 2040")
    rows = table(
        client_for("director").get(url(new, "indicators:goals")).content, "Mål, indikatorer"
    )
    assert any(r[-2] == f"52{NB}% Helår 2040" for r in rows if "Stegförflyttning" in " ".join(r))
    # Running the hook again copies nothing twice.
    services.targets_roll_forward(old_plan=seeded, new_plan=new, goal_map={}, intervention_map={})
    assert Target.objects.filter(plan=new).count() == copies.count()


def test_trend_follows_the_lineage_over_years(seeded):
    from plans.services import plan_roll_forward

    t7 = target_of(seeded, "nns-7")
    services.outcome_save(user=None, target=t7, period="2040", value=Decimal(52))
    new = plan_roll_forward(user=None, plan=seeded)
    new7 = Target.objects.get(plan=new, indicator__key="nns-7")
    services.outcome_save(user=None, target=new7, period="2041", value=Decimal(63))
    row = next(r.row for r in services.attainment_summary(new).rows if r.row.target_id == new7.pk)
    assert [(p.year, p.outcome, p.status) for p in row.trend] == [
        (2040, f"52{NB}%", "partly"),
        (2041, f"63{NB}%", "met"),
    ]


def test_a_dropped_goal_leaves_its_target_behind(seeded):
    old_goal = goals_of(seeded)[0]
    new = Plan.objects.create(association=seeded.association, year=2041)
    kept = Goal.objects.create(plan=new, level=old_goal.level, text=old_goal.text)
    services.targets_roll_forward(
        old_plan=seeded, new_plan=new, goal_map={old_goal.pk: kept.pk}, intervention_map={}
    )
    assert list(Target.objects.filter(plan=new).values_list("indicator__key", flat=True)) == [
        "nns-1"
    ]


def test_checks_flag_goals_without_targets_and_targets_without_indicator(plan):
    goals = goals_of(plan)
    services.target_create(user=None,
        plan=plan, goal=goals[0], indicator=Indicator.objects.get(key="nns-1"), kind="percent",
        value=Decimal(80), method="survey",
    )  # fmt: skip
    own = services.indicator_create(
        user=None, association=plan.association, name="Tillfällig", wording="Tas bort"
    )
    t = services.target_create(
        user=None,
        plan=plan,
        goal=goals[1],
        indicator=own,
        kind="count",
        value=Decimal(10),
        method="register",
    )
    assert (
        services.indicator_delete(own, user=None) is True
    )  # draft only: deleted, target keeps its row
    t.refresh_from_db()
    assert t.indicator is None
    checks = services.indicator_checks(plan)
    codes = [c.code for c in checks]
    assert codes.count("goal_without_target") == 4  # goals 2–5 (goal 1 measured, 1 by t)
    assert codes.count("target_without_indicator") == 1
    missing = next(c for c in checks if c.code == "target_without_indicator")
    assert missing.level == "error" and f"/indikatorer/{t.pk}/" in missing.url


def test_a_parent_goal_is_followed_up_through_its_children(plan):
    parent = Goal.objects.create(plan=plan, level=Goal.Level.OVERALL, text="Övergripande mål")
    child = goals_of(plan)[0]
    child.parent = parent
    child.save()
    services.target_create(user=None,
        plan=plan, goal=child, indicator=Indicator.objects.get(key="nns-1"), kind="percent",
        value=Decimal(80), method="survey",
    )  # fmt: skip
    flagged = [c.message for c in services.indicator_checks(plan)]
    assert not any("Övergripande mål" in m for m in flagged)


def test_plan_checks_include_the_indicator_checks(plan):
    from plans.services import plan_checks

    assert "goal_without_target" in {c.code for c in plan_checks(plan)}


def test_attainment_page_has_a_chart_with_a_text_alternative_and_a_data_table(client_for, seeded):
    for key, value in {"nns-1": 84, "nns-7": 45}.items():
        services.outcome_save(
            user=None, target=target_of(seeded, key), period="2040", value=Decimal(value)
        )
    response = client_for("board").get(url(seeded, "indicators:attainment"))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count("<svg") == 2 and "<title" in html
    rows = table(html, "Målvärden och utfall 2040")
    row7 = next(r for r in rows if r[1].startswith("NNS Indikator 7"))
    assert row7[2:5] == [f"60{NB}%", f"45{NB}% Helår 2040", "Ej uppfyllt"]
    counts = table(html, "Måluppfyllelse 2040: antal målvärden")
    assert counts[1:] == [["Uppfyllt", "1"], ["Delvis uppfyllt", "0"], ["Ej uppfyllt", "1"],
                          ["Ej mätt", "5"]]  # fmt: skip


def test_outcome_form_shows_last_years_outcome_beside_this_years_target(client_for, seeded):
    from plans.services import plan_roll_forward

    services.outcome_save(
        user=None, target=target_of(seeded, "nns-7"), period="2040", value=Decimal(52)
    )
    new = plan_roll_forward(user=None, plan=seeded)
    new7 = Target.objects.get(plan=new, indicator__key="nns-7")
    html = (
        client_for("director")
        .get(url(new, "indicators:outcome_edit", target_id=new7.pk))
        .content.decode()
    )
    assert f"<dd>60{NB}%</dd>" in html
    assert f"<dd>52{NB}% <span" in html and "(Helår 2040)" in html


def test_htmx_save_answers_with_the_refreshed_panel(client_for, seeded):
    t1 = target_of(seeded, "nns-1")
    response = client_for("director").post(
        url(seeded, "indicators:outcome_edit", target_id=t1.pk),
        {"period": "2040-H1", "value": "82", "respondents": "40"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert '<div id="outcome-panel">' in html and "<html" not in html
    status = '<div id="outcome-status" hx-swap-oob="innerHTML"><p class="message">'
    assert f"{status}Utfallet är sparat." in html
    rows = table(html, "Registrerade utfall")
    assert rows[1][:4] == ["Första halvåret 2040", f"82{NB}%", "40", "Uppfyllt"]
    bad = client_for("director").post(
        url(seeded, "indicators:outcome_edit", target_id=t1.pk),
        {"period": "2040", "value": "140"},
        HTTP_HX_REQUEST="true",
    )
    assert bad.status_code == 200 and "mellan 0 och 100" in bad.content.decode()  # htmx swaps 2xx
    assert Outcome.objects.filter(target=t1).count() == 1


def test_a_count_outcome_is_a_whole_number(seeded):
    target = target_of(seeded, "nns-7")
    target.kind, target.value = "count", Decimal(40)
    target.save()
    with pytest.raises(ValidationError) as exc:
        services.outcome_save(user=None, target=target, period="2040", value=Decimal("12.5"))
    assert "heltal" in " ".join(exc.value.message_dict["value"])
    services.outcome_save(user=None, target=target, period="2040", value=Decimal(12))
    assert Outcome.objects.get(target=target).value == 12


def test_outcomes_measured_before_a_revision_follow_the_approved_revision(vvnd):
    from members.roles import Role
    from plans.review import services as review
    from tests.conftest import make_user
    from tests.review.conftest import filled_plan

    director, chair = make_user(vvnd, Role.DIRECTOR), make_user(vvnd, Role.CHAIR)

    def approve(plan: Plan) -> None:
        review.plan_send_to_board(user=director, plan=plan, acknowledge_errors=True)
        plan.refresh_from_db()
        review.plan_approve(
            user=chair, plan=plan, decision_date=date(2026, 11, 2), paragraph="§ 39",
            render_pdf=False,
        )  # fmt: skip
        plan.refresh_from_db()

    first = filled_plan(vvnd, 2027)
    goal = Goal.objects.get(plan=first)
    kept, changed = (
        services.target_create(user=None,
            plan=first, goal=goal, indicator=Indicator.objects.get(key=key), kind="percent",
            value=Decimal(60), method="survey",
        )
        for key in ("nns-7", "nns-1")
    )  # fmt: skip
    approve(first)
    services.outcome_save(user=None, target=kept, period="2027-H1", value=Decimal(55))
    services.outcome_save(user=None, target=changed, period="2027-H1", value=Decimal(40))

    revision = review.plan_start_revision(user=director, plan=first)
    moved = Target.objects.get(plan=revision, lineage=changed.lineage)
    services.target_update(moved, user=None, expected_version=None, kind="count", value=Decimal(30))
    approve(revision)

    rows = {r.row.lineage: r.row for r in services.attainment_summary(revision).rows}
    assert (rows[str(kept.lineage)].outcome, rows[str(kept.lineage)].status) == (
        f"55{NB}%", "partly",
    )  # fmt: skip
    # measured as a percent, the outcome says nothing about the revised count target
    assert rows[str(changed.lineage)].status == ""
    # the superseded plan keeps what was recorded on it
    assert Outcome.objects.filter(target__plan=first).count() == 2


def test_a_measured_target_keeps_its_kind_of_value(seeded):
    """300 participants recorded against a count target must not become 300 % when the target
    is changed to a percentage: with outcomes, the kind stays (or they are removed first)."""
    t1 = target_of(seeded, "nns-1")
    services.outcome_save(user=None, target=t1, period="2040", value=Decimal(70))
    other = "count" if t1.kind != "count" else "percent"
    with pytest.raises(ValidationError) as exc:
        services.target_update(t1, user=None, expected_version=t1.version, kind=other)
    assert "redan utfall" in exc.value.message_dict["kind"][0]
    t1.refresh_from_db()
    assert t1.kind != other
    Outcome.objects.filter(target=t1).delete()
    services.target_update(t1, user=None, expected_version=t1.version, kind=other, value=Decimal(5))
    assert Target.objects.get(pk=t1.pk).kind == other


def test_the_followup_list_prints_outcomes_as_the_outcome_page_does(client_for, seeded):
    """'80 %' and '100 st', not the bare '80' and '100': one formatting rule for every page."""
    t1 = target_of(seeded, "nns-1")  # percent
    count = services.target_create(
        user=None, plan=seeded, goal=goals_of(seeded)[4],
        indicator=Indicator.objects.get(key="nns-14"),
        kind="count", value=Decimal(120), method="register",
    )  # fmt: skip
    services.outcome_save(user=None, target=t1, period="2040-H1", value=Decimal("82.5"))
    services.outcome_save(user=None, target=count, period="2040", value=Decimal(100))
    client = client_for("director")
    html = client.get(url(seeded, "indicators:followup")).content
    rows = [r for caption in ("Individen upplever", "Samverkan ska") for r in table(html, caption)]
    assert next(r for r in rows if "Indikator 1 " in r[0])[2] == f"Första halvåret 2040: 82,5{NB}%"
    assert next(r for r in rows if r[1].startswith(f"120{NB}st"))[2] == f"Helår 2040: 100{NB}st"
    # The same period and text as the outcome page's own list of the target's outcomes.
    page = client.get(url(seeded, "indicators:outcome_edit", target_id=count.pk)).content
    assert table(page, "Registrerade utfall")[1][:2] == ["Helår 2040", f"100{NB}st"]
    page = client.get(url(seeded, "indicators:outcome_edit", target_id=t1.pk)).content
    assert table(page, "Registrerade utfall")[1][:2] == ["Första halvåret 2040", f"82,5{NB}%"]
