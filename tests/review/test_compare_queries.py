"""What changed between two full plans: the same number of queries at N and 2N of every part."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from plans.models import Section
from plans.pdf.sample import build_large_plan
from tests.plans.bulk import grow


def test_compare_queries_do_not_grow_with_the_plans(vvnd, client_for, django_assert_num_queries):
    old = build_large_plan(association=vvnd, year=2039, interventions=2, goals=2, rows=2)
    new = build_large_plan(association=vvnd, year=2040, interventions=3, goals=2, rows=2)
    client = client_for("director")
    page = f"/f/{vvnd.slug}/plan/{new.pk}/granskning/andringar/?mot={old.pk}"

    def more(n: int) -> None:
        for plan in (old, new):
            grow(plan, interventions=n, goals=n, rows=n, targets=n)
            for k in range(n):
                Section.objects.create(plan=plan, title=f"Extra {plan.year} {k}", body="<p>x</p>")

    more(2)
    assert client.get(page).status_code == 200  # warm up (budget rows, content types)
    with CaptureQueriesContext(connection) as at_n:
        first = client.get(page)
    assert "Extra 2040 0" in first.content.decode()  # the comparison is really shown
    more(2)
    with django_assert_num_queries(len(at_n.captured_queries)):
        assert client.get(page).status_code == 200
