"""Demo targets and outcomes from the seed plans' own goal and indicator tables.

Targets are attached to the goals (or interventions) the plans app created for the four seed
plans, matched by plan year and a phrase of the goal's text; a goal that is not there is
skipped. Frozen plans are skipped. Idempotent: an existing target (same goal/intervention,
indicator and wording) is left as it is, outcomes are saved per period.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from indicators import services
from indicators.catalogue import sync_catalogue
from indicators.models import Indicator, Target
from members.models import Association
from plans.models import Goal, Intervention, Plan


@dataclass(frozen=True)
class Spec:
    find: tuple[str, ...]  # phrases, any of which identifies the goal (or intervention)
    indicator: str  # catalogue key, or "own:<name>"
    kind: str = "percent"
    value: Decimal | None = None
    label: str = ""
    target_text: str = ""
    value_quarter: str = ""
    direction: str = "increase"
    method: str = "survey"
    method_detail: str = ""
    source: str = ""
    reporting: tuple[str, ...] = ("annual",)
    reporting_detail: str = ""
    reported_by: str = ""
    on_intervention: bool = False
    outcomes: tuple[dict, ...] = field(default_factory=tuple)


NNS_SOURCE = "NNS indikatorenkät"

# Seed 000: "följs upp med Indikator N, måluppfyllelse X %".
VVND = [
    Spec(("organiserat utifrån",), "nns-1", value=Decimal(80), source=NNS_SOURCE,
         reported_by="Förbundschef",
         outcomes=({"period": "2025-H1", "value": Decimal(84), "respondents": 41},)),
    Spec(("delaktig",), "nns-2", value=Decimal(75), source=NNS_SOURCE, reported_by="Förbundschef",
         outcomes=({"period": "2025-H1", "value": Decimal(70), "respondents": 41},)),
    Spec(("kontakter med myndigheter",), "nns-4", value=Decimal(80), source=NNS_SOURCE,
         reported_by="Förbundschef",
         outcomes=({"period": "2025-H1", "value": Decimal(86), "respondents": 39},)),
    Spec(("stegförflytt",), "nns-7", value=Decimal(60), source=NNS_SOURCE,
         reported_by="Förbundschef",
         outcomes=({"period": "2025-H1", "value": Decimal(45), "respondents": 12,
                    "status_override": "partly",
                    "override_reason": "Få svarande under första halvåret; insatsen i Dals-Ed "
                                       "startade om i mars. Bedöms på nytt i årsredovisningen."},)),
    Spec(("samverkan ska utvecklas",), "nns-14", value=Decimal(75), source=NNS_SOURCE,
         method_detail="Enkät till styrelse och beredningsgrupp", reported_by="Förbundschef",
         outcomes=({"period": "2025-H1", "value": Decimal(68), "respondents": 17},)),
    Spec(("alla parter",), "nns-12", value=Decimal(75), source=NNS_SOURCE,
         method_detail="Enkät till styrelse och beredningsgrupp", reported_by="Förbundschef",
         outcomes=({"period": "2025-H1", "value": Decimal(82), "respondents": 17},)),
    Spec(("alla parter",), "nns-13", value=Decimal(75), source=NNS_SOURCE,
         method_detail="Enkät till styrelse och beredningsgrupp", reported_by="Förbundschef"),
    Spec(("kvinnor och män",), "nns-jamstalldhet", kind="text",
         target_text="Kvinnor och män erbjuds likvärdig arbetslivsinriktad rehabilitering",
         source=NNS_SOURCE, reported_by="Förbundschef"),
    Spec(("eget kapital",), "own:Eget kapital i förhållande till medlemsbidragen",
         value=Decimal(20), direction="decrease", method="document",
         source="Årsredovisning", reported_by="Ekonom"),
]  # fmt: skip

# Seed 001: indicators with their sources; effect on society through SCB statistics.
FALUN = [
    Spec(("förmåga till egen försörjning",), "scb-helarsekvivalenter", kind="text",
         target_text="Minskat antal helårsekvivalenter i Falun och Borlänge jämfört med 2024",
         direction="decrease", method="statistics",
         source="SCB, helårsekvivalenter för Falun och Borlänge"),
    Spec(("förmåga till egen försörjning",), "scb-bas", kind="text",
         target_text="Ökat utbud av arbetskraft", method="statistics",
         source="SCB:s statistikverktyg Befolkningens arbetsmarknadsstatus, BAS"),
    Spec(("kunskaps- och samverkansarena",), "own:Deltagare i ESF-projektets kompetensutveckling",
         kind="text", target_text="Förbundet lever upp till förväntad medfinansiering i "
         "ESF-projektet", method="statistics", source="Statistik"),
    Spec(("samverkanskultur",), "nns-14", kind="text",
         label="Parternas strategiska och operativa chefer upplever att samverkan har utvecklats",
         target_text="Cheferna upplever att samverkan har utvecklats", method="dialogue",
         source="Gruppdialog på ett chefsmöte"),
    Spec(("metod- och erfarenhetsutbyte",), "own:Kommunöverskridande insatser", kind="text",
         target_text="Ökat antal kommunöverskridande insatser jämfört med 2024",
         method="statistics", source="Statistik"),
    Spec(("närmre arbetsmarknaden", "närmare arbetsmarknaden"), "nns-7", kind="text",
         target_text="Stegförflyttning mot arbete eller studier enligt resultatmall och "
         "niofältare", method="report", source="Insatsernas hel- och halvårsrapporter",
         reporting=("half_year", "annual")),
    Spec(("strukturella samverkan",), "own:Avstämning enligt uppföljningspolicyn",
         kind="text", target_text="Projektplanernas mål nås enligt niofältaren",
         method="report", source="Insatsernas hel- och halvårsrapporter",
         reporting=("half_year", "annual")),
    Spec(("styrelsen utvecklas",), "own:Styrelsens förmåga att leda förbundet", kind="text",
         target_text="Ledamöterna upplever att de har höjt sin kompetens att leda förbundet",
         method="dialogue", source="Muntlig avstämning med styrelseledamöter"),
    Spec(("känt och förankrat",), "own:Besök på hemsidan", kind="text",
         target_text="Ökat antal besök på Finsam Dalarnas och förbundets webbplatser",
         method="statistics", source="Besöksstatistik i Vizzit"),
    Spec(("ekonomi är i balans",), "own:Eget kapital i förhållande till intäkterna",
         value=Decimal(20), direction="decrease", method="document",
         target_text="Högst 20 % av förbundets totala intäkter vid årets slut",
         source="Ekonomiska uppföljningsrapporter"),
]  # fmt: skip

# Seed 002: quality and financial goals.
OSTRA = [
    Spec(("bra stöd och en personlig utveckling",), "nns-1", value=Decimal(100),
         source="Enkäter i indikatorprojektet (NNS)"),
    Spec(("samverkanstrukturen",), "nns-14", kind="text",
         target_text="Samverkansstrukturen mellan parterna har förstärkts",
         source=NNS_SOURCE),
    Spec(("egna kapital",), "own:Eget kapital i förhållande till intäkterna",
         value=Decimal(20), direction="decrease", method="document", source="Årsredovisning"),
]  # fmt: skip

# Seed 004: area, indicator, target, method, reporting.
HALF_AND_ANNUAL = ("half_year", "annual")
VARNA = [
    Spec(("myndighetsgemensamma teamet", "mgt"),
         "own:Antal klienter/patienter som haft möte med MGT", kind="count", value=Decimal(100),
         method="register", method_detail="SUS eller manuell hantering",
         reporting=("monthly", "half_year", "annual"), reported_by="Kansliet"),
    Spec(("myndighetsgemensamma teamet", "mgt"), "nns-2",
         label="Klienter/patienter upplever att de har kunnat påverka sin egen process",
         value=Decimal(80), reporting=HALF_AND_ANNUAL, reported_by="Kansliet"),
    Spec(("myndighetsgemensamma teamet", "mgt"), "nns-7",
         label="Klienter/patienter anser att MGT har bidragit till stegförflyttning",
         value=Decimal(80), method="estimate", method_detail="Löpande nulägesskattningar",
         reporting=HALF_AND_ANNUAL, reported_by="Kansliet"),
    Spec(("myndighetsgemensamma teamet", "mgt"), "nns-7",
         label="Handläggare anser att MGT har bidragit till stegförflyttning för deras "
         "klienter/patienter", value=Decimal(80), reporting=HALF_AND_ANNUAL,
         reported_by="Kansliet"),
    Spec(("myndighetsgemensamma insatser",),
         "own:Gemensamma behovsgrupper och deras behov av insatser", kind="quarter",
         value_quarter="Q1", target_text="Behovsanalys har genomförts tillsammans med "
         "medlemmarna", method="document", method_detail="Förankrad och godkänd",
         reporting=("once",), reporting_detail="Q1"),
    Spec(("myndighetsgemensamma insatser",),
         "own:Förrehabiliterande insatser för de gemensamma behovsgrupperna", value=Decimal(60),
         target_text="60 % av dem som träffat MGT har använt medlemmarnas gemensamma insatser "
         "för att nå stegförflyttning mot arbete eller studier", method="register",
         method_detail="Uppföljning i system motsvarande SUS/Aventus eller liknande",
         reporting=("monthly", "half_year", "annual")),
    Spec(("myndighetsgemensamma insatser",), "nns-7",
         label="Insatserna har bidragit till klientens/patientens stegförflyttning",
         value=Decimal(80), method_detail="Enkät samt medlemmarnas interna system",
         reporting=HALF_AND_ANNUAL),
    Spec(("kvalitativa och ändamålsenliga",),
         "own:Instruktioner med mall för ansökan om finansiering finns och används",
         kind="text", target_text="Kvalitativa och ändamålsenliga förbundsfinansierade insatser",
         method="document", method_detail="Granskning av samtliga inkomna ansökningar",
         reporting=HALF_AND_ANNUAL),
    Spec(("kvalitativa och ändamålsenliga",),
         "own:Ett nytt mål- och visionsdokument är fastställt av styrelsen", kind="text",
         target_text="Effektiv och ändamålsenlig styrning", method="document",
         method_detail="Färdigt material", reporting=HALF_AND_ANNUAL),
    Spec(("följs upp årligen",), "own:Årlig kvalitets- och resultatuppföljning av individinsatser",
         kind="text", target_text="Ändamålsenliga individinriktade insatser", method="document",
         method_detail="Dokumentstudier, intervjuer/enkät", reporting=HALF_AND_ANNUAL),
    Spec(("seminarier",), "own:Digitala inspirations- och spridningsseminarier", kind="count",
         value=Decimal(6), target_text="Ökat lärande och användbara professionella kunskaper hos "
         "deltagarna", method="survey", reporting=HALF_AND_ANNUAL),
]  # fmt: skip

PLANS = [("vvnd", 2025, VVND), ("falun-borlange", 2025, FALUN), ("ostra-varmland", 2022, OSTRA),
         ("varna", 2023, VARNA)]  # fmt: skip


def _find(plan: Plan, phrases: tuple[str, ...]) -> dict:
    for goal in Goal.objects.filter(plan=plan).order_by("order", "pk"):
        text = goal.text.lower()
        if any(p in text for p in phrases):
            return {"goal": goal}
    for intervention in Intervention.objects.filter(plan=plan).order_by("order", "pk"):
        name = intervention.name.lower()
        if any(p in name for p in phrases):
            return {"intervention": intervention}
    return {}


def _indicator(association: Association, ref: str) -> Indicator:
    if not ref.startswith("own:"):
        return Indicator.objects.get(key=ref)
    name = ref.removeprefix("own:")
    existing = Indicator.objects.filter(association=association, name=name).first()
    if existing:
        return existing
    return services.indicator_create(
        user=None,
        association=association,
        name=name,
        wording=name,
        answer_type="percent" if "Eget kapital" in name else "assessment",
    )


def load(stdout) -> None:
    sync_catalogue()  # the migration loads it; this keeps an old database current
    created = outcomes = skipped = 0
    for slug, year, specs in PLANS:
        association = Association.objects.filter(slug=slug).first()
        plan = Plan.objects.filter(association__slug=slug, year=year).order_by("-revision").first()
        if association is None or plan is None or plan.is_frozen:
            continue
        for order, spec in enumerate(specs, start=1):
            attach = _find(plan, spec.find)
            if not attach:
                skipped += 1
                continue
            indicator = _indicator(association, spec.indicator)
            target = Target.objects.filter(
                plan=plan, indicator=indicator, label=spec.label, **attach
            ).first()
            if target is None:
                target = services.target_create(
                    user=None,
                    plan=plan,
                    **attach,
                    indicator=indicator,
                    label=spec.label,
                    kind=spec.kind,
                    value=spec.value,
                    value_quarter=spec.value_quarter,
                    target_text=spec.target_text,
                    direction=spec.direction,
                    method=spec.method,
                    method_detail=spec.method_detail,
                    source=spec.source,
                    reporting=list(spec.reporting),
                    reporting_detail=spec.reporting_detail,
                    reported_by=spec.reported_by,
                    order=order,
                )
                created += 1
            for values in spec.outcomes:
                services.outcome_save(user=None, target=target, **values)
                outcomes += 1
    stdout.write(
        f"Indikatorer: {created} nya målvärden, {outcomes} utfall"
        + (f", {skipped} mål hittades inte i planerna" if skipped else "")
        + "."
    )
