"""Recording on the board's compilation of cases that it was presented.

SOSFS 2011:9 asks that complaints be compiled and analysed; the self-assessment counts the quarters
a recorded presentation covers. So the record must take the report's own period and unit, be
limited to those allowed to make it, be in the audit log and be listed on the report afterwards.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.reports.test_case_report import case_handler
from wagtail_kvalitet.log_actions import CASE_COMPILATION_RECORDED
from wagtail_kvalitet.models import CaseCompilation
from wagtail_kvalitet.reports.periods import Period

pytestmark = pytest.mark.django_db

URL = "wagtail_kvalitet_case_report:index"
RECORD_URL = "wagtail_kvalitet_case_report:record"


def recorder(unit=None):
    user = case_handler(unit)
    user.user_permissions.add(Permission.objects.get(codename="add_casecompilation"))
    return user


def test_the_default_period_is_recorded_as_presented_and_listed(client, tree):
    user = recorder(tree["admin"])
    client.force_login(user)
    quarter = Period.last_full_quarter()
    page = client.get(reverse(URL))
    assert page.context["compilation_form"] is not None
    assert 'id="kvalitet-compilation-record"' in page.content.decode()

    presented = timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(
        reverse(RECORD_URL), {"presented_on": presented.isoformat(), "presented_to": "Socialnämnden"}
    )
    assert response.status_code == 302 and response["Location"] == reverse(URL)
    compilation = CaseCompilation.objects.get()
    assert (compilation.period_start, compilation.period_end) == (quarter.start, quarter.end)
    assert (compilation.unit, compilation.presented_on, compilation.presented_to) == (None, presented, "Socialnämnden")
    assert compilation.recorded_by == user
    entry = ModelLogEntry.objects.get(action=CASE_COMPILATION_RECORDED)
    assert (entry.object_id, entry.user_id) == (str(compilation.pk), user.pk)
    assert entry.data["start"] == quarter.start.isoformat()

    page = client.get(reverse(URL))
    assert [message.level_tag for message in page.context["messages"]] == ["success"]
    html = page.content.decode()
    table = html[html.index('id="kvalitet-compilations-table"') :]
    table = table[: table.index("</table>")]
    assert f'data-compilation="{compilation.pk}"' in table and "Socialnämnden" in table
    assert "<caption>" in table and 'scope="col"' in table and 'scope="row"' in table


def test_the_chosen_quarter_and_unit_are_recorded(client, tree):
    client.force_login(recorder(tree["admin"]))
    query = f"?period=2025-Q2&unit={tree['elderly'].pk}"
    page = client.get(reverse(URL) + query)
    assert page.context["record_url"] == reverse(RECORD_URL) + query
    response = client.post(reverse(RECORD_URL) + query, {"presented_on": "2025-08-20", "presented_to": ""})
    assert response.status_code == 302 and response["Location"] == reverse(URL) + query
    compilation = CaseCompilation.objects.get()
    assert (compilation.period_start, compilation.period_end) == (datetime.date(2025, 4, 1), datetime.date(2025, 6, 30))
    assert compilation.unit == tree["elderly"]
    # Listed on that period's report, not on another's.
    assert [c.pk for c in client.get(reverse(URL) + query).context["compilations"]] == [compilation.pk]
    assert client.get(reverse(URL) + "?period=2025-Q1").context["compilations"] == []


def test_a_future_or_missing_date_is_refused_and_the_report_shown_with_the_errors(client, tree):
    client.force_login(recorder(tree["admin"]))
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse(RECORD_URL), {"presented_on": tomorrow.isoformat(), "presented_to": "Nämnden"})
    assert response.status_code == 200
    form = response.context["compilation_form"]
    assert [error.code for error in form.errors.as_data()["presented_on"]] == ["future"]
    assert form["presented_to"].value() == "Nämnden"
    assert response.context["statistics"] is not None
    response = client.post(reverse(RECORD_URL), {"presented_on": "", "presented_to": ""})
    assert response.status_code == 200 and response.context["compilation_form"].errors["presented_on"]
    assert not CaseCompilation.objects.exists()
    assert not ModelLogEntry.objects.filter(action=CASE_COMPILATION_RECORDED).exists()


def test_recording_needs_the_add_permission(client, tree):
    client.force_login(case_handler(tree["admin"]))
    page = client.get(reverse(URL))
    assert page.context["compilation_form"] is None
    assert 'id="kvalitet-compilation-record"' not in page.content.decode()
    assert 'id="kvalitet-compilations-table"' in page.content.decode()  # the list is still shown
    response = client.post(reverse(RECORD_URL), {"presented_on": timezone.localdate().isoformat()})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not CaseCompilation.objects.exists()


def test_recording_is_only_by_post(admin_client, tree):
    assert admin_client.get(reverse(RECORD_URL)).status_code == 405
