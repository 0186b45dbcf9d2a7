"""Importing indicator figures from a spreadsheet, a CSV file or a saved Kolada response: plan, then all or nothing.

Figures usually exist elsewhere first: a unit's own spreadsheet, a business system's CSV export, or
Kolada. The import reads rows of indicator code, unit code, period and value, plans every row
(create, update, unchanged, or errors by row and column), and writes only a plan without errors, in
one transaction. Importing the same file again changes nothing, so a file may be re-sent safely.
"""

import csv
import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..exports.legal_columns import SheetColumn
from ..goals.periods import Frequency, Period
from ..models import Indicator, Measurement, OrganisationUnit
from ..models.indicators import VALUE_DECIMALS, VALUE_DIGITS
from .kolada import read_kolada
from .legal_requirements import RowError
from .sheets import (
    HEADER_SEARCH_ROWS,
    MAX_FILE_BYTES,
    MAX_ROWS,
    Sheet,
    SheetRow,
    cell_value,
    file_size,
    find_header,
    heading_lookup,
    read_sheet,
)
from .values import clean_text, normalise, whole_number

MEASUREMENT_COLUMNS = (
    SheetColumn("indicator", gettext_lazy("Indicator"), 24),
    SheetColumn("unit", gettext_lazy("Unit"), 14),
    SheetColumn("period", gettext_lazy("Period"), 10),
    SheetColumn("value", gettext_lazy("Value"), 12),
    SheetColumn("women", gettext_lazy("Women"), 12),
    SheetColumn("men", gettext_lazy("Men"), 12),
    SheetColumn("comment", gettext_lazy("Comment"), 40),
)
#: Swedish headings accepted whatever the site's language, as a file made by hand is often in Swedish.
#: They come first so that messages name a column by its heading in the active language.
SWEDISH_HEADINGS = tuple(
    SheetColumn(key, heading, 0)
    for key, heading in (
        ("indicator", "indikator"),
        ("indicator", "nyckeltal"),
        ("unit", "enhet"),
        ("value", "värde"),
        ("women", "kvinnor"),
        ("men", "män"),
        ("comment", "kommentar"),
    )
)
READ_COLUMNS = SWEDISH_HEADINGS + MEASUREMENT_COLUMNS
REQUIRED_COLUMNS = ("indicator", "unit", "period", "value")
#: Row key → model field, for the figures and the comment.
FIELDS = {"value": "value", "women": "value_women", "men": "value_men", "comment": "comment"}
#: The largest figure that fits the model's decimal field.
LARGEST_VALUE = Decimal(10) ** (VALUE_DIGITS - VALUE_DECIMALS)
QUANTUM = Decimal(1).scaleb(-VALUE_DECIMALS)


class ImportRefused(Exception):
    """Raised by ``apply_plan`` for a plan with errors: an import is written whole or not at all."""

    def __init__(self, plan):
        super().__init__(_("The import has errors and was not written."))
        self.plan = plan


@dataclass
class PlannedFigure:
    """One row that will be written (or is already there): the figure it sets, and what it changes."""

    row: int
    indicator: Indicator
    unit: OrganisationUnit
    period: Period
    #: Model field → new value, only for the columns the file has.
    values: dict
    #: The stored figure this row updates or matches; ``None`` for a new one.
    existing: Measurement | None = None
    #: (model field, old, new) for each field the row changes.
    changes: list = field(default_factory=list)


@dataclass
class Plan:
    creates: list = field(default_factory=list)
    updates: list = field(default_factory=list)
    unchanged: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    #: Rows skipped without being wrong, e.g. a Kolada entry without figures; ``RowError``s too.
    notes: list = field(default_factory=list)

    @property
    def is_valid(self):
        return not self.errors

    @property
    def has_writes(self):
        return bool(self.creates or self.updates)


