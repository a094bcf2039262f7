"""Demo associations, members, board seats and logins from the four seed plans.

Figures are the seeds' own. Populations are chosen so the charter's key reproduces the decided
contributions of the seed (the seeds do not print populations); their source year is given.
"""

from __future__ import annotations

from datetime import date

from .models import Association, Member, Membership, User
from .roles import Role

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
        for key, role in roles:
            Membership.objects.update_or_create(
                user=user, association=assocs[key], defaults={"role": role}
            )


def load(stdout=None) -> None:
    assocs = _load_associations()
    _load_users(assocs)
    # Members, board and groups are filled in by the members issue (see _load_members).
    for key, assoc in assocs.items():
        _load_members(key, assoc)


def _load_members(key: str, assoc: Association) -> None:
    """Placeholder kept minimal in the foundation: FK and AF for every association."""
    for order, (name, kind) in enumerate(
        [("Försäkringskassan", Member.Kind.FK), ("Arbetsförmedlingen", Member.Kind.AF)]
    ):
        Member.objects.get_or_create(
            association=assoc, name=name, defaults={"kind": kind, "order": order}
        )
