import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from networks.models import Actor, Link, Membership
from tests.factories import ActorFactory, LinkFactory, MembershipFactory, NetworkFactory

pytestmark = pytest.mark.django_db


def _link(**kwargs):
    defaults = {
        "kind": Link.Kind.PARTNERSHIP,
        "since": dt.date(2019, 1, 1),
        "document_url": "https://example.org/accordo.pdf",
    }
    return Link(**{**defaults, **kwargs})


def test_actor_aliases_are_kept_one_per_line_without_repeats():
    actor = ActorFactory(name="ANCILab", aliases="AnciLab\n\n  AnciLAB \nAnciLab")

    assert actor.aliases == "AnciLab\nAnciLAB"
    assert actor.spellings == ["ANCILab", "AnciLab", "AnciLAB"]


def test_found_in_text_matches_every_spelling_as_a_whole_word():
    ancilab = ActorFactory(name="ANCILab", aliases="AnciLab\nAnciLAB")
    cariplo = ActorFactory(name="Fondazione Cariplo")
    sai = ActorFactory(name="Progetti SAI", aliases="SAI\nSIPROIMI")
    ActorFactory(name="Comune di Bergamo")

    found = Actor.objects.found_in_text(
        "<p>Referente per l&#x27;AnciLab, finanziato da fondazione Cariplo; "
        "lo sai che il SIPROIMI…</p>"
    )

    assert set(found) == {ancilab, cariplo, sai}
    assert Actor.objects.found_in_text("lo sai?") == []
    assert Actor.objects.found_in_text("ANCILabs") == []


def test_found_in_text_treats_both_apostrophes_alike():
    actor = ActorFactory(name="Lab'Impact")

    assert Actor.objects.found_in_text("Il piano Lab’Impact") == [actor]


def test_published_and_public_pages():
    shown = ActorFactory()
    ActorFactory(is_published=False)
    person = ActorFactory(kind=Actor.Kind.PERSON, name="Mario Bianchi")

    assert set(Actor.objects.published()) == {shown, person}
    assert list(Actor.objects.with_public_page()) == [shown]


def test_a_private_person_is_never_named_and_has_no_page():
    person = ActorFactory(kind=Actor.Kind.PERSON, name="Mario Bianchi")

    assert person.public_name == "Persona privata"
    assert person.get_absolute_url() == ""
    assert ActorFactory(name="ATS Milano").public_name == "ATS Milano"


def test_link_to_itself_is_refused_by_clean_and_database():
    actor = ActorFactory()

    with pytest.raises(ValidationError) as error:
        _link(source=actor, target=actor).full_clean()
    assert "target" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        _link(source=actor, target=actor).save()


def test_link_ending_before_it_starts_is_refused():
    link = _link(source=ActorFactory(), target=ActorFactory(), until=dt.date(2018, 1, 1))

    with pytest.raises(ValidationError) as error:
        link.full_clean()
    assert "until" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        link.save()


def test_duplicate_link_of_one_kind_and_start_is_refused_by_the_database():
    first = LinkFactory()
    twin = _link(source=first.source, target=first.target, since=first.since)

    with pytest.raises(ValidationError):
        twin.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_two_undated_links_of_one_kind_collide_in_the_database_too():
    first = LinkFactory(since=None)

    with pytest.raises(IntegrityError), transaction.atomic():
        Link.objects.create(source=first.source, target=first.target, kind=first.kind)


def test_overlapping_periods_of_one_kind_are_refused_by_clean():
    first = LinkFactory(since=dt.date(2018, 1, 1), until=dt.date(2020, 12, 31))
    overlapping = _link(source=first.source, target=first.target, since=dt.date(2020, 6, 1))

    with pytest.raises(ValidationError) as error:
        overlapping.full_clean()
    assert "since" in error.value.message_dict


def test_later_period_other_kind_or_other_direction_are_allowed():
    first = LinkFactory(
        since=dt.date(2018, 1, 1),
        until=dt.date(2019, 12, 31),
        kind=Link.Kind.FUNDING,
        is_directed=True,
    )
    later = _link(
        source=first.source,
        target=first.target,
        kind=Link.Kind.FUNDING,
        is_directed=True,
        since=dt.date(2020, 1, 1),
    )
    other_kind = _link(source=first.source, target=first.target, kind=Link.Kind.REFERRAL)
    reverse_directed = _link(
        source=first.target,
        target=first.source,
        kind=Link.Kind.FUNDING,
        is_directed=True,
        since=dt.date(2018, 1, 1),
    )

    for link in (later, other_kind, reverse_directed):
        link.full_clean()
        link.save()


def test_an_undirected_link_reversed_is_a_duplicate():
    first = LinkFactory(is_directed=False)
    reversed_twin = _link(source=first.target, target=first.source, since=dt.date(2021, 1, 1))

    with pytest.raises(ValidationError):
        reversed_twin.full_clean()


def test_links_are_public_only_when_both_actors_are():
    shown = LinkFactory()
    LinkFactory(target=ActorFactory(is_published=False))
    LinkFactory(source=ActorFactory(is_published=False))

    assert list(Link.objects.published()) == [shown]


def test_active_in_year_needs_a_start_and_respects_the_end():
    old = LinkFactory(since=dt.date(2017, 3, 1), until=dt.date(2018, 6, 30))
    ongoing = LinkFactory(since=dt.date(2018, 9, 1))
    LinkFactory(since=None)

    assert set(Link.objects.active_in(2018)) == {old, ongoing}
    assert list(Link.objects.active_in(2017)) == [old]
    assert list(Link.objects.active_in(2020)) == [ongoing]
    assert ongoing.is_active_in(2020)
    assert not old.is_active_in(2020)


def test_membership_is_unique_per_network_and_dated_in_order():
    membership = MembershipFactory()
    backwards = Membership(
        network=NetworkFactory(),
        actor=membership.actor,
        since=dt.date(2020, 1, 1),
        until=dt.date(2019, 1, 1),
    )

    with pytest.raises(ValidationError):
        backwards.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(network=membership.network, actor=membership.actor)


def test_other_end_and_str():
    link = LinkFactory(is_directed=True, kind=Link.Kind.FUNDING)

    assert link.other_end(link.source) == link.target
    assert link.other_end(link.target) == link.source
    assert "→" in str(link)
    assert "Finanziamento" in str(link)


def test_actor_logo_is_stored_without_exif():
    from io import BytesIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    exif = Image.Exif()
    exif[0x010F] = "Fotocamera"
    buffer = BytesIO()
    Image.new("RGB", (30, 30), (0, 102, 204)).save(buffer, format="JPEG", exif=exif.tobytes())

    actor = ActorFactory(logo=SimpleUploadedFile("logo.jpg", buffer.getvalue()))

    with actor.logo.open("rb") as stored:
        assert not Image.open(stored).getexif()
