"""One content version for pages, fragments, the graph and its exports, in every language."""

import pytest
from django.apps import apps
from django.conf import settings
from django.core.cache import cache

from networks import graph
from tests.factories import ActorFactory, ArticleFactory, LinkFactory
from workshops.caching import bump_content_version, cached_for_content, content_version

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]

NETWORK_PAGES = ["/rete/", "/rete/mappa/"]
# Built by a task and served as files (labimpact/builtfiles.py), not from the page cache.
NETWORK_FILES = [
    "/rete/grafo.json",
    "/rete/export/attori.csv",
    "/rete/export/legami.csv",
    "/rete/export/rete.gexf",
    "/rete/export/rete.graphml",
]
NETWORK_URLS = NETWORK_PAGES + NETWORK_FILES


@pytest.fixture
def measures_calls(monkeypatch):
    """How many times the network measures were computed."""
    calls = []
    compute = graph.compute_measures

    def counting(*args, **kwargs):
        calls.append(args)
        return compute(*args, **kwargs)

    monkeypatch.setattr(graph, "compute_measures", counting)
    return calls


# Models whose public effect hangs on a smaller version of its own, by design: a
# registration changes only its session's availability count (workshops/caching.py), so
# that sign-ups do not empty every page; tests/workshops/ covers that count's freshness.
OWN_VERSION = {"workshops.Registration"}


@pytest.mark.parametrize("app_label", ["workshops", "networks"])
def test_every_content_model_moves_the_version(app_label):
    # A new model of an app shows on some public page: it must be listed, or its
    # changes would wait for the page TTL (and the graph's for hours).
    for model in apps.get_app_config(app_label).get_models():
        if model._meta.label in OWN_VERSION:
            assert model._meta.label not in settings.CONTENT_VERSION_MODELS
            continue
        assert model._meta.label in settings.CONTENT_VERSION_MODELS, model._meta.label


def test_saving_a_listed_model_bumps_the_version_and_others_do_not():
    from django.contrib.auth.models import User

    before = content_version()
    ActorFactory()
    after_actor = content_version()
    User.objects.create(username="nessuno")

    assert after_actor > before
    assert content_version() == after_actor


def test_fragments_and_the_graph_live_under_the_page_version(measures_calls):
    LinkFactory()
    computed = []
    cached_for_content("probe", lambda: computed.append(1) or len(computed))
    graph.graph_data()
    version = content_version()

    assert cache.get(f"fragment:probe:{version}") == 1
    assert cache.get(f"fragment:{graph.CACHE_KEY}:{version}")["nodes"]
    # A report has nothing to do with the network's tables: the one version moves all the same.
    ArticleFactory()
    cached_for_content("probe", lambda: computed.append(1) or len(computed))
    graph.graph_data()

    assert content_version() > version
    assert computed == [1, 1]
    assert len(measures_calls) == 2


def test_pages_are_stored_under_the_version_and_built_files_never_in_the_page_cache(client):
    LinkFactory()
    for url in ["/", *NETWORK_PAGES]:
        assert client.get(url)["X-Cache"] == "miss", url
        assert client.get(url)["X-Cache"] == "hit", url
    for url in NETWORK_FILES:
        assert "X-Cache" not in client.get(url), url
        assert "X-Cache" not in client.get(url), url

    bump_content_version()

    for url in ["/", *NETWORK_PAGES]:
        assert client.get(url)["X-Cache"] == "miss", url


def test_measures_are_computed_once_for_both_languages(client, measures_calls):
    LinkFactory()

    for url in NETWORK_URLS:
        client.get(url)
        client.get("/en" + url)

    assert len(measures_calls) == 1


def test_graph_is_localised_when_rendered(client):
    link = LinkFactory()
    page = link.source.get_absolute_url()
    italian = client.get("/rete/grafo.json").json()
    english = client.get("/en/rete/grafo.json").json()

    node = next(node for node in italian["nodes"] if node["id"] == f"a{link.source_id}")
    assert node["url"] == page
    assert node["kind_label"] == "Terzo settore"
    node = next(node for node in english["nodes"] if node["id"] == f"a{link.source_id}")
    assert node["url"] == "/en" + page
    assert node["kind_label"] != "Terzo settore"
    assert {link["kind_label"] for link in italian["links"]} != {
        link["kind_label"] for link in english["links"]
    }


@pytest.mark.parametrize("prefix", ["", "/en"])
@pytest.mark.parametrize("url", NETWORK_URLS[1:])
def test_withdrawn_actor_disappears_at_once_everywhere(client, prefix, url):
    kept = ActorFactory(name="Cooperativa Rimasta", slug="cooperativa-rimasta")
    withdrawn = ActorFactory(name="Associazione Ritirata", slug="associazione-ritirata")
    LinkFactory(source=kept, target=withdrawn, description="Legame da togliere")
    LinkFactory(source=kept, description="Legame che resta")
    before = client.get(prefix + url)
    assert "Associazione Ritirata" in before.content.decode()
    if url in NETWORK_PAGES:
        assert client.get(prefix + url)["X-Cache"] == "hit"

    # What the admin's change form and services do: one save of the row, no QuerySet.
    withdrawn.is_published = False
    withdrawn.save()

    after = client.get(prefix + url)
    text = after.content.decode()
    assert after.status_code == 200
    assert "Cooperativa Rimasta" in text
    assert "Associazione Ritirata" not in text
    assert "associazione-ritirata" not in text
    assert "Legame da togliere" not in text


def test_scheduled_article_is_cited_in_the_graph_once_its_time_comes(client, monkeypatch):
    import datetime as dt

    from django.utils import timezone

    article = ArticleFactory(
        title="Resoconto in arrivo", published_at=timezone.now() + dt.timedelta(hours=1)
    )
    LinkFactory(documented_by_article=article)
    assert "Resoconto in arrivo" not in client.get("/rete/export/legami.csv").content.decode()

    later = timezone.now() + dt.timedelta(hours=2)
    monkeypatch.setattr(graph.timezone, "now", lambda: later)
    cache.clear()  # the page, not the graph, is what the page TTL would drop

    assert "Resoconto in arrivo" in client.get("/rete/export/legami.csv").content.decode()
