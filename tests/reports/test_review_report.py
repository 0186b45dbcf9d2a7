"""The "Pages due for review" report, through the real admin views, in Swedish.

A quality developer uses it to find the governing documents whose review is late or close, and
exports it to hand to the document owners; what it lists must therefore agree with each page's
own ``review_status()``, and it must only show pages the user may edit.
"""

import csv
import datetime
import io
import itertools

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from openpyxl import load_workbook
from wagtail.models import GroupPagePermission

from tests.conftest import make_user
from wagtail_kvalitet.models import (
    ManualSectionPage,
    OrganisationUnit,
    ProcessPage,
    QualityManualPage,
    ReviewStatus,
    RoutinePage,
)
from wagtail_kvalitet.reports.reviews import ReviewDueView

pytestmark = pytest.mark.django_db

URL = "wagtail_kvalitet_reports:review_due"


def days(n):
    return timezone.localdate() + datetime.timedelta(days=n)


def add_manual(site_root, title="Kvalitetshandbok", **kwargs):
    return site_root.add_child(instance=QualityManualPage(title=title, slug=slugify(title), **kwargs))


def add_process(parent, title, review_in=None, approved=True, **kwargs):
    """A process approved a year ago (unless ``approved`` is false) to be reviewed in ``review_in`` days."""
    page = ProcessPage(
        title=title,
        slug=slugify(title),
        purpose="Att stödja verksamheten.",
        approved_on=days(-365) if approved else None,
        review_by=None if review_in is None else days(review_in),
        **kwargs,
    )
    parent.add_child(instance=page)
    page.save_revision().publish()
    return page


def slugify(title):
    return title.lower().replace(" ", "-")


def listed(response):
    assert response.status_code == 200
    return [page.title for page in response.context["object_list"]]


@pytest.fixture
def manual(site_root):
    return add_manual(site_root)


def test_lists_overdue_then_due_pages_and_leaves_out_current_and_unapproved(admin_client, manual):
    add_process(manual, "Aktuell", review_in=31)
    add_process(manual, "Snart", review_in=10)
    add_process(manual, "Sista dagen", review_in=30)
    add_process(manual, "Idag", review_in=0)
    add_process(manual, "Förfallen", review_in=-1)
    add_process(manual, "Länge förfallen", review_in=-200)
    add_process(manual, "Aldrig fastställd", review_in=-5, approved=False)
    add_process(manual, "Utan granskningsdatum")

    response = admin_client.get(reverse(URL))

    assert listed(response) == ["Länge förfallen", "Förfallen", "Idag", "Snart", "Sista dagen"]
    content = response.content.decode()
    assert content.count(str(ReviewStatus.OVERDUE.label)) >= 2
    assert str(ReviewStatus.DUE.label) in content


def test_rows_agree_with_each_pages_review_status(admin_client, manual):
    add_process(manual, "Förfallen", review_in=-3)
    add_process(manual, "Snart", review_in=3)
    response = admin_client.get(reverse(URL))
    pages = response.context["object_list"]
    assert [page.report_status for page in pages] == [page.review_status() for page in pages]
    assert [page.report_status for page in pages] == [ReviewStatus.OVERDUE, ReviewStatus.DUE]


def test_title_links_to_the_edit_view_and_lists_any_governing_page_type(admin_client, site_root):
    manual = add_manual(site_root, approved_on=days(-700), review_by=days(-1))
    process = add_process(manual, "Process", review_in=5)
    routine = RoutinePage(
        title="Rutin", slug="rutin", summary="x", responsible="x", approved_on=days(-300), review_by=days(2)
    )
    process.add_child(instance=routine)
    routine.save_revision().publish()

    response = admin_client.get(reverse(URL))

    assert listed(response) == ["Kvalitetshandbok", "Rutin", "Process"]
    content = response.content.decode()
    for page in (manual, process, routine):
        assert f'href="{reverse("wagtailadmin_pages:edit", args=[page.pk])}"' in content
    with translation.override("sv"):
        for model in (QualityManualPage, ProcessPage, RoutinePage):
            assert str(model._meta.verbose_name).capitalize() in content

    routines = ContentType.objects.get_for_model(RoutinePage)
    assert listed(admin_client.get(reverse(URL), {"content_type": routines.pk})) == ["Rutin"]
    type_choices = [label for value, label in response.context["filters"].form.fields["content_type"].choices if value]
    page_types = [QualityManualPage, ManualSectionPage, ProcessPage, RoutinePage]
    assert sorted(type_choices) == sorted(capfirst(model._meta.verbose_name) for model in page_types)


