"""The one spreadsheet builder every register uses: formatted, safe cells streamed to a temporary file.

A register describes a sheet as ``SheetColumn``s and rows keyed by column; this module decides
how it looks (a title row naming the organisation and the date, a bold frozen header with an
auto-filter, column widths, wrapped text, date cells, colours, links) and keeps it safe: text
that a spreadsheet would run as a formula stays text, characters a workbook cannot hold are
dropped and text longer than a cell holds is cut with a visible marker. openpyxl's write-only
mode streams each sheet to disk as it is written, so memory stays flat however long the list.
"""

import csv
import datetime
import re
import tempfile
from array import array
from dataclasses import dataclass
from decimal import Decimal

from django.http import FileResponse, StreamingHttpResponse
from django.utils import formats, timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.packaging.relationship import Relationship
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.hyperlink import Hyperlink

from ..conf import kvalitet_settings

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
#: The most characters Excel keeps in one cell.
MAX_CELL_CHARS = 32_767
#: Longer link addresses make Excel report the file as damaged; such a cell keeps its text only.
MAX_LINK_CHARS = 2_000
#: Excel opens no more links than this in one sheet; cells beyond it keep their text without a link.
MAX_LINKS_PER_SHEET = 65_530
#: How text starts that Excel, LibreOffice or a CSV reader could take for a formula; a carriage
#: return has become a line feed by then (see ``safe_text``).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "\n")
NEWLINE_RE = re.compile(r"\r\n?")
#: Characters no XML 1.0 file may hold, beyond those openpyxl already refuses.
UNWRITABLE_RE = re.compile("[\ud800-\udfff\ufffe\uffff]")
#: Sheet names may not hold these, and Excel allows at most 31 characters.
SHEET_NAME_RE = re.compile(r"[\\/*?:\[\]]")
DATE_FORMAT = "yyyy-mm-dd"
DATETIME_FORMAT = "yyyy-mm-dd hh:mm"
NUMBER_TYPES = (int, float, Decimal)


@dataclass(frozen=True)
class Fill:
    """A background and a text colour with at least 4.5:1 contrast, so the colour never carries meaning alone."""

    background: str
    text: str


GREEN = Fill("C6EFCE", "006100")
AMBER = Fill("FFEB9C", "7A4500")
RED = Fill("FFC7CE", "9C0006")
GREY = Fill("E7E6E6", "3B3838")


@dataclass(frozen=True, slots=True)
class Styled:
    """A cell value that also shows a colour or links somewhere."""

    value: object
    fill: Fill | None = None
    link: str = ""


def cut_marker():
    return _(" […cut: longer than a spreadsheet cell holds]")


def safe_text(value):
    """``value`` as text a workbook can hold: unwritable characters dropped, cut to the cell limit.

    Line breaks become line feeds, as spreadsheets keep them (and as XML would read them anyway).
    """
    text = NEWLINE_RE.sub("\n", UNWRITABLE_RE.sub("", ILLEGAL_CHARACTERS_RE.sub("", str(value))))
    if len(text) > MAX_CELL_CHARS:
        marker = cut_marker()
        text = text[: MAX_CELL_CHARS - len(marker)] + marker
    return text


def is_formula_like(text):
    return text.startswith(FORMULA_START)


def local_naive(value):
    """Excel has no time zones: an aware datetime is written as the site's local time, as the admin shows it."""
    if timezone.is_aware(value):
        value = timezone.make_naive(value, timezone.get_current_timezone())
    return value.replace(microsecond=0)


def organisation_name():
    """The name in title rows: the ``KVALITET_ORGANISATION_NAME`` setting, else the default site's name."""
    if kvalitet_settings.ORGANISATION_NAME:
        return str(kvalitet_settings.ORGANISATION_NAME)
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).only("site_name").first()
    return site.site_name if site else ""


