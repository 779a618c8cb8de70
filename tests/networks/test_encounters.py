"""«Chi si è incontrato»: encounters derived from the attendance marked at the door."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from networks import services as network_services
from networks.models import Actor, Encounter, Link
from tests.factories import ActorFactory, RegistrationFactory, SessionFactory
from workshops import services as workshop_services
from workshops.registrations import services

pytestmark = pytest.mark.django_db


def _past_session(**kwargs):
    return SessionFactory(starts_at=timezone.now() - dt.timedelta(days=30), **kwargs)


def _present(session, *actors):
    """One person of each of ``actors`` registered, confirmed and checked in at ``session``."""
    for actor in actors:
        registration = RegistrationFactory(session=session, actor_id=actor.pk)
        services.check_in(registration=registration)


def _weights():
    return {
        (encounter.actor_a.name, encounter.actor_b.name): encounter.weight
        for encounter in Encounter.objects.published().select_related("actor_a", "actor_b")
    }


@pytest.fixture
def actors():
    return {
        name: ActorFactory(name=name, slug=name.lower())
        for name in ("Anci", "Bergamo", "Cremona", "Desio")
    }


def test_weight_counts_the_sessions_where_both_were_present(actors):
    first, second = _past_session(), _past_session()
    _present(first, actors["Anci"], actors["Bergamo"], actors["Cremona"])
    _present(second, actors["Anci"], actors["Bergamo"])

    assert _weights() == {("Anci", "Bergamo"): 2, ("Anci", "Cremona"): 1, ("Bergamo", "Cremona"): 1}
    assert Encounter.objects.count() == 3


def test_two_people_of_one_actor_count_once_per_session(actors):
    session = _past_session()
    _present(session, actors["Anci"], actors["Anci"], actors["Bergamo"])

    assert _weights() == {("Anci", "Bergamo"): 1}


def test_registered_but_not_checked_in_is_no_encounter(actors):
    session = _past_session()
    RegistrationFactory(session=session, actor_id=actors["Anci"].pk)
    _present(session, actors["Bergamo"], actors["Cremona"])

    assert _weights() == {("Bergamo", "Cremona"): 1}


def test_typed_organisation_without_directory_actor_is_left_out(actors):
    session = _past_session()
    services.check_in(registration=RegistrationFactory(session=session, organisation="Anci"))
    _present(session, actors["Bergamo"])

    assert _weights() == {}


def test_check_in_undone_removes_the_encounter(actors):
    session = _past_session()
    _present(session, actors["Anci"])
    registration = RegistrationFactory(session=session, actor_id=actors["Bergamo"].pk)
    services.check_in(registration=registration)
    assert _weights() == {("Anci", "Bergamo"): 1}

    services.check_in(registration=registration, present=False)

    assert _weights() == {}
    assert not Encounter.objects.exists()


def test_erasing_a_present_person_on_request_recomputes(actors):
    session = _past_session()
    _present(session, actors["Anci"], actors["Cremona"])
    registration = RegistrationFactory(session=session, actor_id=actors["Bergamo"].pk)
    services.check_in(registration=registration)

    services.erase(registration=registration, notify=False)

    assert _weights() == {("Anci", "Cremona"): 1}


def test_encounters_outlive_the_registrations_erased_after_retention(actors):
    session = _past_session()
    _present(session, actors["Anci"], actors["Bergamo"])

    services.erase_past(now=timezone.now() + dt.timedelta(days=3650))
    network_services.encounters_rebuild(session_id=session.pk)

    assert _weights() == {("Anci", "Bergamo"): 1}


def test_private_persons_never_meet_anyone(actors):
    person = ActorFactory(name="Mario Bianchi", slug="mario-bianchi", kind=Actor.Kind.PERSON)
    session = _past_session()
    _present(session, actors["Anci"], person, actors["Bergamo"])

    assert _weights() == {("Anci", "Bergamo"): 1}
    assert not Encounter.objects.filter(actor_a=person).exists()
    assert not Encounter.objects.filter(actor_b=person).exists()


def test_actor_turned_private_person_leaves_the_published_encounters(actors):
    session = _past_session()
    _present(session, actors["Anci"], actors["Bergamo"])

    actors["Bergamo"].kind = Actor.Kind.PERSON
    actors["Bergamo"].save()

    assert _weights() == {}


def test_withdrawn_session_drops_its_encounters_and_publishing_brings_them_back(actors):
    session = _past_session()
    _present(session, actors["Anci"], actors["Bergamo"])

    workshop_services.withdraw(session)
    assert _weights() == {}

    workshop_services.publish(session)
    assert _weights() == {("Anci", "Bergamo"): 1}


def test_draft_workshop_hides_its_sessions_encounters(actors):
    session = _past_session(workshop__is_published=False)
    _present(session, actors["Anci"], actors["Bergamo"])

    assert _weights() == {}


def test_session_still_going_on_counts_once_over(actors):
    session = SessionFactory(starts_at=timezone.now() - dt.timedelta(hours=1))
    _present(session, actors["Anci"], actors["Bergamo"])

    assert Encounter.objects.count() == 1
    assert _weights() == {}
    later = timezone.now() + dt.timedelta(hours=3)
    assert Encounter.objects.published(now=later).count() == 1


def test_draft_actor_hides_the_encounter(actors):
    session = _past_session()
    _present(session, actors["Anci"], actors["Bergamo"])
    actors["Bergamo"].is_published = False
    actors["Bergamo"].save()

    assert _weights() == {}


def test_pair_is_stored_smaller_id_first(actors):
    session = _past_session()
    _present(session, actors["Desio"], actors["Anci"])

    encounter = Encounter.objects.get()
    assert encounter.actor_a_id < encounter.actor_b_id


def test_reversed_pair_is_refused(actors):
    high, low = sorted([actors["Anci"], actors["Bergamo"]], key=lambda a: -a.pk)
    with pytest.raises(ValidationError):
        Encounter(actor_a=high, actor_b=low).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Encounter.objects.create(actor_a=high, actor_b=low)


def test_same_pair_twice_is_refused(actors):
    low, high = sorted([actors["Anci"], actors["Bergamo"]], key=lambda a: a.pk)
    Encounter.objects.create(actor_a=low, actor_b=high)
    with pytest.raises(ValidationError):
        Encounter(actor_a=low, actor_b=high).full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Encounter.objects.create(actor_a=low, actor_b=high)


def test_link_of_kind_encounter_cannot_be_typed(actors):
    link = Link(
        source=actors["Anci"],
        target=actors["Bergamo"],
        kind=Link.Kind.ENCOUNTER,
        document_url="https://example.org/",
    )
    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "kind" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        link.save()


def test_check_in_refuses_a_registration_without_a_place(actors):
    registration = RegistrationFactory(
        session=_past_session(), actor_id=actors["Anci"].pk, state="cancelled"
    )
    with pytest.raises(ValidationError):
        services.check_in(registration=registration)


def test_check_in_twice_keeps_the_first_time(actors):
    registration = RegistrationFactory(session=_past_session(), actor_id=actors["Anci"].pk)
    first = services.check_in(registration=registration).checked_in_at

    again = services.check_in(registration=registration, now=first + dt.timedelta(hours=1))

    assert again.checked_in_at == first


def test_editors_read_encounters_but_cannot_change_them(editor_client, actors):
    session = _past_session()
    _present(session, actors["Anci"], actors["Bergamo"])
    encounter = Encounter.objects.get()

    listing = editor_client.get(reverse("admin:networks_encounter_changelist"))
    detail = editor_client.get(reverse("admin:networks_encounter_change", args=[encounter.pk]))
    add = editor_client.get(reverse("admin:networks_encounter_add"))

    assert listing.status_code == 200
    assert "Anci" in listing.content.decode()
    assert detail.status_code == 200
    assert 'type="submit"' not in detail.content.decode().split('id="encounter_form"')[-1]
    assert add.status_code == 403


def test_editors_are_not_offered_the_encounter_kind_for_links(editor_client):
    page = editor_client.get(reverse("admin:networks_link_add")).content.decode()

    assert 'value="partnership"' in page
    assert 'value="encounter"' not in page
