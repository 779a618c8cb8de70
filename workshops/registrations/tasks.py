"""Background work of registrations on Django's tasks API: e-mails, expiry, reminders.

The database backend of production keeps a task enqueued inside a transaction only
if the transaction commits: an e-mail is never sent about a change that was rolled
back. Deferred work (``run_after``) needs a backend that can wait; the immediate
backend of the tests and of ``make run`` cannot, and deferred work is then skipped.
"""

import logging

from django.utils import timezone
from django_tasks import task

logger = logging.getLogger(__name__)

CONFIRM_ADDRESS = "confirm_address"
CONFIRMED = "confirmed"
WAITING = "waiting"
PROMOTED = "promoted"
REFUSED = "refused"
CANCELLED = "cancelled"
ERASED = "erased"
REMINDER = "reminder"


@task()
def send_registration_mail(registration_id, kind, snapshot=None, held_place=False):
    """Send the e-mail of ``kind`` about a registration (``snapshot``: one already erased).

    ``held_place``: the registration gave up a place, so the calendar event is withdrawn.
    """
    from workshops.registrations import mail

    return mail.send_registration_mail(registration_id, kind, snapshot, held_place)


@task()
def expire_registration(registration_id):
    """Delete the request if its address is still unconfirmed."""
    from workshops.registrations import services

    return services.expire(registration_id=registration_id)


@task()
def remind(registration_id):
    """The day before: remind a registration still confirmed for a session still on."""
    from workshops.models import Registration
    from workshops.registrations import mail

    registration = (
        Registration.objects.confirmed()
        .select_related("session")
        .filter(pk=registration_id, reminded_at__isnull=True)
        .first()
    )
    if registration is None or registration.session.is_cancelled or registration.session.is_past:
        return False
    mail.send_registration_mail(registration.pk, REMINDER)
    registration.reminded_at = timezone.now()
    registration.save(update_fields=["reminded_at"])
    return True


@task()
def erase_past_registrations():
    """Delete the registrations kept past their time (``REGISTRATION_RETENTION_MONTHS``)."""
    from workshops.registrations import services

    return services.erase_past()


def send(registration, kind, *, held_place=False):
    snapshot = None
    if kind == ERASED:
        # The row is gone by the time the worker runs: the mail needs its own copy.
        snapshot = {
            "email": registration.email,
            "name": registration.name,
            "language": registration.language,
            "session_id": registration.session_id,
            "held_place": held_place,
        }
    send_registration_mail.enqueue(registration.pk, kind, snapshot, held_place)


def _later(deferred_task, when, *args):
    if deferred_task.get_backend().supports_defer:
        deferred_task.using(run_after=when).enqueue(*args)
    else:
        logger.info("%s not scheduled: the task backend cannot defer", deferred_task.name)


def schedule_expiry(registration, when):
    _later(expire_registration, when, registration.pk)


def schedule_reminder(registration, when):
    if when is not None and when > timezone.now():
        _later(remind, when, registration.pk)
