"""The demo's legal requirement list: the statutes social services answer to, and what each demands.

Written for the fictional Exempelvik in its own words, with the responsible people from the demo
organisation and links to the demo routines. Review dates count from today, so that whenever the
demo is built a few requirements are due soon and a few are overdue, and the register, the
dashboard panel and the reminders have something to show. The statutes are real; the chapter
and section references are examples to be checked against the current text before real use.
"""

import datetime

from django.utils import timezone

from ..models import (
    ComplianceStatus,
    LegalRequirement,
    LegalRequirementListPage,
    LegalRequirementReview,
    RoutinePage,
    Statute,
    StatuteKind,
    add_months,
)
from .pages import add_child_once

#: key → (title, number, kind, link to the official text)
STATUTES = {
    "sol": ("Socialtjänstlag", "2025:400", StatuteKind.LAW, "https://www.riksdagen.se/"),
    "lss": ("Lag om stöd och service till vissa funktionshindrade", "1993:387", StatuteKind.LAW,
            "https://www.riksdagen.se/"),
    "hsl": ("Hälso- och sjukvårdslag", "2017:30", StatuteKind.LAW, "https://www.riksdagen.se/"),
    "psl": ("Patientsäkerhetslag", "2010:659", StatuteKind.LAW, "https://www.riksdagen.se/"),
    "osl": ("Offentlighets- och sekretesslag", "2009:400", StatuteKind.LAW, "https://www.riksdagen.se/"),
    "fl": ("Förvaltningslag", "2017:900", StatuteKind.LAW, "https://www.riksdagen.se/"),
    "gdpr": ("Dataskyddsförordningen", "(EU) 2016/679", StatuteKind.ORDINANCE, "https://eur-lex.europa.eu/"),
    "sosfs-2011-9": ("Ledningssystem för systematiskt kvalitetsarbete", "SOSFS 2011:9", StatuteKind.REGULATION,
                     "https://www.socialstyrelsen.se/"),
    "sosfs-2014-5": ("Dokumentation i verksamhet som bedrivs med stöd av SoL, LVU, LVM och LSS",
                     "SOSFS 2014:5", StatuteKind.REGULATION, "https://www.socialstyrelsen.se/"),
    "hslf-2017-37": ("Ordination och hantering av läkemedel i hälso- och sjukvården", "HSLF-FS 2017:37",
                     StatuteKind.REGULATION, "https://www.socialstyrelsen.se/"),
}

LIST_SLUG = "lagkrav"

NOTE = "Exempel i demoinnehållet. Kontrollera hänvisningen mot gällande lydelse."

