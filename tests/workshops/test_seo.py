"""Sitemap, robots.txt, link previews and schema.org data, read as crawlers read them."""

import datetime as dt
import xml.etree.ElementTree as ET
from urllib.parse import urlparse

import pytest
from django.template import Context, Template
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone

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
    # The day on Milan's clock: just after midnight there, it is still the day before in UTC.
    assert pages[article.get_absolute_url()] == timezone.localdate(article.updated_at).isoformat()
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
    place, online = event["location"]
    assert place == {
        "@type": "Place",
        "name": "Sala Consiglio",
        "address": {
            "@type": "PostalAddress",
            "streetAddress": "Via Rovello 2, Milano",
            "addressCountry": "IT",
        },
    }
    assert online == {"@type": "VirtualLocation", "url": "https://meet.example.org/x"}
    assert event["image"] == [f"http://testserver{static('img/og-card.png')}"]
    assert dt.datetime.fromisoformat(event["startDate"]) == session.starts_at
    assert [person["name"] for person in event["performer"]] == [
        session.session_speakers.get(speaker__is_published=True).speaker.full_name
    ]
    assert page.meta["og:title"] == "La coesione territoriale"
    assert page.meta["og:url"] == f"http://testserver{session.get_absolute_url()}"
    assert page.meta["twitter:card"] == "summary_large_image"


def test_cancelled_online_session_is_a_cancelled_virtual_event(client):
    session = SessionFactory(is_cancelled=True, venue="", online_url="https://meet.example.org/x")

    (event,) = parse_page(client.get(session.get_absolute_url()).content.decode()).json_ld

    assert event["eventStatus"] == "https://schema.org/EventCancelled"
    # The page offers no join link for a cancelled session, nor does its structured data.
    assert event["location"] == {
        "@type": "VirtualLocation",
        "url": f"http://testserver{session.get_absolute_url()}",
    }
    assert "meet.example.org" not in str(event)
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def test_past_session_keeps_its_join_link_out_of_the_structured_data(client):
    session = SessionFactory(
        starts_at=timezone.now() - dt.timedelta(days=30),
        venue="Sala",
        online_url="https://meet.example.org/x",
    )

    (event,) = parse_page(client.get(session.get_absolute_url()).content.decode()).json_ld

    assert "meet.example.org" not in str(event)
    assert event["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert {
        "@type": "VirtualLocation",
        "url": f"http://testserver{session.get_absolute_url()}",
    } in (event["location"])


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
    assert data["author"] == {
        "@type": "Person",
        "name": "Federica Parenti",
        "url": "http://testserver/cerca/?q=Federica+Parenti",
    }
    assert data["image"] == [f"http://testserver{static('img/og-card.png')}"]
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
    assert page.meta["og:image"] == f"http://testserver{static('img/og-card.png')}"
    assert page.meta["og:image:width"] == "1200"
    assert page.meta["twitter:card"] == "summary_large_image"


def test_sitemap_names_each_page_in_italian_and_english(client):
    article = ArticleFactory()
    root = ET.fromstring(client.get("/sitemap.xml").content)
    entries = {
        urlparse(url.findtext(f"{SITEMAP}loc")).path: {
            link.get("hreflang"): urlparse(link.get("href")).path
            for link in url.iter("{http://www.w3.org/1999/xhtml}link")
        }
        for url in root.iter(f"{SITEMAP}url")
    }
    italian = article.get_absolute_url()
    english = f"/en{italian}"

    assert entries[italian] == {"it": italian, "en": english, "x-default": italian}
    assert entries[english] == entries[italian]


def test_english_page_previews_in_british_english(client):
    page = parse_page(client.get("/en/").content.decode())

    assert page.meta["og:locale"] == "en_GB"
    assert page.meta["og:locale:alternate"] == "it_IT"


def test_article_author_who_speaks_links_to_the_speaker_page(client):
    speaker = SpeakerFactory(first_name="Federica", last_name="Parenti")
    article = ArticleFactory(byline="Federica Parenti", speakers=[speaker])

    (data,) = parse_page(client.get(article.get_absolute_url()).content.decode()).json_ld

    assert data["author"]["url"] == f"http://testserver{speaker.get_absolute_url()}"


def test_online_session_without_its_link_is_still_a_virtual_event(client):
    session = SessionFactory(venue="", address="", online_url="")

    (event,) = parse_page(client.get(session.get_absolute_url()).content.decode()).json_ld

    assert event["location"] == {
        "@type": "VirtualLocation",
        "url": f"http://testserver{session.get_absolute_url()}",
    }
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"


def test_in_person_session_without_address_has_a_postal_address_by_venue(client):
    session = SessionFactory(venue="Palazzo Lombardia", address="", online_url="")

    (event,) = parse_page(client.get(session.get_absolute_url()).content.decode()).json_ld

    assert event["location"] == {
        "@type": "Place",
        "name": "Palazzo Lombardia",
        "address": {"@type": "PostalAddress", "name": "Palazzo Lombardia", "addressCountry": "IT"},
    }


def test_link_preview_cuts_a_long_description_and_falls_back_to_the_sites(client):
    long = " ".join(f"parola{n}" for n in range(60))
    workshop = WorkshopFactory(summary=long)
    topic = TopicFactory(description="")
    ArticleFactory(topics=[topic])

    workshop_page = parse_page(client.get(workshop.get_absolute_url()).content.decode())
    topic_page = parse_page(client.get(f"/en{topic.get_absolute_url()}").content.decode())

    assert workshop_page.meta["og:description"] == " ".join(long.split()[:40]) + " …"
    assert topic_page.meta["og:description"].startswith("The portal of the Lab'Impact workshops")
    assert topic_page.meta["og:image:alt"].startswith("Lab'Impact, the workshops")


def test_a_link_preview_rendered_without_a_request_points_to_the_site(settings):
    settings.SITE_URL = "https://labimpact.example.org"

    html = Template("{% load portal %}{% social_meta title='Pagina' %}").render(Context({}))

    assert '<meta property="og:url" content="https://labimpact.example.org">' in html
    assert '<meta property="og:title" content="Pagina">' in html
