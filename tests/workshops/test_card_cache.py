"""Cards are rendered once per content version and language and shared by every page that
shows them; a change of anything a card says shows at once."""

import datetime as dt

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
)
from workshops import services
from workshops.caching import bump_content_version
from workshops.models import Session
from workshops.templatetags import portal

pytestmark = pytest.mark.django_db


@pytest.fixture
def card_renders(monkeypatch):
    """The card templates rendered, by name."""
    calls = []
    real = portal.render_to_string

    def counting(template_name, *args, **kwargs):
        calls.append(template_name.rsplit("/", 1)[-1])
        return real(template_name, *args, **kwargs)

    monkeypatch.setattr(portal, "render_to_string", counting)
    return calls


def test_a_session_card_is_rendered_once_for_the_home_the_calendar_and_its_topic(
    client, card_renders
):
    topic = TopicFactory()
    session = SessionFactory()
    session.topics.add(topic)

    for url in [reverse("workshops:home"), reverse("workshops:session_list")]:
        assert session.display_title in client.get(url).content.decode()
    client.get(topic.get_absolute_url())

    assert card_renders.count("_session_card.html") <= 2  # with and without its reports
    client.get(reverse("workshops:session_list"))
    assert card_renders.count("_session_card.html") <= 2


def test_a_withdrawn_speaker_leaves_the_cards_at_once(client, card_renders):
    session = SessionFactory()
    speaker = SpeakerFactory(first_name="Marcatrice", last_name="Relatrice")
    SessionSpeakerFactory(session=session, speaker=speaker)
    url = reverse("workshops:session_list")
    assert "Marcatrice" in client.get(url).content.decode()

    services.speaker_withdraw(speaker=speaker)

    assert "Marcatrice" not in client.get(url).content.decode()


def test_a_card_without_its_reports_never_stands_in_for_one_with_them():
    session = SessionFactory(starts_at=timezone.now() - dt.timedelta(days=10))
    ArticleFactory(title="Il resoconto marcatore", sessions=[session])
    card = Template('{% load portal %}{% card "workshops/includes/_session_card.html" session=s %}')

    # A list that does not attach the reports first, then one that does (for_cards()).
    bare = card.render(Context({"s": Session.objects.get(pk=session.pk)}))
    full = card.render(Context({"s": Session.objects.for_cards().get(pk=session.pk)}))

    assert "Resoconto disponibile" not in bare
    assert "Resoconto disponibile" in full


def test_an_article_card_is_shared_by_the_home_the_list_and_its_topic(client, card_renders):
    topic = TopicFactory()
    article = ArticleFactory(topics=[topic])

    for url in [reverse("workshops:home"), reverse("workshops:article_list")]:
        assert article.title in client.get(url).content.decode()
    client.get(topic.get_absolute_url())

    assert card_renders.count("_article_card.html") == 1


def test_english_cards_are_their_own(client, card_renders):
    ArticleFactory()
    client.get(reverse("workshops:article_list"))
    english = client.get("/en" + reverse("workshops:article_list")).content.decode()

    assert card_renders.count("_article_card.html") == 2
    assert "Report" in english or "Article" in english


class CacheCalls(list):
    """The names of the cache's methods called, and the keys ``get`` was asked for."""

    def __init__(self):
        super().__init__()
        self.got = []

    def clear(self):
        super().clear()
        self.got.clear()

    def cards_got_one_by_one(self):
        return [key for key in self.got if key.startswith("fragment:card:")]


@pytest.fixture
def cache_calls(monkeypatch):
    """The round trips to the cache, by method name (a local-memory ``get_many`` calls
    ``get`` for each key: those are part of its one call)."""
    from django.core.cache import cache

    backend = cache._connections[cache._alias]
    calls = CacheCalls()
    got = calls.got
    depth = [0]
    # read_ahead: Redis's own read of a page's kept parts (workshops/caching.py).
    names = ("get", "get_many", "set", "set_many", "read_ahead")
    for name in (name for name in names if hasattr(backend, name)):
        real = getattr(backend, name)

        def counting(*args, _real=real, _name=name, **kwargs):
            if not depth[0]:
                calls.append(_name)
                if _name == "get":
                    got.append(args[0])
            depth[0] += 1
            try:
                return _real(*args, **kwargs)
            finally:
                depth[0] -= 1

        monkeypatch.setattr(backend, name, counting)
    return calls


def _reads_of_many(calls):
    """Round trips reading several keys: the page's own kept parts read ahead (a get_many
    where the backend does not remember them), then all its cards."""
    return calls.count("get_many") + calls.count("read_ahead")


@pytest.mark.parametrize("name", ["workshops:session_list", "workshops:article_list"])
def test_a_lists_cards_cost_one_round_trip_to_read_and_one_to_store(
    settings, client, cache_calls, card_renders, name
):
    # As in production: the public address from the environment, not from the cache.
    settings.SITE_URL = "https://labimpact.example"
    for _ in range(6):
        SessionFactory()
        ArticleFactory()
    # Bypasses the kept body (its own query string): only the cards are already kept.
    client.get(reverse(name), {"a": "1"})
    cache_calls.clear()
    card_renders.clear()

    first = client.get(reverse(name), {"a": "2"}).content.decode()

    assert card_renders == []
    assert _reads_of_many(cache_calls) == 2
    assert cache_calls.count("set_many") == 0
    # No get of a card's own (the content version, the kept body, the filter form and
    # what the page itself reads are got, some answered from what was read ahead).
    assert cache_calls.cards_got_one_by_one() == []
    assert first.count('class="card-title') >= 6

    # A change: every card is rendered again, and stored in one round trip.
    bump_content_version()
    cache_calls.clear()
    client.get(reverse(name), {"a": "3"})
    assert len(card_renders) >= 6
    # The version with the parts named under the version this process read before the
    # change (workshops.caching.read_kept), the parts under the new one, then the cards.
    assert _reads_of_many(cache_calls) == 3
    assert cache_calls.count("set_many") == 1
    assert cache_calls.cards_got_one_by_one() == []