def clean_number(value):
    """A figure typed the Swedish way ("1 234,5") or the English way ("1234.5"); empty is ``None``."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value})
    if isinstance(value, int | float | Decimal):
        number = Decimal(str(value))
    else:
        text = str(value).strip().replace("\u2212", "-")
        for space in (" ", "\u00a0", "\u202f", "\u2009"):
            text = text.replace(space, "")
        if "," in text and "." in text:
            raise ValidationError(
                _("“%(value)s” mixes comma and point. Write the number as 1234,5.") % {"value": value}
            )
        try:
            number = Decimal(text.replace(",", "."))
        except InvalidOperation:
            number = None
        if number is None or not text:
            raise ValidationError(_("“%(value)s” is not a number.") % {"value": value})
    if not number.is_finite():
        raise ValidationError(_("“%(value)s” is not a number.") % {"value": value})
    if abs(number) >= LARGEST_VALUE:
        raise ValidationError(_("%(value)s is too large for a figure.") % {"value": value})
    return number.quantize(QUANTUM) if number.as_tuple().exponent < -VALUE_DECIMALS else number


def clean_period_key(value):
    """The period a cell names; a year typed as a number (2026) counts as the year."""
    number = whole_number(value)
    text = str(number) if number is not None and not isinstance(value, str) else str(value or "").strip()
    try:
        return Period.parse(text)
    except ValueError:
        raise ValidationError(
            _("“%(value)s” is not a period. Write it as 2026, 2026-H1, 2026-T2, 2026-Q3 or 2026-03.")
            % {"value": value}
        ) from None


class MeasurementPlanner:
    """Plans rows in a fixed number of queries: indicators, units and the stored figures they touch."""

    def __init__(self, rows, headings=None):
        self.rows = list(rows)
        labels = {column.key: str(column.heading) for column in MEASUREMENT_COLUMNS}
        self.headings = {**labels, **(headings or {})}
        self.present = set().union(*(row.values.keys() for row in self.rows)) if self.rows else set()

    def load(self):
        self.indicators, self.by_kpi = {}, {}
        for indicator in Indicator.objects.select_related("unit"):
            self.indicators[normalise(indicator.code)] = indicator
            if indicator.kolada_kpi:
                self.by_kpi.setdefault(normalise(indicator.kolada_kpi), []).append(indicator)
        self.units = {normalise(unit.code): unit for unit in OrganisationUnit.objects.all()}

    def plan(self):
        self.load()
        plan = Plan()
        self.today = timezone.localdate()
        self.seen = {}
        figures = [figure for figure in (self.plan_row(row, plan) for row in self.rows) if figure]
        stored = Measurement.objects.filter(
            indicator__in={figure.indicator.pk for figure in figures},
            unit__in={figure.unit.pk for figure in figures},
            period__in={figure.period.key for figure in figures},
        )
        stored = {(item.indicator_id, item.unit_id, item.period): item for item in stored}
        for figure in figures:
            figure.existing = stored.get((figure.indicator.pk, figure.unit.pk, figure.period.key))
            if figure.existing is None:
                plan.creates.append(figure)
                continue
            for name, new in figure.values.items():
                old = getattr(figure.existing, name)
                if old != new:
                    figure.changes.append((name, old, new))
            (plan.updates if figure.changes else plan.unchanged).append(figure)
        return plan

    def plan_row(self, row, plan):
        """The figure ``row`` sets, or ``None`` after adding its errors (or a note) to ``plan``."""
        errors = []

        def error(key, message):
            errors.append(RowError(row.number, self.headings.get(key, key), str(message)))

        cells = row.values
        indicator = self.indicator(cells, error)
        unit = self.unit(cells, indicator, error)
        try:
            period = clean_period_key(cells.get("period"))
        except ValidationError as problem:
            error("period", problem.messages[0])
            period = None
        if period and indicator and period.frequency != indicator.frequency:
            error("period", self.frequency_message(indicator))
        elif period and period.start > self.today:
            error("period", _("The period %(period)s has not started yet.") % {"period": period.key})
        values = {}
        for key, name in FIELDS.items():
            if key not in self.present:
                continue
            try:
                values[name] = clean_text(cells.get(key)) if key == "comment" else clean_number(cells.get(key))
            except ValidationError as problem:
                error(key, problem.messages[0])
        if not errors and indicator and unit and period:
            first = self.seen.setdefault((indicator.pk, unit.pk, period.key), row.number)
            if first != row.number:
                error("indicator", _("The same indicator, unit and period are on row %(row)s.") % {"row": first})
        if errors:
            plan.errors.extend(errors)
            return None
        if all(values.get(name) is None for name in ("value", "value_women", "value_men")):
            plan.notes.append(RowError(row.number, self.headings["value"], _("No figure; the row was skipped.")))
            return None
        return PlannedFigure(row.number, indicator, unit, period, values)

    def indicator(self, cells, error):
        if "kolada_kpi" in cells:
            kpi = cells.get("kolada_kpi")
            matches = self.by_kpi.get(normalise(kpi), []) if kpi else []
            if len(matches) == 1:
                return matches[0]
            if matches:
                error("kolada_kpi", _("Several indicators have the Kolada KPI %(kpi)s.") % {"kpi": kpi})
            else:
                error("kolada_kpi", _("No indicator has the Kolada KPI “%(kpi)s”.") % {"kpi": kpi or ""})
            return None
        code = cells.get("indicator")
        if code is None:
            error("indicator", _("Give the indicator's code."))
            return None
        indicator = self.indicators.get(normalise(code))
        if indicator is None:
            error("indicator", _("No indicator has the code “%(code)s”.") % {"code": code})
        return indicator

    def unit(self, cells, indicator, error):
        """The unit by its code; a Kolada municipality id names a unit with that code, or else the
        indicator's owning unit, since most municipalities keep their Kolada figures on one unit."""
        if "municipality" in cells and "unit" not in cells:
            unit = self.units.get(normalise(cells.get("municipality")))
            return unit or (indicator.unit if indicator else None)
        code = cells.get("unit")
        if code is None:
            error("unit", _("Give the unit's code."))
            return None
        code = whole_number(code) if whole_number(code) is not None and not isinstance(code, str) else code
        unit = self.units.get(normalise(code))
        if unit is None:
            error("unit", _("No unit has the code “%(code)s”.") % {"code": code})
        return unit

    def frequency_message(self, indicator):
        example = Period.containing(self.today, indicator.frequency).key
        return _("%(indicator)s is measured per %(frequency)s; write the period as e.g. %(example)s.") % {
            "indicator": indicator.code,
            "frequency": str(Frequency(indicator.frequency).label).lower(),
            "example": example,
        }


