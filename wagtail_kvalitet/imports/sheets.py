"""Reading a register's rows from an uploaded Excel workbook, within limits that keep the server safe.

The workbook is whatever a spreadsheet program saved, so nothing about it is trusted: its size and
row count are capped, its headings are matched against the register's columns in every language the
site runs in (and the English msgid), and a file that cannot be read gives a message, not an error page.
"""

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook

#: The largest upload read, in bytes; Excel keeps a few thousand requirements well below it.
MAX_FILE_BYTES = 5 * 1024 * 1024
#: The most rows (below the header) one import may hold.
MAX_ROWS = 5000
#: The header row is looked for in this many rows from the top, below title rows.
HEADER_SEARCH_ROWS = 10
#: Headings further right than this are not looked at.
MAX_COLUMNS = 100

# An encrypted (password-protected) .xlsx, like an old .xls, is an OLE compound file, not a zip.
COMPOUND_FILE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ENCRYPTION_STREAM_NAME = "EncryptionInfo".encode("utf-16-le")
ZIP_SIGNATURE = b"PK\x03\x04"


@dataclass(frozen=True)
class SheetRow:
    #: The row number as the spreadsheet program shows it.
    number: int
    #: Column key → cell value: text stripped, ``None`` for an empty cell; numbers and dates as openpyxl gives them.
    values: dict


@dataclass
class Sheet:
    #: Column key → the heading as written in the file, for messages that name the column the user sees.
    headings: dict
    rows: list = field(default_factory=list)
    #: Headings in the file that match no column; reported, and their cells ignored.
    ignored_headings: list = field(default_factory=list)
    header_row: int = 0
    name: str = ""


def normalise_heading(text):
    return " ".join(str(text).split()).casefold()


def heading_lookup(columns):
    """Normalised heading → column key, for the msgid and each of the site's languages.

    The active language goes last so that it wins if two languages happen to share a word.
    """
    languages = [None] + [code for code, _name in settings.LANGUAGES] + [translation.get_language()]
    lookup = {}
    for language in languages:
        with translation.override(language):
            for column in columns:
                lookup[normalise_heading(column.heading)] = column.key
    return lookup


def file_size(file):
    size = getattr(file, "size", None)
    if size is None:
        position = file.tell()
        size = file.seek(0, 2)
        file.seek(position)
    return size


def check_file(file, max_bytes=MAX_FILE_BYTES):
    """Refuse, with a message that says what to do, files that are too large or not a workbook."""
    if file_size(file) > max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)s MB. Split the list and import it in parts.")
            % {"size": number_format(max_bytes / 1024 / 1024, decimal_pos=0)},
            code="too_large",
        )
    file.seek(0)
    head = file.read(8)
    if head.startswith(COMPOUND_FILE_SIGNATURE):
        file.seek(0)
        if ENCRYPTION_STREAM_NAME in file.read(max_bytes):
            raise ValidationError(
                _("The workbook is protected with a password. Save it without a password and try again."),
                code="encrypted",
            )
        raise ValidationError(
            _("This is an old Excel file (.xls). Save it as an Excel workbook (.xlsx) and try again."),
            code="old_format",
        )
    if not head.startswith(ZIP_SIGNATURE):
        raise ValidationError(
            _("The file is not an Excel workbook (.xlsx). Save the list as .xlsx and try again."), code="not_xlsx"
        )
    file.seek(0)


def cell_value(value):
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


def find_header(rows, lookup, required, column_labels):
    """The header row's number and its column positions, from the first rows of the sheet."""
    best = None
    for number, values in rows:
        found, ignored, duplicates = {}, [], []
        for position, value in enumerate(values):
            value = cell_value(value)
            if value is None:
                continue
            key = lookup.get(normalise_heading(value))
            if key is None:
                ignored.append(str(value))
            elif key in found:
                duplicates.append(str(value))
            else:
                found[key] = (position, str(value))
        if required <= found.keys():
            if duplicates:
                raise ValidationError(
                    _("The column “%(heading)s” appears twice in the header row (row %(row)s).")
                    % {"heading": duplicates[0], "row": number},
                    code="duplicate_heading",
                )
            return number, found, ignored
        if found and (best is None or len(found) > len(best)):
            best = found
    if best and len(best) > 1:
        missing = [column_labels[key] for key in sorted(required - best.keys(), key=list(column_labels).index)]
        raise ValidationError(
            _("The header row lacks the column(s): %(columns)s.") % {"columns": ", ".join(missing)},
            code="missing_columns",
        )
    raise ValidationError(
        _("No header row found in the first %(count)s rows. The sheet needs at least the columns %(columns)s.")
        % {
            "count": HEADER_SEARCH_ROWS,
            "columns": ", ".join(f"“{column_labels[key]}”" for key in column_labels if key in required),
        },
        code="no_header",
    )


