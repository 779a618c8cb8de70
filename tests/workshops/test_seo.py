"""Sitemap, robots.txt, link previews and schema.org data, read as crawlers read them."""

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
)
from tests.parsing import parse_page

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


def _sitemap(client):
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return {
        urlparse(url.findtext(f"{SITEMAP}loc")).path: url.findtext(f"{SITEMAP}lastmod")
        for url in root.iter(f"{SITEMAP}url")
    }


def test_sitemap_lists_every_public_page_with_its_last_change(client):
    topic = TopicFactory()
    article = ArticleFactory(topics=[topic])
    session = SessionFactory()
    speaker = SpeakerFactory()
    ArticleFactory(speakers=[speaker])

    pages = _sitemap(client)

    for url in [
        "/",
        reverse("workshops:article_list"),
        reverse("workshops:session_list"),
        reverse("workshops:session_archive"),
        reverse("workshops:topic_list"),
        article.get_absolute_url(),
        session.get_absolute_url(),
        session.workshop.get_absolute_url(),
        speaker.get_absolute_url(),
        topic.get_absolute_url(),
    ]:
        assert pages[url], url
    assert pages[article.get_absolute_url()] == article.updated_at.date().isoformat()
    assert reverse("workshops:accessibility") in pages


def test_sitemap_leaves_out_everything_unpublished(client):
    draft = ArticleFactory(draft=True)
    scheduled = ArticleFactory(scheduled=True)
    hidden_session = SessionFactory(is_published=False)
    hidden_workshop = WorkshopFactory(is_published=False)
    session_of_hidden_workshop = SessionFactory(workshop=hidden_workshop)
    hidden_speaker = SpeakerFactory(is_published=False)

    pages = _sitemap(client)

    for url in [
        draft.get_absolute_url(),
        scheduled.get_absolute_url(),
        hidden_session.get_absolute_url(),
        hidden_workshop.get_absolute_url(),
        session_of_hidden_workshop.get_absolute_url(),
        hidden_speaker.get_absolute_url(),
    ]:
        assert url not in pages, url


def test_robots_txt_points_to_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert "Disallow: /admin/" in response.content.decode()


def test_session_page_describes_an_event_place_and_online(client):
    session = SessionFactory(
        title="La coesione territoriale",
        venue="Sala Consiglio",
        address="Via Rovello 2, Milano",
        online_url="https://meet.example.org/x",
    )
    SessionSpeakerFactory(session=session, speaker=SpeakerFactory(first_name="Nicola"))
    SessionSpeakerFactory(session=session, speaker=SpeakerFactory(is_published=False))

    page = parse_page(client.get(session.get_absolute_url()).content.decode())
    (event,) = page.json_ld

    assert event["@type"] == "Event"
    assert event["eventStatus"] == "https://schema.org/EventScheduled"
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert {place["@type"] for place in event["location"]} == {"Place", "VirtualLocation"}
    assert dt.datetime.fromisoformat(event["startDate"]) == session.starts_at
    assert [person["name"] for person in event["performer"]] == [
        session.session_speakers.get(speaker__is_published=True).speaker.full_name
    ]
    assert page.meta["og:title"] == "La coesione territoriale"
    assert page.meta["og:url"] == f"http://testserver{session.get_absolute_url()}"
    assert page.meta["twitter:card"] == "summary"


def test_cancelled_online_session_is_a_cancelled_virtual_event(client):
    session = SessionFactory(is_cancelled=True, venue="", online_url="https://meet.example.org/x")

    (event,) = parse_page(client.get(session.get_absolute_url()).content.decode()).json_ld

    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    assert event["location"] == {"@type": "VirtualLocation", "url": "https://meet.example.org/x"}
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def test_article_page_describes_a_news_article(client):
    article = ArticleFactory(
        title="Resoconto",
        byline="Federica Parenti",
        published_at=dt.datetime(2020, 12, 18, 12, tzinfo=dt.UTC),
        topics=[TopicFactory(name="Coprogettazione")],
    )

    page = parse_page(client.get(article.get_absolute_url()).content.decode())
    (data,) = page.json_ld

    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "Resoconto"
    assert data["author"] == {"@type": "Person", "name": "Federica Parenti"}
    assert dt.datetime.fromisoformat(data["datePublished"]) == article.published_at
    assert data["keywords"] == ["Coprogettazione"]
    assert page.meta["og:type"] == "article"
    assert page.meta["og:description"] == "Una sintesi del resoconto."


def test_speaker_page_describes_a_person(client):
    speaker = SpeakerFactory(
        honorific="dott.", first_name="Nicola", last_name="Grigion", organisation="In-deep"
    )
    ArticleFactory(speakers=[speaker])

    page = parse_page(client.get(speaker.get_absolute_url()).content.decode())
    (person,) = page.json_ld

    assert person["@type"] == "Person"
    assert person["name"] == "Nicola Grigion"
    assert person["honorificPrefix"] == "dott."
    assert person["affiliation"]["name"] == "In-deep"
    assert page.meta["og:type"] == "profile"


def test_structured_data_cannot_break_out_of_its_script(client):
    title = "</script><script>alert(1)</script> & <b>"
    session = SessionFactory(title=title)

    content = client.get(session.get_absolute_url()).content.decode()
    (event,) = parse_page(content).json_ld

    assert title in event["name"]
    assert "<script>alert(1)" not in content


def test_every_page_has_a_link_preview(client):
    page = parse_page(client.get(reverse("workshops:session_list")).content.decode())

    assert page.meta["og:site_name"] == "Lab'Impact"
    assert page.meta["og:locale"] == "it_IT"
    assert page.meta["og:title"] == "Calendario delle giornate Lab'Impact"
    assert page.meta["twitter:card"] == "summary"
