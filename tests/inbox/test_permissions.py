"""Who sees what in the inbox: every view, for anonymous users, staff without case permissions,
handlers of one area and of another, and quality staff who see every unit."""

import pytest
from django.urls import reverse
from wagtail.admin.menu import admin_menu, settings_menu

from tests.conftest import make_user
from tests.exports.builders import column_values, open_workbook
from wagtail_kvalitet.exports.cases import CASE_COLUMNS
from wagtail_kvalitet.models import CaseAccess, FeedbackCase

from .conftest import grant, make_handler, url

pytestmark = pytest.mark.django_db

CASE_VIEWS = ("inspect", "edit", "history")


def listed(response):
    return set(response.context["object_list"].values_list("reference", flat=True))


def exported(client, **params):
    query = "&".join(f"{key}={value}" for key, value in {"export": "xlsx", **params}.items())
    response = client.get(url("index") + "?" + query)
    assert response.status_code == 200
    return set(column_values(open_workbook(response).active, str(CASE_COLUMNS[0].heading)))


def assert_sent_to_login(response):
    assert response.status_code == 302 and response.url.startswith(reverse("wagtailadmin_login") + "?next=")


def assert_refused(response):
    """Wagtail's refusal in the admin: back to the dashboard."""
    assert response.status_code == 302 and response.url == reverse("wagtailadmin_home")


def menu_urls(menu, request):
    urls = []
    for item in menu.menu_items_for_request(request):
        urls.append(item.url) if hasattr(item, "url") else None
        if hasattr(item, "menu"):
            urls += menu_urls(item.menu, request)
    return urls


@pytest.mark.parametrize("action", ["index", "create", *CASE_VIEWS])
def test_anonymous_users_are_sent_to_log_in(client, cases, action):
    assert_sent_to_login(client.get(url(action, None if action in ("index", "create") else cases["elderly"])))


def test_anonymous_users_get_no_export(client, cases):
    assert_sent_to_login(client.get(url("index") + "?export=xlsx"))


def test_staff_without_case_permissions_have_no_inbox(client, rf, cases, tree):
    # Even with a unit assigned: the unit decides which cases, the permissions whether any.
    user = grant(make_user(is_staff=True))
    CaseAccess.objects.create(user=user, unit=tree["board"])
    client.force_login(user)
    assert_refused(client.get(url("index")))
    assert_refused(client.get(url("index") + "?export=csv"))
    assert_refused(client.get(url("create")))
    for action in CASE_VIEWS:
        assert_refused(client.get(url(action, cases["elderly"])))
    request = rf.get("/admin/")
    request.user = user
    assert url("index") not in menu_urls(admin_menu, request)


def test_handlers_see_the_inbox_in_the_menu(rf, elderly_handler):
    request = rf.get("/admin/")
    request.user = elderly_handler
    assert url("index") in menu_urls(admin_menu, request)


def test_a_handler_lists_their_area_and_the_units_below_it_only(client, cases, elderly_handler):
    client.force_login(elderly_handler)
    response = client.get(url("index"))
    assert response.status_code == 200
    assert listed(response) == {cases["elderly"].reference, cases["home_care"].reference}
    assert cases["group_home"].reference not in response.content.decode()


def test_a_handler_without_units_lists_nothing(client, cases):
    client.force_login(make_handler())
    response = client.get(url("index"))
    assert response.status_code == 200 and listed(response) == set()


@pytest.mark.parametrize("action", CASE_VIEWS)
def test_a_handler_can_open_the_cases_of_their_units(client, cases, elderly_handler, action):
    client.force_login(elderly_handler)
    for case in (cases["elderly"], cases["home_care"]):
        assert client.get(url(action, case)).status_code == 200


@pytest.mark.parametrize("action", CASE_VIEWS)
def test_a_handler_of_another_unit_cannot_open_a_case(client, cases, disability_handler, action):
    client.force_login(disability_handler)
    assert client.get(url(action, cases["elderly"])).status_code == 404
    assert client.get(url(action, cases["home_care"])).status_code == 404


def test_a_handler_of_another_unit_cannot_change_a_case(client, cases, disability_handler):
    client.force_login(disability_handler)
    case = cases["elderly"]
    response = client.post(url("edit", case), {"status": "investigating", "investigation": "Försök."})
    assert response.status_code == 404
    case.refresh_from_db()
    assert (case.status, case.investigation) == ("received", "")


def test_a_handler_without_change_permission_can_read_but_not_edit(client, cases, tree):
    reader = make_handler(tree["elderly"], permissions=("view_feedbackcase",))
    client.force_login(reader)
    assert client.get(url("inspect", cases["elderly"])).status_code == 200
    assert_refused(client.get(url("edit", cases["elderly"])))
    assert_refused(client.get(url("create")))


def test_the_export_holds_only_the_handlers_cases(client, cases, elderly_handler, disability_handler):
    client.force_login(elderly_handler)
    assert exported(client) == {cases["elderly"].reference, cases["home_care"].reference}
    client.force_login(disability_handler)
    assert exported(client) == {cases["group_home"].reference}


def test_a_unit_filter_cannot_reach_another_handlers_unit(client, cases, tree, elderly_handler):
    client.force_login(elderly_handler)
    response = client.get(url("index") + f"?unit={tree['disability'].pk}")
    assert response.status_code == 200 and listed(response) == set()
    assert exported(client, unit=tree["disability"].pk) == set()


def test_quality_staff_see_every_case(client, cases):
    quality = make_handler(permissions=("view_feedbackcase", "change_feedbackcase", "view_all_feedbackcases"))
    unknown = FeedbackCase.objects.create(reference="SYN-X-1", kind="comment", status="received", description="x")
    client.force_login(quality)
    everything = {case.reference for case in cases.values()} | {unknown.reference}
    assert listed(client.get(url("index"))) == everything
    assert exported(client) == everything
    for action in CASE_VIEWS:
        assert client.get(url(action, cases["group_home"])).status_code == 200


def test_no_one_deletes_a_case(admin_client, cases):
    case = cases["elderly"]
    assert_refused(admin_client.get(url("delete", case)))
    assert_refused(admin_client.post(url("delete", case)))
    assert FeedbackCase.objects.filter(pk=case.pk).exists()


# Who handles which units


def access_url(action="index", access=None):
    name = f"wagtail_kvalitet_caseaccess_modeladmin_{action}"
    return reverse(name, args=[access.pk]) if access is not None else reverse(name)


def test_case_handlers_are_managed_by_those_allowed_to(client, rf, tree, elderly_handler):
    client.force_login(elderly_handler)
    assert_refused(client.get(access_url()))
    manager = grant(make_user(is_staff=True), "add_caseaccess", "change_caseaccess", "delete_caseaccess")
    client.force_login(manager)
    response = client.get(access_url())
    assert response.status_code == 200
    assert elderly_handler.get_full_name() in response.content.decode()
    response = client.post(access_url("create"), {"user": elderly_handler.pk, "unit": tree["disability"].pk})
    assert response.status_code == 302
    assert CaseAccess.objects.filter(user=elderly_handler, unit=tree["disability"]).exists()
    request = rf.get("/admin/")
    request.user = manager
    assert access_url() in menu_urls(settings_menu, request)


def test_a_unit_is_given_to_a_handler_once(client, tree, elderly_handler):
    client.force_login(grant(make_user(is_staff=True), "add_caseaccess"))
    response = client.post(access_url("create"), {"user": elderly_handler.pk, "unit": tree["elderly"].pk})
    assert response.status_code == 200 and response.context["form"].errors
    assert CaseAccess.objects.filter(user=elderly_handler).count() == 1
