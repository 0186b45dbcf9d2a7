"""The goal chain and a goal's page in a real browser: WCAG 2.1 AA, the keyboard, and charts as text.

Residents, politicians and staff follow the goal chain on the public site, some by keyboard and
some with a screen reader, so the tree must be filterable and navigable without a mouse, and a
chart is only as good as the table beside it: the same figures, reachable and read out as text.
"""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations
from tests.browser.test_public_pages import open_page
from tests.conftest import make_tree
from tests.goals.builders import add_measurement, link, make_chain, make_goal, make_indicator
from wagtail_kvalitet.goals.charts import format_value

#: Figures per period for each indicator with figures, oldest first.
SATISFACTION = {"2023": 84, "2024": 87.5, "2025": 91, "2026": 93}
WAITING_DAYS = {"2024": 25, "2025": 22, "2026": 20}
NIGHT_SAFETY = {"2025": 78, "2026": 82}
MAX_ARROW_PRESSES = 20

TREE_TITLES = ".kvalitet-goal-tree__title a"


@pytest.fixture
def goal_chain(live_server, django_db_serialized_rollback):
    """A chain with goals at three levels: the board's on track by its own figures, the administration's
    off track, one unit's on track and another's without figures.

    Serialized rollback restores the home page and default site the chain is published under.
    """
    tree = make_tree()
    chain = make_chain(title="Målkedja 2026", vision="<p>Ett tryggt liv för alla i Exempelvik.</p>")

    board = make_goal(chain, tree["board"], title="Nöjda brukare")
    satisfaction = make_indicator(tree["board"], name="Nöjdhet med insatserna", unit_of_measure="%")
    link(board, satisfaction, 90)
    for period, value in SATISFACTION.items():
        add_measurement(satisfaction, tree["board"], period, value)

    admin = make_goal(board, tree["admin"], title="Kortare väntan")
    waiting = make_indicator(tree["admin"], name="Väntetid", unit_of_measure="dagar", higher_is_better=False)
    link(admin, waiting, 10)
    for period, value in WAITING_DAYS.items():
        add_measurement(waiting, tree["admin"], period, value)

    night = make_goal(admin, tree["nursing_home"], title="Trygga nätter")
    night_safety = make_indicator(tree["nursing_home"], name="Trygghet nattetid", unit_of_measure="%")
    link(night, night_safety, 75)
    for period, value in NIGHT_SAFETY.items():
        add_measurement(night_safety, tree["nursing_home"], period, value)

    continuity = make_goal(admin, tree["home_care"], title="Kontinuitet")
    link(continuity, make_indicator(tree["home_care"], name="Personalkontinuitet"), 100)

    return {
        "url": live_server.url,
        "tree": tree,
        "chain": chain,
        "board": board,
        "admin": admin,
        "night": night,
        "continuity": continuity,
        "satisfaction": satisfaction,
    }


def tab_to(page, selector, presses=80):
    """Press Tab until the element matching ``selector`` has focus, as a keyboard user would."""
    for _ in range(presses):
        page.keyboard.press("Tab")
        if page.evaluate("s => !!document.activeElement && document.activeElement.matches(s)", selector):
            return
    pytest.fail(f"{selector} never got focus by Tab")


def tree_titles(page):
    return page.locator(f"main {TREE_TITLES}").all_inner_texts()


def own_status(page, title):
    """The status modifier (e.g. ``on_track``) of the badge beside the goal ``title`` in the tree."""
    item = page.locator(".kvalitet-goal-tree__summary").filter(
        has=page.locator(TREE_TITLES, has_text=re.compile(rf"^{re.escape(title)}$"))
    )
    classes = item.locator(".kvalitet-goal-status").get_attribute("class")
    return re.search(r"kvalitet-goal-status--(\w+)", classes).group(1)


def test_the_chain_meets_wcag_21_aa_and_filters_by_unit_with_the_keyboard_alone(page, goal_chain):
    base, chain, tree = goal_chain["url"], goal_chain["chain"], goal_chain["tree"]
    open_page(page, base + chain.url)
    expect(page.locator(f"main {TREE_TITLES}")).to_have_count(4)
    assert own_status(page, "Kortare väntan") == "off_track"
    assert own_status(page, "Trygga nätter") == "on_track"
    assert own_status(page, "Kontinuitet") == "no_figures"
    assert_no_axe_violations(page)

    unit = tree["nursing_home"]
    tab_to(page, "#id_unit")
    unit_select = page.locator("#id_unit")
    for _ in range(MAX_ARROW_PRESSES):
        if unit_select.input_value() == str(unit.pk):
            break
        page.keyboard.press("ArrowDown")
    expect(unit_select).to_have_value(str(unit.pk))
    tab_to(page, "form.kvalitet-filters button[type=submit]", presses=3)
    page.keyboard.press("Enter")

    expect(page).to_have_url(re.compile(rf"[?&]unit={unit.pk}(&|$)"))
    expect(page.locator("#id_unit")).to_have_value(str(unit.pk))
    # The chosen unit's goal with the goals above it; the other unit's goal is left out.
    assert tree_titles(page) == ["Nöjda brukare", "Kortare väntan", "Trygga nätter"]
    # Nested, so a screen reader hears the unit goal inside the administration goal inside the board's.
    nested = page.locator("main ul.kvalitet-goal-tree > li > ul > li > ul > li .kvalitet-goal-tree__title a")
    expect(nested).to_have_text(["Trygga nätter"])
    assert_no_axe_violations(page)


