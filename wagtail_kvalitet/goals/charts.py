"""Line charts of an indicator's figures against its target, as inline SVG drawn on the server.

A goal page is read on screen, printed for the board and read by screen readers, so the chart
needs no JavaScript and carries its meaning as text: every point is labelled with its value, the
target is a dashed line labelled in words, and the SVG is an image with a title and a description
naming the latest figure and the target. The page puts the same figures in a table beside it.
Period labels and titles are data (an indicator may be called "Kö <30 dagar & mer"), so every
text is escaped before the markup is marked safe.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import number_format
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from .periods import Period

#: Layout in SVG user units; the chart scales to the width it is given.
WIDTH = 640
HEIGHT = 260
LEFT = 64
RIGHT = 72
TOP = 24
BOTTOM = 44
TICKS = 4
#: Dark enough against white for graphical objects (WCAG 1.4.11, over 3:1), and in greyscale print.
LINE_COLOUR = "#1f5f8b"
TARGET_COLOUR = "#7a3e00"
AXIS_COLOUR = "#595959"
GRID_COLOUR = "#d0d0d0"
TEXT_COLOUR = "#1a1a1a"


def format_value(value):
    """A figure as a reader writes it: local decimal mark, no trailing zeros (87,5 not 87,5000)."""
    if value is None:
        return ""
    value = Decimal(str(value)).normalize()
    if value.as_tuple().exponent > 0:
        value = value.quantize(Decimal(1))
    return number_format(value, use_l10n=True)


def _with_unit(value, unit_of_measure):
    text = format_value(value)
    return f"{text}\u00a0{unit_of_measure}" if unit_of_measure else text


def _scale(values):
    """The value range the y axis spans: from zero (or below) to a little above the highest figure."""
    low = min([0, *values])
    high = max([0, *values])
    if high == low:
        high = low + 1
    return low, high + (high - low) * 0.1


def line_chart(series_points, target, unit_of_measure, title, higher_is_better, *, chart_id="goal-chart"):
    """An SVG line chart of ``series_points`` (``(period label, value)`` pairs, oldest first).

    ``target`` (or None) is drawn as a dashed line. Points without a value are left out. With no
    values at all there is nothing to draw and the result is an empty string, so the template can
    say that no figures have been entered. ``chart_id`` keeps the title and description ids unique
    when a page shows several charts.
    """
    points = [(str(label), value) for label, value in series_points if value is not None]
    if not points:
        return mark_safe("")
    values = [float(value) for _label, value in points]
    target_value = None if target is None else float(target)
    low, high = _scale(values + ([target_value] if target_value is not None else []))
    plot_width = WIDTH - LEFT - RIGHT
    plot_height = HEIGHT - TOP - BOTTOM
    step = plot_width / max(len(points) - 1, 1)

    def x(index):
        return round(LEFT + (step * index if len(points) > 1 else plot_width / 2), 1)

    def y(value):
        return round(TOP + plot_height * (high - float(value)) / (high - low), 1)

    latest_label, latest_value = points[-1]
    description = [
        gettext("Latest value: %(value)s (%(period)s).")
        % {"value": _with_unit(latest_value, unit_of_measure), "period": latest_label},
    ]
    if target is not None:
        description.append(gettext("Target: %(value)s.") % {"value": _with_unit(target, unit_of_measure)})
    description.append(gettext("Higher is better.") if higher_is_better else gettext("Lower is better."))
    chart_id = escape(chart_id)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="kvalitet-line-chart" role="img" '
        f'viewBox="0 0 {WIDTH} {HEIGHT}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" font-family="sans-serif" font-size="12">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(" ".join(description))}</desc>',
    ]
    # Grid and y axis labels.
    for tick in range(TICKS + 1):
        value = low + (high - low) * tick / TICKS
        tick_y = y(value)
        parts.append(
            f'<line x1="{LEFT}" y1="{tick_y}" x2="{WIDTH - RIGHT}" y2="{tick_y}" stroke="{GRID_COLOUR}"/>'
            f'<text x="{LEFT - 6}" y="{tick_y}" dy="0.35em" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{escape(format_value(round(value, 2)))}</text>"
        )
    parts.append(
        f'<line x1="{LEFT}" y1="{TOP}" x2="{LEFT}" y2="{HEIGHT - BOTTOM}" stroke="{AXIS_COLOUR}"/>'
        f'<line x1="{LEFT}" y1="{HEIGHT - BOTTOM}" x2="{WIDTH - RIGHT}" y2="{HEIGHT - BOTTOM}" stroke="{AXIS_COLOUR}"/>'
    )
    if unit_of_measure:
        parts.append(
            f'<text x="{LEFT - 6}" y="{TOP - 10}" text-anchor="end" fill="{TEXT_COLOUR}">'
            f"{escape(unit_of_measure)}</text>"
        )
    # Period labels on the x axis.
    for index, (label, _value) in enumerate(points):
        parts.append(
            f'<text x="{x(index)}" y="{HEIGHT - BOTTOM + 18}" text-anchor="middle" fill="{TEXT_COLOUR}">'
            f"{escape(label)}</text>"
        )
    if target_value is not None:
        target_y = y(target_value)
        parts.append(
            f'<g class="kvalitet-line-chart__target">'
            f'<line x1="{LEFT}" y1="{target_y}" x2="{WIDTH - RIGHT}" y2="{target_y}" stroke="{TARGET_COLOUR}" '
            f'stroke-width="2" stroke-dasharray="8 5"/>'
            f'<text x="{WIDTH - RIGHT + 6}" y="{target_y}" dy="0.35em" fill="{TARGET_COLOUR}">'
            f"{escape(gettext('Target'))} {escape(format_value(target))}</text></g>"
        )
    coordinates = " ".join(f"{x(index)},{y(value)}" for index, (_label, value) in enumerate(points))
    parts.append(
        f'<g class="kvalitet-line-chart__actual">'
        f'<polyline points="{coordinates}" fill="none" stroke="{LINE_COLOUR}" stroke-width="2.5"/>'
    )
    for index, (_label, value) in enumerate(points):
        parts.append(
            f'<circle cx="{x(index)}" cy="{y(value)}" r="4" fill="{LINE_COLOUR}"/>'
            f'<text x="{x(index)}" y="{y(value) - 9}" text-anchor="middle" fill="{TEXT_COLOUR}" '
            f'font-weight="bold">{escape(format_value(value))}</text>'
        )
    parts.append("</g></svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


@dataclass(frozen=True)
class FigureRow:
    """One row of the table beside a chart: the same figures, readable by keyboard and screen reader."""

    period: str
    value: str
    value_women: str
    value_men: str
    comment: str


@dataclass(frozen=True)
class IndicatorFigures:
    """What a goal page shows for one indicator: the series, its chart and its figures as text."""

    series: object
    chart: str
    rows: list
    target: str
    latest_value: str
    latest_period: str


def period_label(key):
    try:
        return Period.parse(key).label
    except ValueError:
        return key


def indicator_figures(series, chart_id):
    """The chart and table of an ``IndicatorSeries`` (from ``goals.chain.goal_series``), formatted once
    here because templates cannot format decimals without trailing zeros."""
    indicator = series.indicator
    rows = [
        FigureRow(
            period=period_label(measurement.period),
            value=format_value(measurement.value),
            value_women=format_value(measurement.value_women),
            value_men=format_value(measurement.value_men),
            comment=measurement.comment,
        )
        for measurement in series.measurements
    ]
    chart = line_chart(
        [(row.period, measurement.value) for row, measurement in zip(rows, series.measurements, strict=True)],
        series.target,
        indicator.unit_of_measure,
        indicator.name,
        indicator.higher_is_better,
        chart_id=chart_id,
    )
    latest = series.latest
    return IndicatorFigures(
        series=series,
        chart=chart,
        rows=rows,
        target=format_value(series.target),
        latest_value=format_value(latest.value) if latest else "",
        latest_period=period_label(latest.period) if latest else "",
    )
