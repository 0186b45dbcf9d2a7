import pytest
from django.test import override_settings

from wagtail_kvalitet.conf import DEFAULTS, kvalitet_settings


def test_defaults_apply_when_the_site_sets_nothing(settings):
    del settings.KVALITET_BASE_TEMPLATE
    assert kvalitet_settings.BASE_TEMPLATE == DEFAULTS["BASE_TEMPLATE"] == "base.html"


def test_overrides_are_seen_and_cleared():
    with override_settings(KVALITET_BASE_TEMPLATE="intranet/base.html"):
        assert kvalitet_settings.BASE_TEMPLATE == "intranet/base.html"
    assert kvalitet_settings.BASE_TEMPLATE == "base.html"


def test_unknown_settings_are_an_error():
    with pytest.raises(AttributeError):
        kvalitet_settings.NO_SUCH_SETTING  # noqa: B018
