"""``manage.py kvalitet_retention``: lists in a dry run, anonymises for real, and refuses a nonsense period."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.test.utils import override_settings
from django.utils import formats, timezone
from django.utils.translation import gettext

from tests.case_builders import close, make_case
from wagtail_kvalitet.models import FeedbackCase, QueuedEmail

pytestmark = pytest.mark.django_db


def closed_case(unit, days_ago, **fields):
    closed = timezone.now() - datetime.timedelta(days=days_ago)
    fields.setdefault("email", "avsandare@exempelvik.example")
    case = close(make_case(unit, received_at=closed - datetime.timedelta(days=10), **fields), when=closed)
    QueuedEmail.objects.create(purpose="case-receipt", to=case.email, subject="Kvitto", body="Tack", case=case)
    return case


def run(*args):
    out = io.StringIO()
    call_command("kvalitet_retention", *args, stdout=out)
    return out.getvalue()


def test_a_dry_run_lists_reference_and_closing_date_and_changes_nothing(tree):
    old = closed_case(tree["home_care"], 800)
    closed_case(tree["home_care"], 100)
    output = run("--dry-run")
    closed_on = formats.date_format(timezone.localtime(old.finished_at), "SHORT_DATE_FORMAT")
    assert gettext("%(reference)s, closed %(date)s") % {"reference": old.reference, "date": closed_on} in output
    assert output.count("\n") == 2
    assert gettext(
        "Dry run, nothing changed. Cases closed more than %(months)d months ago to anonymise: %(count)d."
    ) % {"months": 24, "count": 1} in output
    assert not FeedbackCase.objects.filter(anonymised_at__isnull=False).exists()
    assert QueuedEmail.objects.count() == 2


def test_a_run_anonymises_and_reports_then_a_second_reports_nothing(tree):
    old = closed_case(tree["home_care"], 800)
    closed_case(tree["home_care"], 100)
    message = gettext(
        "Personal data removed from %(count)d cases closed more than %(months)d months ago; "
        "queued emails deleted: %(emails)d."
    )
    assert message % {"count": 1, "months": 24, "emails": 1} in run()
    old.refresh_from_db()
    assert old.email == "" and old.anonymised_at is not None
    assert message % {"count": 0, "months": 24, "emails": 0} in run()


def test_months_from_the_option_or_the_setting(tree):
    closed_case(tree["home_care"], 100)
    assert FeedbackCase.objects.filter(anonymised_at__isnull=False).count() == 0
    with override_settings(KVALITET_CASE_RETENTION_MONTHS=2):
        assert "%(count)d" not in run("--dry-run")
        assert ": 1." in run("--dry-run")
    run("--months", "4")
    assert FeedbackCase.objects.filter(anonymised_at__isnull=False).count() == 0
    run("--months", "3")
    assert FeedbackCase.objects.filter(anonymised_at__isnull=False).count() == 1


@pytest.mark.parametrize("months", ["0", "-3", "två"])
def test_a_period_that_is_not_a_positive_number_is_refused(tree, months):
    closed_case(tree["home_care"], 800)
    with pytest.raises(CommandError) as error:
        run("--months", months)
    assert str(error.value) == gettext("--months must be a whole number of months, at least 1.")
    assert not FeedbackCase.objects.filter(anonymised_at__isnull=False).exists()
