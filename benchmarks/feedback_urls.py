"""The example site's URLs plus the feedback benchmark's baseline: a bare view that stores a case.

The bare view is what the cheapest possible form would do: show a page with a CSRF token, then
store the posted case under a fresh reference number in one transaction and redirect, validating
nothing and sending nothing. The feedback form page is measured against it.
"""

from django.db import transaction
from django.http import HttpResponse, HttpResponseRedirect
from django.template import engines
from django.urls import path
from django.views.decorators.cache import never_cache

from example_site.urls import urlpatterns as site_urlpatterns
from wagtail_kvalitet.antispam import TOKEN_FIELD, issue_token
from wagtail_kvalitet.models import CaseKind, FeedbackCase, next_reference
from wagtail_kvalitet.models.feedback import initial_status

BARE_PREFIX = "BAR"

FORM = engines["django"].from_string(
    '<!doctype html><html lang="sv"><title>Bare</title><form method="post">{% csrf_token %}'
    '<input type="hidden" name="' + TOKEN_FIELD + '" value="{{ token }}"><button>Send</button></form></html>'
)


@never_cache
def bare_form(request):
    if request.method != "POST":
        return HttpResponse(FORM.render({"token": issue_token()}, request))
    data = request.POST
    with transaction.atomic():
        FeedbackCase.objects.create(
            reference=next_reference(BARE_PREFIX),
            kind=data.get("kind", CaseKind.COMPLAINT),
            status=initial_status(data.get("kind", CaseKind.COMPLAINT)),
            unit_id=data.get("unit") or None,
            description=data.get("description", ""),
            occurred_on=data.get("occurred_on") or None,
            sender_type=data.get("sender_type", ""),
            wants_answer=data.get("wants_answer") == "yes",
            contact_method=data.get("contact_method", ""),
            name=data.get("name", ""),
            email=data.get("email", ""),
            phone=data.get("phone", ""),
            postal_address=data.get("postal_address", ""),
        )
    return HttpResponseRedirect("/bare/thanks/", status=303)


def bare_thanks(request):
    return HttpResponse("Thanks")


urlpatterns = [
    path("bare/", bare_form, name="benchmark_bare_form"),
    path("bare/thanks/", bare_thanks),
    *site_urlpatterns,
]
