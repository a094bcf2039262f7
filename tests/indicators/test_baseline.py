"""The baseline (utgångsläge) obeys the target value's own rule for its kind."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators import services
from indicators.models import Indicator, Target

from .conftest import goals_of


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
    return services.target_create(plan=plan, **{**values, **fields})


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
        services.target_update(target, expected_version=target.version, baseline=Decimal(101))
    assert "baseline" in exc.value.message_dict
    assert Target.objects.get(pk=target.pk).baseline is None


def test_roll_forward_leaves_an_old_invalid_baseline_behind_instead_of_failing(seeded):
    """A baseline of 150 % saved before the check must not stop next year's plan."""
    from plans.services import plan_roll_forward

    t7 = Target.objects.get(plan=seeded, indicator__key="nns-7")
    t1 = Target.objects.get(plan=seeded, indicator__key="nns-1")
    Target.objects.filter(pk=t7.pk).update(baseline=Decimal(150))  # as an old row has it
    services.target_update(t1, expected_version=t1.version, baseline=Decimal(72))

    new = plan_roll_forward(user=None, plan=seeded)

    copies = {t.lineage: t.baseline for t in Target.objects.filter(plan=new)}
    assert copies[t7.lineage] is None
    assert copies[t1.lineage] == Decimal(72)  # a valid baseline follows the target
    assert Target.objects.get(pk=t7.pk).baseline == Decimal(150)  # last year's plan unchanged
