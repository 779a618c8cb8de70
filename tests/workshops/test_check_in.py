"""The check-in page at the door: who may open it, the search, marking and unmarking."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from tests.factories import RegistrationFactory, RegistrationSettingsFactory, SessionFactory
from tests.urlwalk import public_patterns
from workshops.admin import attendance
from workshops.models import Registration
from workshops.registrations import services

pytestmark = pytest.mark.django_db
State = Registration.State


def _url(session):
    return reverse("admin:workshops_registration_check_in", args=[session.pk])


def _shown_rows(content):
    """{registration pk: whether its row is visible} from the page's list."""
    rows = re.findall(r'<li id="r-(\d+)" class="checkin-person"[^>]*?( hidden)?>', content)
    return {int(pk): not hidden for pk, hidden in rows}


def _tap(client, registration, *, present=True, q="", **headers):
    return client.post(
        _url(registration.session),
        {"registration": registration.pk, "present": "1" if present else "0", "q": q},
        **headers,
    )


def _json_tap(client, registration, present=True):
    return _tap(client, registration, present=present, HTTP_ACCEPT="application/json")


# Who may open it


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_the_admin_log_in(client, method):
    session = SessionFactory()
    response = getattr(client, method)(_url(session))
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


@pytest.mark.parametrize("codenames", [[], ["view_registration"]])
def test_staff_who_may_not_change_registrations_get_403(client, codenames):
    staff = User.objects.create_user("staff", password="pw-staff-123", is_staff=True)
    staff.user_permissions.set(Permission.objects.filter(codename__in=codenames))
    client.force_login(staff)
    registration = RegistrationFactory()

    assert client.get(_url(registration.session)).status_code == 403
    assert _tap(client, registration).status_code == 403
    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_the_page_is_never_cached_nor_indexed(editor_client):
    response = editor_client.get(_url(RegistrationFactory().session))

    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-store"} <= cache_control
    assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_no_public_url_leads_to_the_door(client):
    door_views = {attendance.AttendanceAdminMixin.check_in_view.__name__}
    for route, pattern, _namespace, _args in public_patterns():
        assert getattr(pattern.callback, "__name__", "") not in door_views, route
        assert "presenze" not in route
    assert "presenze" not in client.get("/sitemap.xml").content.decode()


def test_an_unknown_session_is_404(editor_client):
    assert (
        editor_client.get("/admin/workshops/registration/giornata/999999/presenze/").status_code
        == 404
    )


# What it shows


def test_the_page_lists_the_confirmed_by_name_with_the_count(editor_client):
    session = SessionFactory()
    RegistrationFactory(session=session, name="Zeno Rossi", checked_in_at=timezone.now())
    RegistrationFactory(session=session, name="Ágata Bruni")
    RegistrationFactory(session=session, name="Bruno Verdi")
    RegistrationFactory(session=session, name="Wanda Attesa", state=State.WAITING)
    RegistrationFactory(session=session, name="Pia Daconfermare", state=State.PENDING,
                        confirmed_at=None)  # fmt: skip
    RegistrationFactory(name="Altra Giornata")

    content = editor_client.get(_url(session)).content.decode()

    assert "Presenti: 1 di 3" in content
    names = re.findall(r'<span class="checkin-name">([^<]+)</span>', content)
    assert names == ["Ágata Bruni", "Bruno Verdi", "Zeno Rossi"]
    assert 'aria-pressed="true"' in content
    assert "Presente dalle" in content


def test_the_search_finds_a_name_without_its_accents(editor_client):
    session = SessionFactory()
    nicolo = RegistrationFactory(session=session, name="Nicolò D'Angelo")
    other = RegistrationFactory(session=session, name="Maria Rossi")

    response = editor_client.get(_url(session), {"q": "nicolo d'angelo"})

    content = response.content.decode()
    assert _shown_rows(content) == {nicolo.pk: True, other.pk: False}
    assert "1 persona trovata" in content
    # Each tap keeps the search, so that the list comes back as it was.
    assert 'name="q" value="nicolo d&#x27;angelo"' in content


def test_a_search_finding_nobody_says_so(editor_client):
    registration = RegistrationFactory()

    content = editor_client.get(_url(registration.session), {"q": "nessuno"}).content.decode()

    assert _shown_rows(content) == {registration.pk: False}
    assert re.search(r'<p class="checkin-none" data-checkin-none>', content)


def test_the_page_costs_the_same_queries_for_one_or_three_people(
    editor_client, django_assert_num_queries
):
    one, three = SessionFactory(), SessionFactory()
    RegistrationFactory(session=one)
    RegistrationFactory.create_batch(3, session=three, checked_in_at=timezone.now())
    # The log-in session, the user, the user's and the group's permissions, the session,
    # its confirmed registrations.
    for session in (one, three):
        with django_assert_num_queries(6):
            editor_client.get(_url(session))


