"""The demo's goal chain: a vision, the council's goals, the board's goals broken down to units, and figures.

The chain is placed in the PUBLIC section: goals and whether they are met are what a municipality
reports to its citizens, so anyone can follow them without logging in. Everything is fictional and
marked as example, including the Kolada-like ids. Figures are generated from a fixed seed and end
on chosen values, so every build shows the same mix: one board goal on track, one at risk, one off
track and one so new that it has no figures yet. The last figure is the last period that has
ended today (capped at 2026), so the chain always looks current.
"""

import datetime
import random
from decimal import Decimal

from django.utils.text import slugify

from ..goals.periods import Frequency, Period
from ..models import GoalChainPage, GoalIndicator, GoalLevel, GoalPage, Indicator, Measurement, QualityArea
from .pages import add_child_once

CHAIN_SLUG = "malkedja-2026-exempel"
SEED = 2026_6
LAST_YEAR = 2026
KOLADA_NOTE = " Kolada-id:t är ett exempel."

CHAIN = {
    "title": "Målkedja 2026 (exempel)",
    "period_label": "2026",
    "search_description": "Socialnämndens mål för 2026 och hur det går, från nämnden till varje enhet (exempel).",
    "vision": (
        "<p>I Exempelvik ska alla kunna leva ett tryggt och självständigt liv, med stöd som ges i rätt tid "
        "och med respekt för den enskilde.</p>"
        "<p>Detta är exempelinnehåll för den påhittade kommunen Exempelvik.</p>"
    ),
}

COUNCIL_GOALS = [
    ("Exempelvik ska vara en trygg kommun att åldras i",
     "Den som behöver omsorg ska känna sig trygg med den, hemma och på boendet (exempel)."),
    ("Invånarna ska få service i rätt tid",
     "Den som söker stöd ska få besked snabbt och begripligt (exempel)."),
    ("Alla ska kunna påverka sin egen vardag",
     "Stödet utformas tillsammans med den som får det (exempel)."),
]

#: (code, name, unit of measure, higher is better, frequency, owning unit, owner username, Kolada-like id, definition)
INDICATORS = [
    ("exempel-trygghet-aldreomsorg", "Andel brukare som känner sig trygga", "%", True, Frequency.YEAR,
     "AO", "per.holm", "U99101", "Andel som svarat ganska eller mycket trygg i brukarundersökningen."),
    ("exempel-larm-30-minuter", "Andel larm där personal är på plats inom 30 minuter", "%", True,
     Frequency.QUARTER, "AO", "per.holm", "", "Trygghetslarm under kvartalet, från larm till ankomst."),
    ("exempel-personalkontinuitet", "Antal olika personal under 14 dagar", "antal", False, Frequency.YEAR,
     "AO", "sara.ek", "U99102", "Medianen av antalet olika personal som besökt en brukare under 14 dagar."),
    ("exempel-fallskador", "Antal fallskador per 1 000 vårddygn", "antal", False, Frequency.QUARTER,
     "AO-TALL", "omar.berg", "", "Fall som lett till skada, enligt avvikelserapporterna."),
    ("exempel-vantetid-bistand", "Väntetid i dagar till beslut om ekonomiskt bistånd", "dagar", False,
     Frequency.QUARTER, "IFO-EB", "ali.nord", "N99301", "Medianen från komplett ansökan till beslut."),
    ("exempel-utredning-120", "Andel barnavårdsutredningar klara inom 120 dagar", "%", True, Frequency.QUARTER,
     "IFO-BU", "ali.nord", "", "Utredningar avslutade under kvartalet."),
    ("exempel-forsta-kontakt", "Väntetid i dagar till första kontakt", "dagar", False, Frequency.QUARTER,
     "IFO-BU", "maria.sjo", "", "Medianen från aktualisering till första samtal med familjen."),
    ("exempel-bestamma", "Andel brukare som får bestämma om saker som är viktiga för dem", "%", True,
     Frequency.YEAR, "FS", "lena.dahl", "U99201", "Andel som svarat ja, alltid eller oftast, i brukarundersökningen."),
    ("exempel-plan-uppfoljd", "Andel genomförandeplaner uppföljda inom sex månader", "%", True, Frequency.QUARTER,
     "FS", "lena.dahl", "", "Planer som följts upp tillsammans med brukaren."),
    ("exempel-paverka-aktiviteter", "Andel deltagare som kan påverka sina aktiviteter", "%", True,
     Frequency.YEAR, "FS-DV", "jonas.vik", "", "Andel som svarat ja i deltagarenkäten."),
    ("exempel-utbildning-ebp", "Andel medarbetare utbildade i evidensbaserad praktik", "%", True, Frequency.YEAR,
     "SF", "karin.lund", "", "Nytt mått från 2026; första mätningen görs vid årets slut."),
    ("exempel-egenkontroll", "Andel enheter med aktuell egenkontrollplan", "%", True, Frequency.YEAR,
     "SF", "karin.lund", "", "Nytt mått från 2026; första mätningen görs vid årets slut."),
]

