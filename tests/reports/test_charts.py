"""The report's SVG bar charts: valid XML, accessible as images, and safe with any label."""

import xml.etree.ElementTree as ET

from django.utils.translation import gettext

from wagtail_kvalitet.reports.charts import MAX_LABEL_CHARS, bar_chart

SVG = "{http://www.w3.org/2000/svg}"


def parse(svg):
    return ET.fromstring(str(svg))


def texts(root):
    return ["".join(element.itertext()) for element in root.iter(f"{SVG}text")]


def test_chart_is_an_image_with_title_and_description():
    root = parse(bar_chart("c1", "Ärenden per typ", [("Klagomål", 12), ("Beröm", 3)], description="Kvartal 1."))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    assert root.find(f"{SVG}title").text == "Ärenden per typ"
    assert root.find(f"{SVG}title").get("id") == "c1-title"
    description = root.find(f"{SVG}desc")
    assert description.get("id") == "c1-desc"
    assert description.text.startswith("Kvartal 1.")
    assert "Klagomål: 12" in description.text
    assert "Beröm: 3" in description.text


def test_every_bar_has_its_label_and_value_as_text():
    root = parse(bar_chart("c", "T", [("Klagomål", 12), ("Beröm", 3), ("Förslag", 0)]))
    assert texts(root) == ["Klagomål", "12", "Beröm", "3", "Förslag", "0"]
    widths = [float(rect.get("width")) for rect in root.iter(f"{SVG}rect")]
    assert widths[0] > widths[1] > widths[2] == 0
    assert widths[1] == round(widths[0] * 3 / 12, 1)


def test_labels_and_titles_are_escaped():
    label = 'Vård & omsorg <Norr> "A" \'B\''
    svg = bar_chart('id"x', "Titel & <mer>", [(label, 1)], description="<script>alert(1)</script>")
    root = parse(svg)
    assert texts(root)[0] == label
    assert root.find(f"{SVG}title").text == "Titel & <mer>"
    assert "<script>" not in str(svg)
    assert root.find(f"{SVG}desc").text.startswith("<script>alert(1)</script>")
    assert root.find(f"{SVG}title").get("id") == 'id"x-title'


def test_long_labels_are_cut_in_the_chart_only():
    label = "Hemtjänsten i norra delen av kommunen, grupp tre"
    root = parse(bar_chart("c", "T", [(label, 5)]))
    shown = texts(root)[0]
    assert len(shown) == MAX_LABEL_CHARS
    assert shown.endswith("…")
    assert label in root.find(f"{SVG}desc").text


def test_an_empty_chart_says_so():
    root = parse(bar_chart("c", "T", []))
    assert texts(root) == [gettext("No data.")]
    assert list(root.iter(f"{SVG}rect")) == []


def test_all_zero_values_draw_no_bars_and_no_division_error():
    root = parse(bar_chart("c", "T", [("A", 0), ("B", 0)]))
    assert [rect.get("width") for rect in root.iter(f"{SVG}rect")] == ["0", "0"]
