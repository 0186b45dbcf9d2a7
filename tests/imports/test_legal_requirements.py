"""Importing the legal requirement list: the dry-run plan, errors by row, and the all-or-nothing apply."""

import datetime
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry, Revision

from tests.builders import make_manual, make_process, make_routine
from tests.conftest import make_unit, make_user
from tests.imports.builders import headings, make_requirement, make_statute, row_for, workbook_file
from wagtail_kvalitet.imports import ImportNotApplied, import_legal_requirements, plan_import
from wagtail_kvalitet.models import ComplianceStatus, LegalRequirement, Statute, StatuteKind

pytestmark = pytest.mark.django_db


def heading(key):
    return headings([key])[0]


def requirement_revisions():
    return Revision.objects.filter(base_content_type=ContentType.objects.get_for_model(LegalRequirement))


@pytest.fixture
def register(tree):
    sol = make_statute(title="Socialtjänstlag", number="2025:400")
    sosfs = make_statute(title="Ledningssystem för systematiskt kvalitetsarbete", number="SOSFS 2011:9",
                         kind=StatuteKind.REGULATION)
    karin = make_user(username="klund", first_name="Karin", last_name="Lund", email="karin.lund@exempelvik.example")
    manual = make_manual()
    process = make_process(manual, title="Ge bistånd")
    routine = make_routine(process, title="Rutin för klagomål")
    changed = make_requirement(
        sol, title="Klagomål", reference="5 kap. 1 §", units=[tree["elderly"]], status=ComplianceStatus.MET,
        responsible_person=karin, last_reviewed=datetime.date(2026, 1, 15),
    )
    same = make_requirement(sosfs, title="Riskanalys", reference="4 kap. 6 §", routines=[routine], processes=[process])
    return SimpleNamespace(tree=tree, sol=sol, sosfs=sosfs, karin=karin, manual=manual, process=process,
                           routine=routine, changed=changed, same=same)


def mixed_rows(register):
    """A change, an unchanged row, an empty row, two new requirements (one with a new statute), trailing empties."""
    return [
        row_for(register.changed, title="Ta emot klagomål", units="Äldreomsorg; Funktionsstöd",
                status="Delvis uppfyllt"),
        row_for(register.same),
        {},
        {"statute": "Hälso- och sjukvårdslag", "statute_number": "2017:30", "title": "Journal",
         "demands": "Vi för journal.", "units": "ao-htn\nTallgården",
         "responsible_person": "KARIN.LUND@exempelvik.example",
         "status": "met", "review_interval_months": 24, "last_reviewed": "2026-02-01"},
        {"statute": "socialtjänstlag", "title": "Dokumentation", "demands": "Vi dokumenterar.",
         "routines": "rutin för klagomål"},
        {},
        {},
    ]


def changes_of(row):
    return {change.field: (change.old, change.new) for change in row.changes}


def errors_by_cell(plan):
    return {(error.row, error.column): error.message for error in plan.errors}


def test_the_dry_run_plans_creations_changes_and_unchanged_rows_without_writing(register, superuser):
    plan = plan_import(workbook_file(mixed_rows(register)), superuser)

    assert [(row.number, row.action) for row in plan.rows] == [
        (4, "change"), (5, "unchanged"), (7, "create"), (8, "create")
    ]
    assert plan.is_valid and plan.errors == []
    assert changes_of(plan.rows[0]) == {
        "title": ("Klagomål", "Ta emot klagomål"),
        "units": ("Äldreomsorg", "Äldreomsorg; Funktionsstöd"),
        "status": ("Met", "Partly met"),
    }
    assert plan.rows[0].requirement_id == register.changed.pk
    assert [str(statute) for statute in plan.new_statutes] == ["Hälso- och sjukvårdslag (2017:30)"]
    assert plan.rows[2].statute == "Hälso- och sjukvårdslag (2017:30)"
    assert plan.rows[3].statute == str(register.sol)
    # Nothing is written by a dry run.
    assert LegalRequirement.objects.count() == 2 and Statute.objects.count() == 2
    assert not requirement_revisions().exists() and not ModelLogEntry.objects.exists()
    register.changed.refresh_from_db()
    assert register.changed.title == "Klagomål"


