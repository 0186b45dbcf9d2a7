"""The annual wheel's geometry: twelve month sectors clockwise from January at the top, and markers.

Server-rendered SVG, like the goal charts, so the wheel needs no script and prints. The wheel is
decorative to assistive technology: the month-by-month list beside it says the same in words.
Each marker sits in its month's sector at its day's angle, so the wheel reads like a clock face.
"""

import calendar
import math
from dataclasses import dataclass

from django.utils.dates import MONTHS_AP

SIZE = 440
CENTRE = SIZE / 2
OUTER = 210
LABEL_RING = 182  # month names sit in an outer band
MARKER_OUTER = 160
INNER = 56
MARKER_STEP = 13
DEGREES_PER_MONTH = 30


def point(angle, radius):
    """(x, y) of ``angle`` degrees clockwise from the top, ``radius`` from the centre."""
    radians = math.radians(angle)
    return round(CENTRE + radius * math.sin(radians), 2), round(CENTRE - radius * math.cos(radians), 2)


def sector_path(month, outer=OUTER, inner=INNER):
    """The ring segment of ``month`` (1–12) as an SVG path."""
    start, end = (month - 1) * DEGREES_PER_MONTH, month * DEGREES_PER_MONTH
    (ox1, oy1), (ox2, oy2) = point(start, outer), point(end, outer)
    (ix1, iy1), (ix2, iy2) = point(end, inner), point(start, inner)
    return (
        f"M {ox1} {oy1} A {outer} {outer} 0 0 1 {ox2} {oy2} "
        f"L {ix1} {iy1} A {inner} {inner} 0 0 0 {ix2} {iy2} Z"
    )


def day_angle(date):
    """The angle of ``date``: its month's sector, at the day's share of the month."""
    days = calendar.monthrange(date.year, date.month)[1]
    return (date.month - 1 + (date.day - 0.5) / days) * DEGREES_PER_MONTH


@dataclass
class Sector:
    month: int
    path: str
    label: str
    label_x: float
    label_y: float


@dataclass
class Marker:
    occurrence: object
    x: float
    y: float


def sectors():
    found = []
    for month in range(1, 13):
        x, y = point((month - 0.5) * DEGREES_PER_MONTH, LABEL_RING)
        found.append(Sector(month, sector_path(month), str(MONTHS_AP[month]), x, y))
    return found


def markers(occurrences):
    """A marker per occurrence; a month's markers step inwards so none hides another."""
    per_month = {}
    found = []
    slots = int((MARKER_OUTER - INNER - MARKER_STEP) // MARKER_STEP) + 1
    for occurrence in occurrences:
        index = per_month.get(occurrence.occurs_on.month, 0)
        per_month[occurrence.occurs_on.month] = index + 1
        ring, lap = index % slots, index // slots
        angle = day_angle(occurrence.occurs_on) + (lap * 4 if lap % 2 else -lap * 4)
        x, y = point(angle, MARKER_OUTER - ring * MARKER_STEP)
        found.append(Marker(occurrence, x, y))
    return found


def wheel(occurrences, year, today):
    """What the wheel template draws; the today line only in the current year."""
    context = {
        "size": SIZE,
        "centre": CENTRE,
        "outer": OUTER,
        "inner": INNER,
        "sectors": sectors(),
        "markers": markers(occurrences),
        "today": None,
    }
    if today.year == year:
        angle = day_angle(today)
        (x1, y1), (x2, y2) = point(angle, INNER), point(angle, OUTER)
        context["today"] = {"x1": x1, "y1": y1, "x2": x2, "y2": y2}
    return context
