"""Reading a saved Kolada API response (v2 ``/data/kpi/...``) into rows the measurement import plans.

Kolada publishes a key figure per municipality and year, with a total (gender ``T``) and, for many
figures, one for women (``K``) and one for men (``M``). The file is what someone saved from the API,
so its shape is checked and a file that is not a Kolada response gives a message, not an error page.
Nothing here touches the database: matching the KPI to an indicator, and the municipality to a unit,
is the planner's job, so that those problems are reported per row like any other.
"""

import json
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from .sheets import MAX_FILE_BYTES, MAX_ROWS, Sheet, SheetRow, file_size

#: Kolada's gender codes → the row keys the planner reads.
GENDERS = {"T": "value", "K": "women", "M": "men"}
#: Row key → the name in the JSON, so that a row error names what the user sees in the file.
HEADINGS = {
    "kolada_kpi": "kpi",
    "municipality": "municipality",
    "period": "period",
    "value": "values (T)",
    "women": "values (K)",
    "men": "values (M)",
}


def not_kolada():
    return ValidationError(
        _("The file is not a saved Kolada response: it needs a list “values” of figures with “kpi” and “period”."),
        code="not_kolada",
    )


def kolada_number(value):
    """A figure as Kolada writes it (a JSON number, or null); anything else is kept for the planner to refuse."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float | int):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            return str(value)
    return value


def kolada_row(number, item):
    if not isinstance(item, dict) or "kpi" not in item or "period" not in item:
        raise not_kolada()
    values = {
        "kolada_kpi": str(item["kpi"]).strip() if item["kpi"] is not None else None,
        "municipality": str(item.get("municipality") or "").strip() or None,
        "period": item["period"],
        "value": None,
        "women": None,
        "men": None,
    }
    figures = item.get("values") or []
    if not isinstance(figures, list):
        raise not_kolada()
    for figure in figures:
        if isinstance(figure, dict) and figure.get("gender") in GENDERS:
            values[GENDERS[figure["gender"]]] = kolada_number(figure.get("value"))
    return SheetRow(number=number, values=values)


def read_kolada(file, *, name="", max_bytes=MAX_FILE_BYTES, max_rows=MAX_ROWS):
    """The figures in a saved Kolada response, one row per KPI, municipality and year.

    Accepts the API's object (``{"values": [...]}``) or the list alone. Row numbers are positions in
    that list, from 1, which is how a user finds the entry again in the file.
    """
    if file_size(file) > max_bytes:
        raise ValidationError(
            _("The file is larger than %(size)s MB. Split it and import it in parts.")
            % {"size": max_bytes // 1024 // 1024},
            code="too_large",
        )
    file.seek(0)
    try:
        data = json.loads(file.read().decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError) as error:
        raise ValidationError(_("The file could not be read as JSON."), code="unreadable") from error
    items = data.get("values") if isinstance(data, dict) else data
    if not isinstance(items, list):
        raise not_kolada()
    if len(items) > max_rows:
        raise ValidationError(
            _("The file has more than %(count)s figures. Split it and import it in parts.") % {"count": max_rows},
            code="too_many_rows",
        )
    rows = [kolada_row(number, item) for number, item in enumerate(items, start=1)]
    return Sheet(headings=dict(HEADINGS), rows=rows, name=name)
