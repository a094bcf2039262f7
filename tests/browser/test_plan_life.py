"""The life of a plan in real Chromium (DESIGN §4), on the demo's VVND.

Next year's plan (2026) is rolled forward from the approved 2025 plan, sent to the board, on
consultation with the members, and approved from there; then corrected: a revision with a
new budget figure and a new sentence goes to the board again and is approved, so revision 1
is superseded. Both PDFs stay downloadable and say which they are, the plan list and the
overviews point at the plan in force, "what changed" compares with revision 1, the 2027 plan
starts from revision 2, and the decided plans refuse an edit. Figures are checked against
Decimal arithmetic; every page is checked with axe (screenshots: test-artifacts/…/life-*).
"""

from __future__ import annotations

import hashlib
import re
from decimal import Decimal

from playwright.sync_api import expect

from finsam.money import format_money
from plans.models import Plan
from tests.browser.conftest import check_a11y, login, shot
from tests.pdf.pdfread import pages_text

J = "life"
SENTENCE = "Revisionen höjer arvodet för revision till 95 000 kr."


def as_user(page, server, username):
    page.context.clear_cookies()
    login(page, server, username)


def kr(amount: Decimal) -> str:
    return format_money(amount)


def status(page) -> str:
    return page.locator(".status").first.inner_text()


def approve(page, server, plan, day: str, paragraph: str) -> None:
    as_user(page, server, "ordforande")
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/granskning/beslut/")
    page.get_by_label("Sammanträdesdatum").fill(day)
    page.get_by_label("Paragraf (§) i protokollet").fill(paragraph)
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_load_state()
    assert status(page) == "Beslutad"


def send_to_board(page) -> None:
    ack = page.get_by_label(re.compile("Skicka ändå"))
    if ack.count():
        ack.check()
    page.get_by_role("button", name="Skicka till styrelsen").click()
    page.wait_for_load_state()
    assert status(page) == "Hos styrelsen"


def pdf_of(page, server, plan) -> tuple[str, str]:
    """The stored PDF of a decided plan, as the decision page offers it: its text, checked
    against the checksum the page shows."""
    page.goto(f"{server}/f/vvnd/plan/{plan.pk}/granskning/")
    checksum = page.locator("code.checksum").first.inner_text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Ladda ner").click()
    body = open(download.value.path(), "rb").read()  # noqa: SIM115
    assert hashlib.sha256(body).hexdigest() == checksum
    return download.value.suggested_filename, "\n".join(pages_text(body, layout=False)[:2])


