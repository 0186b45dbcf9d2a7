"""Reference numbers: unique and gap-free per prefix and year, also when many arrive at once."""

import threading

import pytest
from django.db import connection, transaction

from wagtail_kvalitet.models import ReferenceSequence, next_reference


@pytest.mark.django_db
def test_numbers_count_up_per_prefix_and_year():
    assert next_reference("SYN", 2026) == "SYN-2026-00001"
    assert next_reference("SYN", 2026) == "SYN-2026-00002"
    assert next_reference("IDE", 2026) == "IDE-2026-00001"
    assert next_reference("SYN", 2027) == "SYN-2027-00001"
    assert next_reference("SYN", 2026) == "SYN-2026-00003"


@pytest.mark.django_db
def test_a_submission_that_fails_gives_its_number_back():
    next_reference("SYN", 2026)
    with pytest.raises(RuntimeError), transaction.atomic():
        assert next_reference("SYN", 2026) == "SYN-2026-00002"
        raise RuntimeError("storing the case failed")
    assert next_reference("SYN", 2026) == "SYN-2026-00002"


@pytest.mark.django_db
def test_the_year_defaults_to_this_year():
    from django.utils import timezone

    assert next_reference("SYN") == f"SYN-{timezone.localdate().year}-00001"
    assert ReferenceSequence.objects.get().last_number == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_submissions_get_fifty_consecutive_numbers_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("threads need a server database; CI runs this on PostgreSQL")
    count = 50
    barrier = threading.Barrier(count, timeout=60)
    references, errors = [], []

    def submit():
        try:
            barrier.wait()
            with transaction.atomic():
                references.append(next_reference("SYN", 2026))
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    assert sorted(references) == [f"SYN-2026-{number:05d}" for number in range(1, count + 1)]
