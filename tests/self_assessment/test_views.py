"""The self-assessment in the admin: the list, starting one, judging its parts, and who may do what.

The page is where a board's quality lead judges each part of SOSFS 2011:9 once a year, so it must
show every part with this year's figures beside last year's, keep everything typed when something
is wrong, keep the figures a judgement was made on, and stay fast however large the organisation.
"""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.models import ModelLogEntry

from tests.annual_cycle.builders import admin_user
from tests.builders import make_process, make_routine
from tests.case_builders import make_case
from tests.self_assessment.builders import make_assessment, make_manual
from wagtail_kvalitet.log_actions import SELF_ASSESSMENT_CREATED, SELF_ASSESSMENT_SAVED
from wagtail_kvalitet.models import Judgement, PartAssessment, RegulationPart, SelfAssessment
from wagtail_kvalitet.self_assessment import evidence
from wagtail_kvalitet.self_assessment.forms import DUPLICATE
from wagtail_kvalitet.self_assessment.views import PARTS_PREFIX

pytestmark = pytest.mark.django_db

INDEX = "wagtail_kvalitet_self_assessments"
CREATE = "wagtail_kvalitet_self_assessment_create"
EDIT = "wagtail_kvalitet_self_assessment_edit"
YEAR = timezone.localdate().year


def edit_url(assessment):
    return reverse(EDIT, args=[assessment.pk])


def user_with(*codenames):
    user = admin_user()
    user.user_permissions.add(
        *Permission.objects.filter(content_type__app_label="wagtail_kvalitet", codename__in=codenames)
    )
    return user


def parts():
    return list(RegulationPart.objects.order_by("sort_order", "pk"))


def post_data(response, **changes):
    """What the browser would send back from the edit page, with ``changes`` as ``{part key: {field: value}}``."""
    formset = response.context["formset"]
    data = {f"{PARTS_PREFIX}-{name}": value for name, value in formset.management_form.initial.items()}
    keys = {part.pk: part.key for part in parts()}
    for index, form in enumerate(formset.forms):
        values = {name: form[name].value() or "" for name in ("part", "judgement", "comment", "planned_actions")}
        values.update(changes.get(keys[int(values["part"])], {}))
        data.update({f"{PARTS_PREFIX}-{index}-{name}": value for name, value in values.items()})
    data["summary"] = changes.get("summary", response.context["summary_form"]["summary"].value() or "")
    return data


def redirected_home(response):
    # Wagtail's permission-denied handling: back to the admin home with a message.
    return response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")


def test_the_index_lists_assessments_with_their_judgements_counted(admin_client):
    manual = make_manual(title="Socialnämndens ledningssystem")
    keys = [part.key for part in parts()]
    judgements = {
        keys[0]: Judgement.MET,
        keys[1]: Judgement.MET,
        keys[2]: Judgement.PARTLY_MET,
        keys[3]: Judgement.NOT_MET,
    }
    assessment = make_assessment(manual, YEAR - 1, judgements=judgements)
    RegulationPart.objects.create(key="egen", title="Eget krav", asks="Något.")  # not judged: no row yet

    response = admin_client.get(reverse(INDEX))
    assert response.status_code == 200
    html = response.content.decode()
    row = html[html.index(f'data-assessment="{assessment.pk}"') :]
    row = row[: row.index("</tr>")]
    assert "Socialnämndens ledningssystem" in row and edit_url(assessment) in row
    kinds = ("met", "partly-met", "not-met", "not-judged")
    counts = {kind: row.split(f'data-judgement="{kind}">')[1].split("<")[0] for kind in kinds}
    assert counts == {"met": "2", "partly-met": "1", "not-met": "1", "not-judged": str(len(keys) + 1 - 4)}
    assert "<caption" in html and 'scope="col"' in html
    form = response.context["new_form"]
    assert form["year"].value() == YEAR
    assert reverse(CREATE) in html


