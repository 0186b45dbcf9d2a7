"""The wheel's geometry: January at the top, clockwise, each marker inside its own month's sector."""

import datetime
import math

from wagtail_kvalitet.annual_cycle import wheel
from wagtail_kvalitet.annual_cycle.occurrences import Occurrence
from wagtail_kvalitet.models.annual_cycle import AnnualActivity

D = datetime.date


def angle_of(x, y):
    """Degrees clockwise from the top, 0–360."""
    return math.degrees(math.atan2(x - wheel.CENTRE, wheel.CENTRE - y)) % 360


def test_months_start_at_the_top_with_january_and_go_clockwise():
    sectors = wheel.sectors()
    assert [sector.month for sector in sectors] == list(range(1, 13))
    assert sectors[0].path.startswith(f"M {wheel.CENTRE} {wheel.CENTRE - wheel.OUTER}")  # the top
    label_angles = [angle_of(sector.label_x, sector.label_y) for sector in sectors]
    assert [round(angle) for angle in label_angles] == [15 + 30 * n for n in range(12)]
    # March's label is on the right half, September's on the left.
    assert sectors[2].label_x > wheel.CENTRE > sectors[8].label_x
    assert all(sector.label for sector in sectors)


def test_markers_sit_in_their_month_and_do_not_overlap():
    activity = AnnualActivity(pk=1, name="A")
    dates = [D(2026, 1, 1), D(2026, 1, 31), D(2026, 6, 15), D(2026, 12, 31)] + [D(2026, 3, 10)] * 20
    occurrences = [Occurrence(activity, date, None, D(2026, 5, 1)) for date in dates]
    markers = wheel.markers(occurrences)
    assert len(markers) == len(occurrences)
    for marker in markers:
        month = marker.occurrence.occurs_on.month
        angle = angle_of(marker.x, marker.y)
        assert (month - 1) * 30 <= angle <= month * 30, (marker.occurrence.occurs_on, angle)
        radius = math.hypot(marker.x - wheel.CENTRE, marker.y - wheel.CENTRE)
        assert wheel.INNER < radius < wheel.LABEL_RING
    positions = {(marker.x, marker.y) for marker in markers}
    assert len(positions) == len(markers)


def test_today_is_drawn_only_in_the_current_year():
    assert wheel.wheel([], 2026, D(2026, 7, 1))["today"] is not None
    assert wheel.wheel([], 2025, D(2026, 7, 1))["today"] is None
    line = wheel.wheel([], 2026, D(2026, 7, 1))["today"]
    assert 180 <= angle_of(line["x2"], line["y2"]) <= 181  # 1 July: halfway round
