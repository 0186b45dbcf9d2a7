"""The organisation listing exports to a real spreadsheet, in tree order, with Swedish headings."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.conftest import make_user
from wagtail_kvalitet.models import OrganisationUnit

pytestmark = pytest.mark.django_db


def test_export_to_excel(admin_client, tree):
    tree["admin"].manager = make_user(username="k.lund", first_name="Karin", last_name="Lund")
    tree["admin"].save()
    url = reverse(OrganisationUnit.snippet_viewset.get_url_name("list"))
    response = admin_client.get(url, {"export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Namn", "Kod", "Typ", "Chef", "E-post för kontakt")
    assert [row[1] for row in rows[1:]] == ["SN", "SF", "AO", "AO-HTN", "AO-TALL", "FS", "FS-LIND"]
    assert rows[2][2:4] == ("Förvaltning", "Karin Lund")