#: Each requirement: statute key, reference, title, what it demands for us, unit codes (empty:
#: everywhere), responsible username, responsible function, how it is met, routine slugs,
#: compliance status, and when its next review falls due, in days from today (negative: overdue).
REQUIREMENTS = [
    ("sosfs-2011-9", "4 kap. 2–3 §§", "Processer och rutiner är identifierade och beskrivna",
     "Vi ska veta vilka processer verksamheten bygger på, beskriva dem och ta fram de rutiner som "
     "behövs för att arbetet ska hålla god kvalitet.",
     [], "karin.lund", "Socialchef",
     "Processerna och rutinerna finns i ledningssystemet på intranätet och fastställs genom arbetsflödet.",
     ["egenkontroll"], ComplianceStatus.MET, 200),
    ("sosfs-2011-9", "5 kap. 2 §", "Egenkontroll görs och dokumenteras",
     "Varje enhet följer upp sina resultat och att rutinerna följs, så ofta som behövs för att "
     "kvaliteten ska kunna säkras.",
     [], "karin.lund", "Socialchef",
     "Årshjulet styr när kontrollerna görs; resultaten sammanställs i kvalitetsberättelsen.",
     ["egenkontroll"], ComplianceStatus.PARTLY_MET, 12),
    ("sosfs-2011-9", "5 kap. 3–6 §§", "Klagomål och synpunkter tas emot och utreds",
     "Klagomål och synpunkter från brukare, närstående, personal och andra tas emot, utreds och "
     "sammanställs så att vi kan se mönster och trender.",
     [], "karin.lund", "Kvalitetsutvecklare",
     "Rutinen för synpunkter och klagomål; kvartalsvis sammanställning till nämnden.",
     ["synpunkter-och-klagomal"], ComplianceStatus.MET, 25),
    ("sosfs-2011-9", "5 kap. 6 §", "Avvikelser rapporteras och utreds",
     "Händelser som har medfört eller hade kunnat medföra brister ska rapporteras, utredas och "
     "leda till åtgärder.",
     [], "per.holm", "Verksamhetschef äldreomsorg",
     "Avvikelserutinen; enhetscheferna analyserar avvikelserna varje månad.",
     ["avvikelsehantering"], ComplianceStatus.PARTLY_MET, -20),
    ("sol", "Bestämmelserna om lex Sarah", "Missförhållanden rapporteras och avhjälps",
     "Den som arbetar i socialtjänsten ska rapportera missförhållanden och påtagliga risker för "
     "missförhållanden. Vi utreder, åtgärdar och anmäler allvarliga fall till IVO.",
     [], "karin.lund", "Socialchef",
     "Rutinen för lex Sarah; utbildning för nyanställda och varje år på arbetsplatsträffar.",
     ["lex-sarah"], ComplianceStatus.MET, 150),
    ("lss", "24 a–24 g §§", "Lex Sarah inom verksamhet enligt LSS",
     "Samma skyldighet att rapportera och avhjälpa missförhållanden gäller i verksamhet enligt LSS.",
     ["FS"], "lena.dahl", "Verksamhetschef funktionsstöd",
     "Rutinen för lex Sarah gäller även funktionsstöd; genomgång på varje enhet en gång per år.",
     ["lex-sarah"], ComplianceStatus.MET, -45),
    ("lss", "21 a §", "Genomförandet av insatser dokumenteras",
     "Beslut, genomförande och händelser av betydelse dokumenteras utan dröjsmål.",
     ["FS"], "jonas.vik", "Enhetschef",
     "Rutinen för social dokumentation; stickprov i egenkontrollen.",
     ["social-dokumentation"], ComplianceStatus.PARTLY_MET, 90),
    ("sosfs-2014-5", "4 kap.", "Genomförandeplan för varje brukare",
     "Det ska finnas en aktuell genomförandeplan som brukaren varit delaktig i.",
     ["AO-HTN", "AO-HTS"], "sara.ek", "Enhetschef hemtjänst",
     "Rutinen för genomförandeplan i hemtjänsten; planerna följs upp minst var sjätte månad.",
     ["genomforandeplan"], ComplianceStatus.NOT_MET, 5),
    ("hsl", "5 kap. 1 §", "God vård i den kommunala hälso- och sjukvården",
     "Hälso- och sjukvården ska vara av god kvalitet, tillgodose patientens behov av trygghet och "
     "bygga på respekt för självbestämmande och integritet.",
     ["AO"], "per.holm", "Medicinskt ansvarig sjuksköterska",
     "Delegering och läkemedelsrutiner; MAS följer upp genom egenkontroll.",
     ["delegering", "lakemedelshantering"], ComplianceStatus.MET, 60),
    ("hslf-2017-37", "", "Säker hantering av läkemedel",
     "Läkemedel hanteras säkert, och det finns rutiner för ordination, iordningställande och "
     "administrering.",
     ["AO-TALL"], "omar.berg", "Enhetschef",
     "Rutinen för hantering av läkemedel; årlig kontroll av läkemedelsförråd.",
     ["lakemedelshantering"], ComplianceStatus.MET, 28),
    ("psl", "3 kap. 5 §", "Allvarliga vårdskador anmäls (lex Maria)",
     "Händelser som har medfört eller hade kunnat medföra en allvarlig vårdskada anmäls till IVO.",
     ["AO"], "per.holm", "Medicinskt ansvarig sjuksköterska",
     "Avvikelserutinen pekar ut vem som bedömer och anmäler.",
     ["avvikelsehantering"], ComplianceStatus.MET, 120),
    ("psl", "6 kap. 4 §", "Personalen rapporterar risker för vårdskador",
     "Hälso- och sjukvårdspersonal rapporterar risker för vårdskador och händelser som har "
     "medfört eller hade kunnat medföra en vårdskada.",
     ["AO"], "per.holm", "Medicinskt ansvarig sjuksköterska",
     "Avvikelserapport i verksamhetssystemet; genomgång vid introduktion.",
     ["avvikelsehantering"], ComplianceStatus.NOT_ASSESSED, -3),
    ("osl", "26 kap. 1 §", "Sekretess inom socialtjänsten",
     "Uppgifter om enskildas personliga förhållanden lämnas inte ut utan att det är klart att "
     "det kan ske utan men för den enskilde.",
     [], "maria.sjo", "Verksamhetschef individ- och familjeomsorg",
     "Tystnadsplikt skrivs under vid anställning; behörigheter stäms av två gånger per år.",
     ["social-dokumentation"], ComplianceStatus.MET, 240),
    ("fl", "9 §", "Ärenden handläggs snabbt och enkelt",
     "Ärenden handläggs så enkelt, snabbt och kostnadseffektivt som möjligt utan att "
     "rättssäkerheten eftersätts.",
     ["IFO"], "maria.sjo", "Verksamhetschef individ- och familjeomsorg",
     "Handläggningstider följs upp varje månad; rutinen för synpunkter och klagomål.",
     ["synpunkter-och-klagomal"], ComplianceStatus.PARTLY_MET, 45),
    ("gdpr", "Art. 33", "Personuppgiftsincidenter anmäls inom 72 timmar",
     "En personuppgiftsincident anmäls till tillsynsmyndigheten inom 72 timmar efter att vi fått "
     "kännedom om den, om den inte är osannolik att medföra risker.",
     [], "karin.lund", "Dataskyddsombud (funktion)",
     "Incidenter rapporteras till dataskyddsombudet inom 24 timmar enligt processen för dokumentation.",
     [], ComplianceStatus.NOT_ASSESSED, -60),
    ("gdpr", "Art. 30", "Register över behandlingar",
     "Vi för ett register över de behandlingar av personuppgifter som nämnden ansvarar för.",
     [], "karin.lund", "Dataskyddsombud (funktion)",
     "", [], ComplianceStatus.NOT_APPLICABLE, 300),
]


