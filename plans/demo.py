# ruff: noqa: E501 - the section texts are prose, one paragraph a line
"""The four seed plans as DRAFT plans: sections, interventions, goals and tables.

Texts summarise the seeds in our own words; names, figures, goals and table rows are the
seeds'. Intervention names follow the seeds' budget lines so budgets.demo links the lines to
them, and goal texts keep the phrases indicators.demo looks for. plans.review approves the
plans at the end of the demo order. Idempotent: natural keys, and decided plans are skipped.
"""

from __future__ import annotations

from datetime import date

from members.models import Association, Member

from .models import (
    Activity,
    CommunicationItem,
    ControlPoint,
    Goal,
    Intervention,
    Plan,
    Section,
    Tag,
)
from .outline import OUTLINE
from .richtext import text_to_html

IND = Intervention.Kind.INDIVIDUAL
STR = Intervention.Kind.STRUCTURAL
ALL = "*"  # every member of the association takes part

# ------------------------------------------------------------------ VVND 2025 (seed 000)

VVND_SECTIONS = {
    "introduction": """
Västra Värmlands och Norra Dalslands Samordningsförbund bildades den 1 januari 2023, när det tidigare förbundet BÅD-ESÅ (Bengtsfors, Åmål, Dals-Ed, Säffle och Årjäng) utvidgades med Arvika och Eda.
Medlemmar är sju kommuner, Region Värmland, Västra Götalandsregionen, Försäkringskassan och Arbetsförmedlingen. Området har 84 836 invånare (SCB 2023).
""",
    "mission": """
Förbundet verkar enligt lagen (2003:1210) om finansiell samordning inom rehabiliteringsområdet. Uppdraget har två delar:
- individinriktade insatser för personer som behöver samordnad arbetslivsinriktad rehabilitering, med målet arbete eller förbättrad förmåga att på sikt försörja sig,
- strukturinriktade insatser som gör samverkan mellan parterna effektivare.
Insatserna ska ligga inom parternas gemensamma ansvar och komplettera deras ordinarie verksamhet. Förbundet är ingen egen rehabiliteringsaktör: arbetet görs hos medlemmarna, och lokala behovsinventeringar är grunden för vilka insatser som finansieras.
Staten står för hälften av medlen, regionerna för en fjärdedel och kommunerna för en fjärdedel, fördelat efter invånarantal enligt förbundsordningen.
""",
    "target_groups": """
Lagen preciserar inte målgruppen; förbundet beslutar utifrån lokala behov. Insatserna riktar sig till kvinnor och män i åldern 20–64 år som
- står långt från arbetsmarknaden,
- har kontakt med minst två myndigheter,
- riskerar att hamna mellan stolarna,
- behöver samordnade insatser för att ta steg mot egen försörjning.
Det strukturinriktade arbetet riktar sig till medlemmarnas personal och till strukturerna för myndighetssamverkan.
""",
    "organisation": """
Styrelsen har elva ledamöter med var sin ersättare. Förbundschefen leder arbetet; ekonomitjänster köps av Arvika kommun. Beredningsgruppen, med chefstjänstepersoner från medlemmarna, bereder ärenden och är styrgrupp för insatserna.
Förbundet är medlem i Nationella nätverket för samordningsförbund (NNS) och deltar i förbundschefernas nätverk i Värmland och Västra Götaland. Dataskyddsombud anlitas genom avtal med Årjäng kommun.
""",
    "vision": """
Samhällets resurser ska användas effektivare och till större nytta för den enskilde, genom att myndigheterna hittar nya vägar att samverka.
""",
    "goals": """
Målen är ordnade från det övergripande målet via inriktningsmål till verksamhetsmål för det individinriktade och det strukturinriktade arbetet. Verksamhetsmålen följs upp med NNS indikatorer.
""",
    "interventions": """
Förbundet kan finansiera både långsiktiga verksamheter och kortare aktiviteter. Under 2025 avsätts också medel för att förstärka befintliga individinriktade insatser och för riktade samverkansinsatser som medlemmarna behöver.
""",
    "follow_up": """
Insatserna följs upp enligt en årlig plan. Uppföljning Finsam ger antalet kvinnor och män i de individinriktade insatserna. NNS indikatorfrågor ställs till deltagare, medarbetare, handläggare, styrelse och beredningsgrupp och rapporteras årligen för nationell jämförelse.
Styrelse och beredningsgrupp går igenom resultaten minst en gång om året.
""",
    "internal_control": """
Kontrollplan, dokumenthanteringsplan samt attest- och delegationsordning finns i förbundets styr- och policydokument, som uppdateras varje år.
""",
    "communication": """
Information om förbundet och insatserna finns på www.vvnd.se.
""",
    "budget": """
År 2025 används 2 000 000 kr av det egna kapitalet från 2024, dels för att följa Nationella rådets rekommendation om eget kapital, dels för att kunna finansiera insatserna långsiktigt. För 2026 räknar förbundet preliminärt med en minskning av den statliga tilldelningen med 10 procent.
""",
}

