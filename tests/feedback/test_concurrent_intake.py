"""Fifty senders at once: fifty stored cases with fifty consecutive reference numbers."""

import threading

import pytest
from django.db import connection
from django.utils import timezone

from tests.conftest import make_unit
from wagtail_kvalitet.feedback.intake import receive_case
from wagtail_kvalitet.models import CaseKind, Channel, FeedbackCase, QueuedEmail


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_fifty_concurrent_cases_get_fifty_consecutive_numbers_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("threads need a server database; CI runs this on PostgreSQL")
    unit = make_unit(name="Hemtjänst Norr", contact_email="hemtjanst.norr@exempelvik.example")
    count = 50
    barrier = threading.Barrier(count, timeout=60)
    references, errors = [], []

    def submit(number):
        try:
            barrier.wait()
            case = receive_case(
                kind=CaseKind.COMPLAINT,
                channel=Channel.WEB,
                unit=unit,
                description=f"Synpunkt nummer {number}.",
                email=f"avsandare{number}@exempel.example",
            )
            references.append(case.reference)
        except BaseException as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(number,)) for number in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    year = timezone.localdate().year
    expected = [f"SYN-{year}-{number:05d}" for number in range(1, count + 1)]
    assert sorted(references) == expected
    assert sorted(FeedbackCase.objects.values_list("reference", flat=True)) == expected
    # Each case's receipt and notice were written with it, and sent once it was committed.
    assert QueuedEmail.objects.count() == 2 * count
    assert not QueuedEmail.objects.filter(sent_at__isnull=True).exists()
