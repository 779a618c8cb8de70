"""Feed summaries are plain text, declared as such: what an editor typed is shown, never run."""

import html
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, SessionFactory, TopicFactory, WorkshopFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
TYPED = 'Costi < 5 € & "gratis" per i <b>Comuni</b> <script>alert(1)</script>'


@pytest.fixture
def feeds():
    topic = TopicFactory(slug="accoglienza")
    workshop = WorkshopFactory(slug="laboratorio-aperto")
    session = SessionFactory(workshop=workshop)
    ArticleFactory(summary=TYPED, topics=[topic], session=session)
    return [
        ("article_feed", {}),
        ("topic_feed", {"slug": topic.slug}),
        ("workshop_feed", {"slug": workshop.slug}),
    ]


def _get(client, name, kwargs):
    response = client.get(reverse(f"workshops:{name}", kwargs=kwargs))
    assert response.status_code == 200
    return ET.fromstring(response.content)


def test_rss_description_shows_the_typed_text_and_holds_no_markup(client, feeds):
    for name, kwargs in feeds:
        (item,) = _get(client, name, kwargs).iter("item")
        description = item.findtext("description")

        # RSS readers render <description> as HTML: the text comes in escaped, so the
        # reader shows exactly what was typed.
        assert "<" not in description
        assert html.unescape(description) == TYPED


def test_atom_summary_is_declared_as_text(client, feeds):
    for name, kwargs in feeds:
        (entry,) = _get(client, f"{name}_atom", kwargs).iter(f"{ATOM}entry")
        summary = entry.find(f"{ATOM}summary")

        assert summary.get("type") == "text"
        assert summary.text == TYPED


def test_summary_from_the_body_is_its_text_without_tags_or_entities(client):
    ArticleFactory(
        summary="",
        body="<p>Reti &amp; territori: &lt;script&gt; resta testo.</p><p>Seconda parte.</p>",
    )

    feed = _get(client, "article_feed_atom", {})
    summary = feed.find(f"{ATOM}entry").find(f"{ATOM}summary")
    rss_description = _get(client, "article_feed", {}).find("channel/item/description").text

    assert summary.get("type") == "text"
    assert summary.text.startswith("Reti & territori: <script> resta testo.")
    assert "Seconda parte." in summary.text
    assert html.unescape(rss_description) == summary.text