# (name, kind, owner, parties, texts)
VVND_INTERVENTIONS = [
    ("Plattformen för samverkan – Arvika Eda", IND, "Arvika kommun",
     ["Eda kommun", "Region Värmland", "Försäkringskassan", "Arbetsförmedlingen"], {}),
    ("Individnära samordnat stöd och fördjupad samverkan – Säffle", IND, "Säffle kommun",
     ["Region Värmland", "Försäkringskassan", "Arbetsförmedlingen"], {}),
    ("Individnära samordnat stöd och fördjupad samverkan – Årjäng", IND, "Årjäng kommun",
     ["Region Värmland", "Försäkringskassan", "Arbetsförmedlingen"], {}),
    ("Individnära samordnat stöd och fördjupad samverkan – Bengtsfors", IND, "Bengtsfors kommun",
     ["Västra Götalandsregionen", "Försäkringskassan", "Arbetsförmedlingen"], {}),
    ("Individsamverkan – Dals Ed", IND, "Dals-Ed kommun",
     ["Västra Götalandsregionen", "Försäkringskassan", "Arbetsförmedlingen"], {}),
    ("Drivhuset för unga – Åmål", IND, "Åmål kommun",
     ["Västra Götalandsregionen", "Försäkringskassan", "Arbetsförmedlingen"],
     {"target_group": "Unga vuxna i Åmål som behöver samordnat stöd på väg mot arbete eller "
                      "studier."}),
    ("Friska medborgare Åmål (beslut VVND 240311 §34)", IND, "Åmål kommun",
     ["Västra Götalandsregionen"], {"governance": "Beslutad av styrelsen 2024-03-11, § 34."}),
    ("Förstärkning och utveckling individinriktade insatser", IND, None, ALL,
     {"purpose": "Medel som styrelsen kan fördela under året för att förstärka och utveckla de "
                 "individinriktade insatserna."}),
    ("Processledning och aktiviteter utifrån metoder", STR, None, ALL,
     {"purpose": "Processledning med användarinvolvering (tjänstedesign) och resultaten från "
                 "BIP-forskningen, som stöd till insatserna och till medlemmar som vill utveckla "
                 "sin egen verksamhet."}),
    ("Kompetenshöjande insatser och utveckling samverkan", STR, None, ALL, {}),
    ("ESF projekt, aktiviteter och utveckling", STR, None, ALL,
     {"purpose": "Förbundets del i ESF-projektet Lärande och utveckling – FINansiell SAMordning.",
      "esf_funded": True}),
    ("Riktade insatser", STR, None, ALL,
     {"purpose": "Riktade samverkansinsatser som hjälper medlemmarna att bygga hållbara "
                 "samverkansstrukturer."}),
]  # fmt: skip

# (key, level, parent key, text, activities, interventions, agenda2030, tags)
VVND_GOALS = [
    ("overall", Goal.Level.OVERALL, None,
     "Resurserna för samverkan inom rehabiliteringsområdet används effektivt och till nytta för "
     "den enskilde: platserna i insatserna används fullt ut och deltagarna kommer närmare egen "
     "försörjning, bättre hälsa och högre livskvalitet.", [], [], [], []),
    ("d1", Goal.Level.DIRECTION, "overall", "Minskat behov av offentlig försörjning.",
     [], [], [8], []),
    ("d2", Goal.Level.DIRECTION, "overall", "Ökad anställningsbarhet.", [], [], [8], []),
    ("d3", Goal.Level.DIRECTION, "overall", "Ökad upplevelse av livskvalitet och hälsa.",
     [], [], [3], []),
    ("d4", Goal.Level.DIRECTION, "overall",
     "Insatserna utformas efter individens behov, motivation och medverkan.", [], [], [], []),
    ("o1", Goal.Level.OPERATIONAL, "d4",
     "Individen upplever att stödet är organiserat utifrån hens behov.", [], [], [], []),
    ("o2", Goal.Level.OPERATIONAL, "d4", "Individen är delaktig i sin rehabiliteringsprocess.",
     [], [], [], []),
    ("o3", Goal.Level.OPERATIONAL, "d4",
     "Individen får stöd i kontakter med myndigheter och verksamheter.", [], [], [], []),
    ("o4", Goal.Level.OPERATIONAL, "d2",
     "Individen har stegförflyttat sig närmare arbetsmarknaden och egen försörjning.",
     [], ["Plattformen för samverkan – Arvika Eda", "Drivhuset för unga – Åmål"], [8], []),
    ("d5", Goal.Level.DIRECTION, "overall",
     "Förbundet stödjer utveckling och förstärkning av samverkan mellan myndigheter och "
     "organisationer, och ger samverkan struktur och legitimitet.", [], [], [16], []),
    ("d6", Goal.Level.DIRECTION, "overall",
     "Förbundet eftersträvar aktivt deltagande och hög närvaro på alla samverkansnivåer.",
     [], [], [], []),
    ("d7", Goal.Level.DIRECTION, "overall",
     "Förbundet bidrar till minskat utanförskap och till likvärdig arbetslivsinriktad "
     "rehabilitering för kvinnor och män.", [], [], [5, 10], []),
    ("o5", Goal.Level.OPERATIONAL, "d5", "Samverkan ska utvecklas.", [],
     ["Processledning och aktiviteter utifrån metoder",
      "Kompetenshöjande insatser och utveckling samverkan"], [], []),
    ("o6", Goal.Level.OPERATIONAL, "d6", "Alla parter ska vara med i samverkan.", [], [], [], []),
    ("f1", Goal.Level.FINANCIAL, None,
     "Förbundet har likviditet genom ett eget kapital som inte överstiger Nationella rådets "
     "rekommendation om 20 % av medlemsbidragen, sätter sig aldrig i skuld och använder medlen "
     "som överenskommits med medlemmarna.", [], [], [], []),
]  # fmt: skip

# ------------------------------------------------------------------ Falun-Borlänge 2025 (001)

