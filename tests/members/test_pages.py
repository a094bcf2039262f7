"""Contributions page, settings forms and member pages: figures, bad input, query counts."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from members.contributions import (
    contribution_checks,
    contribution_table,
    contributions_roll_forward,
)
from members.models import (
    BoardSeat,
    ContributionDecision,
    ContributionSettings,
    Member,
)
from plans.models import Plan


def url(plan: Plan, name: str = "members:contributions", **kw) -> str:
    return reverse(name, kwargs={"assoc": plan.association.slug, "plan_id": plan.pk, **kw})


def test_table_reproduces_seed_000(plan_2025):
    table = contribution_table(plan_2025)
    y = table.years[0]
    assert y.year == 2025
    assert y.total == y.computed_total == 7_864_000
    assert {r.label: r.computed for r in y.rows}["Eda kommun"] == 196_600
    assert not any(r.deviates for r in y.rows)
    assert [t.total for t in table.years] == [7_864_000, 7_077_600, 7_077_600]
    assert all(sum(r.amount for r in t.rows) == t.total for t in table.years)


def test_members_joining_later_only_count_from_their_year(plan_2025, vvnd):
    plan = Plan.objects.create(association=vvnd, year=2021, revision=9)
    ContributionSettings.objects.create(plan=plan, amount=1_000_000)
    labels = [r.label for r in contribution_table(plan).years[0].rows]
    assert "Arvika kommun" not in labels and "Säffle kommun" in labels
    assert "Arvika kommun" in [r.label for r in contribution_table(plan).years[2].rows]


def test_decided_amount_deviation_is_flagged_and_used(plan_2025, vvnd):
    eda = Member.objects.get(association=vvnd, name="Eda kommun")
    ContributionDecision.objects.filter(plan=plan_2025, member=eda, year=2025).delete()
    ContributionDecision.objects.create(plan=plan_2025, member=eda, year=2025, amount=200_000)
    y = contribution_table(plan_2025).years[0]
    row = next(r for r in y.rows if r.member_id == eda.pk)
    assert row.deviates and row.amount == 200_000 and row.computed == 196_600
    assert y.total == 7_864_000 + 3_400
    codes = {c.code for c in contribution_checks(plan_2025)}
    assert "contribution_deviates" in codes


def test_page_shows_table_chart_and_data(client_for, plan_2025):
    response = client_for("finance").get(url(plan_2025))
    assert response.status_code == 200
    html = response.content.decode()
    assert "196\u00a0600" in html and "7\u00a0864\u00a0000" in html
    assert "<svg" in html and "<title" in html and "<desc" in html
    assert 'name="y2025-decided_' in html  # finance may edit
    board = client_for("board").get(url(plan_2025)).content.decode()
    assert 'name="y2025-decided_' not in board and "196\u00a0600" in board


def _post_settings(client, plan, **overrides):
    data = {
        "input_mode": "total",
        "amount_text": "7 864 000",
        "combine_state": "",
        "part_year": "months",
        "state_share": "50",
        "region_share": "25",
        "municipality_share": "25",
        "region_key": "population",
        "municipality_key": "population",
        "rounding": "1",
        "region_rounding": "",
        "municipality_rounding": "",
        "year2_scenario": "unchanged",
        "year3_scenario": "unchanged",
        "version": ContributionSettings.objects.get(plan=plan).version,
    }
    data.update(overrides)
    return client.post(url(plan, "members:contributions_settings"), data)


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"amount_text": "-5"}, "negativt"),
        ({"amount_text": "abc"}, "inte ett belopp"),
        ({"municipality_share": "20"}, "100 %"),
        ({"region_key": "fixed"}, "fast andel"),
        ({"year2_scenario": "percent", "year2_text": "x"}, "procent"),
    ],
)
def test_bad_settings_save_nothing(client_for, plan_2025, overrides, message):
    before = ContributionSettings.objects.get(plan=plan_2025)
    response = _post_settings(client_for("finance"), plan_2025, **overrides)
    assert response.status_code == 422
    assert message in response.content.decode()
    after = ContributionSettings.objects.get(plan=plan_2025)
    assert (after.amount, after.region_key, after.version) == (
        before.amount,
        before.region_key,
        before.version,
    )


def test_settings_save_and_state_scenario(client_for, plan_2025):
    response = _post_settings(
        client_for("finance"),
        plan_2025,
        input_mode="state",
        amount_text="3 932 000",
        year2_scenario="amount",
        year2_text="3 882 000",
    )
    assert response.status_code == 302
    totals = [y.computed_total for y in contribution_table(plan_2025).years]
    assert totals[1] - totals[0] == -100_000


def test_fixed_shares_must_sum_to_100_on_the_page(client_for, plan_2025, vvnd):
    nacka_like = list(Member.objects.filter(association=vvnd, kind="municipality"))
    shares = {f"share_{m.pk}": "10" for m in nacka_like}
    response = _post_settings(client_for("finance"), plan_2025, municipality_key="fixed", **shares)
    assert response.status_code == 422
    assert "ska tillsammans vara 100" in response.content.decode()


def test_decided_amounts_post(client_for, plan_2025, vvnd):
    eda = Member.objects.get(association=vvnd, name="Eda kommun")
    client = client_for("finance")
    field = f"y2026-decided_{eda.pk}"
    bad = client.post(url(plan_2025, "members:contributions_decided", year=2026), {field: "abc"})
    assert bad.status_code == 422
    assert not ContributionDecision.objects.filter(plan=plan_2025, year=2026).exists()
    ok = client.post(url(plan_2025, "members:contributions_decided", year=2026), {field: "180 000"})
    assert ok.status_code == 302
    assert ContributionDecision.objects.get(plan=plan_2025, member=eda, year=2026).amount == 180_000


def test_decided_amounts_of_a_year_are_saved_together_or_not_at_all(plan_2025, vvnd, varna):
    from django.core.exceptions import ValidationError

    from members.services import contribution_decisions_set

    eda = Member.objects.get(association=vvnd, name="Eda kommun")
    stranger = Member.objects.filter(association=varna).first()
    with pytest.raises(ValidationError):
        contribution_decisions_set(
            user=None,
            plan=plan_2025,
            year=2026,
            amounts={None: 4_000_000, eda.pk: 180_000, stranger.pk: 1},
        )
    assert not ContributionDecision.objects.filter(plan=plan_2025, year=2026).exists()
    contribution_decisions_set(
        user=None, plan=plan_2025, year=2026, amounts={None: 4_000_000, eda.pk: None}
    )
    decided = ContributionDecision.objects.get(plan=plan_2025, year=2026)
    assert (decided.member, decided.amount) == (None, 4_000_000)  # the FK/AF line


def test_contributions_page_query_count_does_not_grow(
    client_for, plan_2025, vvnd, django_assert_max_num_queries
):
    client = client_for("finance")
    client.get(url(plan_2025))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get(url(plan_2025))
    for i in range(10):
        Member.objects.create(
            association=vvnd,
            name=f"Testkommun {i}",
            kind="municipality",
            population=1000 + i,
            population_year=2023,
        )
    with CaptureQueriesContext(connection) as big:
        assert client.get(url(plan_2025)).status_code == 200
    assert len(big) == len(small)


def test_overview_query_count_does_not_grow(client_for, vvnd):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("director")
    client.get(f"/f/{vvnd.slug}/")
    with CaptureQueriesContext(connection) as small:
        client.get(f"/f/{vvnd.slug}/installningar/medlemmar/")
    member = Member.objects.filter(association=vvnd).first()
    for i in range(5):
        m = Member.objects.create(association=vvnd, name=f"Ny {i}", kind="municipality")
        BoardSeat.objects.create(association=vvnd, member=m, person=f"P {i}", role="member")
    with CaptureQueriesContext(connection) as big:
        client.get(f"/f/{vvnd.slug}/installningar/medlemmar/")
    assert len(big) == len(small)
    assert member is not None


def test_member_population_abc_is_refused(client_for, vvnd):
    client = client_for("director")
    response = client.post(
        reverse("members:member_create", kwargs={"assoc": vvnd.slug}),
        {"name": "Ny kommun", "kind": "municipality", "population": "abc"},
    )
    assert response.status_code == 422
    assert "heltal" in response.content.decode()
    assert not Member.objects.filter(association=vvnd, name="Ny kommun").exists()


def test_member_create_and_region(client_for, vvnd):
    region = Member.objects.get(association=vvnd, name="Region Värmland")
    response = client_for("director").post(
        reverse("members:member_create", kwargs={"assoc": vvnd.slug}),
        {
            "name": "Karlstads kommun",
            "kind": "municipality",
            "population": "95 000".replace(" ", ""),
            "population_year": "2023",
            "region": region.pk,
            "valid_from": "2026-01-01",
        },
    )
    assert response.status_code == 302
    m = Member.objects.get(association=vvnd, name="Karlstads kommun")
    assert m.region == region and not m.is_member_in(2025) and m.is_member_in(2026)


def test_one_seat_and_one_deputy_per_member(client_for, vvnd):
    member = Member.objects.get(association=vvnd, name="Eda kommun")
    response = client_for("director").post(
        reverse("members:seat_create", kwargs={"assoc": vvnd.slug}),
        {"member": member.pk, "role": "member", "person": "Extra Person"},
    )
    assert response.status_code == 422
    assert "redan en ordinarie plats" in response.content.decode()


def test_org_number_check_digit(client_for, vvnd):
    client = client_for("director")
    base = {"name": vvnd.name, "short_name": vvnd.short_name, "website": ""}
    bad = client.post(
        reverse("members:profile", kwargs={"assoc": vvnd.slug}),
        {**base, "org_number": "222000-2353"},
    )
    assert bad.status_code == 422 and "Kontrollsiffran" in bad.content.decode()
    vvnd.refresh_from_db()
    assert vvnd.org_number != "222000-2353"
    ok = client.post(
        reverse("members:profile", kwargs={"assoc": vvnd.slug}),
        {**base, "org_number": "2220002352"},
    )
    assert ok.status_code == 302
    vvnd.refresh_from_db()
    assert vvnd.org_number == "222000-2352"


def test_group_people_must_be_members(client_for, vvnd):
    response = client_for("director").post(
        reverse("members:group_create", kwargs={"assoc": vvnd.slug}),
        {"name": "Analysgrupp", "kind": "analysis", "people": "Anna; analytiker; Okänd kommun"},
    )
    assert response.status_code == 422
    assert "inte en medlem" in response.content.decode()


def test_roll_forward_year_two_becomes_year_one(plan_2025, vvnd):
    new = Plan.objects.create(association=vvnd, year=2026, revision=9, previous=plan_2025)
    contributions_roll_forward(old_plan=plan_2025, new_plan=new)
    s = ContributionSettings.objects.get(plan=new)
    assert s.input_mode == "total" and s.amount == 7_077_600
    assert contribution_table(new).years[0].computed_total == 7_077_600
    assert s.region_rounding == 1000 and s.municipality_rounding == 100
    assert Decimal(contribution_table(new).settings.split.state) == 50


def test_approved_plan_keeps_the_key_it_was_decided_with(plan_2025, vvnd):
    import datetime

    from members.models import ContributionKey

    eda = Member.objects.get(association=vvnd, name="Eda kommun")
    ContributionDecision.objects.filter(plan=plan_2025).delete()
    before = contribution_table(plan_2025)
    plan_2025.status = Plan.Status.APPROVED
    plan_2025.decision_date = datetime.date(2024, 11, 25)
    plan_2025.save()
    assert ContributionKey.objects.filter(plan=plan_2025).count() == 11
    eda.population = 20_000
    eda.save()
    Member.objects.create(
        association=vvnd,
        name="Karlstads kommun",
        kind="municipality",
        population=95_000,
        population_year=2024,
    )
    after = contribution_table(plan_2025)
    assert after.years == before.years
    draft = Plan.objects.create(association=vvnd, year=2025, revision=plan_2025.revision + 1)
    ContributionSettings.objects.create(plan=draft, input_mode="total", amount=7_864_000)
    live = {r.label: r.computed for r in contribution_table(draft).years[0].rows}
    assert "Karlstads kommun" in live


def test_member_in_a_decided_plan_cannot_be_deleted(client_for, plan_2025, vvnd):
    import datetime

    plan_2025.status = Plan.Status.APPROVED
    plan_2025.decision_date = datetime.date(2024, 11, 25)
    plan_2025.save()
    eda = Member.objects.get(association=vvnd, name="Eda kommun")
    response = client_for("director").post(
        reverse("members:member_delete", kwargs={"assoc": vvnd.slug, "member_id": eda.pk}),
        follow=True,
    )
    assert response.status_code == 200
    assert "kan inte tas bort" in response.content.decode()
    assert Member.objects.filter(pk=eda.pk).exists()


def test_year_switch_and_scenario_text(client_for, plan_2025):
    client = client_for("finance")
    html = client.get(url(plan_2025) + "?ar=2026").content.decode()
    assert "Medlemsbidrag 2026: nyckel" in html and "Medlemsbidrag 2025: nyckel" not in html
    assert "\u221210,0\u00a0%" in html  # the seed's −10 % for the state in 2026
    fallback = client.get(url(plan_2025) + "?ar=abc").content.decode()
    assert "Medlemsbidrag 2025: nyckel" in fallback


def test_stale_settings_form_does_not_overwrite(client_for, plan_2025):
    s = ContributionSettings.objects.get(plan=plan_2025)
    stale = s.version
    s.amount = 8_000_000
    # Someone else saves meanwhile: the stored version moves on.
    from plans.locking import save_versioned

    save_versioned(s, None)
    response = _post_settings(
        client_for("finance"), plan_2025, amount_text="1 000 000", version=stale
    )
    assert response.status_code == 302
    assert ContributionSettings.objects.get(plan=plan_2025).amount == 8_000_000


def test_htmx_year_switch_and_save_return_the_figures_only(client_for, plan_2025, vvnd):
    client = client_for("finance")
    part = client.get(url(plan_2025) + "?ar=2027", HTTP_HX_REQUEST="true").content.decode()
    assert part.startswith('<div id="contrib-figures">') and "<html" not in part
    assert "Medlemsbidrag 2027: nyckel" in part
    eda = Member.objects.get(association=vvnd, name="Eda kommun")
    post_url = url(plan_2025, "members:contributions_decided", year=2027)
    bad = client.post(post_url, {f"y2027-decided_{eda.pk}": "-4"}, HTTP_HX_REQUEST="true")
    assert bad.status_code == 200 and "negativt" in bad.content.decode()
    assert not ContributionDecision.objects.filter(plan=plan_2025, year=2027).exists()
    ok = client.post(post_url, {f"y2027-decided_{eda.pk}": "150 000"}, HTTP_HX_REQUEST="true")
    html = ok.content.decode()
    assert ok.status_code == 200 and 'hx-swap-oob="true"' in html and "avviker" in html


def test_checks_are_said_once_and_name_the_deviation(plan_2025, vvnd):
    s = ContributionSettings.objects.get(plan=plan_2025)
    s.state_share, s.region_share, s.municipality_share = 50, 20, 30
    s.save()
    checks = contribution_checks(plan_2025)
    split = [c for c in checks if c.code == "contributions_split"]
    assert len(split) == 1  # not once per year
    ContributionSettings.objects.filter(plan=plan_2025).delete()
    codes = [c.code for c in contribution_checks(plan_2025)]
    assert codes.count("contributions_missing") == 1


def test_settings_summary_names_the_separate_roundings(client_for, vvnd):
    """Seed 000 rounds regions to 1 000 kr and municipalities to 100 kr."""
    approved = Plan.objects.get(association=vvnd, year=2025, status=Plan.Status.APPROVED)
    html = client_for("finance").get(url(approved)).content.decode()
    assert "regionerna 1\xa0000\xa0kr" in html and "kommunerna 100\xa0kr" in html
    # The keys are named as the settings form names them (the model's labels).
    assert "<dd>Efter invånarantal</dd>" in html


def test_new_members_are_listed_state_regions_municipalities(db):
    from members.models import Association
    from members.services import member_save

    association = Association.objects.create(name="Samordningsförbundet Test", slug="test-ordning")
    for name, kind in [
        ("Bollnäs kommun", "municipality"),
        ("Region Gävleborg", "region"),
        ("Arbetsförmedlingen", "af"),
        ("Försäkringskassan", "fk"),
        ("Alfta kommun", "municipality"),
    ]:
        # order=None: no order typed (the form's empty field), so each goes last of its kind.
        member = Member(association=association, name=name, kind=kind, order=None)
        member_save(user=None, member=member)
    names = list(association.members.values_list("name", flat=True))
    assert names == [
        "Försäkringskassan",
        "Arbetsförmedlingen",
        "Region Gävleborg",
        "Bollnäs kommun",
        "Alfta kommun",
    ]


def test_the_member_page_says_what_a_delete_takes_with_it(client_for, vvnd):
    from members.models import BoardSeat
    from plans.models import Intervention

    eda = Member.objects.get(association=vvnd, name="Eda kommun")
    BoardSeat.objects.create(association=vvnd, member=eda, person="Eva Lind", role="deputy")
    plan = Plan.objects.create(association=vvnd, year=2031)
    owned = Intervention.objects.create(
        plan=plan, name="Steget vidare", kind="individual", owner=eda
    )
    owned.parties.add(eda)
    html = (
        client_for("director")
        .get(reverse("members:member_edit", kwargs={"assoc": vvnd.slug, "member_id": eda.pk}))
        .content.decode()
    )
    assert "Tas medlemmen bort försvinner också:" in html
    assert "styrelseplats" in html and "Eva Lind" in html
    assert "insatsägare för Steget vidare" in html
    assert "part i " in html  # the demo has Eda in other interventions too
