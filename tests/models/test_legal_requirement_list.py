"""The legal requirement list for staff, and the requirements a routine or process page says it meets."""

import datetime
import itertools

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.formats import date_format
from wagtail.models import PageViewRestriction

from tests.builders import make_manual, make_process, make_routine, make_section, publish, site_root
from tests.conftest import make_user
from wagtail_kvalitet.models import (
    ComplianceStatus,
    LegalRequirement,
    LegalRequirementListPage,
    SectionPage,
    Statute,
    StatuteKind,
)
from wagtail_kvalitet.models.legal_requirement_list import PER_PAGE
from wagtail_kvalitet.models.processes import RoutinePage, legal_requirements_met

pytestmark = pytest.mark.django_db

_numbers = itertools.count(1)


def make_statute(**fields):
    number = next(_numbers)
    fields.setdefault("title", f"Författning {number}")
    fields.setdefault("number", f"2025:{number}")
    fields.setdefault("kind", StatuteKind.LAW)
    return Statute.objects.create(**fields)


def make_requirement(statute, units=(), routines=(), processes=(), **fields):
    fields.setdefault("title", f"Krav {next(_numbers)}")
    fields.setdefault("demands", "Vi ska göra så här.")
    requirement = LegalRequirement.objects.create(statute=statute, **fields)
    requirement.units.set(units)
    requirement.routines.set(routines)
    requirement.processes.set(processes)
    requirement.save()
    return requirement


def make_list_page(parent, **fields):
    fields.setdefault("title", "Lagkravslista")
    fields.setdefault("slug", f"lagkrav-{next(_numbers)}")
    return publish(parent, LegalRequirementListPage(**fields))


@pytest.fixture
def register(tree):
    """A small register: one requirement for everyone, one for the elderly care area, one for a group home."""
    manual = make_manual()
    process = make_process(manual, title="Särskilt boende")
    medicines = make_routine(process, title="Läkemedelshantering")
    draft = make_routine(process, title="Utkast till rutin")
    draft.unpublish()
    sol = make_statute(title="Socialtjänstlag", number="2025:400", url="https://www.riksdagen.se/")
    psl = make_statute(title="Patientsäkerhetslag", number="2010:659")
    owner = make_user(first_name="Karin", last_name="Lund", email="karin.lund@exempelvik.example")
    requirements = {
        "everywhere": make_requirement(
            sol,
            reference="3 kap. 3 §",
            title="Insatser av god kvalitet",
            demands="Insatserna ska vara av god kvalitet.",
            how_met="Uppföljning i ledningsgruppen varje kvartal.",
            responsible_person=owner,
            responsible_function="Socialchef",
            status=ComplianceStatus.PARTLY_MET,
            next_review_due=timezone.localdate() - datetime.timedelta(days=3),
            routines=[medicines, draft],
            processes=[process],
        ),
        "elderly": make_requirement(
            psl, reference="3 kap. 5 §", title="Lex Maria", units=[tree["elderly"]], routines=[medicines]
        ),
        "group_home": make_requirement(sol, reference="14 kap. 1 §", title="Lex Sarah", units=[tree["group_home"]]),
    }
    page = make_list_page(manual)
    return {
        "page": page,
        "manual": manual,
        "process": process,
        "medicines": medicines,
        "draft": draft,
        "requirements": requirements,
        "statutes": (sol, psl),
    }


