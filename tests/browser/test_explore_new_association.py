"""A brand-new association, from its first login to its first approved plan.

Samordningsförbundet Södra Hälsingland is not in the demo data. It gets into the system the way
a real deployment does it (manage.py create_association prints the director's one-time
password, which she must change at first login); then its director, in the browser, adds the
members with populations, gives the chair a login, starts the first plan (nothing to roll
forward), sets the contributions, writes a section, adds an intervention with amounts, a goal
with an indicator target, balances the budget, exports Excel and the draft PDF and sends the
plan to the board; the chair logs in with the password the director handed over, chooses her
own and records the board's decision.
Every new page is checked with axe and photographed (test-artifacts/screenshots/new-assoc-…).
"""

from __future__ import annotations

import re
from datetime import date
from io import BytesIO, StringIO

from django.core.management import call_command
from openpyxl import load_workbook

from .conftest import check_a11y, shot

JOURNEY = "new-assoc"
NAME = "Samordningsförbundet Södra Hälsingland"
INTERVENTION = "Steg för steg – Söderhamn"
GOAL = "Fler invånare i södra Hälsingland når egen försörjning"
# Contributions: the state pays 1 000 000, so 2 000 000 in all, split by population below.
MEMBERS = [
    ("Försäkringskassan", "fk", "", ""),
    ("Arbetsförmedlingen", "af", "", ""),
    ("Region Gävleborg", "region", "287 767", ""),
    ("Bollnäs kommun", "municipality", "26 484", "Region Gävleborg"),
    ("Söderhamns kommun", "municipality", "25 404", "Region Gävleborg"),
]
INTERVENTION_AMOUNTS = (1_200_000, 1_200_000, 1_250_000)
TOTAL = 2_000_000


def new_login(*args: str) -> str:
    """Run a set-up command as an administrator would and read the one-time password."""
    out = StringIO()
    call_command(*args, stdout=out)
    match = re.search(r"lösenord:\s+(\S+)", out.getvalue())
    assert match, out.getvalue()
    return match.group(1)