def build_legal_requirements(manual, units, people):
    """Add the statutes and requirements that are missing (matched by statute, reference and title),
    and the list page staff read them on; return the number of requirements and pages added."""
    _page, page_created = add_child_once(
        manual,
        LegalRequirementListPage,
        LIST_SLUG,
        title="Lagkravslista",
        show_in_menus=True,
        search_description="De lagar och föreskrifter som styr socialnämndens verksamheter (exempel).",
        intro="<p>Här ser du vilka lagkrav som gäller för din enhet, vem som ansvarar för dem och vilka "
        "rutiner som visar hur vi uppfyller dem. Listan är exempelinnehåll.</p>",
    )
    today = timezone.localdate()
    statutes = {}
    for key, (title, number, kind, url) in STATUTES.items():
        statutes[key], _ = Statute.objects.get_or_create(
            title=title, number=number, defaults={"kind": kind, "url": url}
        )
    routines = {page.slug: page for page in RoutinePage.objects.descendant_of(manual)}
    created = 0
    for (statute_key, reference, title, demands, unit_codes, username, function, how_met, routine_slugs,
         status, due_in_days) in REQUIREMENTS:
        statute = statutes[statute_key]
        if LegalRequirement.objects.filter(statute=statute, reference=reference, title=title).exists():
            continue
        due = today + datetime.timedelta(days=due_in_days)
        interval = 12
        requirement = LegalRequirement.objects.create(
            statute=statute,
            reference=reference,
            title=title,
            demands=demands,
            responsible_person=people.get(username),
            responsible_function=function,
            how_met=how_met,
            status=status,
            review_interval_months=interval,
            last_reviewed=add_months(due, -interval) if status != ComplianceStatus.NOT_ASSESSED else None,
            next_review_due=due,
            notes=NOTE,
        )
        requirement.units.set([units[code] for code in unit_codes])
        requirement.routines.set([routines[slug] for slug in routine_slugs if slug in routines])
        requirement.save()
        if requirement.last_reviewed:
            LegalRequirementReview.objects.create(
                requirement=requirement,
                reviewer_name="Kvalitetsutvecklare (exempel)",
                reviewed_on=requirement.last_reviewed,
                outcome=status,
                comment="Genomgång i ledningsgruppen (exempel).",
                next_review_due=due,
            )
        requirement.save_revision(log_action=True)
        created += 1
    return created, int(page_created)
