"""The demo's quality manual: chapters, processes of each kind, routines and the routine listing.

The content is written for the fictional Exempelvik and is meant to look like a real management
system, so editors can see what each page type is for before they write their own. Approval dates
count back from today so the document headers look current whenever the demo is built, except for
one routine that is left overdue on purpose: the "under review" notice and the review report then
have something to show.
"""

from django.utils import timezone
from wagtail.models import Workflow, WorkflowPage

from ..models import (
    ManualSectionPage,
    ProcessKind,
    ProcessPage,
    QualityArea,
    QualityManualPage,
    RoutineIndexPage,
    RoutinePage,
    add_months,
)
from .pages import add_child_once

MANUAL_SLUG = "ledningssystem"
ROUTINE_INDEX_SLUG = "rutiner"
WORKFLOW_NAME = "Fastställ"
APPROVER = "Socialchef (exempel)"
DRAWN_UP_BY = "Kvalitetsutvecklare"


# Block builders. Units are named by code here and swapped for their keys when the page is built,
# because the keys differ from one database to the next.


def heading(text):
    return {"type": "heading", "value": text}


def paragraph(html):
    return {"type": "paragraph", "value": html}


def roles(*entries):
    """``entries`` are ``(role name, holder, unit code or None, mandate)``."""
    return {
        "type": "roles",
        "value": [
            {"type": name, "value": {"holder": holder, "unit": unit, "mandate": mandate}}
            for name, holder, unit, mandate in entries
        ],
    }


def steps(title, *entries):
    """``entries`` are ``(activity, description, responsible, input, output)``."""
    return {
        "type": "steps",
        "value": {
            "heading": title,
            "steps": [
                {"title": t, "description": d, "responsible": r, "inputs": i, "outputs": o} for t, d, r, i, o in entries
            ],
        },
    }


def responsibilities(caption, *rows):
    """``rows`` are ``(what, who, follow-up)``: the Vad / Vem / Uppföljning table."""
    return {
        "type": "responsibilities",
        "value": {
            "caption": caption,
            "rows": [{"what": what, "who": who, "follow_up": follow_up} for what, who, follow_up in rows],
        },
    }


def risk(title, probability, consequence, cause, action, owner):
    return {
        "type": "risk",
        "value": {
            "title": title,
            "probability": str(probability),
            "consequence": str(consequence),
            "cause": cause,
            "action": action,
            "owner": owner,
        },
    }


def stream_data(page_class, body, units):
    """``body`` with unit codes swapped for keys, in the form Wagtail stores (ids on every block and
    list item), so that the first edit in the admin does not rewrite the whole field.
    """

    def resolve(role):
        code = role["value"]["unit"]
        return {**role, "value": {**role["value"], "unit": units[code].pk if code else None}}

    raw = [
        {"type": "roles", "value": [resolve(role) for role in block["value"]]} if block["type"] == "roles" else block
        for block in body
    ]
    stream_block = page_class._meta.get_field("body").stream_block
    value = stream_block.to_python(raw)
    list(value)  # bind every block: raw blocks left unbound would be stored without ids inside them
    return stream_block.get_prep_value(value)


# The manual itself.

MANUAL = {
    "title": "Ledningssystem för socialnämnden (exempel)",
    "search_description": "Hur socialnämnden i Exempelvik planerar, följer upp och förbättrar kvaliteten (exempel).",
    "intro": (
        "<p>Det här är socialnämndens ledningssystem för systematiskt kvalitetsarbete i Exempelvik. "
        "Det visar hur vi planerar, leder, följer upp och utvecklar verksamheten så att den som får stöd "
        "av oss får det med god kvalitet.</p>"
        "<p>Ledningssystemet är uppbyggt kring processer. Processkartan visar dem, och under varje process "
        "finns de rutiner som gäller. Allt innehåll är påhittat och visar hur ett ledningssystem kan se ut.</p>"
    ),
    "scope": (
        "<p>Ledningssystemet gäller all verksamhet som socialnämnden ansvarar för: äldreomsorg, "
        "funktionsstöd och individ- och familjeomsorg, och den kommunala hälso- och sjukvården i "
        "hemtjänst, särskilt boende och bostäder med särskild service.</p>"
        "<p>Det gäller inte verksamhet som andra nämnder ansvarar för. Utförare som nämnden anlitar "
        "genom avtal ska ha egna ledningssystem; nämnden följer upp dem enligt avtalet.</p>"
    ),
    "quality_definition": (
        "<p>För oss betyder god kvalitet att verksamheten lever upp till det som lagar, föreskrifter och "
        "nämndens beslut kräver, och att den som får stöd märker att stödet gör skillnad i vardagen.</p>"
        "<p>Vi bedömer kvaliteten utifrån de sju nationella kvalitetsområdena:</p>"
        "<ul><li>bemötande och förhållningssätt</li><li>självbestämmande och integritet</li>"
        "<li>helhetssyn och samordning</li><li>trygghet och säkerhet</li><li>kunskapsbaserad verksamhet</li>"
        "<li>tillgänglighet</li><li>effektivitet</li></ul>"
    ),
    # One step in the manual's own words; the other three show the standard text.
    "pdca_check": (
        "Varje tertial följer enheterna upp sina mål, egenkontroller, avvikelser och synpunkter. "
        "Förvaltningen sammanställer året i en kvalitetsberättelse som nämnden behandlar i mars."
    ),
}


# Free chapters: (slug, title, search description, intro, body).