FALUN_SECTIONS = {
    "introduction": """
Samordningsförbundet Finsam Falun-Borlänge bildades den 1 januari 2023 när förbunden i Falun och Borlänge gick samman. Medlemmar är Falu kommun, Borlänge kommun, Region Dalarna, Arbetsförmedlingen och Försäkringskassan.
""",
    "mission": """
Förbundet är ett fristående organ som möjliggör samordnade rehabiliteringsinsatser och utvecklar samarbetet mellan parterna, enligt lagen (2003:1210) och förbundsordningen. Ansvaret för rehabilitering är delat mellan flera aktörer som är beroende av varandra; samordningen ska ge en effektivare resursanvändning.
Vinsten syns för individen (egen försörjning genom arbete eller studier), för arbetskraftsförsörjningen och för samhällsekonomin. Ett tecken på framgång är att färre behöver ersättning från Försäkringskassan, Arbetsförmedlingen eller ekonomiskt bistånd.
Förbundet fattar inga beslut om förmåner eller rättigheter för enskilda och utövar ingen myndighet.
""",
    "target_groups": """
Insatserna riktar sig till medlemmarnas medarbetare och samarbetspartner, och till invånare 16–65 år i Falun och Borlänge som länge har behövt offentlig försörjning och behöver samordnat stöd – också till dem som helt saknar försörjning och sitter hemma ofrivilligt.
""",
    "organisation": """
Styrelsen har en ledamot och en personlig ersättare per medlem. Förbundschefen arbetar heltid genom tjänsteköp från Region Dalarna, varav 10 % som processledare i ESF-projektet. Ekonomiadministration, informationsmaterial och webb köps upp; Falu kommun står för dataskyddsombud och diarium.
Lokala samverkansgrupper (LSG) i Falun och Borlänge, den operativa chefsgruppen (OCG) och analysgruppen är referensgrupper till förbundet. Förbundet är medlem i NNS och i Dalarnas nätverk för ordförande och förbundschefer.
""",
    "vision": """
Förbundet ska röra sig från enskilda projekt, via metoder som fått genomslag hos parterna, mot systemutveckling som minskar utanförskapet strukturellt. Sammanslagningen ger lägre administrativa kostnader och mer resurser till insatser. Under de närmaste tre åren deltar förbundet i ESF-projektet Lärande och utveckling – FINansiell SAMordning tillsammans med Värmland och Gävleborg.
""",
    "goals": """
Det övergripande målet följs med SCB:s helårsekvivalenter och Befolkningens arbetsmarknadsstatus (BAS). Varje mål har aktiviteter och en indikator med källa.
""",
    "follow_up": """
Förbundet följer SCB:s helårsekvivalenter och BAS för Falun och Borlänge för att se effekterna på samhällsnivå, medvetet om att konjunktur och reformer också påverkar siffrorna. Alla finansierade verksamheter rapporteras i Uppföljning Finsam. Förbundet arbetar enligt utvärderingspolicyn från 2021 och internkontrollpolicyn som styrelsen fastställt.
""",
    "budget": """
Planen bygger på medlemmarnas ram om 8 396 tkr och 132 tkr från ESF. Förbundets eget kapital används också. Beloppen är i tkr.
""",
}

FALUN_INTERVENTIONS = [
    ("Rehabhandledare Falun", IND, "Falu kommun", ["Region Dalarna", "Försäkringskassan",
                                                   "Arbetsförmedlingen"], {}),
    ("Insteget", IND, None, [], {}),
    ("Rehabsamordnare Borlänge", IND, "Borlänge kommun", ["Region Dalarna", "Försäkringskassan",
                                                          "Arbetsförmedlingen"], {}),
    ("Föreläsningsserie Studieförbund", STR, None, ALL,
     {"purpose": "Föreläsningar om psykisk hälsa som någon av parterna arrangerar."}),
    ("Frukostmöten", STR, None, ALL,
     {"purpose": "Frukostmöten där parterna lär känna varandras uppdrag."}),
    ("Utveckling av samverkan", STR, None, ALL, {}),
    ("SIP-samordnare", STR, None, ALL, {"purpose": "Strategiskt arbete med samordnad individuell "
                                                   "plan (SIP) mellan parterna."}),
    ("Rätt använd kompetens – RAK", STR, None, ALL, {}),
    ("Förstudie rehabiliteringsinsats", STR, None, ALL, {}),
    ("Lärande och utveckling – ESF", STR, None, ALL, {"esf_funded": True}),
]  # fmt: skip

