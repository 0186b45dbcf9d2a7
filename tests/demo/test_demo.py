import pytest
from django.core.management import call_command
from wagtail.models import Page, PageViewRestriction

from wagtail_kvalitet.demo import build_demo
from wagtail_kvalitet.models import OrganisationPage, OrganisationUnit, SectionPage, UnitKind

pytestmark = pytest.mark.django_db


def counts():
    return (OrganisationUnit.objects.count(), Page.objects.count(), PageViewRestriction.objects.count())


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
