"""The shared catalogue exists in every database and cannot be edited; own indicators can."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from indicators import services
from indicators.catalogue import catalogue_entries, sync_catalogue
from indicators.models import Catalogue, Indicator, Respondent


def test_the_migration_loaded_the_nns_core_indicators_and_equality_indicator(db):
    nns = Indicator.objects.filter(catalogue=Catalogue.NNS, association=None)
    assert sorted(n for n in nns.values_list("number", flat=True) if n) == list(range(1, 16))
    assert nns.filter(number=None, key="nns-jamstalldhet").exists()
    # The ones seed 000 follows up, with the meaning the seed gives them.
    assert "organiserat utifrån" in nns.get(number=1).wording
    assert "delaktig" in nns.get(number=2).wording
    assert "kontakter med myndigheter" in nns.get(number=4).wording
    assert nns.get(number=7).name == "Stegförflyttning"
    assert "samverkan" in nns.get(number=12).wording.lower()
    assert "samverkan" in nns.get(number=14).wording.lower()


def test_every_shared_indicator_has_respondent_groups_and_an_answer_type(db):
    groups = set(Respondent.values)
    for i in Indicator.objects.filter(catalogue=Catalogue.NNS):
        assert i.respondents and set(i.respondents) <= groups, i.key
        assert i.answer_type
    used = {g for i in Indicator.objects.filter(catalogue=Catalogue.NNS) for g in i.respondents}
    assert used == groups  # all five groups of the questionnaire are represented


def test_scb_statistics_are_in_the_catalogue_with_their_sources(db):
    he = Indicator.objects.get(key="scb-helarsekvivalenter")
    bas = Indicator.objects.get(key="scb-bas")
    assert he.catalogue == bas.catalogue == Catalogue.STAT
    assert "SCB" in he.default_source
    assert bas.default_source == "SCB:s statistikverktyg Befolkningens arbetsmarknadsstatus, BAS"


def test_syncing_again_changes_nothing(db):
    before = list(Indicator.objects.filter(association=None).values_list("pk", "key", "wording"))
    assert sync_catalogue() == len(catalogue_entries())
    after = list(Indicator.objects.filter(association=None).values_list("pk", "key", "wording"))
    assert before == after


def test_shared_indicators_cannot_be_changed_or_deleted(db):
    nns7 = Indicator.objects.get(key="nns-7")
    with pytest.raises(ValidationError):
        services.indicator_update(nns7, user=None, expected_version=None, wording="Något annat")
    with pytest.raises(ValidationError):
        services.indicator_delete(nns7, user=None)
    nns7.refresh_from_db()
    assert nns7.name == "Stegförflyttning"


def test_catalogue_page_lists_all_three_catalogues_without_edit_links_for_shared(client_for, vvnd):
    response = client_for("director").get(reverse("indicators:catalogue", kwargs={"assoc": "vvnd"}))
    assert response.status_code == 200
    html = response.content.decode()
    assert "NNS Indikator 7 – Stegförflyttning" in html
    assert "Helårsekvivalenter per kommun" in html
    nns7 = Indicator.objects.get(key="nns-7")
    assert f"/indikatorer/{nns7.pk}/" not in html
    assert client_for("director").get(f"/f/vvnd/indikatorer/{nns7.pk}/").status_code == 404


def test_director_creates_edits_and_deletes_an_own_indicator(client_for, vvnd):
    client = client_for("director")
    response = client.post(
        "/f/vvnd/indikatorer/ny/",
        {"name": "Besök på hemsidan", "wording": "Antal besök per år", "answer_type": "count"},
    )
    assert response.status_code == 302
    own = Indicator.objects.get(association=vvnd, name="Besök på hemsidan")
    assert own.catalogue == Catalogue.OWN
    response = client.post(
        f"/f/vvnd/indikatorer/{own.pk}/",
        {"name": "Besök på webbplatsen", "wording": "Antal besök", "answer_type": "count",
         "version": own.version},
    )  # fmt: skip
    assert response.status_code == 302
    own.refresh_from_db()
    assert own.name == "Besök på webbplatsen"
    assert client.post(f"/f/vvnd/indikatorer/{own.pk}/ta-bort/").status_code == 302
    assert not Indicator.objects.filter(pk=own.pk).exists()


def test_an_own_indicator_without_wording_is_refused(client_for, vvnd):
    response = client_for("director").post(
        "/f/vvnd/indikatorer/ny/", {"name": "Tom", "wording": "", "answer_type": "count"}
    )
    assert response.status_code == 422
    assert not Indicator.objects.filter(association=vvnd, name="Tom").exists()


def test_board_member_cannot_create_indicators(client_for, vvnd):
    response = client_for("board").post(
        "/f/vvnd/indikatorer/ny/", {"name": "X", "wording": "Y", "answer_type": "count"}
    )
    assert response.status_code == 403


def test_the_data_migration_function_restores_the_catalogue(db):
    """The migration calls the same sync with its historical model (every database gets it)."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module("indicators.migrations.0002_load_catalogue")
    Indicator.objects.filter(key="nns-7").update(wording="ändrad", name="ändrad")
    migration.load(apps, None)
    nns7 = Indicator.objects.get(key="nns-7")
    assert nns7.name == "Stegförflyttning" and "närmare arbete" in nns7.wording