FALUN_GOALS = [
    ("vision", Goal.Level.VISION, None,
     "Samordningsförbundet utvecklar samverkan mellan myndigheter så att fler invånare kan "
     "försörja sig själva.", [], [], [], []),
    ("overall", Goal.Level.OVERALL, "vision",
     "Samordningsförbundet har bidragit till att fler människor med behov av "
     "myndighetsgemensamt stöd har ökat sin förmåga till egen försörjning.", [], [], [8], []),
    ("g1", Goal.Level.OPERATIONAL, "overall",
     "Finsam Falun-Borlänge är en kunskaps- och samverkansarena där parternas medarbetare får "
     "ökad kompetens i metoder och arbetssätt för personer som behöver myndighetsgemensamt stöd.",
     ["Bidra till att någon av parterna ordnar föreläsningar om psykisk hälsa",
      "Bidra till frukostmöten som ökar kunskapen om parternas uppdrag",
      "Få medarbetare och chefer att delta i ESF-projektets kompetensutveckling"],
     ["Föreläsningsserie Studieförbund", "Frukostmöten", "Lärande och utveckling – ESF"], [4], []),
    ("g2", Goal.Level.OPERATIONAL, "overall",
     "Förbundet har bidragit till en effektiv samverkanskultur och samverkansstrukturer som håller "
     "över tid.",
     ["Vara en aktiv part i LSG och OCG",
      "Bidra med helhetsperspektivet för invånarnas möjligheter till egen försörjning",
      "Vara en aktiv part i utvecklingen av samverkansstrukturer",
      "Delta aktivt i det länsöverskridande ESF-projektet med Värmland, Gävleborg och Dalarna"],
     ["Utveckling av samverkan"], [], []),
    ("g3", Goal.Level.OPERATIONAL, "overall",
     "Sammanslagningen har gett ett ökat metod- och erfarenhetsutbyte och ett bredare utbud av "
     "insatser i Falun och Borlänge.",
     ["Väcka tankar om kommunöverskridande insatser",
      "Initiera erfarenhetsutbyte mellan LSG i Falun och LSG i Borlänge",
      "Sprida erfarenheter av framgångsrika insatser vid lokala medlemssamråd",
      "Utveckla LSG"], [], [], []),
    ("g4", Goal.Level.OPERATIONAL, "overall",
     "Personer med behov av samordnat individuellt stöd har förflyttat sig närmre "
     "arbetsmarknaden.",
     ["Finansiera, följa upp och utvärdera Rehabhandledare i Falun",
      "Finansiera, följa upp och utvärdera Insteget",
      "Finansiera, följa upp och utvärdera Rehabsamordnare i Borlänge"],
     ["Rehabhandledare Falun", "Insteget", "Rehabsamordnare Borlänge"], [8], []),
    ("g5", Goal.Level.OPERATIONAL, "overall",
     "Den strukturella samverkan mellan parterna har utvecklats och effektiviserats.",
     ["Finansiera, följa upp och utvärdera den strategiska SIP-samordnaren",
      "Finansiera, följa upp och utvärdera projektet Rätt använd kompetens"],
     ["SIP-samordnare", "Rätt använd kompetens – RAK"], [16], []),
    ("g6", Goal.Level.OPERATIONAL, "overall",
     "Finsams roll och uppdrag är känt och förankrat hos politiker och tjänstepersoner hos "
     "parterna.",
     ["Kommunicera effektivt, bland annat på webbplatsen",
      "Sprida kunskap om Finsams uppdrag och väcka engagemang",
      "Visa fakta på webbplatsen (faktabank) som sätter insatserna i ett sammanhang",
      "Fortsätta att synliggöra de stora samhällsutmaningarna"], [], [], []),
    ("g7", Goal.Level.OPERATIONAL, "overall",
     "Styrelsen utvecklas ständigt och har förbättrat sin förmåga att leda förbundet.",
     ["Omvärldsspaning", "Kompetensutveckling inom relevanta områden",
      "Tid för reflektion och analys", "Regelbundna arbetsmöten utanför styrelsemötena",
      "Nätverksarbete med samordningsförbunden i Dalarna",
      "Delta i ESF-projektets kompetensutveckling"], [], [], []),
    ("g8", Goal.Level.FINANCIAL, None,
     "Förbundets ekonomi är i balans och de tilldelade medlen kommer parterna till del.",
     [], [], [], []),
]  # fmt: skip

# ------------------------------------------------------------------ Östra Värmland 2022 (002)

OSTRA_SECTIONS = {
    "introduction": """
Samordningsförbundet Östra Värmland (org.nr 222000-2352) har Arbetsförmedlingen, Försäkringskassan, Region Värmland och kommunerna Filipstad och Storfors som medlemmar. Förbundet bildades i Filipstad i april 2007; Storfors kom med 2009.
De två kommunerna har knappt 14 500 invånare. I augusti 2021 var 445 personer (10,0 %) i Filipstad och 153 (8,6 %) i Storfors arbetslösa, färre än året innan.
""",
    "mission": """
Förbundet verkar enligt lagen (2003:1210) om finansiell samordning av rehabiliteringsinsatser och förbundsordningen, och följer kommunallagen och lagen om kommunal redovisning där de gäller. Det beslutar om mål och riktlinjer, stödjer samverkan och finansierar samordnade insatser inom parternas ansvar i Filipstad och Storfors.
Insatserna kompletterar myndigheternas ordinarie verksamhet. Förbundet stödjer också strukturella förutsättningar för samarbete, till exempel kompetensutveckling. Uppdraget kräver tydliga ansvarsområden, målstyrning, resultatkrav och arbetsmetoder som vilar på vetenskap och beprövad erfarenhet.
""",
    "target_groups": """
Målgruppen är personer 16–64 år som behöver samordnade insatser för fysiska, psykiska, sociala eller arbetsmässiga behov och är aktuella hos minst två myndigheter. Man kan aktualiseras av en part eller skicka en egen remiss. Prioriterade grupper 2022:
- personer med psykisk ohälsa,
- kvinnor som utsätts för våld i nära relation,
- personer som förlorat aktivitetsersättning och har försörjningsstöd.
""",
    "organisation": """
Styrelsen utses av medlemmarna och varje medlem har en röst. Presidiet är ordförande och vice ordförande med verkställande tjänsteperson som stöd. Kansliet – verkställande tjänsteperson, ekonom och sekreterare – köps från Filipstads kommun. Beredningsgruppen stöder beredningen av ärenden men har inget formellt ansvar mot styrelsen. Region Värmlands revisor granskar förbundet.
Projektägaren ansvarar för budget, arbetsmiljö, registrering i SUS och implementering, och bör vara ordförande i projektets styrgrupp, där parterna ska vara jämnt representerade. Projektledaren har det operativa ansvaret och redovisar på varje beredningsgrupp.
""",
    "vision": """
Varje medborgare som behöver en samordnad bedömning ska erbjudas samordnad arbetslivsinriktad rehabilitering.
""",
    "goals": """
Förbundet beaktar särskilt Agenda 2030-målen 5 (jämställdhet), 8 (anständiga arbetsvillkor och ekonomisk tillväxt) och 16 (fredliga och inkluderande samhällen).
""",
    "interventions": """
Tre projekt är beslutade för 2022. Alla riktar sig till de prioriterade grupperna och arbetar med att identifiera våld i nära relation.
""",
    "follow_up": """
Alla insatser följs upp och utvärderas; resultaten återförs till verksamheterna och redovisas i socioekonomiska rapporter. Allt som förbundet finansierar registreras löpande i SUS och styrelsen hålls informerad. Indikatorprojektets indikatorer (NNS) används för att följa upp projekten.
""",
    "budget": """
Medlemmarna tilldelar 1 848 000 kr: Försäkringskassan och Arbetsförmedlingen hälften, Region Värmland en fjärdedel och kommunerna en fjärdedel. Därtill förs 324 581 kr eget kapital från 2021, så budgeten är 2 172 581 kr. Administration och revision beräknas till 290 000 kr och individinriktade insatser med beslutade projekt till 1 668 000 kr.
""",
}

