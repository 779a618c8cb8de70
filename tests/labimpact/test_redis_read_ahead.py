"""The Redis cache's read-ahead: a page's kept parts asked in one round trip, then answered
from what was read for the rest of the request only, decoded only when read, forgotten on
a write, and nothing at all while Redis is down. On a real Redis server."""

import secrets

import pytest

from labimpact import redis_cache
from labimpact.redis_cache import ReusingRedisCache

# What the request signals do here, without the database's own receivers.
request_started = redis_cache._start_request
request_finished = redis_cache._finish_request


@pytest.fixture
def backend():
    backend = ReusingRedisCache(
        "redis://127.0.0.1:6379/15", {"KEY_PREFIX": f"read-ahead-{secrets.token_hex(4)}"}
    )
    yield backend
    request_finished()
    backend.clear()


@pytest.fixture
def in_request():
    request_started()
    yield
    request_finished()


class RoundTrips:
    """The commands the backend sends to Redis."""

    def __init__(self, backend, monkeypatch):
        self.commands = []
        client = backend._cache.get_client(None)
        execute = client.execute_command

        def counted(*args, **kwargs):
            self.commands.append(args[0])
            return execute(*args, **kwargs)

        monkeypatch.setattr(client, "execute_command", counted)


def _behind_its_back(backend, key):
    """Delete ``key`` in Redis without the backend knowing."""
    backend._cache.get_client(None).delete(backend.make_and_validate_key(key))


def test_what_was_read_ahead_is_answered_without_a_round_trip(backend, in_request, monkeypatch):
    backend.set_many({"object": {"title": "Resoconto"}, "body": "<main>…</main>"})
    trips = RoundTrips(backend, monkeypatch)

    assert backend.read_ahead(["object", "body", "head"]) == {"object", "body"}
    assert backend.get("body") == "<main>…</main>"
    assert backend.get("head", "absent") == "absent"
    assert backend.get_many(["object", "head"]) == {"object": {"title": "Resoconto"}}

    assert trips.commands == ["MGET"]


def test_keys_read_ahead_before_in_the_request_are_not_asked_again(
    backend, in_request, monkeypatch
):
    backend.set_many({"object": 1, "body": 2})
    backend.read_ahead(["object", "head"])
    trips = RoundTrips(backend, monkeypatch)

    assert backend.read_ahead(["object", "head"]) == {"object"}
    assert trips.commands == []
    assert backend.read_ahead(["object", "head", "body"]) == {"object", "body"}
    assert trips.commands == ["MGET"]


def test_a_value_no_one_reads_is_never_decoded(backend, in_request, monkeypatch):
    backend.set_many({"object": {"title": "Resoconto"}, "body": "<main>…</main>"})
    decoded = []
    serializer = backend._cache._serializer
    loads = serializer.loads

    def counted(data):
        decoded.append(data)
        return loads(data)

    monkeypatch.setattr(serializer, "loads", counted)

    backend.read_ahead(["object", "body"])
    backend.get("body")
    backend.get("body")

    assert len(decoded) == 1


def test_a_write_forgets_what_was_read_ahead(backend, in_request):
    backend.set_many({"a": 1, "b": 2, "c": 3})
    backend.read_ahead(["a", "b", "c"])

    backend.set("a", 10)
    backend.delete("b")
    backend.incr("c")

    assert backend.get_many(["a", "b", "c"]) == {"a": 10, "c": 4}


def test_what_was_read_ahead_lasts_one_request(backend, in_request):
    backend.set("body", "vecchio")
    backend.read_ahead(["body"])
    _behind_its_back(backend, "body")
    assert backend.get("body") == "vecchio"

    request_finished()
    request_started()

    assert backend.get("body") is None


def test_outside_a_request_nothing_is_remembered(backend):
    # A task or a command: nothing would ever empty what it read ahead.
    request_finished()
    backend.set("body", "vecchio")

    assert backend.read_ahead(["body"]) == {"body"}
    _behind_its_back(backend, "body")

    assert backend.get("body") is None


def test_while_redis_is_down_nothing_is_read_ahead(in_request):
    # Nothing listens on port 1: the connection is refused at once.
    down = ReusingRedisCache("redis://127.0.0.1:1/0", {"OPTIONS": {"backoff_seconds": 60}})

    assert down.read_ahead(["body"]) == set()
    assert down.get("body", "absent") == "absent"