def test_the_import_writes_every_row_with_a_revision_and_log_entry_by_the_importer(register, superuser):
    plan = import_legal_requirements(workbook_file(mixed_rows(register)), superuser)
    assert (len(plan.created), len(plan.changed), len(plan.unchanged)) == (2, 1, 1)

    changed = LegalRequirement.objects.get(pk=register.changed.pk)
    assert changed.title == "Ta emot klagomål" and changed.status == ComplianceStatus.PARTLY_MET
    assert set(changed.units.all()) == {register.tree["elderly"], register.tree["disability"]}
    revision = changed.revisions.get()
    assert revision.user == superuser and revision.content["title"] == "Ta emot klagomål"
    assert ModelLogEntry.objects.for_instance(changed).get().action == "wagtail.edit"

    same = LegalRequirement.objects.get(pk=register.same.pk)
    assert not same.revisions.exists() and not ModelLogEntry.objects.for_instance(same).exists()

    journal = LegalRequirement.objects.get(title="Journal")
    assert (journal.statute.title, journal.statute.number, journal.statute.kind) == (
        "Hälso- och sjukvårdslag", "2017:30", StatuteKind.LAW
    )
    assert set(journal.units.all()) == {register.tree["home_care"], register.tree["nursing_home"]}
    assert journal.responsible_person == register.karin
    assert (journal.review_interval_months, journal.last_reviewed, journal.next_review_due) == (
        24, datetime.date(2026, 2, 1), datetime.date(2028, 2, 1)
    )
    assert journal.revisions.get().user == superuser
    log = ModelLogEntry.objects.for_instance(journal).get()
    assert (log.action, log.user) == ("wagtail.create", superuser)
    assert ModelLogEntry.objects.for_instance(journal.statute).get().action == "wagtail.create"

    documentation = LegalRequirement.objects.get(title="Dokumentation")
    assert documentation.statute == register.sol
    assert list(documentation.routines.all()) == [register.routine]
    assert documentation.status == ComplianceStatus.NOT_ASSESSED and documentation.review_interval_months == 12


@pytest.fixture
def troublemakers(register):
    """Names that two things share, so a name alone cannot say which is meant."""
    make_unit(register.tree["disability"], name="Hemtjänst Norr", code="FS-HTN")
    make_user(username="aberg1", first_name="Anna", last_name="Berg")
    make_user(username="aberg2", first_name="Anna", last_name="Berg")
    make_process(register.manual, title="Ge bistånd")
    return register


