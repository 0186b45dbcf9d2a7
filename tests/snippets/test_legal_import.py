"""The admin import of the legal requirement list: upload, dry-run report, confirm; refusals and permissions."""

import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import make_user
from tests.imports.builders import make_requirement, make_statute, row_for, workbook_file
from wagtail_kvalitet.models import ComplianceStatus, LegalRequirement, Statute
from wagtail_kvalitet.snippets.legal_import import (
    STORAGE_FOLDER,
    LegalImportConfirmView,
    LegalImportView,
    PendingUpload,
)

pytestmark = pytest.mark.django_db

NAMESPACE = "wagtailsnippets_wagtail_kvalitet_legalrequirement"
IMPORT_URL = f"{NAMESPACE}:import"
CONFIRM_URL = f"{NAMESPACE}:import_confirm"
LIST_URL = f"{NAMESPACE}:list"


def swedish(msgid, **params):
    """A message as the Swedish admin shows it, whether or not it is translated yet."""
    with translation.override("sv"):
        text = gettext(msgid)
    return text % params if params else text


def waiting_files():
    try:
        return default_storage.listdir(STORAGE_FOLDER)[1]
    except FileNotFoundError:
        return []


@pytest.fixture(autouse=True)
def empty_upload_folder():
    """The tests' in-memory storage lives as long as the process, so start each test without waiting uploads."""
    for name in waiting_files():
        default_storage.delete(f"{STORAGE_FOLDER}/{name}")


def last_message(response):
    """The message the response's request added; earlier ones stay queued while redirects are not followed."""
    return [str(message).strip() for message in get_messages(response.wsgi_request)][-1]


def upload(client, file):
    return client.post(reverse(IMPORT_URL), {"file": file})


def confirm(client, token):
    return client.post(reverse(CONFIRM_URL), {"token": token})


@pytest.fixture
def register(tree):
    statute = make_statute(title="Socialtjänstlag", number="2025:400")
    existing = make_requirement(statute, title="Klagomål", units=[tree["elderly"]], status=ComplianceStatus.MET)
    return statute, existing


def good_rows(existing):
    return [
        row_for(existing, title="Ta emot klagomål"),
        {"statute": "Patientsäkerhetslag", "statute_number": "2010:659", "title": "Lex Maria",
         "demands": "Vi anmäler allvarliga vårdskador.", "units": "Tallgården", "last_reviewed": "2026-02-01"},
    ]


def test_the_listing_offers_the_import(admin_client, register):
    html = admin_client.get(reverse(LIST_URL)).content.decode()
    assert reverse(IMPORT_URL) in html


def test_upload_shows_the_dry_run_and_confirming_imports_it(admin_client, superuser, register):
    _statute, existing = register
    response = admin_client.get(reverse(IMPORT_URL))
    assert response.status_code == 200 and 'type="file"' in response.content.decode()

    response = upload(admin_client, workbook_file(good_rows(existing), name="lagkrav.xlsx"))
    assert response.status_code == 200
    assert response.templates[0].name == "wagtail_kvalitet/admin/legal_import/report.html"
    html = response.content.decode()
    assert "lagkrav.xlsx" in html and "Ta emot klagomål" in html and "Lex Maria" in html
    assert "Patientsäkerhetslag (2010:659)" in html  # the statute to be added
    plan = response.context["plan"]
    assert [(row.number, row.action) for row in plan.rows] == [(4, "change"), (5, "create")]
    # The dry run writes nothing; the file waits for the confirmation.
    assert LegalRequirement.objects.count() == 1 and not Statute.objects.filter(title="Patientsäkerhetslag").exists()
    assert len(waiting_files()) == 1
    token = response.context["token"]
    assert f'value="{token}"' in html

    response = confirm(admin_client, token)
    assert response.status_code == 302 and response.url == reverse(LIST_URL)
    assert last_message(response) == (
        " ".join([
            swedish("Added %(count)s legal requirement.", count=1),
            swedish("Changed %(count)s legal requirement.", count=1),
            swedish("Added %(count)s statute.", count=1),
        ])
    )
    existing.refresh_from_db()
    assert existing.title == "Ta emot klagomål" and existing.revisions.get().user == superuser
    maria = LegalRequirement.objects.get(title="Lex Maria")
    assert maria.statute.number == "2010:659" and maria.next_review_due == datetime.date(2027, 2, 1)
    assert maria.revisions.get().user == superuser
    assert waiting_files() == []

    # A second confirmation of the same dry run imports nothing twice.
    response = confirm(admin_client, token)
    assert response.status_code == 302 and response.url == reverse(IMPORT_URL)
    assert last_message(response) == (
        swedish("The uploaded file is no longer available; it may have been imported already.")
    )
    assert LegalRequirement.objects.count() == 2


def test_a_file_with_errors_shows_them_by_row_and_cannot_be_confirmed(admin_client, register):
    _statute, existing = register
    rows = good_rows(existing) + [
        {"statute": "Socialtjänstlag", "title": "<script>alert('krav')</script>", "demands": "Vi ska.",
         "units": "<b>Okänd</b>"},
    ]
    response = upload(admin_client, workbook_file(rows))
    assert response.status_code == 200
    plan = response.context["plan"]
    assert [(error.row, error.message) for error in plan.errors] == [
        (6, swedish("There is no unit with the name or code “%(name)s”.", name="<b>Okänd</b>"))
    ]
    html = response.content.decode()
    assert "&lt;b&gt;Okänd&lt;/b&gt;" in html and "<b>Okänd</b>" not in html
    assert "<script>alert" not in html
    assert response.context["token"] == "" and 'name="token"' not in html
    assert response.context["form"] is not None  # to upload a corrected file
    assert waiting_files() == []
    assert LegalRequirement.objects.count() == 1 and Statute.objects.count() == 1


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"ID;Krav\n1;Klagomal\n", "The file is not an Excel workbook (.xlsx). Save the list as .xlsx and try again."),
        (b"PK\x03\x04" + b"\0" * (5 * 1024 * 1024 + 1),
         "The file is larger than %(size)s MB. Split the list and import it in parts."),
    ],
    ids=["not-xlsx", "too-large"],
)
def test_a_file_that_cannot_be_imported_is_refused_on_the_form(admin_client, register, content, message):
    file = io.BytesIO(content)
    file.name = "lagkrav.xlsx"
    response = upload(admin_client, file)
    assert response.status_code == 200
    assert response.context["form"].errors["file"] == [swedish(message, size="5")]
    assert waiting_files() == [] and LegalRequirement.objects.count() == 1


