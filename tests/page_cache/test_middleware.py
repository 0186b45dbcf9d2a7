"""The page cache: what anonymous visitors are served from the cache, and what is always rendered fresh."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings

from tests.builders import make_manual, make_process, make_routine, make_section
from tests.conftest import make_user
from tests.feedback.intake_builders import make_form_page
from tests.feedback.test_form_block import embed
from tests.goals.builders import make_chain
from wagtail_kvalitet.page_cache import generation, middleware
from wagtail_kvalitet.page_cache.middleware import STATUS_HEADER

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("empty_cache")]

cached_pages = override_settings(KVALITET_PAGE_CACHE_SECONDS=300)


@pytest.fixture
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def routine():
    return make_routine(make_process(make_manual()), title="Rutin för läkemedel")


def visit(url, **extra):
    """A first-time visitor: a new client, so no cookies."""
    return Client().get(url, **extra)


@cached_pages
def test_a_second_visitor_gets_the_page_from_the_cache_without_a_query(routine):
    first = visit(routine.url)
    assert first.status_code == 200 and first[STATUS_HEADER] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = visit(routine.url)
    assert second.status_code == 200 and second[STATUS_HEADER] == "hit"
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]
    assert len(queries) == 0


def test_off_by_default(routine):
    visit(routine.url)
    assert STATUS_HEADER not in visit(routine.url)


@cached_pages
def test_searches_and_filters_are_always_rendered(routine):
    visit(routine.url)
    assert STATUS_HEADER not in visit(routine.url + "?q=rutin")


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


@cached_pages
def test_staff_with_the_same_permissions_share_a_routine_behind_login(routine):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=routine, restriction_type=PageViewRestriction.LOGIN)
    readers = Group.objects.create(name="Medarbetare")
    anna, bo, chef = make_user(), make_user(), make_user()
    for person in (anna, bo):
        person.groups.add(readers)

    first = signed_in(anna).get(routine.url)
    assert first.status_code == 200 and first[STATUS_HEADER] == "miss"
    second = signed_in(bo).get(routine.url)
    assert second[STATUS_HEADER] == "hit" and second.content == first.content
    # Browsers and proxies are still told not to keep it.
    assert "private" in second["Cache-Control"]
    # Other permissions, another copy; and a visitor who is not signed in is still sent to log in.
    assert signed_in(chef).get(routine.url)[STATUS_HEADER] == "miss"
    visitor = visit(routine.url)
    assert visitor.status_code == 302 and STATUS_HEADER not in visitor


@cached_pages
def test_a_page_for_one_group_is_never_served_to_another(routine):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    managers, staff = Group.objects.create(name="Chefer"), Group.objects.create(name="Medarbetare")
    restriction = PageViewRestriction.objects.create(page=routine, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(managers)
    manager, employee = make_user(), make_user()
    manager.groups.add(managers)
    employee.groups.add(staff)
    assert signed_in(manager).get(routine.url)[STATUS_HEADER] == "miss"
    refused = signed_in(employee).get(routine.url)
    assert refused.status_code == 302 and STATUS_HEADER not in refused


@cached_pages
def test_pages_that_differ_by_reader_or_sit_behind_a_password_are_not_shared(routine):
    from wagtail.models import PageViewRestriction

    goal_chain = make_chain()
    reader = signed_in(make_user())
    for _ in range(2):
        assert STATUS_HEADER not in reader.get(goal_chain.url)  # status by what each person may see
    PageViewRestriction.objects.create(page=routine, restriction_type=PageViewRestriction.PASSWORD, password="hemligt")
    for _ in range(2):
        assert STATUS_HEADER not in reader.get(routine.url)


@pytest.fixture
def render_in_progress(monkeypatch):
    """As if another request were rendering every stale page right now."""
    monkeypatch.setattr(middleware, "claim_render", lambda cache, key: False)


@cached_pages
def test_publishing_makes_the_page_stale_and_the_next_request_renders_it(routine, django_capture_on_commit_callbacks):
    visit(routine.url)
    assert visit(routine.url)[STATUS_HEADER] == "hit"
    routine.title = "Rutin för läkemedelshantering"
    with django_capture_on_commit_callbacks(execute=True):
        routine.save_revision().publish()
    fresh = visit(routine.url)
    assert fresh[STATUS_HEADER] == "miss"
    assert "Rutin för läkemedelshantering" in fresh.content.decode()
    assert visit(routine.url)[STATUS_HEADER] == "hit"


@cached_pages
def test_while_one_request_renders_a_stale_page_the_others_get_the_old_copy(
    routine, django_capture_on_commit_callbacks, monkeypatch
):
    old = visit(routine.url).content
    routine.title = "Rutin för läkemedelshantering"
    with django_capture_on_commit_callbacks(execute=True):
        routine.save_revision().publish()
    with monkeypatch.context() as patch:
        patch.setattr(middleware, "claim_render", lambda cache, key: False)
        meanwhile = visit(routine.url)
    assert meanwhile[STATUS_HEADER] == "stale" and meanwhile.content == old
    assert "Rutin för läkemedelshantering" in visit(routine.url).content.decode()


def test_one_request_at_a_time_renders_a_stale_page():
    key = "kvalitet:page-cache:test:page"
    assert middleware.claim_render(cache, key)
    assert not middleware.claim_render(cache, key)
    middleware.release_render(cache, key)
    assert middleware.claim_render(cache, key)


@cached_pages
def test_a_stale_page_that_no_longer_renders_is_not_served_again(
    routine, django_capture_on_commit_callbacks, monkeypatch
):
    old_url = routine.url
    visit(old_url)
    routine.slug = "lakemedelshantering"
    with django_capture_on_commit_callbacks(execute=True):
        routine.save_revision().publish()
    # Rendered again: Wagtail's redirect to the new address, which is not kept.
    assert visit(old_url).status_code == 301
    monkeypatch.setattr(middleware, "claim_render", lambda cache, key: False)
    assert visit(old_url).status_code == 301


@cached_pages
@pytest.mark.usefixtures("render_in_progress")
def test_unpublishing_retires_the_page_at_once(routine, django_capture_on_commit_callbacks):
    visit(routine.url)
    with django_capture_on_commit_callbacks(execute=True):
        routine.unpublish()
    response = visit(routine.url)
    assert response.status_code == 404 and STATUS_HEADER not in response


@cached_pages
@pytest.mark.usefixtures("render_in_progress")
def test_a_draft_retires_nothing_and_a_view_restriction_retires_all(routine, django_capture_on_commit_callbacks):
    from wagtail.models import PageViewRestriction

    visit(routine.url)
    with django_capture_on_commit_callbacks(execute=True):
        routine.title = "Utkast"
        routine.save_revision()
    assert visit(routine.url)[STATUS_HEADER] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        PageViewRestriction.objects.create(page=routine, restriction_type=PageViewRestriction.LOGIN)
    response = visit(routine.url)
    assert response.status_code == 302 and STATUS_HEADER not in response


@cached_pages
@pytest.mark.usefixtures("render_in_progress")
def test_changing_a_restrictions_groups_retires_the_page_for_the_old_group(routine, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group
    from wagtail.models import PageViewRestriction

    managers, staff = Group.objects.create(name="Chefer"), Group.objects.create(name="Medarbetare")
    restriction = PageViewRestriction.objects.create(page=routine, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(managers)
    manager = make_user()
    manager.groups.add(managers)
    reader = signed_in(manager)
    assert reader.get(routine.url)[STATUS_HEADER] == "miss"
    with django_capture_on_commit_callbacks(execute=True):
        restriction.groups.set([staff])
    refused = reader.get(routine.url)
    assert refused.status_code == 302 and STATUS_HEADER not in refused


@cached_pages
def test_registers_pages_show_make_them_stale_and_cases_do_not(routine, tree, django_capture_on_commit_callbacks):
    from tests.case_builders import make_case

    before = generation.current_generation()
    with django_capture_on_commit_callbacks(execute=True):
        make_case(tree["group_home"])
    assert generation.current_generation() == before
    with django_capture_on_commit_callbacks(execute=True):
        tree["group_home"].name = "Gruppboendet Eken"
        tree["group_home"].save()
    after = generation.current_generation()
    assert after.content > before.content and after.access == before.access


@cached_pages
def test_forms_are_never_cached(site_root):
    form_page = make_form_page(site_root)
    chapter = make_section(make_manual(), body=embed(form_page))
    for url in (form_page.url, chapter.url):
        first, second = visit(url), visit(url)
        assert first.status_code == second.status_code == 200
        assert STATUS_HEADER not in first and STATUS_HEADER not in second
        # Each visitor gets a single-use form token of their own.
        tokens = [re.search(r'name="form_token" value="([^"]+)"', r.content.decode()).group(1) for r in (first, second)]
        assert tokens[0] != tokens[1]


class UnreachableCache:
    def __getattr__(self, name):
        def fail(*args, **kwargs):
            raise ConnectionError("Connection refused")

        return fail


@cached_pages
def test_with_the_cache_down_pages_are_rendered(routine, monkeypatch, caplog, django_capture_on_commit_callbacks):
    monkeypatch.setattr(generation, "page_cache", UnreachableCache)
    response = visit(routine.url)
    assert response.status_code == 200 and STATUS_HEADER not in response
    assert "Rutin för läkemedel" in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        routine.save_revision().publish()  # retiring cannot fail the publish either
    assert "unreachable" in caplog.text


@cached_pages
def test_a_generation_lost_with_a_restarted_cache_starts_anew(routine):
    visit(routine.url)
    assert visit(routine.url)[STATUS_HEADER] == "hit"
    cache.clear()  # as a restarted Redis that keeps nothing on disk
    assert visit(routine.url)[STATUS_HEADER] == "miss"
    assert visit(routine.url)[STATUS_HEADER] == "hit"


@cached_pages
def test_a_signed_in_reader_costs_only_the_session_and_the_user(routine, django_capture_on_commit_callbacks):
    from django.contrib.auth.models import Group

    readers = Group.objects.create(name="Medarbetare")
    anna, bo = make_user(), make_user()
    for person in (anna, bo):
        person.groups.add(readers)
    anna_client, bo_client = signed_in(anna), signed_in(bo)
    anna_client.get(routine.url)
    bo_client.get(routine.url)  # bo's permissions are looked up once
    with CaptureQueriesContext(connection) as queries:
        assert bo_client.get(routine.url)[STATUS_HEADER] == "hit"
    assert [query["sql"].split(" FROM ")[1].split()[0] for query in queries] == ['"django_session"', '"auth_user"']

    # Bo moves to another group: his next page is not the one the old group shares.
    with django_capture_on_commit_callbacks(execute=True):
        bo.groups.set([Group.objects.create(name="Chefer")])
    assert bo_client.get(routine.url)[STATUS_HEADER] == "miss"
    assert anna_client.get(routine.url)[STATUS_HEADER] == "miss"  # a new generation for everyone
    assert signed_in(bo).get(routine.url)[STATUS_HEADER] == "hit"


@cached_pages
def test_a_head_request_leaves_the_stale_copy_for_readers(routine, django_capture_on_commit_callbacks, monkeypatch):
    visit(routine.url)
    with django_capture_on_commit_callbacks(execute=True):
        routine.save_revision().publish()
    assert Client().head(routine.url).status_code == 200  # rendered, but a HEAD has nothing to store
    monkeypatch.setattr(middleware, "claim_render", lambda cache, key: False)
    assert visit(routine.url)[STATUS_HEADER] == "stale"


@cached_pages
def test_a_page_older_than_its_time_is_served_stale_only_while_it_is_rendered_again(routine, monkeypatch):
    first = visit(routine.url)
    later = middleware.now() + 301
    monkeypatch.setattr(middleware, "now", lambda: later)
    with monkeypatch.context() as patch:
        patch.setattr(middleware, "claim_render", lambda cache, key: False)
        meanwhile = visit(routine.url)
    assert meanwhile[STATUS_HEADER] == "stale" and meanwhile.content == first.content
    assert visit(routine.url)[STATUS_HEADER] == "miss"
    assert visit(routine.url)[STATUS_HEADER] == "hit"


@pytest.fixture
def halfway(monkeypatch):
    """Every cached page's moment to be rendered again after a change: half the spread window after it."""
    monkeypatch.setattr(middleware, "spread_fraction", lambda key: 0.5)


