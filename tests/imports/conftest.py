"""The import tests read messages in English, so they keep passing once the messages are translated."""

import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def english():
    """Messages and headings in English; the Swedish spellings are still accepted, as on a Swedish site."""
    with translation.override("en"):
        yield
