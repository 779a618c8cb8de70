"""Pages whose content is the same for everyone (home, topic) keep it under the content
version: a visitor who bypasses the page cache gets it without a query for it, and a change
shows at once."""

import pytest
from django.http import HttpRequest
from django.urls import reverse

from tests.factories import ArticleFactory, SessionFactory, TopicFactory
from workshops import services
from workshops.models import Article

pytestmark = pytest.mark.django_db


def test_home_content_is_rendered_once_then_costs_no_query(client, django_assert_max_num_queries):
    ArticleFactory(title="Primo resoconto")
    url = reverse("workshops:home")
    first = client.get(url).content.decode()

    # The page cache is off in the tests: only the view's lazy querysets stay unread.
    with django_assert_max_num_queries(1):
        second = client.get(url).content.decode()

    assert second == first
    assert "Primo resoconto" in second


def test_home_shows_a_publication_and_a_withdrawal_at_once(client):
    article = ArticleFactory(title="Resoconto marcatore", status=Article.Status.DRAFT)
    url = reverse("workshops:home")
    assert "Resoconto marcatore" not in client.get(url).content.decode()

    services.article_publish(article=article)
    assert "Resoconto marcatore" in client.get(url).content.decode()

    services.article_unpublish(article=article)
    assert "Resoconto marcatore" not in client.get(url).content.decode()


def test_each_topic_and_language_has_its_own_page(client):
    first, second = TopicFactory(name="Primo tema"), TopicFactory(name="Secondo tema")
    SessionFactory(title="Giornata del primo").topics.add(first)

    one = client.get(first.get_absolute_url()).content.decode()
    two = client.get(second.get_absolute_url()).content.decode()
    english = client.get("/en" + first.get_absolute_url()).content.decode()

    assert "Giornata del primo" in one
    assert "Giornata del primo" not in two
    assert 'lang="en"' in english
    assert "Sessions" in english


def test_a_session_tagged_later_shows_on_its_topic_at_once(client):
    topic = TopicFactory()
    client.get(topic.get_absolute_url())

    session = SessionFactory(title="Giornata aggiunta dopo")
    services.record_change(session, comment="tema", is_published=True)
    session.topics.add(topic)

    assert "Giornata aggiunta dopo" in client.get(topic.get_absolute_url()).content.decode()


def test_without_the_cache_the_pages_render_and_keep_nothing(settings, client):
    from tests.outages import unreachable_redis_caches

    settings.CACHES = unreachable_redis_caches()
    ArticleFactory(title="Resoconto senza cache")

    for _ in range(2):
        assert "Resoconto senza cache" in client.get(reverse("workshops:home")).content.decode()


def test_a_pages_fragments_check_the_host_once(client, monkeypatch):
    # Each kept fragment's key holds the host: validating it against ALLOWED_HOSTS once is
    # enough. Besides: the middleware, and (without SITE_URL) the absolute language links,
    # through Django's own once-a-request scheme and host.
    article = ArticleFactory()
    url = article.get_absolute_url()
    client.get(url)
    checks = []
    get_host = HttpRequest.get_host
    monkeypatch.setattr(HttpRequest, "get_host", lambda self: checks.append(1) or get_host(self))

    client.get(url)

    assert len(checks) == 3
