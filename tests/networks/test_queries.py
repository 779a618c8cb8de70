"""Each network page costs the same number of queries with 3 and with 30 actors and links."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    ActorFactory,
    ArticleFactory,
    LinkFactory,
    MembershipFactory,
    NetworkFactory,
    SpeakerFactory,
    TopicFactory,
)

pytestmark = pytest.mark.django_db

URLS = [
    "/rete/",
    "/rete/attori/",
    "/rete/attori/?topic=tema-fisso",
    "/rete/attori/?network=rete-fissa&q=coop",
    "/rete/attori/attore-fisso/",
    "/rete/reti/",
    "/rete/reti/rete-fissa/",
    "/rete/mappa/",
    "/rete/mappa/?year=2019&network=rete-fissa",
    "/temi/tema-fisso/",
    "/relatori/relatore-fisso/",
]


@pytest.fixture
def fixed(db):
    topic = TopicFactory(slug="tema-fisso")
    centre = ActorFactory(name="Coop fissa", slug="attore-fisso")
    centre.topics.add(topic)
    speaker = SpeakerFactory(slug="relatore-fisso")
    centre.people.add(speaker)
    network = NetworkFactory(slug="rete-fissa", lead=centre)
    MembershipFactory(network=network, actor=centre)
    return {"topic": topic, "centre": centre, "network": network, "speaker": speaker}


def _grow(fixed, count):
    for _ in range(count):
        actor = ActorFactory()
        actor.topics.add(fixed["topic"], TopicFactory())
        actor.people.add(fixed["speaker"])
        actor.mentioned_in.add(ArticleFactory())
        fixed["centre"].mentioned_in.add(ArticleFactory())
        LinkFactory(source=fixed["centre"], target=actor, documented_by_article=ArticleFactory())
        LinkFactory(source=actor, target=ActorFactory())
        MembershipFactory(network=fixed["network"], actor=actor)
        NetworkFactory(lead=actor).topics.add(fixed["topic"])


def _counts(client):
    counts = {}
    for url in URLS:
        # Warm the measures cache: its cost is paid once per change, not per page.
        client.get(url)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url)
        assert response.status_code == 200, url
        counts[url] = len(ctx.captured_queries)
    return counts


def test_query_counts_do_not_grow_with_actors_and_links(client, fixed):
    _grow(fixed, 3)
    small = _counts(client)

    _grow(fixed, 27)
    large = _counts(client)

    assert large == small
    # The map and its list come from the cached graph: the version query and the form's choices.
    assert small["/rete/mappa/"] <= 4