def test_the_lists_of_registrations_link_to_the_door(editor_client):
    registration_settings = RegistrationSettingsFactory()
    door = _url(registration_settings.session)

    filtered = editor_client.get(
        "/admin/workshops/registration/",
        {"session__id__exact": registration_settings.session.pk},
    )
    settings_list = editor_client.get("/admin/workshops/registrationsettings/")

    assert f'href="{door}"' in filtered.content.decode()
    assert f'href="{door}"' in settings_list.content.decode()


# Marking and unmarking


def test_a_tap_marks_present_and_comes_back_to_the_same_search(editor_client):
    registration = RegistrationFactory(name="Anna Bianchi")

    response = _tap(editor_client, registration, q="anna")

    assert response.status_code == 302
    assert response["Location"] == f"{_url(registration.session)}?q=anna#r-{registration.pk}"
    registration.refresh_from_db()
    assert registration.checked_in_at is not None
    page = editor_client.get(response["Location"]).content.decode()
    assert "Anna Bianchi: Presente dalle" in page
    assert "Presenti: 1 di 1" in page


def test_a_second_tap_takes_the_mark_back(editor_client):
    registration = RegistrationFactory(name="Anna Bianchi", checked_in_at=timezone.now())

    response = _tap(editor_client, registration, present=False)

    registration.refresh_from_db()
    assert registration.checked_in_at is None
    page = editor_client.get(response["Location"]).content.decode()
    assert "Anna Bianchi: presenza annullata." in page
    assert "Presenti: 0 di 1" in page


def test_with_the_script_a_tap_answers_in_json(editor_client):
    registration = RegistrationFactory()
    RegistrationFactory(session=registration.session)

    marked = _json_tap(editor_client, registration).json()
    unmarked = _json_tap(editor_client, registration, present=False).json()

    assert marked["present"] is True
    assert marked["count"] == "Presenti: 1 di 2"
    assert marked["state"].startswith("Presente dalle ")
    assert unmarked == {"present": False, "count": "Presenti: 0 di 2", "state": ""}


def test_a_registration_not_confirmed_is_refused_with_a_clear_message(editor_client):
    waiting = RegistrationFactory(name="Wanda Attesa", state=State.WAITING)

    answer = _json_tap(editor_client, waiting)
    page = editor_client.get(_tap(editor_client, waiting)["Location"]).content.decode()

    assert answer.status_code == 409
    message = "Wanda Attesa: Solo un&#x27;iscrizione confermata può risultare presente."
    assert answer.json()["error"] == message.replace("&#x27;", "'")
    assert message in page
    waiting.refresh_from_db()
    assert waiting.checked_in_at is None


def test_a_registration_of_another_session_is_404(editor_client):
    registration = RegistrationFactory()
    elsewhere = SessionFactory()

    response = editor_client.post(
        _url(elsewhere), {"registration": registration.pk, "present": "1"}
    )

    assert response.status_code == 404


@pytest.mark.parametrize(
    "data",
    [{}, {"registration": "abc", "present": "1"}, {"registration": "1", "present": "sì"}],
)
def test_bad_input_gives_a_message_not_an_error(editor_client, data):
    session = SessionFactory()

    response = editor_client.post(_url(session), data)
    as_json = editor_client.post(_url(session), data, HTTP_ACCEPT="application/json")

    assert response.status_code == 302
    assert as_json.status_code == 400
    assert "Richiesta non valida" in as_json.json()["error"]


# The services and the model's rule


def test_checking_in_twice_keeps_the_first_time():
    registration = RegistrationFactory()
    first = timezone.now() - dt.timedelta(minutes=5)

    services.check_in(registration=registration, now=first)
    again = services.check_in(registration=registration)

    assert again.checked_in_at == first
    registration.refresh_from_db()
    assert registration.checked_in_at == first


def test_undoing_is_idempotent():
    registration = RegistrationFactory(checked_in_at=timezone.now())

    services.check_in(registration=registration, present=False)
    services.check_in(registration=registration, present=False)

    registration.refresh_from_db()
    assert registration.checked_in_at is None


@pytest.mark.parametrize("state", [State.PENDING, State.WAITING, State.REFUSED, State.CANCELLED])
def test_only_a_confirmed_registration_can_be_checked_in(state):
    registration = RegistrationFactory(state=state)

    with pytest.raises(ValidationError, match="Solo un'iscrizione confermata"):
        services.check_in(registration=registration)

    registration.refresh_from_db()
    assert registration.checked_in_at is None


def test_the_model_refuses_a_check_in_on_a_registration_not_confirmed():
    registration = RegistrationFactory.build(state=State.WAITING, checked_in_at=timezone.now())

    with pytest.raises(ValidationError, match="Solo un'iscrizione confermata"):
        registration.full_clean(exclude=["session"], validate_constraints=False)


def test_cancelling_someone_marked_present_takes_the_mark_away(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    registration = RegistrationFactory(checked_in_at=timezone.now())

    services.cancel(registration=registration)

    registration.refresh_from_db()
    assert registration.state == State.CANCELLED
    assert registration.checked_in_at is None
