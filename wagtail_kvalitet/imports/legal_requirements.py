"""Importing the legal requirement list from an Excel workbook: a dry-run plan first, then all or nothing.

When a municipality starts using the app its list already exists as a spreadsheet, and quality staff
go on editing it in a spreadsheet program between reviews. The import reads the export's columns, so
a list exported, edited and imported again round-trips. It never writes part of a list: every row is
planned first (create, change, unchanged, or errors by row and column), and the plan is applied only
when no row has an error, in one transaction, planned again at that moment against the current data.
"""

import hashlib
import json
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from wagtail.actions import action_registry
from wagtail.permissions import policy_registry

from ..exports.legal_columns import LEGAL_REQUIREMENT_COLUMNS
from ..models import ComplianceStatus, LegalRequirement, ProcessPage, RoutinePage, Statute
from ..models.governance import add_months
from .sheets import read_sheet
from .values import (
    NewStatute,
    PageLookup,
    PersonLookup,
    StatuteLookup,
    UnitLookup,
    clean_date,
    clean_id,
    clean_interval,
    clean_status,
    clean_text,
    display,
    identity,
    is_empty,
    normalise,
    same_value,
)

CREATE = "create"
CHANGE = "change"
UNCHANGED = "unchanged"
INVALID = "invalid"

#: Without these headings a sheet is not a legal requirement list.
REQUIRED_COLUMNS = ("id", "statute", "title")
#: Model fields set from the cell of the same key, in the order of the columns.
SCALAR_FIELDS = (
    "reference",
    "title",
    "demands",
    "responsible_person",
    "responsible_function",
    "how_met",
    "status",
    "review_interval_months",
    "last_reviewed",
    "next_review_due",
    "notes",
)
RELATION_FIELDS = ("units", "routines", "processes")
#: Fields a new requirement cannot be created without, and an existing one cannot be emptied of.
REQUIRED_FIELDS = ("title", "demands", "status", "review_interval_months")


@dataclass(frozen=True)
class RowError:
    #: The row number as the spreadsheet shows it.
    row: int
    #: The column's heading as written in the file.
    column: str
    message: str


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    old: str
    new: str
    #: Old and new as comparable keys (ids, not names), so the plan's fingerprint does not depend on language.
    key: tuple = ()


@dataclass
class PlannedRow:
    number: int
    action: str = CREATE
    #: The existing requirement a row changes (or leaves unchanged); ``None`` for a new one.
    requirement: LegalRequirement | None = None
    title: str = ""
    statute: str = ""
    changes: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)
    #: What to write: model field → value, and relation → objects.
    values: dict = field(default_factory=dict, repr=False)
    relations: dict = field(default_factory=dict, repr=False)

    @property
    def requirement_id(self):
        return self.requirement.pk if self.requirement else None


@dataclass
class ImportPlan:
    rows: list
    #: Statutes the import will add, as ``NewStatute``s.
    new_statutes: list
    ignored_headings: list
    file_name: str = ""

    def with_action(self, action):
        return [row for row in self.rows if row.action == action]

    @property
    def created(self):
        return self.with_action(CREATE)

    @property
    def changed(self):
        return self.with_action(CHANGE)

    @property
    def unchanged(self):
        return self.with_action(UNCHANGED)

    @property
    def errors(self):
        return [error for row in self.rows for error in row.errors]

    @property
    def is_valid(self):
        return not self.errors

    @property
    def has_writes(self):
        return bool(self.created or self.changed)

    @property
    def fingerprint(self):
        """A digest of what the plan would write, to tell whether the data moved since the dry run."""
        summary = [
            [row.number, row.action, row.requirement_id, [[change.field, *change.key] for change in row.changes]]
            for row in self.rows
        ]
        summary.append(sorted([statute.title, statute.number] for statute in self.new_statutes))
        return hashlib.sha256(json.dumps(summary, default=str, sort_keys=True).encode()).hexdigest()


class ImportNotApplied(Exception):
    """Raised inside the import's transaction, so nothing of a refused import stays written."""

    #: A row is invalid now (the data may have changed since the dry run).
    INVALID = "invalid"
    #: The plan differs from the one the user confirmed.
    CHANGED = "changed"

    def __init__(self, plan, reason):
        super().__init__(reason)
        self.plan = plan
        self.reason = reason


def model_field(name):
    return LegalRequirement._meta.get_field(name)


