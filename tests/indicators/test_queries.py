"""Pages and read models cost the same number of queries for N and 2N targets."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from indicators import services
from indicators.models import Indicator, Target
from plans.models import Goal, Intervention


def add_targets(plan, n: int, start: int) -> None:
    nns = list(Indicator.objects.filter(catalogue="NNS").order_by("order"))
    intervention = Intervention.objects.create(
        plan=plan, name=f"Insats {start}", kind=Intervention.Kind.INDIVIDUAL
    )
    for i in range(start, start + n):
        goal = Goal.objects.create(plan=plan, level=Goal.Level.OPERATIONAL, text=f"Mål {i}")
        for attach in ({"goal": goal}, {"intervention": intervention}):
            t = services.target_create(user=None,
                plan=plan, indicator=nns[i % len(nns)], kind="percent", value=Decimal(75),
                method="survey", reporting=["annual"], **attach,
            )  # fmt: skip
            services.outcome_save(
                user=None, target=t, period=str(plan.year), value=Decimal(60 + i % 30)
            )


PAGES = ["indicators:goals", "indicators:followup", "indicators:attainment"]


@pytest.mark.parametrize("name", PAGES)
def test_page_queries_do_not_grow_with_targets(client_for, plan, name, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("director")
    url = reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk})
    add_targets(plan, 4, 0)
    client.get(url)  # warm up
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    add_targets(plan, 4, 100)
    assert Target.objects.filter(plan=plan).count() == 16
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_read_models_for_the_pdf_use_a_constant_number_of_queries(plan, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_targets(plan, 3, 0)
    with CaptureQueriesContext(connection) as small:
        services.attainment_summary(plan)
        services.indicator_checks(plan)
    add_targets(plan, 6, 50)
    with django_assert_num_queries(len(small.captured_queries)):
        services.attainment_summary(plan)
        services.indicator_checks(plan)


def test_charts_draw_from_the_summary_without_loading_the_tables_again(
    plan, django_assert_num_queries
):
    add_targets(plan, 3, 0)
    summary = services.attainment_summary(plan)
    with django_assert_num_queries(0):
        charts = services.indicator_charts(summary)
    assert len(charts) == 2  # targets per status, and target against outcome in percent


def test_outcome_rows_list_periods_oldest_first(plan):
    add_targets(plan, 1, 0)
    target = Target.objects.filter(plan=plan, goal__isnull=False).get()
    target.outcomes.all().delete()
    for period, value in ((f"{plan.year}-Q3", 80), (f"{plan.year}-Q1", 40)):
        services.outcome_save(user=None, target=target, period=period, value=Decimal(value))
    rows = services.outcome_rows(target, list(target.outcomes.all()))
    assert [r.outcome.value for r in rows] == [Decimal(40), Decimal(80)]
    assert [r.attainment.status for r in rows] == ["not_met", "met"]  # the target is 75 %
