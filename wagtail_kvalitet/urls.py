"""The app's public URLs, outside the admin: include them in the site's URLconf, e.g.
``path("kvalitet/", include("wagtail_kvalitet.urls"))``.

Only what a program without a session must reach lives here: the personal calendar feed, whose
private address is its own key.
"""

from django.urls import path

from .feeds.views import personal_feed

app_name = "wagtail_kvalitet"

urlpatterns = [
    path("kalender/<str:token>.ics", personal_feed, name="personal_calendar"),
]
