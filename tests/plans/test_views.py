"""Plan pages through the test client: rendering, saving, bad input, htmx autosave, conflicts."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import resolve, reverse
from PIL import Image

from budgets.services import intervention_amounts
from finsam.money import format_money
from members.models import Member
from plans.forms import SectionForm
from plans.models import ControlPoint, Goal, Intervention, Plan, Risk, Section

PAGES = ["plans:overview", "plans:sections", "plans:interventions", "plans:goals", "plans:tables"]


def png(size=(4, 4)) -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", size, "white").save(buf, "PNG")
    return buf.getvalue()


@pytest.mark.parametrize("name", PAGES)
def test_plan_pages_render_for_director_and_board(client_for, draft, url, name):
    for role in ("director", "board"):
        response = client_for(role).get(url(name, draft))
        assert response.status_code == 200, (role, name)


def test_board_member_sees_no_edit_controls(client_for, draft, url):
    html = client_for("board").get(url("plans:interventions", draft)).content.decode()
    assert "Ny insats" not in html
    html = client_for("director").get(url("plans:interventions", draft)).content.decode()
    assert "Ny insats" in html


def test_overview_shows_progress_checks_and_key_figures(director, draft, url):
    html = director.get(url("plans:overview", draft)).content.decode()
    assert "Kontroller innan planen går till styrelsen" in html
    assert "Budgeten i korthet" in html
    assert 'class="checks"' in html


def test_a_decided_plan_shows_no_checks_for_the_board_and_no_red_surplus(director, vvnd, url):
    approved = Plan.objects.get(association=vvnd, year=2025, status=Plan.Status.APPROVED)
    html = director.get(url("plans:overview", approved)).content.decode()
    assert "Kontroller innan planen går till styrelsen" not in html
    # Seed 000's 368 000 is a surplus after using 2 000 000 of equity: not shown as negative.
    assert '<td class="num">368\xa0000</td>' in html


def test_create_page_offers_roll_forward_and_creates_the_plan(director, vvnd):
    create = reverse("plans:create", kwargs={"assoc": vvnd.slug})
    plans_before = Plan.objects.filter(association=vvnd).count()
    html = director.get(create).content.decode()
    assert 'value="2026"' in html and "Utgå från förra årets plan" in html
    response = director.post(create, {"year": "2026", "start": "roll"})
    plan = Plan.objects.get(association=vvnd, year=2026)
    assert response.status_code == 302 and plan.previous.year == 2025
    again = director.post(create, {"year": "2026", "start": "roll"})
    assert again.status_code == 422 and "finns redan en plan" in again.content.decode()
    bad = director.post(create, {"year": "tjugo", "start": "roll"})
    assert (
        bad.status_code == 422 and Plan.objects.filter(association=vvnd).count() == plans_before + 1
    )


def test_create_is_refused_to_board_members(client_for, vvnd):
    create = reverse("plans:create", kwargs={"assoc": vvnd.slug})
    assert client_for("board").post(create, {"year": "2031", "start": "blank"}).status_code == 403


def section_data(section: Section, body: str, **extra) -> dict:
    return {
        "title": section.title,
        "included": "on",
        "progress": section.progress,
        "body": body,
        "version": section.version,
        **extra,
    }


def test_section_saves_sanitised_without_js(director, draft, url):
    section = draft.sections.get(key="vision")
    edit = url("plans:section_edit", draft, section_id=section.pk)
    assert director.get(edit).status_code == 200
    response = director.post(edit, section_data(section, "<h2>Vision</h2><script>x</script>"))
    assert response.status_code == 302
    section.refresh_from_db()
    assert section.body == "<h2>Vision</h2>" and section.progress == "drafted"


def test_autosave_answers_with_the_status_and_new_version(director, draft, url):
    section = draft.sections.get(key="vision")
    edit = url("plans:section_edit", draft, section_id=section.pk)
    response = director.post(
        edit, section_data(section, "<p>Autosparad</p>"), HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="save-status"' in html and "<main" not in html
    section.refresh_from_db()
    assert section.body == "<p>Autosparad</p>"
    assert f'name="version" value="{section.version}"' in html


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.tags = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        if tag == "a":
            self.links.append(dict(attrs))


def test_autosave_after_the_session_ended_says_signed_out_and_saves_nothing(director, draft, url):
    """The XHR followed the redirect to the login page, and htmx swapped it into the status."""
    section = draft.sections.get(key="vision")
    edit = url("plans:section_edit", draft, section_id=section.pk)
    body_before = section.body
    director.logout()
    response = director.post(
        edit,
        section_data(section, "<p>Skrivet efter utloggningen</p>"),
        HTTP_HX_REQUEST="true",
        HTTP_HX_CURRENT_URL=f"http://testserver{edit}",
    )
    assert response.status_code == 401
    assert "Location" not in response and "HX-Redirect" not in response
    html = response.content.decode()
    assert "Du är utloggad, så detta sparades inte." in html
    parsed = _Links()
    parsed.feed(html)
    assert "form" not in parsed.tags and "input" not in parsed.tags and "main" not in parsed.tags
    assert parsed.links == [
        {"href": f"/konto/logga-in/?next={edit}", "target": "_blank", "rel": "noopener"}
    ]
    section.refresh_from_db()
    assert section.body == body_before


def test_save_without_js_after_the_session_ended_still_goes_to_the_login_page(director, draft, url):
    section = draft.sections.get(key="vision")
    edit = url("plans:section_edit", draft, section_id=section.pk)
    director.logout()
    response = director.post(edit, section_data(section, "<p>Text</p>"))
    assert response.status_code == 302
    assert response["Location"] == f"/konto/logga-in/?next={edit}"


def test_autosave_error_names_the_field_that_is_wrong(director, draft, url):
    """Found by submitting the editor empty: the status under the text said only "Avsnittet
    kunde inte sparas: Detta fält måste fyllas i.", far from the emptied title and without
    saying which field (WCAG 3.3.1 asks for the item in error to be named)."""
    section = draft.sections.get(key="vision")
    edit = url("plans:section_edit", draft, section_id=section.pk)
    response = director.post(
        edit, section_data(section, "<p>Text</p>", title=""), HTTP_HX_REQUEST="true"
    )
    status = re.search(r'<p class="field-errors">(.*?)</p>', response.content.decode())
    assert status and status[1] == "Avsnittet kunde inte sparas: Rubrik: Detta fält måste fyllas i."
    section.refresh_from_db()
    assert section.title and section.body != "<p>Text</p>"


class _Elements(HTMLParser):
    """Every element with an id or a name: its attributes and its text."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: dict[str, dict] = {}
        self._open: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        element = {"tag": tag, "attrs": attrs, "text": ""}
        for key in (attrs.get("id"), attrs.get("name")):
            if key and key not in self.found:
                self.found[key] = element
        if tag not in ("input", "br", "img", "meta", "link"):
            self._open.append((tag, element))

    def handle_endtag(self, tag):
        while self._open:
            if self._open.pop()[0] == tag:
                break

    def handle_data(self, data):
        for _tag, element in self._open:
            element["text"] += data


