"""The annual cycle page: the year's occurrences month by month with their states, the filters, the links."""

import datetime
import itertools
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.annual_cycle.builders import admin_user, done, make_activity, make_cycle, quarterly_after
from tests.builders import publish, site_root
from tests.conftest import make_user
from wagtail_kvalitet.annual_cycle.occurrences import State
from wagtail_kvalitet.models import SectionPage
from wagtail_kvalitet.models.annual_cycle import (
    AnnualActivity,
    Frequency,
)

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)
D = datetime.date


def listed(response):
    """(month, activity pk, date, state) of every occurrence in the month-by-month list."""
    rows = []
    for month in response.context["months"]:
        for occurrence in month["occurrences"]:
            rows.append((month["number"], occurrence.activity.pk, occurrence.occurs_on, occurrence.state))
    return rows


def last_year():
    return timezone.localdate().year - 1


def test_the_page_lists_each_month_with_its_occurrences_and_their_states(client, tree):
    year = last_year()
    cycle = make_cycle(intro="<p>Så arbetar vi.</p>")
    compilation = quarterly_after(
        cycle, tree["board"], name="Sammanställning av klagomål", responsible_function="Kvalitetsutvecklare"
    )
    report = make_activity(cycle, tree["admin"], name="Patientsäkerhetsberättelse", month=3, day=1)
    done(compilation, D(year, 1, 15))
    done(compilation, D(year, 4, 15), D(year, 4, 30), note="Sent i år.")

    response = client.get(cycle.url, {"year": year})
    assert response.status_code == 200
    assert listed(response) == [
        (1, compilation.pk, D(year, 1, 15), State.DONE_ON_TIME),
        (3, report.pk, D(year, 3, 1), State.NOT_DONE),
        (4, compilation.pk, D(year, 4, 15), State.DONE_LATE),
        (7, compilation.pk, D(year, 7, 15), State.NOT_DONE),
        (10, compilation.pk, D(year, 10, 15), State.NOT_DONE),
    ]
    assert [month["number"] for month in response.context["months"]] == list(range(1, 13))
    html = response.content.decode()
    # Every month has a heading and a target for the month navigation, the wheel is hidden and shows each occurrence.
    for month in range(1, 13):
        assert f'id="kvalitet-month-{month}"' in html and f'href="#kvalitet-month-{month}"' in html
    assert re.search(r'<figure class="kvalitet-wheel" aria-hidden="true">', html)
    assert html.count('class="kvalitet-wheel__month ') == 12
    for _month, pk, date, state in listed(response):
        key = f"{pk}-{date.isoformat()}"
        assert f'data-occurrence="{key}" transform' in html  # in the wheel
        assert f'id="kvalitet-occurrence-{key}"' in html  # and in the list
        assert f"kvalitet-cycle-state--{state}" in html
    assert str(State.NOT_DONE.label) in html and "Kvalitetsutvecklare" in html and tree["board"].name in html
    # The late one names the date it was done.
    late = response.context["months"][3]["occurrences"][0]
    assert late.completion.done_on == D(year, 4, 30)
    # Anonymous readers get no mark-done links, and the feed link is the page's route.
    assert "/admin/" not in html
    assert response.context["calendar_feed_url"] == cycle.url + cycle.reverse_subpage("calendar_feed")
    assert f'href="{response.context["calendar_feed_url"]}"' in html


def test_the_year_defaults_to_this_year_with_links_to_the_next_and_previous(client, tree):
    cycle = make_cycle()
    make_activity(cycle, tree["board"], frequency=Frequency.MONTHLY, day=28)
    this_year = timezone.localdate().year
    response = client.get(cycle.url)
    assert response.context["year"] == this_year
    assert {occurrence.occurs_on.year for occurrence in response.context["occurrences"]} == {this_year}
    html = response.content.decode()
    assert f'href="?year={this_year - 1}"' in html and f'href="?year={this_year + 1}"' in html
    assert response.context["wheel"]["today"] is not None

    response = client.get(cycle.url, {"year": this_year + 1})
    assert {o.state for o in response.context["occurrences"]} == {State.COMING}
    assert response.context["wheel"]["today"] is None
    for bad in ("abc", "99999", ""):
        assert client.get(cycle.url, {"year": bad}).context["year"] == this_year


