"""What the director met on the follow-up journey: the status line after a refused save,
how often a target is reported, which period an earlier year's outcome is, the English word
for a target, and checks "before the board" on a plan the board has decided."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.urls import reverse

from indicators import services
from indicators.models import Target
from plans.models import Plan

from .html import table, tables

NB = "\u00a0"
STATUS_SAVED = (
    '<div id="outcome-status" hx-swap-oob="innerHTML"><p class="message">Utfallet är sparat.</p>'
)
STATUS_EMPTY = '<div id="outcome-status" hx-swap-oob="innerHTML"></div>'


def url(plan, name, **kw):
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, **kw})


def indicator_7(plan) -> Target:
    return Target.objects.get(plan=plan, indicator__key="nns-7")


def test_a_refused_save_clears_the_saved_line_of_the_one_before(client_for, seeded):
    """Saving Q1 said "Utfallet är sparat."; a refused T4 next left that line standing above
    "Inget sparades", so the page said both."""
    client = client_for("director")
    target_url = url(seeded, "indicators:outcome_edit", target_id=indicator_7(seeded).pk)
    saved = client.post(target_url, {"period": "Q1", "value": "50"}, HTTP_HX_REQUEST="true")
    assert STATUS_SAVED in saved.content.decode()
    refused = client.post(target_url, {"period": "T4", "value": "55"}, HTTP_HX_REQUEST="true")
    html = refused.content.decode()
    assert STATUS_EMPTY in html and "Utfallet är sparat." not in html
    page = client.get(target_url).content.decode()  # a full page has the one status line only
    assert page.count('id="outcome-status"') == 1


def test_the_follow_up_list_says_how_often_each_target_is_reported(client_for, seeded):
    t7 = indicator_7(seeded)
    services.target_update(
        t7, user=None, expected_version=t7.version, reporting=["quarterly", "annual"]
    )
    html = client_for("director").get(url(seeded, "indicators:followup")).content
    (row,) = [r for r in table(html, "Individen har stegförflyttat")[1:] if "Indikator 7" in r[0]]
    assert (
        row[0] == "NNS Indikator 7 – Stegförflyttning Återrapportering: Kvartalsvis, Årsredovisning"
    )


def test_a_target_can_be_reported_per_tertial(client_for, seeded):
    """The target form offers "Tertialvis"; the follow-up list names it in either language."""
    t7 = indicator_7(seeded)
    client = client_for("director")
    edit = reverse(
        "indicators:target_edit",
        kwargs={"assoc": seeded.association.slug, "plan_id": seeded.pk, "target_id": t7.pk},
    )
    choices = dict(client.get(edit).context["form"].fields["reporting"].choices)
    assert choices["tertial"] == "Tertialvis"
    services.target_update(
        t7, user=None, expected_version=t7.version, reporting=["tertial", "annual"]
    )
    for language, words in (
        ("sv", "Återrapportering: Tertialvis, Årsredovisning"),
        ("en", "Reporting: Every four months (tertial), Annual report"),
    ):
        client.cookies["django_language"] = language
        html = client.get(url(seeded, "indicators:followup")).content
        rows = [r for t in tables(html) for r in t["rows"] if "Indikator 7" in r[0]]
        assert rows and rows[0][0].endswith(words), rows


def test_an_earlier_years_outcome_names_its_period(client_for, seeded):
    """VVND measured Indikator 7 for the first half of 2040 only: the 2041 pages say so
    rather than passing 45 % off as the year's."""
    from plans.services import plan_roll_forward

    services.outcome_save(
        user=None, target=indicator_7(seeded), period="2040-H1", value=Decimal(45)
    )
    new = plan_roll_forward(user=None, plan=seeded)
    client = client_for("director")

    attainment = client.get(url(new, "indicators:attainment")).content
    (row,) = [r for r in table(attainment, "Målvärden och utfall")[1:] if "Indikator 7" in r[1]]
    assert row[5] == f"Första halvåret 2040: 45{NB}% (Ej uppfyllt)"
    goals = client.get(url(new, "indicators:goals")).content
    (row,) = [r for r in table(goals, "Mål, indikatorer")[1:] if "Indikator 7" in " ".join(r)]
    assert row[-2] == f"45{NB}% Första halvåret 2040"


def test_an_english_page_calls_the_target_value_a_target(client_for, seeded):
    services.outcome_save(user=None, target=indicator_7(seeded), period="2040", value=Decimal(52))
    client = client_for("director")
    client.cookies["django_language"] = "en"
    for name in ("indicators:goals", "indicators:followup", "indicators:attainment"):
        heads = {
            cell
            for t in tables(client.get(url(seeded, name)).content)
            if t["rows"]
            for cell in t["rows"][0]
        }
        assert "Target" in heads and "Goals" not in heads, name
    chart = next(
        t
        for t in tables(client.get(url(seeded, "indicators:attainment")).content)
        if t["caption"].startswith("Targets and outcomes")
    )
    assert [r[0] for r in chart["rows"][1:]] == ["Target", "Outcome"]


def test_a_decided_plans_goals_page_lists_no_checks_before_the_board(client_for, plan):
    client = client_for("director")
    assert (
        "Att åtgärda före styrelsen" in client.get(url(plan, "indicators:goals")).content.decode()
    )
    Plan.objects.filter(pk=plan.pk).update(
        status=Plan.Status.APPROVED, decision_date=date(2039, 11, 29), decision_paragraph="§ 39"
    )
    html = client.get(url(plan, "indicators:goals")).content.decode()
    assert "Att åtgärda före styrelsen" not in html and 'class="checks"' not in html