def elements(response) -> dict[str, dict]:
    parser = _Elements()
    parser.feed(response.content.decode())
    return parser.found


def assert_marked(found: dict, name: str, errors: list[str]) -> None:
    """The field is marked invalid and described by a box that holds exactly its errors."""
    field = found[f"id_{name}"]
    assert field["attrs"].get("aria-invalid") == "true"
    box_id = f"id_{name}_error"
    assert box_id in field["attrs"]["aria-describedby"].split()
    assert " ".join(found[box_id]["text"].split()) == " ".join(errors)


def test_refused_save_without_js_marks_the_title_and_keeps_what_was_typed(director, draft, url):
    """The non-JS page came back with the error after the title, but the title's
    aria-describedby pointed at an "id_title_error" that did not exist, and nothing at the top
    said the save was refused."""
    section = draft.sections.get(key="vision")
    stored_title, stored_body = section.title, section.body
    edit = url("plans:section_edit", draft, section_id=section.pk)
    long_title = "Vision för " + "samverkan " * 20
    data = section_data(section, "<p>Min nya text</p>", title=long_title)
    response = director.post(edit, data)
    assert response.status_code == 422
    found = elements(response)
    assert_marked(found, "title", SectionForm(data, instance=section).errors["title"])
    assert found["id_title"]["attrs"]["value"] == long_title
    assert found["id_body"]["text"].removeprefix("\n") == "<p>Min nya text</p>"  # as HTML reads it
    assert "Inget sparades. Rätta uppgifterna nedan." in response.content.decode()
    section.refresh_from_db()
    assert (section.title, section.body) == (stored_title, stored_body)