OSTRA_INTERVENTIONS = [
    ("Projekt Nyckeln", IND, "Region Värmland", ALL, {
        "start": date(2016, 1, 1),
        "purpose": "Förstärka stödet till personer som söker vårdcentralen för psykisk ohälsa, "
                   "stärka samverkan med de kontakter som är viktiga för den enskilde och "
                   "identifiera personer som utsätts för våld i nära relation.",
        "target_group": "- Personer som behöver coachning, kartläggning eller samordning av "
                        "myndighetsinsatser\n- Personer som söker vårdcentralerna för psykisk "
                        "ohälsa\n- Personer där myndigheter eller vården ser ett behov av "
                        "samordning",
        "short_term_goals": "- Det ska vara enkelt att söka hjälp via Nyckeln vid psykisk "
                            "ohälsa\n- 100 % av deltagarna tar minst ett steg mot bättre psykisk "
                            "hälsa\n- 100 % av deltagarna upplever bra stöd, personlig "
                            "utveckling och delaktighet\n- Det finns kunskap att identifiera "
                            "personer utsatta för våld i nära relation",
        "long_term_goals": "- Utökad samverkan mellan rehabkoordinatorerna och projektet",
        "actions": "- Flera vägar in i projektet\n- Deltagaren beskriver själv sin situation och "
                   "sina behov\n- En individuell plan styr insatserna\n- Utbildning i "
                   "riskbedömningsmanualen FREDA\n- Gemensamma möten med rehabkoordinatorerna",
    }),
    ("Projekt Drivkraft Filipstad", IND, "Filipstads kommun", ALL, {
        "start": date(2017, 1, 1),
        "purpose": "Hitta metoder som leder till arbete eller studier, minska den psykiska "
                   "ohälsan, sprida kunskap om tjänstedesign och identifiera personer som "
                   "utsätts för våld i nära relation.",
        "target_group": "- Personer med psykisk ohälsa (prioriteras)\n- Arbetssökande, också "
                        "med förhinder, och personer som riskerar att skrivas ut från "
                        "Arbetsförmedlingen\n- Personer med försörjningsstöd\n- Unga vuxna med "
                        "aktivitetsersättning\n- Långtidssjukskrivna",
        "short_term_goals": "- Fler metoder för arbete eller studier identifieras under 2022\n"
                            "- 100 % av deltagarna har deltagit i hälsofrämjande insatser\n- "
                            "Kunskapen om tjänstedesign har ökat hos alla parter\n- Kunskap "
                            "finns att identifiera våldsutsatta\n- 100 % av deltagarna upplever "
                            "bra stöd, personlig utveckling och delaktighet",
        "long_term_goals": "- Deltagarna får arbete eller utbildning och blir "
                           "självförsörjande\n- Deltagarnas psykiska hälsa har förbättrats\n- "
                           "Tjänstedesign är välkänt hos parterna",
        "actions": "- Arbetsplatsförlagd praktik med handledare\n- Tjänstedesign med deltagare "
                   "och parter\n- Utbildning i tjänstedesign och i FREDA\n- Pröva evidensbaserade "
                   "och andra lämpliga metoder, de flesta med hälsofrämjande inslag\n- Tidig "
                   "matchning och hållbar planering",
    }),
    ("Projekt Drivkraft Storfors", IND, "Storfors kommun", ALL, {
        "start": date(2017, 1, 1),
        "purpose": "Ta fram och utveckla metoder och samverkan för personer som behöver "
                   "arbetsrehabiliterande insatser, och arbeta aktivt med deras stegförflyttning "
                   "mot förvärvsarbete.",
        "target_group": "Personer i behov av samordnade rehabiliteringsinsatser enligt lagen, "
                        "främst med psykisk ohälsa eller som förlorat (eller riskerar att förlora) "
                        "aktivitetsersättning och behöver försörjningsstöd. Avgränsning görs först "
                        "om deltagarna blir fler än 20.",
        "short_term_goals": "- Utveckla nya metoder som för deltagarna närmare "
                            "arbetsmarknaden\n- Deltagarna tar steg mot arbete och egen "
                            "försörjning\n- Ökad förståelse mellan parterna\n- Metoden för att "
                            "identifiera våldsutsatta införs i ordinarie verksamhet\n- 100 % av "
                            "deltagarna upplever bra stöd och personlig utveckling",
        "long_term_goals": "- Deltagarna får arbete eller utbildning",
        "actions": "- Metoder anpassas efter deltagarnas behov, med forskning och "
                   "erfarenhetsutbyte\n- Täta uppföljningar, coachning, arbetsträning och "
                   "praktik\n- Dialog och information om projektet\n- Metoden skrivs in i rutinen "
                   "för inskrivning\n- Enkäter i indikatorprojektet tillsammans med Filipstad",
    }),
]  # fmt: skip

