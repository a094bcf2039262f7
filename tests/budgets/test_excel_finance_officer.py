"""A finance officer edits the exported file in Excel or LibreOffice in ordinary ways and breaks
things. Each case gets a Swedish message naming the cell (or row, or sheet) and what to do, and
nothing is imported from the file; or, where nothing can go wrong, the file imports cleanly.
Real .xls/.ods/.csv files made by LibreOffice are in test_excel_libreoffice.py."""

from __future__ import annotations

import io
import zipfile

import pytest

from budgets.excel_import import read_import
from budgets.models import BudgetLine

from .excel_fixtures import (  # noqa: F401 - fixtures
    edit,
    export_bytes,
    falun_plan_fixture,
    load,
    row_of,
    save,
    vvnd_plan_fixture,
)

pytestmark = pytest.mark.django_db


def _line(plan, name: str) -> BudgetLine:
    return BudgetLine.objects.get(budget__plan=plan, name=name)


def _row(ws, line: BudgetLine) -> int:
    return row_of(ws, f"line:{line.pk}:{line.version}")


def _problems(plan, data, name="budget.xlsx") -> list[str]:
    preview = read_import(plan, data, name)
    assert preview.changes == []  # nothing is imported from a file with problems
    return [str(p) for p in preview.problems]


# ------------------------------------------------------------------------ rows and sorting
def test_a_row_inserted_with_only_a_name_is_not_lost_without_a_word(vvnd_plan):
    wb = load(export_bytes(vvnd_plan))
    ws = wb["Budget"]
    r = row_of(ws, "sum:administration")
    ws.insert_rows(r)
    ws[f"A{r}"] = "Konsultstöd"
    preview = read_import(vvnd_plan, save(wb), "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert preview.changes == []
    assert preview.notices == [
        f"Rad {r} i bladet Budget (”Konsultstöd”) saknar Finsam Plans identifierare och läses "
        "inte in. Nya budgetrader läggs till i Finsam Plan."
    ]


def test_an_empty_row_inserted_inside_the_budget_changes_nothing(vvnd_plan):
    wb = load(export_bytes(vvnd_plan))
    ws = wb["Budget"]
    ws.insert_rows(row_of(ws, "sum:administration"))
    preview = read_import(vvnd_plan, save(wb), "budget.xlsx")
    assert [str(p) for p in preview.problems] == [] and preview.changes == []
    assert preview.notices == []


def _swap(ws, a: int, b: int, columns: str) -> None:
    for c in columns:
        ws[f"{c}{a}"].value, ws[f"{c}{b}"].value = ws[f"{c}{b}"].value, ws[f"{c}{a}"].value


def test_lines_sorted_without_the_hidden_column_are_refused(vvnd_plan):
    """Sorting only the visible columns A–D leaves the identifiers in E where they were: the
    amounts would be imported onto other lines."""
    revision, ekonomi = _line(vvnd_plan, "Revision"), _line(vvnd_plan, "Ekonomi")
    wb = load(export_bytes(vvnd_plan))
    ws = wb["Budget"]
    r_rev, r_eko = _row(ws, revision), _row(ws, ekonomi)
    _swap(ws, r_rev, r_eko, "ABCD")
    problems = _problems(vvnd_plan, save(wb))
    assert sorted(problems) == sorted(
        f"Blad Budget, rad {row}: raden heter ”{in_file}”, men identifieraren i den dolda "
        f"kolumnen E hör till raden ”{name}”. Raderna har sorterats eller flyttats utan kolumn "
        "E, så beloppen hamnar på fel rader. Sortera inte raderna: exportera en ny fil och gör "
        "ändringarna i den."
        for row, in_file, name in ((r_rev, "Ekonomi", "Revision"), (r_eko, "Revision", "Ekonomi"))
    )


def test_lines_sorted_with_their_identifiers_import_unchanged(vvnd_plan):
    revision, ekonomi = _line(vvnd_plan, "Revision"), _line(vvnd_plan, "Ekonomi")
    wb = load(export_bytes(vvnd_plan))
    ws = wb["Budget"]
    r_rev, r_eko = _row(ws, revision), _row(ws, ekonomi)
    _swap(ws, r_rev, r_eko, "ABCDE")
    ws[f"B{r_rev}"] = 123_000  # now Ekonomi's row
    preview = read_import(vvnd_plan, save(wb), "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert preview.renamed == []
    assert [(c.line_id, c.new) for c in preview.changes] == [(ekonomi.pk, 123_000)]


# ---------------------------------------------------------------------- amounts as text
@pytest.mark.parametrize(
    ("typed", "example"),
    [("1 200", "1200"), ("1 200 kr", "1200"), ("1200", "1200"), ("-5\u00a0000 kr", "-5000")],
)
def test_an_amount_typed_as_text_names_the_cell_and_how_to_write_it(vvnd_plan, typed, example):
    ws = load(data := export_bytes(vvnd_plan))["Budget"]
    coord = f"C{_row(ws, _line(vvnd_plan, 'Ekonomi'))}"
    assert _problems(vvnd_plan, edit(data, {("Budget", coord): typed})) == [
        f"Blad Budget, cell {coord}: ”{typed}” är text, inte ett tal, så Excel räknar inte med "
        f"det. Skriv bara siffrorna, till exempel {example}, utan mellanslag och utan ”kr”. Är "
        "cellen formaterad som text, ändra formatet till Tal först."
    ]


def test_a_decimal_comma_typed_as_text_in_a_tkr_file(falun_plan):
    """12,5 typed in an Excel set to English is text; Swedish Excel reads it as 12.5 (tkr)."""
    from budgets.models import Group
    from budgets.services import budget_line_create

    assert falun_plan.unit == "tkr"
    line = budget_line_create(
        user=None, plan=falun_plan, group=Group.ADMINISTRATION, name="Hyra", amounts=(50_000,) * 3
    )
    data = export_bytes(falun_plan)
    coord = f"B{_row(load(data)['Budget'], line)}"
    assert _problems(falun_plan, edit(data, {("Budget", coord): "12,5"})) == [
        f"Blad Budget, cell {coord}: ”12,5” är text, inte ett tal, så Excel räknar inte med "
        "det. Skriv bara talet i tkr, till exempel 12,5 (eller 12.5 i ett Excel inställt på "
        "engelska), utan mellanslag och utan ”kr”. Är cellen formaterad som text, ändra "
        "formatet till Tal först."
    ]
    preview = read_import(falun_plan, edit(data, {("Budget", coord): 12.5}), "budget.xlsx")
    assert [(c.line_id, c.new) for c in preview.changes] == [(line.pk, 12_500)]


# -------------------------------------------------------------------------------- sheets
def test_a_renamed_budget_sheet_is_named(vvnd_plan):
    wb = load(export_bytes(vvnd_plan))
    wb["Budget"].title = "Budget 2027"
    assert _problems(vvnd_plan, save(wb)) == [
        "Bladet ”Budget” saknas i filen. Har det fått ett annat namn (filen har bladet "
        "”Budget 2027”)? Ge det tillbaka sitt namn: högerklicka på fliken och välj Byt namn. "
        "Byt inte namn på bladen."
    ]


def test_a_deleted_budget_sheet_says_export_again(vvnd_plan):
    wb = load(export_bytes(vvnd_plan))
    del wb["Budget"]
    assert _problems(vvnd_plan, save(wb)) == [
        "Bladet ”Budget” saknas i filen. Det har tagits bort. Exportera en ny fil från Finsam "
        "Plan och gör ändringarna i den; ta inte bort bladen."
    ]


def test_a_renamed_or_deleted_contribution_sheet_is_refused(vvnd_plan):
    data = export_bytes(vvnd_plan)
    wb = load(data)
    wb["Medlemsbidrag"].title = "Bidrag"
    assert _problems(vvnd_plan, save(wb)) == [
        "Blad Medlemsbidrag: bladet saknas. Har det fått ett annat namn (filen har bladet "
        "”Bidrag”)? Ge det tillbaka sitt namn: högerklicka på fliken och välj Byt namn. Byt "
        "inte namn på bladen."
    ]
    wb = load(data)
    del wb["Medlemsbidrag"]
    assert _problems(vvnd_plan, save(wb)) == [
        "Blad Medlemsbidrag: bladet saknas. Det har tagits bort. Exportera en ny fil från "
        "Finsam Plan och gör ändringarna i den; ta inte bort bladen."
    ]


def test_deleting_the_sheets_that_are_only_read_loses_nothing(vvnd_plan):
    ekonomi = _line(vvnd_plan, "Ekonomi")
    wb = load(export_bytes(vvnd_plan))
    del wb["Insatser"]
    del wb["Om filen"]
    wb["Budget"][f"B{_row(wb['Budget'], ekonomi)}"] = 210_000
    preview = read_import(vvnd_plan, save(wb), "budget.xlsx")
    assert [str(p) for p in preview.problems] == []
    assert [(c.line_id, c.new) for c in preview.changes] == [(ekonomi.pk, 210_000)]


# --------------------------------------------------------------------- other file formats
def _zip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        for name, content in parts.items():
            z.writestr(name, content)
    return buffer.getvalue()


WORD = _zip(
    {
        "[Content_Types].xml": b"<Types/>",
        "_rels/.rels": b"<Relationships/>",
        "word/document.xml": b"<w:document/>",
    }
)
ODS = _zip(
    {
        "mimetype": b"application/vnd.oasis.opendocument.spreadsheet",
        "content.xml": b"<office:document-content/>",
        "META-INF/manifest.xml": b"<manifest/>",
    }
)
OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
CSV = "Post;2026 Budget (kr)\nEkonomi;210 000\n".encode("cp1252")

OLD_OFFICE = (
    "Filen är inte en .xlsx-fil utan en äldre Office-fil (.xls eller .doc), eller en "
    "lösenordsskyddad arbetsbok. Öppna den i Excel, ta bort ett eventuellt lösenord och välj "
    "Spara som, Excel-arbetsbok (.xlsx)."
)
RENAMED = {
    "word": (
        WORD,
        "Filen är ett Worddokument, inte en Excelarbetsbok. Ladda upp den Excelfil (.xlsx) som "
        "du exporterade från Finsam Plan.",
    ),
    "ods": (
        ODS,
        "Filen är en OpenDocument-fil (.ods) med namnet .xlsx. Öppna den i LibreOffice och välj "
        "Spara som, Excel 2007-365 (.xlsx).",
    ),
    "xls-or-doc": (OLE2, OLD_OFFICE),
    "csv": (
        CSV,
        "Filen är en textfil (till exempel .csv), inte en Excelarbetsbok. Spara som "
        "Excel-arbetsbok (.xlsx), helst i den fil du exporterade.",
    ),
    "utf16-text": ("Post\t2026\n".encode("utf-16"), None),
}


@pytest.mark.parametrize("kind", RENAMED)
def test_another_kind_of_file_renamed_xlsx_says_what_it_is(vvnd_plan, kind):
    data, message = RENAMED[kind]
    assert _problems(vvnd_plan, data) == [message or RENAMED["csv"][1]]


FORMATS = {
    "budget.xls": "Filen är sparad i det äldre Excelformatet .xls. Öppna den och välj Spara "
    "som, Excel-arbetsbok (.xlsx), och ladda upp den filen.",
    "budget.ods": "Filen är sparad som OpenDocument (.ods). Öppna den i LibreOffice och välj "
    "Spara som, Excel 2007-365 (.xlsx), och ladda upp den filen.",
    "budget.csv": "En .csv-fil har bara ett blad och saknar de dolda identifierarna som "
    "importen behöver. Spara som Excel-arbetsbok (.xlsx) i stället, helst i den fil du "
    "exporterade.",
    "budget.docx": "Välj en Excelfil av typen .xlsx (den som Finsam Plan exporterade).",
}


def _upload(client, plan, data: bytes, name: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, data, content_type="application/octet-stream")
    url = f"/f/{plan.association.slug}/plan/{plan.pk}/budget/excel/import/"
    return client.post(url, {"file": upload})


def _form_errors(response) -> list[str]:
    return [str(e) for e in response.context["form"].errors.get("file", [])]


@pytest.mark.parametrize("name", FORMATS)
def test_a_file_saved_in_another_format_says_how_to_save_it(client_for, vvnd_plan, name):
    assert _problems(vvnd_plan, b"whatever", name) == [FORMATS[name]]
    response = _upload(client_for("finance"), vvnd_plan, b"whatever", name)
    assert response.status_code == 422
    assert _form_errors(response) == [FORMATS[name]]


def test_an_empty_upload_says_so(client_for, vvnd_plan):
    response = _upload(client_for("finance"), vvnd_plan, b"", "budget.xlsx")
    assert response.status_code == 422
    assert _form_errors(response) == ["Filen är tom. Välj den sparade Excelfilen och försök igen."]
    assert _problems(vvnd_plan, b"") == [
        "Filen är tom. Välj den sparade Excelfilen och försök igen."
    ]


def test_a_word_file_renamed_xlsx_through_the_page(client_for, vvnd_plan):
    response = _upload(client_for("finance"), vvnd_plan, WORD, "budget.xlsx")
    assert response.status_code == 422
    assert "Filen är ett Worddokument" in response.content.decode()