def test_refused_body_without_js_shows_its_error_by_the_text(director, draft, url):
    """A body error (here a NUL character, which no text field takes) was not shown at all."""
    section = draft.sections.get(key="vision")
    edit = url("plans:section_edit", draft, section_id=section.pk)
    data = section_data(section, "<p>Text\x00</p>")
    found = elements(director.post(edit, data))
    assert_marked(found, "body", SectionForm(data, instance=section).errors["body"])
    assert "id_title_error" not in found["id_title"]["attrs"].get("aria-describedby", "")


def test_refused_autosave_marks_the_field_out_of_band_without_sending_it_back(director, draft, url):
    """The autosave's status named the wrong field, but the field itself was not marked."""
    section = draft.sections.get(key="vision")
    edit = url("plans:section_edit", draft, section_id=section.pk)
    data = section_data(section, "<p>Text</p>", title="")
    response = director.post(edit, data, HTTP_HX_REQUEST="true")
    found = elements(response)
    box = found["id_title_error"]
    assert box["attrs"]["hx-swap-oob"] == "true" and box["attrs"]["data-error-for"] == "id_title"
    assert box["text"] == SectionForm(data, instance=section).errors["title"][0]
    # Only the error boxes come back: the fields are not swapped, so the typing stays.
    assert not {"title", "body", "progress", "included"} & found.keys()
    for name in ("body", "progress", "included"):
        assert found[f"id_{name}_error"]["text"] == ""


@pytest.mark.parametrize("conflict", [False, True])
def test_next_autosave_empties_the_error_boxes(director, draft, url, conflict):
    section = draft.sections.get(key="vision")
    edit = url("plans:section_edit", draft, section_id=section.pk)
    director.post(edit, section_data(section, "<p>x</p>", title=""), HTTP_HX_REQUEST="true")
    if conflict:  # someone else saves: the next answer is the conflict, still no field error
        director.post(edit, section_data(section, "<p>Annans</p>"), HTTP_HX_REQUEST="true")
    response = director.post(edit, section_data(section, "<p>Min</p>"), HTTP_HX_REQUEST="true")
    found = elements(response)
    assert ('name="overwrite"' in response.content.decode()) is conflict
    for name in ("title", "body", "progress", "included"):
        box = found[f"id_{name}_error"]
        assert box["attrs"]["hx-swap-oob"] == "true" and box["text"] == ""


