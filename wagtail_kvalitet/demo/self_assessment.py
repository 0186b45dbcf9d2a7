"""The demo's self-assessment against SOSFS 2011:9 for 2025 and 2026, and the quality report for 2025.

Exempelvik judged its management system for two years, so the edit page has last year's judgement
and figures beside this year's: in 2025 much was partly met, in 2026 most is met, and coordination
with the region is not met in either year. The compilations of cases were presented to the board
every quarter except one, so the figure for that has a gap to show. The 2025 quality report is the
draft the system writes, published as the board approved it. The years are fixed; a quarter that has
not yet been presented on the day the demo is built is left out. Everything is fictional.
"""

import datetime

from django.utils import timezone
from wagtail.models import Page

from ..models import (
    CaseCompilation,
    GoverningPage,
    Judgement,
    PartAssessment,
    QualityReportPage,
    RegulationPart,
    SelfAssessment,
)
from ..quality_report.chapters import CHAPTERS
from ..quality_report.draft import build_draft
from ..self_assessment import evidence

YEARS = (2025, 2026)
REPORT_YEAR = 2025
REPORT_TITLE = "Kvalitetsberättelse 2025 (exempel)"
REPORT_SLUG = "kvalitetsberattelse-2025-exempel"
PRESENTED_TO = "Socialnämnden"
#: The quarters whose compilation of cases was presented to the board: all of 2025, and 2026 until the
#: third quarter but for the second, which never reached the board.
PRESENTED_QUARTERS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1), (2026, 3)]
#: The board meets about three weeks after a quarter has ended.
DAYS_TO_BOARD_MEETING = 22
EXAMPLE_NOTE = "Exempel för den påhittade kommunen Exempelvik."
#: When the manual's pages first went up on the intranet, so that they count in the figures for 2025.
INTRODUCED_ON = datetime.date(2025, 1, 15)

REPORT_INTRO = (
    "<p>Kvalitetsberättelsen beskriver hur socialnämnden i Exempelvik arbetade med kvalitet under 2025: "
    "självvärderingen mot SOSFS 2011:9, klagomål och avvikelser, risker, lagkrav, mål och de förbättringar "
    "som gjorts. Nämnden behandlade berättelsen i mars 2026.</p>"
    "<p>Siffrorna hämtades ur ledningssystemet när utkastet skrevs. Detta är exempelinnehåll för den "
    "påhittade kommunen Exempelvik.</p>"
)

#: The analysis written in place of each chapter's prompt, by chapter module; None leaves the prompt out.
ANALYSES = {
    "assessment": None,  # the self-assessment's summary follows the prompt
    "cases": "De flesta klagomålen gällde bemötande och att hjälpen kom vid fel tid i hemtjänsten. Mönstret "
    "var tydligast under semesterperioden, när många vikarier arbetade.",
    "risks": "Riskerna med högst värden gäller läkemedel och överlämning mellan arbetspass. Båda har åtgärder "
    "med ansvariga, men riskanalys gjordes ännu inte på alla enheter.",
    "legal": "Lagkravslistan omfattade bara äldreomsorgen under större delen av året och kompletteras nu för "
    "hela förvaltningen.",
    "goals": "Nämndens mål om trygghet och delaktighet nåddes delvis. Där målen inte nåddes har enheterna tagit "
    "fram åtgärder som följs upp varje tertial.",
    "improvements": "Flera förbättringar kom från medarbetarnas förslag, bland annat en checklista för "
    "överlämning och tydligare information till nya brukare.",
}

MET, PARTLY, NOT_MET = Judgement.MET, Judgement.PARTLY_MET, Judgement.NOT_MET

SUMMARIES = {
    2025: (
        "Ledningssystemet finns och används, men mycket var ännu inte på plats under året. Flera rutiner "
        "saknade fastställelse, lagkravslistan var ofullständig och riskanalyser gjordes bara på några "
        "enheter. Klagomålen hanterades i tid och sammanställdes för nämnden varje kvartal. Det största "
        "glappet är samverkan med regionen, där gemensamma rutiner saknas. " + EXAMPLE_NOTE
    ),
    2026: (
        "Året har gett resultat: processerna har ägare, rutinerna är fastställda och riskanalys görs nu på "
        "alla enheter inför verksamhetsåret. Två saker återstår. Sammanställningen av klagomål och avvikelser "
        "för andra kvartalet kom aldrig till nämnden, och samverkan med regionen saknar fortfarande en "
        "överenskommelse som alla parter står bakom. " + EXAMPLE_NOTE
    ),
}