def test_catalogue_texts_are_marked_swedish_in_the_english_interface(client_for, vvnd):
    client = client_for("director")
    client.cookies["django_language"] = "en"
    html = client.get(reverse("indicators:catalogue", kwargs={"assoc": "vvnd"})).content.decode()
    assert '<html lang="en">' in html
    nns7 = Indicator.objects.get(key="nns-7")
    # The catalogue's own words (name, area, wording) are read as Swedish; the headings are not.
    assert re.search(r'<th scope="row" lang="sv">NNS[^<]*Stegförflyttning', html)
    assert f'<span lang="sv">{nns7.wording}</span>' in html
    assert '<th scope="col">Indicator</th>' in html


def test_an_own_indicator_followed_up_in_a_decided_plan_cannot_be_changed(client_for, plan):
    """A decided plan never changes: renaming the indicator it follows up would rewrite the
    decided plan's goals, reading view and archival PDF. A new indicator is made instead."""
    from datetime import date
    from decimal import Decimal

    from plans.models import Goal

    own = services.indicator_create(
        user=None,
        association=plan.association,
        name="Besök på hemsidan",
        wording="Antal besök per år",
    )
    services.target_create(user=None,
        plan=plan, goal=Goal.objects.filter(plan=plan).first(), indicator=own, kind="count",
        value=Decimal(100), method="register",
    )  # fmt: skip
    plan.status = "approved"
    plan.decision_date = date(2039, 11, 25)
    plan.save()
    response = client_for("director").post(
        f"/f/vvnd/indikatorer/{own.pk}/",
        {"name": "Något helt annat", "wording": "Annan fråga", "answer_type": "count",
         "version": own.version},
    )  # fmt: skip
    assert response.status_code == 422
    assert "beslutad plan" in response.content.decode()
    own.refresh_from_db()
    assert (own.name, own.wording) == ("Besök på hemsidan", "Antal besök per år")
    goals_page = client_for("director").get(f"/f/vvnd/plan/{plan.pk}/indikatorer/")
    assert "Besök på hemsidan" in goals_page.content.decode()
    # Saving it unchanged is no change, and an indicator only drafts use can still be edited.
    services.indicator_update(own, user=None, expected_version=None, name="Besök på hemsidan")
    draft_only = services.indicator_create(
        user=None, association=plan.association, name="A", wording="B"
    )
    services.indicator_update(draft_only, user=None, expected_version=None, name="C")
    assert Indicator.objects.get(pk=draft_only.pk).name == "C"
