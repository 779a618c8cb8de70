"""A detail page whose head and body are kept is made of them alone: its kept parts are read
in one go, and its object is not read at all, from the cache or the database; when they
are not kept, the object is, and a page that does not exist is still a 404."""

import pytest
from django.core.cache import cache
from django.test import RequestFactory

from networks.views import ActorDetailView, NetworkDetailView
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    MembershipFactory,
    NetworkFactory,
    SessionFactory,
    SessionSpeakerFactory,
    TopicFactory,
    WorkshopFactory,
)
from workshops import services
from workshops.caching import VERSION_KEY, content_version, kept_key
from workshops.views.content import (
    ArticleDetailView,
    SpeakerDetailView,
    TopicDetailView,
    WorkshopDetailView,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    workshop = WorkshopFactory(title="Laboratorio marcatore")
    session = SessionFactory(workshop=workshop, title="Giornata marcatrice")
    part = SessionSpeakerFactory(session=session, speaker__organisation="Ente marcatore")
    topic = TopicFactory(name="Tema marcatore")
    article = ArticleFactory(title="Resoconto marcatore", topics=[topic])
    article.sessions.add(session)
    actor = ActorFactory(name="Ente del terzo settore marcatore")
    network = NetworkFactory(name="Rete marcatrice")
    MembershipFactory(network=network, actor=actor)
    return {
        "report": (ArticleDetailView, {"slug": article.slug}, article),
        "workshop": (WorkshopDetailView, {"slug": workshop.slug}, workshop),
        "speaker": (SpeakerDetailView, {"slug": part.speaker.slug}, part.speaker),
        "topic": (TopicDetailView, {"slug": topic.slug}, topic),
        "actor": (ActorDetailView, {"slug": actor.slug}, actor),
        "network": (NetworkDetailView, {"slug": network.slug}, network),
    }


PAGES = ["report", "workshop", "speaker", "topic", "actor", "network"]


def _kept_object_key(view_class, kwargs):
    view = view_class()
    view.setup(RequestFactory().get("/"), **kwargs)
    return kept_key(view.public_object_name(), content_version())


def _load_counter(monkeypatch, view_class):
    loads = []
    load = view_class._load_public_object

    def counted(self):
        loads.append(1)
        return load(self)

    monkeypatch.setattr(view_class, "_load_public_object", counted)
    return loads


@pytest.mark.parametrize("page", PAGES)
def test_a_page_made_of_its_kept_fragments_reads_not_even_its_object(
    client, pages, page, monkeypatch, django_assert_num_queries
):
    view_class, kwargs, obj = pages[page]
    url = obj.get_absolute_url()
    first = client.get(url).content.decode()
    key = _kept_object_key(view_class, kwargs)
    assert cache.get(key) is not None
    # Gone from the cache: had the view wanted the object, it would ask the database.
    cache.delete(key)
    loads = _load_counter(monkeypatch, view_class)

    with django_assert_num_queries(0):
        again = client.get(url).content.decode()

    assert again == first
    assert loads == []
    assert "marca" in again


@pytest.mark.parametrize("page", PAGES)
def test_a_page_made_of_its_kept_fragments_does_not_fetch_its_object(
    client, pages, page, monkeypatch
):
    # The object (a report with its body) weighs more than the fragments: not even fetched.
    view_class, kwargs, obj = pages[page]
    url = obj.get_absolute_url()
    client.get(url)
    key = _kept_object_key(view_class, kwargs)
    asked = []
    get, get_many = cache.get, cache.get_many
    monkeypatch.setattr(
        cache, "get_many", lambda keys, **kw: asked.extend(keys) or get_many(keys, **kw)
    )
    monkeypatch.setattr(
        cache, "get", lambda key, *args, **kw: asked.append(key) or get(key, *args, **kw)
    )

    client.get(url)

    assert VERSION_KEY in asked
    assert key not in asked


@pytest.mark.parametrize("page", PAGES)
def test_without_its_fragments_the_page_reads_its_kept_object(client, pages, page, monkeypatch):
    view_class, kwargs, obj = pages[page]
    url = obj.get_absolute_url()
    first = client.get(url).content.decode()
    key = _kept_object_key(view_class, kwargs)
    kept_object, version = cache.get(key), cache.get(VERSION_KEY)
    cache.clear()
    # The same version and the object alone: the fragments are made again from it.
    cache.set_many({VERSION_KEY: version, key: kept_object})
    loads = _load_counter(monkeypatch, view_class)

    assert client.get(url).content.decode() == first
    assert loads == []


@pytest.mark.parametrize("page", PAGES)
def test_a_page_that_does_not_exist_is_still_a_404(client, pages, page):
    _view_class, _kwargs, obj = pages[page]
    url = obj.get_absolute_url()
    client.get(url)

    assert client.get(url.rstrip("/") + "-non-esiste/").status_code == 404


def test_a_withdrawn_report_is_a_404_although_its_old_fragments_are_kept(client, pages):
    _view_class, _kwargs, article = pages["report"]
    url = article.get_absolute_url()
    assert client.get(url).status_code == 200

    services.article_unpublish(article=article)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize("takes_registrations", [False, True])
def test_only_a_session_with_places_reads_their_version(client, monkeypatch, takes_registrations):
    from tests.factories import RegistrationSettingsFactory
    from workshops.views import content

    session = SessionFactory(title="Giornata marcatrice")
    if takes_registrations:
        RegistrationSettingsFactory(session=session)
    url = session.get_absolute_url()
    first = client.get(url).content.decode()
    reads = []
    version = content.availability_version
    monkeypatch.setattr(content, "availability_version", lambda pk: reads.append(pk) or version(pk))

    assert client.get(url).content.decode() == first
    assert reads == ([session.pk] if takes_registrations else [])
