"""A communicator builds the manual, a process with structured blocks and a routine in the admin, in Swedish."""

import re

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from tests.builders import make_manual, make_process
from wagtail_kvalitet.models import ProcessPage, QualityArea, QualityManualPage, RoutinePage

pytestmark = pytest.mark.django_db


def list_block(items):
    """ListBlock form data, as the admin's editor posts it."""
    data = {str(index): {"value": item, "deleted": "", "order": str(index)} for index, item in enumerate(items)}
    data["count"] = str(len(items))
    return data


def add_url(model, parent):
    return reverse("wagtailadmin_pages:add", args=("wagtail_kvalitet", model._meta.model_name, parent.pk))


def test_add_forms_are_in_swedish_with_help_text(admin_client, site_root):
    manual = make_manual(site_root)
    process = make_process(manual)
    html = admin_client.get(add_url(ProcessPage, manual)).content.decode()
    assert "Typ av process" in html and "Varför processen finns" in html
    assert "Dokumentstyrning" in html and "Upprättad av" in html
    # The role blocks carry their standard mandates, in Swedish, for the editor to adjust.
    # The block definitions travel as JSON, with non-ASCII letters escaped.
    definitions = re.sub(r"\\u([0-9a-f]{4})", lambda match: chr(int(match.group(1), 16)), html)
    assert "Processägare" in definitions and "Har mandat och resurser" in definitions
    assert admin_client.get(add_url(RoutinePage, process)).status_code == 200
    assert admin_client.get(add_url(QualityManualPage, site_root)).status_code == 200


def test_communicator_creates_a_manual_process_and_routine(admin_client, site_root, tree):
    response = admin_client.post(
        add_url(QualityManualPage, site_root),
        nested_form_data({
            "title": "Kvalitetshandbok",
            "slug": "kvalitetshandbok",
            "scope": rich_text("<p>Hela socialförvaltningen.</p>"),
            "body": streamfield([]),
            "action-publish": "publish",
        }),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    manual = QualityManualPage.objects.get(slug="kvalitetshandbok")

    safety = QualityArea.objects.get(code="safety")
    response = admin_client.post(
        add_url(ProcessPage, manual),
        nested_form_data({
            "title": "Hemtjänst",
            "slug": "hemtjanst",
            "kind": "core",
            "purpose": "Stöd i hemmet.",
            "document_owner": "",
            "responsible_unit": tree["elderly"].pk,
            "drawn_up_by": "Kvalitetsutvecklare",
            "body": streamfield([
                ("roles", streamfield([
                    ("process_owner", {"holder": "Äldreomsorgschef", "unit": tree["elderly"].pk, "mandate": "Äger."}),
                ])),
                ("steps", {"heading": "Flöde", "steps": list_block([
                    {"title": "Ta emot beslut", "description": "", "responsible": "Samordnare",
                     "inputs": "Beslut", "outputs": "Plan"},
                ])}),
                ("responsibilities", {"caption": "Ansvar", "rows": list_block([
                    {"what": "Planera", "who": "Samordnare", "follow_up": "Varje vecka"},
                ])}),
                ("risk", {"title": "Missat besök", "probability": "2", "consequence": "4", "cause": "",
                          "action": "Larm", "owner": "Enhetschef"}),
            ]),
            "action-publish": "publish",
        })
        | {"units": [tree["home_care"].pk], "quality_areas": [safety.pk]},  # multiple values: not nested data
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    process = ProcessPage.objects.get(slug="hemtjanst")
    assert [block.block_type for block in process.body] == ["roles", "steps", "responsibilities", "risk"]
    assert process.body[0].value[0].value["unit"] == tree["elderly"]
    assert list(process.units.all()) == [tree["home_care"]]
    assert process.approved_on is None  # publishing is not approving

    response = admin_client.post(
        add_url(RoutinePage, process),
        nested_form_data({
            "title": "Nyckelhantering",
            "slug": "nyckelhantering",
            "summary": "Så hanterar vi nycklar.",
            "responsible": "Enhetschef",
            "legal_basis": "SoL",
            "body": streamfield([]),
            "action-publish": "publish",
        }),
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    routine = RoutinePage.objects.get(slug="nyckelhantering")
    assert routine.get_parent().pk == process.pk
    assert "Missat besök" in admin_client.get(process.url).content.decode()


def test_missing_required_fields_get_messages_and_nothing_is_created(admin_client, site_root):
    manual = make_manual(site_root)
    response = admin_client.post(
        add_url(ProcessPage, manual),
        nested_form_data({"title": "Utan syfte", "slug": "utan-syfte", "kind": "core", "purpose": "",
                          "body": streamfield([]), "action-publish": "publish"}),
    )
    assert response.status_code == 200
    assert "Sidan kunde inte skapas" in response.content.decode()
    assert "Varför processen finns" in response.content.decode()  # the field keeps its help text beside the error
    assert not ProcessPage.objects.filter(slug="utan-syfte").exists()


def test_every_demo_page_opens_in_the_editor(admin_client):
    from wagtail_kvalitet.demo import build_demo
    from wagtail_kvalitet.models import GoverningPage

    build_demo()
    pages = GoverningPage.objects.all()
    assert pages.count() >= 20
    for page in pages:
        response = admin_client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,)))
        assert response.status_code == 200, page


def test_the_demo_overdue_routine_is_in_the_review_report(admin_client):
    from wagtail_kvalitet.demo import build_demo
    from wagtail_kvalitet.models import ReviewStatus

    build_demo()
    overdue = [page for page in RoutinePage.objects.all() if page.review_status() == ReviewStatus.OVERDUE]
    assert overdue
    html = admin_client.get(reverse("wagtail_kvalitet_reports:review_due")).content.decode()
    for page in overdue:
        assert page.title in html
    assert "Försenad revision" in html
