"""A long unbroken word in a name must not push the budget's figures off the PDF page.

Found by exploring: a budget line named with a 150-character token made the draft (and then
the approved, unchangeable) PDF show the budget table with the "Post" column only.
"""

from __future__ import annotations

import pytest

from budgets.models import Group
from budgets.services import budget_line_create
from plans.pdf.render import render_plan_pdf
from tests.pdf.pdfread import pages_text

from .newassoc import first_plan, new_association

pytestmark = pytest.mark.django_db

LONG = "Projektkod" + "X" * 140


@pytest.fixture
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.mark.usefixtures("_media")
def test_budget_figures_stay_on_the_page_beside_a_very_long_name():
    association, director = new_association()
    plan = first_plan(association, director)
    budget_line_create(
        user=director,
        plan=plan,
        group=Group.ADMINISTRATION,
        name=f"Kansli {LONG}",
        amounts=(1_234_567, 1_345_678, 1_456_789),
    )
    # A second line, so the figures below appear only in the budget table (the charts show sums).
    budget_line_create(
        user=director,
        plan=plan,
        group=Group.ADMINISTRATION,
        name="Revision",
        amounts=(100_000, 100_000, 100_000),
    )
    text = "\n".join(pages_text(render_plan_pdf(plan)))
    for figure in ("1 234 567", "1 345 678", "1 456 789"):
        assert figure in text
    # The name itself is all there too, only wrapped.
    assert "Projektkod" in text and text.count("X") >= 140
