"""Demo associations, members, board seats and logins from the four seed plans.

Figures are the seeds' own. Populations are chosen so the charter's key reproduces the decided
contributions of the seed (the seeds do not print populations); their source year is given.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from django.utils.text import slugify

from .models import Association, BoardSeat, Group, GroupMember, Member, Membership, User
from .roles import Role

if TYPE_CHECKING:
    from plans.models import Plan

DEMO_PASSWORD = "demo-losen-2025"

# (key, name, slug, short, org number, formed, seat, website)
ASSOCIATIONS = [
    (
        "vvnd",
        "Västra Värmlands & Norra Dalslands Samordningsförbund",
        "vvnd",
        "VVND",
        "",
        date(2023, 1, 1),
        "Årjäng",
        "https://www.vvnd.se",
    ),
    (
        "falun",
        "Samordningsförbundet Finsam Falun-Borlänge",
        "falun-borlange",
        "Finsam Falun-Borlänge",
        "",
        date(2023, 1, 1),
        "Falun",
        "",
    ),
    (
        "ostra",
        "Samordningsförbundet Östra Värmland",
        "ostra-varmland",
        "Östra Värmland",
        "222000-2352",
        date(2007, 4, 1),
        "Filipstad",
        "",
    ),
    (
        "varna",
        "Samordningsförbundet VärNa",
        "varna",
        "VärNa",
        "",
        date(2016, 5, 1),
        "Nacka",
        "",
    ),
]

# (username, full name, label, [(association key, role)])
DEMO_USERS = [
    (
        "chef",
        "Anna Lind",
        "förbundschef (VVND och Östra Värmland)",
        [("vvnd", Role.DIRECTOR), ("ostra", Role.DIRECTOR)],
    ),
    ("ekonom", "Erik Berg", "ekonom (VVND)", [("vvnd", Role.FINANCE)]),
    ("ledamot", "Sara Holm", "styrelseledamot (VVND)", [("vvnd", Role.BOARD)]),
    ("ordforande", "Per Ek", "ordförande (VVND)", [("vvnd", Role.CHAIR)]),
    ("revisor", "Maria Sjö", "revisor (VVND)", [("vvnd", Role.AUDITOR)]),
    ("varna", "Lena Ström", "förbundschef (VärNa)", [("varna", Role.DIRECTOR)]),
    ("falun", "Karin Dal", "förbundschef (Falun-Borlänge)", [("falun", Role.DIRECTOR)]),
]


# Demo addresses are on a domain that is not anyone's mailbox (as create_association's
# example); in development mail goes to the console (settings.MAILERS), so "Skicka till
# styrelsen" shows the board's e-mails in the terminal running scripts/run.sh.
DEMO_MAIL_DOMAIN = "example.se"


def demo_email(full_name: str) -> str:
    """'Johan Åberg' → 'johan.aberg@example.se'."""
    return ".".join(slugify(part) for part in full_name.split()) + f"@{DEMO_MAIL_DOMAIN}"


def give_demo_address(user: User) -> None:
    """An address from the user's name, unless the user has one (kept on a re-run)."""
    if not user.email:
        user.email = demo_email(user.get_full_name() or user.get_username())
        user.save(update_fields=["email"])


def association(key: str) -> Association:
    slug = next(a[2] for a in ASSOCIATIONS if a[0] == key)
    return Association.objects.get(slug=slug)


def _load_associations() -> dict[str, Association]:
    result = {}
    for key, name, slug, short, org, formed, seat, web in ASSOCIATIONS:
        assoc, _ = Association.objects.update_or_create(
            slug=slug,
            defaults={
                "name": name,
                "short_name": short,
                "org_number": org,
                "formed": formed,
                "seat": seat,
                "website": web,
            },
        )
        result[key] = assoc
    return result


def _load_users(assocs: dict[str, Association]) -> None:
    for username, full_name, _label, roles in DEMO_USERS:
        first, last = full_name.split(" ", 1)
        user, created = User.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created or not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            user.save()
        give_demo_address(user)
        for key, role in roles:
            Membership.objects.update_or_create(
                user=user, association=assocs[key], defaults={"role": role}
            )