def plan_import(rows, user=None, *, headings=None):
    """The dry run: what importing ``rows`` (``SheetRow``s keyed as ``MEASUREMENT_COLUMNS``) would do.

    ``headings`` maps row keys to the column names the user sees in the file, for the messages.
    ``user`` is taken now so that a permission rule per unit can be added without changing callers.
    """
    return MeasurementPlanner(rows, headings).plan()


def apply_plan(plan, user):
    """Write a plan without errors in one transaction, with bulk writes; raises ``ImportRefused`` otherwise.

    A figure added by someone else since the dry run breaks the unique constraint and rolls back the
    whole import, so a plan is never applied half-way.
    """
    if not plan.is_valid:
        raise ImportRefused(plan)
    now = timezone.now()
    with transaction.atomic():
        Measurement.objects.bulk_create(
            [
                Measurement.build(figure.indicator, figure.unit, figure.period, entered_by=user, **figure.values)
                for figure in plan.creates
            ]
        )
        changed = set()
        for figure in plan.updates:
            for name, _old, new in figure.changes:
                setattr(figure.existing, name, new)
                changed.add(name)
            figure.existing.entered_by = user
            figure.existing.entered_at = now
        if plan.updates:
            Measurement.objects.bulk_update(
                [figure.existing for figure in plan.updates], [*sorted(changed), "entered_by", "entered_at"]
            )
    return plan


def read_csv(file, *, name="", max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS):
    """A CSV file as a ``Sheet``, with the same headings as a workbook; Swedish Excel separates with ";"."""
    if file_size(file) > max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)s MB. Split it and import it in parts.")
            % {"size": max_bytes // 1024 // 1024},
            code="too_large",
        )
    file.seek(0)
    raw = file.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = csv.excel
    lines = [(number, values) for number, values in enumerate(csv.reader(io.StringIO(text), dialect), start=1)]
    column_labels = {column.key: str(column.heading) for column in READ_COLUMNS}
    header_row, found, ignored = find_header(
        lines[:HEADER_SEARCH_ROWS], heading_lookup(READ_COLUMNS), set(REQUIRED_COLUMNS), column_labels
    )
    sheet = Sheet(headings={key: heading for key, (_p, heading) in found.items()}, ignored_headings=ignored,
                  header_row=header_row, name=name)
    for number, values in lines[header_row:]:
        cells = {key: cell_value(values[position]) if position < len(values) else None
                 for key, (position, _heading) in found.items()}
        if all(value is None for value in cells.values()):
            continue
        if len(sheet.rows) == max_rows:
            raise ValidationError(
                _("The file has more than %(count)s rows. Split it and import it in parts.") % {"count": max_rows},
                code="too_many_rows",
            )
        sheet.rows.append(SheetRow(number=number, values=cells))
    if not sheet.rows:
        raise ValidationError(_("The sheet has no rows below the header row."), code="no_rows")
    return sheet


def read_measurement_file(file, name):
    """The rows of an uploaded file, read by its extension: .xlsx, .csv, or .json (a saved Kolada response)."""
    suffix = Path(name).suffix.lower()
    if suffix == ".json":
        return read_kolada(file, name=name)
    if suffix == ".csv":
        return read_csv(file, name=name)
    if suffix == ".xlsx":
        return read_sheet(file, READ_COLUMNS, REQUIRED_COLUMNS, name=name)
    raise ValidationError(_("Import figures from an .xlsx, .csv or .json file."), code="unknown_format")
