import csv
import io
import json

import networkx as nx
import pytest

from networks import layout
from tests.networks.conftest import HIDDEN_NAME, PERSON_NAME

pytestmark = pytest.mark.django_db


def _download(client, url, content_type):
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    return response


def _no_secrets(text):
    assert HIDDEN_NAME not in text
    assert PERSON_NAME not in text
    assert "Bianchi" not in text


def test_actors_csv(client, world):
    response = _download(client, "/rete/export/attori.csv", "text/csv")

    assert response["Content-Disposition"] == 'attachment; filename="attori-labimpact.csv"'
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    by_name = {row["nome"]: row for row in rows}
    assert set(by_name) == {
        "Comune di Milano",
        "Fondazione Cariplo",
        "Cooperativa Lodigiana",
        "Persona privata",
    }
    assert by_name["Comune di Milano"]["tipo"] == "public_body"
    assert by_name["Comune di Milano"]["legami"] == "2"
    assert by_name["Comune di Milano"]["reti"] == "qubi-milano"
    assert (
        by_name["Comune di Milano"]["pagina"] == "http://testserver/rete/attori/comune-di-milano/"
    )
    assert by_name["Persona privata"]["pagina"] == ""
    _no_secrets(text)


def test_links_csv(client, world):
    response = _download(client, "/rete/export/legami.csv", "text/csv")

    assert 'filename="legami-labimpact.csv"' in response["Content-Disposition"]
    text = response.content.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 3
    funding = next(row for row in rows if row["tipo"] == "funding")
    assert (funding["da"], funding["a"]) == ("Fondazione Cariplo", "Comune di Milano")
    assert funding["orientato"] == "sì"
    assert funding["dal"] == "2017-01-01"
    assert funding["articolo"] == "Il resoconto della rete"
    assert funding["articolo_url"].startswith("http://testserver/articoli/")
    referral = next(row for row in rows if row["tipo"] == "referral")
    assert referral["da"] == "Persona privata"
    _no_secrets(text)


def test_graph_json_is_node_link_and_reads_back_in_networkx(client, world):
    response = _download(client, "/rete/grafo.json", "application/json")

    assert 'filename="rete-labimpact.json"' in response["Content-Disposition"]
    data = json.loads(response.content)
    graph = nx.node_link_graph(data, edges="links")
    assert graph.number_of_nodes() == 4
    assert graph.number_of_edges() == 3
    labels = {graph.nodes[n]["label"] for n in graph.nodes}
    assert "Comune di Milano" in labels
    assert "Persona privata" in labels
    milano = next(n for n in graph.nodes if graph.nodes[n]["label"] == "Comune di Milano")
    assert graph.nodes[milano]["degree"] == 2
    assert graph.nodes[milano]["url"] == "/rete/attori/comune-di-milano/"
    _no_secrets(response.content.decode())


def test_graph_json_filters(client, world):
    by_year = json.loads(client.get("/rete/grafo.json?year=2017").content)
    assert {node["label"] for node in by_year["nodes"]} == {
        "Comune di Milano",
        "Fondazione Cariplo",
    }
    by_network = json.loads(client.get("/rete/grafo.json?network=qubi-milano").content)
    assert len(by_network["nodes"]) == 3  # the hidden member is left out
    by_kind = json.loads(client.get("/rete/grafo.json?link_kind=funding").content)
    assert len(by_kind["links"]) == 1


def test_graph_json_places_every_actor_for_the_map(client, world):
    whole = json.loads(client.get("/rete/grafo.json").content)

    places = {node["id"]: (node["x"], node["y"]) for node in whole["nodes"]}
    assert len(places) == 4
    assert all(0 <= value <= 1 for place in places.values() for value in place)
    assert len(set(places.values())) == 4
    # A filtered map keeps the places of the whole network: nothing moves between years.
    by_year = json.loads(client.get("/rete/grafo.json?year=2017").content)
    assert by_year["nodes"]
    for node in by_year["nodes"]:
        assert (node["x"], node["y"]) == places[node["id"]]


def test_graph_json_leaves_a_network_too_large_to_lay_out_unplaced(client, world, monkeypatch):
    # The map draws rings by degree instead, as it did for large networks before.
    monkeypatch.setattr(layout, "LAYOUT_NODE_LIMIT", 3)

    nodes = json.loads(client.get("/rete/grafo.json").content)["nodes"]

    assert len(nodes) == 4
    assert not any("x" in node or "y" in node for node in nodes)


def test_graph_json_explains_bad_filters(client, world):
    response = client.get("/rete/grafo.json?year=abc&network=rete-bozza")

    assert response.status_code == 400
    errors = json.loads(response.content)["errors"]
    assert set(errors) == {"year", "network"}


@pytest.mark.parametrize(
    ("url", "content_type", "reader"),
    [
        ("/rete/export/rete.gexf", "application/gexf+xml", nx.read_gexf),
        ("/rete/export/rete.graphml", "application/graphml+xml", nx.read_graphml),
    ],
)
def test_gephi_formats_read_back_in_networkx(client, world, url, content_type, reader):
    response = _download(client, url, content_type)

    assert response["Content-Disposition"].startswith("attachment; filename=")
    graph = reader(io.BytesIO(response.content))
    assert graph.number_of_nodes() == 4
    assert graph.number_of_edges() == 3
    labels = {graph.nodes[n].get("label") for n in graph.nodes}
    assert {"Comune di Milano", "Fondazione Cariplo", "Persona privata"} <= labels
    kinds = sorted(data["kind"] for _, _, data in graph.edges(data=True))
    assert kinds == ["funding", "partnership", "referral"]
    _no_secrets(response.content.decode())


def test_exports_follow_unpublishing(client, world, page_cache):
    client.get("/rete/export/attori.csv")
    world["cariplo"].is_published = False
    world["cariplo"].save()

    text = client.get("/rete/export/attori.csv").content.decode("utf-8-sig")
    links = client.get("/rete/export/legami.csv").content.decode("utf-8-sig")

    assert "Fondazione Cariplo" not in text
    assert "Fondazione Cariplo" not in links