def test_each_kind_of_error_is_reported_by_row_and_column_and_nothing_is_written(troublemakers, superuser):
    register = troublemakers
    new = {"statute": "Socialtjänstlag", "statute_number": "2025:400", "title": "Nytt krav", "demands": "Vi ska."}
    rows = [
        {**new, "id": "abc"},                                     # 4
        {**new, "id": 99999},                                     # 5
        row_for(register.same),                                   # 6: valid; its process's title is shared now
        row_for(register.same),                                   # 7: the same ID again
        {**new, "title": None},                                   # 8
        {**new, "units": "Tallgården; Okänd enhet"},              # 9
        {**new, "units": "Hemtjänst Norr"},                       # 10
        {**new, "responsible_person": "Nils Okänd"},              # 11
        {**new, "responsible_person": "Anna Berg"},               # 12
        {**new, "routines": "Saknad rutin"},                      # 13
        {**new, "processes": "Ge bistånd"},                       # 14
        {**new, "status": "Klart"},                               # 15
        {**new, "review_interval_months": 121},                   # 16
        {**new, "last_reviewed": "1/3/2026"},                     # 17
        {**new, "reference": "x" * 101},                          # 18
        {**new, "statute": "Okänd lag", "statute_number": None},  # 19
        {**new, "statute": None, "statute_number": None},         # 20
        row_for(register.changed, demands=None),                  # 21: a change that empties a required field
        {**new, "title": "Ett giltigt nytt krav"},                # 22: valid
    ]
    plan = plan_import(workbook_file(rows), superuser)
    errors = errors_by_cell(plan)
    expected = {
        (4, "id"): "The ID must be a whole number",
        (5, "id"): "No legal requirement has ID 99999",
        (7, "id"): f"ID {register.same.pk} is also on row 6",
        (8, "title"): "must not be empty",
        (9, "units"): "There is no unit with the name or code “Okänd enhet”",
        (10, "units"): "Several units are called “Hemtjänst Norr”; write its code instead",
        (11, "responsible_person"): "No user has the username, email address or name “Nils Okänd”",
        (12, "responsible_person"): "Several people are called “Anna Berg”",
        (13, "routines"): "There is no routine called “Saknad rutin”",
        (14, "processes"): "Several processes are called “Ge bistånd”; write the page ID instead",
        (15, "status"): "Unknown compliance “Klart”",
        (16, "review_interval_months"): "from 1 to 120",
        (17, "last_reviewed"): "YYYY-MM-DD",
        (18, "reference"): "At most 100 characters are allowed; this cell has 101",
        (19, "statute"): "There is no statute called “Okänd lag”",
        (20, "statute"): "Give the statute's title",
        (21, "demands"): "must not be empty",
    }
    for (row, key), text in expected.items():
        message = errors.get((row, heading(key)))
        assert message and text in message, (row, key, message)
    assert len(errors) == len(expected), sorted(set(errors) - {(row, heading(key)) for row, key in expected})
    assert [row.action for row in plan.rows if not row.errors] == ["unchanged", "create"]
    assert not plan.is_valid

    with pytest.raises(ImportNotApplied) as refused:
        import_legal_requirements(workbook_file(rows), superuser)
    assert refused.value.reason == ImportNotApplied.INVALID
    assert LegalRequirement.objects.count() == 2 and Statute.objects.count() == 2
    assert not requirement_revisions().exists()
    assert not LegalRequirement.objects.filter(title="Ett giltigt nytt krav").exists()


def test_an_import_is_refused_when_the_register_changed_since_the_dry_run(register, superuser):
    rows = mixed_rows(register)
    dry_run = plan_import(workbook_file(rows), superuser)
    LegalRequirement.objects.filter(pk=register.same.pk).update(notes="Ändrad av någon annan")

    with pytest.raises(ImportNotApplied) as refused:
        import_legal_requirements(workbook_file(rows), superuser, expected_fingerprint=dry_run.fingerprint)
    assert refused.value.reason == ImportNotApplied.CHANGED
    assert changes_of(refused.value.plan.rows[1]) == {"notes": ("Ändrad av någon annan", "")}
    assert LegalRequirement.objects.count() == 2 and not requirement_revisions().exists()

    plan = import_legal_requirements(
        workbook_file(rows), superuser, expected_fingerprint=refused.value.plan.fingerprint
    )
    assert len(plan.created) == 2 and LegalRequirement.objects.count() == 4


def test_a_workbook_with_english_headings_in_another_order_and_an_unknown_column(register, superuser):
    keys = ["title", "demands", "status", "statute", "statute_number", "id"]
    header = ["Requirement", "What it demands", "Compliance", "Statute", "Number", "ID", "Kommentar från mötet"]
    rows = [
        {"title": "Klagomål", "demands": register.changed.demands, "status": "Partly met", "statute": "Socialtjänstlag",
         "statute_number": "2025:400", "id": register.changed.pk},
        {"title": "Samverkan", "demands": "Vi samverkar.", "status": "Not met", "statute": "Socialtjänstlag",
         "statute_number": "2025:400"},
    ]
    plan = import_legal_requirements(workbook_file(rows, keys, header=header, title=None), superuser)
    assert plan.ignored_headings == ["Kommentar från mötet"]
    assert [(row.number, row.action) for row in plan.rows] == [(2, "change"), (3, "create")]
    assert changes_of(plan.rows[0]) == {"status": ("Met", "Partly met")}
    register.changed.refresh_from_db()
    assert register.changed.status == ComplianceStatus.PARTLY_MET
    # Columns left out of the sheet are left alone.
    assert register.changed.responsible_person == register.karin and register.changed.reference == "5 kap. 1 §"
    assert LegalRequirement.objects.get(title="Samverkan").status == ComplianceStatus.NOT_MET