OSTRA_GOALS = [
    ("vision", Goal.Level.VISION, None,
     "Varje medborgare som behöver en samordnad bedömning erbjuds samordnad arbetslivsinriktad "
     "rehabilitering.", [], [], [], []),
    ("o1", Goal.Level.OVERALL, "vision",
     "Förbundet beaktar särskilt Agenda 2030-målen om jämställdhet, anständiga arbetsvillkor och "
     "inkluderande samhällen.", [], [], [5, 8, 16], []),
    ("o2", Goal.Level.OVERALL, "vision",
     "Att utveckla och förstärka samverkanstrukturen mellan parterna.", [], [], [16], []),
    ("o3", Goal.Level.OVERALL, "vision",
     "Verksamheten beaktar barnets rättigheter där beslut och insatser kan påverka barn och "
     "unga.", [], [], [], []),
    ("o4", Goal.Level.OVERALL, "vision",
     "Verksamheten verkar för en högre bildningsnivå hos medborgarna.", [], [], [4], []),
    ("a1", Goal.Level.OPERATIONAL, "o1",
     "Årsmål 2022: insatserna prioriterar personer med psykisk ohälsa, kvinnor utsatta för våld i "
     "nära relation och personer som förlorat aktivitetsersättning och har försörjningsstöd.",
     [], ["Projekt Nyckeln", "Projekt Drivkraft Filipstad", "Projekt Drivkraft Storfors"],
     [5], []),
    ("q1", Goal.Level.QUALITY, None,
     "Av de medborgare som deltar i förbundets program ska 100 % uppleva ett bra stöd och en "
     "personlig utveckling.", [], [], [], []),
    ("f1", Goal.Level.FINANCIAL, None,
     "Verksamheten bedrivs inom befintliga ramar, även om budgetens mål då inte helt kan nås.",
     [], [], [], []),
    ("f2", Goal.Level.FINANCIAL, None,
     "Förbundets egna kapital överstiger inte Nationella rådets rekommendation om 20 % av "
     "intäkterna.", [], [], [], []),
]  # fmt: skip

F = "Opartisk, köp av Filipstads kommun"
OSTRA_CONTROL = [
    ("Attestrutiner", "Att gällande attestregler följs", F, "1 gång/år", "Stickprov", "Styrelsen",
     "Allvarlig"),
    ("Arkivering", "Att arkivering sker enligt arkivlagen", F, "1 gång/år", "Stickprov",
     "Styrelsen", "Allvarlig"),
    ("Verksamhetsuppföljning, kvalitet och mål",
     "Att mål och åtgärder i ekonomisk plan följs upp", F, "1 gång/år", "Skriftlig redovisning",
     "Styrelsen", "Möjlig"),
    ("Ekonomisk uppföljning", "Att ekonomisk uppföljning sker enligt regler och riktlinjer", F,
     "1 gång/år", "Ekonomisk rapport", "Styrelsen", "Allvarlig"),
    ("Information", "Kommunikationsplanen", F, "1 gång/år", "Rapport", "Styrelsen", "Möjlig"),
]  # fmt: skip
VTP = "Verkställande tjänsteperson"
OSTRA_COMMUNICATION = [
    ("Förtroendevalda och chefer i parternas beslutande församlingar, inklusive revisorer",
     "Skriftligt och muntligt via del- eller helårsbokslut eller styrelseprotokoll",
     "Kontinuerligt, 2 gånger per år eller vid behov",
     f"Styrelseledamöter, {VTP.lower()}, beredningsgrupp, förbundets ekonom eller sekreterare"),
    ("Handläggargrupp och berörda medarbetare hos parterna",
     "Styrelseprotokoll, särskilda aktiviteter", "Kontinuerligt",
     f"{VTP}, beredningsgrupp, förbundets sekreterare"),
    ("Uppdragstagare inom samordningsförbundet", "Styrelseprotokoll, särskilda aktiviteter",
     "Kontinuerligt", f"{VTP}, beredningsgrupp, förbundets sekreterare"),
    ("Deltagare i samordningsförbundets aktiviteter",
     "Muntlig information om aktiviteterna och förbundet, hemsida",
     "Vid start och avslut, kontinuerligt vid behov",
     f"Uppdragstagare, {VTP.lower()}, beredningsgrupp"),
    ("Arbetsgivare", "Om förbundet", "Vid behov", f"{VTP}, uppdragstagare"),
    ("Media", "Om förbundet", "Vid behov", f"Styrelseledamöter, {VTP.lower()}"),
]  # fmt: skip

# ------------------------------------------------------------------ VärNa 2023 (seed 004)

