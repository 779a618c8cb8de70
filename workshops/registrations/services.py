"""Every change of a registration's state, each in one transaction under the session's lock.

The lock is the session's row, taken with ``select_for_update`` (the registration
settings may be deleted while registrations remain; the session may not):
counting the confirmed places and taking one happen while no other confirmation of
the same session can, so the places given never exceed the capacity, nor the
per-organisation limit, whatever the number of people confirming at the same instant.
"""

import datetime as dt

from django.apps import apps
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from workshops.models import Registration, RegistrationSettings, Session
from workshops.registrations import tasks

State = Registration.State


def _locked_settings(session_id):
    """Take the session's lock for this transaction; its registration settings, or None."""
    Session.objects.select_for_update().filter(pk=session_id).values_list("pk").get()
    return RegistrationSettings.objects.filter(session_id=session_id).first()


def _org_is_full(registration_settings, registration):
    key = registration.organisation_key
    if not key:
        return False
    taken = (
        Registration.objects.confirmed()
        .filter(session_id=registration.session_id, organisation_key=key)
        .count()
    )
    return taken >= registration_settings.per_organisation_limit


def reminder_time(session):
    """The day before, at the hour the session starts (9:00 for a session without time)."""
    if session.starts_at is None:
        return None
    start = timezone.localtime(session.starts_at)
    if session.start_time is None:
        start = start.replace(hour=9)
    return start - dt.timedelta(days=1)


def _placed(registration, *, kind):
    """Give ``registration`` its place (state saved by the caller) and tell its person."""
    tasks.send(registration, kind)
    tasks.schedule_reminder(registration, reminder_time(registration.session))


def open_registration(*, session, capacity, per_organisation_limit=2, has_waiting_list=True,
                      closes_at=None):  # fmt: skip
    """Open registration on ``session`` unless it is open already; the settings, or None."""
    if RegistrationSettings.objects.filter(session=session).exists():
        return None
    registration_settings = RegistrationSettings(
        session=session,
        capacity=capacity,
        per_organisation_limit=per_organisation_limit,
        has_waiting_list=has_waiting_list,
        closes_at=closes_at,
    )
    registration_settings.full_clean()
    registration_settings.save()
    return registration_settings


def workshop_open_registration(*, workshop, **options):
    """Open registration on every session of ``workshop`` that has none; how many were opened."""
    with transaction.atomic():
        return sum(
            open_registration(session=session, **options) is not None
            for session in workshop.sessions.all()
        )


def register(*, session, name, email, language, has_consented, **answers):
    """Record a request and send the confirmation link; nothing is held until it is used.

    A second request for an address already standing gives the same answer to the
    visitor (nobody learns who registered): a pending one gets its link again, the
    others nothing more.
    """
    registration = Registration(
        session=session,
        name=name,
        email=email,
        language=language,
        has_consented=has_consented,
        **answers,
    )
    registration.full_clean(exclude=["session"], validate_constraints=False)
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:
        standing = (
            Registration.objects.active().filter(session=session, email=registration.email).first()
        )
        if standing is not None and standing.state == State.PENDING:
            tasks.send(standing, tasks.CONFIRM_ADDRESS)
        return None
    tasks.send(registration, tasks.CONFIRM_ADDRESS)
    tasks.schedule_expiry(
        registration,
        timezone.now() + dt.timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS),
    )
    return registration


def confirm(*, registration_id, now=None):
    """The address is confirmed: a place, a place in the waiting list, or a refusal.

    Idempotent: a link used twice changes nothing the second time. None when the
    request no longer exists (expired, deleted).
    """
    now = now or timezone.now()
    with transaction.atomic():
        found = Registration.objects.filter(pk=registration_id).values_list("session", flat=True)
        session_id = found.first()
        if session_id is None:
            return None
        registration_settings = _locked_settings(session_id)
        registration = Registration.objects.select_related("session").get(pk=registration_id)
        if registration.state != State.PENDING:
            return registration
        registration.confirmed_at = now
        confirmed = Registration.objects.confirmed().filter(session_id=session_id).count()
        accepted = (
            registration_settings is not None
            and registration_settings.is_open(now)
            and not _org_is_full(registration_settings, registration)
        )
        if not accepted:
            registration.state, kind = State.REFUSED, tasks.REFUSED
        elif confirmed < registration_settings.capacity:
            registration.state, kind = State.CONFIRMED, tasks.CONFIRMED
        elif registration_settings.has_waiting_list:
            registration.state, kind = State.WAITING, tasks.WAITING
        else:
            registration.state, kind = State.REFUSED, tasks.REFUSED
        registration.save(update_fields=["state", "confirmed_at"])
        if registration.state == State.CONFIRMED:
            _placed(registration, kind=kind)
        else:
            tasks.send(registration, kind)
    return registration


