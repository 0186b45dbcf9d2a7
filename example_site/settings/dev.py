"""Development settings: SQLite, emails printed to the console, DEBUG on."""

from .base import *  # noqa: F403

DEBUG = True

# Development only; production reads SECRET_KEY from the environment.
SECRET_KEY = "django-insecure-example-site-development-only"  # noqa: S105

ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]", "testserver"]

EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