def test_starting_an_assessment_creates_a_row_per_part_and_opens_it(admin_client, superuser):
    manual = make_manual()
    response = admin_client.post(reverse(CREATE), {"manual": manual.pk, "year": YEAR})
    assessment = SelfAssessment.objects.get()
    assert response.status_code == 302 and response["Location"] == edit_url(assessment)
    assert (assessment.manual_id, assessment.year, assessment.updated_by) == (manual.pk, YEAR, superuser)
    assert sorted(assessment.parts.values_list("part_id", flat=True)) == sorted(part.pk for part in parts())
    assert set(assessment.parts.values_list("judgement", flat=True)) == {Judgement.NOT_JUDGED}
    assert ModelLogEntry.objects.filter(action=SELF_ASSESSMENT_CREATED, object_id=str(assessment.pk)).count() == 1


def test_a_second_assessment_for_the_same_year_is_refused_with_a_link_to_the_first(admin_client):
    manual = make_manual()
    existing = make_assessment(manual, YEAR)
    response = admin_client.post(reverse(CREATE), {"manual": manual.pk, "year": YEAR})
    assert response.status_code == 200
    form = response.context["new_form"]
    assert [error.code for error in form.non_field_errors().as_data()] == [DUPLICATE]
    assert edit_url(existing) in response.content.decode()
    assert 'role="alert"' in response.content.decode()
    assert SelfAssessment.objects.count() == 1
    # A bad year is a field error, not an error page either.
    response = admin_client.post(reverse(CREATE), {"manual": manual.pk, "year": "1066"})
    assert response.status_code == 200 and response.context["new_form"].errors["year"]


