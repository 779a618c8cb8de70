"""Two editors tap the same person at the same instant, on PostgreSQL: one mark, the first.

Each thread has its own database connection, as each request of a real server does.
Without the session's row lock in ``services.check_in`` both threads read «not yet
present» and both write their own time: the two taps then disagree on when the person
arrived and this test fails (tried by removing the lock and the re-read).
"""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from tests.factories import RegistrationFactory
from workshops.models import Registration
from workshops.registrations import services

# Serialised rollback: the flush after each test leaves the content types to the snapshot,
# as tests/workshops/test_migrations.py (which runs next) expects.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

EDITORS = 8


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL on PostgreSQL: SQLite has no row locks")


def _all_at_once(work, count):
    barrier = threading.Barrier(count)
    results, errors = [None] * count, []

    def run(index):
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:  # noqa: BLE001 - reported by the tests below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(index,)) for index in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_simultaneous_taps_on_one_person_keep_one_arrival_time(postgresql):
    registration = RegistrationFactory()
    start = timezone.now()

    def tap(index):
        # Each editor's tap carries its own instant, so that two writes would differ.
        now = start + dt.timedelta(seconds=index)
        return services.check_in(registration=registration, now=now).checked_in_at

    times, errors = _all_at_once(tap, EDITORS)

    assert not errors
    stored = Registration.objects.get(pk=registration.pk).checked_in_at
    assert set(times) == {stored}


def test_simultaneous_taps_on_different_people_all_count(postgresql):
    registration = RegistrationFactory()
    others = RegistrationFactory.create_batch(EDITORS - 1, session=registration.session)
    people = [registration, *others]

    _, errors = _all_at_once(lambda index: services.check_in(registration=people[index]), EDITORS)

    assert not errors
    present = registration.session.registrations.filter(checked_in_at__isnull=False)
    assert present.count() == EDITORS
