"""The feedback form block: a form page's form embedded in another page, posting to the form page."""

import re
import uuid

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext, override_settings
from django.utils.html import escape

from tests.builders import make_manual, make_section
from tests.conftest import make_unit
from tests.feedback.form_builders import posted, public_answers
from tests.feedback.intake_builders import make_form_page
from wagtail_kvalitet import antispam
from wagtail_kvalitet.blocks import FeedbackFormBlock, section_blocks
from wagtail_kvalitet.blocks.content import routine_blocks
from wagtail_kvalitet.models import FeedbackCase

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def embed(form_page, heading="Tyck till om rutinen"):
    return [{"type": "feedback_form", "value": {"heading": heading, "page": form_page.pk}, "id": str(uuid.uuid4())}]


@pytest.fixture
def form_page(site_root):
    return make_form_page(site_root, consent_text="<p>Så hanterar vi dina personuppgifter.</p>")


def test_the_block_is_offered_in_the_manual_and_routines():
    assert isinstance(dict(section_blocks())["feedback_form"], FeedbackFormBlock)
    assert isinstance(dict(routine_blocks())["feedback_form"], FeedbackFormBlock)


def test_a_page_with_the_block_shows_the_form_posting_to_the_form_page(client, site_root, form_page, tree):
    chapter = make_section(make_manual(), body=embed(form_page))
    response = client.get(chapter.url)
    assert response.status_code == 200
    html = response.content.decode()
    form = re.search(r"<form class=\"kvalitet-feedback-form\".*?</form>", html, re.S).group(0)
    assert f'action="{form_page.url}"' in form
    assert 'name="csrfmiddlewaretoken"' in form
    assert 'name="description"' in form and 'name="unit"' in form
    assert "Så hanterar vi dina personuppgifter." in form
    assert ">Tyck till om rutinen</h2>" in html
    assert "feedback.css" in html
    assert f'name="{antispam.HONEYPOT_FIELD}"' in form and f'name="{antispam.TOKEN_FIELD}"' in form


@override_settings(KVALITET_FEEDBACK_MIN_SECONDS=0)
def test_posting_the_embedded_form_creates_a_case_on_the_form_page(client, form_page, tree):
    chapter = make_section(make_manual(), body=embed(form_page))
    html = client.get(chapter.url).content.decode()
    action = re.search(r'<form class="kvalitet-feedback-form"[^>]*action="([^"]+)"', html).group(1)
    token = re.search(rf'name="{antispam.TOKEN_FIELD}" value="([^"]+)"', html).group(1)
    response = client.post(action, posted(public_answers(unit=str(tree["home_care"].pk)), token=token))
    assert response.status_code == 303
    case = FeedbackCase.objects.get()
    assert (case.source_page_id, case.unit) == (form_page.pk, tree["home_care"])
    assert case.reference in client.get(response["Location"]).content.decode()


def test_errors_from_the_embedded_form_are_shown_on_the_form_page(client, form_page, tree):
    response = client.post(form_page.url, posted(public_answers(kind="")))
    assert response.status_code == 200
    assert "kvalitet-error-summary" in response.content.decode()


def test_two_embedded_forms_do_not_share_ids(client, form_page, tree):
    chapter = make_section(make_manual(), body=embed(form_page) + embed(form_page, heading="Igen"))
    html = client.get(chapter.url).content.decode()
    ids = re.findall(r'\bid="(kvalitet-feedback-[^"]+)"', html)
    assert len(ids) > 10
    assert len(ids) == len(set(ids))
    assert html.count('name="description"') == 2


def block_queries(client, chapter):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(chapter.url).status_code == 200
    return len(queries)


def test_the_block_needs_as_many_queries_for_50_units_as_for_5(client, form_page):
    board = make_unit()
    for _ in range(4):
        make_unit(board)
    chapter = make_section(make_manual(), body=embed(form_page))
    client.get(chapter.url)
    with_5 = block_queries(client, chapter)
    for _ in range(45):
        make_unit(board)
    assert block_queries(client, chapter) == with_5


def test_a_block_whose_form_page_is_unpublished_shows_nothing(client, form_page, tree):
    chapter = make_section(make_manual(), body=embed(form_page))
    form_page.unpublish()
    html = client.get(chapter.url).content.decode()
    assert "kvalitet-feedback-form" not in html
    assert "Tyck till om rutinen" not in html


def test_the_heading_is_escaped(client, form_page, tree):
    chapter = make_section(make_manual(), body=embed(form_page, heading="<script>x()</script>"))
    html = client.get(chapter.url).content.decode()
    assert "<script>x()" not in html
    assert escape("<script>x()</script>") in html


def test_without_a_heading_the_form_pages_title_is_the_heading(client, form_page, tree):
    chapter = make_section(make_manual(), body=embed(form_page, heading=""))
    assert f">{escape(form_page.title)}</h2>" in client.get(chapter.url).content.decode()
