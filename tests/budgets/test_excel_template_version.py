"""A file whose template version this Finsam Plan cannot read says why: made by an older
version (export again), by a newer one (exported from an upgraded server and imported into one
not yet upgraded: import it where it came from), or with the version cell emptied or garbled.
Every unknown version used to be called "an older version"."""

from __future__ import annotations

import pytest

from budgets.excel_cells import SHEET_META, TEMPLATE_VERSION, template_version_of
from budgets.excel_export import META_FIELDS
from budgets.excel_import import read_import

from .excel_fixtures import export_bytes, load, save, vvnd_plan_fixture  # noqa: F401

pytestmark = pytest.mark.django_db

OLDER = "Filen kommer från en äldre version av Finsam Plan. Exportera på nytt."
MISSING = (
    "Filen saknar uppgiften om vilken version av Finsam Plan den kommer från (det dolda bladet "
    "som identifierar raderna har ändrats). Exportera en ny fil från Finsam Plan och gör "
    "ändringarna i den."
)


def _newer(version: int) -> str:
    return (
        "Filen är gjord av en nyare version av Finsam Plan än den här (filformat "
        f"{version}, här läses högst {TEMPLATE_VERSION}) och kan inte läsas här. Importera "
        "filen i samma Finsam Plan som den exporterades från, eller exportera en ny fil här. "
        "Fråga administratören om Finsam Plan håller på att uppdateras."
    )


def _with_version(data: bytes, value: object, *, name: str = "template_version") -> bytes:
    wb = load(data)
    ws = wb[SHEET_META]
    assert ws["A2"].value == "template_version" and ws["B2"].value == TEMPLATE_VERSION
    ws["A2"], ws["B2"] = name, value
    return save(wb)


def _problems(plan, data: bytes) -> list[str]:
    preview = read_import(plan, data, "budget.xlsx")
    assert preview.changes == []
    return [str(p) for p in preview.problems]


def test_the_marker_and_the_version_stay_in_the_first_two_rows():
    assert META_FIELDS[:2] == ("marker", "template_version")


def test_a_file_from_a_newer_version_says_so_and_where_to_import_it(vvnd_plan):
    data = export_bytes(vvnd_plan)
    newer = TEMPLATE_VERSION + 1
    assert _problems(vvnd_plan, _with_version(data, newer)) == [_newer(newer)]


def test_a_newer_file_with_its_fields_laid_out_otherwise_is_still_called_newer(vvnd_plan):
    """A newer version may add a field to the hidden sheet; the version is read first, so the
    file is not called "not an export from Finsam Plan"."""
    wb = load(_with_version(export_bytes(vvnd_plan), TEMPLATE_VERSION + 1))
    wb[SHEET_META].insert_rows(3)
    wb[SHEET_META]["A3"] = "source_server"
    assert _problems(vvnd_plan, save(wb)) == [_newer(TEMPLATE_VERSION + 1)]


@pytest.mark.parametrize("version", [0, -1])
def test_a_file_from_an_older_version_says_export_again(vvnd_plan, version):
    assert _problems(vvnd_plan, _with_version(export_bytes(vvnd_plan), version)) == [OLDER]


@pytest.mark.parametrize("value", [None, "", "två", 2.5, True, "2a"])
def test_a_missing_or_garbled_version_says_the_hidden_sheet_was_changed(vvnd_plan, value):
    assert _problems(vvnd_plan, _with_version(export_bytes(vvnd_plan), value)) == [MISSING]


def test_a_renamed_version_field_is_a_missing_version(vvnd_plan):
    data = _with_version(export_bytes(vvnd_plan), TEMPLATE_VERSION, name="version")
    assert _problems(vvnd_plan, data) == [MISSING]


@pytest.mark.parametrize("value", [float(TEMPLATE_VERSION), f" {TEMPLATE_VERSION} "])
def test_the_version_saved_as_a_decimal_or_as_text_still_imports(vvnd_plan, value):
    preview = read_import(vvnd_plan, _with_version(export_bytes(vvnd_plan), value), "budget.xlsx")
    assert [str(p) for p in preview.problems] == [] and preview.changes == []


@pytest.mark.parametrize(
    ("value", "version"),
    [(2, 2), (2.0, 2), ("3", 3), (" 1 ", 1), (None, None), (True, None), ("²", None), (1.5, None)],
)
def test_template_version_of(value, version):
    assert template_version_of(value) == version
