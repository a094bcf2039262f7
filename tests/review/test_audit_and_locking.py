"""The audit trail records every change with who/what/old/new and cannot be edited;
two editors saving the same section never overwrite each other silently."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.db import DatabaseError, transaction

from plans.models import Section
from plans.review.audit import acting_as
from plans.review.models import AuditEntry


def test_changes_are_recorded_with_actor_field_and_values(draft, director):
    section = draft.sections.get()
    with acting_as(director):
        section.title = "Förord"
        section.save()
        section.delete()
    entries = AuditEntry.objects.filter(plan_id=draft.pk, model="plans.Section")
    update = entries.get(action="update", field="title")
    assert (update.old_value, update.new_value) == ("Inledning", "Förord")
    assert update.actor == director and update.association_id == draft.association_id
    assert entries.filter(action="create").exists() and entries.filter(action="delete").exists()


def test_m2m_and_status_changes_are_recorded(draft, director):
    from plans.review import services

    intervention = draft.interventions.get()
    intervention.parties.clear()
    services.plan_send_to_board(user=director, plan=draft, acknowledge_errors=True)
    assert AuditEntry.objects.filter(plan_id=draft.pk, field="parties").exists()
    status = AuditEntry.objects.get(plan_id=draft.pk, action="status")
    assert (status.old_value, status.new_value, status.actor) == (
        "Utkast",
        "Hos styrelsen",
        director,
    )


def test_web_requests_record_the_logged_in_user(client, draft, director):
    client.force_login(director)
    client.post(f"/f/vvnd/plan/{draft.pk}/granskning/skicka/", {"acknowledge_errors": "on"})
    assert AuditEntry.objects.get(plan_id=draft.pk, action="status").actor == director


def test_the_trail_cannot_be_edited(draft):
    entry = AuditEntry.objects.filter(plan_id=draft.pk).first()
    entry.new_value = "förfalskat"
    with pytest.raises(PermissionDenied):
        entry.save()
    with pytest.raises(PermissionDenied):
        entry.delete()
    for fn in (
        lambda: AuditEntry.objects.filter(pk=entry.pk).update(new_value="x"),
        lambda: AuditEntry.objects.filter(pk=entry.pk).delete(),
    ):
        with pytest.raises((PermissionDenied, DatabaseError)), transaction.atomic():
            fn()
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_audit_page_filters_and_is_for_audit_roles(client_for, draft):
    section = draft.sections.get()
    section.title = "Förord"
    section.save()
    client = client_for("director")
    url = f"/f/vvnd/plan/{draft.pk}/granskning/logg/"
    page = client.get(url, {"action": "update", "q": "Förord"}).content.decode()
    assert "Förord" in page and "Inledning" in page
    assert "Steget vidare" not in client.get(url, {"model": "plans.Section"}).content.decode()
    assert client_for("board").get(url).status_code == 200
    assert client_for("auditor").get(url).status_code == 403  # auditors read decided plans only


def test_two_editors_saving_the_same_section(draft, role_user):
    """The second save is refused with the first editor's version, so it can be shown."""
    from plans.locking import EditConflict
    from plans.services import section_update

    first, second = role_user("director"), role_user("director")
    section = draft.sections.get()
    loaded = section.version
    mine = Section.objects.get(pk=section.pk)
    theirs = Section.objects.get(pk=section.pk)
    section_update(
        user=first, section=mine, expected_version=loaded, body="<p>Första redaktörens text.</p>"
    )
    with pytest.raises(EditConflict) as exc:
        section_update(
            user=second, section=theirs, expected_version=loaded, body="<p>Andra text.</p>"
        )
    assert exc.value.current.body == "<p>Första redaktörens text.</p>"
    section.refresh_from_db()
    assert section.body == "<p>Första redaktörens text.</p>" and section.version == loaded + 1


def test_two_people_changing_the_status_at_once(client, draft, director):
    """A stale page (old plan version) is told that someone else changed the plan."""
    client.force_login(director)
    base = f"/f/vvnd/plan/{draft.pk}/granskning/"
    stale = draft.version
    ok = client.post(base + "skicka/", {"version": stale, "acknowledge_errors": "on"})
    assert ok.status_code == 302
    response = client.post(base + "till-utkast/", {"version": stale}, follow=True)
    assert "Någon annan har ändrat planen" in response.content.decode()
    assert "Hos styrelsen" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == "review"


def test_audit_page_shows_section_text_not_its_markup(client_for, draft, role_user):
    from plans.services import section_update

    section = draft.sections.get()
    section_update(
        user=role_user("director"),
        section=section,
        expected_version=section.version,
        body="<p>Vi &amp; våra parter <strong>prioriterar</strong> unga.</p>",
    )
    page = client_for("director").get(f"/f/vvnd/plan/{draft.pk}/granskning/logg/")
    html = page.content.decode()
    assert "Vi &amp; våra parter prioriterar unga." in html  # escaped once, as text
    assert "&lt;strong&gt;" not in html and "&amp;amp;" not in html


# Field names that are the same word in Swedish, so Django's default label is right.
SWEDISH_FIELD_NAMES = {"plan", "status", "revision", "budget", "risk", "start"}


def test_every_audited_field_has_a_swedish_label_for_the_log():
    """The log prints each field's verbose_name; a field without one showed in English
    ("member: 11; population year: 2023; order: 10")."""
    from django.apps import apps

    from plans.review.audit import is_plan_model, tracked_fields

    defaults = [
        f"{model._meta.label}.{f.name}"
        for model in apps.get_models()
        if is_plan_model(model)
        for f in tracked_fields(model)
        if str(f.verbose_name) == f.name.replace("_", " ") and f.name not in SWEDISH_FIELD_NAMES
    ]
    assert defaults == []


def test_the_trail_is_written_in_swedish_whatever_language_the_editor_uses(draft, director):
    """An editor with the English interface wrote "Intervention … type: Individual-oriented;
    status: Ongoing" into the permanent log that everyone else reads in Swedish."""
    from django.utils import translation

    intervention = draft.interventions.get()
    with translation.override("en"), acting_as(director):
        intervention.status = "ending"
        intervention.save()
        intervention.parties.clear()
        Section.objects.create(plan=draft, title="Bilaga")
    status = AuditEntry.objects.get(plan_id=draft.pk, model="plans.Intervention", field="status")
    parties = AuditEntry.objects.filter(
        plan_id=draft.pk, model="plans.Intervention", field="parties"
    ).values_list("field_label", flat=True)
    created = AuditEntry.objects.get(
        plan_id=draft.pk, model="plans.Section", action="create", object_repr="Bilaga"
    )
    assert (status.model_label, status.field_label, status.new_value) == (
        "insats",
        "status",
        "Avslutas",
    )
    assert set(parties) == {"deltagande parter"}
    assert created.model_label == "avsnitt" and created.new_value.startswith("plan: ")
    assert "rubrik: Bilaga" in created.new_value
