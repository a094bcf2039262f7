"""Members who join or leave during a year: the page, the PDF and the Excel file say so, with
the date and the months counted, and all three show the same figures (seed 000's figures)."""

from __future__ import annotations

import datetime
import io
from html.parser import HTMLParser

import pytest
from openpyxl import load_workbook

from budgets.excel_cells import SHEET_CONTRIBUTIONS
from budgets.excel_export import export_input_for_plan, workbook_bytes
from members.contributions import contribution_checks, contribution_table
from members.models import ContributionKey, ContributionSettings, Member
from plans.models import Plan, Section
from plans.pdf.html import render_plan_html

from .test_pages import _post_settings, url

EDA_NOTE = "Medlem från 1 juli 2026: 6 av 12 månader"
EDA_WARNING = (
    "Eda kommun är medlem från 1 juli 2026 och räknas i fördelningsnyckeln för 6 av årets "
    "12 månader."
)


@pytest.fixture
def eda_joins_in_july(vvnd) -> Member:
    eda = Member.objects.get(association=vvnd, name="Eda kommun")
    eda.valid_from = datetime.date(2026, 7, 1)
    eda.save()
    return eda


def _row(table, year: int, label: str):
    return next((r for r in table.year(year).rows if r.label == label), None)


def test_a_municipality_joining_on_1_july_pays_for_six_months(plan_2025, eda_joins_in_july):
    table = contribution_table(plan_2025)
    assert _row(table, 2025, "Eda kommun") is None  # not a member yet
    eda = _row(table, 2026, "Eda kommun")
    # 2026: 7 077 600 in all (state −10 %), municipalities 1 769 400 at 100 kr: Eda's
    # 8 484 inhabitants × 6 months against the six others' × 12 is 93 131 → 93 100.
    assert (eda.computed, eda.months, eda.note) == (93_100, 6, EDA_NOTE)
    assert table.year(2026).computed_total == 7_077_600
    assert sum(r.computed for r in table.year(2026).rows) == 7_077_600
    assert (_row(table, 2027, "Eda kommun").months, _row(table, 2027, "Eda kommun").note) == (
        12,
        "",
    )
    # the same price per inhabitant and month as a whole-year member (within the rounding)
    arvika = _row(table, 2026, "Arvika kommun")
    assert abs(eda.computed / (8_484 * 6) - arvika.computed / (25_459 * 12)) < 100 / (8_484 * 6)
    assert EDA_WARNING in [c.message for c in contribution_checks(plan_2025, table)]
    # seed 000's 2025 key is untouched by a change in 2026
    assert table.year(2025).computed_total == 7_864_000


def test_the_whole_year_setting_counts_the_joining_year_whole(plan_2025, eda_joins_in_july):
    ContributionSettings.objects.filter(plan=plan_2025).update(part_year="whole")
    table = contribution_table(plan_2025)
    eda = _row(table, 2026, "Eda kommun")
    assert (eda.months, eda.note) == (12, "Medlem från 1 juli 2026: räknas som helt år")
    assert eda.computed == _row(table, 2027, "Eda kommun").computed
    assert any("betalar för hela året" in c.message for c in contribution_checks(plan_2025))


