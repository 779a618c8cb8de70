"""The network pages' cached fragments: rendered once per content version, never stale.

A visitor with a cookie, or any visitor once the page cache has expired, gets the view
itself: the map's and the directory's content, the actor's page, are fragments kept
under the content version (``workshops/caching.py``), so such a request reads almost
nothing; any change of published content shows at once.
"""

import pytest

from networks import views
from networks.models import Actor
from workshops import services
from workshops.site import site_settings

pytestmark = pytest.mark.django_db


def _text(response):
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def graph_reads(monkeypatch):
    """How many times a view read the whole graph (the actors and links of the network)."""
    reads = []
    structure = views.graph_structure

    def counted():
        reads.append(1)
        return structure()

    monkeypatch.setattr(views, "graph_structure", counted)
    return reads


def test_map_list_is_worked_out_once_per_filters_and_page(client, world, graph_reads):
    first = _text(client.get("/rete/mappa/"))
    read = len(graph_reads)

    assert _text(client.get("/rete/mappa/")) == first
    assert len(graph_reads) == read, "the same list was worked out again"

    # Another choice of filters is another list.
    filtered = _text(client.get("/rete/mappa/?year=2017"))
    assert len(graph_reads) > read
    assert "Cooperativa Lodigiana" in first
    assert "Cooperativa Lodigiana" not in filtered


def _rename_shows_at_once(client, url):
    """Rename the cooperative: ``url`` shows the new name at once, never the old one."""
    assert "Cooperativa Lodigiana" in _text(client.get(url))

    coop = Actor.objects.get(slug="cooperativa-lodigiana")
    coop.name = "Cooperativa del Lodigiano"
    coop.save()
    renamed = _text(client.get(url))
    assert "Cooperativa del Lodigiano" in renamed
    assert "Cooperativa Lodigiana" not in renamed
    return coop


def test_map_list_shows_a_change_at_once(client, world):
    coop = _rename_shows_at_once(client, "/rete/mappa/")

    coop.is_published = False
    coop.save()
    assert "Cooperativa del Lodigiano" not in _text(client.get("/rete/mappa/"))


def test_map_pages_past_the_end_are_not_found_even_after_a_cached_page(client, world):
    _text(client.get("/rete/mappa/"))

    assert client.get("/rete/mappa/?page=2").status_code == 404
    assert client.get("/rete/mappa/?page=0").status_code == 404


def test_actor_page_reads_nothing_once_rendered(client, world, django_assert_num_queries):
    site_settings()
    first = _text(client.get("/rete/attori/comune-di-milano/"))

    # The actor is kept with its page's fragments (KeptPublicObjectMixin).
    with django_assert_num_queries(0):
        again = _text(client.get("/rete/attori/comune-di-milano/"))

    assert again == first
    assert "Fondazione Cariplo" in again
    assert "Il resoconto della rete" in again


def test_actor_page_shows_a_withdrawn_link_end_at_once(client, world):
    assert "Fondazione Cariplo" in _text(client.get("/rete/attori/comune-di-milano/"))

    cariplo = Actor.objects.get(slug="fondazione-cariplo")
    cariplo.is_published = False
    cariplo.save()

    assert "Fondazione Cariplo" not in _text(client.get("/rete/attori/comune-di-milano/"))


def test_directory_reads_nothing_once_rendered(client, world, django_assert_num_queries):
    site_settings()
    first = _text(client.get("/rete/attori/?province=MI"))

    with django_assert_num_queries(0):
        again = _text(client.get("/rete/attori/?province=MI"))

    assert again == first
    assert "Comune di Milano" in again
    assert "Cooperativa Lodigiana" not in again
    # Another query string is another list.
    assert "Cooperativa Lodigiana" in _text(client.get("/rete/attori/"))


def test_directory_shows_a_change_at_once(client, world):
    assert "Fondazione Cariplo" in _text(client.get("/rete/attori/"))

    cariplo = Actor.objects.get(slug="fondazione-cariplo")
    cariplo.name = "Fondazione Cariplo Milano"
    cariplo.save()

    assert "Fondazione Cariplo Milano" in _text(client.get("/rete/attori/"))


def test_overview_ranks_the_network_once_per_change_and_ordering(
    client, world, graph_reads, django_assert_num_queries
):
    site_settings()
    first = _text(client.get("/rete/"))
    read = len(graph_reads)

    with django_assert_num_queries(0):
        assert _text(client.get("/rete/")) == first
    assert len(graph_reads) == read, "the network was ranked again"

    # Another ordering of the measures is another table.
    by_name = _text(client.get("/rete/?ordina=nome"))
    assert len(graph_reads) > read
    assert by_name != first


def test_overview_shows_a_change_at_once(client, world):
    _rename_shows_at_once(client, "/rete/?ordina=nome")


def test_overview_body_is_rendered_once_per_change(client, world, monkeypatch):
    asked = []
    kept = views.cached_for_content

    def recording(name, compute, **kwargs):
        asked.append(name)
        return kept(name, compute, **kwargs)

    monkeypatch.setattr(views, "cached_for_content", recording)
    first = _text(client.get("/rete/"))
    assert any(name.startswith("networks:overview:") for name in asked)

    asked.clear()
    assert _text(client.get("/rete/")) == first
    assert not [name for name in asked if name.startswith("networks:overview:")]


@pytest.mark.parametrize(
    ("url", "shown"),
    [("/rete/reti/", "Rete QuBì Milano"), ("/rete/reti/qubi-milano/", "Fondazione Cariplo")],
    ids=["network list", "network page"],
)
def test_network_pages_read_nothing_once_rendered(
    client, world, django_assert_num_queries, url, shown
):
    site_settings()
    first = _text(client.get(url))
    assert shown in first

    with django_assert_num_queries(0):
        assert _text(client.get(url)) == first


def test_network_page_shows_a_change_at_once(client, world):
    url = "/rete/reti/qubi-milano/"
    assert "Fondazione Cariplo" in _text(client.get(url))

    foundation = Actor.objects.get(name="Fondazione Cariplo")
    foundation.name = "Fondazione Cariplo rinominata"
    foundation.save()
    assert "Fondazione Cariplo rinominata" in _text(client.get(url))

    services.record_change(world["network"], comment="ritirata", is_published=False)
    assert client.get(url).status_code == 404
