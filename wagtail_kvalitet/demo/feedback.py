"""The demo's cases: the two feedback forms, who handles which unit's cases, and a year of cases.

Everything is fictional. The cases are generated from a fixed seed, so every build gives the same
mix, with received dates counted back from today so that the inbox, the reminders and the board's
quarterly report always have a current year to show: most older cases closed, some with measures
taken, some ideas implemented, and a few late on purpose. Every description ends with
"(exempel)", which is also how a second build sees that the cases are already there.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.utils import timezone

from ..conf import kvalitet_settings
from ..feedback.deadlines import deadlines_for
from ..models import (
    CaseAccess,
    CaseKind,
    CaseStatus,
    Channel,
    ContactMethod,
    FeedbackCase,
    FeedbackFormPage,
    FormKind,
    QualityArea,
    RoutinePage,
    SenderType,
    next_reference,
)
from ..models.feedback import ANSWERED_STATUSES, VIEW_ALL_CASES, initial_status
from .organisation import UNITS
from .pages import add_child_once

PUBLIC_FORM_SLUG = "lamna-synpunkter"
IDEAS_FORM_SLUG = "forbattringsforslag"
DEMO_MARK = "(exempel)"
SEED = 2011_9
CASE_COUNT = 200
#: The demo's quality developer, who sees every unit's cases.
QUALITY_STAFF = ("exempel.nora.strand", "Nora", "Strand", "nora.strand@exempelvik.example")

PUBLIC_FORM = {
    "title": "Lämna synpunkter och klagomål",
    "search_description": "Tyck till om socialtjänsten, äldreomsorgen och funktionsstödet i Exempelvik (exempel).",
    "intro": (
        "<p>Vi vill veta vad du tycker om stödet du eller din närstående får. Dina synpunkter, klagomål, "
        "förslag och ditt beröm hjälper oss att bli bättre. Du kan vara anonym, men då kan vi inte svara dig.</p>"
        "<p>Detta formulär är exempelinnehåll för den påhittade kommunen Exempelvik.</p>"
    ),
    "consent_text": (
        "<p>Socialnämnden i Exempelvik är personuppgiftsansvarig för de uppgifter du lämnar. Vi använder dem "
        "bara för att utreda ditt ärende och svara dig. Bara de som handlägger ärendet kan läsa dem. Ärendet "
        "blir en allmän handling, men uppgifter om enskildas personliga förhållanden kan omfattas av "
        "sekretess. Dina kontaktuppgifter tas bort 24 månader efter att ärendet avslutats.</p>"
        "<p>Skriv inte personnummer eller mer om hälsa än vad som behövs för att vi ska förstå vad som "
        "hänt.</p>"
    ),
    "thank_you_text": (
        "<p>Tack! Inom två arbetsdagar får du en bekräftelse på att vi tagit emot ditt ärende, om du har "
        "lämnat kontaktuppgifter. Ansvarig chef utreder ärendet och svarar dig inom tio arbetsdagar. "
        "Synpunkterna sammanställs varje kvartal för socialnämnden.</p>"
    ),
}

IDEAS_FORM = {
    "title": "Lämna ett förbättringsförslag",
    "search_description": "Förslag från medarbetare på hur vi kan göra vårt arbete bättre (exempel).",
    "intro": (
        "<p>Du som arbetar nära brukarna ser ofta först vad som kan bli bättre. Beskriv ditt förslag, "
        "gärna vad det skulle leda till. Din chef tar ställning till förslaget och återkopplar till dig.</p>"
        "<p>Detta formulär är exempelinnehåll.</p>"
    ),
    "consent_text": (
        "<p>Ditt namn sparas med förslaget så att vi kan återkoppla till dig. Skriv inte namn eller andra "
        "uppgifter om brukare i förslaget.</p>"
    ),
    "thank_you_text": (
        "<p>Tack för ditt förslag! Det går till chefen för den enhet du valt, som bedömer det och "
        "återkopplar till dig. Genomförda förslag redovisas i kvalitetsberättelsen.</p>"
    ),
}

#: Unit codes by the part of the organisation a text fits.
UNIT_GROUPS = {
    "elderly": ["AO-HTN", "AO-HTS", "AO-TALL"],
    "disability": ["FS-LIND", "FS-DV"],
    "ifo": ["IFO-BU", "IFO-EB"],
    "any": ["AO-HTN", "AO-HTS", "AO-TALL", "FS-LIND", "FS-DV", "IFO-BU", "IFO-EB", "AO", "FS", "IFO"],
}

#: kind → [(description, unit group, quality area codes, routine slug or "")]
TEXTS = {
    CaseKind.COMPLAINT: [
        ("Hemtjänsten kom nästan två timmar för sent till morgonbesöket, och ingen hörde av sig.",
         "elderly", ["accessibility", "respect"], "hemtjanst"),
        ("Det kommer ny personal hela tiden och de vet inte hur min mamma vill ha det.",
         "elderly", ["holistic-view", "self-determination"], "genomforandeplan"),
        ("Medicinen gavs vid fel tid två kvällar i rad.",
         "elderly", ["safety"], "lakemedelshantering"),
        ("Personalen pratade över huvudet på min pappa som om han inte var där.",
         "elderly", ["respect", "self-determination"], ""),
        ("Maten på boendet var kall när den serverades flera dagar den här veckan.",
         "elderly", ["safety", "respect"], "sarskilt-boende"),
        ("Min dotter fick inte följa med på utflykten eftersom det saknades personal.",
         "disability", ["self-determination", "efficiency"], ""),
        ("Ingen har ringt tillbaka trots att jag lämnat meddelande tre gånger.",
         "any", ["accessibility"], ""),
        ("Beslutet om ekonomiskt bistånd dröjde och jag fick ingen förklaring till varför.",
         "ifo", ["accessibility", "knowledge-based"], "handlaggning-av-bistand"),
        ("Jag fick olika besked av olika handläggare om vilka papper som behövdes.",
         "ifo", ["knowledge-based", "holistic-view"], "handlaggning-av-bistand"),
        ("Larmet gick men det tog lång tid innan någon kom.",
         "elderly", ["safety", "accessibility"], "hemtjanst"),
        ("Genomförandeplanen har inte följts upp på över ett år.",
         "disability", ["self-determination", "knowledge-based"], "genomforandeplan"),
        ("Det framgick inte i brevet hur man överklagar beslutet.",
         "ifo", ["accessibility", "knowledge-based"], ""),
    ],
    CaseKind.COMMENT: [
        ("Det vore bra om besökstiderna stod på webbplatsen.",
         "elderly", ["accessibility"], ""),
        ("Parkeringen vid boendet räcker inte till på helgerna.",
         "elderly", ["accessibility"], ""),
        ("Informationsbrevet om nya rutiner för nycklar var svårt att förstå.",
         "elderly", ["accessibility", "safety"], ""),
        ("Aktiviteterna på dagverksamheten är mest för de yngre deltagarna.",
         "disability", ["holistic-view", "self-determination"], ""),
        ("Telefontiden till mottagningen är kort för den som arbetar dagtid.",
         "ifo", ["accessibility"], ""),
        ("Jag undrar varför kontaktpersonen byts ut så ofta.",
         "any", ["holistic-view"], ""),
        ("Blanketterna borde gå att fylla i digitalt.",
         "ifo", ["accessibility", "efficiency"], ""),
        ("Det är lyhört mellan lägenheterna på boendet.",
         "disability", ["self-determination"], ""),
    ],
    CaseKind.PRAISE: [
        ("Stort tack till personalen som tog så väl hand om min far under hans sista tid.",
         "elderly", ["respect"], ""),
        ("Min son trivs verkligen på daglig verksamhet, personalen är fantastisk.",
         "disability", ["respect", "self-determination"], ""),
        ("Handläggaren tog sig tid att förklara allt, det kändes tryggt.",
         "ifo", ["respect", "accessibility"], ""),
        ("Hemtjänsten är alltid glad och punktlig. Tack!",
         "elderly", ["respect", "accessibility"], ""),
        ("Sommarfesten på boendet var uppskattad av alla.",
         "elderly", ["respect"], ""),
        ("Tack för att ni lyssnade när vi ville ändra tiderna.",
         "any", ["self-determination"], ""),
        ("Personalen i gruppbostaden ordnade en fin födelsedag.",
         "disability", ["respect"], ""),
        ("Snabbt och vänligt bemötande i telefonen.",
         "any", ["accessibility", "respect"], ""),
    ],
    CaseKind.SUGGESTION: [
        ("Inför en fast kontaktperson i hemtjänsten för varje brukare.",
         "elderly", ["holistic-view", "safety"], "hemtjanst"),
        ("Skicka sms när hemtjänsten blir försenad.",
         "elderly", ["accessibility", "respect"], "hemtjanst"),
        ("Erbjud träffar för anhöriga några gånger per år.",
         "any", ["holistic-view"], ""),
        ("Ha en anslagstavla med veckans aktiviteter vid entrén.",
         "disability", ["self-determination", "accessibility"], ""),
        ("Informationen om ekonomiskt bistånd borde finnas på lätt svenska.",
         "ifo", ["accessibility"], ""),
        ("Låt de boende vara med och planera menyn.",
         "elderly", ["self-determination"], "sarskilt-boende"),
    ],
    CaseKind.IDEA: [
        ("Checklista vid överrapportering mellan dag- och kvällspersonal.",
         "elderly", ["safety", "holistic-view"], "avvikelsehantering"),
        ("Gemensam digital kalender för brukarnas aktiviteter.",
         "disability", ["efficiency", "self-determination"], ""),
        ("Introduktionspärm för nya vikarier med de viktigaste rutinerna.",
         "any", ["knowledge-based", "safety"], "kompetensforsorjning"),
        ("Planera körlistorna så att samma personal går till samma brukare.",
         "elderly", ["holistic-view", "efficiency"], "hemtjanst"),
        ("Kort reflektionsstund efter varje avvikelse på arbetsplatsträffen.",
         "any", ["knowledge-based", "safety"], "systematiskt-forbattringsarbete"),
        ("Mall för genomförandeplan med bildstöd.",
         "disability", ["self-determination", "accessibility"], "genomforandeplan"),
        ("Samla återkommande frågor från sökande i en lathund för handläggare.",
         "ifo", ["efficiency", "knowledge-based"], "handlaggning-av-bistand"),
        ("Byta till låsbara läkemedelsskåp i varje lägenhet.",
         "elderly", ["safety"], "lakemedelshantering"),
        ("Gemensam utbildningsdag om bemötande för alla enheter.",
         "any", ["respect", "knowledge-based"], "kompetensforsorjning"),
        ("Använda surfplatta för dokumentation direkt hos brukaren.",
         "elderly", ["efficiency", "knowledge-based"], "social-dokumentation"),
    ],
}

INVESTIGATION = "Enhetschefen har talat med berörd personal och gått igenom dokumentationen."
MEASURES = [
    "Rutinen har gåtts igenom på arbetsplatsträffen.",
    "Schemat har ändrats så att fler arbetar under morgonen.",
    "Informationen har skrivits om och finns nu på webbplatsen.",
    "Ny personal får rutinen vid introduktionen.",
    "Enheten följer upp åtgärden vid nästa egenkontroll.",
]
ANSWER = "Tack för att du hörde av dig. Vi har utrett det du beskriver och berättat vad vi gör."
IDEA_DECISIONS = {
    CaseStatus.IMPLEMENTING: "Förslaget genomförs under kvartalet.",
    CaseStatus.DONE: "Förslaget är genomfört och följs upp på arbetsplatsträffen.",
    CaseStatus.NOT_PURSUED: "Förslaget går inte att genomföra nu; det tas upp igen vid budgetarbetet.",
}

FIRST_NAMES = ["Anna", "Bertil", "Cecilia", "David", "Elsa", "Fredrik", "Gun", "Hassan", "Ingrid", "Johan"]

KIND_WEIGHTS = [(CaseKind.COMPLAINT, 34), (CaseKind.COMMENT, 20), (CaseKind.PRAISE, 20),
                (CaseKind.SUGGESTION, 11), (CaseKind.IDEA, 15)]
SENDER_WEIGHTS = [(SenderType.CARE_RECIPIENT, 30), (SenderType.RELATIVE, 40), (SenderType.STAFF, 5),
                  (SenderType.OTHER_PROVIDER, 5), (SenderType.AUTHORITY, 3), (SenderType.ORGANISATION, 4),
                  (SenderType.OTHER, 13)]
CHANNEL_WEIGHTS = [(Channel.WEB, 55), (Channel.PHONE, 20), (Channel.EMAIL, 10), (Channel.LETTER, 8),
                   (Channel.VISIT, 7)]


def pick(rng, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights)[0]


def build_feedback(public, intranet, units, people):
    """Add the form pages, case access and demo cases that are missing; return ``(cases, pages)`` added."""
    forms, pages_created = build_form_pages(public, intranet)
    build_case_access(units, people)
    if FeedbackCase.objects.filter(description__endswith=DEMO_MARK).exists():
        return 0, pages_created
    return build_cases(units, forms), pages_created


def build_form_pages(public, intranet):
    """The public form under the public section, the ideas form on the intranet (behind its login)."""
    forms, created = {}, 0
    for parent, slug, kind, texts in ((public, PUBLIC_FORM_SLUG, FormKind.PUBLIC, PUBLIC_FORM),
                                      (intranet, IDEAS_FORM_SLUG, FormKind.IDEAS, IDEAS_FORM)):
        forms[kind], new = add_child_once(parent, FeedbackFormPage, slug, form_kind=kind, show_in_menus=True,
                                          **texts)
        created += new
    return forms, created


def build_case_access(units, people):
    """Each unit's manager handles its cases; the quality developer sees every unit's."""
    rows = [CaseAccess(user=people[manager], unit=units[code])
            for code, _kind, _name, _parent, manager, _email in UNITS if manager in people]
    CaseAccess.objects.bulk_create(rows, ignore_conflicts=True)
    username, first_name, last_name, email = QUALITY_STAFF
    quality, created = get_user_model().objects.get_or_create(
        username=username, defaults={"first_name": first_name, "last_name": last_name, "email": email}
    )
    if created:
        quality.set_unusable_password()
        quality.save(update_fields=["password"])
    quality.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtail_kvalitet", codename=VIEW_ALL_CASES),
        *Permission.objects.filter(content_type__app_label="wagtailadmin", codename="access_admin"),
    )
    return quality


def build_cases(units, forms, count=CASE_COUNT, now=None):
    """Generate ``count`` cases over the past year, numbered in date order; return how many were added."""
    rng = random.Random(SEED)
    now = now or timezone.now()
    areas = {area.code: area for area in QualityArea.objects.all()}
    routines = {page.slug: page for page in RoutinePage.objects.all()}
    managers = {unit.pk: unit.manager for unit in units.values()}
    planned = sorted((received_moment(rng, now), rng.random()) for _number in range(count))
    cases, case_areas = [], []
    for received_at, _tiebreak in planned:
        case, area_codes = make_case(rng, received_at, now, units, managers, forms, routines)
        cases.append(case)
        case_areas.append([areas[code] for code in area_codes if code in areas])
    FeedbackCase.objects.bulk_create(cases)
    Through = FeedbackCase.quality_areas.through
    Through.objects.bulk_create(
        [Through(feedbackcase_id=case.pk, qualityarea_id=area.pk)
         for case, chosen in zip(cases, case_areas, strict=True) for area in chosen]
    )
    return len(cases)


def received_moment(rng, now):
    """A weekday in office hours within the past year; more recent months a little busier."""
    while True:
        days_ago = int(365 * rng.random() ** 1.15)
        moment = timezone.localtime(now - datetime.timedelta(days=days_ago))
        moment = moment.replace(hour=rng.randint(7, 19), minute=rng.randint(0, 59), second=0, microsecond=0)
        if moment.weekday() < 5 and moment < now:
            return moment


def make_case(rng, received_at, now, units, managers, forms, routines):
    kind = pick(rng, KIND_WEIGHTS)
    text, group, area_codes, routine_slug = rng.choice(TEXTS[kind])
    unit = units[rng.choice(UNIT_GROUPS[group])]
    if kind != CaseKind.IDEA and rng.random() < 0.05:
        unit = None  # the sender did not know which unit
    channel = Channel.WEB if kind == CaseKind.IDEA else pick(rng, CHANNEL_WEIGHTS)
    sender_type = SenderType.STAFF if kind == CaseKind.IDEA else pick(rng, SENDER_WEIGHTS)
    manager = managers.get(unit.pk) if unit else None
    receipt_due_on, answer_due_on = deadlines_for(received_at)
    year = timezone.localtime(received_at).year
    prefix = (kvalitet_settings.IDEA_REFERENCE_PREFIX if kind == CaseKind.IDEA
              else kvalitet_settings.CASE_REFERENCE_PREFIX)
    case = FeedbackCase(
        reference=next_reference(prefix, year),
        kind=kind,
        status=initial_status(kind),
        channel=channel,
        unit=unit,
        description=f"{text} {DEMO_MARK}",
        occurred_on=timezone.localtime(received_at).date() - datetime.timedelta(days=rng.randint(0, 6))
        if kind == CaseKind.COMPLAINT else None,
        sender_type=sender_type,
        received_at=received_at,
        receipt_due_on=receipt_due_on,
        answer_due_on=answer_due_on,
        handler=manager,
        related_page=routines.get(routine_slug) if routine_slug and kind in (CaseKind.COMPLAINT, CaseKind.IDEA)
        else None,
        lex_sarah=kind == CaseKind.COMPLAINT and rng.random() < 0.04,
        source_page=forms.get(FormKind.IDEAS if kind == CaseKind.IDEA else FormKind.PUBLIC)
        if channel == Channel.WEB else None,
        registered_by=None if channel == Channel.WEB else manager,
    )
    add_sender(rng, case)
    handle(rng, case, now)
    return case, area_codes


def add_sender(rng, case):
    """Many senders are anonymous; the others get a made-up name and an address at exempelvik.example."""
    if case.kind == CaseKind.IDEA or rng.random() >= 0.45:
        first = rng.choice(FIRST_NAMES)
        case.name = f"{first} Exempelsson"
        case.wants_answer = case.kind != CaseKind.PRAISE or rng.random() < 0.3
        case.contact_method = ContactMethod.EMAIL if rng.random() < 0.8 else ContactMethod.PHONE
        if case.contact_method == ContactMethod.EMAIL or case.kind == CaseKind.IDEA:
            case.email = f"{first.lower()}.exempelsson@exempelvik.example"
        else:
            case.phone = "0000-00 00 00"
    else:
        case.anonymous = True


def handle(rng, case, now):
    """Move the case as far as a handler would have by ``now``: older cases further, a few left late."""
    flow = [CaseStatus.NEW, CaseStatus.ASSESSING, CaseStatus.IMPLEMENTING, CaseStatus.DONE] if case.is_idea else [
        CaseStatus.RECEIVED, CaseStatus.INVESTIGATING, CaseStatus.ANSWERED, CaseStatus.CLOSED]
    acknowledged = case.received_at + datetime.timedelta(days=rng.choice([0, 1, 1, 2, 3]), hours=2)
    answered = case.received_at + datetime.timedelta(days=rng.randint(3, 18), hours=4)
    # Ideas take a while to put into practice; a complaint is closed soon after the answer.
    finished = answered + datetime.timedelta(days=rng.randint(20, 90) if case.is_idea else rng.randint(0, 12))
    # How far the handler got: each step only once its moment has passed, and a few cases stall
    # (left late on purpose, so the overdue lists and the reminders have something to show).
    stalled = rng.random() < 0.07
    step = sum(moment <= now for moment in (acknowledged, answered, finished))
    if stalled:
        step = min(step, rng.randint(0, 1))
    status = flow[step]
    if case.is_idea and status == CaseStatus.DONE and rng.random() < 0.25:
        status = CaseStatus.NOT_PURSUED
    if step == 0:
        if case.unit is not None and rng.random() < 0.5:
            case.handler = None  # not taken yet: the unit's manager is reminded
        return
    case.acknowledged_at = acknowledged
    case.investigation = INVESTIGATION
    if status in ANSWERED_STATUSES:
        case.answered_at = answered
        if case.is_idea:
            case.answer = IDEA_DECISIONS.get(status, "")
        elif case.wants_answer:
            case.answer = ANSWER
        if case.kind in (CaseKind.COMPLAINT, CaseKind.SUGGESTION) or status == CaseStatus.DONE:
            case.measures = rng.choice(MEASURES) if rng.random() < 0.7 else ""
    case.set_status(status, now=finished)
