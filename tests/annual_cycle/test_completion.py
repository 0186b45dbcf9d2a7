"""Marking an occurrence done in the admin: who may, what is checked, undo, and the audit log."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from wagtail.models import GroupPagePermission, PageLogEntry

from tests.annual_cycle.builders import admin_user, done, make_activity, make_cycle, quarterly_after
from tests.conftest import make_user
from wagtail_kvalitet.annual_cycle.forms import NOTE_MAX_LENGTH
from wagtail_kvalitet.log_actions import ACTIVITY_DONE
from wagtail_kvalitet.models.annual_cycle import ActivityCompletion

pytestmark = pytest.mark.django_db

D = datetime.date


def url(activity, date, next_url=None):
    base = reverse("wagtail_kvalitet_activity_done", args=[activity.pk, date.isoformat()])
    return f"{base}?next={next_url}" if next_url else base


@pytest.fixture
def cycle_setup(tree):
    cycle = make_cycle()
    activity = quarterly_after(cycle, tree["home_care"])
    year = timezone.localdate().year - 1
    return {"cycle": cycle, "activity": activity, "date": D(year, 4, 15), "tree": tree}


def who(kind, setup):
    tree, activity, cycle = setup["tree"], setup["activity"], setup["cycle"]
    if kind == "superuser":
        return make_user(is_superuser=True)
    if kind == "editor":
        user = admin_user()
        group = Group.objects.create(name="Redaktörer årshjul")
        GroupPagePermission.objects.create(group=group, page=cycle, permission_type="change")
        user.groups.add(group)
        return user
    if kind == "responsible":
        user = admin_user()
        activity.responsible_person = user
        activity.save()
        return user
    if kind == "unit_manager":
        user = admin_user()
        tree["home_care"].manager = user
        tree["home_care"].save()
        return user
    if kind == "manager_above":
        user = admin_user()
        tree["admin"].manager = user
        tree["admin"].save()
        return user
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["superuser", "editor", "responsible", "unit_manager", "manager_above"])
def test_each_kind_of_allowed_user_marks_done_and_it_is_logged(client, cycle_setup, kind):
    user = who(kind, cycle_setup)
    activity, date, cycle = cycle_setup["activity"], cycle_setup["date"], cycle_setup["cycle"]
    client.force_login(user)
    assert client.get(url(activity, date)).status_code == 200

    done_on = date + datetime.timedelta(days=3)
    response = client.post(url(activity, date, next_url=cycle.url), {"done_on": done_on.isoformat(), "note": "Klart."})
    assert response.status_code == 302 and response["Location"] == cycle.url
    completion = ActivityCompletion.objects.get(activity=activity, occurs_on=date)
    assert (completion.done_on, completion.note, completion.done_by) == (done_on, "Klart.", user)
    assert not completion.on_time
    entry = PageLogEntry.objects.get(page=cycle, action=ACTIVITY_DONE)
    assert entry.user == user
    assert entry.data["activity"] == activity.pk and entry.data["occurs_on"] == date.isoformat()
    assert entry.data["done_on"] == done_on.isoformat() and entry.data["on_time"] is False
    assert activity.name in entry.message


@pytest.mark.parametrize("kind", ["stranger", "sibling_manager", "no_admin_access"])
def test_others_are_refused(client, cycle_setup, kind):
    activity, date, tree = cycle_setup["activity"], cycle_setup["date"], cycle_setup["tree"]
    if kind == "stranger":
        user = admin_user()
    elif kind == "sibling_manager":
        user = admin_user()
        tree["nursing_home"].manager = user
        tree["nursing_home"].save()
    else:
        user = make_user(is_staff=True)
        tree["home_care"].manager = user
        tree["home_care"].save()
    client.force_login(user)
    response = client.post(url(activity, date), {"done_on": date.isoformat()})
    # Wagtail's permission-denied handling: back to the admin home (or its login) with an error message.
    assert response.status_code == 302 and response["Location"].startswith(reverse("wagtailadmin_home"))
    if kind != "no_admin_access":
        assert response["Location"] == reverse("wagtailadmin_home")
        assert client.get(url(activity, date)).status_code == 302
    assert not ActivityCompletion.objects.exists()


def test_a_date_that_is_not_an_occurrence_is_not_found(admin_client, cycle_setup):
    activity, date = cycle_setup["activity"], cycle_setup["date"]
    for wrong in (date + datetime.timedelta(days=1), "2026-02-30", "inte-ett-datum"):
        target = reverse("wagtail_kvalitet_activity_done", args=[activity.pk, str(wrong)])
        assert admin_client.get(target).status_code == 404
    assert admin_client.get(reverse("wagtail_kvalitet_activity_done", args=[999999, str(date)])).status_code == 404


def test_a_future_date_and_a_long_note_are_refused_with_messages_and_nothing_is_lost(admin_client, cycle_setup):
    activity, date = cycle_setup["activity"], cycle_setup["date"]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = admin_client.post(url(activity, date), {"done_on": tomorrow.isoformat(), "note": "Min anteckning"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors["done_on"] and form["note"].value() == "Min anteckning"
    assert [error.code for error in form.errors.as_data()["done_on"]] == ["future"]

    too_long = "x" * (NOTE_MAX_LENGTH + 1)
    response = admin_client.post(url(activity, date), {"done_on": date.isoformat(), "note": too_long})
    assert response.status_code == 200 and response.context["form"].errors["note"]
    assert not ActivityCompletion.objects.exists()


def test_marking_again_updates_and_undo_deletes(admin_client, superuser, cycle_setup):
    activity, date, cycle = cycle_setup["activity"], cycle_setup["date"], cycle_setup["cycle"]
    done(activity, date, date, note="Först.")
    response = admin_client.get(url(activity, date))
    assert response.context["form"].initial["note"] == "Först."
    assert 'name="undo"' in response.content.decode()

    response = admin_client.post(url(activity, date), {"done_on": date.isoformat(), "note": "Ändrad."})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert ActivityCompletion.objects.get().note == "Ändrad."

    response = admin_client.post(url(activity, date, next_url="https://evil.example/"), {"undo": "1"})
    assert response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    assert not ActivityCompletion.objects.exists()
    entries = list(PageLogEntry.objects.filter(page=cycle, action=ACTIVITY_DONE).order_by("timestamp", "pk"))
    assert [entry.data.get("undone", False) for entry in entries] == [False, True]
    assert entries[0].message != entries[1].message


def test_the_form_defaults_to_today(admin_client, cycle_setup):
    response = admin_client.get(url(cycle_setup["activity"], cycle_setup["date"]))
    initial = response.context["form"]["done_on"].value()
    assert (initial() if callable(initial) else initial) == timezone.localdate()


def test_a_monthly_activity_marked_from_the_page_comes_back(client, tree):
    cycle = make_cycle()
    activity = make_activity(cycle, tree["board"], name="Månadsmöte", frequency="monthly", day=1)
    client.force_login(make_user(is_superuser=True))
    occurrence = [o for o in client.get(cycle.url).context["occurrences"] if o.mark_url][0]
    response = client.post(occurrence.mark_url, {"done_on": occurrence.occurs_on.isoformat()})
    assert response.status_code == 302 and response["Location"].startswith(cycle.url)
    page = client.get(response["Location"])
    first = [o for o in page.context["occurrences"] if o.occurs_on == occurrence.occurs_on][0]
    assert first.activity.pk == activity.pk and first.is_done and first.state == "done_on_time"
