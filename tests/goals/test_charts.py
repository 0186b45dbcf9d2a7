"""The goal page's SVG line chart: valid XML, an image with its figures in words, safe with any label."""

import xml.etree.ElementTree as ET
from decimal import Decimal

from django.utils.translation import gettext

from wagtail_kvalitet.goals.charts import format_value, line_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(str(svg))


def texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def point_heights(root):
    return [float(circle.get("cy")) for circle in root.iter(f"{SVG}circle")]


POINTS = [("2024", Decimal("70")), ("2025", Decimal("80.5000")), ("2026", Decimal("85"))]


def test_chart_is_an_image_naming_latest_value_and_target():
    root = parse(line_chart(POINTS, Decimal("90"), "%", "Nöjda brukare", True, chart_id="c1"))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Nöjda brukare"
    description = root.find(f"{SVG}desc").text
    assert format_value(Decimal("85")) in description and "2026" in description
    assert format_value(Decimal("90")) in description
    assert gettext("Higher is better.") in description
    assert not list(root.iter(f"{SVG}script"))


def test_every_point_and_period_is_labelled_and_the_target_is_a_dashed_line():
    root = parse(line_chart(POINTS, Decimal("90"), "%", "T", True))
    labels = texts(root)
    for period, value in POINTS:
        assert period in labels
        assert format_value(value) in labels
    assert format_value(Decimal("80.5000")) == format_value(Decimal("80.5"))
    assert f"{gettext('Target')} {format_value(Decimal('90'))}" in labels
    assert len(root.findall(f".//{SVG}circle")) == 3
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert len(dashed) == 1
    heights = point_heights(root)
    assert heights[0] > heights[1] > heights[2]  # higher values are drawn higher up
    assert float(dashed[0].get("y1")) < heights[2]  # the target 90 is above the latest 85


def test_titles_and_period_labels_are_escaped():
    svg = str(line_chart([("Q1 <&", 5), ("Q2", 6)], 4, "<b>", "Kö <30 dagar & mer", False))
    assert "<b>" not in svg and "Kö <30" not in svg
    root = parse(svg)
    assert root.find(f"{SVG}title").text == "Kö <30 dagar & mer"
    assert "Q1 <&" in texts(root)
    assert "<b>" in texts(root)


def test_one_point_is_drawn_in_the_middle():
    root = parse(line_chart([("2026", 3)], None, "", "T", True))
    circles = root.findall(f".//{SVG}circle")
    assert len(circles) == 1
    assert not [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    assert gettext("Target") not in " ".join(texts(root))


def test_no_values_means_no_chart():
    assert str(line_chart([], Decimal("1"), "%", "T", True)) == ""
    assert str(line_chart([("2026", None)], Decimal("1"), "%", "T", True)) == ""


def test_lower_is_better_says_so_and_keeps_the_axis_the_right_way_up():
    root = parse(line_chart([("2025", 30), ("2026", 12)], 14, "dagar", "Väntetid", False))
    assert gettext("Lower is better.") in root.find(f"{SVG}desc").text
    first, second = point_heights(root)
    assert first < second  # 30 days is drawn above 12 days
