"""No overbooking, ever: 50 confirmations at the same instant on PostgreSQL.

Each thread has its own database connection, as each request of a real server does.
Without the session's row lock (``services._locked_settings``) the threads all count
the same free places and take them together: this test then fails (tried by removing
the ``select_for_update``: all 50 confirmed for 10 places, twice out of twice).
"""

import threading
from collections import Counter

import pytest
from django.db import connection, connections

from tests.factories import RegistrationFactory, RegistrationSettingsFactory
from workshops.models import Registration
from workshops.registrations import services

pytestmark = pytest.mark.django_db(transaction=True)

CAPACITY = 10
LIMIT = 2
THREADS = 50


@pytest.fixture
def postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs DATABASE_URL on PostgreSQL: SQLite has no row locks")


def _confirm_all_at_once(registration_ids):
    barrier = threading.Barrier(len(registration_ids))
    errors = []

    def confirm(registration_id):
        try:
            barrier.wait()
            services.confirm(registration_id=registration_id)
        except Exception as error:  # noqa: BLE001 - reported by the test below
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=confirm, args=(pk,)) for pk in registration_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


def test_fifty_simultaneous_confirmations_give_exactly_the_capacity(postgresql, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    session = RegistrationSettingsFactory(capacity=CAPACITY, per_organisation_limit=LIMIT).session
    pending = {"state": Registration.State.PENDING, "confirmed_at": None, "session": session}
    # Half from one big organisation, however they write its name; half from one each.
    spellings = ["Cooperativa Il Sole", "IL SOLE coop. soc.", "Il Sole"]
    big = [
        RegistrationFactory(organisation=spellings[n % 3], **pending) for n in range(THREADS // 2)
    ]
    small = [RegistrationFactory(**pending) for _ in range(THREADS - len(big))]

    errors = _confirm_all_at_once([r.pk for r in big + small])

    assert not errors
    registrations = Registration.objects.filter(session=session)
    states = Counter(registrations.values_list("state", flat=True))
    confirmed = registrations.filter(state=Registration.State.CONFIRMED)
    by_organisation = Counter(confirmed.values_list("organisation_key", flat=True))
    assert states[Registration.State.CONFIRMED] == CAPACITY, states
    assert max(by_organisation.values()) <= LIMIT, by_organisation
    assert states[Registration.State.PENDING] == 0
    assert sum(states.values()) == THREADS
