"""The demo's annual cycle (årshjul): the year's planning, follow-up and reporting steps of the quality work.

Placed in the PUBLIC section beside the goal chain: when the board follows up and reports is part
of what a municipality tells its citizens. The activities link to the manual's routines and
processes (behind login) and to the goal chain. The year's past occurrences are marked done, on
time, except one done late and one not done, so every state shows; which ones are past is counted
from the day the demo is built, so the cycle always looks current. Everything is fictional.
"""

import datetime

from wagtail.models import Page

from ..annual_cycle import recurrence
from ..models.annual_cycle import ActivityCompletion, AnnualActivity, AnnualCyclePage, Frequency, RuleKind
from .pages import add_child_once

CYCLE_SLUG = "arshjul-2026-exempel"
LATE_ACTIVITY = "Sammanställning av klagomål och avvikelser till nämnden"
MISSED_ACTIVITY = "Egenkontroll enligt egenkontrollplanen"
DAYS_LATE = 9

CYCLE = {
    "title": "Årshjul för kvalitetsarbetet 2026 (exempel)",
    "search_description": "När socialnämnden planerar, följer upp och redovisar kvalitetsarbetet under året (exempel).",
    "intro": (
        "<p>Årshjulet visar när socialförvaltningen i Exempelvik planerar, följer upp och redovisar sitt "
        "kvalitetsarbete, och vem som ansvarar för varje steg. Det hänger ihop med budgetprocessen och "
        "målkedjan, så att uppföljningen hinner in i nästa års planering.</p>"
        "<p>Detta är exempelinnehåll för den påhittade kommunen Exempelvik.</p>"
    ),
}


def activity(name, purpose, frequency, rule, unit, person, function, link=None, month=None, day=None, days_after=None):
    return {"name": name, "purpose": purpose, "frequency": frequency, "rule": rule, "unit": unit, "person": person,
            "function": function, "link": link, "month": month, "day": day, "days_after": days_after}


#: The cycle's activities; ``link`` is the slug of a manual page, or "goal-chain".
ACTIVITIES = [
    activity(LATE_ACTIVITY,
             "Nämnden får en samlad bild av inkomna klagomål, synpunkter och avvikelser under kvartalet, "
             "med analys av mönster och förslag på förbättringar.",
             Frequency.QUARTERLY, RuleKind.AFTER_PERIOD, "SF", "karin.lund", "Kvalitetsutvecklare",
             link="synpunkter-och-klagomal", days_after=20),
    activity("Patientsäkerhetsberättelse",
             "Beskriver hur patientsäkerhetsarbetet bedrivits under föregående år och vilka resultat som nåtts. "
             "Ska vara klar senast den 1 mars.",
             Frequency.YEARLY, RuleKind.ON_DATE, "SF", "karin.lund", "Medicinskt ansvarig sjuksköterska",
             link="avvikelsehantering", month=3, day=1),
    activity("Kvalitetsberättelse",
             "Sammanfattar föregående års kvalitetsarbete: egenkontroll, avvikelser, klagomål och förbättringar.",
             Frequency.YEARLY, RuleKind.ON_DATE, "SF", "karin.lund", "Kvalitetsutvecklare",
             link="systematiskt-forbattringsarbete", month=3, day=31),
    activity("Medarbetarenkät",
             "Medarbetarna svarar på frågor om arbetsmiljö, delaktighet och ledarskap; resultatet diskuteras på APT.",
             Frequency.YEARLY, RuleKind.ON_DATE, "SF", "karin.lund", "HR-strateg",
             link="kompetensforsorjning", month=4, day=30),
    activity(MISSED_ACTIVITY,
             "Enheterna kontrollerar att rutinerna följs och följer upp resultaten enligt planens teman.",
             Frequency.QUARTERLY, RuleKind.ON_DATE, "AO", "per.holm", "Enhetschef",
             link="egenkontroll", month=2, day=28),
    activity("Genomgång av lagkravslistan",
             "Ansvariga ser över att lagkraven är aktuella och att rutinerna visar hur de uppfylls.",
             Frequency.HALF_YEARLY, RuleKind.ON_DATE, "SF", "karin.lund", "Kvalitetsutvecklare",
             link="lagkrav", month=5, day=15),
    activity("Uppföljning av genomförandeplaner",
             "Varje brukares genomförandeplan följs upp tillsammans med brukaren.",
             Frequency.HALF_YEARLY, RuleKind.AFTER_PERIOD, "FS-LIND", "jonas.vik", "Enhetschef",
             link="genomforandeplan", days_after=14),
    activity("Avvikelser på arbetsplatsträffen",
             "Månadens avvikelser gås igenom på APT så att alla lär av dem.",
             Frequency.MONTHLY, RuleKind.ON_DATE, "AO-TALL", "omar.berg", "Enhetschef",
             link="avvikelsehantering", day=10),
    activity("Översyn av målkedjan och budgetplanering",
             "Nämndens mål och indikatorer ses över inför nästa år, samtidigt som budgeten planeras.",
             Frequency.YEARLY, RuleKind.ON_DATE, "SF", "karin.lund", "Förvaltningschef",
             link="goal-chain", month=9, day=30),
    activity("Riskanalys inför verksamhetsåret",
             "Enheterna bedömer vilka risker som kan hota kvaliteten nästa år och planerar åtgärder.",
             Frequency.YEARLY, RuleKind.ON_DATE, "IFO", "maria.sjo", "Områdeschef",
             link="styrning-och-uppfoljning", month=10, day=31),
    activity("Ledningens genomgång av ledningssystemet",
             "Ledningsgruppen bedömer om ledningssystemet fungerar och beslutar om förbättringar till nästa år.",
             Frequency.YEARLY, RuleKind.ON_DATE, "SF", "karin.lund", "Socialchef",
             link="styrning-och-uppfoljning", month=12, day=10),
]