def test_conflicting_autosave_keeps_both_texts(director, draft, url):
    section = draft.sections.get(key="vision")
    edit = url("plans:section_edit", draft, section_id=section.pk)
    stale = section_data(section, "<p>Min text</p>")
    director.post(edit, section_data(section, "<p>Den andras text</p>"), HTTP_HX_REQUEST="true")
    response = director.post(edit, stale, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    section.refresh_from_db()
    assert section.body == "<p>Den andras text</p>"
    assert "Den andras text" in html and 'name="overwrite"' in html
    # The hidden version stays the one the editor loaded, so autosave cannot overwrite silently.
    assert f'name="version" value="{stale["version"]}"' in html
    overwrite = re.search(r'name="overwrite" value="(\d+)"', html)[1]
    director.post(edit, {**stale, "overwrite": overwrite}, HTTP_HX_REQUEST="true")
    section.refresh_from_db()
    assert section.body == "<p>Min text</p>"


def test_conflict_without_js_shows_the_page_with_the_users_text(director, draft, url):
    section = draft.sections.get(key="vision")
    edit = url("plans:section_edit", draft, section_id=section.pk)
    stale = section_data(section, "<p>Min version</p>")
    director.post(edit, section_data(section, "<p>Annans</p>"))
    response = director.post(edit, stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Min version" in html
    # The page still carries the version it started from: a plain "Spara" meets the conflict
    # again, and only the overwrite button (with the other version's number) replaces it.
    assert f'name="version" value="{stale["version"]}"' in html
    assert director.post(edit, stale).status_code == 409
    section.refresh_from_db()
    assert "Annans" in section.body


def test_section_add_move_and_delete(director, draft, url):
    response = director.post(url("plans:section_add", draft), {"title": "Lokala förutsättningar"})
    assert response.status_code == 302
    custom = draft.sections.get(title="Lokala förutsättningar")
    before = list(draft.sections.values_list("pk", flat=True))
    move = url("plans:section_move", draft, section_id=custom.pk)
    director.post(move, {"direction": "up"})
    after = list(draft.sections.values_list("pk", flat=True))
    assert after.index(custom.pk) == before.index(custom.pk) - 1
    assert director.post(move, {"direction": "sideways"}).status_code == 400
    director.post(url("plans:section_delete", draft, section_id=custom.pk))
    assert not Section.objects.filter(pk=custom.pk).exists()
    standard = draft.sections.get(key="vision")
    director.post(url("plans:section_delete", draft, section_id=standard.pk))
    standard.refresh_from_db()
    assert standard.included is False  # standard sections are left out, not deleted


def test_image_upload_requires_alt_and_a_real_image(director, draft, url, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    section = draft.sections.get(key="vision")
    upload = url("plans:section_image", draft, section_id=section.pk)
    ok = director.post(
        upload,
        {"image": SimpleUploadedFile("k.png", png(), "image/png"), "alt": "Karta över området"},
        HTTP_ACCEPT="application/json",
    )
    data = ok.json()
    assert ok.status_code == 200 and data["url"].startswith("/media/richtext/")
    no_alt = director.post(
        upload,
        {"image": SimpleUploadedFile("k.png", png(), "image/png"), "alt": " "},
        HTTP_ACCEPT="application/json",
    )
    assert no_alt.status_code == 400
    fake = director.post(
        upload,
        {"image": SimpleUploadedFile("k.png", b"<svg onload=x>", "image/png"), "alt": "x"},
        HTTP_ACCEPT="application/json",
    )
    assert fake.status_code == 400
    # Without JS the picture is appended to the text.
    director.post(upload, {"image": SimpleUploadedFile("k.png", png(), "image/png"), "alt": "Bild"})
    section.refresh_from_db()
    assert re.search(r'<img src="/media/richtext/\w+\.png" alt="Bild">', section.body)


def intervention_data(plan: Plan, **extra) -> dict:
    members = list(Member.objects.filter(association=plan.association).order_by("pk"))
    return {
        "name": "Arbetsträning Säffle",
        "kind": "individual",
        "status": "ongoing",
        "owner": members[0].pk,
        "parties": [members[1].pk],
        "start": "2026-01-01",
        "end": "",
        "amount_1": "450 000",
        "amount_2": "450 000",
        "amount_3": "",
        **extra,
    }


def test_intervention_create_with_amounts_goes_to_the_budget(director, draft, url):
    response = director.post(url("plans:intervention_create", draft), intervention_data(draft))
    assert response.status_code == 302
    created = draft.interventions.get(name="Arbetsträning Säffle")
    assert intervention_amounts(draft)[created.pk] == (450_000, 450_000, None)
    page = director.get(url("plans:interventions", draft)).content.decode()
    assert "Arbetsträning Säffle" in page and format_money(450_000, "kr") in page


def test_intervention_bad_input_saves_nothing(director, draft, url):
    count = draft.interventions.count()
    for bad in (
        {"amount_1": "12abc"},
        {"end": "2025-01-01"},  # before start
        {"kind": "other"},
        {"name": ""},
        {"owner": "999999"},
    ):
        response = director.post(
            url("plans:intervention_create", draft), intervention_data(draft, **bad)
        )
        assert response.status_code == 422, bad
        assert draft.interventions.count() == count


def test_intervention_with_one_party_warns(director, draft, url):
    members = list(Member.objects.filter(association=draft.association).order_by("pk"))
    data = intervention_data(draft, parties=[members[0].pk])
    response = director.post(url("plans:intervention_create", draft), data, follow=True)
    assert "färre än två parter" in response.content.decode()


def test_intervention_edit_stale_version_is_refused(director, draft, url):
    intervention = draft.interventions.first()
    edit = url("plans:intervention_edit", draft, intervention_id=intervention.pk)
    data = intervention_data(draft, name="Nytt namn", version=intervention.version - 1 or 99)
    response = director.post(edit, data)
    assert response.status_code == 422
    assert "Någon annan har ändrat insatsen" in response.content.decode()
    intervention.refresh_from_db()
    assert intervention.name != "Nytt namn"


def test_participant_counts_form(director, draft, url):
    intervention = draft.interventions.first()
    post = url("plans:participants_set", draft, intervention_id=intervention.pk)
    director.post(post, {"year": "2025", "women": "14", "men": "11", "other": "0"})
    assert intervention.participant_counts.get(year=2025).women == 14
    director.post(post, {"year": "2025", "women": "-1", "men": "x", "other": "0"})
    assert intervention.participant_counts.get(year=2025).women == 14


def test_goal_create_edit_activity_and_bad_parent(director, draft, url):
    overall = draft.goals.filter(level="overall").first()
    response = director.post(
        url("plans:goal_create", draft),
        {"level": "operational", "parent": overall.pk, "text": "Fler unga i arbete",
         "agenda2030": ["8", "10"], "interventions": [draft.interventions.first().pk]},
    )  # fmt: skip
    assert response.status_code == 302
    goal = draft.goals.get(text="Fler unga i arbete")
    assert goal.agenda2030 == [8, 10] and goal.interventions.count() == 1
    bad = director.post(
        url("plans:goal_create", draft),
        {"level": "vision", "parent": goal.pk, "text": "Fel", "agenda2030": ["18"]},
    )
    assert bad.status_code == 422 and not draft.goals.filter(text="Fel").exists()
    director.post(
        url("plans:activity_create", draft, goal_id=goal.pk),
        {"new-text": "Praktikplatser", "new-responsible": "Förbundschef", "new-status": "planned"},
    )
    assert goal.activities.get().responsible == "Förbundschef"
    cycle = director.post(
        url("plans:goal_edit", draft, goal_id=overall.pk),
        {"level": "overall", "parent": goal.pk, "text": overall.text, "version": overall.version},
    )
    assert cycle.status_code == 422


def test_table_row_create_edit_and_bad_input(director, draft, url):
    create = url("plans:control_create", draft)
    ok = director.post(
        create, {"control-routine": "Attestrutiner", "control-control_step": "Stickprov"}
    )
    assert ok.status_code == 302
    row = draft.control_points.get(routine="Attestrutiner")
    bad = director.post(create, {"control-routine": "", "control-control_step": ""})
    assert bad.status_code == 422
    risk = director.post(
        url("plans:risk_create", draft),
        {"risk-risk": "Personal", "risk-likelihood": "9", "risk-consequence": "2"},
    )
    assert risk.status_code == 422
    edit = url("plans:control_edit", draft, control_id=row.pk)
    director.post(
        edit,
        {"control-routine": "Attest", "control-control_step": "x", "control-version": row.version},
    )
    row.refresh_from_db()
    assert row.routine == "Attest"


def test_tables_page_links_to_the_association_settings_for_those_who_manage_it(
    client_for, draft, url
):
    settings_url = reverse("members:settings", kwargs={"assoc": draft.association.slug})
    link = f'<a href="{settings_url}">Ändra under Inställningar</a>'  # beside the board's table
    assert link in client_for("director").get(url("plans:tables", draft)).content.decode()
    assert link not in client_for("board").get(url("plans:tables", draft)).content.decode()


def test_approved_plan_pages_are_read_only(client_for, vvnd_2025, url):
    director = client_for("director")
    assert director.get(url("plans:sections", vvnd_2025)).status_code == 200
    section = vvnd_2025.sections.first()
    edit = url("plans:section_edit", vvnd_2025, section_id=section.pk)
    assert director.post(edit, section_data(section, "<p>x</p>")).status_code == 403


def test_other_associations_objects_are_not_found(director, draft, url, varna):
    foreign = Intervention.objects.filter(plan__association=varna).first()
    response = director.get(url("plans:intervention_edit", draft, intervention_id=foreign.pk))
    assert response.status_code == 404
    goal = Goal.objects.filter(plan__association=varna).first()
    assert director.post(url("plans:goal_delete", draft, goal_id=goal.pk)).status_code == 404


def test_budget_section_preview_renders_the_budget_from_data(director, draft, url):
    from finsam.money import format_money

    section = draft.sections.get(key="budget")
    html = director.get(url("plans:section_edit", draft, section_id=section.pk)).content.decode()
    assert "Kompetenshöjande insatser och utveckling samverkan" in html
    assert format_money(200_000, "kr") in html


def test_roll_forward_says_which_interventions_stayed_behind(director, draft):
    from datetime import date

    from plans.models import Intervention
    from plans.services import intervention_save

    intervention_save(
        user=None,
        intervention=Intervention(
            plan=draft,
            name="Rehabteam Kust",
            kind="individual",
            owner=draft.association.members.first(),
            end=date(draft.year, 6, 30),
            status="ongoing",
        ),
        amounts=(1_800_000, 1_850_000, 1_900_000),
    )
    create = reverse("plans:create", kwargs={"assoc": draft.association.slug})
    year = draft.year + 1
    page = director.post(create, {"year": str(year), "start": "roll"}, follow=True)
    html = page.content.decode()
    assert f"Insatser som slutar före {year} följde inte med" in html
    assert "Rehabteam Kust" in html


def test_a_plan_year_far_from_now_is_refused(director, vvnd):
    from django.utils import timezone

    create = reverse("plans:create", kwargs={"assoc": vvnd.slug})
    this_year = timezone.localdate().year
    for year in (2100, this_year - 11):
        response = director.post(create, {"year": str(year), "start": "blank"})
        assert response.status_code == 422, year
        assert not Plan.objects.filter(association=vvnd, year=year).exists()
    html = director.get(create).content.decode()
    assert f'max="{this_year + 5}"' in html


def test_pictures_pasted_from_word_are_not_dropped_silently(director, draft, url):
    section = draft.sections.get(key="vision")
    edit = url("plans:section_edit", draft, section_id=section.pk)
    pasted = (
        '<p>Text</p><img src="data:image/png;base64,iVBORw0KGgo=" alt="">'
        '<img src="file:///C:/Users/x/clip_image002.png">'
    )
    response = director.post(edit, section_data(section, pasted), HTTP_HX_REQUEST="true")
    assert "2 bilder kunde inte sparas" in response.content.decode()
    section.refresh_from_db()
    assert "<img" not in section.body
    page = director.post(edit, section_data(section, pasted), follow=True).content.decode()
    assert "2 bilder kunde inte sparas" in page


@pytest.mark.parametrize(
    ("listing", "expected"),
    [
        ("plans:sections", {"section_move", "section_delete"}),
        ("plans:goals", {"goal_move"}),
        ("plans:tables", {"control_move", "control_delete", "risk_move", "risk_delete"}),
    ],
)
def test_row_move_and_delete_forms_post_to_their_views(director, draft, url, listing, expected):
    """The pages build these addresses from the list's own instead of reversing each row."""
    ControlPoint.objects.get_or_create(
        plan=draft, routine="Attestrutiner", control_step="Stickprov"
    )
    Risk.objects.get_or_create(plan=draft, risk="Personal", likelihood=2, consequence=2)
    html = director.get(url(listing, draft)).content.decode()
    actions = set(re.findall(r'<form method="post"[^>]*action="([^"]+)"', html))
    names = {resolve(a).url_name for a in actions}
    assert expected <= names
