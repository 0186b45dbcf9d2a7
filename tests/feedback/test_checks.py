"""The deploy check that the cache counts feedback submissions across server processes."""

import shutil

import pytest
from django.core.checks import Warning, run_checks
from django.test.utils import override_settings

from tests.test_example_site import PRODUCTION_ENV, ROOT, manage
from wagtail_kvalitet.checks import check_cache_counts_across_processes


def cache(backend, location=""):
    return {"default": {"BACKEND": f"django.core.cache.backends.{backend}", "LOCATION": location}}


def cache_warnings(include_deployment_checks=True):
    messages = run_checks(tags=["caches"], include_deployment_checks=include_deployment_checks)
    return [message for message in messages if message.id == "wagtail_kvalitet.W001"]


@pytest.mark.parametrize("backend", ["locmem.LocMemCache", "dummy.DummyCache"])
def test_a_cache_of_one_process_warns_under_deploy(backend):
    with override_settings(CACHES=cache(backend)):
        warnings = cache_warnings()
    assert len(warnings) == 1
    assert isinstance(warnings[0], Warning)
    assert backend.split(".")[-1] in warnings[0].msg
    assert "Redis" in warnings[0].hint
    assert "Memcached" in warnings[0].hint


@pytest.mark.parametrize(
    "backend, location",
    [
        ("filebased.FileBasedCache", "/var/cache/kvalitet"),
        ("db.DatabaseCache", "kvalitet_cache"),
        ("redis.RedisCache", "redis://127.0.0.1:6379/1"),
    ],
)
def test_a_shared_cache_passes(backend, location):
    with override_settings(CACHES=cache(backend, location)):
        assert check_cache_counts_across_processes() == []
        assert cache_warnings() == []


def test_only_a_deploy_check():
    with override_settings(CACHES=cache("locmem.LocMemCache")):
        assert cache_warnings(include_deployment_checks=False) == []


def test_production_defaults_to_a_shared_cache_and_passes_the_deploy_check():
    env = {name: value for name, value in PRODUCTION_ENV.items() if name != "CACHE_URL"}
    cache_dir = ROOT / "example_site" / "cache"
    existed = cache_dir.exists()
    try:
        result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    finally:
        if not existed:
            shutil.rmtree(cache_dir, ignore_errors=True)
    assert result.returncode == 0, result.stdout + result.stderr
    code = "from django.conf import settings as s; print(s.CACHES['default']['BACKEND'])"
    result = manage("shell", "-c", code, env=env)
    assert result.stdout.strip().splitlines()[-1] == "django.core.cache.backends.filebased.FileBasedCache"


def test_production_with_a_local_memory_cache_fails_the_deploy_check():
    env = {**PRODUCTION_ENV, "CACHE_URL": "locmem://"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=env)
    assert result.returncode != 0
    assert "wagtail_kvalitet.W001" in result.stdout + result.stderr