class CellStyles:
    """The workbook's styles, made once: openpyxl looks each style up by value, so sharing them is cheap."""

    def __init__(self):
        top = Alignment(vertical="top")
        wrapped = Alignment(vertical="top", wrap_text=True)
        self.title = {"font": Font(bold=True, size=14)}
        self.header = {
            "font": Font(bold=True),
            "fill": PatternFill("solid", fgColor="D9E1F2"),
            "alignment": Alignment(vertical="center", wrap_text=True),
            "border": Border(bottom=Side(style="thin", color="1F3864")),
        }
        self.kinds = {
            "text": {"alignment": wrapped},
            # quotePrefix is Excel's own leading apostrophe: the cell stays text even when edited.
            "quoted": {"alignment": wrapped, "quotePrefix": True},
            "number": {"alignment": top},
            "date": {"alignment": top, "number_format": DATE_FORMAT},
            "datetime": {"alignment": top, "number_format": DATETIME_FORMAT},
        }
        self.link_font = Font(color="0563C1", underline="single")
        self._fills = {}

    def fill(self, fill):
        if fill not in self._fills:
            self._fills[fill] = (PatternFill("solid", fgColor=fill.background), Font(color=fill.text))
        return self._fills[fill]


class ColumnCell(Cell):
    """A styled cell that writes every row of one column and kind, with its style looked up once.

    openpyxl writes an appended row at once, so one cell can carry the next row's value; and
    asking the workbook for a style's index on every cell, as openpyxl otherwise does, is a good
    part of what a formatted sheet costs over a bare one.
    """

    __slots__ = ("_style_id",)

    def fix_style(self):
        self._style_id = Cell.style_id.fget(self)
        return self

    @property
    def style_id(self):
        return self._style_id

    @property
    def has_style(self):
        return True

    def __repr__(self):
        # openpyxl formats a message with it for every cell appended as a cell rather than a value.
        return "<ColumnCell>"


class LinkWriter(WorksheetWriter):
    """openpyxl's sheet writer, with the sheet's links kept as compact as they come.

    openpyxl holds every cell link as objects until the sheet ends, about a kilobyte each, with a
    relationship of its own; where most rows link to a routine, that alone makes memory grow with
    the list. This keeps a row and column number per link and one relationship per address, and
    writes the links one at a time after the rows.
    """

    def __init__(self, worksheet):
        super().__init__(worksheet)
        self._link_rows, self._link_columns, self._link_targets = array("L"), array("H"), array("L")
        self._targets = {}

    def add_link(self, row, column, url):
        if len(self._link_rows) >= MAX_LINKS_PER_SHEET:
            return
        self._link_rows.append(row)
        self._link_columns.append(column)
        self._link_targets.append(self._targets.setdefault(url, len(self._targets)))

    def write_hyperlinks(self):
        if not self._link_rows:
            return super().write_hyperlinks()
        ids = []
        for url in self._targets:
            relationship = Relationship(type="hyperlink", TargetMode="External", Target=url)
            self._rels.append(relationship)
            ids.append(relationship.Id)
        xf = self.xf.send(True)
        with xf.element("hyperlinks"):
            for row, column, target in zip(self._link_rows, self._link_columns, self._link_targets, strict=True):
                xf.write(Hyperlink(ref=f"{get_column_letter(column)}{row}", id=ids[target]).to_tree())
        self.xf.send(None)


def apply(cell, style):
    for name, value in style.items():
        setattr(cell, name, value)
    return cell


def sheet_name(title):
    return SHEET_NAME_RE.sub(" ", safe_text(title)).strip()[:31] or "Sheet"


