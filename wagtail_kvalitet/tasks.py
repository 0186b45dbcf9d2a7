"""Background tasks (django-tasks): the reminder job, for sites that run it on their task worker instead of cron."""

from django_tasks import task

from .reminders import send_due_reminders


@task()
def send_due_reminders_task():
    """Send today's reminders; the result is the run's summary (emails sent, items, failures).

    Safe to enqueue from several servers or twice a day: the ledger lets each reminder be sent once.
    """
    return send_due_reminders().as_dict()