def test_a_file_where_nothing_differs_has_nothing_to_confirm(admin_client, register):
    _statute, existing = register
    response = upload(admin_client, workbook_file([row_for(existing)]))
    assert response.context["plan"].unchanged and response.context["token"] == ""
    assert waiting_files() == []


def test_confirming_after_the_register_changed_shows_the_new_plan_first(admin_client, register):
    _statute, existing = register
    response = upload(admin_client, workbook_file(good_rows(existing)))
    token = response.context["token"]
    LegalRequirement.objects.filter(pk=existing.pk).update(notes="Ändrat under tiden")

    response = confirm(admin_client, token)
    assert response.status_code == 200 and "Ändrat under tiden" in response.content.decode()
    assert LegalRequirement.objects.count() == 1 and not existing.revisions.exists()
    new_token = response.context["token"]
    assert new_token and new_token != token

    response = confirm(admin_client, new_token)
    assert response.status_code == 302 and LegalRequirement.objects.count() == 2
    existing.refresh_from_db()
    assert existing.notes == "" and existing.title == "Ta emot klagomål"


def test_a_dry_run_is_confirmed_only_by_its_user_and_before_it_expires(admin_client, register, monkeypatch):
    _statute, existing = register
    token = upload(admin_client, workbook_file(good_rows(existing))).context["token"]

    other = make_user(username="annan", is_staff=True, is_superuser=True)
    admin_client.force_login(other)
    response = confirm(admin_client, token)
    assert response.url == reverse(IMPORT_URL)
    assert last_message(response) == swedish("This dry run was made by another user. Upload the file yourself.")

    response = confirm(admin_client, token[:-2] + "xx")
    assert last_message(response) == swedish("The import could not be confirmed. Upload the file again.")

    monkeypatch.setattr(LegalImportConfirmView, "token_max_age", -1)
    response = confirm(admin_client, token)
    assert last_message(response) == swedish("The dry run has expired. Upload the file again.")
    assert LegalRequirement.objects.count() == 1


def test_uploads_never_confirmed_are_deleted_once_expired(admin_client, register, monkeypatch):
    _statute, existing = register
    upload(admin_client, workbook_file(good_rows(existing)))
    first = waiting_files()
    monkeypatch.setattr(LegalImportView, "token_max_age", -60)
    upload(admin_client, workbook_file(good_rows(existing)))
    remaining = waiting_files()
    assert len(first) == 1 and len(remaining) == 1 and remaining != first


@pytest.mark.parametrize("permissions", [["change_legalrequirement"], ["add_legalrequirement"]])
def test_importing_needs_both_add_and_change_permission(client, register, permissions):
    _statute, existing = register
    user = make_user(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["access_admin", *permissions]))
    client.force_login(user)
    home = reverse("wagtailadmin_home")
    for response in (
        client.get(reverse(IMPORT_URL)),
        upload(client, workbook_file(good_rows(existing))),
        confirm(client, "token"),
    ):
        assert response.status_code == 302 and response.url == home
    assert waiting_files() == [] and LegalRequirement.objects.count() == 1
    existing.refresh_from_db()
    assert existing.title == "Klagomål"
    if "change_legalrequirement" in permissions:
        assert reverse(IMPORT_URL) not in client.get(reverse(LIST_URL)).content.decode()


def test_someone_with_add_and_change_permission_may_import(client, register):
    _statute, existing = register
    user = make_user(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "add_legalrequirement", "change_legalrequirement", "add_statute"]
    ))
    client.force_login(user)
    assert reverse(IMPORT_URL) in client.get(reverse(LIST_URL)).content.decode()
    token = upload(client, workbook_file(good_rows(existing))).context["token"]
    assert confirm(client, token).status_code == 302
    assert LegalRequirement.objects.get(title="Lex Maria").revisions.get().user == user


def test_a_row_that_became_invalid_after_the_dry_run_stops_the_whole_import(admin_client, register, tree):
    _statute, existing = register
    token = upload(admin_client, workbook_file(good_rows(existing))).context["token"]
    tree["nursing_home"].delete()  # named by the new row

    response = confirm(admin_client, token)
    assert response.status_code == 200
    assert [(error.row, error.message) for error in response.context["plan"].errors] == [
        (5, swedish("There is no unit with the name or code “%(name)s”.", name="Tallgården"))
    ]
    assert response.context["token"] == "" and waiting_files() == []
    existing.refresh_from_db()
    assert existing.title == "Klagomål" and LegalRequirement.objects.count() == 1


def test_a_confirmation_already_being_applied_is_not_applied_twice(admin_client, superuser, register):
    _statute, existing = register
    token = upload(admin_client, workbook_file(good_rows(existing))).context["token"]
    PendingUpload.from_token(token, superuser, 60).claim(60)  # as a first click, still running, would have

    response = confirm(admin_client, token)
    assert response.url == reverse(LIST_URL)
    assert last_message(response) == swedish("This import is already being applied.")
    assert LegalRequirement.objects.count() == 1
