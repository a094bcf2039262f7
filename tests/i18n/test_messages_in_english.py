"""Messages built in Python (the contribution engine, the editor's toolbar) follow the language."""

from __future__ import annotations

import json
from html import unescape

import pytest
from django.urls import reverse
from django.utils import translation

from members import calc
from plans.models import Plan
from tests.i18n.test_english import switch_to_english

pytestmark = pytest.mark.django_db


def test_contribution_warnings_follow_the_language():
    members = [
        calc.MemberInput(1, "Försäkringskassan", "fk"),
        calc.MemberInput(2, "Arbetsförmedlingen", "af"),
        calc.MemberInput(3, "Region Värmland", "region", population=None),
        calc.MemberInput(5, "Västra Götalandsregionen", "region", population=None),
        calc.MemberInput(4, "Arvika kommun", "municipality", population=25_000),
    ]
    with translation.override("en"):
        alloc = calc.allocate_year(members=members, settings=calc.Settings(), total=1_000_000)
    notes = {n.code: n.text for n in alloc.warnings}
    assert notes["population_missing"].startswith("Population figures are missing")
    with translation.override("sv"):
        alloc = calc.allocate_year(members=members, settings=calc.Settings(), total=1_000_000)
    assert alloc.warnings[0].text.startswith("Invånarantal saknas")


def test_the_text_editor_toolbar_is_labelled_in_english(client_for, vvnd):
    director = client_for("director")
    switch_to_english(director)
    plan = Plan.objects.filter(association=vvnd, status=Plan.Status.DRAFT).first()
    if plan is None:
        from plans.services import plan_roll_forward

        plan = plan_roll_forward(user=None, plan=vvnd.plans.order_by("-year").first())
    section = plan.sections.filter(kind="text").first()
    url = reverse(
        "plans:section_edit", kwargs={"assoc": "vvnd", "plan_id": plan.pk, "section_id": section.pk}
    )
    html = director.get(url).content.decode()
    raw = html.split('data-strings="', 1)[1].split('"', 1)[0]
    strings = json.loads(unescape(raw))
    assert strings["bold"] == "Bold"
    assert strings["imageAlt"] == "Alternative text (required)"
