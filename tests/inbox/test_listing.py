"""The inbox listing: order, filters (the unit filter includes the units below), search, overdue marks, queries."""

import datetime
import re
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from tests.case_builders import close, make_case
from wagtail_kvalitet.inbox.filters import period_bounds
from wagtail_kvalitet.log_actions import CASE_EXPORTED
from wagtail_kvalitet.models import CaseKind, CaseStatus, QualityArea, SenderType

from .conftest import url

pytestmark = pytest.mark.django_db


def references(client, query=""):
    response = client.get(url("index") + query)
    assert response.status_code == 200
    return [case.reference for case in response.context["object_list"]]


def local(year, month, day):
    return datetime.datetime(year, month, day, 12, tzinfo=ZoneInfo("Europe/Stockholm"))


def test_newest_first(admin_client, tree):
    old = make_case(tree["elderly"], received_at=timezone.now() - datetime.timedelta(days=30))
    new = make_case(tree["elderly"])
    middle = make_case(tree["elderly"], received_at=timezone.now() - datetime.timedelta(days=3))
    assert references(admin_client) == [new.reference, middle.reference, old.reference]


def test_unit_filter_includes_the_units_below(admin_client, cases, tree):
    assert set(references(admin_client, f"?unit={tree['elderly'].pk}")) == {
        cases["elderly"].reference,
        cases["home_care"].reference,
    }
    assert references(admin_client, f"?unit={tree['home_care'].pk}") == [cases["home_care"].reference]


def test_unit_filter_offers_only_the_handlers_units(client, cases, tree, elderly_handler):
    client.force_login(elderly_handler)
    html = client.get(url("index")).content.decode()
    assert f"?unit={tree['home_care'].pk}" in html
    assert f"?unit={tree['group_home'].pk}" not in html


def test_kind_status_sender_and_quality_area_filters(admin_client, tree):
    area = QualityArea.objects.get(code=QualityArea.objects.first().code)
    idea = make_case(tree["elderly"], kind=CaseKind.IDEA, sender_type=SenderType.STAFF, quality_areas=[area])
    complaint = close(make_case(tree["elderly"], sender_type=SenderType.RELATIVE))
    assert references(admin_client, "?kind__exact=idea") == [idea.reference]
    assert references(admin_client, "?status__exact=closed") == [complaint.reference]
    assert references(admin_client, "?sender_type__exact=relative") == [complaint.reference]
    assert references(admin_client, f"?quality_areas__id__exact={area.pk}") == [idea.reference]


def test_period_filters(admin_client, tree):
    today = timezone.localdate()
    this_quarter = make_case(tree["elderly"])
    start, _end = period_bounds("last_quarter", today)
    last_quarter = make_case(tree["elderly"], received_at=local(start.year, start.month, 2))
    last_year = make_case(tree["elderly"], received_at=local(today.year - 1, 6, 1))
    assert references(admin_client, "?period=this_quarter") == [this_quarter.reference]
    assert references(admin_client, "?period=last_quarter") == [last_quarter.reference]
    assert references(admin_client, "?period=last_year") == [last_year.reference]
    assert last_year.reference not in references(admin_client, "?period=this_year")


def test_period_bounds():
    today = datetime.date(2025, 2, 14)
    assert period_bounds("this_quarter", today) == (datetime.date(2025, 1, 1), datetime.date(2025, 4, 1))
    assert period_bounds("last_quarter", today) == (datetime.date(2024, 10, 1), datetime.date(2025, 1, 1))
    assert period_bounds("this_year", today) == (datetime.date(2025, 1, 1), datetime.date(2026, 1, 1))
    assert period_bounds("last_year", today) == (datetime.date(2024, 1, 1), datetime.date(2025, 1, 1))


def test_received_between_includes_both_days(admin_client, tree):
    first = make_case(tree["elderly"], received_at=local(2024, 3, 1))
    last = make_case(tree["elderly"], received_at=local(2024, 3, 31))
    make_case(tree["elderly"], received_at=local(2024, 4, 1))
    make_case(tree["elderly"], received_at=local(2024, 2, 29))
    query = "?received_from=2024-03-01&received_to=2024-03-31"
    assert references(admin_client, query) == [last.reference, first.reference]