CHAPTERS = [
    (
        "roller-och-ansvar",
        "Roller och ansvar",
        "Vem som gör vad i kvalitetsarbetet, i linjen och i processerna.",
        "<p>Socialnämnden har alltid det yttersta ansvaret för ledningssystemet och kan inte lämna det "
        "ifrån sig. Uppgifterna i kvalitetsarbetet fördelas däremot i linjeorganisationen och i "
        "processerna, så som det här kapitlet beskriver.</p>",
        [
            heading("Roller i processarbetet"),
            paragraph(
                "<p>Varje process har samma sex roller. Så här är de fördelade för förvaltningens "
                "gemensamma processer; den enskilda processen kan ha andra innehavare.</p>"
            ),
            roles(
                (
                    "process_owner",
                    "Socialchef",
                    "SF",
                    "Har mandat och resurser att driva processerna. Utser processledare och grupper och "
                    "leder styrgruppen.",
                ),
                (
                    "steering_group",
                    "Förvaltningens ledningsgrupp",
                    "SF",
                    "Ser till att processerna stödjer nämndens mål och beslutar om förslag till ändringar.",
                ),
                (
                    "process_lead",
                    "Kvalitetsutvecklare",
                    "SF",
                    "Driver och utvecklar processerna i vardagen och kallar processgruppen till möten.",
                ),
                (
                    "development_group",
                    "En representant från varje verksamhetsområde",
                    "SF",
                    "Tar fram förslag till förbättringar och för ut nya arbetssätt i sina verksamheter.",
                ),
                (
                    "process_group",
                    "Medarbetare som arbetar i processen",
                    None,
                    "Arbetar enligt processen, ser var den skaver och lämnar förbättringsförslag.",
                ),
                (
                    "resource_owner",
                    "Verksamhetschefer och enhetschefer",
                    None,
                    "Ger sina medarbetare tid att delta i processgrupperna och tar upp processfrågor på "
                    "arbetsplatsträffar.",
                ),
            ),
            heading("Ansvar i linjeorganisationen"),
            responsibilities(
                "Ansvar för ledningssystemet i linjeorganisationen",
                (
                    "Besluta om mål för kvalitetsarbetet och följa upp att de nås",
                    "Socialnämnden",
                    "Tertialrapporter och kvalitetsberättelsen i mars",
                ),
                (
                    "Se till att ledningssystemet finns, hålls aktuellt och är känt av alla medarbetare",
                    "Socialchef",
                    "Genomgång i ledningsgruppen en gång per år",
                ),
                (
                    "Leda kvalitetsarbetet i verksamhetsområdet och ta fram åtgärdsplaner",
                    "Verksamhetschef",
                    "Tertialuppföljning till socialchefen",
                ),
                (
                    "Se till att rutinerna är kända och följs på enheten",
                    "Enhetschef",
                    "Egenkontroll enligt årshjulet och arbetsplatsträffar",
                ),
                (
                    "Bevaka att hälso- och sjukvården är säker och bedöma händelser som kan vara vårdskador",
                    "Medicinskt ansvarig sjuksköterska (MAS)",
                    "Patientsäkerhetsberättelsen, klar senast 1 mars",
                ),
                (
                    "Följa rutinerna, rapportera avvikelser och lämna förbättringsförslag",
                    "Alla medarbetare",
                    "Medarbetarsamtal och arbetsplatsträffar",
                ),
            ),
        ],
    ),
    (
        "samverkan",
        "Samverkan",
        "Hur vi samarbetar inom förvaltningen och med andra kring den enskilde.",
        "<p>Den som får stöd möter ofta flera verksamheter samtidigt. Samverkan är inget mål i sig, men "
        "utan den faller information och ansvar mellan stolarna.</p>",
        [
            paragraph(
                "<p>Processbeskrivningarna visar var i flödet vi behöver samarbeta och med vem: mellan "
                "handläggare och utförare inom förvaltningen, med regionens vårdcentraler och sjukhus, med "
                "skolan och med andra myndigheter. Uppgifter lämnas bara vidare när sekretessen tillåter "
                "det, oftast med den enskildes samtycke.</p>"
            ),
            responsibilities(
                "Ansvar för samverkan",
                (
                    "Överlämna beslut och uppdrag från handläggare till utförare",
                    "Verksamhetschef",
                    "Stickprov på tio ärenden två gånger per år",
                ),
                (
                    "Samverka med regionen när någon skrivs ut från sjukhus",
                    "MAS och verksamhetschef äldreomsorg",
                    "Samverkansmöte med regionen varje kvartal",
                ),
                (
                    "Kalla till samordnad individuell plan (SIP) när flera huvudmän är inblandade",
                    "Enhetschef",
                    "Antalet SIP redovisas i tertialrapporten",
                ),
                (
                    "Inhämta samtycke innan uppgifter lämnas till någon annan",
                    "Handläggare och kontaktpersoner",
                    "Kontrolleras vid journalgranskning",
                ),
            ),
        ],
    ),
    (
        "medarbetarnas-delaktighet",
        "Medarbetarnas delaktighet",
        "Hur medarbetarna är med och utvecklar kvaliteten.",
        "<p>Det är medarbetarna som först ser när något inte fungerar. Kvalitetsarbetet bygger på att "
        "deras iakttagelser och idéer tas tillvara.</p>",
        [
            paragraph(
                "<p>Alla medarbetare kan lämna förbättringsförslag, antingen i e-tjänsten på intranätet "
                "eller direkt på arbetsplatsträffen. Varje förslag får ett svar. Kvalitet är en stående "
                "punkt på arbetsplatsträffarna, där enheten går igenom avvikelser, synpunkter och "
                "resultat från egenkontrollerna.</p>"
            ),
            responsibilities(
                "Ansvar för medarbetarnas delaktighet",
                (
                    "Lämna förbättringsförslag och rapportera avvikelser",
                    "Alla medarbetare",
                    "Antal förslag och avvikelser per enhet redovisas varje tertial",
                ),
                (
                    "Ta upp avvikelser, synpunkter och resultat på arbetsplatsträffen",
                    "Enhetschef",
                    "Stående punkt i dagordningen",
                ),
                (
                    "Svara den som har lämnat ett förbättringsförslag",
                    "Enhetschef",
                    "Inom en månad från att förslaget kom in",
                ),
                (
                    "Utse ett kvalitetsombud på varje enhet",
                    "Enhetschef",
                    "Ses över vid varje årsskifte",
                ),
            ),
        ],
    ),
    (
        "dokumentation",
        "Dokumentation",
        "Hur styrande dokument tas fram, fastställs och hålls aktuella.",
        "<p>Ett styrande dokument gäller bara i den version som finns här på intranätet. Utskrifter och "
        "kopior kan vara inaktuella.</p>",
        [
            paragraph(
                "<p>Varje process och rutin har en dokumentägare som svarar för att innehållet stämmer, och "
                "ett datum då den senast ska ses över. Nya versioner fastställs genom arbetsflödet "
                "<b>Fastställ</b>, som sparar vem som fastställde och när. Riskanalyser, egenkontroller och "
                "genomförda förbättringar dokumenteras så att de går att följa upp.</p>"
            ),
            responsibilities(
                "Ansvar för styrande dokument",
                (
                    "Skriva och revidera processer och rutiner",
                    "Dokumentägare",
                    "Senast det datum som står i dokumenthuvudet",
                ),
                (
                    "Fastställa processer och rutiner",
                    "Socialchef eller verksamhetschef enligt delegationsordningen",
                    "Arbetsflödet Fastställ på intranätet",
                ),
                (
                    "Dokumentera riskanalyser, egenkontroller och förbättringsåtgärder",
                    "Enhetschef",
                    "Sammanställs i kvalitetsberättelsen",
                ),
                (
                    "Avpublicera dokument som inte längre gäller",
                    "Kvalitetsutvecklare",
                    "Genomgång av intranätet två gånger per år",
                ),
            ),
        ],
    ),
]


# Processes: each has a slug, title, kind, the code of the unit that owns it, how many months ago
# it was approved, the fields of the page (units and quality areas by code) and its body.

