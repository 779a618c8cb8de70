"""The participants' side: places on the session page, the form, the signed links' pages."""

import datetime as dt
import re

import pytest
from django.core import signing
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    RegistrationFactory,
    RegistrationSettingsFactory,
    SessionFactory,
)
from tests.mailserver import text_of
from tests.worlds import page_text
from workshops.models import Registration
from workshops.registrations import links, services

pytestmark = pytest.mark.django_db
State = Registration.State


def _form_url(session):
    return reverse(
        "workshops:registration_create",
        kwargs={"workshop_slug": session.workshop.slug, "slug": session.slug},
    )


def _answers(email="anna@example.org", **extra):
    return {
        "name": "Anna Bianchi",
        "email": email,
        "organisation": "Cooperativa Il Sole",
        "role": "Educatrice",
        "has_consented": "on",
        **extra,
    }


def _link(message, path):
    return re.search(rf"http://testserver({path}\?t=[^\s]+)", text_of(message)).group(1)


# The session page


def test_session_page_shows_the_places_left_and_the_form_link(client):
    registration_settings = RegistrationSettingsFactory(capacity=40)
    session = registration_settings.session
    for _ in range(28):
        RegistrationFactory(session=session)

    text = page_text(client.get(session.get_absolute_url()))

    assert "Posti disponibili: 12 di 40" in text
    assert _form_url(session) in client.get(session.get_absolute_url()).content.decode()


def test_session_page_shows_the_waiting_list_when_full(client):
    session = RegistrationSettingsFactory(capacity=1).session
    RegistrationFactory(session=session)

    text = page_text(client.get(session.get_absolute_url()))

    assert "Lista d'attesa" in text
    assert "Posti disponibili" not in text


@pytest.mark.parametrize(
    "settings_kwargs",
    [
        {"capacity": 1, "has_waiting_list": False},
        {"closes_at": timezone.now() - dt.timedelta(hours=1)},
    ],
)
def test_session_page_says_registration_is_closed(client, settings_kwargs):
    session = RegistrationSettingsFactory(**settings_kwargs).session
    RegistrationFactory(session=session)

    response = client.get(session.get_absolute_url())

    assert "Iscrizioni chiuse" in page_text(response)
    assert _form_url(session) not in response.content.decode()


def test_session_without_registration_shows_nothing_of_it(client):
    session = SessionFactory()
    text = page_text(client.get(session.get_absolute_url()))
    assert "Posti disponibili" not in text
    assert "Iscrizioni" not in text


@pytest.mark.parametrize("registrations", [1, 3])
def test_session_page_with_registration_costs_one_query_more(
    client, django_assert_num_queries, registrations
):
    from workshops.site import site_settings

    session = RegistrationSettingsFactory(capacity=40).session
    for _ in range(registrations):
        RegistrationFactory(session=session)
    site_settings()

    # The four of a session page (tests/workshops/test_queries.py), and the count of places.
    with django_assert_num_queries(5):
        response = client.get(session.get_absolute_url())

    assert f"Posti disponibili: {40 - registrations} di 40" in page_text(response)


def test_cached_session_page_follows_its_places_and_keeps_the_rest_cached(page_cache, smtp_server):
    session = RegistrationSettingsFactory(capacity=40).session
    other = SessionFactory()
    visitor = Client()
    visitor.get(other.get_absolute_url())
    first = visitor.get(session.get_absolute_url())
    assert "Posti disponibili: 40 di 40" in page_text(first)
    assert visitor.get(session.get_absolute_url())["X-Cache"] == "hit"

    registration = services.register(
        session=session,
        name="Anna Bianchi",
        email="anna@example.org",
        organisation="Il Sole",
        language="it",
        has_consented=True,
    )
    services.confirm(registration_id=registration.pk)

    after = visitor.get(session.get_absolute_url())
    assert after["X-Cache"] == "miss"
    assert "Posti disponibili: 39 di 40" in page_text(after)
    # A registration makes its own session's page stale, not every page.
    assert visitor.get(other.get_absolute_url())["X-Cache"] == "hit"

    services.cancel(registration=registration)
    assert "Posti disponibili: 40 di 40" in page_text(visitor.get(session.get_absolute_url()))


# The form


def test_the_form_asks_only_the_questions_set(client):
    session = RegistrationSettingsFactory(asks_role=False, asks_note=True).session

    content = client.get(_form_url(session)).content.decode()

    assert 'name="email"' in content
    assert 'name="note"' in content
    assert 'name="role"' not in content


def test_the_form_is_the_only_public_page_setting_a_cookie(client):
    session = RegistrationSettingsFactory().session

    assert "csrftoken" in client.get(_form_url(session)).cookies
    assert not Client().get(session.get_absolute_url()).cookies


def test_registering_through_the_form_sends_a_link_that_confirms(client, smtp_server):
    session = RegistrationSettingsFactory(capacity=40).session

    response = client.post(_form_url(session), _answers())

    assert "Controlla la tua e-mail" in page_text(response)
    assert "Posti disponibili: 40 di 40" in page_text(client.get(session.get_absolute_url()))
    confirm = _link(smtp_server.to("anna@example.org")[0], "/iscrizioni/conferma/")
    assert "Conferma l'iscrizione" in page_text(client.get(confirm))
    done = client.post(confirm)
    assert "Iscrizione confermata" in page_text(done)
    assert "Posti disponibili: 39 di 40" in page_text(client.get(session.get_absolute_url()))