def test_the_edit_page_shows_every_part_in_order_with_figures_beside_last_years(admin_client):
    manual = make_manual()
    first = parts()[0]
    last_year = make_assessment(manual, YEAR - 1, judgements={first.key: Judgement.PARTLY_MET})
    last_year.evidence = {key: {"value": 4242, "total": None} for key in evidence.EVIDENCE}
    last_year.save()
    assessment = make_assessment(manual, YEAR)

    response = admin_client.get(edit_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    positions = [html.index(f'data-part="{part.key}"') for part in parts()]
    assert positions == sorted(positions)
    assert 'wagtail_kvalitet/admin/quality_report/draft_button.html' in [t.name for t in response.templates]

    section = html[positions[0] : positions[1]]
    assert first.title in section and first.asks[:40] in section
    assert "<caption>" in section and '<th scope="row">' in section and '<th scope="col">' in section
    current = evidence.compute(manual, YEAR)
    for key in first.evidence:
        row = section[section.index(f'data-evidence="{key}"') :]
        row = row[: row.index("</tr>")]
        assert 'data-year="previous">4242<' in row  # from last year's saved figures, not recomputed
        assert f'data-year="current">{current[key].value}' in row
        assert 'data-direction="' in row
    assert f'data-previous-judgement="{Judgement.PARTLY_MET}"' in section
    assert response.context["comparison"].previous_from_snapshot


def test_without_last_years_snapshot_last_years_figures_are_computed(admin_client):
    manual = make_manual()
    assessment = make_assessment(manual, YEAR)
    response = admin_client.get(edit_url(assessment))
    previous = evidence.compute(manual, YEAR - 1)
    row = response.context["rows"][0]
    assert [figure.previous for figure in row.figures] == [previous[key] for key in row.part.evidence]
    assert 'data-previous-judgement=""' in response.content.decode()
    assert not response.context["comparison"].previous_from_snapshot


def test_saving_keeps_judgements_figures_and_who_saved_with_one_log_entry(admin_client, superuser):
    manual = make_manual()
    assessment = make_assessment(manual, YEAR)
    first, second = parts()[:2]
    response = admin_client.get(edit_url(assessment))
    data = post_data(
        response,
        **{
            first.key: {"judgement": Judgement.MET, "comment": "Fungerar väl."},
            second.key: {"judgement": Judgement.NOT_MET, "planned_actions": "Utse processägare."},
            "summary": "Ledningssystemet används.",
        },
    )
    response = admin_client.post(edit_url(assessment), data)
    assert response.status_code == 302 and response["Location"] == edit_url(assessment)
    assessment.refresh_from_db()
    saved = {row.part_id: row for row in assessment.parts.all()}
    assert (saved[first.pk].judgement, saved[first.pk].comment) == (Judgement.MET, "Fungerar väl.")
    assert (saved[second.pk].judgement, saved[second.pk].planned_actions) == (Judgement.NOT_MET, "Utse processägare.")
    assert assessment.summary == "Ledningssystemet används."
    assert assessment.updated_by == superuser
    assert assessment.evidence == {key: figure.as_json() for key, figure in evidence.compute(manual, YEAR).items()}
    entries = ModelLogEntry.objects.filter(action=SELF_ASSESSMENT_SAVED, object_id=str(assessment.pk))
    assert entries.count() == 1
    assert entries.get().data["judgements"][first.key] == Judgement.MET
    follow = admin_client.get(response["Location"])
    assert [message.level_tag for message in follow.context["messages"]] == ["success"]


def test_invalid_input_is_shown_with_errors_and_nothing_typed_is_lost(admin_client):
    assessment = make_assessment(make_manual(), YEAR)
    first, second = parts()[:2]
    response = admin_client.get(edit_url(assessment))
    data = post_data(
        response,
        **{
            first.key: {"judgement": "perfect", "comment": "Min kommentar."},
            second.key: {"comment": "x" * 4001},
            "summary": "Min sammanfattning.",
        },
    )
    response = admin_client.post(edit_url(assessment), data)
    assert response.status_code == 200
    rows = {row.part.key: row for row in response.context["rows"]}
    assert rows[first.key].form.errors["judgement"] and rows[first.key].form["comment"].value() == "Min kommentar."
    assert rows[second.key].form.errors["comment"]
    assert response.context["summary_form"]["summary"].value() == "Min sammanfattning."
    assert "Min kommentar." in response.content.decode()
    assert not PartAssessment.objects.filter(assessment=assessment).exclude(judgement="").exists()
    assert SelfAssessment.objects.get().summary == ""


def test_a_part_added_after_the_assessment_was_created_gets_a_row(admin_client):
    assessment = make_assessment(make_manual(), YEAR)
    added = RegulationPart.objects.create(
        key="egen-rutin", title="Eget krav", asks="Vi följer upp.", evidence=["routines"]
    )
    response = admin_client.get(edit_url(assessment))
    assert f'data-part="{added.key}"' in response.content.decode()
    assert not PartAssessment.objects.filter(part=added).exists()  # only opening the page writes nothing
    response = admin_client.post(edit_url(assessment), post_data(response, **{added.key: {"judgement": Judgement.MET}}))
    assert response.status_code == 302
    assert PartAssessment.objects.get(part=added, assessment=assessment).judgement == Judgement.MET


def test_a_form_for_a_part_that_does_not_belong_is_refused(admin_client):
    assessment = make_assessment(make_manual(), YEAR)
    response = admin_client.get(edit_url(assessment))
    data = post_data(response)
    data[f"{PARTS_PREFIX}-0-part"] = "999999"
    response = admin_client.post(edit_url(assessment), data)
    assert response.status_code == 200 and response.context["formset"].non_form_errors()


def test_the_page_takes_the_same_queries_however_large_the_organisation(admin_client, tree):
    manual = make_manual(board=tree["board"])
    process = make_process(manual)
    make_routine(process)
    make_case(tree["home_care"])
    previous = make_assessment(manual, YEAR - 1, judgements={parts()[0].key: Judgement.MET})
    assessment = make_assessment(manual, YEAR)

    def queries():
        admin_client.get(edit_url(assessment))  # warm caches (content types, site) as a running site has them
        with CaptureQueriesContext(connection) as context:
            assert admin_client.get(edit_url(assessment)).status_code == 200
        return len(context)

    small = queries()
    for _index in range(3):
        process = make_process(manual)
        make_routine(process)
        make_routine(process)
    for _index in range(5):
        make_case(tree["home_care"])
        make_case(tree["group_home"])
    for number in range(4):
        RegulationPart.objects.create(
            key=f"extra-{number}", title=f"Krav {number}", asks="Något.", evidence=["processes"]
        )
    previous.evidence = {"processes": {"value": 1, "total": None}}
    previous.save()
    assert queries() == small


def test_saving_takes_the_same_queries_for_few_and_many_parts(admin_client):
    assessment = make_assessment(make_manual(), YEAR)

    def queries(judgement):
        judged = {part.key: {"judgement": judgement} for part in parts()}
        data = post_data(admin_client.get(edit_url(assessment)), **judged)
        with CaptureQueriesContext(connection) as context:
            assert admin_client.post(edit_url(assessment), data).status_code == 302
        return len(context)

    few = queries(Judgement.MET)
    for number in range(6):
        PartAssessment.objects.create(
            assessment=assessment,
            part=RegulationPart.objects.create(key=f"fler-{number}", title=f"Krav {number}", asks="Något."),
        )
    assert queries(Judgement.PARTLY_MET) == few
    assert set(assessment.parts.values_list("judgement", flat=True)) == {Judgement.PARTLY_MET}


def test_the_reports_menu_shows_the_self_assessment_to_those_who_may_see_it(client):
    viewer = user_with("view_selfassessment")
    client.force_login(viewer)
    assert reverse(INDEX) in client.get(reverse("wagtailadmin_home")).content.decode()
    client.force_login(admin_user())
    assert reverse(INDEX) not in client.get(reverse("wagtailadmin_home")).content.decode()


@pytest.mark.parametrize("codename", ["view_selfassessment", "change_selfassessment"])
def test_view_or_change_permission_opens_the_list_and_the_assessment(client, codename):
    assessment = make_assessment(make_manual(), YEAR)
    client.force_login(user_with(codename))
    assert client.get(reverse(INDEX)).status_code == 200
    response = client.get(edit_url(assessment))
    assert response.status_code == 200
    html = response.content.decode()
    may_save = codename == "change_selfassessment"
    assert response.context["may_change"] is may_save
    assert ('type="submit"' in html.split('id="kvalitet-self-assessment-form"')[1]) is may_save


def test_without_permission_every_page_is_refused(client):
    assessment = make_assessment(make_manual(), YEAR)
    client.force_login(admin_user())
    assert redirected_home(client.get(reverse(INDEX)))
    assert redirected_home(client.get(edit_url(assessment)))
    assert redirected_home(client.get(edit_url(assessment) + "?export=xlsx"))
    assert redirected_home(client.post(reverse(CREATE), {"manual": assessment.manual_id, "year": YEAR + 1}))
    assert SelfAssessment.objects.count() == 1


def test_view_permission_alone_cannot_save(client):
    assessment = make_assessment(make_manual(), YEAR)
    client.force_login(user_with("view_selfassessment"))
    response = client.get(edit_url(assessment))
    assert all(form.fields["judgement"].disabled for form in response.context["formset"].forms)
    data = post_data(response, **{parts()[0].key: {"judgement": Judgement.MET}})
    assert redirected_home(client.post(edit_url(assessment), data))
    assert not PartAssessment.objects.exclude(judgement="").exists()
    assert not ModelLogEntry.objects.filter(action=SELF_ASSESSMENT_SAVED).exists()


def test_starting_one_needs_the_add_permission(client):
    manual = make_manual()
    viewer = user_with("view_selfassessment")
    client.force_login(viewer)
    assert client.get(reverse(INDEX)).context["new_form"] is None
    assert redirected_home(client.post(reverse(CREATE), {"manual": manual.pk, "year": YEAR}))
    assert not SelfAssessment.objects.exists()

    client.force_login(user_with("view_selfassessment", "add_selfassessment"))
    assert client.get(reverse(INDEX)).context["new_form"] is not None
    response = client.post(reverse(CREATE), {"manual": manual.pk, "year": YEAR})
    assert response.status_code == 302
    assert SelfAssessment.objects.filter(manual=manual, year=YEAR).exists()


def test_an_unknown_assessment_is_not_found(admin_client):
    assert admin_client.get(reverse(EDIT, args=[999999])).status_code == 404


def test_the_year_defaults_to_this_year_as_of_today():
    from wagtail_kvalitet.self_assessment.forms import NewAssessmentForm

    assert NewAssessmentForm(today=datetime.date(2031, 5, 1))["year"].value() == 2031
