"""At the door, on a phone: an editor finds a person by name and taps them present."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse
from playwright.sync_api import expect

from tests.factories import RegistrationFactory, SessionFactory
from workshops.models import Registration

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "pw-porta-123"


def _editor():
    user = User.objects.create_user("porta", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def test_an_editor_taps_a_person_present_on_a_phone_and_back(mobile_page, screenshot):
    page = mobile_page
    editor = _editor()
    session = SessionFactory(title="Giornata alla porta")
    for name in ("Anna Bianchi", "Nicolò D'Angelo", "Maria Rossi"):
        RegistrationFactory(session=session, name=name)
    RegistrationFactory(session=session, name="Wanda Attesa", state=Registration.State.WAITING)

    page.goto(reverse("admin:workshops_registration_check_in", args=[session.pk]))
    page.get_by_label("Nome utente").fill(editor.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Accedi").click()

    count = page.locator("#checkin-count")
    expect(count).to_have_text("Presenti: 0 di 3")
    page.get_by_label("Cerca per nome").fill("nicolo")
    # Filtered as one types: no reload, no button pressed.
    expect(page.locator(".checkin-person:visible")).to_have_count(1)
    person = page.get_by_role("button", name="Nicolò D'Angelo")
    person.click()

    expect(count).to_have_text("Presenti: 1 di 3")
    expect(person).to_have_attribute("aria-pressed", "true")
    expect(person).to_contain_text("Presente dalle")
    # Saved, not only drawn: the page read again says so too.
    page.reload()
    expect(count).to_have_text("Presenti: 1 di 3")
    screenshot(page, "present")

    # Tapped by mistake: a second tap takes it back.
    page.get_by_role("button", name="Nicolò D'Angelo").click()
    expect(count).to_have_text("Presenti: 0 di 3")
    registration = Registration.objects.get(name="Nicolò D'Angelo")
    assert registration.checked_in_at is None
    # Nothing wider than the phone's screen.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360
