"""Guards that the suite runs on the database CI asked for, instead of quietly on another."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_the_suite_runs_on_the_required_database():
    required = os.environ.get("KVALITET_REQUIRE_DATABASE")
    if required is None:
        assert connection.vendor == "sqlite", "without a database URL the suite runs on SQLite"
    else:
        assert connection.vendor == required
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        assert cursor.fetchone() == (1,)