def test_the_unit_filter_keeps_the_unit_the_units_above_and_below(client, tree):
    cycle = make_cycle()
    board = make_activity(cycle, tree["board"], name="Nämnden")
    elderly = make_activity(cycle, tree["elderly"], name="Äldreomsorgen")
    home_care = make_activity(cycle, tree["home_care"], name="Hemtjänsten")
    disability = make_activity(cycle, tree["disability"], name="Funktionsstöd")
    response = client.get(cycle.url, {"unit": tree["elderly"].pk, "year": 2026})
    assert {o.activity.pk for o in response.context["occurrences"]} == {board.pk, elderly.pk, home_care.pk}
    assert response.context["chosen_unit"] == tree["elderly"]
    html = response.content.decode()
    assert f'<option value="{tree["elderly"].pk}" selected>' in html
    assert f'href="?year=2025&amp;unit={tree["elderly"].pk}"' in html
    # A unit below sees the activities above it but not its siblings'.
    response = client.get(cycle.url, {"unit": tree["group_home"].pk})
    assert {o.activity.pk for o in response.context["occurrences"]} == {board.pk, disability.pk}
    # An unknown unit is a form error, not a crash, and shows everything.
    response = client.get(cycle.url, {"unit": 999999})
    assert response.status_code == 200 and response.context["filter_form"].errors
    assert len(response.context["occurrences"]) == 4


def test_links_to_routine_pages_only_when_live(client, tree):
    cycle = make_cycle()
    routine = publish(site_root(), SectionPage(title="Rutin för klagomål"))
    linked = make_activity(cycle, tree["board"], link_page=routine)
    response = client.get(cycle.url)
    occurrence = response.context["occurrences"][0]
    assert occurrence.activity.pk == linked.pk and occurrence.link_url == routine.url
    assert f'href="{routine.url}"' in response.content.decode()
    routine.unpublish()
    assert client.get(cycle.url).context["occurrences"][0].link_url is None


def _mark_links(response):
    return [o for o in response.context["occurrences"] if o.mark_url]


def test_mark_done_links_for_who_may_mark_on_past_and_current_occurrences(client, tree):
    today = timezone.localdate()
    cycle = make_cycle()
    manager = admin_user()
    tree["elderly"].manager = manager
    tree["elderly"].save()
    mine = make_activity(cycle, tree["home_care"], frequency=Frequency.MONTHLY, day=1)
    make_activity(cycle, tree["disability"], frequency=Frequency.MONTHLY, day=1)

    client.force_login(manager)
    response = client.get(cycle.url)
    links = _mark_links(response)
    assert {o.activity.pk for o in links} == {mine.pk}
    assert [o.occurs_on.month for o in links] == list(range(1, today.month + 1))
    first = links[0]
    url = reverse("wagtail_kvalitet_activity_done", args=[mine.pk, first.occurs_on.isoformat()])
    assert first.mark_url.startswith(url + "?next=")
    assert f'href="{first.mark_url.replace("&", "&amp;")}"' in response.content.decode()
    assert not _mark_links(client.get(cycle.url, {"year": today.year + 1}))

    # Without admin access nobody is offered the admin's form.
    client.force_login(make_user())
    assert not _mark_links(client.get(cycle.url))


def _count_queries(client, url, params):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    return len(queries), len(response.context["occurrences"])


@pytest.mark.parametrize("signed_in", [False, True])
def test_queries_do_not_grow_with_activities_and_completions(client, tree, signed_in):
    year = last_year()
    cycle = make_cycle()
    routine = publish(site_root(), SectionPage(title="Rutin"))
    if signed_in:
        manager = admin_user()
        tree["admin"].manager = manager
        tree["admin"].save()
        client.force_login(manager)

    def add(count):
        for number in range(count):
            unit = [tree["home_care"], tree["group_home"], tree["nursing_home"]][number % 3]
            activity = quarterly_after(cycle, unit, responsible_person=make_user(), link_page=routine)
            done(activity, D(year, 1, 15))
            done(activity, D(year, 4, 15), D(year, 5, 1))

    add(2)
    client.get(cycle.url, {"year": year})  # warm caches (site root paths, content types)
    small, small_rows = _count_queries(client, cycle.url, {"year": year, "unit": tree["admin"].pk})
    add(20)
    large, large_rows = _count_queries(client, cycle.url, {"year": year, "unit": tree["admin"].pk})
    assert (small_rows, large_rows) == (8, 88)
    assert small == large


def test_a_preview_with_unsaved_activities_renders(rf, tree):
    """An editor previews rows not yet saved: the page reads them from the page object, not the database."""
    cycle = make_cycle()
    cycle.activities = [
        AnnualActivity(name="Ny aktivitet", unit=tree["board"], frequency="yearly", month=5, day=2, sort_order=0),
        AnnualActivity(name="Ogiltig", unit=tree["board"], frequency=Frequency.MONTHLY, day=31, sort_order=1),
    ]
    request = rf.get("/", {"year": 2030})
    request.user = make_user()
    context = cycle.get_context(request)
    assert [(o.activity.name, o.occurs_on) for o in context["occurrences"]] == [("Ny aktivitet", D(2030, 5, 2))]
    response = cycle.serve_preview(request, cycle.default_preview_mode)
    assert response.status_code == 200 and "Ny aktivitet" in response.rendered_content