def later(monkeypatch, seconds):
    moment = middleware.now() + seconds
    monkeypatch.setattr(middleware, "now", lambda: moment)


@cached_pages
@pytest.mark.usefixtures("halfway")
def test_a_publish_renders_the_page_and_those_above_it_at_once_and_the_rest_within_the_spread(
    routine, django_capture_on_commit_callbacks, monkeypatch
):
    process = routine.get_parent().specific
    sibling = make_routine(process, title="Rutin för hygien")
    for page in (routine, process, sibling):
        visit(page.url)
    routine.title = "Rutin för läkemedelshantering"
    with django_capture_on_commit_callbacks(execute=True):
        routine.save_revision().publish()
    assert visit(routine.url)[STATUS_HEADER] == "miss"
    process_page = visit(process.url)
    assert process_page[STATUS_HEADER] == "miss"
    assert "Rutin för läkemedelshantering" in process_page.content.decode()
    assert visit(sibling.url)[STATUS_HEADER] == "stale"  # its moment comes 30 s after the publish
    later(monkeypatch, 31)
    assert visit(sibling.url)[STATUS_HEADER] == "miss"
    assert visit(sibling.url)[STATUS_HEADER] == "hit"


@cached_pages
@pytest.mark.usefixtures("halfway")
def test_a_register_change_renders_pages_again_within_the_spread(
    routine, tree, django_capture_on_commit_callbacks, monkeypatch
):
    routine.units.add(tree["group_home"])
    with django_capture_on_commit_callbacks(execute=True):
        routine.save_revision().publish()
    visit(routine.url)
    with django_capture_on_commit_callbacks(execute=True):
        tree["group_home"].name = "Gruppboendet Eken"
        tree["group_home"].save()
    old = visit(routine.url)
    assert old[STATUS_HEADER] == "stale" and "Gruppboendet Eken" not in old.content.decode()
    later(monkeypatch, 31)
    fresh = visit(routine.url)
    assert fresh[STATUS_HEADER] == "miss" and "Gruppboendet Eken" in fresh.content.decode()


