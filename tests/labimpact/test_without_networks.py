"""The workshops site stands on its own: every page renders with ``networks`` not installed."""

import importlib

import pytest
from django.test import modify_settings
from django.urls import clear_url_caches, reverse

import labimpact.urls
from networks.models import Actor
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    TopicFactory,
)
from tests.worlds import page_text

pytestmark = pytest.mark.django_db


def _reload_urls():
    importlib.reload(labimpact.urls)
    clear_url_caches()


@pytest.fixture
def without_networks():
    """INSTALLED_APPS without ``networks``, and the URLs the project then has."""
    try:
        with modify_settings(INSTALLED_APPS={"remove": "networks"}):
            _reload_urls()
            yield
    finally:
        # Once the app is back.
        _reload_urls()


@pytest.fixture
def site():
    """Published content on every kind of workshops page, with an actor that cites it."""
    topic = TopicFactory(name="Tema condiviso", slug="tema-condiviso")
    session = SessionFactory(title="Giornata condivisa")
    session.topics.add(topic)
    link = SessionSpeakerFactory(session=session)
    article = ArticleFactory(title="Resoconto condiviso", session=session, topics=[topic])
    actor = ActorFactory(name="Cooperativa Citata", kind=Actor.Kind.THIRD_SECTOR)
    actor.topics.add(topic)
    actor.people.add(link.speaker)
    actor.mentioned_in.add(article)
    return {"topic": topic, "session": session, "speaker": link.speaker, "article": article}


def _pages(site):
    session, topic, speaker = site["session"], site["topic"], site["speaker"]
    workshop = session.workshop
    return {
        "home": (reverse("workshops:home"), "Resoconto condiviso"),
        "articles": (reverse("workshops:article_list"), "Resoconto condiviso"),
        "article": (site["article"].get_absolute_url(), "Resoconto condiviso"),
        "workshops": (reverse("workshops:workshop_list"), workshop.title),
        "workshop": (workshop.get_absolute_url(), "Giornata condivisa"),
        "session": (session.get_absolute_url(), "Giornata condivisa"),
        "speakers": (reverse("workshops:speaker_list"), speaker.last_name),
        "speaker": (speaker.get_absolute_url(), speaker.last_name),
        "topics": (reverse("workshops:topic_list"), "Tema condiviso"),
        "topic": (topic.get_absolute_url(), "Resoconto condiviso"),
        "calendar": (reverse("workshops:session_list"), "Giornata condivisa"),
        "archive": (reverse("workshops:session_archive"), ""),
        "month": (
            reverse(
                "workshops:calendar_month",
                args=[session.starts_at.year, session.starts_at.month],
            ),
            "Giornata condivisa",
        ),
        "search": (reverse("workshops:search") + "?q=condiviso", "Resoconto condiviso"),
        "calendar ics": (reverse("workshops:calendar_ics"), "Giornata condivisa"),
        "workshop ics": (reverse("workshops:workshop_ics", args=[workshop.slug]), "Giornata"),
        "speaker ics": (reverse("workshops:speaker_ics", args=[speaker.slug]), "Giornata"),
        "topic ics": (reverse("workshops:topic_ics", args=[topic.slug]), "Giornata condivisa"),
        "feed": (reverse("workshops:article_feed"), "Resoconto condiviso"),
        "atom feed": (reverse("workshops:article_feed_atom"), "Resoconto condiviso"),
        "topic feed": (reverse("workshops:topic_feed", args=[topic.slug]), "Resoconto condiviso"),
        "sitemap": (reverse("sitemap"), site["article"].get_absolute_url()),
        "robots": (reverse("robots"), "Sitemap"),
        "accessibility": (reverse("workshops:accessibility"), ""),
        "privacy": (reverse("workshops:privacy"), ""),
    }


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_every_workshops_page_renders_without_the_networks_app(
    client, site, without_networks, prefix
):
    for name, (url, expected) in _pages(site).items():
        if prefix and name in {"sitemap", "robots"}:
            continue
        response = client.get(prefix + url if not url.startswith("/en/") else url)
        text = page_text(response)

        assert response.status_code == 200, name
        assert expected in text, name
        # No link to the network, no actors block: the app is not there.
        assert "/rete/" not in text, name
        assert "Cooperativa Citata" not in text, name


def test_network_urls_are_gone_without_the_networks_app(client, site, without_networks):
    assert client.get("/rete/").status_code == 404
    assert "/rete/" not in client.get(reverse("sitemap")).content.decode()


@pytest.mark.parametrize("page", ["article", "speaker", "topic"])
def test_pages_cite_their_actors_when_the_networks_app_is_installed(client, site, page):
    text = client.get(site[page].get_absolute_url()).content.decode()

    assert "Cooperativa Citata" in text
    assert "related-actors" in text
    assert 'href="/rete/"' in client.get("/").content.decode()
