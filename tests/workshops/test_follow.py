"""Following the programme: the "Segui" block and the steps for subscribing to the calendar."""

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from tests.factories import ArticleFactory, SessionFactory, TopicFactory

pytestmark = pytest.mark.django_db


class _FollowBlock(HTMLParser):
    """The links of the page's "Segui" block."""

    def __init__(self):
        super().__init__()
        self.depth = 0
        self.links = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "section" and "follow-box" in attrs.get("class", ""):
            self.depth = 1
        elif self.depth and tag == "section":
            self.depth += 1
        elif self.depth and tag == "a":
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if self.depth and tag == "section":
            self.depth -= 1


def follow_links(client, url):
    parser = _FollowBlock()
    parser.feed(client.get(url).content.decode())
    return parser.links


def test_home_and_report_list_offer_the_feeds_and_the_calendar(client):
    for url in [reverse("workshops:home"), reverse("workshops:article_list")]:
        links = follow_links(client, url)

        assert links == [
            reverse("workshops:article_feed"),
            reverse("workshops:article_feed_atom"),
            "webcal://testserver" + reverse("workshops:calendar_ics"),
            "http://testserver" + reverse("workshops:calendar_ics"),
            reverse("workshops:calendar_help"),
        ], url


def test_topic_page_offers_the_topic_feeds_and_calendar(client):
    topic = TopicFactory()
    ArticleFactory(topics=[topic])

    links = follow_links(client, topic.get_absolute_url())

    assert links[:3] == [
        reverse("workshops:topic_feed", kwargs={"slug": topic.slug}),
        reverse("workshops:topic_feed_atom", kwargs={"slug": topic.slug}),
        "webcal://testserver" + reverse("workshops:topic_ics", kwargs={"slug": topic.slug}),
    ]


def test_workshop_page_offers_the_workshop_feeds_and_calendar(client):
    workshop = SessionFactory().workshop

    links = follow_links(client, workshop.get_absolute_url())

    assert links[:3] == [
        reverse("workshops:workshop_feed", kwargs={"slug": workshop.slug}),
        reverse("workshops:workshop_feed_atom", kwargs={"slug": workshop.slug}),
        "webcal://testserver" + reverse("workshops:workshop_ics", kwargs={"slug": workshop.slug}),
    ]


@pytest.mark.parametrize("kind", ["topic", "workshop"])
def test_topic_and_workshop_pages_offer_their_calendar_once(client, kind):
    """One block to follow a topic or a workshop: two boxes offering the same subscription
    (seen on the sample) read as two different calendars."""
    session = SessionFactory()
    topic = TopicFactory()
    session.topics.add(topic)
    owner = topic if kind == "topic" else session.workshop
    ics = reverse(f"workshops:{kind}_ics", kwargs={"slug": owner.slug})

    page = client.get(owner.get_absolute_url()).content.decode()

    assert page.count(f'href="webcal://testserver{ics}"') == 1
    assert page.count(f'href="http://testserver{ics}"') == 1


def test_feeds_of_the_follow_block_answer(client):
    topic = TopicFactory()
    ArticleFactory(topics=[topic])

    for url in follow_links(client, topic.get_absolute_url()):
        if not url.startswith("webcal:"):
            assert client.get(url).status_code == 200, url


def test_calendar_help_gives_steps_for_each_app_with_the_https_address(client):
    response = client.get(reverse("workshops:calendar_help"))
    text = " ".join(response.content.decode().split())

    assert response.status_code == 200
    assert f"https://testserver{reverse('workshops:calendar_ics')}" in text
    for app in ["Google Calendar", "Outlook", "Apple Calendar"]:
        assert f">{app}</h2>" in text, app
    assert "«Da URL»" in text
    assert "«Sottoscrivi dal Web»" in text
    assert "«Nuova sottoscrizione calendario»" in text


def test_calendar_help_in_english(client):
    with_language = client.get("/en" + reverse("workshops:calendar_help"))

    assert with_language.status_code == 200
    assert "How to subscribe to the calendar" in with_language.content.decode()


def test_calendar_box_links_to_the_subscription_steps(client):
    links = client.get(reverse("workshops:session_list")).content.decode()

    assert f'href="{reverse("workshops:calendar_help")}"' in links
