"""The board's compilation of cases through the real admin views.

The report is what the board reads each quarter, so it must open on the last full quarter, keep
a bad choice from losing the report, show each breakdown as an accessible chart with its table,
print without the admin around it, and show a handler only the figures of their own units.
"""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.models import ModelLogEntry

from tests.case_builders import make_case
from tests.conftest import make_user
from wagtail_kvalitet.models import FeedbackCase, QualityArea
from wagtail_kvalitet.models.feedback import CaseAccess
from wagtail_kvalitet.reports.cases import EXPORT_ACTION
from wagtail_kvalitet.reports.periods import Period

pytestmark = pytest.mark.django_db

URL = "wagtail_kvalitet_case_report:index"
EXPORT_URL = "wagtail_kvalitet_case_report:export"
SVG = "{http://www.w3.org/2000/svg}"


def last_quarter_day(day=10):
    return timezone.make_aware(datetime.datetime.combine(Period.last_full_quarter().start, datetime.time(10)))


def case_handler(unit, **kwargs):
    """A staff member with admin access and view permission on cases, handling ``unit``."""
    user = make_user(is_staff=True, **kwargs)
    user.user_permissions.add(
        Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"),
        Permission.objects.get(codename="view_feedbackcase"),
    )
    if unit is not None:
        CaseAccess.objects.create(user=user, unit=unit)
    return user


def report(response):
    assert response.status_code == 200
    return response.context["statistics"]


def test_opens_on_the_last_full_quarter(admin_client, tree):
    make_case(tree["home_care"], received_at=last_quarter_day())
    response = admin_client.get(reverse(URL))
    statistics = report(response)
    assert statistics.period == Period.last_full_quarter()
    assert statistics.by_kind.total.current == 1
    assert response.context["form"]["period"].value() == Period.last_full_quarter().key


def test_charts_are_accessible_svg_with_a_table_beside_them(admin_client, tree):
    make_case(tree["home_care"], received_at=last_quarter_day(), quality_areas=[QualityArea.objects.first()])
    content = admin_client.get(reverse(URL)).content.decode()
    charts = []
    for key in ("kind", "unit", "area", "quality_area"):
        start = content.index(f'aria-labelledby="kvalitet-chart-{key}-title kvalitet-chart-{key}-desc"')
        start = content.rindex("<svg", 0, start)
        chart = ET.fromstring(content[start : content.index("</svg>", start) + 6])
        assert chart.get("role") == "img"
        assert chart.find(f"{SVG}title").text
        assert chart.find(f"{SVG}desc").text
        charts.append(chart)
        # The same figures as a table right after the chart.
        table = content.index("<table", start)
        assert content.index("<caption>", table) < content.index("</table>", table)
    assert "Hemtjänst Norr" in "".join(charts[1].itertext())
    assert '<th scope="col">' in content
    assert '<th scope="row">' in content


def test_labels_with_markup_are_escaped_everywhere(admin_client, tree):
    unit = tree["home_care"]
    unit.name = "Vård & omsorg <b>Norr</b>"
    unit.save()
    make_case(unit, received_at=last_quarter_day(), measures="<script>alert(1)</script>")
    content = admin_client.get(reverse(URL)).content.decode()
    assert "<b>Norr</b>" not in content
    assert "<script>alert(1)</script>" not in content
    assert "Vård &amp; omsorg &lt;b&gt;Norr&lt;/b&gt;" in content


def test_a_chosen_quarter_and_unit(admin_client, tree):
    quarter = Period.last_full_quarter().previous()
    received = timezone.make_aware(datetime.datetime.combine(quarter.start, datetime.time(10)))
    make_case(tree["home_care"], received_at=received)
    make_case(tree["group_home"], received_at=received)
    statistics = report(admin_client.get(reverse(URL), {"period": quarter.key, "unit": tree["elderly"].pk}))
    assert statistics.period == quarter
    assert statistics.unit == tree["elderly"]
    assert statistics.by_kind.total.current == 1


