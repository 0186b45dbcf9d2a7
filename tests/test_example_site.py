"""The example site: Swedish by default, and production settings read from the environment."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from example_site.settings import dev
from example_site.settings.environment import cache_from_url, database_from_url

ROOT = Path(__file__).resolve().parent.parent
MANAGE = ROOT / "example_site" / "manage.py"


def test_development_defaults():
    assert dev.LANGUAGE_CODE == "sv"
    assert dev.WAGTAILADMIN_PERMITTED_LANGUAGES == [("sv", "Svenska")]
    assert dev.DEBUG is True
    assert dev.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert dev.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"


def test_database_urls():
    config = database_from_url("postgres://kval:hemlig%21@db.example:6543/kvalitet?sslmode=require")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["USER"], config["PASSWORD"], config["HOST"], config["PORT"], config["NAME"]) == (
        "kval", "hemlig!", "db.example", "6543", "kvalitet",
    )
    assert config["OPTIONS"] == {"sslmode": "require"}
    assert database_from_url("sqlite:////var/lib/site/db.sqlite3")["NAME"] == "/var/lib/site/db.sqlite3"
    with pytest.raises(ImproperlyConfigured):
        database_from_url("mysql://x@y/z")


def test_cache_urls():
    redis = cache_from_url("redis://127.0.0.1:6379/1")
    assert (redis["BACKEND"], redis["LOCATION"]) == ("django_redis.cache.RedisCache", "redis://127.0.0.1:6379/1")
    # A Redis outage is a cache miss, not an error page, and a dead Redis cannot stall a request for long.
    assert redis["OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert redis["OPTIONS"]["SOCKET_TIMEOUT"] <= 1 and redis["OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] <= 1
    assert cache_from_url("locmem://")["BACKEND"].endswith("LocMemCache")
    with pytest.raises(ImproperlyConfigured):
        cache_from_url("memcached://x")


def manage(*args, env):
    return subprocess.run(
        [sys.executable, str(MANAGE), *args],
        env={**{k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "example_site.settings.production",
    "SECRET_KEY": "a-long-random-production-secret-for-the-deploy-check-0123456789abcdef",
    "ALLOWED_HOSTS": "kvalitet.exempelvik.example",
    "DATABASE_URL": "postgres://kvalitet@db.exempelvik.example:5432/kvalitet",
    "CACHE_URL": "redis://cache.exempelvik.example:6379/1",
    "EMAIL_HOST": "smtp.exempelvik.example",
}


def test_production_settings_pass_the_deploy_check():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_read_the_environment():
    code = (
        "from django.conf import settings as s;"
        "print(s.DEBUG, s.ALLOWED_HOSTS, s.DATABASES['default']['HOST'], s.CACHES['default']['BACKEND'],"
        " s.EMAIL_HOST, s.LANGUAGE_CODE)"
    )
    result = manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "False ['kvalitet.exempelvik.example'] db.exempelvik.example "
        "django_redis.cache.RedisCache smtp.exempelvik.example sv"
    )


def test_production_searches_postgresql_in_swedish():
    code = "from django.conf import settings as s; print(s.WAGTAILSEARCH_BACKENDS['default'].get('SEARCH_CONFIG'))"
    result = manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "swedish"


def test_production_refuses_to_start_without_a_secret_key():
    env = {**PRODUCTION_ENV, "SECRET_KEY": ""}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_production_runs_tasks_on_a_worker_and_caches_pages_for_visitors():
    code = (
        "from django.conf import settings as s;"
        "print(s.TASKS['default']['BACKEND'], 'django_tasks_db' in s.INSTALLED_APPS, s.KVALITET_PAGE_CACHE_SECONDS,"
        " s.MIDDLEWARE[7], repr(s.KVALITET_CLIENT_IP_HEADER), s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
        " s.SESSION_ENGINE)"
    )
    result = manage("shell", "-c", code, env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "django_tasks_db.DatabaseBackend True 300 "
        "wagtail_kvalitet.page_cache.middleware.PageCacheMiddleware '' True True "
        "django.contrib.sessions.backends.cached_db"
    )
    behind_proxy = {**PRODUCTION_ENV, "CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR", "TASK_BACKEND": "immediate"}
    result = manage("shell", "-c", code, env=behind_proxy)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1].startswith(
        "django_tasks.backends.immediate.ImmediateBackend False 300 "
    )
    assert "'HTTP_X_FORWARDED_FOR'" in result.stdout


def test_gunicorn_settings_run_several_threaded_workers():
    namespace = {}
    exec((ROOT / "example_site" / "gunicorn.conf.py").read_text(), namespace)
    assert namespace["worker_class"] == "gthread"
    assert namespace["workers"] >= 2 and namespace["threads"] >= 2
    assert "%(p)s" in namespace["access_log_format"]  # the worker's pid, to see which served what