def promote(*, session_id, registration_settings=None):
    """Give the places free to the first of the waiting list; the promoted registrations.

    Called with the session's lock held (from ``cancel``) or takes it. Someone whose
    organisation has reached its limit meanwhile keeps waiting.
    """
    with transaction.atomic():
        if registration_settings is None:
            registration_settings = _locked_settings(session_id)
        if registration_settings is None:
            return []
        confirmed = Registration.objects.confirmed().filter(session_id=session_id).count()
        free = registration_settings.capacity - confirmed
        promoted = []
        for registration in Registration.objects.waiting().filter(session_id=session_id):
            if free <= 0:
                break
            if _org_is_full(registration_settings, registration):
                continue
            registration.state = State.CONFIRMED
            registration.save(update_fields=["state"])
            _placed(registration, kind=tasks.PROMOTED)
            promoted.append(registration)
            free -= 1
    return promoted


def cancel(*, registration, now=None):
    """Cancel ``registration``; a place it held goes to the first of the waiting list."""
    now = now or timezone.now()
    with transaction.atomic():
        registration_settings = _locked_settings(registration.session_id)
        registration = Registration.objects.select_related("session").get(pk=registration.pk)
        if registration.state not in Registration.ACTIVE_STATES:
            return registration
        held_place = registration.holds_place
        was_present = registration.checked_in_at is not None
        registration.state = State.CANCELLED
        registration.cancelled_at = now
        # Only a confirmed registration may be marked present (a database constraint).
        registration.checked_in_at = None
        registration.save(update_fields=["state", "cancelled_at", "checked_in_at"])
        if was_present:
            attendance_changed(registration.session_id)
        tasks.send(registration, tasks.CANCELLED, held_place=held_place)
        if held_place:
            promote(session_id=registration.session_id, registration_settings=registration_settings)
    return registration


def attendance_changed(session_id):
    """Tell the installed apps that who was present at a session has changed.

    An app that derives something from attendance (``networks``: who met whom) says so
    with an ``attendance_changed(session_id)`` method on its AppConfig, as it does for
    ``related_blocks``: this app never imports it. Called inside the writer's transaction,
    so that work the hook queues is dropped with a change that is rolled back.
    """
    for config in apps.get_app_configs():
        hook = getattr(config, "attendance_changed", None)
        if hook is not None:
            hook(session_id)


def check_in(*, registration, present=True, now=None):
    """Mark ``registration``'s person present at the door, or not (a wrong tap undone).

    Idempotent: tapped twice, or by two editors at the same instant, the person stays
    present from the first tap (the session's lock, which every change of a registration
    takes, makes the second one see it). Only a confirmed registration can be present:
    anything else raises ``ValidationError`` (the model's ``clean()``).
    """
    with transaction.atomic():
        _locked_settings(registration.session_id)
        registration = Registration.objects.select_related("session").get(pk=registration.pk)
        if (registration.checked_in_at is not None) == present:
            return registration
        registration.checked_in_at = (now or timezone.now()) if present else None
        registration.full_clean(validate_constraints=False)
        registration.save(update_fields=["checked_in_at"])
        attendance_changed(registration.session_id)
    return registration


def erase(*, registration, notify=True):
    """Delete ``registration`` and every personal datum in it; a place it held is passed on.

    ``notify``: the person asked for it and gets a last e-mail saying it is done.
    """
    with transaction.atomic():
        registration_settings = _locked_settings(registration.session_id)
        registration = Registration.objects.select_related("session").get(pk=registration.pk)
        held_place = registration.holds_place
        was_present = registration.checked_in_at is not None
        if notify and registration.state in Registration.ACTIVE_STATES:
            tasks.send(registration, tasks.ERASED, held_place=held_place)
        registration.delete()
        if was_present:
            attendance_changed(registration.session_id)
        if held_place:
            promote(session_id=registration.session_id, registration_settings=registration_settings)


def expire(*, registration_id, now=None):
    """Delete a request whose address was never confirmed in time; True if it was."""
    now = now or timezone.now()
    deadline = now - dt.timedelta(hours=settings.REGISTRATION_CONFIRM_HOURS)
    deleted, _ = Registration.objects.filter(
        pk=registration_id, state=State.PENDING, created_at__lte=deadline
    ).delete()
    return bool(deleted)


def erase_past(*, now=None, months=None):
    """Delete the registrations of sessions over more than ``months`` ago; how many were.

    Months count as 30 days: the setting is a promise of «no longer than», not a date.
    Sessions whose date is still to be set keep theirs.
    """
    now = now or timezone.now()
    months = settings.REGISTRATION_RETENTION_MONTHS if months is None else months
    deadline = now - dt.timedelta(days=30 * months)
    deleted, _ = Registration.objects.filter(session__ends_at__lt=deadline).delete()
    return deleted
