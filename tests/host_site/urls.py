"""The host site's URLs: Wagtail's own and the app's public ones, as a host site includes them."""

from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls

urlpatterns = [
    path("admin/", include(wagtailadmin_urls)),
    path("kvalitet/", include("wagtail_kvalitet.urls")),
    path("", include(wagtail_urls)),
]
