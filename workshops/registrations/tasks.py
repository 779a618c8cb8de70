"""Background work of registrations on Django's tasks API: e-mails, expiry, reminders.

The database backend (the default, ``make run`` included) keeps a task enqueued inside
a transaction only if the transaction commits: an e-mail is never sent about a change
that was rolled back. Deferred work (``run_after``) needs a backend that can wait; the
immediate backend of the tests (``TASKS_BACKEND=immediate``) cannot, and deferred work
is then skipped.
"""

import datetime as dt
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
SESSION_CHANGED = "session_changed"
SESSION_CANCELLED = "session_cancelled"

# A reminder booked for an earlier schedule of its session wakes up before its time: it
# leaves the work to the one booked for the new schedule (with this much slack for a
# worker that starts a task a little early or late).
REMINDER_SLACK = dt.timedelta(minutes=10)


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
    from workshops.registrations import mail, services

    registration = (
        Registration.objects.confirmed()
        .select_related("session")
        .filter(pk=registration_id, reminded_at__isnull=True)
        .first()
    )
    if registration is None or registration.session.is_cancelled or registration.session.is_past:
        return False
    due = services.reminder_time(registration.session)
    if due is None or timezone.now() < due - REMINDER_SLACK:
        return False
    mail.send_registration_mail(registration.pk, REMINDER)
    registration.reminded_at = timezone.now()
    registration.save(update_fields=["reminded_at"])
    return True


@task()
def tell_schedule_change(session_id, sequence):
    """The session's day, time or place changed: tell the people holding or awaiting a place.

    ``sequence``: the session's sequence after the change; when it has moved on, a later
    change has its own task, and only that one writes (one e-mail for a burst of edits).
    How many people were told.
    """
    from workshops.models import Registration, Session
    from workshops.registrations import services

    session = Session.objects.filter(pk=session_id).first()
    if session is None or session.sequence != sequence or session.is_past:
        return 0
    kind = SESSION_CANCELLED if session.is_cancelled else SESSION_CHANGED
    due = services.reminder_time(session)
    told = 0
    # Not the unconfirmed requests: nobody has yet shown that their address is theirs.
    State = Registration.State
    standing = Registration.objects.filter(
        session=session, state__in=[State.CONFIRMED, State.WAITING]
    )
    for registration in standing:
        confirmed = registration.state == State.CONFIRMED
        send(registration, kind, held_place=confirmed)
        told += 1
        if confirmed and kind == SESSION_CHANGED and due is not None and due > timezone.now():
            if registration.reminded_at is not None:
                # Reminded of the old day: the new day deserves its own reminder.
                registration.reminded_at = None
                registration.save(update_fields=["reminded_at"])
            schedule_reminder(registration, due)
    return told


@task()
def erase_past_registrations(daily=False):
    """Delete the registrations kept past their time (``REGISTRATION_RETENTION_MONTHS``).

    ``daily``: a link of the daily chain, which books tomorrow's run before it does
    today's work, so that a failure today cannot end the chain.
    """
    from workshops.registrations import services

    if daily:
        schedule_daily_erasure()
    return services.erase_past()


# The hour of the day (Europe/Rome) at which the daily erasure runs: a quiet one.
ERASURE_HOUR = dt.time(3, 30)


def next_erasure_time(now=None):
    """The next ``ERASURE_HOUR`` strictly after ``now``, in the site's time zone."""
    now = timezone.localtime(now or timezone.now())
    when = now.replace(hour=ERASURE_HOUR.hour, minute=ERASURE_HOUR.minute, second=0, microsecond=0)
    if when <= now:
        # Through the date, not 24 hours: the hour stays 3:30 across a change of DST.
        tomorrow = now.date() + dt.timedelta(days=1)
        when = timezone.make_aware(dt.datetime.combine(tomorrow, ERASURE_HOUR))
    return when


def schedule_daily_erasure(now=None):
    """Make sure the next daily erasure is booked; its run time, or None if it cannot be.

    Idempotent: every caller (the migrations at each deploy, each day's run) asks for
    the same run time, and a run already booked for it is not booked twice.
    """
    backend = erase_past_registrations.get_backend()
    if not backend.supports_defer:
        logger.info("daily erasure not scheduled: the task backend cannot defer")
        return None
    when = next_erasure_time(now)
    if _is_booked(erase_past_registrations, when):
        return when
    erase_past_registrations.using(run_after=when).enqueue(daily=True)
    return when


def _is_booked(deferred_task, when):
    """Whether the database backend already holds a waiting run of ``deferred_task`` at ``when``.

    Other backends cannot be asked: they get the run again, which erasing twice makes
    harmless.
    """
    from django_tasks.base import TaskResultStatus
    from django_tasks_db.backend import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(deferred_task.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.filter(
        status=TaskResultStatus.READY, task_path=deferred_task.module_path, run_after=when
    ).exists()


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