def test_swedish_headings_are_matched_whatever_their_case_and_spacing(register, superuser):
    header = ["  krav ", "ID", "FÖRFATTNING", "Number", "What it demands", "Efterlevnad"]
    keys = ["title", "id", "statute", "statute_number", "demands", "status"]
    rows = [{"title": "Ny rutin", "statute": "Socialtjänstlag", "statute_number": "2025:400",
             "demands": "Vi ska.", "status": "Ej bedömt"}]
    plan = plan_import(workbook_file(rows, keys, header=header), superuser)
    assert plan.is_valid and plan.rows[0].action == "create" and plan.ignored_headings == []


def test_rows_the_export_would_write_back_unchanged_are_unchanged(register, superuser):
    register.same.demands = "Första raden.\r\nAndra raden."
    register.same.save()
    rows = [
        row_for(register.changed, next_review_due=None),  # empty: counted from the last review, as the model does
        row_for(register.same, demands="Första raden.\nAndra raden.", responsible_person=None),
    ]
    plan = plan_import(workbook_file(rows), superuser)
    assert [row.action for row in plan.rows] == ["unchanged", "unchanged"]
    assert not plan.has_writes


def test_a_new_row_like_an_existing_requirement_is_flagged_but_allowed(register, superuser):
    twin = {"statute": "Socialtjänstlag", "statute_number": "2025:400", "title": "Tvilling", "demands": "Vi ska."}
    rows = [row_for(register.same, id=None), twin, twin, {**twin, "title": "Ensam"}]
    plan = plan_import(workbook_file(rows), superuser)
    assert plan.is_valid and [row.action for row in plan.rows] == ["create"] * 4
    assert [row.warnings for row in plan.rows] == [
        [f"A requirement with the same statute, reference and title exists already (ID {register.same.pk})."],
        [],
        ["Row 5 adds a requirement with the same statute, reference and title."],
        [],
    ]


def test_someone_who_may_not_add_statutes_cannot_import_a_new_one(register):
    user = make_user(is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(
        codename__in=["access_admin", "add_legalrequirement", "change_legalrequirement"]
    ))
    rows = [{"statute": "Ny lag", "statute_number": "2026:1", "title": "Krav", "demands": "Vi ska."},
            {"statute": "Socialtjänstlag", "statute_number": "2025:400", "title": "Krav", "demands": "Vi ska."}]
    plan = plan_import(workbook_file(rows), user)
    assert errors_by_cell(plan) == {
        (4, heading("statute")): "The statute “Ny lag (2026:1)” does not exist, and you may not add statutes."
    }


def test_the_dry_run_takes_as_many_queries_for_many_rows_as_for_few(register, superuser):
    def row(n):
        return {"statute": "Socialtjänstlag", "statute_number": "2025:400", "title": f"Krav {n}", "demands": "Vi ska.",
                "units": "Tallgården; AO-HTN", "responsible_person": "klund", "routines": "Rutin för klagomål",
                "processes": "Ge bistånd"}

    def queries(rows):
        file = workbook_file(rows)
        with CaptureQueriesContext(connection) as captured:
            plan = plan_import(file, superuser)
        assert plan.is_valid
        return len(captured)

    few = [row_for(register.changed, title="Ny titel"), row(1)]
    many = few + [row(n) for n in range(2, 40)] + [row_for(register.same, notes="Ny not")]
    assert queries(many) == queries(few)  # the requirements to change are fetched together, whatever their number