def load(stdout=None) -> None:
    assocs = _load_associations()
    _load_users(assocs)
    for key, assoc in assocs.items():
        _load_members(key, assoc)
        # On a re-run the seed plans exist already; on the first run plans.demo calls
        # load_contributions itself once it has created them.
        _load_contributions_of_existing_plans(assoc)


# Members per association: (name, kind, population, population year, region name, valid_from).
# VVND's populations are SCB 2023 figures summing to the 84 836 the seed prints, chosen per
# municipality so that the charter's population key reproduces the decided 2025 amounts.
# Falun-Borlänge's seed prints no populations: 59 727 and 55 183 are chosen so that population
# reproduces its decided tkr figures (real 2023 figures differ). Östra Värmland's sum to the
# "nearly 14 500" the seed mentions. VärNa's charter uses fixed shares, populations are context.
FK = ("Försäkringskassan", Member.Kind.FK, None, None, None, None)
AF = ("Arbetsförmedlingen", Member.Kind.AF, None, None, None, None)
MEMBERS = {
    "vvnd": [
        FK,
        AF,
        ("Region Värmland", Member.Kind.REGION, 59222, 2023, None, None),
        ("Västra Götalandsregionen", Member.Kind.REGION, 25614, 2023, None, None),
        (
            "Arvika kommun",
            Member.Kind.MUNICIPALITY,
            25459,
            2023,
            "Region Värmland",
            date(2023, 1, 1),
        ),
        ("Eda kommun", Member.Kind.MUNICIPALITY, 8484, 2023, "Region Värmland", date(2023, 1, 1)),
        ("Säffle kommun", Member.Kind.MUNICIPALITY, 15319, 2023, "Region Värmland", None),
        ("Årjäng kommun", Member.Kind.MUNICIPALITY, 9960, 2023, "Region Värmland", None),
        (
            "Bengtsfors kommun",
            Member.Kind.MUNICIPALITY,
            9364,
            2023,
            "Västra Götalandsregionen",
            None,
        ),
        ("Dals-Ed kommun", Member.Kind.MUNICIPALITY, 4298, 2023, "Västra Götalandsregionen", None),
        ("Åmål kommun", Member.Kind.MUNICIPALITY, 11952, 2023, "Västra Götalandsregionen", None),
    ],
    "falun": [
        FK,
        AF,
        ("Region Dalarna", Member.Kind.REGION, 114910, 2023, None, None),
        ("Falu kommun", Member.Kind.MUNICIPALITY, 59727, 2023, "Region Dalarna", None),
        ("Borlänge kommun", Member.Kind.MUNICIPALITY, 55183, 2023, "Region Dalarna", None),
    ],
    "ostra": [
        FK,
        AF,
        ("Region Värmland", Member.Kind.REGION, 14406, 2021, None, None),
        (
            "Filipstads kommun",
            Member.Kind.MUNICIPALITY,
            10366,
            2021,
            "Region Värmland",
            date(2007, 4, 1),
        ),
        (
            "Storfors kommun",
            Member.Kind.MUNICIPALITY,
            4040,
            2021,
            "Region Värmland",
            date(2009, 1, 1),
        ),
    ],
    "varna": [
        FK,
        AF,
        ("Region Stockholm", Member.Kind.REGION, 157064, 2022, None, None),
        ("Nacka kommun", Member.Kind.MUNICIPALITY, 108896, 2022, "Region Stockholm", None),
        ("Värmdö kommun", Member.Kind.MUNICIPALITY, 48168, 2022, "Region Stockholm", None),
    ],
}

AREA = {
    "vvnd": (
        "Sju kommuner i västra Värmland och norra Dalsland med sammanlagt 84 836 invånare.",
        84836,
        2023,
    ),
    "falun": ("Falu och Borlänge kommuner i Dalarna.", 114910, 2023),
    "ostra": (
        "Filipstads och Storfors kommuner i östra Värmland, närmare 14 500 invånare.",
        14406,
        2021,
    ),
    "varna": ("Nacka och Värmdö kommuner i Stockholms län.", 157064, 2022),
}