def log_in(page, server: str, username: str, password: str) -> None:
    page.goto(f"{server}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill(username)
    page.get_by_label("Lösenord").fill(password)
    page.get_by_role("button", name="Logga in").click()
    page.wait_for_load_state()


def choose_own_password(page, server: str, one_time: str, own: str) -> None:
    """The first login lands on "Byt lösenord": nothing else opens until it is changed. Any
    other page leads back there, remembering the page, which opens once the password is
    changed."""
    assert page.url == f"{server}/konto/losenord/"
    assert page.get_by_text("Du har loggat in med ett engångslösenord.").is_visible()
    page.goto(f"{server}/f/sodra-halsingland/")
    assert page.url == f"{server}/konto/losenord/?next=/f/sodra-halsingland/"
    # The rules for a new password are a bulleted list; the other lists in form fields (the
    # choices of a multiple choice) stay unbulleted.
    rules = page.locator("#id_new_password1_helptext ul")
    assert rules.evaluate("ul => getComputedStyle(ul).listStyleType") == "disc"
    choices_style = page.evaluate(
        """() => {
            const field = document.createElement("div");
            field.className = "field";
            field.innerHTML = "<ul><li>Val</li></ul>";
            document.querySelector("main").append(field);
            const type = getComputedStyle(field.querySelector("ul")).listStyleType;
            field.remove();
            return type;
        }"""
    )
    assert choices_style == "none"
    page.locator("#id_old_password").fill(one_time)
    page.locator("#id_new_password1").fill(own)
    page.locator("#id_new_password2").fill(own)
    page.get_by_role("button", name="Byt lösenord").click()
    page.wait_for_load_state()
    assert page.url == f"{server}/f/sodra-halsingland/"
    assert page.get_by_text("Lösenordet är bytt.").is_visible()


def step(page, label: str) -> None:
    page.wait_for_load_state("networkidle")
    check_a11y(page)
    shot(page, JOURNEY, label)


def money(text: str) -> int:
    return int(re.sub(r"[^\d−-]", "", text).replace("−", "-") or 0)


def results(page) -> list[int]:
    figures = page.locator("#budget-key-figures div")
    return [
        money(figures.nth(i).locator("dd").inner_text())
        for i in range(figures.count())
        if figures.nth(i).locator("dt").inner_text().startswith("Resultat")
    ]


def type_amount(page, line: str, year: int, value: int) -> None:
    cell = page.get_by_role("textbox", name=re.compile(rf"^{re.escape(line)}, \w+ {year}$"))
    with page.expect_response(lambda r: r.url.endswith("/budget/spara/")):
        cell.fill(str(value))
        cell.press("Enter")
    page.wait_for_load_state("networkidle")


def test_new_association_first_plan_to_approval(page, server):
    page.set_default_timeout(20_000)
    director_pw = new_login(
        "create_association", NAME, "--director", "anna.berg", "--short-name", "SSH"
    )
    base = f"{server}/f/sodra-halsingland"

    # First login: the one-time password is changed, then straight to the empty association,
    # which says what to do first.
    log_in(page, server, "anna.berg", director_pw)
    step(page, "00-change-password")
    choose_own_password(page, server, director_pw, "Anna-Bergs-eget-2026")
    assert page.url == f"{base}/"
    assert page.get_by_role("heading", name="Kom igång").is_visible()
    assert "Om förbundet" not in page.locator("main").inner_text()
    step(page, "01-first-login")

    # Members with their populations (a municipality belongs to the region).
    page.get_by_role("link", name="Lägg till medlemmarna").click()
    step(page, "02-member-new")
    assert "Select an option" not in page.content()
    for name, kind, population, region in MEMBERS:
        page.goto(f"{base}/installningar/medlemmar/ny/")
        page.get_by_label("Namn").fill(name)
        page.get_by_label("Typ").select_option(kind)
        if population:
            page.get_by_label(re.compile(r"^Invånare")).fill(population)
            page.get_by_label("Befolkning per år").fill("2023")
        if region:
            page.get_by_label("Region").select_option(label=region)
        page.get_by_role("button", name="Spara").click()
        page.wait_for_load_state()
        assert page.get_by_text("Sparat.").is_visible()
    members_table = page.get_by_role("table", name="Förbundets medlemmar").inner_text()
    assert "26 484 (2023)" in members_table.replace("\u00a0", " ")
    step(page, "03-members")

    # The chair's login, made by the director (the password is shown once).
    page.goto(f"{base}/")
    assert "är inlagda" in page.locator("main").inner_text()
    page.get_by_role("link", name="Ge kansliet, ekonomen och styrelsen inloggningar").click()
    page.get_by_label(re.compile(r"^Användarnamn")).fill("eva.lind")
    page.get_by_label(re.compile(r"^Förnamn")).fill("Eva")
    page.get_by_label(re.compile(r"^Efternamn")).fill("Lind")
    page.locator("#id_role").select_option(label="Ordförande")
    page.get_by_role("button", name="Skapa inloggningen").click()
    page.wait_for_load_state()
    chair_pw = page.locator(".new-login code").inner_text().strip()
    users = page.get_by_role("table", name="Användare med behörighet i förbundet")
    assert users.get_by_role("rowheader", name="Eva Lind").is_visible()
    step(page, "04-users")

    # The first plan: nothing to roll forward, so no roll-forward is offered.
    page.goto(f"{base}/")
    page.get_by_role("link", name="Skapa den första verksamhetsplanen").click()
    assert page.get_by_text("Det finns ingen plan för året innan.").is_visible()
    assert page.get_by_role("radio").count() == 0
    assert "Utgå från förra årets plan" not in page.locator("main").inner_text()
    step(page, "05-plan-new")
    page.get_by_role("button", name="Skapa planen").click()
    page.wait_for_load_state()
    assert page.get_by_text(re.compile(r"En tom plan för \d{4} är skapad")).is_visible()
    year = int(re.search(r"budget (\d{4})", page.get_by_role("heading", level=1).inner_text())[1])
    plan_url = page.url
    step(page, "06-plan-overview")

    # Contributions: the state's amount; the regions' and municipalities' follow the key.
    page.get_by_role("link", name="Medlemsbidrag", exact=True).first.click()
    page.get_by_label(re.compile(r"Belopp år 1")).fill("1 000 000")
    page.get_by_role("button", name="Spara och räkna om").click()
    page.wait_for_load_state()
    table = page.get_by_role("table", name=re.compile(f"Medlemsbidrag {year}:")).inner_text()
    table = table.replace("\u00a0", " ")
    assert "Region Gävleborg" in table and "500 000" in table
    # Bollnäs and Söderhamn share 500 000 by population: 255 204 and 244 796 (largest remainder).
    assert "255 204" in table and "244 796" in table, table
    step(page, "07-contributions")

    # A section.
    page.get_by_role("link", name="Texter", exact=True).first.click()
    page.get_by_role("link", name="Redigera Inledning").click()
    page.wait_for_load_state()
    editor = page.locator('[role="textbox"][contenteditable="true"]')  # once the editor is up
    editor.click()
    page.keyboard.type(
        "Förbundet bildades 2008 – medlemmarna är ”Bollnäs och Söderhamn” & regionen."
    )
    page.get_by_label("Status").select_option(label="Klar")
    page.get_by_role("button", name="Spara", exact=True).click()
    page.get_by_role("status").filter(has_text="Sparat").wait_for()
    step(page, "08-section-saved")

    # An intervention with its amounts (its budget line) and two parties.
    page.goto(plan_url)
    page.get_by_role("link", name="Insatser", exact=True).first.click()
    page.get_by_role("link", name="Ny insats").click()
    step(page, "09-intervention-new")
    page.get_by_label("Namn").fill(INTERVENTION)
    page.get_by_label("Typ").select_option(label="Individinriktad")
    page.get_by_label("Insatsägare").select_option(label="Söderhamns kommun")
    page.get_by_label("Försäkringskassan").check()
    for offset, amount in enumerate(INTERVENTION_AMOUNTS):
        page.get_by_label(f"Belopp {year + offset} (kr)").fill(str(amount))
    page.get_by_role("button", name="Spara insatsen").click()
    page.wait_for_load_state()
    assert page.get_by_role("link", name=INTERVENTION).is_visible()
    step(page, "10-interventions")

    # A goal the intervention serves, followed up with an NNS indicator target.
    page.goto(plan_url)
    page.get_by_role("link", name="Mål", exact=True).first.click()
    page.get_by_role("link", name="Nytt mål").click()
    page.get_by_label("Nivå").select_option(label="Övergripande mål")
    page.get_by_label(re.compile(r"^Mål:?$")).fill(GOAL)
    page.get_by_label(INTERVENTION).check()
    page.get_by_role("button", name="Spara målet").click()
    page.wait_for_load_state()
    assert page.get_by_text("Målet är sparat.").is_visible()
    page.goto(plan_url)
    page.get_by_role("link", name="Indikatorer och uppföljning", exact=True).first.click()
    page.get_by_role("link", name=re.compile(f"^Lägg till\\s*: {GOAL[:20]}")).first.click()
    step(page, "11-target-new")
    page.get_by_label(re.compile(r"^Indikator:?$")).select_option(
        label="NNS Indikator 7 – Stegförflyttning"
    )
    page.get_by_label("Typ av målvärde").select_option(label="Procent")
    page.get_by_label(re.compile(r"^Målvärde \(procent")).fill("40")
    page.get_by_label("Årsredovisning").check()
    page.get_by_role("button", name="Spara").first.click()
    page.wait_for_load_state()
    assert page.get_by_text("Målvärdet är sparat.").is_visible()
    step(page, "12-indicators")

    # The budget: the contributions and the intervention are there; an office line balances it.
    page.goto(plan_url)
    page.get_by_role("link", name="Budget", exact=True).first.click()
    assert results(page) == [TOTAL - a for a in INTERVENTION_AMOUNTS]
    step(page, "13-budget-start")
    page.get_by_label("Grupp", exact=True).select_option(label="Administration och kansli")
    page.get_by_label("Benämning på ny rad").fill("Förbundschef och kansli")
    page.get_by_role("button", name="Lägg till", exact=True).click()
    page.wait_for_load_state()
    for offset, amount in enumerate(INTERVENTION_AMOUNTS):
        type_amount(page, "Förbundschef och kansli", year + offset, TOTAL - amount)
    assert results(page) == [0, 0, 0]
    page.get_by_role("link", name="Eget kapital, rubriker och skäl till underskott").click()
    page.get_by_label(re.compile(r"^Eget kapital vid utgången av")).fill("150 000")
    page.get_by_role("button", name="Spara").first.click()
    page.wait_for_load_state()
    page.reload()  # saved, not just shown
    assert results(page) == [0, 0, 0]
    assert "Ingående eget kapital är inte angivet" not in page.locator("main").inner_text()
    step(page, "14-budget-balanced")

    # Export: the budget as Excel (same figures), the draft as PDF.
    page.goto(plan_url)
    page.get_by_role("link", name="Export", exact=True).first.click()
    step(page, "15-export")
    with page.expect_download() as download:
        page.get_by_role("link", name="Budgeten som Excel-fil").click()
    book = load_workbook(BytesIO(download.value.path().read_bytes()))
    sheet = book["Medlemsbidrag"]
    amounts = [
        row[2]
        for row in sheet.iter_rows(min_row=5, values_only=True)
        if row[5] and str(row[5]).startswith("member:")
    ]
    assert sum(amounts) == TOTAL and 255_204 in amounts
    page.get_by_role("button", name="Skapa PDF").click()
    page.get_by_role("link", name="Ladda ner PDF").wait_for()
    href = page.get_by_role("link", name="Ladda ner PDF").get_attribute("href")
    pdf = page.request.get(f"{server}{href}")
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    step(page, "16-pdf-ready")

    # Send to the board (warnings, if any, are read and accepted).
    page.get_by_role("link", name="Granskning", exact=True).first.click()
    step(page, "17-review")
    acknowledge = page.locator("form[action$='/skicka/']").get_by_role("checkbox")
    if acknowledge.count() and acknowledge.first.is_visible():
        acknowledge.first.check()
    page.get_by_role("button", name="Skicka till styrelsen").click()
    page.wait_for_load_state()
    assert page.locator(".status").first.inner_text() == "Hos styrelsen"
    page.get_by_role("button", name="Logga ut").click()
    page.wait_for_load_state()

    # The chair chooses her own password and records the board's decision.
    log_in(page, server, "eva.lind", chair_pw)
    choose_own_password(page, server, chair_pw, "Eva-Linds-eget-2026")
    assert page.url == f"{base}/"
    assert "Kom igång" not in page.locator("main").inner_text()
    step(page, "18-chair-home")
    page.get_by_role("link", name=re.compile(f"Verksamhetsplan och budget {year}")).click()
    page.get_by_role("link", name="Granskning", exact=True).first.click()
    page.get_by_role("link", name="Registrera styrelsens beslut").click()
    step(page, "19-approve")
    meeting = date.today().isoformat()  # a decision cannot be dated in the future
    page.get_by_label("Sammanträdesdatum").fill(meeting)
    page.get_by_label(re.compile(r"Paragraf")).fill("39")
    page.get_by_role("button", name="Registrera beslutet").click()
    page.wait_for_load_state()
    assert page.locator(".status").first.inner_text() == "Beslutad"
    assert page.get_by_text(re.compile(rf"{meeting}.*§ ?39")).first.is_visible()
    step(page, "20-approved")
