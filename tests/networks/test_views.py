import pytest
from django.urls import reverse

from tests.factories import ActorFactory, NetworkFactory
from tests.networks.conftest import HIDDEN_NAME, PERSON_NAME

pytestmark = pytest.mark.django_db

PAGES = [
    "/rete/",
    "/rete/attori/",
    "/rete/attori/comune-di-milano/",
    "/rete/attori/fondazione-cariplo/",
    "/rete/attori/cooperativa-lodigiana/",
    "/rete/reti/",
    "/rete/reti/qubi-milano/",
    "/rete/mappa/",
    "/rete/mappa/?year=2020",
    "/rete/mappa/?topic=coprogettazione",
    "/rete/attori/?topic=coprogettazione",
    "/temi/coprogettazione/",
    "/relatori/nicola-grigion/",
]


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


@pytest.mark.parametrize("url", PAGES)
def test_drafts_and_private_persons_never_show_by_name(client, world, url):
    content = _get(client, url)

    assert HIDDEN_NAME not in content
    assert PERSON_NAME not in content
    assert "Bianchi" not in content
    assert "mario-bianchi" not in content


def test_article_page_shows_the_published_actors_it_mentions(client, world):
    content = _get(client, world["article"].get_absolute_url())

    assert "Attori citati" in content
    assert 'href="/rete/attori/comune-di-milano/"' in content
    assert HIDDEN_NAME not in content


def test_topic_and_speaker_pages_show_related_actors(client, world):
    assert "Comune di Milano" in _get(client, world["topic"].get_absolute_url())
    speaker_page = _get(client, world["speaker"].get_absolute_url())
    assert "Nella rete degli attori" in speaker_page
    assert "/rete/attori/comune-di-milano/" in speaker_page


def test_main_navigation_has_the_network(client, db):
    assert 'href="/rete/"' in _get(client, "/")
    assert "<span>Rete</span>" in _get(client, "/")


def test_overview_shows_counts_top_actors_networks_and_measures(client, world):
    content = _get(client, "/rete/")

    assert "La rete degli attori locali" in content
    assert "Gli attori più collegati" in content
    assert "Rete QuBì Milano" in content
    assert "Rete in bozza" not in content
    assert "Intermediazione" in content
    assert "Persona privata" in content  # in the measures, without a name
    assert 'data-graph-url="/rete/grafo.json"' in content
    # Four published actors (one a person), three public links.
    assert '<span class="d-block display-6">4</span>' in content
    assert '<span class="d-block display-6">3</span>' in content


def test_overview_measures_table_sorts_and_ignores_bad_orderings(client, world):
    by_name = _get(client, "/rete/?ordina=nome")
    assert by_name.index("Comune di Milano") < by_name.index("Fondazione Cariplo")
    assert 'aria-sort="ascending"' in by_name
    assert _get(client, "/rete/?ordina=%3Cscript%3E").count('aria-sort="descending"') == 1


def test_directory_lists_published_actors_with_a_page(client, world):
    content = _get(client, "/rete/attori/")

    for name in ("Comune di Milano", "Fondazione Cariplo", "Cooperativa Lodigiana"):
        assert name in content
    assert "3 attori" in content


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("kind=foundation", "Fondazione Cariplo", "Cooperativa Lodigiana"),
        ("province=MI", "Comune di Milano", "Cooperativa Lodigiana"),
        ("topic=coprogettazione", "Comune di Milano", "Fondazione Cariplo"),
        ("network=qubi-milano", "Fondazione Cariplo", "Cooperativa Lodigiana"),
        ("q=lodigiana", "Cooperativa Lodigiana", "Fondazione Cariplo"),
    ],
)
def test_directory_filters(client, world, query, expected, absent):
    content = _get(client, f"/rete/attori/?{query}")

    assert expected in content
    assert absent not in content


def test_directory_explains_bad_filters_and_long_searches(client, world):
    bad = _get(client, "/rete/attori/?kind=nonsense&network=rete-bozza")
    assert "Alcuni filtri non sono validi" in bad
    assert "Cooperativa Lodigiana" in bad

    long = _get(client, "/rete/attori/?q=" + "x" * 500)
    assert "La ricerca è troppo lunga" in long


@pytest.mark.parametrize("url", ["/rete/attori/?page=abc", "/rete/attori/?page=99"])
def test_directory_bad_page_is_not_found(client, world, url):
    assert client.get(url).status_code == 404


