"""Registers the admin view where a person gets, renews or revokes the address of their calendar feed.

It is a personal setting, so it is reached from the account page and from "My quality work",
not from the main menu.

Each person manages their own address only: the view never takes a user from the request's
parameters, so nobody can see or change another person's feed.
"""

from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.utils import get_admin_base_url
from wagtail.admin.views.generic import WagtailAdminTemplateMixin

from ..models.calendar_feeds import CalendarFeedToken

URL_NAME = "wagtail_kvalitet_calendar_feed"
RENEW, REVOKE = "renew", "revoke"


def feed_url(token, request):
    """The feed's absolute address: a calendar program fetches it from outside the admin."""
    path_ = reverse("wagtail_kvalitet:personal_calendar", args=[token.token])
    base = get_admin_base_url()
    return base.rstrip("/") + path_ if base else request.build_absolute_uri(path_)


def webcal_url(url):
    """The same address for a link that opens the calendar program to subscribe."""
    return "webcal://" + url.split("://", 1)[1]


class CalendarFeedView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "wagtail_kvalitet/admin/calendar_feed.html"
    page_title = _("My calendar feed")
    header_icon = "calendar"
    http_method_names = ["get", "post"]

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        token = CalendarFeedToken.current_for(self.request.user)
        url = feed_url(token, self.request) if token else ""
        context.update(token=token, feed_url=url, webcal_url=webcal_url(url) if url else "", renew=RENEW, revoke=REVOKE)
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        if action == RENEW:
            had_one = CalendarFeedToken.current_for(request.user) is not None
            CalendarFeedToken.renew(request.user)
            if had_one:
                messages.success(request, _("Your calendar feed has a new address. The old address no longer works."))
            else:
                messages.success(request, _("Your calendar feed has an address. Add it to your calendar program."))
        elif action == REVOKE:
            if CalendarFeedToken.revoke_all(request.user):
                messages.success(request, _("The address of your calendar feed no longer works."))
            else:
                messages.warning(request, _("You had no calendar feed address to revoke."))
        else:
            messages.error(request, _("Choose to create a new address or to revoke the current one."))
        return redirect(URL_NAME)


def calendar_feed_urls():
    """For the ``register_admin_urls`` hook."""
    return [path("kvalitet/kalender/", CalendarFeedView.as_view(), name=URL_NAME)]


def calendar_feed_account_item(request):
    """For the ``register_account_menu_item`` hook: a link on the account page."""
    return {
        "url": reverse(URL_NAME),
        "label": _("My calendar feed"),
        "help_text": _("Subscribe to your due items and annual-cycle activities in Outlook or another calendar."),
    }


def register_feed_admin():
    """Called once from ``wagtail_hooks``."""
    hooks.register("register_admin_urls", calendar_feed_urls)
    hooks.register("register_account_menu_item", calendar_feed_account_item)
