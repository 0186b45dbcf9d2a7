import json

import pytest
from django.core.management import call_command
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction, WorkflowPage

from tests.conftest import make_user
from wagtail_kvalitet.demo import build_demo
from wagtail_kvalitet.models import (
    GoverningPage,
    ManualSectionPage,
    OrganisationPage,
    OrganisationUnit,
    ProcessKind,
    ProcessPage,
    QualityManualPage,
    ReviewStatus,
    RoutineIndexPage,
    RoutinePage,
    SectionPage,
    UnitKind,
    process_map,
)

pytestmark = pytest.mark.django_db


def counts():
    return (
        OrganisationUnit.objects.count(),
        Page.objects.count(),
        PageViewRestriction.objects.count(),
        WorkflowPage.objects.count(),
    )


def test_the_demo_builds_a_municipality(site_root):
    summary = build_demo()
    assert summary["units_created"] >= 10
    kinds = set(OrganisationUnit.objects.values_list("kind", flat=True))
    assert kinds == set(UnitKind.values)
    assert OrganisationUnit.objects.filter(kind=UnitKind.UNIT).count() >= 6
    board = OrganisationUnit.objects.get(code="SN")
    assert board.is_root() and board.get_descendant_count() == OrganisationUnit.objects.count() - 1
    assert OrganisationUnit.objects.exclude(kind=UnitKind.BOARD).filter(manager=None).count() == 0

    public, intranet = summary["public"], summary["intranet"]
    assert public.get_parent().pk == intranet.get_parent().pk == site_root.pk
    assert "(exempel)" in public.title and "(exempel)" in intranet.title
    assert public.live and intranet.live
    assert PageViewRestriction.objects.get(page=intranet).restriction_type == PageViewRestriction.LOGIN
    assert not PageViewRestriction.objects.filter(page=public).exists()
    assert OrganisationPage.objects.child_of(public).exists()


def test_running_twice_changes_nothing(site_root):
    call_command("kvalitet_demo", stdout=open("/dev/null", "w"))
    first = counts()
    call_command("kvalitet_demo", stdout=open("/dev/null", "w"))
    assert counts() == first


def test_existing_pages_are_left_alone(site_root):
    own = SectionPage(title="Kommunens egen sida", slug="egen")
    site_root.add_child(instance=own)
    own.save_revision().publish()
    before = list(Page.objects.values_list("pk", "title", "path", "live"))
    build_demo()
    after = {row[0]: row for row in Page.objects.values_list("pk", "title", "path", "live")}
    assert [after[row[0]] for row in before] == before


def test_the_command_reports_an_unknown_site(site_root):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("kvalitet_demo", site="no-such-host.example")


@pytest.fixture
def demo(site_root):
    return build_demo()


def test_the_demo_has_a_quality_manual_in_the_intranet(demo):
    manual = demo["manual"]
    assert isinstance(manual, QualityManualPage) and manual.live
    assert manual.get_parent().pk == demo["intranet"].pk
    assert "(exempel)" in manual.title
    assert manual.board == OrganisationUnit.objects.get(code="SN")
    assert manual.intro and manual.scope and manual.quality_definition
    administration = OrganisationUnit.objects.get(code="SF")
    assert manual.responsible_unit == administration
    assert manual.document_owner == administration.manager is not None

    chapters = set(ManualSectionPage.objects.child_of(manual).values_list("title", flat=True))
    assert {"Roller och ansvar", "Samverkan", "Medarbetarnas delaktighet", "Dokumentation"} <= chapters
    index = RoutineIndexPage.objects.child_of(manual).get()
    assert (index.slug, index.title, index.show_in_menus) == ("rutiner", "Rutiner", True)
    assert WorkflowPage.objects.get(page=manual).workflow.name == "Fastställ"


def test_the_process_map_has_processes_of_every_kind_and_routines_under_them(demo):
    manual = demo["manual"]
    rows = {row["kind"]: row["processes"] for row in process_map(manual)}
    assert all(len(rows[kind]) >= 2 for kind in ProcessKind.values)
    routines = RoutinePage.objects.live().descendant_of(manual)
    assert routines.count() >= 6
    for routine in routines:
        assert routine.summary and routine.responsible and routine.legal_basis
        assert routine.get_parent().specific.kind in (ProcessKind.CORE, ProcessKind.MANAGEMENT)
    for process in ProcessPage.objects.descendant_of(manual):
        assert process.purpose and process.starts_with and process.ends_with
        assert process.units.exists() and process.quality_areas.exists()


def test_stream_content_round_trips(demo):
    process = ProcessPage.objects.get(slug="hemtjanst")
    types = [block.block_type for block in process.body]
    assert {"roles", "steps", "responsibilities", "risk"} <= set(types)
    owner = next(block for block in process.body if block.block_type == "roles").value[0]
    assert owner.block_type == "process_owner"
    assert owner.value["unit"] == OrganisationUnit.objects.get(code="AO")
    assert set(process.units.values_list("code", flat=True)) == {"AO-HTN", "AO-HTS"}
    stored = process.body.get_prep_value()
    assert json.loads(process.get_latest_revision().content["body"]) == stored
    steps = next(block for block in stored if block["type"] == "steps")
    assert all(step["id"] and step["type"] == "item" for step in steps["value"]["steps"])
    routine = RoutinePage.objects.get(slug="lex-sarah")
    assert {"steps", "responsibilities"} <= {block.block_type for block in routine.body}


def test_every_governing_page_is_under_document_control_and_one_is_overdue(demo):
    pages = GoverningPage.objects.descendant_of(demo["manual"], inclusive=True)
    assert pages.count() >= 1 + 4 + 6 + 6
    for page in pages:
        assert page.drawn_up_by and page.responsible_unit_id and page.approved_by_name
        assert page.approved_on <= timezone.localdate()
    statuses = [page.review_status() for page in pages]
    assert statuses.count(ReviewStatus.OVERDUE) == 1
    assert set(statuses) == {ReviewStatus.CURRENT, ReviewStatus.OVERDUE}
    assert pages.get(review_by__lt=timezone.localdate()).specific_class is RoutinePage


def test_a_second_build_creates_nothing(demo):
    assert demo["pages_created"] >= 1 + 4 + 6 + 6 + 1
    again = build_demo()
    assert again["pages_created"] == 0 and again["manual"].pk == demo["manual"].pk


def test_the_manual_is_behind_the_intranet_login(client, demo):
    response = client.get(demo["manual"].url)
    assert response.status_code == 302


@pytest.mark.parametrize(
    "model, slug",
    [
        (QualityManualPage, "ledningssystem"),
        (ManualSectionPage, "roller-och-ansvar"),
        (ProcessPage, "hemtjanst"),
        (RoutinePage, "lakemedelshantering"),
        (RoutineIndexPage, "rutiner"),
    ],
)
def test_demo_pages_render_for_staff(client, demo, model, slug):
    client.force_login(make_user())
    page = model.objects.get(slug=slug)
    response = client.get(page.url)
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_the_overdue_routine_shows_that_it_is_under_review(client, demo):
    client.force_login(make_user())
    routine = RoutinePage.objects.get(review_by__lt=timezone.localdate())
    html = client.get(routine.url).content.decode()
    assert "kvalitet-notice--warning" in html


def test_the_routine_index_finds_the_lex_sarah_routine(client, demo):
    client.force_login(make_user())
    index = RoutineIndexPage.objects.get(slug="rutiner")
    response = client.get(index.url, {"q": "missförhållande"})
    assert [routine.title for routine in response.context["routines"]] == ["Rapportering enligt lex Sarah"]