PAGES = [
    "home",
    "report",
    "session",
    "workshop",
    "speaker",
    "topic",
    "report list",
    "report list page 1",
    "calendar list",
    "calendar month",
    "search",
    "topic list",
    "actor",
    "network",
    "network overview",
    "actor directory",
    "map",
]


@pytest.fixture
def on_redis(settings):
    from django.core.cache import cache

    # The public address from the environment: the settings row is not read (its own
    # read, once per request, is tested in tests/workshops/test_site_settings.py).
    settings.SITE_URL = "http://testserver"
    settings.CACHES = {
        "default": {
            "BACKEND": "labimpact.redis_cache.ReusingRedisCache",
            "LOCATION": "redis://127.0.0.1:6379/15",
            "KEY_PREFIX": f"read-ahead-{secrets.token_hex(4)}",
        }
    }
    yield cache
    cache.clear()


def _page(page):
    """The page's address, and an object it shows with the field that shows it."""
    from django.urls import reverse

    from tests.factories import (
        ActorFactory,
        ArticleFactory,
        MembershipFactory,
        NetworkFactory,
        SessionFactory,
        SessionSpeakerFactory,
        TopicFactory,
    )

    topic = TopicFactory(name="Tema marcatore")
    article = ArticleFactory(title="Resoconto marcatore", topics=[topic])
    session = SessionFactory(title="Giornata marcatrice")
    actor = ActorFactory(name="Ente marcatore")
    network = NetworkFactory(name="Rete marcatrice")
    MembershipFactory(network=network, actor=actor)
    speaker = SessionSpeakerFactory(session=session, speaker__last_name="Marcatori").speaker
    start = session.starts_at
    return {
        "home": (reverse("workshops:home"), article, "title"),
        "report": (article.get_absolute_url(), article, "title"),
        "session": (session.get_absolute_url(), session, "title"),
        "workshop": (session.workshop.get_absolute_url(), session.workshop, "title"),
        "speaker": (speaker.get_absolute_url(), speaker, "last_name"),
        "topic": (topic.get_absolute_url(), topic, "name"),
        "report list": (reverse("workshops:article_list"), article, "title"),
        "report list page 1": (reverse("workshops:article_list") + "?page=1", article, "title"),
        "calendar list": (reverse("workshops:session_list"), session, "title"),
        "calendar month": (
            reverse("workshops:calendar_month", kwargs={"year": start.year, "month": start.month}),
            session,
            "title",
        ),
        "search": (reverse("workshops:search") + "?q=marcatore", article, "title"),
        "topic list": (reverse("workshops:topic_list"), topic, "name"),
        "actor": (actor.get_absolute_url(), actor, "name"),
        "network": (network.get_absolute_url(), network, "name"),
        "network overview": (reverse("networks:overview"), network, "name"),
        "actor directory": (reverse("networks:actor_list"), actor, "name"),
        "map": (reverse("networks:map"), actor, "name"),
    }[page]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_a_kept_page_costs_one_round_trip(client, on_redis, monkeypatch, page):
    url, _shown, _field = _page(page)
    first = client.get(url).content.decode()
    trips = RoundTrips(on_redis, monkeypatch)

    assert client.get(url).content.decode() == first
    # The content version and all the page's kept parts, named under the version this
    # process read last, together.
    assert trips.commands == ["MGET"]


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES)
def test_after_a_change_elsewhere_a_kept_page_shows_it(client, on_redis, monkeypatch, page):
    url, shown, field = _page(page)
    client.get(url)
    # Saved outside a request, as on another app server: the version moves on in Redis,
    # and this process's guess of it is now wrong.
    setattr(shown, field, "Cambiato altrove, marcatore")
    shown.save()
    trips = RoundTrips(on_redis, monkeypatch)

    body = client.get(url).content.decode()

    # Search results mark the words searched for: the title's first words alone.
    assert "Cambiato altrove" in body
    # The guess and the version read together, then the parts under the version read.
    assert trips.commands[:2] == ["MGET", "MGET"]
    trips.commands.clear()
    assert client.get(url).content.decode() == body
    assert trips.commands == ["MGET"]