#: part key → {year: (judgement, comment, planned actions)}
JUDGEMENTS = {
    "ansvar": {
        2025: (
            MET,
            "Nämnden har fastställt ledningssystemet och fördelningen av uppgifter framgår av kapitlet "
            "om roller och ansvar.",
            "",
        ),
        2026: (MET, "Oförändrat. Alla processer har nu en utsedd processägare.", ""),
    },
    "uppbyggnad": {
        2025: (
            PARTLY,
            "Det var otydligt vilka verksamheter som inte omfattas, till exempel utförare på entreprenad.",
            "Skriv in avgränsningen i ledningssystemets inledning.",
        ),
        2026: (
            MET,
            "Avgränsningen är beskriven och ledningssystemet hänger ihop med budgetprocessen via årshjulet.",
            "",
        ),
    },
    "styrning": {
        2025: (
            PARTLY,
            "Lagkravslistan täckte bara äldreomsorgen. Målen saknade ofta mått.",
            "Komplettera listan för funktionsstöd och individ- och familjeomsorg. Knyt indikatorer till målen.",
        ),
        2026: (
            MET,
            "Lagkravslistan omfattar hela förvaltningen och gås igenom två gånger per år. Nämndens mål har "
            "indikatorer med utfall.",
            "",
        ),
    },
    "processer-rutiner": {
        2025: (
            PARTLY,
            "Processkartan fanns, men flera rutiner var inte fastställda eller var äldre än två år.",
            "Gå igenom alla rutiner och fastställ dem i det nya arbetsflödet.",
        ),
        2026: (
            MET,
            "Processerna är beskrivna och fastställda. En rutin har passerat sitt översynsdatum och är under arbete.",
            "Följ upp översynsdatumen varje kvartal.",
        ),
    },
    "samverkan": {
        2025: (
            NOT_MET,
            "Det saknas rutiner för samverkan med regionen vid utskrivning från sjukhus och för "
            "samordnad individuell plan.",
            "Ta fram en gemensam rutin med regionen.",
        ),
        2026: (
            NOT_MET,
            "Ett förslag till rutin finns, men regionen har ännu inte ställt sig bakom det.",
            "Lyft frågan i den politiska samverkansgruppen. Inför under tiden en intern checklista.",
        ),
    },
    "riskanalys": {
        2025: (
            PARTLY,
            "Riskanalys gjordes på två enheter, inte som en del av planeringen.",
            "Lägg in riskanalys i årshjulet så att alla enheter gör den varje höst.",
        ),
        2026: (
            MET,
            "Alla enheter har gjort riskanalys inför verksamhetsåret. De högsta riskerna har åtgärder och ansvariga.",
            "",
        ),
    },
    "egenkontroll": {
        2025: (
            PARTLY,
            "Egenkontrollplanen fanns men följdes inte upp samlat.",
            "Samla resultaten i förvaltningens tertialuppföljning.",
        ),
        2026: (
            PARTLY,
            "Egenkontrollen görs enligt planen med ett undantag: ett kvartals kontroll blev inte av.",
            "Enhetscheferna påminns via årshjulet. Kontrollen tas igen nästa kvartal.",
        ),
    },
    "klagomal-avvikelser": {
        2025: (MET, "Synpunkter och klagomål tas emot via formuläret och besvaras i regel inom tio arbetsdagar.", ""),
        2026: (
            MET,
            "Fler klagomål än förra året, vilket vi tror beror på att formuläret blivit känt. Andelen "
            "som besvaras i tid har ökat.",
            "",
        ),
    },
    "forbattring": {
        2025: (
            PARTLY,
            "Sammanställningarna redovisades varje kvartal men analysen av mönster var tunn.",
            "Använd kvalitetsområdena för att se mönster mellan enheterna.",
        ),
        2026: (
            PARTLY,
            "Sammanställningen för andra kvartalet redovisades aldrig för nämnden.",
            "Lägg redovisningen som en fast punkt på nämndens dagordning efter varje kvartal.",
        ),
    },
    "personalens-medverkan": {
        2025: (
            PARTLY,
            "Förbättringsförslag togs emot, men medarbetarna fick sällan veta vad som hände med dem.",
            "Återkoppla varje förslag och ta upp dem på arbetsplatsträffarna.",
        ),
        2026: (
            MET,
            "Förslagen besvaras och flera har genomförts. Avvikelser gås igenom på varje arbetsplatsträff.",
            "",
        ),
    },
    "dokumentation": {
        2025: (
            MET,
            "Styrande dokument har ägare och datum för översyn, och bara den gällande versionen finns på intranätet.",
            "",
        ),
        2026: (MET, "Oförändrat. Kvalitetsarbetet dokumenteras i ledningssystemet.", ""),
    },
}


