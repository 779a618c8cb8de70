"""When a session with registrations moves or is cancelled, its people hear of it."""

import datetime as dt
import re

import pytest
from django.test import override_settings
from django.utils import timezone

from tests.factories import RegistrationSettingsFactory, SessionFactory, days_ahead_at
from tests.labimpact.admin_forms import change_url, read_form
from tests.mailserver import calendar_of, html_of, text_of
from workshops.models import Registration, Session, Workshop
from workshops.registrations import services, tasks

pytestmark = pytest.mark.django_db
State = Registration.State


def _registered(session, email, **answers):
    registration = services.register(
        session=session,
        name=answers.pop("name", "Anna Bianchi"),
        email=email,
        organisation=answers.pop("organisation", email.split("@")[0]),
        language=answers.pop("language", "it"),
        has_consented=True,
        **answers,
    )
    return services.confirm(registration_id=registration.pk)


def _full_session_with(smtp_server):
    """A session of one place: Anna holds it, Bruno waits, Carla never confirmed."""
    session = RegistrationSettingsFactory(
        capacity=1, session=SessionFactory(starts_at=days_ahead_at(10))
    ).session
    anna = _registered(session, "anna@example.org")
    bruno = _registered(session, "bruno@example.org")
    services.register(
        session=session,
        name="Carla Verdi",
        email="carla@example.org",
        organisation="Comune",
        language="it",
        has_consented=True,
    )
    smtp_server.clear()
    return session, anna, bruno


def _move(session, **changes):
    if "date" in changes and session.end_date and "end_date" not in changes:
        # A session made late in the evening runs past midnight: its last day moves with it.
        changes["end_date"] = session.end_date + (changes["date"] - session.date)
    for name, value in changes.items():
        setattr(session, name, value)
    session.full_clean()
    session.save()


def test_a_new_day_reaches_everyone_holding_or_awaiting_a_place(smtp_server):
    session, anna, bruno = _full_session_with(smtp_server)
    new_day = session.date + dt.timedelta(days=7)

    _move(session, date=new_day, venue="Palazzo Lombardia, sala 2")

    to_anna = smtp_server.to("anna@example.org")
    assert [m["Subject"] for m in to_anna] == [
        f"Cambia data, orario o luogo: {session.display_title}"
    ]
    text = text_of(to_anna[0])
    assert "Dove: Palazzo Lombardia, sala 2" in text
    assert re.search(rf"^Quando: \w+ {new_day.day} \w+ {new_day.year}, dalle ", text, re.M)
    assert "Il tuo posto resta confermato" in text
    assert "Palazzo Lombardia, sala 2" in html_of(to_anna[0])
    invitation = calendar_of(to_anna[0])
    assert "METHOD:REQUEST" in invitation
    assert f"SEQUENCE:{session.sequence}" in invitation
    assert new_day.strftime("%Y%m%d") in invitation
    # The waiting list hears of it too, without an invitation for a place not held.
    to_bruno = smtp_server.to("bruno@example.org")
    assert len(to_bruno) == 1
    assert "Resti in lista d'attesa" in text_of(to_bruno[0])
    assert calendar_of(to_bruno[0]) is None
    # An address never confirmed gets nothing.
    assert smtp_server.to("carla@example.org") == []


def test_an_edit_that_changes_no_day_time_or_place_writes_to_nobody(smtp_server):
    session, _, _ = _full_session_with(smtp_server)

    _move(session, description="Programma aggiornato")

    assert smtp_server.messages == []


def test_a_cancelled_session_withdraws_the_invitation(smtp_server):
    session, _, _ = _full_session_with(smtp_server)

    _move(session, is_cancelled=True)

    (message,) = smtp_server.to("anna@example.org")
    assert message["Subject"] == f"Giornata annullata: {session.display_title}"
    assert "METHOD:CANCEL" in calendar_of(message)
    assert "STATUS:CANCELLED" in calendar_of(message)
    # No reminder for a cancelled session, whenever its booked run comes.
    assert not tasks.remind.call(Registration.objects.get(email="anna@example.org").pk)


