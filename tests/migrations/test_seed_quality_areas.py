"""The quality-area data migration is reversible and does not duplicate areas when re-applied."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from wagtail_kvalitet.models import QualityArea


def migrate_to(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("wagtail_kvalitet", target)])


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_seed_migration_is_reversible():
    assert QualityArea.objects.count() == 7
    QualityArea.objects.create(code="egen", name="Kommunens eget område", sort_order=8)
    try:
        migrate_to("0001_initial")
        assert list(QualityArea.objects.values_list("code", flat=True)) == ["egen"]
        migrate_to("0002_seed_quality_areas")
        assert QualityArea.objects.count() == 8
    finally:
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