class SheetWriter:
    """One sheet: title row, header, then rows appended one at a time and written at once.

    Each column keeps one styled cell per kind of value and reuses it for every row (openpyxl
    writes a row as soon as it is appended), so a styled row costs little more than a bare one.
    """

    def __init__(self, workbook, styles, title, columns, caption):
        self.styles = styles
        self.columns = tuple(columns)
        self.keys = [column.key for column in self.columns]
        self.rows = 0
        self._cells = {}
        self.worksheet = worksheet = workbook.create_sheet(title=sheet_name(title))
        for number, column in enumerate(self.columns, start=1):
            worksheet.column_dimensions[get_column_letter(number)].width = column.width
        worksheet.freeze_panes = "A3"
        worksheet.print_title_rows = "1:2"
        # What openpyxl's write-only sheet does on its first row, with the link-keeping writer.
        worksheet._writer = self.links = LinkWriter(worksheet)
        self.links.write_top()
        worksheet.append([apply(WriteOnlyCell(worksheet, safe_text(caption)), styles.title)])
        worksheet.append([self._header_cell(column.heading) for column in self.columns])

    def _header_cell(self, heading):
        cell = WriteOnlyCell(self.worksheet, safe_text(heading))
        cell.data_type = "s"
        return apply(cell, self.styles.header | ({"quotePrefix": True} if is_formula_like(cell.value) else {}))

    def append(self, row):
        """Add a row given as ``{column key: value}``; a value may be wrapped in ``Styled``."""
        self.worksheet.append([self.cell(index, row.get(key)) for index, key in enumerate(self.keys)])
        self.rows += 1

    def cell(self, index, value):
        fill, link = None, ""
        if type(value) is Styled:
            value, fill, link = value.value, value.fill, value.link
        if value is None or value == "":
            return None
        if isinstance(value, str):
            value = safe_text(value)
            kind = "quoted" if is_formula_like(value) else "text"
        elif isinstance(value, datetime.datetime):
            value, kind = local_naive(value), "datetime"
        elif isinstance(value, datetime.date):
            kind = "date"
        elif isinstance(value, NUMBER_TYPES) and not isinstance(value, bool):
            kind = "number"
        else:
            value = safe_text(value)
            kind = "quoted" if is_formula_like(value) else "text"
        link = link if link and len(link) <= MAX_LINK_CHARS else ""
        cell = self._cells.get((index, kind, fill, bool(link))) or self._new_cell(index, kind, fill, bool(link))
        if kind in ("text", "quoted"):
            # Set as text, never a formula or an error code as openpyxl would take "=…" or "#N/A";
            # safe_text has already done what openpyxl's value setter would check.
            cell._value, cell.data_type = value, "s"
        else:
            cell.value = value
        if link:
            self.links.add_link(self.rows + 3, index + 1, link)
        return cell

    def _new_cell(self, index, kind, fill, linked):
        cell = apply(ColumnCell(self.worksheet, row=1, column=index + 1), self.styles.kinds[kind])
        if fill:
            cell.fill, cell.font = self.styles.fill(fill)
        elif linked:
            cell.font = self.styles.link_font
        self._cells[(index, kind, fill, linked)] = cell.fix_style()
        return cell

    def close(self):
        last = f"{get_column_letter(len(self.columns))}{self.rows + 2}"
        self.worksheet.auto_filter.ref = f"A2:{last}"


class WorkbookBuilder:
    """A workbook of one or more sheets, each with the organisation's title row, saved to a temporary file."""

    def __init__(self, title, *, organisation=None, today=None):
        self.title = str(title)
        self.organisation = organisation_name() if organisation is None else organisation
        self.today = today or timezone.localdate()
        self.workbook = Workbook(write_only=True)
        self.workbook.properties.title = safe_text(self.title)
        self.workbook.properties.creator = safe_text(self.organisation) or None
        self.styles = CellStyles()

    def caption(self, sheet_title):
        date = formats.date_format(self.today, "DATE_FORMAT")
        if self.organisation:
            return _("%(organisation)s – %(title)s – %(date)s") % {
                "organisation": self.organisation,
                "title": sheet_title,
                "date": date,
            }
        return _("%(title)s – %(date)s") % {"title": sheet_title, "date": date}

    def add_sheet(self, title, columns, rows):
        """Write ``rows`` (``{column key: value}`` each) as a sheet; returns how many were written."""
        sheet = SheetWriter(self.workbook, self.styles, title, columns, self.caption(title))
        for row in rows:
            sheet.append(row)
        sheet.close()
        return sheet.rows

    def save(self, file):
        self.workbook.save(file)

    def response(self, filename):
        """The saved workbook as a download, read back from its temporary file as it is sent."""
        file = tempfile.TemporaryFile(suffix=".xlsx")
        try:
            self.save(file)
            file.seek(0)
        except BaseException:
            file.close()
            raise
        return FileResponse(file, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE)


class _Echo:
    def write(self, line):
        return line


def csv_text(value):
    """A value as CSV text: CSV has no cell types, so formula-like text gets Excel's leading apostrophe."""
    if type(value) is Styled:
        value = value.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return local_naive(value).isoformat(sep=" ", timespec="minutes")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = safe_text(value)
    return "'" + text if is_formula_like(text) else text


def csv_response(filename, columns, rows):
    """The same sheet as a streamed CSV (UTF-8 with a byte order mark, so Excel reads å, ä and ö)."""
    writer = csv.writer(_Echo())

    def lines():
        yield "\ufeff" + writer.writerow([safe_text(column.heading) for column in columns])
        keys = [column.key for column in columns]
        for row in rows:
            yield writer.writerow([csv_text(row.get(key)) for key in keys])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
    return response