PROCESSES = [
    {
        "slug": "styrning-och-uppfoljning",
        "title": "Styrning och uppföljning",
        "kind": ProcessKind.MANAGEMENT,
        "owner": "SF",
        "approved_months_ago": 5,
        "purpose": "Att nämndens mål bryts ned till mål för varje verksamhet och att resultaten följs upp, "
        "så att nämnden kan styra efter hur det faktiskt går.",
        "audience": "Socialnämnden och förvaltningens chefer, och genom dem alla som får stöd av förvaltningen.",
        "starts_with": "Nämnden antar verksamhetsplan och budget för nästa år",
        "ends_with": "Nämnden har behandlat kvalitetsberättelsen och beslutat om förbättringar",
        "units": ["SF"],
        "quality_areas": ["efficiency", "knowledge-based"],
        "body": [
            paragraph(
                "<p>Processen följer förvaltningens årshjul. Målen går från nämnden via verksamhetsområdena "
                "till varje enhet, och varje mål har minst en indikator som går att mäta.</p>"
            ),
            roles(
                (
                    "process_owner",
                    "Socialchef",
                    "SF",
                    "Ser till att processen har de resurser den behöver och leder styrgruppen.",
                ),
                (
                    "steering_group",
                    "Förvaltningens ledningsgrupp",
                    "SF",
                    "Prioriterar mellan utvecklingsbehov och beslutar om ändringar i processen.",
                ),
                (
                    "process_lead",
                    "Kvalitetsutvecklare",
                    "SF",
                    "Håller ihop årshjulet, sammanställer uppföljningarna och kallar processgruppen.",
                ),
                (
                    "resource_owner",
                    "Verksamhetschefer",
                    None,
                    "Ger enhetscheferna tid att delta i planering och uppföljning.",
                ),
            ),
            steps(
                "Årshjulet",
                (
                    "Planera",
                    "Nämnden antar mål och budget, och förvaltningen tar fram en verksamhetsplan.",
                    "Socialchef",
                    "Kommunens mål och budgetramar, förra årets resultat",
                    "Verksamhetsplan med mål och indikatorer",
                ),
                (
                    "Bryta ned målen",
                    "Varje verksamhetsområde och enhet formulerar egna mål som bidrar till nämndens.",
                    "Verksamhetschef",
                    "Verksamhetsplanen",
                    "Enhetsmål och aktivitetsplaner",
                ),
                (
                    "Genomföra",
                    "Enheterna arbetar enligt planerna och rutinerna och registrerar utfallet löpande.",
                    "Enhetschef",
                    "Aktivitetsplaner",
                    "Registrerade resultat",
                ),
                (
                    "Följa upp",
                    "Indikatorer, egenkontroller, avvikelser och synpunkter gås igenom varje tertial.",
                    "Verksamhetschef",
                    "Indikatorer, egenkontroller, avvikelser, synpunkter",
                    "Tertialrapport till nämnden",
                ),
                (
                    "Analysera och förbättra",
                    "Förvaltningen analyserar årets resultat och föreslår förbättringar.",
                    "Kvalitetsutvecklare",
                    "Tertialrapporter och brukarundersökningar",
                    "Kvalitetsberättelse med förslag till förbättringar",
                ),
            ),
            responsibilities(
                "Ansvar i styrning och uppföljning",
                ("Ta fram verksamhetsplan", "Socialchef", "Nämnden beslutar i december"),
                ("Formulera enhetsmål med indikatorer", "Enhetschef", "Granskas av kvalitetsutvecklaren i januari"),
                ("Skriva tertialrapport", "Verksamhetschef", "Nämnden i maj och september"),
                ("Skriva kvalitetsberättelse", "Kvalitetsutvecklare", "Nämnden i mars"),
            ),
            risk(
                "Målen går inte att mäta",
                3,
                2,
                "Mål formuleras utan att någon bestämmer hur de ska mätas.",
                "Kvalitetsutvecklaren granskar alla enhetsmål innan verksamhetsplanen fastställs.",
                "Kvalitetsutvecklare",
            ),
            risk(
                "Uppföljningen når nämnden för sent för att påverka budgeten",
                2,
                3,
                "Tertialrapporterna blir klara efter nämndens budgetdialog.",
                "Datum för rapporterna läggs in i årshjulet före budgetdialogen.",
                "Socialchef",
            ),
        ],
    },
    {
        "slug": "systematiskt-forbattringsarbete",
        "title": "Systematiskt förbättringsarbete",
        "kind": ProcessKind.MANAGEMENT,
        "owner": "SF",
        "approved_months_ago": 3,
        "purpose": "Att vi lär av det som har gått fel eller nästan gått fel, av synpunkter och av våra egna "
        "kontroller, och gör verksamheten bättre.",
        "audience": "Alla som får stöd av förvaltningen och deras närstående.",
        "starts_with": "En avvikelse, en synpunkt, ett resultat eller en idé visar att något kan bli bättre",
        "ends_with": "Förbättringen är genomförd, följd upp och dokumenterad",
        "units": ["SF"],
        "quality_areas": ["safety", "knowledge-based", "respect"],
        "body": [
            paragraph(
                "<p>Förbättringsarbetet följer cykeln planera, göra, följa upp och förbättra. Vi tar "
                "tillvara avvikelser, synpunkter och klagomål, egenkontroller och riskanalyser, och letar "
                "efter mönster som går igen mellan enheterna.</p>"
            ),
            roles(
                (
                    "process_owner",
                    "Socialchef",
                    "SF",
                    "Ser till att det finns tid och verktyg för förbättringsarbete i alla verksamheter.",
                ),
                (
                    "process_lead",
                    "Kvalitetsutvecklare",
                    "SF",
                    "Sammanställer avvikelser och synpunkter för hela förvaltningen och ser till att "
                    "mönster analyseras.",
                ),
                (
                    "development_group",
                    "Kvalitetsombuden",
                    None,
                    "Prövar nya arbetssätt på sina enheter och berättar för de andra vad som fungerade.",
                ),
                (
                    "resource_owner",
                    "Enhetschefer",
                    None,
                    "Ger kvalitetsombuden tid för uppdraget.",
                ),
            ),
            steps(
                "Från iakttagelse till förbättring",
                (
                    "Fånga upp",
                    "Avvikelser, synpunkter och resultat från egenkontroller registreras samma dag.",
                    "Alla medarbetare",
                    "En händelse, en synpunkt eller ett resultat",
                    "Registrerat ärende",
                ),
                (
                    "Analysera",
                    "Enhetschefen tar reda på orsakerna, inte bara vad som hände.",
                    "Enhetschef",
                    "Registrerat ärende",
                    "Orsaksanalys",
                ),
                (
                    "Åtgärda",
                    "Åtgärder beslutas, får en ansvarig och ett datum.",
                    "Enhetschef",
                    "Orsaksanalys",
                    "Åtgärdsplan",
                ),
                (
                    "Följa upp",
                    "Efter överenskommen tid kontrolleras att åtgärden har fått effekt.",
                    "Enhetschef",
                    "Åtgärdsplan",
                    "Uppföljd åtgärd",
                ),
                (
                    "Sprida lärdomar",
                    "Det som fungerade sprids till andra enheter och skrivs in i rutinerna.",
                    "Kvalitetsutvecklare",
                    "Uppföljda åtgärder",
                    "Reviderade rutiner, erfarenheter i kvalitetsberättelsen",
                ),
            ),
            responsibilities(
                "Ansvar i förbättringsarbetet",
                ("Registrera avvikelser och synpunkter", "Alla medarbetare", "Antal per enhet varje tertial"),
                ("Analysera och åtgärda på enheten", "Enhetschef", "Ärenden äldre än 30 dagar följs upp"),
                ("Leta mönster mellan enheterna", "Kvalitetsutvecklare", "Sammanställning till nämnden varje kvartal"),
            ),
            risk(
                "Avvikelser rapporteras inte",
                3,
                3,
                "Medarbetare upplever att en rapport pekar ut en kollega.",
                "Cheferna återkopplar varje rapport och visar på arbetsplatsträffen vad rapporterna har lett till.",
                "Enhetschef",
            ),
        ],
    },
    {
        "slug": "handlaggning-av-bistand",
        "title": "Handläggning av bistånd",
        "kind": ProcessKind.CORE,
        "owner": "SF",
        "approved_months_ago": 6,
        "purpose": "Att den som ansöker om stöd får en rättssäker och skyndsam utredning och ett beslut som "
        "utgår från den enskildes behov.",
        "audience": "Personer som ansöker om stöd enligt socialtjänstlagen eller LSS, och deras närstående.",
        "starts_with": "En ansökan eller en anmälan kommer in",
        "ends_with": "Beslutet är fattat, verkställt och följt upp",
        "units": ["AO", "FS", "IFO"],
        "quality_areas": ["self-determination", "accessibility", "holistic-view"],
        "body": [
            roles(
                (
                    "process_owner",
                    "Socialchef",
                    "SF",
                    "Ansvarar för att handläggningen är rättssäker och har de resurser som behövs.",
                ),
                (
                    "process_lead",
                    "Verksamhetschef",
                    "IFO",
                    "Samordnar handläggningen mellan verksamhetsområdena och kallar processgruppen.",
                ),
                (
                    "process_group",
                    "Handläggare från varje verksamhetsområde",
                    None,
                    "Arbetar enligt processen och föreslår förbättringar av mallar och arbetssätt.",
                ),
            ),
            steps(
                "Handläggningens steg",
                (
                    "Ta emot ansökan",
                    "Ansökan registreras samma dag och den sökande får veta vem som handlägger ärendet.",
                    "Handläggare",
                    "Ansökan",
                    "Registrerat ärende",
                ),
                (
                    "Utreda behovet",
                    "Handläggaren utreder behovet tillsammans med den sökande och inhämtar det underlag som "
                    "behövs med samtycke.",
                    "Handläggare",
                    "Registrerat ärende",
                    "Utredning",
                ),
                (
                    "Besluta",
                    "Beslut fattas enligt delegationsordningen. Avslag motiveras och den sökande får veta hur "
                    "man överklagar.",
                    "Handläggare med delegation",
                    "Utredning",
                    "Beslut",
                ),
                (
                    "Beställa insatsen",
                    "Handläggaren skickar ett uppdrag till utföraren med mål för insatsen.",
                    "Handläggare",
                    "Beslut",
                    "Uppdrag till utföraren",
                ),
                (
                    "Följa upp",
                    "Handläggaren följer upp att insatsen ges och att den når målen.",
                    "Handläggare",
                    "Genomförandeplan, den enskildes synpunkter",
                    "Uppföljning i akten",
                ),
            ),
            responsibilities(
                "Ansvar i handläggningen",
                (
                    "Utreda och besluta enligt delegationsordningen",
                    "Handläggare",
                    "Journalgranskning två gånger per år",
                ),
                ("Bevaka handläggningstider", "Enhetschef", "Månadsvis i verksamhetssystemet"),
                ("Följa upp beslutade insatser", "Handläggare", "Minst en gång per år per ärende"),
            ),
            risk(
                "Utredningen drar ut på tiden",
                3,
                3,
                "Hög arbetsbelastning och underlag som dröjer.",
                "Handläggningstider följs varje månad; ärenden äldre än tre månader lyfts med enhetschefen.",
                "Enhetschef",
            ),
            risk(
                "Uppdraget till utföraren saknar viktig information",
                2,
                3,
                "Mallen för uppdrag fylls inte i fullt ut.",
                "Obligatoriska fält i mallen och stickprov vid journalgranskningen.",
                "Verksamhetschef",
            ),
        ],
    },
    {
        "slug": "hemtjanst",
        "title": "Hemtjänst",
        "kind": ProcessKind.CORE,
        "owner": "AO",
        "approved_months_ago": 4,
        "purpose": "Att den som bor hemma får den hjälp som beslutats, av personal hen känner igen, på det "
        "sätt hen själv vill.",
        "audience": "Personer med beslut om hemtjänst och deras närstående.",
        "starts_with": "Hemtjänsten får ett uppdrag från handläggaren",
        "ends_with": "Insatsen avslutas eller ändras efter ett nytt beslut",
        "units": ["AO-HTN", "AO-HTS"],
        "quality_areas": ["respect", "self-determination", "safety"],
        "body": [
            roles(
                (
                    "process_owner",
                    "Verksamhetschef",
                    "AO",
                    "Ansvarar för att hemtjänsten har bemanning och arbetssätt som ger kontinuitet.",
                ),
                (
                    "process_lead",
                    "Enhetschef",
                    "AO-HTN",
                    "Samordnar arbetet mellan hemtjänstgrupperna och kallar processgruppen.",
                ),
                (
                    "process_group",
                    "Undersköterskor och planerare från båda hemtjänstgrupperna",
                    None,
                    "Arbetar enligt processen och föreslår förbättringar av planering och dokumentation.",
                ),
                (
                    "resource_owner",
                    "Enhetschefer hemtjänst",
                    None,
                    "Planerar schemat så att medarbetarna kan delta i processgruppen.",
                ),
            ),
            steps(
                "Från uppdrag till uppföljning",
                (
                    "Ta emot uppdraget",
                    "Enhetschefen utser kontaktperson inom två arbetsdagar.",
                    "Enhetschef",
                    "Uppdrag från handläggaren",
                    "Utsedd kontaktperson",
                ),
                (
                    "Första besöket",
                    "Kontaktpersonen besöker den enskilde och frågar hur hjälpen ska ges.",
                    "Kontaktperson",
                    "Uppdraget",
                    "Anteckningar om önskemål",
                ),
                (
                    "Genomförandeplan",
                    "Planen skrivs tillsammans med den enskilde inom tre veckor.",
                    "Kontaktperson",
                    "Anteckningar om önskemål",
                    "Genomförandeplan",
                ),
                (
                    "Ge hjälpen",
                    "Insatserna ges enligt planen och dokumenteras i verksamhetssystemet.",
                    "Undersköterska",
                    "Genomförandeplan",
                    "Social dokumentation",
                ),
                (
                    "Följa upp",
                    "Planen följs upp minst var sjätte månad eller när behoven ändras.",
                    "Kontaktperson",
                    "Genomförandeplan och dokumentation",
                    "Reviderad genomförandeplan",
                ),
            ),
            responsibilities(
                "Ansvar i hemtjänsten",
                ("Utse kontaktperson", "Enhetschef", "Kontrolleras vid egenkontroll varje kvartal"),
                ("Skriva och följa upp genomförandeplan", "Kontaktperson", "Egenkontroll två gånger per år"),
                ("Mäta personalkontinuitet", "Planerare", "Redovisas varje månad till verksamhetschefen"),
            ),
            risk(
                "Den enskilde möter för många olika medarbetare",
                4,
                2,
                "Schemat läggs utan hänsyn till vem som brukar besöka vem.",
                "Fasta arbetslag per område; kontinuiteten mäts varje månad.",
                "Enhetschef hemtjänst",
            ),
            risk(
                "Ett besök blir inte av",
                2,
                4,
                "Ändringar i planeringen når inte den som ska göra besöket.",
                "Alla ändringar görs i planeringssystemet och bekräftas i mobilen.",
                "Planerare",
            ),
        ],
    },
    {
        "slug": "sarskilt-boende",
        "title": "Särskilt boende",
        "kind": ProcessKind.CORE,
        "owner": "AO",
        "approved_months_ago": 8,
        "purpose": "Att den som bor på särskilt boende får ett tryggt hem med vård och omsorg efter sina "
        "behov och önskemål.",
        "audience": "Personer med beslut om särskilt boende och deras närstående.",
        "starts_with": "Boendet får besked om att en lägenhet har tilldelats",
        "ends_with": "Den enskilde flyttar eller avlider, och närstående har fått stöd",
        "units": ["AO-TALL"],
        "quality_areas": ["respect", "safety", "holistic-view"],
        "body": [
            roles(
                (
                    "process_owner",
                    "Verksamhetschef",
                    "AO",
                    "Ansvarar för att boendet har de resurser och den kompetens som behövs.",
                ),
                (
                    "process_lead",
                    "Enhetschef",
                    "AO-TALL",
                    "Driver processen i vardagen och kallar processgruppen.",
                ),
                (
                    "process_group",
                    "Undersköterskor, sjuksköterska, arbetsterapeut och fysioterapeut",
                    "AO-TALL",
                    "Arbetar enligt processen och tar upp risker och förbättringar på teamträffarna.",
                ),
            ),
            steps(
                "Från inflyttning till avslut",
                (
                    "Förbereda inflyttningen",
                    "Kontaktperson utses och tar kontakt med den enskilde och närstående före flytten.",
                    "Enhetschef",
                    "Beslut om särskilt boende",
                    "Utsedd kontaktperson, bokat inflyttningssamtal",
                ),
                (
                    "Inflyttningssamtal",
                    "Vanor, önskemål och levnadsberättelse tas fram tillsammans med den enskilde.",
                    "Kontaktperson",
                    "Uppdraget",
                    "Levnadsberättelse",
                ),
                (
                    "Riskbedömningar",
                    "Risk för fall, undernäring och trycksår bedöms inom två veckor.",
                    "Sjuksköterska",
                    "Inflyttningssamtal",
                    "Riskbedömningar och åtgärder",
                ),
                (
                    "Genomförandeplan",
                    "Planen beskriver hur omsorgen ges och följs upp var sjätte månad.",
                    "Kontaktperson",
                    "Levnadsberättelse och riskbedömningar",
                    "Genomförandeplan",
                ),
                (
                    "Vård i livets slutskede",
                    "När livet går mot sitt slut hålls brytpunktssamtal och närstående erbjuds stöd.",
                    "Sjuksköterska",
                    "Bedömning av läkare",
                    "Dokumenterat brytpunktssamtal",
                ),
            ),
            responsibilities(
                "Ansvar på särskilt boende",
                ("Riskbedömningar inom två veckor från inflyttning", "Sjuksköterska", "Egenkontroll varje kvartal"),
                ("Genomförandeplan och uppföljning", "Kontaktperson", "Egenkontroll två gånger per år"),
                ("Läkemedelshantering", "Sjuksköterska", "Granskas av MAS en gång per år"),
            ),
            risk(
                "Fallolyckor",
                3,
                3,
                "Nedsatt balans, läkemedel som ger yrsel, hinder i lägenheten.",
                "Fallriskbedömning vid inflyttning och efter varje fall; läkemedelsgenomgång med läkare.",
                "Sjuksköterska",
            ),
            risk(
                "Undernäring upptäcks för sent",
                2,
                3,
                "Vikten följs inte upp regelbundet.",
                "Vägning varje månad och nutritionsbedömning vid viktnedgång.",
                "Sjuksköterska",
            ),
        ],
    },
    {
        "slug": "kompetensforsorjning",
        "title": "Kompetensförsörjning",
        "kind": ProcessKind.SUPPORT,
        "owner": "SF",
        "approved_months_ago": 7,
        "purpose": "Att verksamheterna har medarbetare med den utbildning och erfarenhet som uppdraget kräver, "
        "nu och framöver.",
        "audience": "Förvaltningens chefer och medarbetare.",
        "starts_with": "Verksamheten ser ett behov av bemanning eller kompetens",
        "ends_with": "Medarbetaren är introducerad och har en plan för sin utveckling",
        "units": ["SF"],
        "quality_areas": ["knowledge-based", "efficiency"],
        "body": [
            roles(
                (
                    "process_owner",
                    "Socialchef",
                    "SF",
                    "Ansvarar för förvaltningens kompetensförsörjningsplan.",
                ),
                (
                    "process_lead",
                    "HR-strateg",
                    "SF",
                    "Samordnar rekrytering, introduktion och kompetensutveckling.",
                ),
                (
                    "resource_owner",
                    "Enhetschefer",
                    None,
                    "Ser till att medarbetarna får den introduktion och utbildning som planerats.",
                ),
            ),
            steps(
                "Kompetensförsörjningens steg",
                (
                    "Planera behovet",
                    "Verksamheterna bedömer vilken kompetens som behövs de kommande åren.",
                    "Verksamhetschef",
                    "Verksamhetsplan, pensionsavgångar",
                    "Kompetensförsörjningsplan",
                ),
                (
                    "Rekrytera",
                    "Tjänsten annonseras med kravprofil; referenser tas och utdrag ur belastningsregistret "
                    "kontrolleras där lagen kräver det.",
                    "Enhetschef",
                    "Kravprofil",
                    "Anställd medarbetare",
                ),
                (
                    "Introducera",
                    "Den nya medarbetaren går förvaltningens introduktion och har en handledare de första veckorna.",
                    "Enhetschef",
                    "Introduktionsprogram",
                    "Genomförd introduktion",
                ),
                (
                    "Utveckla",
                    "Varje medarbetare har en individuell utvecklingsplan som följs upp vid medarbetarsamtalet.",
                    "Enhetschef",
                    "Medarbetarsamtal",
                    "Individuell utvecklingsplan",
                ),
            ),
            responsibilities(
                "Ansvar för kompetensförsörjning",
                ("Kompetensförsörjningsplan", "Socialchef", "Revideras varje år i oktober"),
                (
                    "Introduktion av nya medarbetare och vikarier",
                    "Enhetschef",
                    "Checklista signeras efter introduktionen",
                ),
                ("Individuella utvecklingsplaner", "Enhetschef", "Vid det årliga medarbetarsamtalet"),
            ),
            risk(
                "Vikarier arbetar utan introduktion",
                3,
                3,
                "Vikarier tas in med kort varsel under semestrar.",
                "Kort obligatorisk introduktion, även vid korta vikariat, och en fast kontaktperson per pass.",
                "Enhetschef",
            ),
        ],
    },
    {
        "slug": "dokumentation-och-informationssakerhet",
        "title": "Dokumentation och informationssäkerhet",
        "kind": ProcessKind.SUPPORT,
        "owner": "SF",
        "approved_months_ago": 2,
        "purpose": "Att uppgifter om den enskilde dokumenteras så att de är korrekta, går att följa och bara "
        "läses av den som behöver dem i sitt arbete.",
        "audience": "Alla medarbetare som dokumenterar eller läser uppgifter om enskilda.",
        "starts_with": "En medarbetare behöver tillgång till eller ska dokumentera uppgifter om en enskild",
        "ends_with": "Handlingarna är gallrade eller arkiverade enligt dokumenthanteringsplanen",
        "units": ["SF"],
        "quality_areas": ["self-determination", "safety"],
        "body": [
            roles(
                (
                    "process_owner",
                    "Socialchef",
                    "SF",
                    "Ansvarar för att verksamhetssystemen skyddar de uppgifter som finns i dem.",
                ),
                (
                    "process_lead",
                    "Systemförvaltare",
                    "SF",
                    "Sköter behörigheter och loggkontroller och samordnar utbildning i dokumentation.",
                ),
            ),
            steps(
                "Informationens livscykel",
                (
                    "Ge behörighet",
                    "Behörighet ges efter vad medarbetaren behöver i sitt arbete, inte mer.",
                    "Enhetschef",
                    "Beställning av behörighet",
                    "Behörighet i verksamhetssystemet",
                ),
                (
                    "Dokumentera",
                    "Dokumentationen ska vara saklig och begriplig för den den handlar om.",
                    "Alla som dokumenterar",
                    "Händelser och insatser",
                    "Anteckningar i akt eller journal",
                ),
                (
                    "Kontrollera åtkomsten",
                    "Loggar över vem som har läst vilka akter granskas med stickprov.",
                    "Systemförvaltare",
                    "Loggar",
                    "Loggkontroll med åtgärder",
                ),
                (
                    "Gallra och arkivera",
                    "Handlingar gallras eller arkiveras enligt dokumenthanteringsplanen.",
                    "Registrator",
                    "Dokumenthanteringsplan",
                    "Gallrade eller arkiverade handlingar",
                ),
            ),
            responsibilities(
                "Ansvar för dokumentation och informationssäkerhet",
                ("Beställa och ta bort behörigheter", "Enhetschef", "Behörigheter stäms av två gånger per år"),
                ("Loggkontroller", "Systemförvaltare", "Varje månad, resultat till socialchefen"),
                ("Rapportera personuppgiftsincidenter", "Alla medarbetare", "Inom 24 timmar till dataskyddsombudet"),
            ),
            risk(
                "Obehöriga läser uppgifter om en enskild",
                2,
                3,
                "Behörigheter tas inte bort när någon byter arbete.",
                "Avstämning av behörigheter två gånger per år och loggkontroller varje månad.",
                "Systemförvaltare",
            ),
        ],
    },
]


