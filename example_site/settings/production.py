"""Production settings: everything secret or host-specific comes from the environment.

Required: ``SECRET_KEY``, ``ALLOWED_HOSTS`` (comma-separated), ``DATABASE_URL``.
Optional: ``CACHE_URL``, ``EMAIL_HOST``, ``EMAIL_PORT``, ``EMAIL_HOST_USER``,
``EMAIL_HOST_PASSWORD``, ``EMAIL_USE_TLS``, ``DEFAULT_FROM_EMAIL``, ``WAGTAILADMIN_BASE_URL``,
``SECURE_HSTS_SECONDS``, ``SECURE_SSL_REDIRECT``, ``SESSION_COOKIE_SECURE``,
``CSRF_COOKIE_SECURE``, ``CLIENT_IP_HEADER``, ``PAGE_CACHE_SECONDS``,
``PAGE_CACHE_SPREAD_SECONDS``, ``TASK_BACKEND`` and
``SEARCH_CONFIG`` (PostgreSQL text search configuration, ``swedish`` by default).

The shape this is made for (README, "Running in production"): several gunicorn workers, on one
or more servers, sharing PostgreSQL and Redis, with a task worker (``manage.py db_worker``) in a
process of its own. Nothing is kept per process: sessions and tasks live in the database, rate
limits and cached pages in Redis.
"""

from .base import *  # noqa: F403
from .environment import cache_from_url, database_from_url, env, env_bool, env_int, env_list

DEBUG = False

SECRET_KEY = env("SECRET_KEY", required=True)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

DATABASES = {"default": database_from_url(env("DATABASE_URL", required=True))}

# The feedback forms count submissions and spend single-use tokens in the cache, so it must be
# shared by all server processes: a file-based cache under the project by default (shared on one
# machine); with several servers set CACHE_URL to Redis. A local-memory cache fails the deploy check.
CACHES = {"default": cache_from_url(env("CACHE_URL") or f"file://{BASE_DIR / 'cache'}")}  # noqa: F405

# Sessions are read from the cache and written through to the database: a signed-in reader's
# request needs no session query, and a cache that is restarted loses no one's session.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# Pages for visitors and for signed-in staff with the same permissions are served from the shared
# cache, rendered again after a publish (see the app's page_cache).
KVALITET_PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 300)
KVALITET_PAGE_CACHE_SPREAD_SECONDS = env_int("PAGE_CACHE_SPREAD_SECONDS", 60)

# Behind a proxy, the header whose right-most address is the client's (for the forms' rate limit),
# e.g. HTTP_X_FORWARDED_FOR when nginx sets X-Forwarded-For. Unset, REMOTE_ADDR.
KVALITET_CLIENT_IP_HEADER = env("CLIENT_IP_HEADER", "")

# Tasks (sending a case's emails, reminders) are stored in the database and run by a worker process,
# ``manage.py db_worker``, never in the request. TASK_BACKEND=immediate runs them in the request
# instead, for a small site without a worker.
if env("TASK_BACKEND", "database") == "immediate":
    TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
else:
    INSTALLED_APPS = [*INSTALLED_APPS, "django_tasks", "django_tasks_db"]  # noqa: F405
    TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Wagtail's search in the database; on PostgreSQL with Swedish stemming and stop words, so a
# search for "rutiner" also finds "rutin".
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    WAGTAILSEARCH_BACKENDS = {
        "default": {
            "BACKEND": "wagtail.search.backends.database",
            "SEARCH_CONFIG": env("SEARCH_CONFIG", "swedish"),
        }
    }

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405
SERVER_EMAIL = DEFAULT_FROM_EMAIL

WAGTAILADMIN_BASE_URL = env("WAGTAILADMIN_BASE_URL", WAGTAILADMIN_BASE_URL)  # noqa: F405

# HTTPS everywhere; the proxy in front tells us the original scheme.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
# Cookies only over HTTPS; turn off only for a test on plain HTTP over loopback.
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# Wagtail allows its own preview views in a same-origin frame; everything else is DENY.
X_FRAME_OPTIONS = "DENY"

STORAGES["staticfiles"]["BACKEND"] = (  # noqa: F405
    "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}
