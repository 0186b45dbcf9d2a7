"""Horizontal bar charts as inline SVG, drawn on the server: they print, and need no JavaScript.

Horizontal bars because their labels (unit names, quality areas) are long and read across. Every
bar carries its label and value as text, so nothing depends on colour; the chart is an image with
a title and a description for screen readers, and the report puts the same figures in a table
beside it. Labels are data (a unit may be called "Vård & omsorg <Norr>"), so every text is escaped.
"""

from dataclasses import dataclass

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

#: Layout in SVG user units; the chart scales to the width it is given (A4 in print).
WIDTH = 640
LABEL_WIDTH = 230
VALUE_WIDTH = 60
ROW_HEIGHT = 26
BAR_HEIGHT = 16
PADDING = 8
#: Longer labels are cut with an ellipsis in the chart; the table beside it has them in full.
MAX_LABEL_CHARS = 34
#: Dark enough against white for a graphical object (WCAG 1.4.11, over 3:1), and in greyscale print.
BAR_COLOUR = "#1f5f8b"
TEXT_COLOUR = "#1a1a1a"


@dataclass(frozen=True)
class Bar:
    label: str
    value: int | float


def short(label):
    label = " ".join(str(label).split())
    return label if len(label) <= MAX_LABEL_CHARS else label[: MAX_LABEL_CHARS - 1].rstrip() + "…"


def bar_chart(chart_id, title, bars, *, description=""):
    """An SVG bar chart of ``bars`` (``Bar`` or ``(label, value)`` pairs), safe to put in a page as it is.

    ``chart_id`` makes the ids of the title and description unique on the page.
    """
    bars = [bar if isinstance(bar, Bar) else Bar(*bar) for bar in bars]
    values = ", ".join(
        gettext("%(label)s: %(value)s") % {"label": bar.label, "value": number_format(bar.value)} for bar in bars
    )
    description = " ".join(part for part in (str(description), values) if part) or gettext("No data.")
    height = PADDING * 2 + ROW_HEIGHT * max(len(bars), 1)
    largest = max((bar.value for bar in bars), default=0) or 1
    bar_space = WIDTH - LABEL_WIDTH - VALUE_WIDTH - PADDING * 2
    chart_id = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kvalitet-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="sans-serif" font-size="13">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(description)}</desc>',
    ]
    if not bars:
        no_data = escape(gettext("No data."))
        parts.append(f'<text x="{PADDING}" y="{PADDING + 17}" fill="{TEXT_COLOUR}">{no_data}</text>')
    for index, bar in enumerate(bars):
        top = PADDING + index * ROW_HEIGHT
        middle = top + ROW_HEIGHT / 2
        length = round(bar_space * bar.value / largest, 1) if bar.value > 0 else 0
        bar_left = PADDING + LABEL_WIDTH
        parts.append(
            f'<g><text x="{bar_left - PADDING}" y="{middle}" dy="0.35em" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{escape(short(bar.label))}</text>"
            f'<rect x="{bar_left}" y="{top + (ROW_HEIGHT - BAR_HEIGHT) / 2}" width="{length}" height="{BAR_HEIGHT}" '
            f'fill="{BAR_COLOUR}"/>'
            f'<text x="{bar_left + length + 6}" y="{middle}" dy="0.35em" fill="{TEXT_COLOUR}">'
            f"{escape(number_format(bar.value))}</text></g>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped
