"""The registrations' retention runs by itself, every day, on the task worker."""

import datetime as dt
import io
import zoneinfo

import pytest
from django.core.management import call_command
from django.core.management.sql import emit_post_migrate_signal
from django.test import override_settings
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.factories import RegistrationFactory, SessionFactory
from workshops.models import Registration
from workshops.registrations import tasks

# Serialised rollback: the flush after each test then leaves the content types to the
# snapshot, as tests/workshops/test_migrations.py expects.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

ROME = zoneinfo.ZoneInfo("Europe/Rome")
DATABASE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _booked():
    return DBTaskResult.objects.filter(
        task_path=tasks.erase_past_registrations.module_path, status="READY"
    )


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        # Before the hour: today; after it: tomorrow.
        (dt.datetime(2026, 5, 4, 1, 0, tzinfo=ROME), dt.datetime(2026, 5, 4, 3, 30, tzinfo=ROME)),
        (dt.datetime(2026, 5, 4, 3, 30, tzinfo=ROME), dt.datetime(2026, 5, 5, 3, 30, tzinfo=ROME)),
        # The night clocks go forward (29 March 2026) and back (25 October): still 3:30.
        (
            dt.datetime(2026, 3, 28, 22, 0, tzinfo=ROME),
            dt.datetime(2026, 3, 29, 3, 30, tzinfo=ROME),
        ),
        (
            dt.datetime(2026, 10, 24, 22, 0, tzinfo=ROME),
            dt.datetime(2026, 10, 25, 3, 30, tzinfo=ROME),
        ),
    ],
)
def test_the_erasure_runs_at_half_past_three_local_time(now, expected):
    when = tasks.next_erasure_time(now)

    assert when == expected
    assert timezone.localtime(when).strftime("%H:%M") == "03:30"


@override_settings(TASKS=DATABASE)
def test_each_migration_books_the_next_run_once():
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    emit_post_migrate_signal(verbosity=0, interactive=False, db="default")

    booked = _booked().get()
    assert booked.run_after == tasks.next_erasure_time()
    assert booked.args_kwargs["kwargs"] == {"daily": True}


@override_settings(TASKS=DATABASE, REGISTRATION_RETENTION_MONTHS=1)
def test_the_worker_erases_old_registrations_and_books_tomorrow():
    now = timezone.now()
    old, recent = (
        SessionFactory(
            starts_at=now - dt.timedelta(days=days),
            ends_at=now - dt.timedelta(days=days, hours=-3),
        )
        for days in (40, 3)
    )
    RegistrationFactory(session=old)
    kept = RegistrationFactory(session=recent)
    tasks.schedule_daily_erasure()
    # The booked run's hour has come.
    today = _booked().get()
    today.run_after = now - dt.timedelta(minutes=1)
    today.save(update_fields=["run_after"])

    call_command("db_worker", batch=True, startup_delay=False, reload=False, stdout=io.StringIO())

    assert list(Registration.objects.all()) == [kept]
    today.refresh_from_db()
    assert today.status == "SUCCESSFUL"
    assert today.return_value == 1
    assert _booked().get().run_after == tasks.next_erasure_time()


def test_the_immediate_backend_books_nothing_and_says_so(caplog):
    caplog.set_level("INFO", logger="workshops.registrations.tasks")

    assert tasks.schedule_daily_erasure() is None
    assert not _booked().exists()
    assert "cannot defer" in caplog.text