class LegalRequirementPlanner:
    """Plans one sheet: resolves names to objects in a fixed number of queries, then checks each row."""

    def __init__(self, sheet, user=None, lock=False):
        self.sheet = sheet
        self.user = user
        self.lock = lock
        self.labels = {column.key: str(column.heading) for column in LEGAL_REQUIREMENT_COLUMNS}

    def heading(self, key):
        return self.sheet.headings.get(key) or self.labels[key]

    def present(self, key):
        return key in self.sheet.headings

    def column_values(self, key):
        return [row.values.get(key) for row in self.sheet.rows]

    def load(self):
        ids = set()
        for value in self.column_values("id"):
            try:
                ids.add(clean_id(value))
            except ValidationError:
                pass
        ids.discard(None)
        queryset = LegalRequirement.objects.filter(pk__in=ids)
        if self.lock:
            # Lock the rows the import may change, so the plan applied is the plan checked.
            queryset = queryset.select_for_update(of=("self",))
        self.existing = {
            item.pk: item
            for item in queryset.select_related("statute", "responsible_person").prefetch_related(
                "units", "routines", "processes"
            )
        }
        self.same_requirements = {
            (statute_id, normalise(reference), normalise(title)): pk
            for pk, statute_id, reference, title in LegalRequirement.objects.values_list(
                "pk", "statute_id", "reference", "title"
            )
        }
        self.statutes = StatuteLookup(Statute.objects.all())
        self.units = UnitLookup()
        self.people = PersonLookup(self.column_values("responsible_person"))
        self.pages = {
            "routines": PageLookup(
                RoutinePage,
                self.column_values("routines"),
                _("There is no routine called “%(title)s”."),
                _("Several routines are called “%(title)s”; write the page ID instead."),
            ),
            "processes": PageLookup(
                ProcessPage,
                self.column_values("processes"),
                _("There is no process called “%(title)s”."),
                _("Several processes are called “%(title)s”; write the page ID instead."),
            ),
        }
        self.may_add_statutes = self.user is None or policy_registry.get_by_type(Statute).user_has_permission(
            self.user, "add"
        )

    def plan(self):
        self.load()
        self.seen_ids = {}
        self.seen_new = {}
        rows = [self.plan_row(sheet_row) for sheet_row in self.sheet.rows]
        return ImportPlan(
            rows=rows,
            new_statutes=self.statutes.new_statutes(row.values.get("statute") for row in rows),
            ignored_headings=self.sheet.ignored_headings,
            file_name=self.sheet.name,
        )

    def plan_row(self, sheet_row):
        row = PlannedRow(number=sheet_row.number)
        cells = sheet_row.values

        def error(key, problem):
            messages = problem.messages if isinstance(problem, ValidationError) else [problem]
            row.errors.extend(RowError(row.number, self.heading(key), message) for message in messages)

        try:
            requirement_id = clean_id(cells.get("id"))
        except ValidationError as problem:
            error("id", problem)
            requirement_id = None
        if requirement_id is not None:
            row.requirement = self.existing.get(requirement_id)
            if row.requirement is None:
                error("id", self.missing_id_message(requirement_id))
            elif requirement_id in self.seen_ids:
                error("id", self.duplicate_id_message(requirement_id))
            else:
                self.seen_ids[requirement_id] = row.number
        # A row whose ID is wrong is checked as a new one, so that its ID error is not buried in others.
        creating = row.requirement is None

        try:
            statute = self.statutes.resolve(cells.get("statute"), cells.get("statute_number"))
        except ValidationError as problem:
            error("statute", problem)
        else:
            if isinstance(statute, NewStatute) and not self.may_add_statutes:
                error("statute", self.statute_permission_message(statute))
            row.values["statute"] = statute

        for name in SCALAR_FIELDS + RELATION_FIELDS:
            if not self.present(name):
                if creating and name in REQUIRED_FIELDS and not model_field(name).has_default():
                    error(name, self.missing_column_message(name))
                continue
            try:
                value = self.clean(name, cells.get(name), row.requirement)
            except ValidationError as problem:
                error(name, problem)
                continue
            if name in RELATION_FIELDS:
                row.relations[name] = value
            elif not is_empty(value) or name not in REQUIRED_FIELDS:
                row.values[name] = value
            elif not (creating and model_field(name).has_default()):
                error(name, self.required_message())

        current = row.requirement
        row.title = row.values.get("title") or (current.title if current else "")
        row.statute = str(row.values.get("statute") or (current.statute if current else ""))
        if row.errors:
            row.action = INVALID
        elif creating:
            row.action = CREATE
            self.warn_about_duplicates(row)
        else:
            self.compare(row)
            row.action = CHANGE if row.changes else UNCHANGED
        return row

    def clean(self, name, value, requirement=None):
        """The cell's value for field ``name``; ``requirement`` settles names that two things share."""
        if name in RELATION_FIELDS:
            current = getattr(requirement, name).all() if requirement else ()
            if name == "units":
                return self.units.resolve_all(value, current)
            return self.pages[name].resolve_all(value, current)
        if name == "responsible_person":
            return self.people.resolve(value, requirement.responsible_person if requirement else None)
        if name == "status":
            return clean_status(value)
        if name == "review_interval_months":
            return clean_interval(value)
        if name in ("last_reviewed", "next_review_due"):
            return clean_date(value)
        return clean_text(value, model_field(name).max_length)

    def compare(self, row):
        """Fill ``row.changes`` with the fields whose value the import would change, old → new."""
        requirement = row.requirement
        values = row.values
        if self.present("next_review_due") and values.get("next_review_due") is None:
            # The model counts an empty next review from the last review; compare with that, not with empty.
            last = values.get("last_reviewed", requirement.last_reviewed)
            interval = values.get("review_interval_months", requirement.review_interval_months)
            values["next_review_due"] = add_months(last, interval) if last else None
        for name, new in values.items():
            old = getattr(requirement, name)
            if not same_value(old, new):
                self.add_change(row, name, old, new)
        for name, new in row.relations.items():
            old = list(getattr(requirement, name).all())
            if {item.pk for item in old} != {item.pk for item in new}:
                self.add_change(row, name, old, new)

    def add_change(self, row, name, old, new):
        label = capfirst(model_field(name).verbose_name)
        if name == "status":
            labels = dict(ComplianceStatus.choices)
            old, new = labels.get(old, old), labels.get(new, new)
        row.changes.append(FieldChange(name, label, display(old), display(new), (identity(old), identity(new))))

    def warn_about_duplicates(self, row):
        statute = row.values.get("statute")
        key = (statute, normalise(row.values.get("reference")), normalise(row.values.get("title")))
        existing = self.same_requirements.get((getattr(statute, "pk", None), *key[1:]))
        if existing is not None:
            row.warnings.append(self.existing_duplicate_message(existing))
        elif key in self.seen_new:
            row.warnings.append(self.new_duplicate_message(self.seen_new[key]))
        self.seen_new.setdefault(key, row.number)

    # The messages, in one place so their wording stays consistent.

    def required_message(self):
        return _("This column must not be empty.")

    def missing_column_message(self, name):
        return _("The sheet has no column “%(column)s”, which a new requirement needs.") % {
            "column": self.labels[name]
        }

    def missing_id_message(self, requirement_id):
        return _("No legal requirement has ID %(id)s. Leave the ID empty to add the row as a new requirement.") % {
            "id": requirement_id
        }

    def duplicate_id_message(self, requirement_id):
        return _("ID %(id)s is also on row %(row)s. Each requirement may appear only once.") % {
            "id": requirement_id,
            "row": self.seen_ids[requirement_id],
        }

    def statute_permission_message(self, statute):
        return _("The statute “%(statute)s” does not exist, and you may not add statutes.") % {"statute": statute}

    def existing_duplicate_message(self, requirement_id):
        return _("A requirement with the same statute, reference and title exists already (ID %(id)s).") % {
            "id": requirement_id
        }

    def new_duplicate_message(self, row_number):
        return _("Row %(row)s adds a requirement with the same statute, reference and title.") % {"row": row_number}