VARNA_SECTIONS = {
    "introduction": """
VärNa bildades i maj 2016 när Välfärd i Nacka och VärmSam gick samman. Medlemmar är Arbetsförmedlingen, Försäkringskassan, Nacka kommun, Region Stockholm och Värmdö kommun. Omkring 5 % av befolkningen i arbetsför ålder bedöms höra till förbundets behovsgrupper.
2023 är ett uppbyggnadsår: de individinriktade insatserna tas över av medlemmarna, och planen är därför mindre detaljerad än tidigare år och kommer att preciseras under året.
""",
    "mission": """
Lagen (2003:1210) och dess förarbeten pekar på samordning och samverkan – inte finansieringen i sig – som det som hjälper personer med sammansatta behov närmare egen försörjning. Utan samordning riskerar de att gå runt mellan Försäkringskassan, vården, socialtjänsten och Arbetsförmedlingen.
Målet är att genom effektiv resursanvändning återställa eller förbättra funktions- och arbetsförmågan, med utveckling på individ-, organisations- och strukturnivå.
""",
    "target_groups": """
Behovsgrupperna är personer 16–64 år i Nacka eller Värmdö som behöver samordnat stöd från fler än en medlem. Medlemmarna har prioriterat förrehabiliterande, stödjande och arbetsförberedande insatser. För det strukturella arbetet är målgruppen medlemsorganisationerna och deras medarbetare samt andra relevanta aktörer lokalt, regionalt och nationellt.
""",
    "organisation": """
Varje medlem utser en ledamot och en ersättare. Förbundschefen verkställer styrelsens beslut och leder kansliet, som 2023 har två medarbetare. Kansliet är också arena för det myndighetsgemensamma teamet (MGT) med en medarbetare från varje medlem, som behåller sin anställning hos medlemmen. Beredningsgruppen, med chefer med mandat från medlemmarna, bereder strategiska förslag och ser till att individinriktade insatser startar.
""",
    "interventions": """
Medlemmarna ansvarar genom beredningsgruppen för att de individinriktade insatserna kommer till stånd och att medlen används: långsiktigt hållbara insatser för gemensamt identifierade behovsgrupper, tydliga beslutsunderlag, bred samverkan och löpande återrapportering. Behoven hittills gäller mobiliseringskurser, naturbaserad förrehabilitering och anpassade arbetsträningsplatser.
""",
    "follow_up": """
SUS, som insatserna följts upp i, ska läggas ner. Till dess att frågan är löst nationellt ska de organisationer som genomför insatser själva kunna följa upp och redovisa resultaten enligt planen. Kansliet samlar in, analyserar och återrapporterar, och tar fram stöd tillsammans med beredningsgruppen.
""",
    "communication": """
Förbundet håller medlemmar och andra intressenter uppdaterade om erfarenheter från andra samordningsförbund och närliggande verksamheter, bland annat genom digitala seminarier.
""",
    "budget": """
Kostnaderna minskar 2023 med två anställda och mindre lokaler. Ett planerat underskott på 1 385 948 kr tar ner det egna kapitalet till målet 2 miljoner kronor från 2024. Medlemsavgifterna ligger kvar på samma nivå i prognosen. Fördelningen mellan individ- och strukturinsatser är 96 % mot 4 %.
""",
}

VARNA_INTERVENTIONS = [
    ("Myndighetsgemensamma teamet (MGT)", IND, None, ALL, {
        "purpose": "Ett team med en medarbetare från varje medlem som tillsammans inventerar och "
                   "planerar för personer som behöver stöd från flera myndigheter, så att de "
                   "slipper gå runt mellan dem och kan röra sig mot arbete och egen försörjning.",
        "target_group": "Personer 16–64 år i Nacka och Värmdö med behov av samordnat stöd från "
                        "fler än en medlem.",
        "actions": "- Konsultation och gemensam ärendeöversyn\n- Samordnade lösningar med "
                   "förrehabiliterande insatser\n- Löpande nulägesskattningar av "
                   "stegförflyttning",
        "governance": "Kansliet samordnar teamet; arbetsgivaransvaret ligger kvar hos varje "
                      "medlem. Medlemmarna bemannar teamet med 20 % av en heltid var.",
        "follow_up": "SUS eller manuell hantering, enkäter och löpande nulägesskattningar.",
    }),
    ("Behovsgruppsanpassade insatser", IND, None, ALL, {
        "purpose": "Förrehabiliterande insatser som medlemmarna skapar i bred samverkan för de "
                   "gemensamma behovsgrupperna.",
        "governance": "Beredningsgruppen; kommunerna håller i första hand samman insatserna.",
    }),
    ("Förstudier", STR, None, ALL, {
        "purpose": "Förstudier inför individinriktade insatser, utan specifika deltagare.",
    }),
]  # fmt: skip

VARNA_TAGS = [
    "Myndighetsgemensamma teamet",
    "Myndighetsgemensamma insatser",
    "Utveckling",
    "Analys, uppföljning och återrapportering",
    "Kommunikation, omvärldsbevakning och utveckling",
]

VARNA_GOALS = [
    ("g1", Goal.Level.OPERATIONAL, None,
     "Det myndighetsgemensamma teamet (MGT) ger värdeskapande stöd till medlemmarnas gemensamma "
     "behovsgrupper och bidrar till deras stegförflyttning.",
     [("Erbjuda konsultation och gemensam ärendeöversyn", "Kansliet"),
      ("Följa upp med enkäter och löpande nulägesskattningar", "Kansliet")],
     ["Myndighetsgemensamma teamet (MGT)"], [8], ["Myndighetsgemensamma teamet"]),
    ("g2", Goal.Level.OPERATIONAL, None,
     "Myndighetsgemensamma insatser finns för de gemensamma behovsgrupperna och bidrar till "
     "stegförflyttning mot arbete eller studier.",
     [("Genomföra en behovsanalys tillsammans med medlemmarna (Q1)", "Beredningsgruppen"),
      ("Dokumentera en verktygslåda med insatser för MGT", "Kansliet")],
     ["Behovsgruppsanpassade insatser"], [8, 10], ["Myndighetsgemensamma insatser"]),
    ("g3", Goal.Level.OPERATIONAL, None,
     "Förbundsfinansierade insatser är kvalitativa och ändamålsenliga och förbundet styrs "
     "effektivt.",
     [("Instruktioner och mall för ansökan om finansiering används", "Kansliet"),
      ("Ta fram ett nytt mål- och visionsdokument som styrelsen fastställer", "Förbundschef"),
      ("Fördjupa medlemmarnas kunskap om minst ett mätområde i VärNamodellen", "Kansliet")],
     ["Förstudier"], [16], ["Utveckling"]),
    ("g4", Goal.Level.OPERATIONAL, None,
     "De individinriktade insatserna följs upp årligen avseende kvalitet och resultat.",
     [("Dokumentstudier, intervjuer och enkäter", "Kansliet")], [], [],
     ["Analys, uppföljning och återrapportering"]),
    ("g5", Goal.Level.OPERATIONAL, None,
     "Sex digitala inspirations- och spridningsseminarier ökar lärandet och de professionella "
     "kunskaperna hos deltagarna.",
     [("Planera och genomföra seminarierna", "Kansliet")], [], [4],
     ["Kommunikation, omvärldsbevakning och utveckling"]),
]  # fmt: skip

