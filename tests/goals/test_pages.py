"""The goal chain as readers see it: the tree with statuses in words, filters, goal pages with charts and tables."""

import xml.etree.ElementTree as ET
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.goals.builders import add_measurement, link, make_chain, make_goal, make_indicator
from wagtail_kvalitet.goals.charts import format_value
from wagtail_kvalitet.goals.periods import Frequency, Period
from wagtail_kvalitet.goals.status import STATUS_SYMBOLS, GoalStatus
from wagtail_kvalitet.models import QualityArea

pytestmark = pytest.mark.django_db


@pytest.fixture
def chain(tree):
    """Board goal (on track) → administration goal (off track) → two unit goals (at risk, no figures)."""
    safety = QualityArea.objects.order_by("sort_order")[0]
    chain = make_chain(
        vision="<p>Trygghet för alla.</p>",
        council_goals=[{"type": "goal", "value": {"title": "Ett gott liv", "description": ""}}],
    )
    board = make_goal(chain, tree["board"], title="Nöjda brukare")
    link(board, make_indicator(tree["board"], name="Nöjdhet", unit_of_measure="%"), 90)
    add_measurement(board.goal_indicators.get().indicator, tree["board"], "2026", 95)
    admin = make_goal(board, tree["admin"], title="Kortare väntan")
    waiting = make_indicator(tree["admin"], name="Väntetid", unit_of_measure="dagar", higher_is_better=False)
    link(admin, waiting, 10)
    add_measurement(waiting, tree["admin"], "2026", 20)
    at_risk = make_goal(admin, tree["home_care"], title="Kontinuitet", quality_areas=[safety])
    link(at_risk, make_indicator(tree["home_care"], name="Personalkontinuitet"), 100)
    add_measurement(at_risk.goal_indicators.get().indicator, tree["home_care"], "2026", 95)
    quiet = make_goal(admin, tree["group_home"], title="Delaktighet")
    return {"page": chain, "board": board, "admin": admin, "at_risk": at_risk, "quiet": quiet, "safety": safety}


