"""A report's page is loaded and rendered once per content version and language for the
public, and shows every change at once: a withdrawal, a withdrawn speaker, a new language;
drafts are never kept nor served from what was kept; without the cache it still answers."""

import time

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.urls import reverse

from tests.factories import ArticleFactory, SpeakerFactory
from workshops import services

pytestmark = pytest.mark.django_db


def _kept_containing(text):
    """Keys still alive in the configured cache (local memory or Redis) whose value holds
    ``text``: the suite runs on both, and a draft must be kept by neither."""
    backend = caches["default"]
    needle = text.encode()
    if isinstance(backend, RedisCache):
        redis = backend._cache.get_client()
        return [key for key in redis.scan_iter() if needle in (redis.get(key) or b"")]
    now = time.time()
    return [
        key
        for key, value in backend._cache.items()
        if needle in value and (backend._expire_info.get(key) or now + 1) > now
    ]


@pytest.fixture
def article():
    return ArticleFactory(
        title="La rete di Lodi", byline="Federica Parenti", speakers=[SpeakerFactory()]
    )


def test_the_second_visitor_costs_no_query(client, article, django_assert_num_queries):
    url = article.get_absolute_url()
    first = client.get(url).content.decode()

    with django_assert_num_queries(0):
        second = client.get(url).content.decode()

    assert "La rete di Lodi" in first
    assert second == first


def test_a_withdrawal_shows_at_once(client, article):
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200

    services.article_unpublish(article=article)

    assert client.get(url).status_code == 404


def test_a_withdrawn_speaker_leaves_the_page_at_once(client, article):
    speaker = article.speakers.get()
    url = article.get_absolute_url()
    assert speaker.display_name in client.get(url).content.decode()

    services.speaker_withdraw(speaker=speaker)

    assert speaker.display_name not in client.get(url).content.decode()


def test_each_language_has_its_own_page(client, article):
    italian = client.get(reverse("workshops:article_detail", args=[article.slug]))
    english = client.get(f"/en/articoli/{article.slug}/")

    assert "Aree di interesse" in italian.content.decode()
    assert "Areas of interest" in english.content.decode()
    assert "Aree di interesse" not in english.content.decode()


def test_a_draft_preview_is_never_kept_nor_served_to_the_public(client, editor_client):
    draft = ArticleFactory(draft=True, title="Bozza riservata", summary="Testo non pubblico")
    url = draft.get_absolute_url()

    preview = editor_client.get(url)
    editor_client.logout()
    public = client.get(url)

    assert "Testo non pubblico" in preview.content.decode()
    assert public.status_code == 404
    assert not _kept_containing("Testo non pubblico")


def test_an_editor_previewing_sees_changes_the_public_has_not(client, editor_client, article):
    url = article.get_absolute_url()
    client.get(url)
    services.article_unpublish(article=article)

    preview = editor_client.get(url).content.decode()

    assert "La rete di Lodi" in preview
    assert "Anteprima di una bozza." in preview


def test_without_the_cache_the_page_answers_from_the_database(client, article, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    response = client.get(article.get_absolute_url())

    assert "La rete di Lodi" in response.content.decode()