# Board: seed 002 names its board for 2022; the others do not, so each member gets one seat and
# one deputy, appointed by the member (no invented names).
NAMED_BOARD = {
    "ostra": {
        "Försäkringskassan": ("Pernilla Matsson", BoardSeat.SeatRole.CHAIR),
        "Storfors kommun": ("Tusse Jonsson", BoardSeat.SeatRole.VICE_CHAIR),
        "Filipstads kommun": ("Patrik Fornander", BoardSeat.SeatRole.MEMBER),
        "Arbetsförmedlingen": ("Björn Eriksson", BoardSeat.SeatRole.MEMBER),
        "Region Värmland": ("Eva Hallström", BoardSeat.SeatRole.MEMBER),
    }
}
CHAIRS = {
    "vvnd": ("Årjäng kommun", "Region Värmland"),
    "falun": ("Falu kommun", "Borlänge kommun"),
    "varna": ("Nacka kommun", "Värmdö kommun"),
}
TERMS = {
    "ostra": (date(2019, 1, 1), date(2022, 12, 31)),
}
DEFAULT_TERM = (date(2023, 1, 1), date(2026, 12, 31))

# (name, kind, purpose, with one person per member?)
GROUPS = {
    "vvnd": [
        (
            "Beredningsgrupp",
            Group.Kind.PREPARATORY,
            "Chefstjänstepersoner från medlemmarna som bereder ärenden med förbundschefen inför "
            "styrelsen, analyserar behov och föreslår nya insatser.",
            True,
        ),
    ],
    "falun": [
        (
            "LSG Falun",
            Group.Kind.LOCAL,
            "Lokal samverkansgrupp och referensgrupp till förbundschefen vid förslag om insatser "
            "i Falun.",
            False,
        ),
        (
            "LSG Borlänge",
            Group.Kind.LOCAL,
            "Lokal samverkansgrupp och referensgrupp till förbundschefen vid förslag om insatser "
            "i Borlänge.",
            False,
        ),
        (
            "Operativa chefsgruppen (OCG)",
            Group.Kind.OTHER,
            "Enhetschefer från alla parter som leder utvecklingsarbeten i samverkan.",
            False,
        ),
        (
            "Analysgruppen",
            Group.Kind.ANALYSIS,
            "Sakkunniga från varje part som ger en helhetsbild som beslutsunderlag.",
            True,
        ),
    ],
    "ostra": [
        (
            "Beredningsgrupp",
            Group.Kind.PREPARATORY,
            "Tjänstepersoner med beslutsmandat som stöder verkställande tjänsteperson i beredning "
            "av ärenden och strategier till styrelsen.",
            True,
        ),
    ],
    "varna": [
        (
            "Beredningsgrupp",
            Group.Kind.PREPARATORY,
            "Chefer från medlemmarna som bereder ärenden och förslag till styrelsen.",
            True,
        ),
    ],
}


def _load_members(key: str, assoc: Association) -> None:
    """Members, area, board seats and groups for one demo association (idempotent)."""
    text, population, year = AREA[key]
    if not assoc.area_description:
        assoc.area_description = text
        assoc.population = population
        assoc.population_year = year
        assoc.save(update_fields=["area_description", "population", "population_year"])
    by_name: dict[str, Member] = {}
    for order, (name, kind, pop, pop_year, region, valid_from) in enumerate(MEMBERS[key]):
        member, _ = Member.objects.update_or_create(
            association=assoc,
            name=name,
            defaults={
                "kind": kind,
                "order": order,
                "population": pop,
                "population_year": pop_year,
                "region": by_name.get(region) if region else None,
                "valid_from": valid_from,
            },
        )
        by_name[name] = member
    if not BoardSeat.objects.filter(association=assoc).exists():
        start, end = TERMS.get(key, DEFAULT_TERM)
        named = NAMED_BOARD.get(key, {})
        chair, vice = CHAIRS.get(key, ("", ""))
        for name, member in by_name.items():
            if name in named:
                person, role = named[name]
            else:
                person = f"Ledamot utsedd av {name}"
                role = {chair: BoardSeat.SeatRole.CHAIR, vice: BoardSeat.SeatRole.VICE_CHAIR}.get(
                    name, BoardSeat.SeatRole.MEMBER
                )
            for p, r in (
                (person, role),
                (f"Ersättare utsedd av {name}", BoardSeat.SeatRole.DEPUTY),
            ):
                BoardSeat.objects.create(
                    association=assoc,
                    member=member,
                    person=p,
                    role=r,
                    term_start=start,
                    term_end=end,
                )
    for order, (name, kind, purpose, per_member) in enumerate(GROUPS[key]):
        group, created = Group.objects.get_or_create(
            association=assoc,
            name=name,
            defaults={"kind": kind, "purpose": purpose, "order": order},
        )
        if created and per_member:
            for member in by_name.values():
                GroupMember.objects.create(group=group, member=member, title="Chefstjänsteperson")