# Routines: the process slug each belongs under, then as for processes. The delegation routine
# is approved long enough ago to be overdue for review.

ROUTINES = [
    {
        "process": "styrning-och-uppfoljning",
        "slug": "egenkontroll",
        "title": "Egenkontroll enligt årshjulet",
        "owner": "SF",
        "approved_months_ago": 5,
        "summary": "Hur enheterna planerar, gör och dokumenterar sina egenkontroller, så att vi vet om "
        "rutinerna följs och om resultaten blir de vi vill.",
        "responsible": "Enhetschef",
        "units": [],
        "quality_areas": ["knowledge-based", "safety"],
        "legal_basis": "SOSFS 2011:9 5 kap. (egenkontroll)",
        "body": [
            steps(
                "Så gör vi",
                (
                    "Planera",
                    "I januari väljer enheten vilka kontroller som görs under året och när.",
                    "Enhetschef",
                    "Förvaltningens årshjul, förra årets resultat",
                    "Plan för egenkontroll",
                ),
                (
                    "Genomföra",
                    "Kontrollerna görs med förvaltningens checklistor, till exempel stickprov i genomförandeplaner.",
                    "Kvalitetsombud",
                    "Checklistor",
                    "Ifyllda checklistor",
                ),
                (
                    "Åtgärda",
                    "Brister leder till åtgärder med ansvarig och datum.",
                    "Enhetschef",
                    "Ifyllda checklistor",
                    "Åtgärdsplan",
                ),
                (
                    "Rapportera",
                    "Resultat och åtgärder rapporteras i tertialrapporten.",
                    "Enhetschef",
                    "Åtgärdsplan",
                    "Avsnitt i tertialrapporten",
                ),
            ),
            responsibilities(
                "Ansvar för egenkontroll",
                ("Plan för egenkontroll", "Enhetschef", "Lämnas till verksamhetschefen i januari"),
                ("Genomföra kontrollerna", "Kvalitetsombud", "Enligt planen"),
                ("Sammanställa resultaten för förvaltningen", "Kvalitetsutvecklare", "Kvalitetsberättelsen i mars"),
            ),
        ],
    },
    {
        "process": "systematiskt-forbattringsarbete",
        "slug": "avvikelsehantering",
        "title": "Avvikelsehantering",
        "owner": "SF",
        "approved_months_ago": 3,
        "summary": "Hur en händelse som avviker från det planerade rapporteras, utreds och leder till lärande. "
        "Gäller både socialtjänst och hälso- och sjukvård.",
        "responsible": "Enhetschef",
        "units": [],
        "quality_areas": ["safety"],
        "legal_basis": "SOSFS 2011:9 5 kap.; Patientsäkerhetslagen (2010:659) 3 kap.",
        "body": [
            paragraph(
                "<p>En avvikelse är en händelse som inte blev som det var tänkt, till exempel ett uteblivet "
                "besök, en fallolycka eller ett läkemedel som inte gavs. Även tillbud, där det nästan gick "
                "fel, rapporteras.</p>"
            ),
            steps(
                "Så gör vi",
                (
                    "Rapportera",
                    "Den som upptäcker avvikelsen rapporterar den i avvikelsesystemet under samma arbetspass.",
                    "Alla medarbetare",
                    "Händelsen",
                    "Avvikelserapport",
                ),
                (
                    "Bedöma",
                    "Enhetschefen bedömer hur allvarlig händelsen är. Händelser i hälso- och sjukvården "
                    "skickas också till sjuksköterskan.",
                    "Enhetschef",
                    "Avvikelserapport",
                    "Bedömning",
                ),
                (
                    "Utreda orsaker",
                    "Orsakerna utreds tillsammans med dem som var med.",
                    "Enhetschef",
                    "Bedömning",
                    "Orsaksanalys",
                ),
                (
                    "Åtgärda och återkoppla",
                    "Åtgärder beslutas och den som rapporterade får veta vad som hände med rapporten.",
                    "Enhetschef",
                    "Orsaksanalys",
                    "Åtgärder och återkoppling",
                ),
            ),
            responsibilities(
                "Ansvar för avvikelsehantering",
                ("Rapportera avvikelser", "Alla medarbetare", "Antal per enhet redovisas varje tertial"),
                ("Utreda och åtgärda inom 30 dagar", "Enhetschef", "Öppna ärenden följs upp varje månad"),
                ("Bedöma om en händelse kan vara en allvarlig vårdskada", "MAS", "Patientsäkerhetsberättelsen"),
            ),
        ],
    },
    {
        "process": "systematiskt-forbattringsarbete",
        "slug": "synpunkter-och-klagomal",
        "title": "Synpunkter och klagomål",
        "owner": "SF",
        "approved_months_ago": 6,
        "summary": "Hur vi tar emot, besvarar och lär av synpunkter, klagomål, beröm och förslag från dem vi "
        "finns till för, deras närstående och andra.",
        "responsible": "Enhetschef",
        "units": [],
        "quality_areas": ["respect", "accessibility"],
        "legal_basis": "SOSFS 2011:9 5 kap.; Förvaltningslagen (2017:900)",
        "body": [
            paragraph(
                "<p>Synpunkter kan lämnas i e-tjänsten, per telefon, brev eller direkt till personalen. Den "
                "som tar emot en muntlig synpunkt skriver ned den, så att den inte går förlorad.</p>"
            ),
            steps(
                "Så gör vi",
                (
                    "Registrera",
                    "Synpunkten registreras samma dag den kommer in.",
                    "Den som tar emot synpunkten",
                    "Synpunkt",
                    "Registrerad synpunkt",
                ),
                (
                    "Bekräfta",
                    "Den som lämnade synpunkten får en bekräftelse inom tre arbetsdagar.",
                    "Enhetschef",
                    "Registrerad synpunkt",
                    "Bekräftelse",
                ),
                (
                    "Utreda och svara",
                    "Enhetschefen tar reda på vad som har hänt och svarar inom två veckor.",
                    "Enhetschef",
                    "Registrerad synpunkt",
                    "Svar och eventuella åtgärder",
                ),
                (
                    "Sammanställa",
                    "Synpunkterna sammanställs och analyseras för mönster varje kvartal.",
                    "Kvalitetsutvecklare",
                    "Alla synpunkter under kvartalet",
                    "Kvartalsrapport till nämnden",
                ),
            ),
            responsibilities(
                "Ansvar för synpunkter och klagomål",
                ("Svara inom två veckor", "Enhetschef", "Svarstider följs upp varje kvartal"),
                ("Kvartalsvis sammanställning och analys", "Kvalitetsutvecklare", "Socialnämnden varje kvartal"),
            ),
        ],
    },
    {
        "process": "systematiskt-forbattringsarbete",
        "slug": "lex-sarah",
        "title": "Rapportering enligt lex Sarah",
        "owner": "SF",
        "approved_months_ago": 2,
        "summary": "Vad du gör om du ser ett missförhållande, eller en påtaglig risk för ett, i omsorgen om "
        "någon. Gäller alla som arbetar i förvaltningen, även praktikanter och uppdragstagare.",
        "responsible": "Socialchef",
        "units": [],
        "quality_areas": ["safety", "respect"],
        "legal_basis": "Socialtjänstlagen (2025:400), bestämmelserna om lex Sarah; LSS 24 a–24 g §§; SOSFS 2011:5",
        "body": [
            paragraph(
                "<p>Ett missförhållande kan vara att någon inte får mat eller medicin, blir illa bemött eller "
                "utsätts för övergrepp. Du behöver inte vara säker: rapportera hellre en gång för mycket. "
                "Den som rapporterar ska aldrig drabbas för det.</p>"
            ),
            steps(
                "Så gör vi",
                (
                    "Avhjälpa",
                    "Se först till att den enskilde är trygg just nu.",
                    "Den som ser missförhållandet",
                    "Iakttagelse",
                    "Omedelbar åtgärd",
                ),
                (
                    "Rapportera",
                    "Rapportera genast till din chef, muntligt och sedan på blanketten för lex Sarah.",
                    "Alla medarbetare",
                    "Iakttagelse",
                    "Lex Sarah-rapport",
                ),
                (
                    "Utreda",
                    "Socialchefen utser en utredare som tar reda på vad som hänt och varför.",
                    "Utsedd utredare",
                    "Lex Sarah-rapport",
                    "Utredning",
                ),
                (
                    "Anmäla",
                    "Är missförhållandet allvarligt anmäls det till IVO.",
                    "Socialchef",
                    "Utredning",
                    "Anmälan till IVO",
                ),
            ),
            responsibilities(
                "Ansvar vid lex Sarah",
                ("Rapportera missförhållanden", "Alla medarbetare", "Informeras om skyldigheten vid introduktionen"),
                ("Utreda och åtgärda", "Utsedd utredare", "Utredningen klar inom två månader"),
                ("Anmäla allvarliga missförhållanden till IVO", "Socialchef", "Rapporteras till nämnden"),
            ),
            risk(
                "Missförhållanden rapporteras inte",
                2,
                4,
                "Medarbetare vet inte om skyldigheten eller är rädda för följderna.",
                "Skyldigheten tas upp vid introduktionen och på en arbetsplatsträff varje år.",
                "Enhetschef",
            ),
        ],
    },
    {
        "process": "handlaggning-av-bistand",
        "slug": "social-dokumentation",
        "title": "Social dokumentation",
        "owner": "SF",
        "approved_months_ago": 7,
        "summary": "Hur handläggare och utförare dokumenterar utredning, beslut och genomförande, så att det "
        "går att följa vad som har gjorts och varför.",
        "responsible": "Enhetschef",
        "units": ["AO", "FS", "IFO"],
        "quality_areas": ["self-determination", "knowledge-based"],
        "legal_basis": "SOSFS 2014:5; LSS 21 a §; Offentlighets- och sekretesslagen (2009:400) 26 kap.",
        "body": [
            paragraph(
                "<p>Skriv så att den det handlar om kan förstå och känna igen sig. Skilj på vad du har sett "
                "och vad du bedömer, och skriv vem som har lämnat en uppgift.</p>"
            ),
            steps(
                "Så gör vi",
                (
                    "Dokumentera löpande",
                    "Anteckningar förs utan dröjsmål, senast dagen efter händelsen.",
                    "Handläggare och kontaktperson",
                    "Händelse eller kontakt",
                    "Anteckning i akten",
                ),
                (
                    "Läsa upp eller visa",
                    "Den enskilde får veta vad som antecknas och kan lämna sina synpunkter.",
                    "Handläggare och kontaktperson",
                    "Anteckning i akten",
                    "Den enskildes synpunkter antecknade",
                ),
                (
                    "Granska",
                    "Ett urval akter granskas med checklista två gånger per år.",
                    "Enhetschef",
                    "Akter",
                    "Granskningsresultat och åtgärder",
                ),
            ),
            responsibilities(
                "Ansvar för social dokumentation",
                ("Dokumentera utan dröjsmål", "Handläggare och kontaktpersoner", "Journalgranskning"),
                ("Journalgranskning med checklista", "Enhetschef", "Två gånger per år"),
            ),
        ],
    },
    {
        "process": "hemtjanst",
        "slug": "genomforandeplan",
        "title": "Genomförandeplan i hemtjänsten",
        "owner": "AO",
        "approved_months_ago": 4,
        "summary": "Hur kontaktpersonen och den enskilde tillsammans bestämmer hur hjälpen ska ges, och hur "
        "planen hålls aktuell.",
        "responsible": "Enhetschef hemtjänst",
        "units": ["AO-HTN", "AO-HTS"],
        "quality_areas": ["self-determination", "respect"],
        "legal_basis": "SOSFS 2014:5",
        "body": [
            steps(
                "Så gör vi",
                (
                    "Boka samtal",
                    "Kontaktpersonen bokar ett samtal med den enskilde, och närstående om hen vill.",
                    "Kontaktperson",
                    "Uppdrag från handläggaren",
                    "Bokat samtal",
                ),
                (
                    "Skriva planen",
                    "Planen beskriver vad som ska göras, när och hur, med den enskildes egna ord där det går.",
                    "Kontaktperson",
                    "Samtalet",
                    "Genomförandeplan",
                ),
                (
                    "Följa upp",
                    "Planen gås igenom minst var sjätte månad och när behoven ändras.",
                    "Kontaktperson",
                    "Genomförandeplan",
                    "Reviderad plan",
                ),
            ),
            responsibilities(
                "Ansvar för genomförandeplaner",
                ("Planen klar inom tre veckor", "Kontaktperson", "Egenkontroll varje kvartal"),
                ("Alla medarbetare känner till planen", "Enhetschef", "Stickprov vid arbetsplatsträff"),
            ),
        ],
    },
    {
        "process": "sarskilt-boende",
        "slug": "lakemedelshantering",
        "title": "Hantering av läkemedel",
        "owner": "AO",
        "approved_months_ago": 8,
        "summary": "Hur läkemedel beställs, förvaras, ges och dokumenteras på särskilt boende och i hemtjänsten "
        "när kommunen har ansvaret.",
        "responsible": "Medicinskt ansvarig sjuksköterska (MAS)",
        "units": ["AO"],
        "quality_areas": ["safety"],
        "legal_basis": "HSLF-FS 2017:37; Hälso- och sjukvårdslagen (2017:30)",
        "body": [
            steps(
                "Så gör vi",
                (
                    "Beställa",
                    "Sjuksköterskan beställer läkemedel enligt läkarens ordination.",
                    "Sjuksköterska",
                    "Ordination",
                    "Beställning till apoteket",
                ),
                (
                    "Förvara",
                    "Läkemedel förvaras låst; narkotika räknas enligt särskild lista.",
                    "Sjuksköterska",
                    "Leverans",
                    "Låst förvaring",
                ),
                (
                    "Ge läkemedlet",
                    "Den som har delegering ger läkemedlet och kvitterar det på signeringslistan direkt.",
                    "Undersköterska med delegering",
                    "Signeringslista",
                    "Kvitterad dos",
                ),
                (
                    "Rapportera avvikelser",
                    "En dos som inte ges eller ges fel rapporteras som avvikelse och till sjuksköterskan.",
                    "Undersköterska med delegering",
                    "Händelsen",
                    "Avvikelserapport",
                ),
            ),
            responsibilities(
                "Ansvar för läkemedelshantering",
                ("Lokal läkemedelsrutin på varje enhet", "Sjuksköterska", "Granskas av MAS varje år"),
                ("Narkotikakontroll", "Sjuksköterska", "Varje månad, kollegial kontroll"),
                ("Kvalitetsgranskning av läkemedelshanteringen", "MAS", "En gång per år med farmaceut"),
            ),
            risk(
                "Fel läkemedel eller fel dos ges",
                2,
                4,
                "Signeringslistan är inte uppdaterad efter en ändrad ordination.",
                "Ändringar görs bara av sjuksköterska, som informerar personalen samma dag.",
                "Sjuksköterska",
            ),
        ],
    },
    {
        "process": "sarskilt-boende",
        "slug": "delegering",
        "title": "Delegering av hälso- och sjukvårdsuppgifter",
        "owner": "AO",
        "approved_months_ago": 14,
        "summary": "När och hur en sjuksköterska, arbetsterapeut eller fysioterapeut får överlåta en "
        "hälso- och sjukvårdsuppgift till omsorgspersonal.",
        "responsible": "Medicinskt ansvarig sjuksköterska (MAS)",
        "units": ["AO", "FS"],
        "quality_areas": ["safety", "knowledge-based"],
        "legal_basis": "Patientsäkerhetslagen (2010:659) 6 kap. 3 §",
        "body": [
            paragraph(
                "<p>Delegering är personlig och gäller högst ett år. Den som tar emot en delegering ska ha "
                "visat att hen kan uppgiften, och får säga nej om hen inte känner sig säker.</p>"
            ),
            steps(
                "Så gör vi",
                (
                    "Utbilda",
                    "Medarbetaren går kommunens utbildning för uppgiften och gör ett kunskapstest.",
                    "Sjuksköterska",
                    "Utbildningsmaterial",
                    "Godkänt test",
                ),
                (
                    "Bedöma",
                    "Sjuksköterskan bedömer i ett samtal att medarbetaren kan utföra uppgiften säkert.",
                    "Sjuksköterska",
                    "Godkänt test",
                    "Bedömning",
                ),
                (
                    "Besluta",
                    "Delegeringen skrivs och undertecknas av båda och registreras.",
                    "Sjuksköterska",
                    "Bedömning",
                    "Beslut om delegering",
                ),
                (
                    "Följa upp",
                    "Delegeringen följs upp under året och förnyas eller avslutas efter högst ett år.",
                    "Sjuksköterska",
                    "Beslut om delegering",
                    "Förnyad eller avslutad delegering",
                ),
            ),
            responsibilities(
                "Ansvar för delegering",
                (
                    "Besluta om och följa upp delegeringar",
                    "Sjuksköterska",
                    "Förteckning över delegeringar varje kvartal",
                ),
                ("Ge tid för utbildning", "Enhetschef", "Vid planeringen av schemat"),
                ("Granska att delegeringar är giltiga", "MAS", "Stickprov en gång per år"),
            ),
        ],
    },
]