PLANS = [
    # (slug, year, unit, sections, interventions, goals, control, communication, tags)
    ("vvnd", 2025, "kr", VVND_SECTIONS, VVND_INTERVENTIONS, VVND_GOALS, [], [], []),
    ("falun-borlange", 2025, "tkr", FALUN_SECTIONS, FALUN_INTERVENTIONS, FALUN_GOALS, [], [], []),
    (
        "ostra-varmland",
        2022,
        "kr",
        OSTRA_SECTIONS,
        OSTRA_INTERVENTIONS,
        OSTRA_GOALS,
        OSTRA_CONTROL,
        OSTRA_COMMUNICATION,
        [],
    ),
    ("varna", 2023, "kr", VARNA_SECTIONS, VARNA_INTERVENTIONS, VARNA_GOALS, [], [], VARNA_TAGS),
]


def _members(association: Association) -> dict[str, Member]:
    return {m.name: m for m in Member.objects.filter(association=association)}


def _sections(plan: Plan, texts: dict[str, str]) -> None:
    for order, item in enumerate(OUTLINE):
        text = texts.get(item.key, "")
        body = text_to_html(text) if text else ""
        section, _ = Section.objects.get_or_create(
            plan=plan,
            key=item.key,
            defaults={"kind": item.kind, "title": str(item.title), "order": order},
        )
        section.body = body
        # A data section shows its table even without text; a text section the seed lacks
        # is left out rather than shown empty.
        section.included = item.included and (bool(text) or item.is_data)
        section.progress = Section.Progress.DRAFTED if body else Section.Progress.EMPTY
        section.full_clean()
        section.save()


def _interventions(plan: Plan, rows: list, members: dict[str, Member]) -> dict[str, Intervention]:
    result = {}
    for order, (name, kind, owner, parties, extra) in enumerate(rows):
        intervention = Intervention.objects.filter(plan=plan, name=name).first() or Intervention(
            plan=plan, name=name
        )
        intervention.kind = kind
        intervention.order = order
        intervention.owner = members.get(owner) if owner else None
        intervention.status = Intervention.Status.ONGOING
        for field, value in extra.items():
            setattr(intervention, field, value)
        intervention.full_clean()
        intervention.save()
        names = list(members) if parties == ALL else parties
        party_members = [members[n] for n in names if n in members and n != owner]
        intervention.parties.set(party_members)
        result[name] = intervention
    return result


def _goals(plan: Plan, rows: list, interventions: dict[str, Intervention], tags: dict) -> None:
    made: dict[str, Goal] = {}
    for order, (key, level, parent, text, activities, linked, agenda, tag_names) in enumerate(rows):
        goal = Goal.objects.filter(plan=plan, text=text).first() or Goal(plan=plan, text=text)
        goal.level = level
        goal.parent = made.get(parent) if parent else None
        goal.order = order
        goal.agenda2030 = agenda
        goal.full_clean()
        goal.save()
        goal.interventions.set([interventions[n] for n in linked if n in interventions])
        goal.tags.set([tags[n] for n in tag_names if n in tags])
        for a_order, activity in enumerate(activities):
            text_, responsible = activity if isinstance(activity, tuple) else (activity, "")
            row = Activity.objects.filter(goal=goal, text=text_).first() or Activity(
                goal=goal, text=text_
            )
            row.responsible = responsible
            row.order = a_order
            row.full_clean()
            row.save()
        made[key] = goal


def _tables(plan: Plan, control: list, communication: list) -> None:
    for order, (routine, step, responsible, frequency, method, reported, risk) in enumerate(
        control
    ):
        row = ControlPoint.objects.filter(plan=plan, routine=routine).first() or ControlPoint(
            plan=plan, routine=routine
        )
        row.control_step, row.responsible, row.frequency = step, responsible, frequency
        row.method, row.reported_to, row.risk, row.order = method, reported, risk, order
        row.full_clean()
        row.save()
    for order, (group, channel, frequency, responsible) in enumerate(communication):
        row = CommunicationItem.objects.filter(
            plan=plan, target_group=group
        ).first() or CommunicationItem(plan=plan, target_group=group)
        row.channel, row.frequency, row.responsible, row.order = (
            channel,
            frequency,
            responsible,
            order,
        )
        row.full_clean()
        row.save()


def load(stdout=None) -> None:
    from members.demo import load_contributions

    for slug, year, unit, sections, interventions, goals, control, comm, tag_names in PLANS:
        association = Association.objects.filter(slug=slug).first()
        if association is None:
            continue
        plan = Plan.objects.filter(association=association, year=year).order_by("-revision").first()
        if plan is not None and plan.is_frozen:
            if stdout:
                stdout.write(f"plans: hoppar över {slug} {year} (beslutad)\n")
            continue
        if plan is None:
            plan = Plan(association=association, year=year, unit=unit)
            plan.full_clean()
            plan.save()
        tags = {}
        for name in tag_names:
            tags[name], _ = Tag.objects.get_or_create(
                association=association, kind=Tag.Kind.FOCUS, name=name
            )
        _sections(plan, sections)
        made = _interventions(plan, interventions, _members(association))
        _goals(plan, goals, made, tags)
        _tables(plan, control, comm)
        load_contributions(plan)
        if stdout:
            stdout.write(
                f"plans: {slug} {year} ({len(made)} insatser, {len(goals)} mål, "
                f"{len(sections)} texter)\n"
            )
