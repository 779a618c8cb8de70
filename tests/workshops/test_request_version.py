"""The content version is read from the cache once per request, and a change is seen at once:
by the rest of the request that made it, and by every request after it."""

import pytest
from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started
from django.urls import reverse

from tests.factories import ArticleFactory
from workshops import services
from workshops.caching import VERSION_KEY, bump_content_version, content_version

pytestmark = pytest.mark.django_db


@pytest.fixture
def version_reads(monkeypatch):
    """Every read of the content version from the cache."""
    reads = []
    backend = caches["default"]
    get, get_many = backend.get, backend.get_many

    def counting_get(key, *args, **kwargs):
        if key == VERSION_KEY:
            reads.append(key)
        return get(key, *args, **kwargs)

    def counting_get_many(keys, *args, **kwargs):
        reads.extend(key for key in keys if key == VERSION_KEY)
        # Local memory's get_many asks get for each key: one read, counted once.
        monkeypatch.setattr(backend, "get", get)
        try:
            return get_many(keys, *args, **kwargs)
        finally:
            monkeypatch.setattr(backend, "get", counting_get)

    monkeypatch.setattr(backend, "get", counting_get)
    monkeypatch.setattr(backend, "get_many", counting_get_many)
    return reads


@pytest.fixture
def in_request():
    request_started.send(sender=None)
    yield
    request_finished.send(sender=None)


def test_a_list_of_cards_reads_the_version_once(client, version_reads):
    ArticleFactory.create_batch(3)
    content_version()
    version_reads.clear()

    response = client.get(reverse("workshops:article_list"))

    assert response.content.decode().count('class="card-title') >= 3
    assert len(version_reads) == 1


def test_a_change_is_seen_by_the_rest_of_its_own_request(in_request):
    before = content_version()

    bump_content_version()

    assert content_version() != before


def test_another_servers_change_is_seen_by_the_next_request(in_request):
    before = content_version()
    cache.incr(VERSION_KEY)
    assert content_version() == before

    request_finished.send(sender=None)

    assert content_version() == before + 1


def test_outside_a_request_every_call_reads_the_cache():
    before = content_version()

    cache.incr(VERSION_KEY)

    assert content_version() == before + 1


def test_a_publish_and_a_withdrawal_show_on_the_next_page_at_once(client):
    article = ArticleFactory(draft=True)
    url = reverse("workshops:article_list")
    assert article.title not in client.get(url).content.decode()

    services.article_publish(article=article)
    published = client.get(url).content.decode()
    services.article_unpublish(article=article)
    withdrawn = client.get(url).content.decode()

    assert article.title in published
    assert article.title not in withdrawn