CHAPTER_MONTHS_AGO = 4
MANUAL_MONTHS_AGO = 4


def document_control(page_class, unit, approved_months_ago):
    """Fields of the document header, as the approval workflow would have set them."""
    approved_on = add_months(timezone.localdate(), -approved_months_ago)
    return {
        "drawn_up_by": DRAWN_UP_BY,
        "responsible_unit": unit,
        "document_owner": unit.manager,
        "approved_by_name": APPROVER,
        "approved_on": approved_on,
        "review_by": add_months(approved_on, page_class.review_interval_months()),
    }


def build_manual(intranet, units):
    """Create the manual and everything in it under ``intranet``; pages already there are kept."""
    created = []

    def add(parent, page_class, slug, **fields):
        page, new = add_child_once(parent, page_class, slug, **fields)
        new and created.append(page)
        return page

    areas = {area.code: area for area in QualityArea.objects.all()}
    manual = add(
        intranet,
        QualityManualPage,
        MANUAL_SLUG,
        show_in_menus=True,
        board=units["SN"],
        **MANUAL,
        **document_control(QualityManualPage, units["SF"], MANUAL_MONTHS_AGO),
    )
    assign_workflow(manual)

    for slug, title, description, intro, body in CHAPTERS:
        add(
            manual,
            ManualSectionPage,
            slug,
            title=title,
            show_in_menus=True,
            search_description=description,
            intro=intro,
            body=stream_data(ManualSectionPage, body, units),
            **document_control(ManualSectionPage, units["SF"], CHAPTER_MONTHS_AGO),
        )

    processes = {}
    for spec in PROCESSES:
        processes[spec["slug"]] = add(
            manual,
            ProcessPage,
            spec["slug"],
            show_in_menus=True,
            **page_fields(ProcessPage, spec, ["kind", "purpose", "audience", "starts_with", "ends_with"], units, areas),
            **document_control(ProcessPage, units[spec["owner"]], spec["approved_months_ago"]),
        )
    for spec in ROUTINES:
        add(
            processes[spec["process"]],
            RoutinePage,
            spec["slug"],
            **page_fields(RoutinePage, spec, ["summary", "responsible", "legal_basis"], units, areas),
            **document_control(RoutinePage, units[spec["owner"]], spec["approved_months_ago"]),
        )

    add(
        manual,
        RoutineIndexPage,
        ROUTINE_INDEX_SLUG,
        title="Rutiner",
        show_in_menus=True,
        search_description="Alla rutiner i ledningssystemet, att söka och filtrera bland.",
        intro="<p>Här finns alla rutiner i ledningssystemet. Välj din enhet för att se de rutiner som gäller där.</p>",
    )
    return {"manual": manual, "created": created}


def page_fields(page_class, spec, names, units, areas):
    """The model fields of a process or routine from its spec, with units and areas as objects."""
    return {
        "title": spec["title"],
        **{name: spec[name] for name in names},
        "units": [units[code] for code in spec["units"]],
        "quality_areas": [areas[code] for code in spec["quality_areas"] if code in areas],
        "body": stream_data(page_class, spec["body"], units),
    }


def assign_workflow(manual):
    """Send changes to the manual and its pages through the ready-made approval, if the site still has it."""
    workflow = Workflow.objects.filter(name=WORKFLOW_NAME).first()
    if workflow is not None:
        WorkflowPage.objects.get_or_create(page=manual, defaults={"workflow": workflow})