#: (indicator code, unit code) → (first value, latest value). The latest values decide the statuses.
FIGURES = {
    ("exempel-trygghet-aldreomsorg", "AO"): (82, 86),
    ("exempel-trygghet-aldreomsorg", "AO-HTN"): (83, 88),
    ("exempel-trygghet-aldreomsorg", "AO-HTS"): (84, 80),  # at risk against 85
    ("exempel-trygghet-aldreomsorg", "AO-TALL"): (80, 89),
    ("exempel-larm-30-minuter", "AO"): (86, 92),
    ("exempel-larm-30-minuter", "AO-HTN"): (85, 93),
    ("exempel-larm-30-minuter", "AO-HTS"): (87, 91),
    ("exempel-personalkontinuitet", "AO"): (14, 12),
    ("exempel-personalkontinuitet", "AO-HTN"): (13, 11),
    ("exempel-personalkontinuitet", "AO-HTS"): (15, 13),  # at risk against 12
    ("exempel-fallskador", "AO-TALL"): (5.2, 3.6),
    ("exempel-vantetid-bistand", "IFO-EB"): (22, 27),  # off track against 20
    ("exempel-utredning-120", "IFO-BU"): (84, 92),
    ("exempel-forsta-kontakt", "IFO-BU"): (16, 12),
    ("exempel-bestamma", "FS"): (78, 83),
    ("exempel-bestamma", "FS-LIND"): (79, 84),
    ("exempel-bestamma", "FS-DV"): (77, 83),
    ("exempel-plan-uppfoljd", "FS"): (90, 96),
    ("exempel-plan-uppfoljd", "FS-LIND"): (89, 97),
    ("exempel-paverka-aktiviteter", "FS-DV"): (72, 81),
}


def goal(title, unit, areas, description, targets, children=()):
    return {"title": title, "unit": unit, "areas": areas, "description": description,
            "targets": targets, "children": list(children)}


