"""Each page costs the same number of queries with 3 and with 30 objects (N+1 guard)."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.sites.models import Site
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

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")


def _world(count):
    topic = TopicFactory(slug="tema-fisso")
    workshop = WorkshopFactory(slug="lab-fisso")
    speaker = SpeakerFactory(slug="relatore-fisso")
    fixed = SessionFactory(workshop=workshop, slug="giornata-fissa")
    # Enough for a second page of the report list (ten to a page) at the smaller size.
    ArticleFactory.create_batch(10, session=fixed, topics=[topic])
    for _ in range(count):
        SessionSpeakerFactory(session=fixed)
        session = SessionFactory(workshop=workshop)
        session.topics.add(topic)
        SessionSpeakerFactory(session=session, speaker=speaker)
        SessionSpeakerFactory(session=session)
        ArticleFactory(session=session, topics=[topic, TopicFactory()])
        WorkshopFactory().topics.add(topic)
    return {"topic": topic, "workshop": workshop, "speaker": speaker, "session": fixed}


def _urls(world):
    return [
        "/",
        reverse("workshops:article_list"),
        reverse("workshops:article_list") + "?topic=tema-fisso",
        reverse("workshops:workshop_list"),
        world["workshop"].get_absolute_url(),
        world["session"].get_absolute_url(),
        reverse("workshops:article_list") + "?page=2",
        reverse("workshops:speaker_list"),
        world["speaker"].get_absolute_url(),
        reverse("workshops:topic_list"),
        world["topic"].get_absolute_url(),
        "/cerca/?q=giornata",
    ]


def _count_queries(client, django_assert_max_num_queries, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries)


def test_query_counts_do_not_grow_with_content(client, django_assert_max_num_queries):
    world = _world(3)
    small = {
        url: _count_queries(client, django_assert_max_num_queries, url) for url in _urls(world)
    }

    for _ in range(27):
        _world_more(world)
    large = {
        url: _count_queries(client, django_assert_max_num_queries, url) for url in _urls(world)
    }

    assert large == small


def _world_more(world):
    session = SessionFactory(workshop=world["workshop"])
    session.topics.add(world["topic"])
    SessionSpeakerFactory(session=session, speaker=world["speaker"])
    SessionSpeakerFactory(session=session)
    ArticleFactory(session=session, topics=[world["topic"], TopicFactory()])
    WorkshopFactory().topics.add(world["topic"])
    SessionSpeakerFactory(session=world["session"])
    ArticleFactory(session=world["session"], topics=[world["topic"]])


def test_article_and_session_detail_query_counts_are_fixed(client, django_assert_num_queries):
    session = SessionFactory()
    for _ in range(5):
        SessionSpeakerFactory(session=session)
    article = ArticleFactory(session=session, topics=[TopicFactory(), TopicFactory()])

    # The fourth query is the actors the article mentions (networks' template tag).
    with django_assert_num_queries(4):
        client.get(article.get_absolute_url())
    with django_assert_num_queries(5):
        client.get(session.get_absolute_url())


def _calendar_world(world, count, month_start):
    """``count`` upcoming sessions in one month and as many past ones, all fully dressed."""
    for index in range(count):
        for starts_at in (
            month_start + dt.timedelta(days=index % 27, hours=index % 5),
            month_start - dt.timedelta(days=400 + index),
        ):
            session = SessionFactory(
                workshop=world["workshop"],
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=3),
                is_cancelled=index % 4 == 0,
            )
            session.topics.add(world["topic"], TopicFactory())
            SessionSpeakerFactory(session=session, speaker=world["speaker"])
            SessionSpeakerFactory(session=session)
            ArticleFactory(session=session, topics=[world["topic"]])


def _calendar_urls(world, month_start):
    workshop, topic, speaker = world["workshop"], world["topic"], world["speaker"]
    filters = f"?workshop={workshop.slug}&topic={topic.slug}"
    month = reverse(
        "workshops:calendar_month", kwargs={"year": month_start.year, "month": month_start.month}
    )
    return [
        reverse("workshops:session_list"),
        reverse("workshops:session_list") + filters,
        reverse("workshops:session_archive"),
        reverse("workshops:session_archive") + filters,
        month,
        month + filters,
        reverse("workshops:calendar_ics"),
        reverse("workshops:calendar_ics") + filters,
        reverse("workshops:workshop_ics", kwargs={"slug": workshop.slug}),
        reverse("workshops:topic_ics", kwargs={"slug": topic.slug}),
        reverse("workshops:speaker_ics", kwargs={"slug": speaker.slug}),
        reverse("workshops:article_feed"),
        reverse("workshops:article_feed_atom"),
        reverse("workshops:topic_feed", kwargs={"slug": topic.slug}),
        reverse("workshops:workshop_feed", kwargs={"slug": workshop.slug}),
        "/sitemap.xml",
    ]


def test_calendar_feed_and_sitemap_query_counts_do_not_grow(client):
    today = timezone.localdate()
    month_start = dt.datetime(today.year + 1, 2, 1, 9, tzinfo=ROME)
    world = {
        "topic": TopicFactory(slug="tema-fisso"),
        "workshop": WorkshopFactory(slug="lab-fisso"),
        "speaker": SpeakerFactory(slug="relatore-fisso"),
    }
    _calendar_world(world, 3, month_start)
    urls = _calendar_urls(world, month_start)
    small = _calendar_counts(client, urls)

    _calendar_world(world, 27, month_start)
    large = _calendar_counts(client, urls)

    assert large == small


def _calendar_counts(client, urls):
    counts = {}
    for url in urls:
        # Feeds and the sitemap look the site up once per process: count it every time.
        Site.objects.clear_cache()
        counts[url] = _count_queries(client, None, url)
    return counts