@cached_pages
@pytest.mark.usefixtures("halfway")
def test_a_page_outdated_by_a_change_of_unknown_time_is_rendered_at_once(
    routine, tree, django_capture_on_commit_callbacks
):
    visit(routine.url)
    with django_capture_on_commit_callbacks(execute=True):
        tree["group_home"].save()
    cache.delete(generation.CONTENT_TIMES_KEY)  # evicted, or older than the times kept
    assert visit(routine.url)[STATUS_HEADER] == "miss"


def test_each_page_has_a_moment_of_its_own_in_the_spread_window():
    from django.test import RequestFactory

    keys = [middleware.page_key(RequestFactory().get(f"/rutiner/rutin-{n}/"), 1, "anonymous") for n in range(50)]
    fractions = {middleware.spread_fraction(key) for key in keys}
    assert len(fractions) == 50 and all(0 <= fraction < 1 for fraction in fractions)
    assert min(fractions) < 0.2 and max(fractions) > 0.8


def test_counters_stay_exact_when_a_cache_hands_them_back_as_doubles():
    start = generation.clock_start()
    assert start < 2**53 and float(start + 10**6) == start + 10**6


@cached_pages
@pytest.mark.usefixtures("halfway")
def test_a_published_routine_shows_at_once_on_the_routine_lists_it_appears_on(
    routine, django_capture_on_commit_callbacks
):
    from tests.builders import publish
    from wagtail_kvalitet.models import RoutineIndexPage

    manual = routine.get_parent().get_parent()
    routine_list = publish(manual, RoutineIndexPage(title="Rutiner", slug="rutiner"))
    elsewhere = publish(make_manual(), RoutineIndexPage(title="Andra rutiner", slug="rutiner"))
    for page in (routine_list, elsewhere):
        visit(page.url)
    routine.title = "Rutin för läkemedelshantering"
    with django_capture_on_commit_callbacks(execute=True):
        routine.save_revision().publish()
    listed = visit(routine_list.url)
    assert listed[STATUS_HEADER] == "miss" and "Rutin för läkemedelshantering" in listed.content.decode()
    assert visit(elsewhere.url)[STATUS_HEADER] == "stale"  # it does not list this routine