#: The board's goals, each broken down to administration goals and unit goals.
GOALS = [
    goal("Alla som får äldreomsorg ska känna sig trygga (exempel)", "SN", ["safety"],
         "Tryggheten ska öka både i hemtjänsten och på särskilt boende.",
         [("exempel-trygghet-aldreomsorg", 85)], [
             goal("Tryggare hemtjänst och särskilt boende (exempel)", "AO", ["safety"],
                  "Äldreomsorgen arbetar med snabbare larm, färre fall och färre nya ansikten.",
                  [("exempel-trygghet-aldreomsorg", 85), ("exempel-larm-30-minuter", 90)], [
                      goal("Snabb hjälp när larmet går i norr (exempel)", "AO-HTN", ["safety", "accessibility"],
                           "Personalen ska vara på plats inom 30 minuter vid nio larm av tio.",
                           [("exempel-trygghet-aldreomsorg", 85), ("exempel-larm-30-minuter", 90),
                            ("exempel-personalkontinuitet", 12)]),
                      goal("Färre nya ansikten i hemtjänsten söder (exempel)", "AO-HTS", ["holistic-view", "safety"],
                           "Fasta team ska ge brukarna färre olika personal att lära känna.",
                           [("exempel-trygghet-aldreomsorg", 85), ("exempel-personalkontinuitet", 12)]),
                      goal("Färre fallskador på Tallgården (exempel)", "AO-TALL", ["safety"],
                           "Fallriskbedömning för alla boende och uppföljning av varje fall.",
                           [("exempel-trygghet-aldreomsorg", 85), ("exempel-fallskador", 4)]),
                  ]),
         ]),
    goal("Den som söker stöd ska få besked i rimlig tid (exempel)", "SN", ["accessibility"],
         "Väntetiderna inom individ- och familjeomsorgen ska bli kortare.",
         [("exempel-vantetid-bistand", 20)], [
             goal("Kortare väntetider inom individ- och familjeomsorgen (exempel)", "IFO", ["accessibility"],
                  "Handläggningen ska bli snabbare utan att utredningarna blir sämre.",
                  [("exempel-vantetid-bistand", 20), ("exempel-utredning-120", 90)], [
                      goal("Beslut om ekonomiskt bistånd inom 20 dagar (exempel)", "IFO-EB", ["accessibility"],
                           "En komplett ansökan ska leda till beslut inom 20 dagar.",
                           [("exempel-vantetid-bistand", 20)]),
                      goal("Barnavårdsutredningar i tid (exempel)", "IFO-BU", ["accessibility", "knowledge-based"],
                           "Utredningar blir klara inom lagens 120 dagar och familjen kontaktas snabbt.",
                           [("exempel-utredning-120", 90), ("exempel-forsta-kontakt", 14)]),
                  ]),
         ]),
    goal("Den som har en funktionsnedsättning ska bestämma över sin vardag (exempel)", "SN",
         ["self-determination"], "Stödet ska utformas tillsammans med den som får det.",
         [("exempel-bestamma", 80)], [
             goal("Brukarna är delaktiga i sitt stöd (exempel)", "FS", ["self-determination"],
                  "Genomförandeplanerna görs och följs upp tillsammans med brukaren.",
                  [("exempel-bestamma", 80), ("exempel-plan-uppfoljd", 95)], [
                      goal("Uppföljda genomförandeplaner på Linden (exempel)", "FS-LIND",
                           ["self-determination", "holistic-view"],
                           "Varje plan följs upp minst var sjätte månad.",
                           [("exempel-plan-uppfoljd", 95), ("exempel-bestamma", 80)]),
                      goal("Deltagarna väljer sina aktiviteter i Verkstaden (exempel)", "FS-DV",
                           ["self-determination"], "Aktiviteterna planeras på deltagarråd varje månad.",
                           [("exempel-paverka-aktiviteter", 75), ("exempel-bestamma", 80)]),
                  ]),
         ]),
    goal("Arbetet ska bygga på bästa tillgängliga kunskap (exempel)", "SN", ["knowledge-based"],
         "Ett nytt mål för 2026; de första mätningarna görs vid årets slut.",
         [("exempel-utbildning-ebp", 80)], [
             goal("Alla medarbetare har grundutbildning i evidensbaserad praktik (exempel)", "SF",
                  ["knowledge-based"], "Utbildningen ges till alla enheter under 2026.",
                  [("exempel-utbildning-ebp", 80), ("exempel-egenkontroll", 100)], [
                      goal("Aktuell egenkontrollplan på Tallgården (exempel)", "AO-TALL", ["knowledge-based"],
                           "Planen ses över tillsammans med medarbetarna.", [("exempel-egenkontroll", 100)]),
                      goal("Utbildade handläggare på ekonomiskt bistånd (exempel)", "IFO-EB", ["knowledge-based"],
                           "Alla handläggare går utbildningen före årets slut.", [("exempel-utbildning-ebp", 80)]),
                  ]),
         ]),
]