def test_an_unreadable_date_is_shown_with_its_error_and_filters_nothing(admin_client, cases):
    response = admin_client.get(url("index") + "?received_from=2024-13-45&kind__exact=complaint")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'aria-invalid="true"' in html and 'value="2024-13-45"' in html
    # The other filter is kept, in the listing and in the date form.
    assert len(response.context["object_list"]) == 2
    assert '<input type="hidden" name="kind__exact" value="complaint">' in html


def test_an_unknown_filter_value_gives_a_message_not_an_error(admin_client, cases):
    response = admin_client.get(url("index") + "?quality_areas__id__exact=abc", follow=True)
    assert response.status_code == 200
    messages = [str(message).strip() for message in response.context["messages"]]
    assert gettext("The filters in the address could not be read, so all are shown.") in messages


@pytest.mark.parametrize("query", ["?handler__password__startswith=md5", "?name__icontains=Greta", "?unit__name=x"])
def test_only_the_listings_own_filters_are_taken(admin_client, tree, superuser, query):
    make_case(tree["elderly"], handler=superuser, name="Greta")
    response = admin_client.get(url("index") + query)
    assert response.status_code == 302 and response.url == url("index")
    response = admin_client.get(url("index") + query + "&export=csv")
    assert response.status_code == 302
    assert not ModelLogEntry.objects.filter(action=CASE_EXPORTED).exists()


def test_search_by_reference_description_and_unit_but_not_personal_data(admin_client, tree):
    case = make_case(
        tree["home_care"], description="Maten var kall.", name="Greta Exempelsson", email="greta@example.org"
    )
    other = make_case(tree["group_home"])
    assert references(admin_client, f"?q={case.reference}") == [case.reference]
    assert references(admin_client, "?q=kall") == [case.reference]
    assert references(admin_client, "?q=Hemtjänst") == [case.reference]
    assert references(admin_client, "?q=Exempelsson") == []
    assert references(admin_client, "?q=greta@example.org") == []
    assert other.reference in references(admin_client)


def test_personal_data_is_not_in_the_listing(admin_client, tree):
    make_case(tree["home_care"], name="Greta Exempelsson", email="greta@example.org", phone="070-1234567")
    html = admin_client.get(url("index")).content.decode()
    for value in ("Greta Exempelsson", "greta@example.org", "070-1234567"):
        assert value not in html


def overdue_row(html, case):
    return re.search(rf'<tr class="([^"]*)" data-object-pk="{case.pk}">(.*?)</tr>', html, re.S)


def test_overdue_cases_are_marked_in_words_and_colour(admin_client, tree):
    late = make_case(tree["elderly"], received_at=timezone.now() - datetime.timedelta(days=40))
    acknowledged = make_case(
        tree["elderly"],
        received_at=timezone.now() - datetime.timedelta(days=5),
        acknowledged_at=timezone.now(),
    )
    on_time = make_case(tree["elderly"])
    done = close(make_case(tree["elderly"], received_at=timezone.now() - datetime.timedelta(days=40)))
    html = admin_client.get(url("index")).content.decode()
    row_class, cells = overdue_row(html, late).groups()
    assert "kvalitet-case--overdue" in row_class
    assert "kvalitet-overdue" in cells
    assert gettext("Receipt overdue") in cells and gettext("Answer overdue") in cells
    for case in (acknowledged, on_time, done):
        row_class, cells = overdue_row(html, case).groups()
        assert "kvalitet-case--overdue" not in row_class and "kvalitet-overdue" not in cells
    assert references(admin_client, "?overdue=any") == [late.reference]
    assert references(admin_client, "?overdue=answer") == [late.reference]
    assert references(admin_client, "?overdue=receipt") == [late.reference]


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "query", ["", "?unit={unit}&overdue=any&q=SYN", "?period=this_year&quality_areas__id__exact={area}"]
)
def test_queries_do_not_grow_with_the_number_of_cases(client, tree, elderly_handler, query):
    area = QualityArea.objects.first()
    path = url("index") + query.format(unit=tree["elderly"].pk, area=area.pk)
    client.force_login(elderly_handler)

    def add(count):
        for number in range(count):
            case = make_case(
                tree["home_care" if number % 2 else "elderly"],
                handler=elderly_handler,
                quality_areas=[area],
                received_at=timezone.now() - datetime.timedelta(days=number * 3),
            )
            if number % 3 == 0:
                case.set_status(CaseStatus.INVESTIGATING)
                case.save()

    add(2)
    count_queries(client, path)  # warm caches (content types, permissions)
    few = count_queries(client, path)
    add(12)
    assert count_queries(client, path) == few
