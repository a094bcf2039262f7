"""Journey (c): the finance officer checks the contributions and the equity of next year's
draft, exports the budget to Excel, changes a figure in the file (openpyxl, as someone would in
Excel), imports it back through the preview, and downloads the approved plan's PDF.

The starting point is the demo data plus next year's draft (journey (a)'s first step, done
through the same service) and the official PDF of the approved plan (created by the chair after
the decision, journey (b)). Every page on the way is checked with axe (WCAG 2.1 AA) and
photographed (test-artifacts/screenshots/journey-c-…).
"""

from __future__ import annotations

import hashlib
import io
import re

from openpyxl import load_workbook

from members.models import Association, User
from plans.models import Plan
from tests.quality.journey import Journey

OPENING_EQUITY = "2 350 000"
LINE = "Revision"
NEW_AMOUNT = 95_000


def setup_plans() -> tuple[Plan, Plan]:
    from plans import services as plan_services
    from plans.review import services as review_services

    association = Association.objects.get(slug="vvnd")
    approved = association.plans.filter(status=Plan.Status.APPROVED).order_by("-year").first()
    assert approved is not None, "the demo data has an approved plan"
    review_services.approved_document_ensure(approved)  # the chair's "Skapa den fastställda PDF"
    draft = plan_services.plan_create(
        user=User.objects.get(username="chef"),
        association=association,
        year=approved.year + 1,
        blank=False,
    )
    return approved, draft


def log_in(j: Journey, server: str, username: str) -> None:
    j.page.goto(f"{server}/konto/logga-in/")
    j.fill(j.page.get_by_label("Användarnamn"), username)
    j.fill(j.page.get_by_label("Lösenord"), "demo-losen-2025")
    j.press("Logga in")


def number(text: str) -> int:
    return int(re.sub(r"[^\d\u2212-]", "", text).replace("\u2212", "-"))


def row_cells(page, table, header: str) -> list[str]:
    row = table.locator("tr").filter(has=page.get_by_role("rowheader", name=header, exact=True))
    return [c.strip() for c in row.first.locator("td").all_inner_texts()]


def test_finance_checks_exports_edits_imports_and_downloads(page, server, tmp_path):
    approved, draft = setup_plans()
    j = Journey(page, "journey-c")
    log_in(j, server, "ekonom")
    j.step("association")
    j.go(draft.display_title)
    j.step("plan")

    # 1. Contributions: the engine's split adds up to the total; FK and AF pay half together.
    j.go("Medlemsbidrag", exact=True)
    assert page.get_by_role("heading", name="Medlemsbidrag", level=1).is_visible()
    table = page.get_by_role("table", name=re.compile(f"Medlemsbidrag {draft.year}: nyckel"))
    total = number(row_cells(page, table, "Summa")[2])
    fk = number(row_cells(page, table, "Försäkringskassan")[2])
    af = number(row_cells(page, table, "Arbetsförmedlingen")[2])
    assert total > 0 and fk + af == total // 2, (fk, af, total)
    j.step("contributions")

    # 2. Equity: enter last year's closing equity and see equity and its bound per year.
    j.go("Budget", exact=True)
    j.go("Eget kapital, rubriker och skäl till underskott")
    j.step("budget-settings")
    j.fill(
        page.get_by_label(re.compile(rf"Eget kapital vid utgången av {draft.year - 1}")),
        OPENING_EQUITY,
    )
    j.activate(page.get_by_role("button", name=re.compile("^Spara")), navigates=True)
    figures = page.locator("#budget-key-figures").inner_text()
    assert re.search(
        rf"Eget kapital vid utgången av {draft.year}\s+2\s?350\s?000 kr",
        figures.replace("\u00a0", " "),
    ), figures
    j.step("equity")

    # 3. Export the budget to Excel.
    j.go("Export", exact=True)
    j.step("export")
    with page.expect_download() as download_info:
        j.activate(page.get_by_role("link", name="Budgeten som Excel-fil"))
    original = tmp_path / "budget.xlsx"
    download_info.value.save_as(original)
    assert download_info.value.suggested_filename.endswith(".xlsx")

    # 4. Change a figure in the file, as someone would in Excel.
    wb = load_workbook(original)
    ws = wb["Budget"]
    changed = None
    for row in ws.iter_rows():
        if row[0].value and str(row[0].value).strip() == LINE:
            changed = row[1]
            break
    assert changed is not None and isinstance(changed.value, int | float), "the Revision row"
    old = int(changed.value)
    changed.value = NEW_AMOUNT
    edited = tmp_path / "budget-andrad.xlsx"
    wb.save(edited)

    # 5. Import it back through the preview.
    j.go("Export", exact=True)
    j.go("Läs in budgeten från en Excel-fil")
    j.step("import")
    page.get_by_label("Excelfil (.xlsx)").set_input_files(str(edited))
    j.press("Förhandsgranska importen")
    assert page.get_by_role("heading", name="Granska importen").is_visible()
    preview = page.get_by_role("table", name=re.compile("belopp ändras"))
    text = preview.inner_text().replace("\u00a0", " ")
    assert LINE in text and "95 000" in text and f"{old:,}".replace(",", " ") in text, text
    j.step("import-preview")
    j.press("Spara ändringarna", exact=True)
    j.step("imported")
    j.go("Budget", exact=True)
    cell = page.get_by_role("textbox", name=re.compile(rf"^{LINE}, \w+ {draft.year}$"))
    assert cell.input_value().replace("\u00a0", " ") == "95 000"
    j.step("budget-after-import")

    # 6. Download the approved plan's official PDF, and check it against its checksum.
    j.go(re.compile("VVND|Västra Värmlands"))
    j.go(approved.display_title)
    j.step("approved-plan")
    j.go("Granskning", exact=True)
    assert "Fastställd plan" in page.locator("main").inner_text()
    checksum = page.locator("code.checksum").first.inner_text().strip()
    j.step("approved-review")
    with page.expect_download() as download_info:
        j.activate(page.get_by_role("link", name="Ladda ner", exact=True))
    pdf = tmp_path / "plan.pdf"
    download_info.value.save_as(pdf)
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF-")
    assert hashlib.sha256(content).hexdigest() == checksum
    from pypdf import PdfReader

    text = "".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages[:3])
    assert "Västra Värmland" in text or "VVND" in text