def read_sheet(file, columns, required, *, name="", max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS):
    """The first sheet of the workbook in ``file`` (a binary file object), as rows keyed by column.

    ``columns`` are the register's ``SheetColumn``s, ``required`` the keys whose headings must be
    present. Raises ``ValidationError`` with a message for the user when the file is not a readable
    workbook or breaks a limit. Empty rows are skipped; cells under unknown headings are dropped.
    """
    check_file(file, max_bytes)
    column_labels = {column.key: str(column.heading) for column in columns}
    try:
        workbook = load_workbook(file, read_only=True, data_only=True)
    except Exception as error:  # noqa: BLE001 - any failure to parse an untrusted file means "not readable"
        raise ValidationError(
            _("The file could not be read as an Excel workbook. Open it in Excel, save it as .xlsx and try again."),
            code="unreadable",
        ) from error
    try:
        return _read_first_sheet(workbook, column_labels, heading_lookup(columns), set(required), name, max_rows)
    except ValidationError:
        raise
    except Exception as error:  # noqa: BLE001 - openpyxl parses the sheet lazily, so errors surface here
        raise ValidationError(
            _("The file could not be read as an Excel workbook. Open it in Excel, save it as .xlsx and try again."),
            code="unreadable",
        ) from error
    finally:
        workbook.close()


def _read_first_sheet(workbook, column_labels, lookup, required, name, max_rows):
    if not workbook.worksheets:
        raise ValidationError(_("The workbook has no sheets."), code="empty")
    worksheet = workbook.worksheets[0]
    top = [
        (number, values)
        for number, values in enumerate(
            worksheet.iter_rows(max_row=HEADER_SEARCH_ROWS, max_col=MAX_COLUMNS, values_only=True), start=1
        )
    ]
    if not any(cell_value(value) is not None for _number, values in top for value in values):
        raise ValidationError(_("The first sheet of the workbook is empty."), code="empty")
    header_row, found, ignored = find_header(top, lookup, required, column_labels)
    positions = {key: position for key, (position, _heading) in found.items()}
    sheet = Sheet(
        headings={key: heading for key, (_position, heading) in found.items()},
        ignored_headings=ignored,
        header_row=header_row,
        name=name,
    )
    last_column = max(positions.values()) + 1
    scanned = 0
    too_many = ValidationError(
        _("The sheet has more than %(count)s rows. Import at most %(count)s requirements at a time.")
        % {"count": number_format(max_rows, force_grouping=True)},
        code="too_many_rows",
    )
    for number, values in enumerate(
        worksheet.iter_rows(min_row=header_row + 1, max_col=last_column, values_only=True), start=header_row + 1
    ):
        scanned += 1
        # Formatted but empty rows cost time too: cap the rows scanned, not only the rows kept.
        if scanned > max_rows * 10:
            raise too_many
        cells = {key: cell_value(values[position]) if position < len(values) else None
                 for key, position in positions.items()}
        if all(value is None for value in cells.values()):
            continue
        if len(sheet.rows) == max_rows:
            raise too_many
        sheet.rows.append(SheetRow(number=number, values=cells))
    if not sheet.rows:
        raise ValidationError(_("The sheet has no rows below the header row."), code="no_rows")
    return sheet


SPLIT_LIST = re.compile(r"\s*[;\n]\s*")


def split_list(value):
    """The parts of a cell that lists several things, separated by ";" or a line break."""
    if value is None:
        return []
    return [part for part in SPLIT_LIST.split(str(value).strip()) if part]