def build_self_assessment(manual, board, people, today=None):
    """Add what is missing; return ``(assessments created, compilations created, report pages created)``."""
    today = today or datetime.date.today()
    author = people["karin.lund"]
    backdate_manual(manual)
    compilations_created = build_compilations(board, author, today)
    assessments, assessments_created = {}, 0
    for year in YEARS:
        assessments[year], created = build_assessment(manual, year, author, today)
        assessments_created += created
    reports_created = build_report(manual, assessments[REPORT_YEAR], author, today)
    return assessments_created, compilations_created, reports_created


def backdate_manual(manual):
    """Date the manual's first publication to when Exempelvik introduced it, not to when the demo was built.

    The figures count the processes and routines published by the end of a year; the demo builds them
    today, so without this the self-assessment for 2025 would find no management system at all. Their
    approval dates still count back from today, so 2025 shows fewer of them approved than 2026.
    """
    introduced = timezone.make_aware(datetime.datetime.combine(INTRODUCED_ON, datetime.time(8)))
    pages = Page.objects.descendant_of(manual, inclusive=True).type(GoverningPage)
    pages.filter(first_published_at__gt=introduced).update(first_published_at=introduced)


def quarters(today):
    """The demo's presented quarters: ``(start, end, presented on)``, none presented after ``today``."""
    for year, quarter in PRESENTED_QUARTERS:
        start = datetime.date(year, 3 * quarter - 2, 1)
        end = datetime.date(year + quarter // 4, 3 * quarter % 12 + 1, 1) - datetime.timedelta(days=1)
        presented_on = end + datetime.timedelta(days=DAYS_TO_BOARD_MEETING)
        if presented_on <= today:
            yield start, end, presented_on


def build_compilations(board, author, today):
    existing = set(CaseCompilation.objects.filter(unit=board).values_list("period_start", "period_end"))
    rows = [
        CaseCompilation(
            period_start=start,
            period_end=end,
            unit=board,
            presented_on=presented_on,
            presented_to=PRESENTED_TO,
            recorded_by=author,
        )
        for start, end, presented_on in quarters(today)
        if (start, end) not in existing
    ]
    CaseCompilation.objects.bulk_create(rows)
    return len(rows)


def build_assessment(manual, year, author, today):
    """The year's assessment with a judgement of every part; an existing one is left as it is."""
    assessment, created = SelfAssessment.objects.get_or_create(
        manual=manual, year=year, defaults={"summary": SUMMARIES[year], "updated_by": author}
    )
    if not created:
        return assessment, False
    PartAssessment.objects.bulk_create(
        [
            PartAssessment(assessment=assessment, part=part, **part_judgement(part, year))
            for part in RegulationPart.objects.all()
        ]
    )
    assessment.evidence = {key: figure.as_json() for key, figure in evidence.compute(manual, year, today).items()}
    assessment.save(update_fields=["evidence"])
    return assessment, True


def part_judgement(part, year):
    """The demo's judgement of ``part``; a part the site added itself is left for its editors to judge."""
    if part.key not in JUDGEMENTS:
        return {}
    judgement, comment, planned_actions = JUDGEMENTS[part.key][year]
    return {"judgement": judgement, "comment": comment, "planned_actions": planned_actions}


def build_report(manual, assessment, author, today):
    """The year's quality report as the system drafts it, published under the demo's title."""
    if QualityReportPage.objects.child_of(manual).filter(year=assessment.year).exists():
        return 0
    report = build_draft(manual, assessment.year, author, assessment=assessment, today=today)
    report.title = REPORT_TITLE
    report.slug = REPORT_SLUG
    report.intro = REPORT_INTRO
    report.body = written_analysis(report.body.raw_data)
    report.save_revision(user=author).publish(user=author, skip_permission_checks=True)  # as the board approved it
    return 1


def written_analysis(blocks):
    """The draft's blocks with each chapter's prompt replaced by the analysis staff wrote, or left out."""
    chapters = [module.__name__.rsplit(".", 1)[-1] for module in CHAPTERS]
    written, number = [], -1
    for block in blocks:
        if block["type"] == "chapter":
            number += 1
        elif block["type"] == "paragraph" and block["value"].startswith("<p><em>") and 0 <= number < len(chapters):
            text = ANALYSES.get(chapters[number])
            if text:
                written.append({"type": "paragraph", "value": f"<p>{text}</p>", "id": block.get("id")})
            continue
        written.append(block)
    return written
