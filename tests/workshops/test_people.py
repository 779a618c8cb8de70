"""People: a speaker is public once something public names them; one person, one card."""

import pytest
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    WorkshopFactory,
)
from tests.labimpact.admin_forms import change_url, read_form
from workshops.models import Speaker

pytestmark = pytest.mark.django_db


def _named_by(kind, speaker):
    """Name ``speaker`` in a session or article of the given publication state."""
    if kind == "published_session":
        SessionSpeakerFactory(speaker=speaker)
    elif kind == "draft_session":
        SessionSpeakerFactory(speaker=speaker, session=SessionFactory(is_published=False))
    elif kind == "session_of_draft_workshop":
        workshop = WorkshopFactory(is_published=False)
        SessionSpeakerFactory(speaker=speaker, session=SessionFactory(workshop=workshop))
    elif kind == "published_article":
        ArticleFactory(speakers=[speaker])
    elif kind == "draft_article":
        ArticleFactory(draft=True, speakers=[speaker])
    elif kind == "scheduled_article":
        ArticleFactory(scheduled=True, speakers=[speaker])


@pytest.mark.parametrize(
    ("kind", "public"),
    [
        ("nothing", False),
        ("published_session", True),
        ("draft_session", False),
        ("session_of_draft_workshop", False),
        ("published_article", True),
        ("draft_article", False),
        ("scheduled_article", False),
    ],
)
def test_speaker_is_published_only_when_something_public_names_them(client, kind, public):
    speaker = SpeakerFactory(last_name="Grigion")
    _named_by(kind, speaker)

    assert (speaker in Speaker.objects.published()) is public
    assert Speaker.objects.get(pk=speaker.pk).is_public is public
    assert client.get(speaker.get_absolute_url()).status_code == (200 if public else 404)
    listed = "Grigion" in client.get(reverse("workshops:speaker_list")).content.decode()
    assert listed is public


def test_withdrawn_speaker_stays_hidden_even_when_named(client):
    speaker = SpeakerFactory(is_published=False)
    ArticleFactory(speakers=[speaker])
    SessionSpeakerFactory(speaker=speaker)

    assert not Speaker.objects.published().exists()
    assert client.get(speaker.get_absolute_url()).status_code == 404


def test_speaker_named_many_times_is_listed_once():
    speaker = SpeakerFactory()
    for _ in range(2):
        SessionSpeakerFactory(speaker=speaker)
        ArticleFactory(speakers=[speaker])

    assert list(Speaker.objects.published()) == [speaker]


def test_article_page_lists_the_people_it_names(client):
    grigion = SpeakerFactory(honorific="dott.", first_name="Nicola", last_name="Grigion")
    nunziata = SpeakerFactory(honorific="dott.", first_name="Pasquale", last_name="Nunziata")
    article = ArticleFactory(speakers=[grigion, nunziata])

    content = client.get(article.get_absolute_url()).content.decode()

    assert "Persone citate" in content
    assert f'href="{grigion.get_absolute_url()}">dott. Nicola Grigion</a>' in content
    assert f'href="{nunziata.get_absolute_url()}">dott. Pasquale Nunziata</a>' in content


def test_speaker_page_lists_published_articles_naming_them_under_citato_in(client):
    speaker = SpeakerFactory()
    ArticleFactory(title="Parte il primo Laboratorio", speakers=[speaker])
    ArticleFactory(title="Articolo in bozza", draft=True, speakers=[speaker])
    ArticleFactory(title="Articolo programmato", scheduled=True, speakers=[speaker])

    content = client.get(speaker.get_absolute_url()).content.decode()

    assert "Citato in" in content
    assert "Parte il primo Laboratorio" in content
    assert "Articolo in bozza" not in content
    assert "Articolo programmato" not in content


def test_editor_previews_a_speaker_nothing_names_yet(editor_client):
    speaker = SpeakerFactory(last_name="Nuova")

    response = editor_client.get(speaker.get_absolute_url())

    assert response.status_code == 200
    assert response.context["is_preview"]
    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize(
    ("existing", "typed"),
    [
        (("Maria", "De Aloe"), "Maria DeAloe"),
        (("Giulia", "D'Angelo"), "Giulia Dangelo"),
        (("Giulia", "D’Angelo"), "giulia d'angelo"),
        (("Nicolò", "Grigion"), "Nicolo Grigion"),
        (("Anna", "Rossi Bianchi"), "Rossi-Bianchi Anna"),
    ],
)
def test_similar_to_ignores_case_accents_spaces_and_apostrophes(existing, typed):
    speaker = SpeakerFactory(first_name=existing[0], last_name=existing[1])

    assert list(Speaker.objects.similar_to(typed)) == [speaker]


def test_similar_to_does_not_match_another_name():
    SpeakerFactory(first_name="Maria", last_name="De Aloe")

    assert not Speaker.objects.similar_to("Mario De Aloe").exists()
    assert not Speaker.objects.similar_to("").exists()


def _new_speaker(client, first_name, last_name, slug, **extra):
    return client.post(
        reverse("admin:workshops_speaker_add"),
        {
            "honorific": "",
            "first_name": first_name,
            "last_name": last_name,
            "slug": slug,
            "role": "",
            "organisation": "",
            "bio": "",
            "website": "",
            "is_published": "on",
            "Actor_people-TOTAL_FORMS": "0",
            "Actor_people-INITIAL_FORMS": "0",
            **extra,
        },
    )


def test_admin_warns_of_a_similar_name_until_told_it_is_another_person(editor_client):
    existing = SpeakerFactory(first_name="Maria", last_name="De Aloe", organisation="ISMU")

    response = _new_speaker(editor_client, "Maria", "DeAloe", "maria-dealoe")

    assert response.status_code == 200
    content = response.content.decode()
    assert "C'è già una scheda con questo nome" in content
    assert f'href="{change_url(existing)}"' in content
    assert "È un&#x27;altra persona: salva comunque" in content
    assert 'type="checkbox" name="is_other_person"' in content
    assert Speaker.objects.count() == 1

    response = _new_speaker(editor_client, "Maria", "DeAloe", "maria-dealoe", is_other_person="on")

    assert response.status_code == 302
    assert Speaker.objects.count() == 2


def test_admin_change_form_of_a_speaker_does_not_warn_about_itself(editor_client):
    speaker = SpeakerFactory(first_name="Maria", last_name="De Aloe")
    data = read_form(editor_client, change_url(speaker), Speaker)
    data["role"] = ["Mediatrice"]

    response = editor_client.post(change_url(speaker), data)

    assert response.status_code == 302
    speaker.refresh_from_db()
    assert speaker.role == "Mediatrice"


def test_admin_explains_a_slug_clash_in_plain_italian_with_a_link(editor_client):
    existing = SpeakerFactory(first_name="Nicola", last_name="Grigion", slug="nicola-grigion")

    response = _new_speaker(
        editor_client, "Nicola", "Grigion", "nicola-grigion", is_other_person="on"
    )

    content = response.content.decode()
    assert response.status_code == 200
    assert "Questo indirizzo è già della scheda di" in content
    assert f'href="{change_url(existing)}"' in content
    assert "esiste già" not in content
