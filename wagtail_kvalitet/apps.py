"""Django app configuration for wagtail-kvalitet."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WagtailKvalitetConfig(AppConfig):
    name = "wagtail_kvalitet"
    label = "wagtail_kvalitet"
    verbose_name = _("Quality management")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401  (registers the system checks)
        from .page_cache import invalidation

        invalidation.connect()
