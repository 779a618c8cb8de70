"""Each page costs the same number of queries with 3 and with 30 objects (N+1 guard)."""

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

pytestmark = pytest.mark.django_db


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

    with django_assert_num_queries(3):
        client.get(article.get_absolute_url())
    with django_assert_num_queries(5):
        client.get(session.get_absolute_url())