def test_a_plan_is_approved_after_consultation_corrected_and_rolled_forward(page, server):
    # 1. The director starts 2026 from the approved 2025 plan and sends it to the board.
    login(page, server, "chef")
    page.goto(f"{server}/f/vvnd/plan/ny/")
    page.get_by_role("button", name="Skapa planen").click()
    page.wait_for_load_state()
    first = Plan.objects.get(association__slug="vvnd", year=2026)
    review = f"{server}/f/vvnd/plan/{first.pk}/granskning/"
    page.goto(review)
    send_to_board(page)
    page.get_by_role("button", name="Skicka på remiss till medlemmarna").click()
    page.wait_for_load_state()
    assert status(page) == "På remiss hos medlemmarna"
    check_a11y(page)
    shot(page, J, "1-consultation")
    page.goto(f"{server}/f/vvnd/")
    row = page.get_by_role("table", name="Verksamhetsplaner").get_by_role(
        "row", name=re.compile("^2026")
    )
    expect(row).to_contain_text("På remiss hos medlemmarna")

    # 2. The board adopts it after the consultation; its PDF carries the decision.
    approve(page, server, first, "2025-11-27", "§ 41")
    check_a11y(page)
    shot(page, J, "2-approved")
    name, text = pdf_of(page, server, first)
    assert name == "verksamhetsplan-vvnd-2026.pdf"
    assert "Beslutad av styrelsen 2025-11-27, § 41" in text
    assert "Revision" not in text.split("Innehåll")[0]  # the first version says nothing of it

    # 3. A correction: revision 2, one figure and one sentence changed.
    as_user(page, server, "chef")
    page.goto(review)
    page.get_by_role("button", name="Starta en revision").click()
    page.wait_for_load_state()
    second = Plan.objects.get(revises=first)
    assert (second.year, second.revision, status(page)) == (2026, 2, "Utkast")
    page.goto(f"{server}/f/vvnd/plan/{second.pk}/budget/")
    admin = Decimal(page.locator("#total-administration-0").inner_text().replace("\xa0", ""))
    individual = Decimal(page.locator("#total-individual-0").inner_text().replace("\xa0", ""))
    costs = Decimal(page.locator("#sum-costs-0").inner_text().replace("\xa0", ""))
    income = Decimal(page.locator("#sum-income-0").inner_text().replace("\xa0", ""))
    assert (admin, costs, income) == (Decimal(1_346_000), Decimal(7_205_600), costs)
    cell = page.get_by_label("Revision, Budget 2026")
    assert cell.input_value() == kr(Decimal(80_000))
    cell.fill("95 000")
    cell.press("Tab")
    expect(page.locator("#budget-status")).to_contain_text("Sparat")
    # The unallocated line balances the year: the 15 000 comes out of individual work.
    expect(page.locator("#total-administration-0")).to_have_text(kr(admin + 15_000))
    expect(page.locator("#total-individual-0")).to_have_text(kr(individual - 15_000))
    expect(page.locator("#sum-costs-0")).to_have_text(kr(costs))
    expect(page.locator("#result-0")).to_have_text(kr(income - costs))
    check_a11y(page)
    shot(page, J, "3-revision-budget")
    intro = second.sections.get(key="introduction")
    page.goto(f"{server}/f/vvnd/plan/{second.pk}/avsnitt/{intro.pk}/")
    page.get_by_role("textbox", name="Text").click()
    page.keyboard.press("Control+End")
    page.keyboard.press("Enter")
    page.keyboard.type(SENTENCE)
    page.locator("#save-status").get_by_text(re.compile(r"Sparat \d\d:\d\d")).wait_for()
    page.goto(f"{server}/f/vvnd/plan/{second.pk}/granskning/")
    send_to_board(page)

    # 4. Approved: revision 1 is superseded, and every page says which plan is in force.
    approve(page, server, second, "2026-03-12", "§ 12")
    versions = page.get_by_role("heading", name="Versioner av planen för 2026").locator("xpath=..")
    expect(versions).to_contain_text("Revision 1 – Ersatt, Beslutad av styrelsen 2025-11-27, § 41")
    as_user(page, server, "chef")
    page.goto(f"{server}/f/vvnd/")
    rows = page.get_by_role("table", name="Verksamhetsplaner").get_by_role(
        "row", name=re.compile("^2026")
    )
    expect(rows).to_have_count(2)
    expect(rows.filter(has_text="rev. 2")).to_contain_text("Beslutad")
    expect(rows.filter(has_not_text="rev. 2")).to_contain_text("Ersatt")
    shot(page, J, "4-plan-list")
    page.goto(f"{server}/f/vvnd/plan/{first.pk}/")
    assert status(page) == "Ersatt"
    page.get_by_role("link", name=re.compile(r"^Ersatt av revision 2 \(")).click()
    page.wait_for_load_state()
    assert page.url.endswith(f"/plan/{second.pk}/") and status(page) == "Beslutad"
    check_a11y(page)
    page.goto(f"{server}/f/vvnd/plan/{first.pk}/export/")
    expect(page.get_by_text("Revision 1 gäller inte längre.")).to_be_visible()
    check_a11y(page)
    shot(page, J, "5-superseded-export")

    # Both PDFs stay, each saying which it is.
    name, text = pdf_of(page, server, first)
    assert name == "verksamhetsplan-vvnd-2026.pdf"
    assert "Beslutad av styrelsen 2025-11-27, § 41" in text
    name, text = pdf_of(page, server, second)
    assert name == "verksamhetsplan-vvnd-2026-r2.pdf"
    assert "Beslutad av styrelsen 2026-03-12, § 12" in text
    assert "Revision 2. Ersätter revision 1 (Beslutad av styrelsen 2025-11-27, § 41)." in " ".join(
        text.split()
    )

    # "What changed" compares revision 2 with revision 1: the one figure and the sentence.
    page.goto(f"{server}/f/vvnd/plan/{second.pk}/granskning/andringar/")
    expect(page.get_by_text("Från 2026 (revision 1) till 2026 (revision 2).")).to_be_visible()
    changed = page.get_by_role("row", name=re.compile(r"^Revision "))
    expect(changed).to_have_text(re.compile(r"Revision\s+80\s000\s+95\s000\s+15\s000"))
    expect(page.locator("ins", has_text=SENTENCE)).to_have_count(1)
    check_a11y(page)
    shot(page, J, "6-what-changed")

    # 5. The decided plans refuse an edit, with a reason.
    for plan in (first, second):
        section = plan.sections.get(key="introduction")
        response = page.goto(f"{server}/f/vvnd/plan/{plan.pk}/avsnitt/{section.pk}/")
        if response.status == 403:
            expect(page.get_by_text("Planen är beslutad och kan inte ändras")).to_be_visible()
        else:  # a read-only page: no editor, nothing to post
            assert page.get_by_role("textbox", name="Text").count() == 0

    # 6. Next year starts from revision 2, not from the superseded plan.
    page.goto(f"{server}/f/vvnd/plan/ny/")
    expect(
        page.get_by_text("Planen för 2027 börjar som en kopia av planen för 2026")
    ).to_be_visible()
    page.get_by_role("button", name="Skapa planen").click()
    page.wait_for_load_state()
    third = Plan.objects.get(association__slug="vvnd", year=2027)
    assert third.previous_id == second.pk
    assert SENTENCE in third.sections.get(key="introduction").body
    source = page.get_by_role("link", name="Verksamhetsplan och budget 2026 samt plan 2027–2028")
    assert source.get_attribute("href") == f"/f/vvnd/plan/{second.pk}/"
    check_a11y(page)
    shot(page, J, "7-next-year")
    first.refresh_from_db()
    assert first.status == Plan.Status.SUPERSEDED