def test_english_registrations_hear_in_english(smtp_server):
    session = RegistrationSettingsFactory(capacity=5).session
    _registered(session, "dana@example.org", language="en")
    smtp_server.clear()

    _move(session, venue="Cascina Cuccagna")

    (message,) = smtp_server.to("dana@example.org")
    assert message["Subject"].startswith("Date, time or place changed:")
    assert "Where: Cascina Cuccagna" in text_of(message)


def test_a_past_session_corrected_afterwards_writes_to_nobody(smtp_server):
    session = RegistrationSettingsFactory(
        session=SessionFactory(
            starts_at=timezone.now() + dt.timedelta(hours=1),
            ends_at=timezone.now() + dt.timedelta(hours=3),
        )
    ).session
    _registered(session, "anna@example.org")
    # Run late in the evening, the session ends after midnight: both its days move back.
    session.date -= dt.timedelta(days=30)
    if session.end_date:
        session.end_date -= dt.timedelta(days=30)
    smtp_server.clear()

    session.save()

    assert smtp_server.messages == []


def test_only_the_latest_of_several_quick_edits_writes():
    session = RegistrationSettingsFactory(capacity=5).session
    stale = session.sequence

    _move(session, venue="Altrove")

    assert tasks.tell_schedule_change.call(session.pk, stale) == 0


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_the_reminder_follows_the_session_to_its_new_day():
    from django_tasks import default_task_backend

    session = RegistrationSettingsFactory(
        capacity=5, session=SessionFactory(starts_at=days_ahead_at(10))
    ).session
    registration = _registered(session, "anna@example.org")
    registration.reminded_at = timezone.now()  # reminded of the old day already
    registration.save(update_fields=["reminded_at"])
    default_task_backend.clear()

    _move(session, date=session.date + dt.timedelta(days=7))
    (told,) = default_task_backend.results
    told.task.call(*told.args, **told.kwargs)

    registration.refresh_from_db()
    assert registration.reminded_at is None
    reminders = [r for r in default_task_backend.results if r.task.name == "remind"]
    assert [r.task.run_after for r in reminders] == [services.reminder_time(session)]


def test_a_reminder_booked_for_the_old_day_waits_for_the_new_one(smtp_server):
    session = RegistrationSettingsFactory(
        capacity=5, session=SessionFactory(starts_at=timezone.now() + dt.timedelta(hours=20))
    ).session
    registration = _registered(session, "anna@example.org")
    _move(session, date=session.date + dt.timedelta(days=7))
    smtp_server.clear()

    # The run booked for the old day comes now: too early for the new one.
    assert not tasks.remind.call(registration.pk)

    assert smtp_server.messages == []
    registration.refresh_from_db()
    assert registration.reminded_at is None


def test_an_editor_moving_the_session_in_the_admin_is_told_who_hears_of_it(
    editor_client, smtp_server
):
    session, _, _ = _full_session_with(smtp_server)
    url = change_url(session)
    data = read_form(editor_client, url, Session)
    data["venue"] = ["Cascina Cuccagna"]

    response = editor_client.post(url, data, follow=True)

    assert "2 persone iscritte ricevono un&#x27;e-mail con il cambiamento" in (
        response.content.decode()
    )
    assert {m["To"] for m in smtp_server.messages} == {"anna@example.org", "bruno@example.org"}


def test_a_session_moved_from_the_workshops_inline_tells_its_people_too(editor_client, smtp_server):
    session, _, _ = _full_session_with(smtp_server)
    url = change_url(session.workshop)
    data = read_form(editor_client, url, Workshop)
    prefix = next(
        key for key, value in data.items() if key.endswith("-id") and value == [str(session.pk)]
    )
    data[prefix.replace("-id", "-is_cancelled")] = ["on"]

    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert [m["Subject"] for m in smtp_server.to("anna@example.org")] == [
        f"Giornata annullata: {session.display_title}"
    ]
