"""Settings for the test suite: the example site, with a database chosen by the environment.

``KVALITET_TEST_DATABASE_URL`` (e.g. ``postgres://postgres@127.0.0.1:5432/kvalitet``) runs the
suite on that database; without it, SQLite. ``KVALITET_REQUIRE_DATABASE=postgresql`` makes the
suite fail, not skip, if it is not running on that vendor (CI sets it).
"""

import os

from example_site.settings.base import *  # noqa: F403
from example_site.settings.environment import database_from_url

DEBUG = False
SECRET_KEY = "tests-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]

if os.environ.get("KVALITET_TEST_DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["KVALITET_TEST_DATABASE_URL"])}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3", "NAME": ":memory:"}}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WAGTAILADMIN_BASE_URL = "http://testserver"