def listed(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return [requirement.title for requirement in response.context["requirements"]]


def test_lists_every_requirement_by_statute_then_reference(client, register):
    assert listed(client, register["page"].url) == ["Lex Maria", "Insatser av god kvalitet", "Lex Sarah"]


def test_each_requirement_shows_what_staff_need_and_no_email(client, register):
    html = client.get(register["page"].url).content.decode()
    assert "Socialtjänstlag (2025:400)" in html
    assert 'href="https://www.riksdagen.se/"' in html
    assert "3 kap. 3 §" in html
    assert "Insatserna ska vara av god kvalitet." in html
    assert "Uppföljning i ledningsgruppen varje kvartal." in html
    assert "Karin Lund, Socialchef" in html
    assert "Delvis uppfyllt" in html
    due = register["requirements"]["everywhere"].next_review_due
    assert f'{date_format(due, "j F Y")} – <strong class="kvalitet-overdue">Försenad</strong>' in html
    assert "karin.lund@exempelvik.example" not in html
    assert "/admin/" not in html


def test_links_only_live_routines_and_processes(client, register):
    html = client.get(register["page"].url).content.decode()
    assert f'href="{register["medicines"].url}"' in html
    assert f'href="{register["process"].url}"' in html
    assert "Utkast till rutin" not in html


def test_unit_includes_requirements_for_units_above_and_for_everyone(client, register, tree):
    url = register["page"].url
    assert listed(client, url, unit=tree["nursing_home"].pk) == ["Lex Maria", "Insatser av god kvalitet"]
    assert listed(client, url, unit=tree["group_home"].pk) == ["Insatser av god kvalitet", "Lex Sarah"]
    assert listed(client, url, unit=tree["admin"].pk) == ["Insatser av god kvalitet"]


def test_statute_filter_and_search_combine_with_the_unit(client, register, tree):
    sol, _psl = register["statutes"]
    url = register["page"].url
    assert listed(client, url, statute=sol.pk) == ["Insatser av god kvalitet", "Lex Sarah"]
    assert listed(client, url, q="kvartal") == ["Insatser av god kvalitet"]
    assert listed(client, url, q="kvartal", unit=tree["group_home"].pk) == ["Insatser av god kvalitet"]
    assert listed(client, url, q="maria", unit=tree["group_home"].pk) == []


def test_statute_choices_leave_out_statutes_without_requirements(client, register):
    unused = make_statute(title="Förvaltningslag", number="2017:900")
    choices = client.get(register["page"].url).context["filterset"].form.fields["statute"].queryset
    assert unused not in choices and set(register["statutes"]) <= set(choices)


def test_an_unknown_choice_gets_a_message_and_the_whole_list(client, register):
    response = client.get(register["page"].url, {"unit": "999999"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Välj ett giltigt alternativ" in html
    assert 'aria-invalid="true"' in html
    assert len(response.context["requirements"]) == 3


def test_too_long_a_search_is_refused_with_a_message(client, register):
    response = client.get(register["page"].url, {"q": "x" * 201})
    assert response.status_code == 200
    assert response.context["filterset"].form.errors["q"]
    assert len(response.context["requirements"]) == 3


def test_pages_keep_the_filters(client, register):
    sol, _psl = register["statutes"]
    for number in range(PER_PAGE + 2):
        make_requirement(sol, reference=f"{number:02d} kap.")
    url = register["page"].url
    response = client.get(url, {"statute": sol.pk})
    assert response.context["page_obj"].paginator.count == PER_PAGE + 4
    html = response.content.decode()
    assert f"statute={sol.pk}&amp;sida=2" in html
    second = client.get(url, {"statute": sol.pk, "sida": 2})
    assert len(second.context["requirements"]) == 4
    assert response.context["is_filtered"] is True
    assert client.get(url, {"sida": 2}).context["is_filtered"] is False


def test_queries_do_not_grow_with_requirements(client, register, tree):
    url = register["page"].url
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url, {"unit": tree["nursing_home"].pk})
    sol, psl = register["statutes"]
    for number in range(20):
        make_requirement(
            [sol, psl][number % 2],
            units=[tree["home_care"], tree["elderly"]],
            routines=[register["medicines"], register["draft"]],
            processes=[register["process"]],
        )
    with CaptureQueriesContext(connection) as large:
        response = client.get(url, {"unit": tree["nursing_home"].pk})
    assert len(response.context["requirements"]) == 22
    assert len(large) == len(small)


def test_links_leave_out_pages_the_reader_may_not_open(client, register):
    """A routine in a section for one group is listed without a link for anyone else."""
    closed = make_process(register["manual"], title="Sekretessärenden")
    closed_routine = make_routine(closed, title="Skyddade personuppgifter")
    group = Group.objects.create(name="Individ- och familjeomsorg")
    restriction = PageViewRestriction.objects.create(page=closed, restriction_type=PageViewRestriction.GROUPS)
    restriction.groups.add(group)
    make_requirement(register["statutes"][0], title="Sekretess", routines=[register["medicines"], closed_routine])
    url = register["page"].url

    client.force_login(make_user())
    html = client.get(url, {"q": "Sekretess"}).content.decode()
    assert f'href="{register["medicines"].url}"' in html
    assert closed_routine.url not in html

    member = make_user()
    member.groups.add(group)
    client.force_login(member)
    assert f'href="{closed_routine.url}"' in client.get(url, {"q": "Sekretess"}).content.decode()


def test_a_public_list_does_not_link_into_the_intranet(client, register):
    intranet = publish(site_root(), SectionPage(title="Intranät", slug="intranat"))
    PageViewRestriction.objects.create(page=intranet, restriction_type=PageViewRestriction.LOGIN)
    manual = make_manual(intranet)
    hidden = make_routine(make_process(manual), title="Intern rutin")
    make_requirement(register["statutes"][0], title="Internt krav", routines=[hidden])
    html = client.get(register["page"].url).content.decode()
    assert "Internt krav" in html and hidden.url not in html


def test_the_list_sits_in_the_intranet_section_the_manual_or_a_chapter():
    manual = make_manual()
    intranet = publish(site_root(), SectionPage(title="Intranät", slug="intranat"))
    assert LegalRequirementListPage.can_create_at(intranet)
    assert LegalRequirementListPage.can_create_at(manual)
    assert LegalRequirementListPage.can_create_at(make_section(manual))
    assert not LegalRequirementListPage.can_create_at(make_process(manual))
    assert LegalRequirementListPage.subpage_types == []


def test_routine_page_lists_the_requirements_it_meets(client, register):
    html = client.get(register["medicines"].url).content.decode()
    assert 'id="kvalitet-requirements-met-heading"' in html
    assert "Insatser av god kvalitet" in html and "Lex Maria" in html
    assert "Patientsäkerhetslag (2010:659), 3 kap. 5 §" in html
    assert "Insatserna ska vara av god kvalitet." in html
    assert "Lex Sarah" not in html


def test_process_page_lists_the_requirements_linked_to_it(client, register):
    html = client.get(register["process"].url).content.decode()
    assert 'id="kvalitet-requirements-met-heading"' in html
    assert "Insatser av god kvalitet" in html and "Lex Maria" not in html


def test_nothing_is_shown_without_requirements(client, register):
    other = make_routine(register["process"], title="Nyckelhantering")
    html = client.get(other.url).content.decode()
    assert "kvalitet-requirements-met" not in html


def test_routine_page_queries_do_not_grow_with_requirements(client, register):
    url = register["medicines"].url
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _number in range(15):
        make_requirement(register["statutes"][1], routines=[register["medicines"]])
    with CaptureQueriesContext(connection) as many:
        html = client.get(url).content.decode()
    assert html.count("kvalitet-requirements-met__title") == 17
    assert len(many) == len(few)


def test_a_new_routine_in_preview_shows_no_requirements(register):
    assert legal_requirements_met(RoutinePage(title="Ny rutin")) == []