# Contribution settings of the seed plans: (association key, plan year) → settings, fixed
# shares by member name, decided amounts {member name or None (FK/AF): {year: amount}}.
SEED_CONTRIBUTIONS = {
    ("vvnd", 2025): (
        {
            "input_mode": "total",
            "amount": 7_864_000,
            "region_key": "fixed",
            "rounding": 1,
            "region_rounding": 1000,
            "municipality_rounding": 100,
            "year2_scenario": "percent",
            "year2_value": Decimal(-10),
        },
        {"Region Värmland": Decimal(70), "Västra Götalandsregionen": Decimal(30)},
        {
            name: {2025: amount}
            for name, amount in [
                ("Försäkringskassan", 1_966_000),
                ("Arbetsförmedlingen", 1_966_000),
                ("Region Värmland", 1_376_000),
                ("Västra Götalandsregionen", 590_000),
                ("Arvika kommun", 590_000),
                ("Eda kommun", 196_600),
                ("Säffle kommun", 355_000),
                ("Årjäng kommun", 230_800),
                ("Bengtsfors kommun", 217_000),
                ("Dals-Ed kommun", 99_600),
                ("Åmål kommun", 277_000),
            ]
        },
    ),
    ("falun", 2025): (
        {"input_mode": "total", "amount": 8_396_000, "combine_state": True, "rounding": 1000},
        {},
        {
            None: {2025: 4_198_000},
            "Region Dalarna": {2025: 2_099_000},
            "Falu kommun": {2025: 1_091_000},
            "Borlänge kommun": {2025: 1_008_000},
        },
    ),
    ("ostra", 2022): ({"input_mode": "total", "amount": 1_848_000}, {}, {}),
    ("varna", 2023): (
        {
            "input_mode": "state",
            "amount": 3_826_000,
            "combine_state": True,
            "municipality_key": "fixed",
        },
        {"Nacka kommun": Decimal("70.1"), "Värmdö kommun": Decimal("29.9")},
        {
            name: dict.fromkeys((2023, 2024, 2025), amount)
            for name, amount in [
                (None, 3_826_000),
                ("Region Stockholm", 1_913_000),
                ("Nacka kommun", 1_341_013),
                ("Värmdö kommun", 571_987),
            ]
        },
    ),
}


def load_contributions(plan: Plan) -> None:
    """Give a seed plan its contribution settings and decided amounts (idempotent).

    Call after creating a seed plan (plans.demo does, before budgets.demo reads the table).
    Plans that are frozen, or not one of the seeds, are left alone.
    """
    from .models import ContributionDecision, ContributionSettings, ContributionShare

    if plan.is_frozen:
        return
    key = next((a[0] for a in ASSOCIATIONS if a[2] == plan.association.slug), None)
    seed = SEED_CONTRIBUTIONS.get((key, plan.year))
    if seed is None:
        return
    values, shares, decided = seed
    ContributionSettings.objects.update_or_create(plan=plan, defaults=values)
    members = {m.name: m for m in Member.objects.filter(association=plan.association)}
    for name, share in shares.items():
        ContributionShare.objects.update_or_create(
            plan=plan, member=members[name], defaults={"share": share}
        )
    for name, per_year in decided.items():
        member = members[name] if name else None
        for year, amount in per_year.items():
            ContributionDecision.objects.update_or_create(
                plan=plan, member=member, year=year, defaults={"amount": amount}
            )


def _load_contributions_of_existing_plans(assoc: Association) -> None:
    for plan in assoc.plans.all():
        load_contributions(plan)
