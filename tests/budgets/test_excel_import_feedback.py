"""What the Excel import tells the user: renamed lines (never imported), every problem in one
pass, and a file from another association's plan (without saying anything about it)."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from budgets.excel_import import NameEdit, apply_import, read_import
from budgets.models import BudgetLine
from budgets.services import budget_line_update

from .excel_fixtures import (  # noqa: F401 - fixtures
    draft_plan,
    edit,
    export_bytes,
    load,
    row_of,
    save,
    seed_plan,
    vvnd_plan_fixture,
)

pytestmark = pytest.mark.django_db


def _line(plan, name: str) -> BudgetLine:
    return BudgetLine.objects.get(budget__plan=plan, name=name)


def _row(data: bytes, line: BudgetLine) -> int:
    return row_of(load(data)["Budget"], f"line:{line.pk}:{line.version}")


def _url(plan, name=""):
    return f"/f/{plan.association.slug}/plan/{plan.pk}/budget/excel/import/{name}"


def _upload(client, plan, data):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("budget.xlsx", data, content_type="application/octet-stream")
    return client.post(_url(plan), {"file": upload})


class _Block(HTMLParser):
    """The text of each <li> inside the element with the given id, and every tag seen there."""

    def __init__(self, element_id: str):
        super().__init__()
        self.element_id, self.depth = element_id, 0
        self.items: list[str] = []
        self.paragraphs: list[str] = []
        self.tags: list[str] = []
        self._into: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if self.depth:
            self.depth += 1
            self.tags.append(tag)
            if tag in ("li", "p"):
                self._into = self.items if tag == "li" else self.paragraphs
                self._into.append("")
        elif dict(attrs).get("id") == self.element_id:
            self.depth = 1

    def handle_endtag(self, tag):
        if self.depth:
            self.depth -= 1
            self._into = None

    def handle_data(self, data):
        if self.depth and self._into is not None:
            self._into[-1] += data


def _block(html: str, element_id: str) -> _Block:
    parser = _Block(element_id)
    parser.feed(html)
    return parser


# ------------------------------------------------------------------------- renamed lines
def test_names_edited_in_the_file_are_listed_and_not_imported(vvnd_plan):
    revision, styrelse, ekonomi = (_line(vvnd_plan, n) for n in ("Revision", "Styrelse", "Ekonomi"))
    data = export_bytes(vvnd_plan)
    r_rev, r_sty, r_eko = (_row(data, line) for line in (revision, styrelse, ekonomi))
    edited = edit(
        data,
        {
            ("Budget", f"A{r_rev}"): "=1+1",  # stored by openpyxl as a formula, like Excel
            ("Budget", f"A{r_sty}"): "@SUM(A1)",
            ("Budget", f"B{r_eko}"): 210_000,
        },
    )
    preview = read_import(vvnd_plan, edited, "budget.xlsx")
    assert preview.ok, preview.problems
    assert [(c.line_id, c.new) for c in preview.changes] == [(ekonomi.pk, 210_000)]
    assert preview.renamed == [
        NameEdit(row=r_sty, in_file="@SUM(A1)", in_plan="Styrelse"),
        NameEdit(row=r_rev, in_file="=1+1", in_plan="Revision"),
    ]
    assert str(preview.renamed[1]) == f"rad {r_rev} (”=1+1”, i Finsam Plan ”Revision”)"
    apply_import(user=None, plan=vvnd_plan, preview=preview)
    assert _line(vvnd_plan, "Revision").pk == revision.pk  # the names are unchanged
    assert _line(vvnd_plan, "Styrelse").pk == styrelse.pk


def test_an_unedited_file_and_a_rename_in_the_app_list_no_renamed_lines(vvnd_plan):
    revision = _line(vvnd_plan, "Revision")
    data = export_bytes(vvnd_plan)
    assert read_import(vvnd_plan, data, "b.xlsx").renamed == []
    # renamed in Finsam Plan after the export: the file's old name is not a file edit
    budget_line_update(
        user=None, line=revision, expected_version=revision.version, name="Revision och granskning"
    )
    preview = read_import(vvnd_plan, data, "b.xlsx")
    assert preview.ok and preview.renamed == []


def test_renamed_lines_are_shown_escaped_on_the_preview_page(client_for, vvnd_plan):
    revision = _line(vvnd_plan, "Revision")
    data = export_bytes(vvnd_plan)
    hostile = '<b onclick="x()">Revisor</b> & co'
    client = client_for("finance")
    response = _upload(
        client, vvnd_plan, edit(data, {("Budget", f"A{_row(data, revision)}"): hostile})
    )
    assert response.status_code == 302
    page = client.get(_url(vvnd_plan, "granska/"))
    html = page.content.decode()
    block = _block(html, "import-renamed")
    assert block.paragraphs[0].startswith("Namnändringar i filen läses inte in.")
    assert block.items == [f"rad {_row(data, revision)} (”{hostile}”, i Finsam Plan ”Revision”)"]
    assert block.tags == ["p", "ul", "li"]  # the user's <b> is text, not markup
    assert "&lt;b onclick=" in html
    # no amount changed: the page says so instead of "no changes"
    assert "Filen ändrar inga belopp" in html


def test_a_long_name_is_cut_in_the_preview(vvnd_plan):
    revision = _line(vvnd_plan, "Revision")
    data = export_bytes(vvnd_plan)
    preview = read_import(
        vvnd_plan, edit(data, {("Budget", f"A{_row(data, revision)}"): "x" * 500}), "b.xlsx"
    )
    assert preview.renamed[0].in_file == "x" * 80 + "…"


# ----------------------------------------------------- headings and other labels edited
def _labelled_file(plan) -> tuple[bytes, dict[str, str]]:
    """A group heading, a total, the equity row and a member's name renamed in the file, and
    one amount changed, as a user would in Excel."""
    data = export_bytes(plan)
    wb = load(data)
    budget, contrib = wb["Budget"], wb["Medlemsbidrag"]
    cells = {
        "heading": f"A{row_of(budget, 'head:administration')}",
        "income": f"A{row_of(budget, 'income')}",
        "equity": f"A{row_of(budget, 'equity_open')}",
        "member": next(
            f"A{r}" for r in range(1, contrib.max_row + 1) if contrib[f"A{r}"].value == "Eda kommun"
        ),
    }
    ekonomi = _line(plan, "Ekonomi")
    edited = edit(
        data,
        {
            ("Budget", cells["heading"]): "Kansli",
            ("Budget", cells["income"]): "=SUM(B1:B2)",  # shown as typed, never evaluated
            ("Budget", cells["equity"]): "    Eget kapital vid årets början",  # only indented
            ("Medlemsbidrag", cells["member"]): "Eda",
            ("Budget", f"B{_row(data, ekonomi)}"): 210_000,
        },
    )
    return edited, cells


def test_headings_and_labels_edited_in_the_file_are_listed_and_the_amounts_imported(vvnd_plan):
    """ "Administration och kansli" renamed "Kansli" in Excel was ignored without a word."""
    data, cells = _labelled_file(vvnd_plan)
    preview = read_import(vvnd_plan, data, "budget.xlsx")
    assert preview.ok, preview.problems
    assert [c.new for c in preview.changes] == [210_000]
    assert preview.renamed == []
    assert [str(e) for e in preview.labels_edited] == [  # in the order of the sheets
        f"Blad Budget, cell {cells['income']}: ”=SUM(B1:B2)” i filen, ”Summa intäkter” när "
        "den exporterades.",
        f"Blad Budget, cell {cells['heading']}: ”Kansli” i filen, ”Administration och kansli” "
        "när den exporterades.",
        f"Blad Medlemsbidrag, cell {cells['member']}: ”Eda” i filen, ”Eda kommun” när den "
        "exporterades.",
    ]
    apply_import(user=None, plan=vvnd_plan, preview=preview)
    assert _line(vvnd_plan, "Ekonomi").amount_1 == 210_000  # the import is not refused


def test_an_unedited_file_lists_no_labels_in_either_language(vvnd_plan):
    from django.utils import translation

    assert read_import(vvnd_plan, export_bytes(vvnd_plan), "b.xlsx").labels_edited == []
    with translation.override("en"):  # exported from the English pages, read in Swedish
        data = export_bytes(vvnd_plan)
    assert read_import(vvnd_plan, data, "b.xlsx").labels_edited == []


def test_a_member_renamed_in_the_app_since_the_export_is_no_edit_in_the_file(vvnd_plan):
    from members.models import Member

    data = export_bytes(vvnd_plan)
    eda = Member.objects.get(association=vvnd_plan.association, name="Eda kommun")
    eda.name = "Eda kommun (Charlottenberg)"
    eda.save()
    preview = read_import(vvnd_plan, data, "b.xlsx")
    # the contribution rows keep the name as exported; the Insatser sheet names no Eda
    assert preview.labels_edited == []


def test_edited_labels_are_shown_on_the_preview_page(client_for, vvnd_plan):
    data, cells = _labelled_file(vvnd_plan)
    client = client_for("finance")
    assert _upload(client, vvnd_plan, data).status_code == 302
    block = _block(client.get(_url(vvnd_plan, "granska/")).content.decode(), "import-labels")
    assert block.paragraphs == [
        "Rubriker och andra texter i filen som skiljer sig från Finsam Plan läses inte in. "
        "Gruppernas rubriker och summaraderna bestäms av Finsam Plan. Medlemmarnas, insatsernas "
        "och årens namn ändras i Finsam Plan, inte i filen."
    ]
    assert len(block.items) == 3 and block.items[1].startswith(
        f"Blad Budget, cell {cells['heading']}"
    )


def test_a_refused_file_also_lists_its_edited_labels(client_for, vvnd_plan):
    data, cells = _labelled_file(vvnd_plan)
    wb = load(data)
    ws = wb["Budget"]
    ekonomi = _line(vvnd_plan, "Ekonomi")
    ws[f"C{row_of(ws, f'line:{ekonomi.pk}:{ekonomi.version}')}"] = "ca 200 000"
    response = _upload(client_for("finance"), vvnd_plan, save(wb))
    assert response.status_code == 422
    assert len(_block(response.content.decode(), "import-labels").items) == 3


# ---------------------------------------------------------------- every problem at once
def _three_problem_file(plan) -> tuple[bytes, dict[str, int]]:
    """Text in an amount cell, a new row without the identifier and a deleted row."""
    ekonomi, revision = _line(plan, "Ekonomi"), _line(plan, "Revision")
    wb = load(export_bytes(plan))
    ws = wb["Budget"]
    ws.delete_rows(row_of(ws, f"line:{revision.pk}:{revision.version}"))
    text_row = row_of(ws, f"line:{ekonomi.pk}:{ekonomi.version}")
    ws[f"C{text_row}"] = "ca 200 000"
    new_row = row_of(ws, "sum:individual") - 1
    ws.insert_rows(new_row)
    ws[f"A{new_row}"] = "Ny insats"
    ws[f"B{new_row}"] = 50_000
    return save(wb), {"text": text_row, "new": new_row}


def test_every_problem_is_listed_in_one_pass_and_nothing_is_saved(vvnd_plan):
    data, rows = _three_problem_file(vvnd_plan)
    before = list(
        BudgetLine.objects.filter(budget__plan=vvnd_plan).values_list("amount_1", "amount_2")
    )
    preview = read_import(vvnd_plan, data, "budget.xlsx")
    assert preview.changes == []
    assert [str(p) for p in preview.problems] == [
        f"Blad Budget, rad {rows['new']}: raden saknar Finsam Plans identifierare. Nya "
        "budgetrader läggs till i Finsam Plan; exportera sedan en ny fil.",
        f"Blad Budget, cell C{rows['text']}: ”ca 200 000” är text, inte ett tal. "
        "Skriv beloppet som ett tal.",
        "Blad Budget: raden ”Revision” saknas i filen. Rader tas bort i Finsam Plan, inte i Excel.",
    ]
    assert any("först när felen i raderna är rättade" in n for n in preview.notices)
    after = list(
        BudgetLine.objects.filter(budget__plan=vvnd_plan).values_list("amount_1", "amount_2")
    )
    assert after == before


def test_the_import_page_lists_every_problem(client_for, vvnd_plan):
    data, _rows = _three_problem_file(vvnd_plan)
    client = client_for("finance")
    response = _upload(client, vvnd_plan, data)
    assert response.status_code == 422
    block = _block(response.content.decode(), "import-problems")
    assert "Rätta dessa 3 saker" in block.paragraphs[0]
    assert len(block.items) == 3
    assert client.get(_url(vvnd_plan, "granska/")).status_code == 302  # nothing pending


def test_a_wrong_total_is_still_found_when_the_lines_are_fine(vvnd_plan):
    data = export_bytes(vvnd_plan)
    ws = load(data)["Budget"]
    coord = f"B{row_of(ws, 'sum:administration')}"
    preview = read_import(vvnd_plan, edit(data, {("Budget", coord): 1}), "b.xlsx")
    assert [p.cell for p in preview.problems] == [coord]


def test_text_in_a_total_is_found_alongside_a_line_problem(vvnd_plan):
    ekonomi = _line(vvnd_plan, "Ekonomi")
    data = export_bytes(vvnd_plan)
    ws = load(data)["Budget"]
    total = f"B{row_of(ws, 'sum:administration')}"
    cell = f"B{_row(data, ekonomi)}"
    preview = read_import(
        vvnd_plan, edit(data, {("Budget", cell): "mycket", ("Budget", total): "summa"}), "b.xlsx"
    )
    assert [p.cell for p in preview.problems] == [cell, total]


# ---------------------------------------------------------------- another plan's file
ANOTHER_ASSOCIATION = (
    "Filen kommer från ett annat samordningsförbund och kan inte importeras här. Exportera en "
    "ny fil från den här planen och gör ändringarna i den."
)


def _problems(plan, data) -> list[str]:
    preview = read_import(plan, data, "budget.xlsx")
    assert preview.changes == []
    return [str(p) for p in preview.problems]


def test_a_file_from_another_association_says_so_and_nothing_about_it(vvnd_plan):
    other = draft_plan("varna")
    problems = _problems(vvnd_plan, export_bytes(other))
    assert problems == [ANOTHER_ASSOCIATION]
    for secret in (other.association.name, other.association.slug, str(other.year)):
        assert secret not in problems[0]


def _with_meta(data: bytes, **values) -> bytes:
    from budgets.excel_export import META_FIELDS

    wb = load(data)
    ws = wb["finsam_id"]
    for name, value in values.items():
        ws.cell(row=META_FIELDS.index(name) + 1, column=2, value=value)
    return save(wb)


def test_identifiers_pointing_at_another_association_or_no_plan_are_another_association(
    vvnd_plan,
):
    other = draft_plan("varna")
    data = export_bytes(vvnd_plan)
    # our association's name with another association's plan, or a plan that does not exist
    for forged in ({"plan_id": other.pk}, {"plan_id": 10**9}, {"association": "varna"}):
        assert _problems(vvnd_plan, _with_meta(data, **forged)) == [ANOTHER_ASSOCIATION]


def test_a_file_from_another_plan_of_the_same_association_names_its_year(vvnd_plan):
    older = seed_plan("vvnd")
    assert older.pk != vvnd_plan.pk
    problems = _problems(vvnd_plan, export_bytes(older))
    assert problems == [
        f"Filen är exporterad från en annan plan (verksamhetsår {older.year}). Importera den i "
        "den planen, eller exportera en ny fil från den här planen."
    ]
    # the year comes from Finsam Plan, not from the file
    assert _problems(vvnd_plan, _with_meta(export_bytes(older), plan_year=1999)) == problems
