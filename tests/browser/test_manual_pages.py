"""The quality manual as staff use it on the intranet: log in, find a routine, read it, print it.

The manual is where staff look up how a task is to be done, and a routine that cannot be found, read
with a screen reader or keyboard, or printed with its approval shown, fails them. It sits behind the
intranet's login, so the public-page tests never reach it: here an ordinary (non-admin) user logs in
through the form the intranet sends them to, finds routines through the listing's filters and search,
and every page type and listing state is checked with axe (WCAG 2.1 A/AA), by keyboard and in print.
"""

import re
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_public_pages import open_page
from tests.conftest import make_user
from wagtail_kvalitet.demo.manual import ROUTINES
from wagtail_kvalitet.models import OrganisationUnit

USERNAME = "anna.berg"
PASSWORD = "ett-langt-testlosenord"

MANUAL = "/intranat-exempel/ledningssystem/"
LISTING = MANUAL + "rutiner/"
CHAPTER = MANUAL + "roller-och-ansvar/"
#: A core process with roles, steps, two risks and so a risk matrix.
PROCESS = MANUAL + "sarskilt-boende/"
LEX_SARAH = MANUAL + "systematiskt-forbattringsarbete/lex-sarah/"
#: Approved 14 months ago with a 12-month review interval: shows the "under review" notice.
OVERDUE_ROUTINE = MANUAL + "sarskilt-boende/delegering/"

NURSING_HOME = "AO-TALL"
HOME_CARE_ONLY = "Genomförandeplan i hemtjänsten"
MEDICATION = "Hantering av läkemedel"
SEARCH_WORD = "missförhållande"
SEARCH_HIT = "Rapportering enligt lex Sarah"


def log_in(page, base_url, path):
    """Open ``path`` as an ordinary employee, logging in through the form the intranet redirects to."""
    make_user(username=USERNAME, password=PASSWORD, first_name="Anna", last_name="Berg")
    page.goto(base_url + path)
    location = urlsplit(page.url)
    assert location.path != path, f"{path} was shown without logging in"
    assert parse_qs(location.query).get("next") == [path], page.url
    page.locator("input[name=username]").fill(USERNAME)
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Logga in").click()
    expect(page).to_have_url(base_url + path)
    expect(page.locator("input[type=password]")).to_have_count(0)
    expect(page.locator("main h1")).to_be_visible()


def result_titles(page):
    return page.locator("main .kvalitet-results .kvalitet-result h3")


def results_heading(page):
    return page.locator("#kvalitet-results-heading")


def routines_for_unit(unit):
    """Titles of the demo's routines that apply to ``unit``: its own, those of any unit above it,
    and those without units, which apply everywhere.
    """
    reach = {unit.code, *(ancestor.code for ancestor in unit.get_ancestors())}
    return {spec["title"] for spec in ROUTINES if not spec["units"] or reach & set(spec["units"])}


def tab_stops(page, presses):
    """What each of ``presses`` Tab presses from the top of the page focuses: id, or tag and text."""
    stops = []
    for _ in range(presses):
        page.keyboard.press("Tab")
        stops.append(
            page.evaluate(
                "() => { const el = document.activeElement;"
                " return el.id || `${el.tagName.toLowerCase()}:${el.textContent.trim()}`; }"
            )
        )
    return stops


def focus_indicator(page):
    """The focused element's outline and box shadow, as computed."""
    return page.evaluate(
        "() => { const style = getComputedStyle(document.activeElement);"
        " return {outlineStyle: style.outlineStyle, outlineWidth: style.outlineWidth,"
        " boxShadow: style.boxShadow, clipPath: style.clipPath}; }"
    )


def test_filters_find_the_routines_for_a_unit_and_its_process(page, demo):
    log_in(page, demo["url"], LISTING)
    unit = OrganisationUnit.objects.get(code=NURSING_HOME)
    expected = routines_for_unit(unit)
    assert MEDICATION in expected and HOME_CARE_ONLY not in expected, expected

    page.get_by_label("Enhet", exact=True).select_option(str(unit.pk))
    page.get_by_role("button", name="Visa rutiner").click()
    expect(page).to_have_url(re.compile(rf"[?&]unit={unit.pk}(&|$)"))
    expect(results_heading(page)).to_have_text(f"{len(expected)} rutiner")
    assert set(result_titles(page).all_inner_texts()) == expected
    expect(result_titles(page).filter(has_text=HOME_CARE_ONLY)).to_have_count(0)
    expect(page.get_by_label("Enhet", exact=True)).to_have_value(str(unit.pk))

    page.get_by_label("Process", exact=True).select_option(label="Särskilt boende")
    page.get_by_role("button", name="Visa rutiner").press("Enter")
    expect(results_heading(page)).to_have_text("2 rutiner")
    expect(result_titles(page)).to_have_text(["Delegering av hälso- och sjukvårdsuppgifter", MEDICATION])
    expect(page.get_by_role("link", name="Rensa filter")).to_be_visible()

    result_titles(page).get_by_role("link", name=MEDICATION).click()
    expect(page).to_have_url(demo["url"] + MANUAL + "sarskilt-boende/lakemedelshantering/")
    expect(page.locator("main h1")).to_have_text(MEDICATION)
    expect(page.locator("main .kvalitet-doc-control__summary")).to_contain_text("Fastställd av")


def test_search_finds_the_one_routine_with_a_word(page, demo):
    log_in(page, demo["url"], LISTING)
    search = page.get_by_label("Sök", exact=True)
    search.fill(SEARCH_WORD)
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"[?&]q=missf"))
    expect(results_heading(page)).to_have_text("1 rutin")
    expect(result_titles(page)).to_have_text([SEARCH_HIT])
    expect(page.get_by_label("Sök", exact=True)).to_have_value(SEARCH_WORD)
    result_titles(page).get_by_role("link", name=SEARCH_HIT).click()
    expect(page).to_have_url(demo["url"] + LEX_SARAH)
    expect(page.locator("main")).to_contain_text(SEARCH_WORD)


