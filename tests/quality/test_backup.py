"""Backup and restore: `manage.py export_plan <slug> <year> out.json`, an empty database,
`manage.py import_plan out.json`, and the association with its plan must come back exactly —
the same canonical dump, the same budget figures, the same uploaded files."""

from __future__ import annotations

import json

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from finsam.backup import dumps, export_plan
from members.models import Association, Member
from plans.models import Plan
from tests.conftest import empty_database


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def _budget_figures(association: Association, year: int):
    services = pytest.importorskip("budgets.services")
    result = []
    for plan in association.plans.filter(year=year).order_by("revision"):
        summary = services.budget_summary_for_plan(plan)
        result.append(
            (
                [(g.key, g.totals, [(r.name, r.amounts) for r in g.lines]) for g in summary.groups],
                [
                    (y.total_income, y.total_costs, y.result, y.closing_equity, y.equity_ratio)
                    for y in summary.years
                ],
            )
        )
    return result


def _round_trip(tmp_path, slug: str, year: int) -> tuple[dict, dict]:
    out = tmp_path / f"{slug}-{year}.json"
    call_command("export_plan", slug, str(year), str(out), stderr=open("/dev/null", "w"))  # noqa: SIM115
    before = json.loads(out.read_text(encoding="utf-8"))
    empty_database()
    call_command("import_plan", str(out), stdout=open("/dev/null", "w"))  # noqa: SIM115
    after = json.loads(dumps(export_plan(slug, year)))
    return before, after


def _plan_years(slug: str) -> list[int]:
    return sorted(set(Plan.objects.filter(association__slug=slug).values_list("year", flat=True)))


def test_export_flush_import_reproduces_the_plan_exactly(tmp_path, vvnd, media):
    vvnd.logo.save("vvnd.png", ContentFile(b"\x89PNG\r\n\x1a\nlogotyp"), save=False)
    vvnd.logo_alt = "Förbundets logotyp"
    vvnd.save()
    year = max(_plan_years("vvnd"))
    figures_before = _budget_figures(vvnd, year)
    members_before = list(Member.objects.filter(association=vvnd).values_list("name", "kind"))
    logo = vvnd.logo.name

    before, after = _round_trip(tmp_path, "vvnd", year)

    assert before["objects"], "the backup holds the association's data"
    models = {row["model"] for row in before["objects"]}
    assert {"members.association", "members.member", "plans.plan"} <= models
    assert {"members.boardseat", "members.group"} <= models
    assert after == before
    restored = Association.objects.get(slug="vvnd")
    assert list(Member.objects.filter(association=restored).values_list("name", "kind")) == (
        members_before
    )
    assert _budget_figures(restored, year) == figures_before
    assert restored.logo.name == logo
    assert restored.logo.read() == b"\x89PNG\r\n\x1a\nlogotyp"


def test_every_plan_of_the_demo_survives_a_round_trip(tmp_path, db):
    """Drafts, plans in review and approved (frozen) plans alike."""
    pairs = [
        (slug, year)
        for slug in Association.objects.values_list("slug", flat=True)
        for year in _plan_years(slug)
    ]
    assert pairs
    backups = {}
    for slug, year in pairs:
        backups[(slug, year)] = json.loads(dumps(export_plan(slug, year)))
    statuses = set(Plan.objects.values_list("status", flat=True))
    for (slug, year), before in backups.items():
        path = tmp_path / f"{slug}-{year}.json"
        path.write_text(json.dumps(before), encoding="utf-8")
        empty_database()
        call_command("import_plan", str(path), stdout=open("/dev/null", "w"))  # noqa: SIM115
        after = json.loads(dumps(export_plan(slug, year)))
        assert after == before, f"{slug} {year} changed in the round trip"
    assert statuses  # the statuses covered, for the record


def test_links_to_other_years_are_cleared_not_dangling(db):
    plan = Plan.objects.filter(previous__isnull=False).first()
    if plan is None:
        pytest.skip("no rolled-forward plan in the demo data yet")
    backup = export_plan(plan.association.slug, plan.year)
    rows = [r for r in backup["objects"] if r["model"] == "plans.plan" and r["pk"] == plan.pk]
    assert rows[0]["fields"]["previous"] is None
    years = {r["fields"]["year"] for r in backup["objects"] if r["model"] == "plans.plan"}
    assert years == {plan.year}


def test_import_refuses_to_overwrite_an_existing_association(tmp_path, vvnd):
    out = tmp_path / "vvnd.json"
    year = max(_plan_years("vvnd"))
    call_command("export_plan", "vvnd", str(year), str(out), stderr=open("/dev/null", "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="finns redan"):
        call_command("import_plan", str(out))
    assert Association.objects.filter(slug="vvnd").count() == 1


def test_bad_input_gives_clear_errors(tmp_path, vvnd):
    with pytest.raises(CommandError, match="inget förbund"):
        call_command("export_plan", "finns-inte", "2025", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="ingen plan"):
        call_command("export_plan", "vvnd", "1999", str(tmp_path / "x.json"))
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "något annat"}', encoding="utf-8")
    with pytest.raises(CommandError, match="ingen säkerhetskopia"):
        call_command("import_plan", str(bad))
    bad.write_text("inte json", encoding="utf-8")
    with pytest.raises(CommandError, match="Kan inte läsa"):
        call_command("import_plan", str(bad))
