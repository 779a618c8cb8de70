import datetime as dt

import pytest
from django.core.cache import cache

from networks.models import Actor, Link, Membership
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    LinkFactory,
    MembershipFactory,
    NetworkFactory,
    SpeakerFactory,
    TopicFactory,
)

HIDDEN_NAME = "Ente Nascosto"
PERSON_NAME = "Mario Bianchi"


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()


@pytest.fixture
def world(db):
    """A small network with a draft actor and a private person linked to the public ones."""
    topic = TopicFactory(name="Coprogettazione", slug="coprogettazione")
    article = ArticleFactory(title="Il resoconto della rete")
    speaker = SpeakerFactory(first_name="Nicola", last_name="Grigion", slug="nicola-grigion")
    milano = ActorFactory(
        name="Comune di Milano",
        slug="comune-di-milano",
        kind=Actor.Kind.PUBLIC_BODY,
        municipality="Milano",
        province="MI",
    )
    cariplo = ActorFactory(
        name="Fondazione Cariplo",
        slug="fondazione-cariplo",
        kind=Actor.Kind.FOUNDATION,
        province="MI",
    )
    coop = ActorFactory(name="Cooperativa Lodigiana", slug="cooperativa-lodigiana")
    hidden = ActorFactory(name=HIDDEN_NAME, slug="ente-nascosto", is_published=False)
    person = ActorFactory(
        name=PERSON_NAME, slug="mario-bianchi", kind=Actor.Kind.PERSON, aliases="M. Bianchi"
    )
    milano.topics.add(topic)
    milano.people.add(speaker)
    article.speakers.add(speaker)
    milano.mentioned_in.add(article)
    hidden.topics.add(topic)
    hidden.mentioned_in.add(article)
    person.topics.add(topic)

    funding = LinkFactory(
        source=cariplo,
        target=milano,
        kind=Link.Kind.FUNDING,
        is_directed=True,
        since=dt.date(2017, 1, 1),
        documented_by_article=article,
    )
    partnership = LinkFactory(
        source=milano,
        target=coop,
        kind=Link.Kind.PARTNERSHIP,
        since=dt.date(2019, 1, 1),
        document_url="https://example.org/accordo.pdf",
    )
    LinkFactory(source=milano, target=hidden, kind=Link.Kind.CODESIGN, since=dt.date(2019, 1, 1))
    LinkFactory(
        source=person,
        target=coop,
        kind=Link.Kind.REFERRAL,
        is_directed=True,
        since=dt.date(2020, 1, 1),
    )
    network = NetworkFactory(name="Rete QuBì Milano", slug="qubi-milano", lead=milano)
    MembershipFactory(network=network, actor=milano, role=Membership.Role.LEAD)
    MembershipFactory(network=network, actor=cariplo, role=Membership.Role.FUNDER)
    MembershipFactory(network=network, actor=hidden)
    MembershipFactory(network=network, actor=person)
    draft_network = NetworkFactory(name="Rete in bozza", slug="rete-bozza", is_published=False)
    MembershipFactory(network=draft_network, actor=milano)
    return {
        "topic": topic,
        "article": article,
        "speaker": speaker,
        "milano": milano,
        "cariplo": cariplo,
        "coop": coop,
        "hidden": hidden,
        "person": person,
        "funding": funding,
        "partnership": partnership,
        "network": network,
        "draft_network": draft_network,
    }
