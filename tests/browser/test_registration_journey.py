"""A participant registers for a session in a real browser, with the e-mails read off a real
SMTP server: confirm, see the place taken, cancel, and the waiting list moves up."""

import re

import icalendar
import pytest
from playwright.sync_api import expect

from tests.factories import RegistrationFactory, RegistrationSettingsFactory, SessionFactory
from tests.mailserver import calendar_of, text_of
from workshops.models import Registration
from workshops.registrations import services

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _link(message, path):
    return re.search(rf"https?://[^\s]+({path}\?t=[^\s]+)", text_of(message)).group(1)


def _fill_place(session, email, organisation):
    registration = services.register(
        session=session,
        name="Persona in attesa",
        email=email,
        organisation=organisation,
        language="it",
        has_consented=True,
    )
    return services.confirm(registration_id=registration.pk)


def test_participant_registers_confirms_cancels_and_the_waiting_list_moves_up(
    page, live_server, smtp_server, settings, screenshot
):
    settings.SITE_URL = live_server.url
    session = SessionFactory(title="Giornata con iscrizioni")
    RegistrationSettingsFactory(session=session, capacity=3)
    RegistrationFactory(session=session, organisation="Comune di Lodi")

    page.goto(session.get_absolute_url())
    expect(page.get_by_text("Posti disponibili: 2 di 3")).to_be_visible()
    page.get_by_role("link", name="Iscriviti alla giornata").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Iscriviti alla giornata")
    page.get_by_label("Nome e cognome").fill("Anna Bianchi")
    page.get_by_label("E-mail").fill("anna@example.org")
    page.get_by_label("Organizzazione").fill("Cooperativa Il Sole")
    page.get_by_label("Ruolo").fill("Educatrice")
    consent = page.get_by_label("Ho letto l'informativa sulla privacy")
    # The theme animates its checkboxes (never "stable" for Playwright): click its label.
    page.locator("label[for=id_has_consented]").click()
    expect(consent).to_be_checked()
    screenshot(page, "form")
    page.get_by_role("button", name="Chiedi l'iscrizione").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Controlla la tua e-mail")

    # Nothing is held until the address is confirmed.
    page.goto(session.get_absolute_url())
    expect(page.get_by_text("Posti disponibili: 2 di 3")).to_be_visible()
    assert smtp_server.wait_for(1)
    (request_mail,) = smtp_server.to("anna@example.org")
    page.goto(_link(request_mail, "/iscrizioni/conferma/"))
    page.get_by_role("button", name="Confermo l'iscrizione").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iscrizione confermata")

    page.goto(session.get_absolute_url())
    expect(page.get_by_text("Posti disponibili: 1 di 3")).to_be_visible()
    screenshot(page, "place-taken")

    confirmed_mail = smtp_server.to("anna@example.org")[-1]
    invitation = icalendar.Calendar.from_ical(calendar_of(confirmed_mail))
    (event,) = invitation.walk("VEVENT")
    assert invitation["METHOD"] == "REQUEST"
    assert "Giornata con iscrizioni" in str(event["SUMMARY"])
    assert str(event["ATTENDEE"]) == "mailto:anna@example.org"

    # The last place goes, then someone waits.
    _fill_place(session, "carla@example.org", "Comune di Como")
    waiting = _fill_place(session, "dario@example.org", "Comune di Pavia")
    assert waiting.state == Registration.State.WAITING
    page.goto(session.get_absolute_url())
    expect(page.get_by_text("Lista d'attesa")).to_be_visible()

    page.goto(_link(confirmed_mail, "/iscrizioni/annulla/"))
    page.get_by_role("button", name="Annullo l'iscrizione").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Iscrizione annullata")

    waiting.refresh_from_db()
    assert waiting.state == Registration.State.CONFIRMED
    promoted = smtp_server.to("dario@example.org")[-1]
    assert "Si è liberato un posto" in promoted["Subject"]
    cancellation = icalendar.Calendar.from_ical(calendar_of(smtp_server.to("anna@example.org")[-1]))
    assert cancellation["METHOD"] == "CANCEL"
    assert cancellation.walk("VEVENT")[0]["UID"] == event["UID"]
    page.goto(session.get_absolute_url())
    expect(page.get_by_text("Lista d'attesa")).to_be_visible()
    screenshot(page, "after-cancel")