def plan_import(file, user=None, *, name=""):
    """The dry run: what importing ``file`` (a binary file object) would do, without writing anything.

    Raises ``ValidationError`` if the file itself cannot be read; row problems are in the plan.
    """
    sheet = read_sheet(file, LEGAL_REQUIREMENT_COLUMNS, REQUIRED_COLUMNS, name=name)
    return LegalRequirementPlanner(sheet, user).plan()


def import_legal_requirements(file, user, *, expected_fingerprint=None, name=""):
    """Plan ``file`` again and apply it, all or nothing; returns the plan applied.

    Raises ``ImportNotApplied`` when a row is invalid now, or when ``expected_fingerprint`` (from the
    dry run the user confirmed) no longer matches, i.e. someone changed the list in between.
    """
    sheet = read_sheet(file, LEGAL_REQUIREMENT_COLUMNS, REQUIRED_COLUMNS, name=name)
    with transaction.atomic():
        plan = LegalRequirementPlanner(sheet, user, lock=True).plan()
        if not plan.is_valid:
            raise ImportNotApplied(plan, ImportNotApplied.INVALID)
        if expected_fingerprint is not None and plan.fingerprint != expected_fingerprint:
            raise ImportNotApplied(plan, ImportNotApplied.CHANGED)
        apply_plan(plan, user)
    return plan


def apply_plan(plan, user):
    """Write a valid plan through Wagtail's create and edit actions: a revision and a log entry each.

    Call it inside a transaction; a row the model refuses raises ``ImportNotApplied`` so that the
    whole import rolls back.
    """
    create_statute = action_registry.get_action_class(Statute, "create")
    statutes = {
        new: create_statute(Statute(title=new.title, number=new.number), user=user).execute()
        for new in plan.new_statutes
    }
    for row in plan.rows:
        if row.action not in (CREATE, CHANGE):
            continue
        instance = row.requirement or LegalRequirement()
        for name, value in row.values.items():
            if isinstance(value, NewStatute):
                value = statutes[value]
            setattr(instance, name, value)
        for name, objects in row.relations.items():
            setattr(instance, name, objects)
        action_class = action_registry.get_action_class(LegalRequirement, "create" if row.action == CREATE else "edit")
        try:
            action_class(instance, user=user).execute()
        except ValidationError as error:
            # The plan checks what the model checks; this is the backstop if the two ever disagree.
            headings = {column.key: str(column.heading) for column in LEGAL_REQUIREMENT_COLUMNS}
            problems = error.message_dict.items() if hasattr(error, "error_dict") else [("", error.messages)]
            for name, messages in problems:
                row.errors.extend(RowError(row.number, headings.get(name, ""), message) for message in messages)
            row.action = INVALID
            raise ImportNotApplied(plan, ImportNotApplied.INVALID) from error
        row.requirement = instance

