"""Registrations: the rules in the models, the services' states, the e-mails that go out."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from tests.factories import RegistrationFactory, RegistrationSettingsFactory, SessionFactory
from tests.mailserver import calendar_of, html_of, text_of
from workshops.models import Registration, RegistrationSettings
from workshops.models.registrations import organisation_key
from workshops.registrations import services, tasks

pytestmark = pytest.mark.django_db
State = Registration.State


def _settings(**kwargs):
    return RegistrationSettingsFactory(**kwargs)


def _request(session, email="anna@example.org", organisation="Cooperativa Il Sole", **kwargs):
    return services.register(
        session=session,
        name=kwargs.pop("name", "Anna Bianchi"),
        email=email,
        organisation=organisation,
        language=kwargs.pop("language", "it"),
        has_consented=True,
        **kwargs,
    )


def _confirmed(session, email, organisation="Cooperativa Il Sole", **kwargs):
    registration = _request(session, email=email, organisation=organisation, **kwargs)
    return services.confirm(registration_id=registration.pk)


# The models' rules


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("Cooperativa Sociale Il Sole", "il sole coop. soc."),
        ("Associazione Àncora ODV", "ANCORA"),
    ],
)
def test_organisation_key_matches_one_organisation_however_written(first, second):
    assert organisation_key(first) == organisation_key(second)


def test_organisation_key_prefers_the_directory_id():
    assert organisation_key("Il Sole", actor_id=7) == "actor:7"
    assert organisation_key("Il Sole") != organisation_key("La Luna")


def test_settings_refuse_closing_before_opening():
    now = timezone.now()
    registration_settings = RegistrationSettings(
        session=SessionFactory(), capacity=10, opens_at=now, closes_at=now - dt.timedelta(hours=1)
    )
    with pytest.raises(ValidationError) as error:
        registration_settings.full_clean()
    assert "closes_at" in error.value.message_dict


@pytest.mark.parametrize("capacity", [0])
def test_settings_refuse_no_places(capacity):
    with pytest.raises(ValidationError):
        RegistrationSettings(session=SessionFactory(), capacity=capacity).full_clean()


def test_registration_without_consent_is_refused():
    registration = Registration(session=SessionFactory(), name="A", email="a@example.org")
    with pytest.raises(ValidationError) as error:
        registration.full_clean()
    assert "has_consented" in error.value.message_dict


def test_one_standing_registration_per_address_and_session():
    first = RegistrationFactory(email="Anna@Example.org")
    duplicate = Registration(
        session=first.session, name="Anna", email="anna@example.org", has_consented=True
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()
    first.state = State.CANCELLED
    first.save()
    duplicate.full_clean()  # once cancelled, the address may ask again


def test_availability_counts_confirmed_places_only():
    registration_settings = _settings(capacity=3)
    session = registration_settings.session
    RegistrationFactory(session=session)
    RegistrationFactory(session=session, state=State.WAITING)
    RegistrationFactory(session=session, state=State.PENDING, confirmed_at=None)

    availability = session.availability

    assert (availability.places_left, availability.capacity) == (2, 3)
    assert availability.takes_requests


@pytest.mark.parametrize(
    ("change", "is_open"),
    [
        ({}, True),
        ({"opens_at": timezone.now() + dt.timedelta(days=1)}, False),
        ({"closes_at": timezone.now() - dt.timedelta(minutes=1)}, False),
    ],
)
def test_settings_are_open_only_between_their_dates(change, is_open):
    assert _settings(**change).is_open() is is_open


def test_a_cancelled_session_takes_no_registrations():
    registration_settings = _settings(session=SessionFactory(is_cancelled=True))
    assert not registration_settings.is_open()


# The services


def test_a_request_holds_no_place_until_its_address_is_confirmed(smtp_server):
    session = _settings(capacity=1).session

    registration = _request(session)

    assert registration.state == State.PENDING
    assert session.availability.places_left == 1
    (message,) = smtp_server.to("anna@example.org")
    assert "/iscrizioni/conferma/?t=" in text_of(message)
    assert calendar_of(message) is None


def test_confirming_gives_the_place_and_sends_an_invitation(smtp_server):
    session = _settings(capacity=1).session

    registration = _confirmed(session, "anna@example.org")

    assert registration.state == State.CONFIRMED
    assert session.availability.places_left == 0
    message = smtp_server.to("anna@example.org")[-1]
    assert "confermata" in message["Subject"]
    assert "confermata" in html_of(message)
    invitation = calendar_of(message)
    assert "METHOD:REQUEST" in invitation
    assert "mailto:anna@example.org" in invitation


def test_confirming_twice_changes_nothing(smtp_server):
    registration = _confirmed(_settings(capacity=1).session, "anna@example.org")
    sent = len(smtp_server.messages)

    again = services.confirm(registration_id=registration.pk)

    assert again.state == State.CONFIRMED
    assert len(smtp_server.messages) == sent


def test_when_full_the_next_goes_to_the_waiting_list(smtp_server):
    session = _settings(capacity=1).session
    _confirmed(session, "anna@example.org")

    second = _confirmed(session, "bruno@example.org", organisation="Comune di Lodi")

    assert second.state == State.WAITING
    assert "lista d'attesa" in smtp_server.to("bruno@example.org")[-1]["Subject"]


def test_when_full_without_waiting_list_the_request_is_refused(smtp_server):
    session = _settings(capacity=1, has_waiting_list=False).session
    _confirmed(session, "anna@example.org")

    second = _confirmed(session, "bruno@example.org", organisation="Comune di Lodi")

    assert second.state == State.REFUSED


def test_the_per_organisation_limit_holds_however_the_name_is_written(smtp_server):
    session = _settings(capacity=10, per_organisation_limit=2).session
    _confirmed(session, "a@example.org", organisation="Cooperativa Il Sole")
    _confirmed(session, "b@example.org", organisation="IL SOLE coop. soc.")

    third = _confirmed(session, "c@example.org", organisation="Il Sole")

    assert third.state == State.REFUSED
    assert session.availability.places_left == 8


def test_cancelling_a_place_promotes_the_first_waiting_with_an_email(smtp_server):
    session = _settings(capacity=1).session
    anna = _confirmed(session, "anna@example.org")
    bruno = _confirmed(session, "bruno@example.org", organisation="Comune di Lodi")
    carla = _confirmed(session, "carla@example.org", organisation="Comune di Como")

    services.cancel(registration=anna)

    bruno.refresh_from_db()
    carla.refresh_from_db()
    assert (bruno.state, carla.state) == (State.CONFIRMED, State.WAITING)
    promoted = smtp_server.to("bruno@example.org")[-1]
    assert "posto" in promoted["Subject"]
    assert "METHOD:REQUEST" in calendar_of(promoted)
    withdrawn = calendar_of(smtp_server.to("anna@example.org")[-1])
    assert "METHOD:CANCEL" in withdrawn
    # The cancellation names the event the invitation created.
    invited = calendar_of(smtp_server.to("anna@example.org")[-2])
    event = invited.split("BEGIN:VEVENT", 1)[1]
    uid = next(line for line in event.splitlines() if line.startswith("UID:"))
    assert "iscrizione-" in uid
    assert uid in withdrawn


def test_erasing_deletes_the_row_and_passes_the_place_on(smtp_server):
    session = _settings(capacity=1).session
    anna = _confirmed(session, "anna@example.org")
    bruno = _confirmed(session, "bruno@example.org", organisation="Comune di Lodi")

    services.erase(registration=anna)

    assert not Registration.objects.filter(email="anna@example.org").exists()
    bruno.refresh_from_db()
    assert bruno.state == State.CONFIRMED
    assert "cancellati" in smtp_server.to("anna@example.org")[-1]["Subject"]


def test_a_second_request_for_the_same_address_gives_the_same_answer(smtp_server):
    session = _settings().session
    _request(session)

    assert _request(session) is None
    assert Registration.objects.filter(session=session).count() == 1
    # A pending request gets its link again: the owner of the address may have lost it.
    assert len(smtp_server.to("anna@example.org")) == 2


def test_unconfirmed_requests_expire_and_confirmed_ones_stay():
    session = _settings().session
    old = RegistrationFactory(session=session, state=State.PENDING, confirmed_at=None)
    kept = RegistrationFactory(session=session)
    later = timezone.now() + dt.timedelta(hours=49)

    assert services.expire(registration_id=old.pk, now=later)
    assert not services.expire(registration_id=kept.pk, now=later)
    assert list(Registration.objects.all()) == [kept]


def test_a_fresh_request_does_not_expire_yet():
    pending = RegistrationFactory(state=State.PENDING, confirmed_at=None)
    assert not services.expire(registration_id=pending.pk)


DEFERRING = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


@override_settings(TASKS=DEFERRING)
def test_expiry_and_reminder_are_deferred_to_their_time():
    from django_tasks import default_task_backend

    default_task_backend.clear()
    session = _settings(
        session=SessionFactory(starts_at=timezone.now() + dt.timedelta(days=5))
    ).session
    registration = _request(session)
    services.confirm(registration_id=registration.pk)

    deferred = {
        result.task.name: result.task.run_after
        for result in default_task_backend.results
        if result.task.run_after
    }
    assert set(deferred) == {"expire_registration", "remind"}
    expected = registration.created_at + dt.timedelta(hours=48)
    assert abs(deferred["expire_registration"] - expected) < dt.timedelta(minutes=1)
    assert deferred["remind"] == session.starts_at - dt.timedelta(days=1)


def test_the_reminder_goes_to_a_confirmed_registration_once(smtp_server):
    tomorrow = SessionFactory(starts_at=timezone.now() + dt.timedelta(hours=20))
    registration = _confirmed(_settings(session=tomorrow).session, "anna@example.org")

    assert tasks.remind.call(registration.pk)
    assert not tasks.remind.call(registration.pk)
    reminders = [m for m in smtp_server.to("anna@example.org") if "Domani" in m["Subject"]]
    assert len(reminders) == 1
    assert "METHOD:REQUEST" in calendar_of(reminders[0])


def test_no_reminder_for_a_cancelled_registration(smtp_server):
    registration = _confirmed(_settings().session, "anna@example.org")
    services.cancel(registration=registration)

    assert not tasks.remind.call(registration.pk)


def test_emails_are_in_english_for_a_registration_made_in_english(smtp_server):
    registration = _confirmed(_settings().session, "anna@example.org", language="en")

    message = smtp_server.to("anna@example.org")[-1]
    assert registration.state == State.CONFIRMED
    assert "confirmed" in message["Subject"].lower()
    assert "Dear" in text_of(message)


def test_workshop_action_opens_every_session_once():
    session = SessionFactory()
    other = SessionFactory(workshop=session.workshop)
    _settings(session=other, capacity=5)

    opened = services.workshop_open_registration(workshop=session.workshop, capacity=30)

    assert opened == 1
    assert session.registration_settings.capacity == 30
    other.registration_settings.refresh_from_db()
    assert other.registration_settings.capacity == 5


def test_registrations_are_deleted_months_after_their_session(settings):
    settings.REGISTRATION_RETENTION_MONTHS = 12
    now = timezone.now()
    old_session = SessionFactory(
        starts_at=now - dt.timedelta(days=400), ends_at=now - dt.timedelta(days=400, hours=-3)
    )
    recent_session = SessionFactory(
        starts_at=now - dt.timedelta(days=30), ends_at=now - dt.timedelta(days=30, hours=-3)
    )
    undated = SessionFactory(has_date=False)
    for session in (old_session, recent_session, undated):
        RegistrationFactory(session=session)
        RegistrationFactory(session=session, state=State.CANCELLED)

    assert services.erase_past(now=now) == 2
    assert set(Registration.objects.values_list("session", flat=True)) == {
        recent_session.pk,
        undated.pk,
    }


def test_the_daily_command_runs_the_retention_task(settings):
    from django.core.management import call_command

    settings.REGISTRATION_RETENTION_MONTHS = 0
    RegistrationFactory(
        session=SessionFactory(
            starts_at=timezone.now() - dt.timedelta(days=2),
            ends_at=timezone.now() - dt.timedelta(days=2, hours=-3),
        )
    )

    call_command("erase_old_registrations", stdout=io.StringIO())

    assert not Registration.objects.exists()


def test_editors_see_counts_by_state_and_by_organisation(editor_client):
    session = _settings().session
    RegistrationFactory(session=session, organisation="Cooperativa Il Sole")
    RegistrationFactory(session=session, organisation="Il Sole coop. soc.")
    RegistrationFactory(session=session, organisation="Comune di Lodi", state=State.WAITING)

    response = editor_client.get(f"/admin/workshops/registration/?session__id__exact={session.pk}")

    content = response.content.decode()
    assert "Confermata: <strong>2</strong>" in content
    assert "In lista d&#x27;attesa: <strong>1</strong>" in content
    assert "Cooperativa Il Sole <strong>2</strong>" in content


def test_csv_export_follows_the_filters_and_is_formula_safe(editor_client):
    import csv as csvlib

    session = _settings().session
    RegistrationFactory(session=session, name="=HYPERLINK(1)", organisation="+39 Coop")
    RegistrationFactory(name="Altra giornata")

    response = editor_client.get(
        f"/admin/workshops/registration/esporta.csv?session__id__exact={session.pk}"
    )

    rows = list(csvlib.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert response["Content-Type"].startswith("text/csv")
    assert len(rows) == 2
    assert rows[1][2] == "'=HYPERLINK(1)"
    assert rows[1][4] == "'+39 Coop"


def test_csv_export_is_for_editors_only(client):
    response = client.get("/admin/workshops/registration/esporta.csv")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]