def test_due_soon_days_comes_from_the_setting(admin_client, manual, settings):
    add_process(manual, "Om tio dagar", review_in=10)
    add_process(manual, "Om tre dagar", review_in=3)
    settings.KVALITET_REVIEW_DUE_SOON_DAYS = 5
    assert listed(admin_client.get(reverse(URL))) == ["Om tre dagar"]


def test_filter_by_status(admin_client, manual):
    add_process(manual, "Förfallen", review_in=-3)
    add_process(manual, "Snart", review_in=3)
    assert listed(admin_client.get(reverse(URL), {"status": "overdue"})) == ["Förfallen"]
    assert listed(admin_client.get(reverse(URL), {"status": "due"})) == ["Snart"]
    assert listed(admin_client.get(reverse(URL), {"status": ""})) == ["Förfallen", "Snart"]


def test_filter_by_document_owner(admin_client, manual):
    karin = make_user(username="k.lund", first_name="Karin", last_name="Lund")
    omar = make_user(username="o.said", first_name="Omar", last_name="Said")
    make_user(username="utan.sidor", first_name="Ingen", last_name="Sida")
    add_process(manual, "Karins", review_in=-3, document_owner=karin)
    add_process(manual, "Omars", review_in=3, document_owner=omar)

    response = admin_client.get(reverse(URL), {"document_owner": karin.pk})

    assert listed(response) == ["Karins"]
    owner_choices = [label for _value, label in response.context["filters"].form.fields["document_owner"].choices]
    assert owner_choices[1:] == ["Karin Lund", "Omar Said"]


def test_filter_by_unit_includes_the_units_below_it(admin_client, manual, tree):
    add_process(manual, "Hemtjänstens", review_in=-1, responsible_unit=tree["home_care"])
    add_process(manual, "Äldreomsorgens", review_in=1, responsible_unit=tree["elderly"])
    add_process(manual, "Lindens", review_in=2, responsible_unit=tree["group_home"])
    add_process(manual, "Förvaltningens", review_in=3, responsible_unit=tree["admin"])

    def by_unit(unit):
        return listed(admin_client.get(reverse(URL), {"responsible_unit": tree[unit].pk}))

    assert by_unit("elderly") == ["Hemtjänstens", "Äldreomsorgens"]
    assert by_unit("home_care") == ["Hemtjänstens"]
    assert by_unit("disability") == ["Lindens"]
    assert by_unit("admin") == ["Hemtjänstens", "Äldreomsorgens", "Lindens", "Förvaltningens"]


def test_unit_choices_are_the_indented_tree(admin_client, tree):
    response = admin_client.get(reverse(URL))
    choices = [label for _value, label in response.context["filters"].form.fields["responsible_unit"].choices]
    assert choices[1:] == [unit.get_indented_name(html=True) for unit in OrganisationUnit.objects.order_by("path")]
    assert choices[4] == "&nbsp;" * 12 + "&#x21b3; Hemtjänst Norr"
    assert choices[4] in response.content.decode()


def test_results_fragment_for_the_filter_drilldown(admin_client, manual):
    add_process(manual, "Förfallen", review_in=-3)
    response = admin_client.get(reverse("wagtail_kvalitet_reports:review_due_results"), {"status": "overdue"})
    assert listed(response) == ["Förfallen"]
    assert b"<html" not in response.content