def test_a_goal_page_with_charts_meets_wcag_21_aa(page, goal_chain):
    open_page(page, goal_chain["url"] + goal_chain["board"].url)
    charts = page.locator("main svg[role=img]")
    expect(charts).to_have_count(1)
    expect(charts.first).to_be_visible()
    # The administration goal below is listed with its own link.
    expect(page.locator(f"main .kvalitet-goal__children {TREE_TITLES}").first).to_have_text("Kortare väntan")
    assert_no_axe_violations(page)

    open_page(page, goal_chain["url"] + goal_chain["continuity"].url)
    expect(page.locator("main .kvalitet-goal-indicator__empty")).to_be_visible()
    expect(page.locator("main svg")).to_have_count(0)
    assert_no_axe_violations(page)


def test_the_chart_figures_are_a_visible_table_and_the_goals_are_reached_by_keyboard(page, goal_chain):
    base, chain, board = goal_chain["url"], goal_chain["chain"], goal_chain["board"]
    indicator = goal_chain["satisfaction"]

    # A keyboard user Tabs through the tree to the board's goal and opens it with Enter.
    open_page(page, base + chain.url)
    tab_to(page, f'main {TREE_TITLES}[href="{board.url}"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + board.url)
    expect(page.get_by_role("heading", level=1)).to_have_text(board.title)

    section = page.locator("main section.kvalitet-goal-indicator").filter(has_text=indicator.name)
    table = section.locator("table")
    assert table.is_visible()
    caption = table.locator("caption")
    assert caption.is_visible()
    expect(caption).to_contain_text(indicator.name)
    expect(table).to_have_accessible_name(re.compile(re.escape(indicator.name)))
    expect(table.locator("thead th[scope=col]")).to_have_count(5)

    rows = table.locator("tbody tr")
    expect(rows).to_have_count(len(SATISFACTION))
    language = page.evaluate("() => document.documentElement.lang") or "sv"
    with translation.override(language):
        expected_values = [format_value(value) for value in SATISFACTION.values()]
    assert "87,5" in expected_values or "87.5" in expected_values
    expect(rows.locator("th[scope=row]")).to_have_text(list(SATISFACTION))
    expect(rows.locator("td:nth-child(2)")).to_have_text(expected_values)

    # Nothing hides the table from a screen reader or from sight.
    hidden = table.evaluate(
        """table => {
            const hiders = [];
            for (let el = table; el; el = el.parentElement) {
                if (el.getAttribute('aria-hidden') === 'true') hiders.push('aria-hidden on ' + el.tagName);
                if (el.hidden) hiders.push('hidden on ' + el.tagName);
                const style = getComputedStyle(el);
                if (style.display === 'none') hiders.push('display:none on ' + el.tagName);
                if (style.visibility === 'hidden') hiders.push('visibility:hidden on ' + el.tagName);
            }
            const box = table.getBoundingClientRect();
            if (box.width < 2 || box.height < 2) hiders.push('clipped to ' + box.width + 'x' + box.height);
            return hiders;
        }"""
    )
    assert hidden == []

    # The chart is one image named by its title, followed by its description (the latest figure).
    chart = section.locator("svg")
    assert chart.is_visible()
    expect(chart).to_have_attribute("role", "img")
    title = chart.evaluate("svg => svg.querySelector(':scope > title')?.textContent")
    assert title == indicator.name
    with translation.override(language):
        latest = format_value(SATISFACTION["2026"])
    expect(chart).to_have_accessible_name(re.compile(rf"^{re.escape(indicator.name)}\b.*\b{re.escape(latest)}\b"))
    expect(page.get_by_role("img", name=re.compile(re.escape(indicator.name)))).to_have_count(1)

    # The table can be reached by keyboard in reading order: a link after it (the sub-goal) is reached by Tab.
    tab_to(page, f'main .kvalitet-goal__children {TREE_TITLES}[href="{goal_chain["admin"].url}"]')
    page.keyboard.press("Enter")
    expect(page).to_have_url(base + goal_chain["admin"].url)