LEVELS = [GoalLevel.BOARD, GoalLevel.ADMINISTRATION, GoalLevel.UNIT]


def build_goals(public, units, people, today=None):
    """Add the chain under ``public``; return the number of goal pages created (0 when it is there)."""
    if public.get_children().filter(slug=CHAIN_SLUG).exists():
        return 0
    indicators = build_indicators(units, people)
    build_measurements(indicators, units, today or datetime.date.today())
    chain, _created = add_child_once(
        public,
        GoalChainPage,
        CHAIN_SLUG,
        council_goals=[("goal", {"title": title, "description": text}) for title, text in COUNCIL_GOALS],
        **CHAIN,
    )
    areas = {area.code: area for area in QualityArea.objects.all()}
    return sum(_add_goal(chain, spec, 0, units, indicators, areas) for spec in GOALS)


def build_indicators(units, people):
    """The demo's indicators by code; existing ones (matched by code) are left as they are."""
    existing = {indicator.code: indicator for indicator in Indicator.objects.filter(code__startswith="exempel-")}
    for code, name, measure, higher, frequency, unit, owner, kolada, definition in INDICATORS:
        if code in existing:
            continue
        existing[code] = Indicator.objects.create(
            code=code,
            name=name,
            unit_of_measure=measure,
            higher_is_better=higher,
            frequency=frequency,
            unit=units[unit],
            owner=people[owner],
            kolada_kpi=kolada,
            definition=definition + (KOLADA_NOTE if kolada else "") + " (exempel)",
            source="Exempelvik, påhittade siffror",
        )
    return existing


def figure_periods(frequency, today):
    """From the first period of the year before the last ended one, through the last ended period."""
    last = Period.containing(min(today, datetime.date(LAST_YEAR + 1, 1, 1)), frequency).previous()
    period = Period(last.year - 1, frequency, 1)
    periods = [period]
    while period != last:
        period = period.next()
        periods.append(period)
    return periods


def build_measurements(indicators, units, today):
    """Figures drifting from the first to the latest value with seeded noise, inserted in bulk."""
    rng = random.Random(SEED)
    rows = []
    for (code, unit_code), (first, latest) in FIGURES.items():
        indicator = indicators[code]
        periods = figure_periods(indicator.frequency, today)
        steps = max(len(periods) - 1, 1)
        for number, period in enumerate(periods):
            value = first + (latest - first) * number / steps
            if number < len(periods) - 1:
                value += rng.uniform(-0.04, 0.04) * abs(latest)
            if indicator.unit_of_measure == "%":
                value = min(value, 100)
            rows.append(Measurement.build(indicator, units[unit_code], period, value=Decimal(f"{value:.1f}")))
    Measurement.objects.bulk_create(rows, ignore_conflicts=True)


def _add_goal(parent, spec, depth, units, indicators, areas):
    page = GoalPage(
        title=spec["title"],
        slug=_slug(spec["title"]),
        level=LEVELS[depth],
        unit=units[spec["unit"]],
        description=f"<p>{spec['description']}</p>",
    )
    page.quality_areas = [areas[code] for code in spec["areas"] if code in areas]
    page.goal_indicators = [
        GoalIndicator(indicator=indicators[code], target=Decimal(str(target)), sort_order=order)
        for order, (code, target) in enumerate(spec["targets"])
    ]
    parent.add_child(instance=page)
    page.save_revision().publish()
    return 1 + sum(_add_goal(page, child, depth + 1, units, indicators, areas) for child in spec["children"])


def _slug(title):
    return slugify(title.replace("(exempel)", "").replace("å", "a").replace("ä", "a").replace("ö", "o"))[:80]