def test_export_to_excel(admin_client, manual, tree):
    owner = make_user(username="k.lund", first_name="Karin", last_name="Lund")
    add_process(manual, "Snart", review_in=3)
    add_process(manual, "Förfallen", review_in=-3, document_owner=owner, responsible_unit=tree["home_care"])

    response = admin_client.get(reverse(URL), {"export": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert (
        f'filename="granskning-forfallna-sidor-{timezone.localdate():%Y-%m-%d}.xlsx"'
        in (response["Content-Disposition"])
    )
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    with translation.override("sv"):
        assert rows[0] == tuple(str(heading) for heading in ReviewDueView.export_headings.values())
        assert rows[0][0] == "Titel"
        assert rows[1] == (
            "Förfallen",
            str(ProcessPage._meta.verbose_name).capitalize(),
            "Karin Lund",
            "Hemtjänst Norr",
            days(-365),
            days(-3),
            str(ReviewStatus.OVERDUE.label),
        )
        assert rows[2][0] == "Snart"
        assert rows[2][2:4] == (None, None)
        assert rows[2][6] == str(ReviewStatus.DUE.label)
    assert len(rows) == 3


def test_export_to_csv_follows_the_filters(admin_client, manual):
    add_process(manual, "Snart", review_in=3)
    add_process(manual, "Förfallen", review_in=-3)

    response = admin_client.get(reverse(URL), {"export": "csv", "status": "due"})

    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    assert [row[0] for row in rows] == ["Titel", "Snart"]
    assert rows[1][5] == days(3).isoformat()


def editor(pages=(), access_admin=True):
    """A user in a group that may edit ``pages`` and everything below them."""
    user = make_user()
    group = Group.objects.create(name=f"Redaktörer {user.username}")
    if access_admin:
        group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    change = Permission.objects.get(content_type__app_label="wagtailcore", codename="change_page")
    for page in pages:
        GroupPagePermission.objects.create(group=group, page=page, permission=change)
    user.groups.add(group)
    return user


def test_refused_for_a_user_without_page_permissions(client, manual):
    add_process(manual, "Förfallen", review_in=-3)
    client.force_login(editor())
    response = client.get(reverse(URL))
    assert response.status_code == 302
    assert response["Location"] == reverse("wagtailadmin_home")
    assert client.get(reverse(URL), {"export": "xlsx"}).status_code == 302


def test_lists_only_pages_the_user_may_edit(client, site_root):
    social = add_manual(site_root, "Socialtjänstens handbok")
    school = add_manual(site_root, "Skolans handbok")
    add_process(social, "Socialtjänstens process", review_in=-3)
    add_process(school, "Skolans process", review_in=-3)
    client.force_login(editor([social]))
    assert listed(client.get(reverse(URL))) == ["Socialtjänstens process"]
    response = client.get(reverse(URL), {"export": "csv"})
    assert [row[0] for row in csv.reader(io.StringIO(b"".join(response.streaming_content).decode()))] == [
        "Titel",
        "Socialtjänstens process",
    ]


def test_menu_item_in_the_reports_menu_only_for_page_editors(client, admin_client, manual):
    url = reverse(URL)
    assert url in admin_client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(editor())
    assert url not in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(editor([manual]))
    assert url in client.get(reverse("wagtailadmin_home")).content.decode()


def count_queries(client, url, data=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, data)
        assert response.status_code == 200
        if response.streaming:
            b"".join(response.streaming_content)
    return len(queries)


def test_query_count_does_not_grow_with_the_rows(admin_client, manual, tree, django_assert_num_queries):
    owners = [make_user(first_name=f"Ägare {n}", last_name="Test") for n in range(3)]
    units = [tree["home_care"], tree["nursing_home"], tree["group_home"]]
    added = itertools.count(1)

    def add(count):
        for _n in range(count):
            n = next(added)
            add_process(
                manual,
                f"Process {n}",
                review_in=n % 20 - 10,
                document_owner=owners[n % 3],
                responsible_unit=units[n % 3],
            )

    url = reverse(URL)
    add(2)
    admin_client.get(url)  # Fill what a first request caches (content types, the site root…).
    listing = count_queries(admin_client, url)
    export = count_queries(admin_client, url, {"export": "xlsx"})
    assert len(listed(admin_client.get(url))) == 2

    add(18)
    assert len(listed(admin_client.get(url))) == 20
    with django_assert_num_queries(listing):
        admin_client.get(url)
    with django_assert_num_queries(export):
        b"".join(admin_client.get(url, {"export": "xlsx"}).streaming_content)