def test_bad_dates_show_a_message_beside_the_field_and_the_default_period(admin_client, tree):
    response = admin_client.get(reverse(URL), {"period": "custom", "date_from": "2025-03-01", "date_to": "2025-02-01"})
    statistics = report(response)
    assert statistics.period == Period.last_full_quarter()
    content = response.content.decode()
    message = gettext("The last date must not be before the first date.")
    assert message in content
    # The error is tied to its field for screen readers, and the user's input is kept.
    assert 'id="id_date_to_error"' in content
    assert 'aria-describedby="id_date_to_error"' in content
    assert 'aria-invalid="true"' in content
    assert 'value="2025-03-01"' in content
    # The download link falls back to the default period too.
    assert response.context["export_url"] == reverse(EXPORT_URL)


def test_a_handler_sees_only_the_figures_of_their_units(client, tree):
    handler = case_handler(tree["elderly"])
    make_case(tree["home_care"], received_at=last_quarter_day(), measures="Hemtjänstens åtgärd.")
    make_case(tree["group_home"], received_at=last_quarter_day(), measures="Lindens åtgärd.")
    client.force_login(handler)
    response = client.get(reverse(URL))
    statistics = report(response)
    assert statistics.by_kind.total.current == 1
    content = response.content.decode()
    assert "Hemtjänstens åtgärd." in content
    assert "Lindens åtgärd." not in content
    assert "Linden" not in [line.label for line in statistics.by_unit.lines]


def test_without_view_permission_on_cases_the_report_is_refused(client, tree):
    user = make_user(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    client.force_login(user)
    for name in (URL, EXPORT_URL):
        response = client.get(reverse(name))
        assert response.status_code in (302, 403)
        assert "statistics" not in (response.context or {})
    assert not ModelLogEntry.objects.filter(action=EXPORT_ACTION).exists()


def test_anonymous_users_are_sent_to_log_in(client, db):
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response["Location"]


def test_menu_item_only_for_those_who_may_open_it(client, tree):
    handler = case_handler(tree["elderly"])
    client.force_login(handler)
    assert reverse(URL) in client.get(reverse("wagtailadmin_home")).content.decode()
    other = make_user(is_staff=True)
    other.user_permissions.add(Permission.objects.get(codename="access_admin", content_type__app_label="wagtailadmin"))
    client.force_login(other)
    assert reverse(URL) not in client.get(reverse("wagtailadmin_home")).content.decode()


def test_printable_with_a_print_button_from_a_static_script(admin_client, tree):
    content = admin_client.get(reverse(URL)).content.decode()
    assert "wagtail_kvalitet/css/case_report.css" in content
    assert "wagtail_kvalitet/js/print_report.js" in content
    assert "<button type=\"button\" class=\"button button-secondary\" data-kvalitet-print hidden>" in content
    assert "window.print" not in content
    assert "onclick" not in content


def test_print_stylesheet_hides_the_admin_and_breaks_pages():
    from django.contrib.staticfiles import finders

    css = open(finders.find("wagtail_kvalitet/css/case_report.css"), encoding="utf-8").read()
    print_rules = css[css.index("@media print") :]
    assert "#wagtail-sidebar" in print_rules
    assert "break-before: page" in print_rules
    assert "size: A4" in print_rules
    script = open(finders.find("wagtail_kvalitet/js/print_report.js"), encoding="utf-8").read()
    assert "window.print()" in script


def test_export_link_keeps_the_choices(admin_client, tree):
    quarter = Period.last_full_quarter().previous()
    response = admin_client.get(reverse(URL), {"period": quarter.key, "unit": tree["elderly"].pk})
    assert response.context["export_url"] == f"{reverse(EXPORT_URL)}?period={quarter.key}&unit={tree['elderly'].pk}"


def build(tree, count):
    area = QualityArea.objects.first()
    for n in range(count):
        make_case(
            [tree["home_care"], tree["group_home"], None][n % 3],
            received_at=last_quarter_day() + datetime.timedelta(days=n % 60),
            quality_areas=[area] if n % 2 else [],
            measures=f"Åtgärd {n}",
        )


def page_queries(client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(reverse(URL)).status_code == 200
    return len(captured.captured_queries)


def test_page_queries_do_not_grow_with_the_number_of_cases(client, tree):
    client.force_login(case_handler(tree["admin"]))
    build(tree, 3)
    page_queries(client)  # warm-up: sessions, permissions and the like
    few = page_queries(client)
    build(tree, 40)
    assert FeedbackCase.objects.count() == 43
    assert page_queries(client) == few