def test_actor_page_shows_links_by_kind_networks_people_reports_and_measures(client, world):
    content = _get(client, world["milano"].get_absolute_url())

    assert "<h1>Comune di Milano</h1>" in content
    assert "Finanziamento" in content
    assert "Partenariato" in content
    assert "Fondazione Cariplo" in content
    assert "dal gennaio 2017" in content
    assert "Documentato in" in content
    assert world["article"].title in content
    assert "https://example.org/accordo.pdf" in content
    assert "Rete QuBì Milano" in content
    assert "Rete in bozza" not in content
    assert "Nicola Grigion" in content
    assert "Intermediazione" in content
    assert "Coprogettazione" in content


@pytest.mark.parametrize("slug", ["ente-nascosto", "mario-bianchi", "nessuno"])
def test_draft_person_and_unknown_actor_pages_are_not_found(client, world, slug):
    assert client.get(reverse("networks:actor_detail", kwargs={"slug": slug})).status_code == 404


def test_staff_may_preview_a_draft_actor(editor_client, world):
    response = editor_client.get("/rete/attori/ente-nascosto/")

    assert response.status_code == 200
    assert "Anteprima di una bozza" in response.content.decode()
    assert "no-cache" in response["Cache-Control"]


def test_network_pages(client, world):
    listing = _get(client, "/rete/reti/")
    assert "Rete QuBì Milano" in listing
    assert "Rete in bozza" not in listing
    assert "3 membri" in listing  # the person counts, unnamed; the draft does not

    detail = _get(client, "/rete/reti/qubi-milano/")
    assert "Capofila" in detail
    assert "Comune di Milano" in detail
    assert "Finanziatore" in detail
    assert "Densità" in detail
    assert 'data-graph-url="/rete/grafo.json?network=qubi-milano"' in detail
    assert client.get("/rete/reti/rete-bozza/").status_code == 404
    assert client.get("/rete/reti/?page=abc").status_code == 404


def test_map_page_lists_actors_with_a_sentence_and_links_by_kind(client, world):
    content = _get(client, "/rete/mappa/")

    assert "1 partner e 1 finanziatore." in content  # Comune di Milano
    assert "Finanzia 1 soggetto." in content  # Fondazione Cariplo
    assert "1 partner e 1 invio da Persona privata." in content  # Cooperativa Lodigiana
    assert "documentato in «Il resoconto della rete»" in content
    assert "js/network-map.js" in content
    assert "vendor/cytoscape/cytoscape.min.js" in content
    assert "<script>" not in content  # no inline JS


def test_map_year_filter_shows_links_active_in_that_year(client, world):
    content = _get(client, "/rete/mappa/?year=2017")

    assert "2 attori e 1 legame corrispondono ai filtri." in content
    assert "Legami attivi nel 2017" in content
    assert "Cooperativa Lodigiana" not in content
    assert 'data-graph-url="/rete/grafo.json?year=2017"' in content


def test_map_explains_bad_filters_and_404s_bad_pages(client, world):
    content = _get(client, "/rete/mappa/?year=1850&kind=zzz")

    assert "Alcuni filtri non sono validi" in content
    assert "Cooperativa Lodigiana" in content
    assert client.get("/rete/mappa/?page=abc").status_code == 404


def test_pages_work_with_no_actors_at_all(client, db):
    for url in ["/rete/", "/rete/attori/", "/rete/reti/", "/rete/mappa/"]:
        _get(client, url)


def test_actor_page_of_an_isolated_actor(client, db):
    actor = ActorFactory(name="Associazione Solitaria")

    content = _get(client, actor.get_absolute_url())

    assert "Nessun legame documentato per ora." in content


def test_sitemap_lists_public_actors_and_networks_only(client):
    import xml.etree.ElementTree as ET
    from urllib.parse import urlparse

    from networks.models import Actor

    actor = ActorFactory()
    hidden = ActorFactory(is_published=False)
    person = ActorFactory(kind=Actor.Kind.PERSON)
    network = NetworkFactory()
    hidden_network = NetworkFactory(is_published=False)

    root = ET.fromstring(client.get("/sitemap.xml").content)
    paths = {
        urlparse(loc.text).path
        for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")
    }

    assert actor.get_absolute_url() in paths
    assert network.get_absolute_url() in paths
    assert "/rete/mappa/" in paths
    assert hidden.get_absolute_url() not in paths
    assert hidden_network.get_absolute_url() not in paths
    assert not any(person.slug in path for path in paths)