def test_manual_pages_meet_wcag_21_aa(page, demo):
    log_in(page, demo["url"], MANUAL)
    main = page.locator("main")

    open_page(page, demo["url"] + MANUAL)
    expect(main.locator(".kvalitet-process-map a")).to_have_count(7)
    assert_no_axe_violations(page)

    open_page(page, demo["url"] + CHAPTER)
    expect(main.locator("h1")).to_have_text("Roller och ansvar")
    expect(main.locator(".kvalitet-role")).to_have_count(6)
    assert_no_axe_violations(page)

    open_page(page, demo["url"] + PROCESS)
    expect(main.locator(".kvalitet-role").first).to_be_visible()
    expect(main.locator(".kvalitet-step").first).to_be_visible()
    expect(main.locator(".kvalitet-risk")).to_have_count(2)
    expect(main.locator("table.kvalitet-risk-matrix")).to_be_visible()
    assert_no_axe_violations(page)

    open_page(page, demo["url"] + LEX_SARAH)
    expect(main.locator(".kvalitet-kicker")).to_have_text("Rutin")
    expect(main.locator(".kvalitet-notice")).to_have_count(0)
    assert_no_axe_violations(page)

    open_page(page, demo["url"] + OVERDUE_ROUTINE)
    expect(main.locator(".kvalitet-notice")).to_contain_text("Under revision.")
    assert_no_axe_violations(page)


def test_routine_listing_meets_wcag_21_aa_in_every_state(page, demo):
    log_in(page, demo["url"], LISTING)
    main = page.locator("main")
    nursing_home = OrganisationUnit.objects.get(code=NURSING_HOME)

    open_page(page, demo["url"] + LISTING)
    expect(results_heading(page)).to_have_text(f"{len(ROUTINES)} rutiner")
    assert_no_axe_violations(page)

    open_page(page, demo["url"] + LISTING + f"?unit={nursing_home.pk}&quality_area=")
    expect(results_heading(page)).to_have_text(f"{len(routines_for_unit(nursing_home))} rutiner")
    assert_no_axe_violations(page)

    open_page(page, demo["url"] + LISTING + "?q=finns-inte-i-någon-rutin")
    expect(results_heading(page)).to_have_text("0 rutiner")
    expect(main).to_contain_text("Inga rutiner matchar.")
    assert_no_axe_violations(page)

    open_page(page, demo["url"] + LISTING + "?unit=999999")
    unit_select = page.get_by_label("Enhet", exact=True)
    error = main.locator(".kvalitet-field--error .kvalitet-field__error")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("giltigt")
    expect(unit_select).to_have_attribute("aria-invalid", "true")
    expect(unit_select).to_have_accessible_description(error.inner_text())
    assert_no_axe_violations(page)


def test_tab_goes_from_the_search_field_through_the_filters_to_the_button(page, demo):
    log_in(page, demo["url"], LISTING)
    stops = tab_stops(page, 10)
    assert "id_q" in stops, f"Tab never reached the search field: {stops}"
    start = stops.index("id_q")
    assert stops[start : start + 5] == ["id_q", "id_unit", "id_process", "id_quality_area", "button:Visa rutiner"], (
        stops
    )
    assert not any(stop.startswith("a:") and "rutiner" in stop.lower() for stop in stops[:start]), stops


def test_process_map_links_are_reached_by_tab_with_a_visible_focus(page, demo):
    log_in(page, demo["url"], MANUAL)
    map_links = page.locator("main .kvalitet-process-map a")
    titles = [title.strip() for title in map_links.all_inner_texts()]
    assert len(titles) == 7, titles

    reached = []
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        if not page.evaluate("() => Boolean(document.activeElement.closest('.kvalitet-process-map'))"):
            if reached:
                break
            continue
        expect(focused).to_have_count(1)
        expect(focused).to_be_in_viewport()
        indicator = focus_indicator(page)
        has_outline = indicator["outlineStyle"] != "none" and indicator["outlineWidth"] not in ("0px", "")
        assert has_outline or indicator["boxShadow"] != "none", f"no visible focus on {reached}: {indicator}"
        assert indicator["clipPath"] == "none", f"the focused link is clipped, and its outline with it: {indicator}"
        reached.append(focused.inner_text().strip())
    assert reached == titles, f"Tab reached {reached} in the process map, which shows {titles}"


def test_a_printed_routine_shows_its_document_control_without_the_site_around_it(page, demo):
    log_in(page, demo["url"], LEX_SARAH)
    print_note = page.locator("main .kvalitet-print-only")
    expect(print_note).to_be_hidden()

    page.emulate_media(media="print")
    summary = page.locator("main .kvalitet-doc-control__summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text(re.compile(r"Fastställd av .+ den \d+ \w+ \d{4}"))
    expect(page.locator("main .kvalitet-doc-control")).to_contain_text("Dokumentägare")
    expect(page.locator("body > header")).to_be_hidden()
    expect(page.locator("body > footer")).to_be_hidden()
    expect(page.locator(".skip-link")).to_be_hidden()
    expect(print_note).to_be_visible()
    expect(print_note).to_contain_text("Utskrifter är inte styrda dokument")
    expect(print_note).to_contain_text(LEX_SARAH)


def test_a_process_prints_to_a_pdf_of_a_few_pages(page, demo):
    log_in(page, demo["url"], PROCESS)
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    pages = len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf))
    assert 1 <= pages <= 10, f"the process printed to {pages} A4 pages"