def test_a_link_opened_only_by_a_mail_scanner_changes_nothing(client, smtp_server):
    session = RegistrationSettingsFactory().session
    client.post(_form_url(session), _answers())
    confirm = _link(smtp_server.to("anna@example.org")[0], "/iscrizioni/conferma/")

    Client().get(confirm)

    assert Registration.objects.get().state == State.PENDING


def test_the_answer_is_the_same_whether_the_address_is_known_or_not(client, smtp_server):
    session = RegistrationSettingsFactory().session
    RegistrationFactory(session=session, email="anna@example.org")

    known = client.post(_form_url(session), _answers("anna@example.org"))
    unknown = client.post(_form_url(session), _answers("bruno@example.org"))

    assert known.status_code == unknown.status_code == 200
    assert page_text(known) == page_text(unknown)
    # The one already registered gets no second link: only the new address does.
    assert not smtp_server.to("anna@example.org")
    assert len(smtp_server.to("bruno@example.org")) == 1


def test_english_form_sends_english_mail(client, smtp_server):
    session = RegistrationSettingsFactory().session

    client.post("/en" + _form_url(session), _answers())

    assert Registration.objects.get().language == "en"
    assert "Confirm your registration" in smtp_server.to("anna@example.org")[0]["Subject"]


def test_missing_consent_is_explained(client):
    session = RegistrationSettingsFactory().session
    answers = _answers()
    del answers["has_consented"]

    response = client.post(_form_url(session), answers)

    assert response.status_code == 400
    assert not Registration.objects.exists()


def test_rate_limit_per_client_address(client, settings, smtp_server):
    settings.REGISTRATION_RATE_PER_IP = 2
    session = RegistrationSettingsFactory().session

    statuses = [
        client.post(_form_url(session), _answers(f"p{n}@example.org")).status_code for n in range(3)
    ]

    assert statuses == [200, 200, 429]
    assert Registration.objects.count() == 2


def test_rate_limit_per_email_answers_the_same_but_sends_nothing(settings, smtp_server):
    settings.REGISTRATION_RATE_PER_EMAIL = 1
    session = RegistrationSettingsFactory().session
    registration = services.register(
        session=session,
        name="A",
        email="anna@example.org",
        language="it",
        has_consented=True,
    )
    services.cancel(registration=registration)
    first = Client(REMOTE_ADDR="10.0.0.1").post(_form_url(session), _answers())
    Registration.objects.filter(pk__gt=0).delete()
    second = Client(REMOTE_ADDR="10.0.0.2").post(_form_url(session), _answers())

    assert page_text(first) == page_text(second)
    assert not Registration.objects.exists()


def test_closed_registration_shows_no_form(client):
    session = RegistrationSettingsFactory(closes_at=timezone.now() - dt.timedelta(hours=1)).session

    response = client.get(_form_url(session))

    assert "Iscrizioni chiuse" in page_text(response)
    assert 'name="email"' not in response.content.decode()


def test_session_without_registration_has_no_form(client):
    assert client.get(_form_url(SessionFactory())).status_code == 404


# The signed links


@pytest.mark.parametrize("action", links.ACTIONS)
def test_a_tampered_link_is_refused_with_a_clear_page(client, action):
    registration = RegistrationFactory()
    value = links.token(registration, action)
    forged = value[:-2] + ("AA" if not value.endswith("AA") else "BB")

    response = client.post(reverse(links.URL_NAMES[action]) + f"?t={forged}")

    assert response.status_code == 400
    assert "Collegamento non valido" in page_text(response)
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED


def test_a_link_for_one_action_does_not_do_another(client):
    registration = RegistrationFactory()
    confirm_token = links.token(registration, links.CONFIRM)

    response = client.post(reverse("workshops:registration_cancel") + f"?t={confirm_token}")

    assert response.status_code == 400
    registration.refresh_from_db()
    assert registration.state == State.CONFIRMED


def test_an_expired_confirmation_link_says_so(client, monkeypatch):
    registration = RegistrationFactory(state=State.PENDING, confirmed_at=None)
    value = links.token(registration, links.CONFIRM)
    later = timezone.now() + dt.timedelta(hours=49)
    monkeypatch.setattr(signing.time, "time", later.timestamp)

    response = client.post(reverse("workshops:registration_confirm") + f"?t={value}")

    assert response.status_code == 410
    assert "Collegamento scaduto" in page_text(response)
    registration.refresh_from_db()
    assert registration.state == State.PENDING


def test_a_link_to_an_erased_registration_says_it_is_gone(client):
    registration = RegistrationFactory()
    value = links.token(registration, links.CANCEL)
    services.erase(registration=registration, notify=False)

    response = client.get(reverse("workshops:registration_cancel") + f"?t={value}")

    assert response.status_code == 410
    assert "non esiste più" in page_text(response)


def test_cancel_and_erase_links_from_the_mail(client, smtp_server):
    session = RegistrationSettingsFactory(capacity=1).session
    client.post(_form_url(session), _answers())
    client.post(_link(smtp_server.to("anna@example.org")[0], "/iscrizioni/conferma/"))
    confirmed_mail = smtp_server.to("anna@example.org")[-1]

    cancel = _link(confirmed_mail, "/iscrizioni/annulla/")
    assert "Iscrizione annullata" in page_text(client.post(cancel))
    assert Registration.objects.get().state == State.CANCELLED

    erase = _link(confirmed_mail, "/iscrizioni/cancella-dati/")
    assert "Dati cancellati" in page_text(client.post(erase))
    assert not Registration.objects.exists()
