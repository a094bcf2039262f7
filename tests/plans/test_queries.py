"""The editor pages run the same number of queries for a plan twice the size."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.plans.bulk import grow

PAGES = [
    ("plans:overview", {}),
    ("plans:sections", {}),
    ("plans:interventions", {}),
    ("plans:goals", {}),
    ("plans:tables", {}),
]


@pytest.mark.parametrize(("name", "extra"), PAGES, ids=[p[0] for p in PAGES])
def test_query_count_does_not_grow_with_the_plan(
    director, draft, url, name, extra, django_assert_num_queries
):
    grow(draft, interventions=4, goals=4, rows=3, targets=4)
    page = url(name, draft, **extra)
    assert director.get(page).status_code == 200  # warm up
    cache.clear()  # count the full computation, not a cached summary (tested below)
    with CaptureQueriesContext(connection) as small:
        director.get(page)
    grow(draft, interventions=4, goals=4, rows=3, targets=4)
    cache.clear()
    with django_assert_num_queries(len(small.captured_queries)):
        response = director.get(page)
    assert response.status_code == 200


def test_overview_serves_its_summary_from_the_cache_until_data_changes(
    director, draft, url, django_assert_max_num_queries
):
    page = url("plans:overview", draft)
    director.get(page)
    # Session, user, membership, plan (with the association's data stamp).
    with django_assert_max_num_queries(4):
        assert director.get(page).status_code == 200


def test_section_editor_preview_is_constant_too(director, draft, url, django_assert_num_queries):
    grow(draft, interventions=3, goals=3, rows=2)
    pages = [
        url("plans:section_edit", draft, section_id=s.pk)
        for s in draft.sections.filter(key__in=["goals", "interventions", "organisation"])
    ]
    counts = []
    for page in pages:
        director.get(page)
        with CaptureQueriesContext(connection) as ctx:
            director.get(page)
        counts.append(len(ctx.captured_queries))
    grow(draft, interventions=3, goals=3, rows=2)
    for page, count in zip(pages, counts, strict=True):
        with django_assert_num_queries(count):
            director.get(page)