class _Rows(HTMLParser):
    """The contributions table's row headers: (name, note under it)."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self._in_th = False

    def handle_starttag(self, tag, attrs):
        if tag == "th" and ("scope", "row") in attrs:
            self._in_th = True
            self.rows.append([])

    def handle_endtag(self, tag):
        if tag == "th":
            self._in_th = False

    def handle_data(self, data):
        if self._in_th and data.strip():
            self.rows[-1].append(data.strip())


def test_the_page_names_the_date_and_the_months_on_the_row(
    client_for, plan_2025, eda_joins_in_july
):
    html = client_for("board").get(url(plan_2025) + "?ar=2026").content.decode()
    parser = _Rows()
    parser.feed(html)
    assert ["Eda kommun", EDA_NOTE] in parser.rows
    assert EDA_WARNING in html
    # the settings summary a reader sees says which rule is used
    assert "Efter de månader den är medlem" in html


def test_the_setting_is_saved_from_the_page(client_for, plan_2025, eda_joins_in_july):
    response = _post_settings(client_for("finance"), plan_2025, part_year="whole")
    assert response.status_code == 302
    assert ContributionSettings.objects.get(plan=plan_2025).part_year == "whole"
    response = _post_settings(client_for("finance"), plan_2025, part_year="quarters")
    assert response.status_code == 422
    assert ContributionSettings.objects.get(plan=plan_2025).part_year == "whole"


def test_the_pdf_and_the_excel_file_say_it_too(plan_2025, eda_joins_in_july):
    Section.objects.create(plan=plan_2025, kind=Section.Kind.CONTRIBUTIONS, title="Bidrag")
    assert EDA_WARNING in render_plan_html(plan_2025)
    wb = load_workbook(io.BytesIO(workbook_bytes(export_input_for_plan(plan_2025))))
    ws = wb[SHEET_CONTRIBUTIONS]
    texts = [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]
    total_at = texts.index("Summa medlemsbidrag")
    assert texts[total_at + 2] == EDA_WARNING
    # the Excel figure is the page's
    row = next(r for r, t in enumerate(texts, start=1) if t == "Eda kommun")
    assert ws.cell(row=row, column=4).value == 93_100


def test_a_member_leaving_on_30_june(plan_2025, vvnd):
    amal = Member.objects.get(association=vvnd, name="Åmål kommun")
    amal.valid_to = datetime.date(2026, 6, 30)
    amal.save()
    table = contribution_table(plan_2025)
    row = _row(table, 2026, "Åmål kommun")
    assert (row.months, row.note) == (6, "Medlem till och med 30 juni 2026: 6 av 12 månader")
    assert _row(table, 2027, "Åmål kommun") is None
    assert [y.computed_total for y in table.years] == [7_864_000, 7_077_600, 7_077_600]


def test_an_approved_plan_keeps_the_dates_it_was_decided_with(plan_2025, eda_joins_in_july):
    before = contribution_table(plan_2025)
    plan_2025.status = Plan.Status.APPROVED
    plan_2025.decision_date = datetime.date(2024, 11, 25)
    plan_2025.save()
    key = ContributionKey.objects.get(plan=plan_2025, member=eda_joins_in_july)
    assert key.valid_from == datetime.date(2026, 7, 1)
    eda_joins_in_july.valid_from = datetime.date(2026, 1, 1)
    eda_joins_in_july.save()
    assert contribution_table(plan_2025).years == before.years


def test_keys_recorded_before_the_dates_existed_count_whole_years(plan_2025, eda_joins_in_july):
    """A plan approved before this change has key rows without dates: it keeps its figures."""
    plan_2025.status = Plan.Status.APPROVED
    plan_2025.decision_date = datetime.date(2024, 11, 25)
    plan_2025.save()
    from plans.review.freeze import restoring

    with restoring():  # the database's freeze trigger too, on PostgreSQL
        ContributionKey.objects.filter(plan=plan_2025).update(valid_from=None, valid_to=None)
    eda = _row(contribution_table(plan_2025), 2026, "Eda kommun")
    assert (eda.months, eda.note) == (12, "")


def test_a_former_member_needs_no_fixed_share(client_for, plan_2025, vvnd):
    """A municipality that left in 2020 was given a share field, and a fixed key could not be
    saved without typing one for it."""
    Member.objects.create(
        association=vvnd,
        name="Grums kommun",
        kind="municipality",
        population=9_000,
        valid_to=datetime.date(2020, 12, 31),
    )
    grums = Member.objects.get(name="Grums kommun")
    shares = {
        f"share_{m.pk}": str(v)
        for m, v in zip(
            Member.objects.filter(association=vvnd, kind="municipality").exclude(pk=grums.pk),
            (30, 10, 20, 10, 10, 5, 15),
            strict=True,
        )
    }
    page = client_for("finance").get(url(plan_2025)).content.decode()
    assert f'name="share_{grums.pk}"' not in page
    response = _post_settings(client_for("finance"), plan_2025, municipality_key="fixed", **shares)
    assert response.status_code == 302
    table = contribution_table(plan_2025)
    assert table.years[0].error == ""
    assert _row(table, 2025, "Grums kommun") is None


def test_roll_forward_keeps_the_part_year_setting(plan_2025, vvnd):
    from members.contributions import contributions_roll_forward

    ContributionSettings.objects.filter(plan=plan_2025).update(part_year="whole")
    new = Plan.objects.create(association=vvnd, year=2026, revision=9, previous=plan_2025)
    contributions_roll_forward(old_plan=plan_2025, new_plan=new)
    assert ContributionSettings.objects.get(plan=new).part_year == "whole"
