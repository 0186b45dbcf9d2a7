"""The parts of SOSFS 2011:9 as a register in the admin, each naming its figures by checkbox."""

import pytest
from django.urls import reverse

from wagtail_kvalitet.models import RegulationPart
from wagtail_kvalitet.self_assessment.evidence import EVIDENCE
from wagtail_kvalitet.snippets.regulation_parts import RegulationPartForm, RegulationPartViewSet
from wagtail_kvalitet.snippets.viewsets import QualityRegistersGroup

pytestmark = pytest.mark.django_db


def url(name, *args):
    return reverse(RegulationPart.snippet_viewset.get_url_name(name), args=args)


def form_data(part, **changes):
    data = {
        "key": part.key,
        "reference": part.reference,
        "title": part.title,
        "asks": part.asks,
        "evidence": part.evidence,
    }
    return {**data, **changes}


def test_it_is_in_the_quality_menu():
    assert RegulationPartViewSet in QualityRegistersGroup.items


def test_the_listing_shows_the_seeded_parts_in_order(admin_client):
    response = admin_client.get(url("list"))
    assert response.status_code == 200
    html = response.content.decode()
    titles = list(RegulationPart.objects.order_by("sort_order").values_list("title", flat=True))
    positions = [html.index(title) for title in titles]
    assert positions == sorted(positions)


def test_the_evidence_is_chosen_by_checkbox_from_the_registry(admin_client):
    part = RegulationPart.objects.order_by("sort_order").first()
    response = admin_client.get(url("edit", part.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('type="checkbox" name="evidence"') == len(EVIDENCE)
    for key in part.evidence:
        checkbox = html[html.index(f'value="{key}"') :]
        assert "checked" in checkbox[: checkbox.index(">")]

    response = admin_client.post(url("edit", part.pk), form_data(part, evidence=["routines", "processes"]))
    assert response.status_code == 302
    part.refresh_from_db()
    assert part.evidence == ["processes", "routines"]  # the registry's order


def test_an_unknown_figure_is_refused_and_a_retired_one_can_be_unticked():
    part = RegulationPart.objects.order_by("sort_order").first()
    form = RegulationPartForm(form_data(part, evidence=["no-such-figure"]), instance=part)
    assert not form.is_valid() and form.errors["evidence"]

    part.evidence = ["retired-figure", "processes"]
    part.save()
    form = RegulationPartForm(form_data(part), instance=part)
    assert form.is_valid(), form.errors
    form = RegulationPartForm(form_data(part, evidence=["processes"]), instance=part)
    assert form.is_valid() and form.cleaned_data["evidence"] == ["processes"]


def test_a_new_part_goes_last_with_no_figures(admin_client):
    response = admin_client.post(
        url("add"), {"key": "egen-uppfoljning", "reference": "", "title": "Egen uppföljning", "asks": "Vi följer upp."}
    )
    assert response.status_code == 302
    part = RegulationPart.objects.get(key="egen-uppfoljning")
    assert part.evidence == []
    assert RegulationPart.objects.order_by("sort_order").last() == part
