from django.apps import AppConfig


class BaselineConfig(AppConfig):
    """A plain Wagtail page type, the baseline the benchmarks measure the app's pages against."""

    name = "benchmarks.baseline"
    label = "baseline"
    default_auto_field = "django.db.models.BigAutoField"
