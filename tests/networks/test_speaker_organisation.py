"""A speaker's organisation can be an actor of the network: suggested, then linked."""

import pytest

from networks.models import Actor
from tests.factories import ActorFactory, ArticleFactory, SpeakerFactory
from tests.labimpact.admin_forms import change_url, read_form
from workshops.models import Speaker

pytestmark = pytest.mark.django_db


@pytest.fixture
def actors():
    return {
        "ancilab": ActorFactory(name="AnciLab", slug="ancilab", aliases="ANCILab\nANCI Lab"),
        "anci": ActorFactory(name="ANCI Lombardia", slug="anci-lombardia"),
        "indeep": ActorFactory(name="In-deep", slug="in-deep"),
        "person": ActorFactory(name="Anci Lab", slug="persona", kind=Actor.Kind.PERSON),
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ANCILab", ["ancilab"]),
        ("Ancilab", ["ancilab"]),
        ("Anci-Lab", ["ancilab"]),
        ("ANCILab – ANCI Lombardia", ["anci", "ancilab"]),
        ("IN-DEEP", ["indeep"]),
        ("Fondazione ISMU", []),
        ("", []),
    ],
)
def test_suggested_for_organisation_matches_name_or_other_spelling(actors, text, expected):
    found = Actor.objects.suggested_for_organisation(text)

    assert sorted(actor.slug for actor in found) == sorted(actors[key].slug for key in expected)


def test_admin_suggests_the_actor_of_the_organisation_and_links_it_when_ticked(
    editor_client, actors
):
    speaker = SpeakerFactory(first_name="Pasquale", last_name="Nunziata", organisation="ANCILab")
    url = change_url(speaker)

    content = editor_client.get(url).content.decode()

    assert "Attori suggeriti" in content
    assert f'value="{actors["ancilab"].pk}"' in content
    assert f'value="{actors["indeep"].pk}"' not in content
    assert "Actor_people-TOTAL_FORMS" in content

    data = read_form(editor_client, url, Speaker)
    data["suggested_actors"] = [str(actors["ancilab"].pk)]
    response = editor_client.post(url, data)

    assert response.status_code == 302
    assert list(speaker.actors.all()) == [actors["ancilab"]]
    assert "Attori suggeriti" not in editor_client.get(url).content.decode()


def test_admin_form_posted_without_ticking_links_nothing(editor_client, actors):
    speaker = SpeakerFactory(organisation="ANCILab")
    data = read_form(editor_client, change_url(speaker), Speaker)

    response = editor_client.post(change_url(speaker), data)

    assert response.status_code == 302
    assert not speaker.actors.exists()


def test_speaker_page_links_the_organisation_to_the_public_actor(client, actors):
    speaker = SpeakerFactory(organisation="ANCILab")
    ArticleFactory(speakers=[speaker])
    actors["ancilab"].people.add(speaker)
    actors["anci"].people.add(speaker)

    content = client.get(speaker.get_absolute_url()).content.decode()

    assert f'<a href="{actors["ancilab"].get_absolute_url()}">ANCILab</a>' in content


def test_speaker_page_links_the_only_actor_even_under_another_spelling(client, actors):
    speaker = SpeakerFactory(organisation="Associazione In-deep (Padova)")
    ArticleFactory(speakers=[speaker])
    actors["indeep"].people.add(speaker)

    content = client.get(speaker.get_absolute_url()).content.decode()

    assert f'<a href="{actors["indeep"].get_absolute_url()}">Associazione In-deep' in content


def test_speaker_page_leaves_the_organisation_plain_when_the_actor_is_not_public(client, actors):
    speaker = SpeakerFactory(organisation="ANCILab")
    ArticleFactory(speakers=[speaker])
    ancilab = actors["ancilab"]
    ancilab.is_published = False
    ancilab.save()
    ancilab.people.add(speaker)

    content = client.get(speaker.get_absolute_url()).content.decode()

    assert "ANCILab" in content
    assert ancilab.slug not in content


def test_speaker_page_leaves_the_organisation_plain_when_unlinked(client, actors):
    speaker = SpeakerFactory(organisation="ANCILab")
    ArticleFactory(speakers=[speaker])

    content = client.get(speaker.get_absolute_url()).content.decode()

    assert "ANCILab" in content
    assert actors["ancilab"].get_absolute_url() not in content
