"""RSS and Atom feeds of the reports, read back with an XML parser."""

import datetime as dt
import io
import xml.etree.ElementTree as ET
from email.utils import parsedate_to_datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from tests.factories import ArticleFactory, SessionFactory, TopicFactory, WorkshopFactory
from tests.parsing import feed_links

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
DC = "{http://purl.org/dc/elements/1.1/}"


def _xml(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return ET.fromstring(response.content)


def _rss_titles(client, url):
    return [item.findtext("title") for item in _xml(client, url).iter("item")]


def _atom_titles(client, url):
    return [entry.findtext(f"{ATOM}title") for entry in _xml(client, url).iter(f"{ATOM}entry")]


def _jpeg():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "navy").save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue())


def test_rss_items_have_title_link_summary_author_date_topics_and_image(client):
    article = ArticleFactory(
        title="Le reti locali (4° giornata)",
        summary="L'ultima giornata del terzo laboratorio.",
        byline="Federica Parenti",
        published_at=dt.datetime(2020, 12, 18, 12, tzinfo=dt.UTC),
        topics=[TopicFactory(name="Coprogettazione"), TopicFactory(name="QuBì")],
        lead_image_alt="La sala",
    )
    article.lead_image.save("sala.jpg", _jpeg())

    response = client.get(reverse("workshops:article_feed"))
    channel = ET.fromstring(response.content).find("channel")
    (item,) = channel.findall("item")

    assert response["Content-Type"].startswith("application/rss+xml")
    assert channel.findtext("title") == "Lab'Impact: resoconti dei laboratori"
    assert item.findtext("title") == "Le reti locali (4° giornata)"
    assert item.findtext("link").endswith(article.get_absolute_url())
    assert item.findtext("description") == "L'ultima giornata del terzo laboratorio."
    assert item.findtext(f"{DC}creator") == "Federica Parenti"
    assert parsedate_to_datetime(item.findtext("pubDate")) == article.published_at
    assert sorted(c.text for c in item.findall("category")) == ["Coprogettazione", "QuBì"]
    enclosure = item.find("enclosure")
    assert enclosure.get("url").startswith("http://")
    assert enclosure.get("url").endswith(article.lead_image.url)
    assert enclosure.get("type") == "image/jpeg"
    assert int(enclosure.get("length")) == article.lead_image.size


def test_atom_entries_have_author_summary_and_categories(client):
    ArticleFactory(title="Resoconto", byline="Federica Parenti", topics=[TopicFactory(name="SAI")])

    feed = _xml(client, reverse("workshops:article_feed_atom"))
    (entry,) = feed.findall(f"{ATOM}entry")

    assert feed.findtext(f"{ATOM}subtitle")
    assert entry.findtext(f"{ATOM}title") == "Resoconto"
    assert entry.find(f"{ATOM}author").findtext(f"{ATOM}name") == "Federica Parenti"
    assert entry.findtext(f"{ATOM}summary") == "Una sintesi del resoconto."
    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["SAI"]
    assert entry.findtext(f"{ATOM}published")


def test_feeds_leave_out_drafts_and_scheduled_articles(client):
    topic = TopicFactory()
    workshop = WorkshopFactory()
    session = SessionFactory(workshop=workshop)
    ArticleFactory(title="Pubblicato", topics=[topic], session=session)
    ArticleFactory(title="Bozza", draft=True, topics=[topic], session=session)
    ArticleFactory(title="Programmato", scheduled=True, topics=[topic], session=session)

    for name, kwargs in [
        ("article_feed", {}),
        ("topic_feed", {"slug": topic.slug}),
        ("workshop_feed", {"slug": workshop.slug}),
    ]:
        assert _rss_titles(client, reverse(f"workshops:{name}", kwargs=kwargs)) == ["Pubblicato"]
        assert _atom_titles(client, reverse(f"workshops:{name}_atom", kwargs=kwargs)) == [
            "Pubblicato"
        ]


def test_topic_and_workshop_feeds_hold_only_their_reports(client):
    topic = TopicFactory(name="Coprogettazione")
    workshop = WorkshopFactory(number=303)
    ArticleFactory(title="Sul tema", topics=[topic])
    ArticleFactory(title="Del laboratorio", session=SessionFactory(workshop=workshop))
    ArticleFactory(title="Altro")

    topic_feed = _xml(client, reverse("workshops:topic_feed", kwargs={"slug": topic.slug}))
    workshop_feed = reverse("workshops:workshop_feed", kwargs={"slug": workshop.slug})

    assert [item.findtext("title") for item in topic_feed.iter("item")] == ["Sul tema"]
    assert "Coprogettazione" in topic_feed.find("channel").findtext("title")
    assert _rss_titles(client, workshop_feed) == ["Del laboratorio"]


def test_feeds_of_unknown_or_unpublished_things_are_404(client):
    hidden = WorkshopFactory(is_published=False)

    for url in [
        reverse("workshops:workshop_feed", kwargs={"slug": hidden.slug}),
        reverse("workshops:workshop_feed_atom", kwargs={"slug": hidden.slug}),
        reverse("workshops:topic_feed", kwargs={"slug": "nessuno"}),
    ]:
        assert client.get(url).status_code == 404, url


@pytest.mark.parametrize("url", ["/", "/articoli/", "/calendario/", "/laboratori/"])
def test_every_page_announces_the_feeds(client, url):
    links = feed_links(client.get(url).content.decode())

    assert links[("application/rss+xml", reverse("workshops:article_feed"))] == (
        "Resoconti Lab'Impact (RSS)"
    )
    assert links[("application/atom+xml", reverse("workshops:article_feed_atom"))] == (
        "Resoconti Lab'Impact (Atom)"
    )


def test_topic_page_announces_its_own_feed(client):
    topic = TopicFactory()

    links = feed_links(client.get(topic.get_absolute_url()).content.decode())

    assert (
        "application/rss+xml",
        reverse("workshops:topic_feed", kwargs={"slug": topic.slug}),
    ) in links