def build_annual_cycle(public, manual, units, people, goal_chain=None, today=None):
    """Add the cycle under ``public``; return the number of activities created (0 when it is there)."""
    if public.get_children().filter(slug=CYCLE_SLUG).exists():
        return 0
    links = {page.slug: page for page in Page.objects.descendant_of(manual, inclusive=True).live()}
    if goal_chain is not None:
        links["goal-chain"] = goal_chain
    cycle, _created = add_child_once(public, AnnualCyclePage, CYCLE_SLUG, **CYCLE)
    activities = []
    for order, spec in enumerate(ACTIVITIES):
        activities.append(
            AnnualActivity.objects.create(
                page=cycle,
                sort_order=order,
                name=spec["name"],
                purpose=spec["purpose"],
                frequency=spec["frequency"],
                rule=spec["rule"],
                month=spec["month"],
                day=spec["day"],
                days_after=spec["days_after"],
                responsible_function=spec["function"],
                unit=units[spec["unit"]],
                responsible_person=people[spec["person"]],
                link_page=links.get(spec["link"]),
            )
        )
    cycle.save_revision().publish()  # the published revision holds the activities, as an editor's would
    build_completions(activities, people, today or datetime.date.today())
    return len(activities)


def build_completions(activities, people, today):
    """This year's past occurrences done on time, but the last past one of two activities: one late, one not."""
    rows = []
    for activity in activities:
        past = [date for date in recurrence.occurrences_in_year(activity, today.year) if date < today]
        for date in past:
            if activity.name == MISSED_ACTIVITY and date == past[-1]:
                continue
            late = activity.name == LATE_ACTIVITY and date == past[-1]
            done_on = min(date + datetime.timedelta(days=DAYS_LATE), today) if late else date - datetime.timedelta(2)
            note = (
                "Blev klar senare än planerat eftersom underlaget kom sent (exempel)."
                if late
                else "Genomfört enligt planen (exempel)."
            )
            rows.append(ActivityCompletion(activity=activity, occurs_on=date, done_on=done_on, note=note,
                                           done_by=activity.responsible_person))
    ActivityCompletion.objects.bulk_create(rows)
