"""The standard outline of an operating plan, drawn from how the four seed plans are built.

Every association's plan starts from these sections (or from last year's plan, which started
from them). Each is optional, renamable and reorderable; the `key` stays so checks, the PDF and
roll-forward can recognise a standard section whatever it is called. Data sections render their
table from the data after an optional free text, so text and tables cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from .models import Section

Kind = Section.Kind


@dataclass(frozen=True)
class OutlineSection:
    key: str
    title: str
    kind: str
    help: str
    included: bool = True

    @property
    def is_data(self) -> bool:
        return self.kind != Kind.TEXT


OUTLINE: tuple[OutlineSection, ...] = (
    OutlineSection(
        "introduction",
        _("Inledning"),
        Kind.TEXT,
        _(
            "Kort om förbundet: när och hur det bildades, vilka medlemmarna är, området och "
            "antalet invånare, och vad planen för året handlar om."
        ),
    ),
    OutlineSection(
        "mission",
        _("Uppdrag och lagrum"),
        Kind.TEXT,
        _(
            "Vad förbundet ska göra enligt lagen (2003:1210) om finansiell samordning och "
            "förbundsordningen: finansiera individ- och strukturinriktade insatser, stödja "
            "samverkan, följa upp och utvärdera. Nämn finansieringen (staten hälften, region och "
            "kommuner en fjärdedel var) om den inte beskrivs under budgeten."
        ),
    ),
    OutlineSection(
        "target_groups",
        _("Målgrupper"),
        Kind.TEXT,
        _(
            "Vilka förbundets insatser riktar sig till: ålder, behov av samordnat stöd från minst "
            "två myndigheter, prioriterade grupper för året (till exempel psykisk ohälsa, unga "
            "med aktivitetsersättning) och målgrupper för det strukturinriktade arbetet."
        ),
    ),
    OutlineSection(
        "organisation",
        _("Organisation"),
        Kind.ORGANISATION,
        _(
            "Styrelsens, förbundschefens och beredningsgruppens roller, kansliets tjänsteköp och "
            "nätverk (NNS). Styrelsen och grupperna visas som tabell från förbundets uppgifter; "
            "skriv här bara det som inte framgår av dem."
        ),
    ),
    OutlineSection(
        "vision",
        _("Vision och inriktning"),
        Kind.TEXT,
        _(
            "Förbundets vision i en eller två meningar och den långsiktiga inriktningen: vart "
            "förbundet vill komma de närmaste åren och varför."
        ),
    ),
    OutlineSection(
        "goals",
        _("Mål och indikatorer"),
        Kind.GOALS,
        _(
            "Målen visas från målregistret med aktiviteter och indikatorer. Skriv här hur målen "
            "hänger ihop (övergripande mål, inriktningsmål, verksamhetsmål) och hur måluppfyllelse "
            "bedöms."
        ),
    ),
    OutlineSection(
        "interventions",
        _("Insatser"),
        Kind.INTERVENTIONS,
        _(
            "Insatserna visas från insatsregistret, uppdelade på individ- och strukturinriktade. "
            "Skriv här om hur insatser beslutas och prioriteras, och om medel som reserveras för "
            "nya insatser under året."
        ),
    ),
    OutlineSection(
        "follow_up",
        _("Uppföljning och utvärdering"),
        Kind.TEXT,
        _(
            "Hur insatserna följs upp: registrering i Uppföljning Finsam (deltagare per kön, "
            "aggregerat), indikatorerna från NNS, rapporter till styrelsen, utvärderingspolicy "
            "och när styrelsen går igenom resultaten."
        ),
    ),
    OutlineSection(
        "internal_control",
        _("Intern kontroll"),
        Kind.INTERNAL_CONTROL,
        _(
            "Internkontrollplanen visas som tabell (rutin, kontrollmoment, ansvar, frekvens, "
            "metod, rapportering, risk). Skriv här vilka styrdokument som gäller, till exempel "
            "attest- och delegationsordning."
        ),
    ),
    OutlineSection(
        "communication",
        _("Kommunikation"),
        Kind.COMMUNICATION,
        _(
            "Kommunikationsplanen visas som tabell (målgrupp, kanal, frekvens, ansvarig). Skriv "
            "här om webbplats, informationsmaterial och hur resultat sprids."
        ),
    ),
    OutlineSection(
        "risks",
        _("Risk- och väsentlighetsanalys"),
        Kind.RISKS,
        _(
            "Risker som kan hindra förbundet från att nå målen, med sannolikhet, konsekvens och "
            "åtgärd. Tabellen visas från risktabellen."
        ),
        included=False,
    ),
    OutlineSection(
        "contributions",
        _("Medlemsbidrag"),
        Kind.CONTRIBUTIONS,
        _(
            "Fördelningen av medlemsbidragen visas från bidragsberäkningen. Skriv här om "
            "fördelningsnyckeln och om beslutade belopp avviker från den beräknade."
        ),
    ),
    OutlineSection(
        "budget",
        _("Ekonomi och budget"),
        Kind.BUDGET,
        _(
            "Treårsbudgeten visas från budgeten. Förklara här förändringar mot föregående år, "
            "användning av eget kapital och skälen till ett planerat underskott."
        ),
    ),
)

BY_KEY: dict[str, OutlineSection] = {s.key: s for s in OUTLINE}
DATA_KINDS = frozenset(k for k in Kind.values if k != Kind.TEXT)
# Help for sections a user adds themselves.
CUSTOM_HELP = _("Ett eget avsnitt. Skriv det som styrelsen behöver veta och som inte passar ovan.")


def help_for(section: Section) -> str:
    """The help text for a section: its standard one, or the one for own sections."""
    standard = BY_KEY.get(section.key)
    return str(standard.help) if standard else str(CUSTOM_HELP)