def soup(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def goal_badges(page):
    """Goal title → the status label shown beside it in the tree, and its symbol."""
    badges = {}
    for item in page.select("li.kvalitet-goal-tree__goal"):
        title = item.select_one(".kvalitet-goal-tree__title").get_text(strip=True)
        badge = item.select_one(".kvalitet-goal-status")
        badges[title] = (
            badge.select_one(".kvalitet-goal-status__label").get_text(strip=True),
            badge.select_one(".kvalitet-goal-status__symbol").get_text(strip=True),
        )
    return badges


def expected(status):
    return (str(status.label), STATUS_SYMBOLS[status])


def test_chain_page_shows_vision_council_goals_and_the_tree_with_statuses_in_words(client, chain):
    page = soup(client.get(chain["page"].url))
    article = page.select_one("article.kvalitet-goal-chain")
    assert "Trygghet för alla." in article.get_text()
    assert "Ett gott liv" in article.get_text()
    assert goal_badges(page) == {
        "Nöjda brukare": expected(GoalStatus.OFF_TRACK),  # rolled up from the administration goal
        "Kortare väntan": expected(GoalStatus.OFF_TRACK),
        "Kontinuitet": expected(GoalStatus.AT_RISK),
        "Delaktighet": expected(GoalStatus.NO_FIGURES),
    }
    # Nested lists: the unit goals sit inside the administration goal's item, which sits in the board goal's.
    board_item = page.select_one("ul.kvalitet-goal-tree > li")
    nested = board_item.select(":scope > ul > li > ul > li > div > .kvalitet-goal-tree__title a")
    assert [link.get_text() for link in nested] == ["Kontinuitet", "Delaktighet"]
    assert nested[0]["href"] == chain["at_risk"].url
    assert board_item.select_one("h3").get_text(strip=True) == "Nöjda brukare"
    assert [h.name for h in board_item.select("h4, h5")] == ["h4", "h5", "h5"]


def test_filter_form_is_labelled_and_uses_get(client, chain):
    form = soup(client.get(chain["page"].url)).select_one("form.kvalitet-filters")
    assert form["method"] == "get"
    for name in ("unit", "quality_area"):
        select = form.select_one(f"select[name={name}]")
        assert form.select_one(f"label[for={select['id']}]").get_text(strip=True)
    assert form.select_one("button[type=submit]")


def test_unit_filter_keeps_the_unit_and_the_goals_above_it(client, chain, tree):
    page = soup(client.get(chain["page"].url, {"unit": tree["group_home"].pk}))
    assert set(goal_badges(page)) == {"Nöjda brukare", "Kortare väntan", "Delaktighet"}
    # Filtering changes what is shown, not the statuses.
    assert goal_badges(page)["Nöjda brukare"] == expected(GoalStatus.OFF_TRACK)


def test_quality_area_filter_narrows_the_tree(client, chain):
    page = soup(client.get(chain["page"].url, {"quality_area": chain["safety"].pk}))
    assert set(goal_badges(page)) == {"Nöjda brukare", "Kortare väntan", "Kontinuitet"}
    other = QualityArea.objects.exclude(pk=chain["safety"].pk).first()
    page = soup(client.get(chain["page"].url, {"quality_area": other.pk}))
    assert goal_badges(page) == {}


def test_an_invalid_filter_shows_the_whole_tree(client, chain):
    page = soup(client.get(chain["page"].url, {"unit": "not-a-unit"}))
    assert len(goal_badges(page)) == 4


def test_chain_page_queries_do_not_grow_with_the_tree(client, chain, tree):
    url = chain["page"].url
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(6):
        goal = make_goal(chain["admin"], tree["nursing_home"], quality_areas=[chain["safety"]])
        indicator = make_indicator(tree["nursing_home"])
        link(goal, indicator, 50)
        add_measurement(indicator, tree["nursing_home"], "2025", number)
        add_measurement(indicator, tree["nursing_home"], "2026", 60)
        make_goal(goal, tree["nursing_home"])
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(goal_badges(soup(response))) == 16
    assert len(large) == len(small)


def test_goal_page_shows_its_place_status_children_and_indicators(client, chain):
    page = soup(client.get(chain["admin"].url))
    crumbs = [a.get_text() for a in page.select("nav.kvalitet-breadcrumb a")]
    assert crumbs == [chain["page"].title, "Nöjda brukare"]
    facts = page.select_one("article > dl.kvalitet-facts")
    assert facts.select_one(".kvalitet-goal-status__label").get_text(strip=True) == str(GoalStatus.OFF_TRACK.label)
    assert goal_badges(page) == {
        "Kontinuitet": expected(GoalStatus.AT_RISK),
        "Delaktighet": expected(GoalStatus.NO_FIGURES),
    }
    section = page.select_one("section.kvalitet-goal-indicator")
    assert section.select_one("h3").get_text() == "Väntetid"
    text = section.get_text(" ", strip=True)
    assert "dagar" in text and format_value(Decimal("10")) in text and "2026" in text
    assert section.select_one(".kvalitet-goal-status__label").get_text(strip=True) == str(GoalStatus.OFF_TRACK.label)
    svg = section.select_one("svg")
    assert svg["role"] == "img"
    assert ET.fromstring(str(svg)).find("{http://www.w3.org/2000/svg}title").text == "Väntetid"


def test_goal_page_lists_quality_areas(client, chain):
    page = soup(client.get(chain["at_risk"].url))
    assert chain["safety"].name in page.select_one("article > dl.kvalitet-facts").get_text()


def test_the_table_holds_every_figure(client, chain, tree):
    indicator = make_indicator(tree["admin"], name="Ärenden", frequency=Frequency.QUARTER)
    link(chain["admin"], indicator, 40)
    figures = {
        "2025-Q3": ("31.5", "30", "33", "Semester"),
        "2025-Q4": ("35", None, None, ""),
        "2026-Q1": ("41", "40", "42", ""),
    }
    for period, (value, women, men, comment) in figures.items():
        fields = {"comment": comment}
        if women:
            fields.update(value_women=women, value_men=men)
        add_measurement(indicator, tree["admin"], period, value, **fields)
    page = soup(client.get(chain["admin"].url))
    section = [s for s in page.select("section.kvalitet-goal-indicator") if s.h3.get_text() == "Ärenden"][0]
    table = section.select_one("table")
    assert table.caption.get_text(strip=True)
    assert [th["scope"] for th in table.select("thead th")] == ["col"] * 5
    rows = [[cell.get_text(strip=True) for cell in row.select("th, td")] for row in table.select("tbody tr")]
    assert rows == [
        [
            Period.parse(period).label,
            format_value(Decimal(value)),
            format_value(Decimal(women)) if women else "",
            format_value(Decimal(men)) if men else "",
            comment,
        ]
        for period, (value, women, men, comment) in figures.items()
    ]
    assert all(row.th["scope"] == "row" for row in table.select("tbody tr"))
    assert len(section.select("svg circle")) == 3


def test_an_indicator_without_figures_says_so_instead_of_a_chart(client, chain, tree):
    link(chain["quiet"], make_indicator(tree["group_home"], name="Inflytande"), 80)
    page = soup(client.get(chain["quiet"].url))
    section = page.select_one("section.kvalitet-goal-indicator")
    assert section.select_one("svg") is None and section.select_one("table") is None
    assert str(GoalStatus.NO_FIGURES.label) in section.select_one(".kvalitet-goal-indicator__empty").get_text()


def test_names_from_data_are_escaped(client, chain, tree):
    indicator = make_indicator(tree["admin"], name="Kö <30 & mer", unit_of_measure="<b>")
    link(chain["admin"], indicator, 5)
    add_measurement(indicator, tree["admin"], "2026", 3, comment="<script>x</script>")
    content = client.get(chain["admin"].url).content.decode()
    assert "Kö <30" not in content and "<script>x" not in content and "<b>" not in content
    assert "Kö &lt;30 &amp; mer" in content


def test_goal_page_queries_do_not_grow_with_indicators_and_figures(client, chain, tree):
    url = chain["admin"].url
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(5):
        indicator = make_indicator(tree["admin"], frequency=Frequency.QUARTER)
        link(chain["admin"], indicator, 50)
        for quarter in range(1, 5):
            add_measurement(indicator, tree["admin"], f"2025-Q{quarter}", 40 + number + quarter, value_women=41)
        make_goal(chain["admin"], tree["nursing_home"])
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(soup(response).select("section.kvalitet-goal-indicator")) == 6
    assert len(large) == len(small)
