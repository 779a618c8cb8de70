"""The list pages' filter forms are rendered once per content version, language and choice,
and never shown out of date: a published topic appears in them at once."""

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, TopicFactory
from workshops.templatetags import portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders(monkeypatch):
    """How many times crispy renders a form."""
    calls = []
    real = portal.render_crispy_form

    def counting(form, *args, **kwargs):
        calls.append(type(form).__name__)
        return real(form, *args, **kwargs)

    monkeypatch.setattr(portal, "render_crispy_form", counting)
    return calls


def test_the_same_choice_is_rendered_once_across_pages_of_the_list(client, renders):
    ArticleFactory(topics=[TopicFactory(slug="coprogettazione")])
    url = reverse("workshops:article_list")

    first = client.get(url, {"topic": "coprogettazione"}).content.decode()
    second = client.get(url, {"topic": "coprogettazione", "page": "1"}).content.decode()

    assert len(renders) == 1
    assert 'value="coprogettazione" selected' in second
    assert first.count("<form") == second.count("<form")


def test_another_choice_or_language_is_another_form(client, renders):
    ArticleFactory(topics=[TopicFactory(slug="coprogettazione")])
    url = reverse("workshops:article_list")

    client.get(url)
    client.get(url, {"topic": "coprogettazione"})
    english = client.get("/en" + url).content.decode()

    assert len(renders) == 3
    assert "All years" in english or "Filter" in english


def test_a_published_topic_shows_in_the_form_at_once(client, renders):
    ArticleFactory(topics=[TopicFactory(name="Coprogettazione")])
    url = reverse("workshops:article_list")
    client.get(url)

    ArticleFactory(topics=[TopicFactory(name="Reti dei CPIA")])
    page = client.get(url).content.decode()

    assert "Reti dei CPIA" in page
    assert len(renders) == 2


def test_a_form_with_errors_is_rendered_each_time_and_not_kept(client, renders):
    url = reverse("workshops:article_list")

    client.get(url, {"year": "abc"})
    client.get(url, {"year": "abc"})
    client.get(url)

    assert len(renders) == 3
