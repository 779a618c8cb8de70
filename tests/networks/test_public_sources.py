"""The public side of sources and dates: «da documentare», «data non nota», «Nuovi legami dal»."""

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

import networkx as nx
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from networks.graph import filter_graph, graph_data
from networks.models import Link
from tests.factories import ActorFactory, LinkFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"


@pytest.fixture
def dated(db):
    """A–B documented from 2017, B–C undocumented from 2020, C–D documented with no date."""
    a, b, c, d = (
        ActorFactory(name=name, slug=name.lower().replace(" ", "-"))
        for name in ("Ente Alfa", "Ente Beta", "Ente Gamma", "Ente Delta")
    )
    old = LinkFactory(
        source=a, target=b, since=dt.date(2017, 3, 1), document_url="https://example.org/a.pdf"
    )
    new = LinkFactory(source=b, target=c, since=dt.date(2020, 5, 1), kind=Link.Kind.FUNDING)
    undated = LinkFactory(
        source=c,
        target=d,
        since=None,
        kind=Link.Kind.CODESIGN,
        document_file=SimpleUploadedFile("accordo.pdf", PDF),
    )
    return {"old": old, "new": new, "undated": undated}


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def _labels(**filters):
    graph = filter_graph(graph_data(), **filters)
    return sorted(node["label"] for node in graph["nodes"]), len(graph["links"])


def test_new_since_keeps_links_started_in_or_after_the_year_and_the_undated(dated):
    assert _labels(new_since=2017) == (["Ente Alfa", "Ente Beta", "Ente Delta", "Ente Gamma"], 3)
    assert _labels(new_since=2018) == (["Ente Beta", "Ente Delta", "Ente Gamma"], 2)
    assert _labels(new_since=2021) == (["Ente Delta", "Ente Gamma"], 1)
    # Both filters: active in 2020 and started since 2018.
    assert _labels(year=2020, new_since=2018) == (["Ente Beta", "Ente Delta", "Ente Gamma"], 2)
    assert _labels(year=2017) == (["Ente Alfa", "Ente Beta", "Ente Delta", "Ente Gamma"], 2)
    assert set(Link.objects.started_since(2018)) == {dated["new"]}


def test_map_page_new_since_view_with_undated_and_undocumented_marks(client, dated):
    content = _get(client, "/rete/mappa/?new_since=2018")

    assert "Nuovi legami dal 2018" in content
    assert "3 attori e 2 legami corrispondono ai filtri." in content
    assert "1 legame è da documentare" in content
    assert "1 legame ha la data non nota: compare in ogni anno." in content
    assert "data non nota" in content
    assert 'class="badge link-undocumented"' in content
    assert "Ente Alfa" not in content
    assert 'data-graph-url="/rete/grafo.json?new_since=2018"' in content
    assert '<option value="2018" selected>2018</option>' in content


def test_map_legend_and_messages_explain_the_marks(client, dated):
    content = _get(client, "/rete/mappa/")

    assert "legame da documentare (fonte non ancora indicata)" in content
    assert "data-msg-undocumented=" in content
    assert 'data-msg-undated="data non nota"' in content
    assert "documento (PDF)" in content


def test_actor_page_marks_undocumented_and_undated_links(client, dated):
    beta = _get(client, "/rete/attori/ente-beta/")
    gamma = _get(client, "/rete/attori/ente-gamma/")

    assert beta.count(">da documentare</span>") == 1
    assert "data non nota" not in beta
    assert "data non nota" in gamma
    assert dated["undated"].document_file.url in gamma


def test_english_pages_say_to_be_documented_and_date_unknown(client, dated):
    content = _get(client, "/en/rete/mappa/?new_since=2018")

    assert "New links since 2018" in content
    assert "to be documented" in content
    assert "date unknown" in content


def test_graph_json_carries_source_and_date_flags(client, dated):
    data = json.loads(_get(client, "/rete/grafo.json?new_since=2018"))

    links = {link["kind"]: link for link in data["links"]}
    assert set(links) == {"funding", "codesign"}
    assert links["funding"]["documented"] is False
    assert links["funding"]["undated"] is False
    assert links["codesign"]["undated"] is True
    assert links["codesign"]["documented"] is True
    assert links["codesign"]["document_file"].startswith("/media/links/")
    assert data["graph"]["new_since"] == 2018
    assert data["graph"]["undated_links"] == 1


def test_csv_gexf_and_graphml_carry_source_and_date_flags(client, dated):
    text = client.get("/rete/export/legami.csv").content.decode("utf-8-sig")
    rows = {row["tipo"]: row for row in csv.DictReader(io.StringIO(text))}
    assert rows["funding"]["documentato"] == "no"
    assert rows["partnership"]["documentato"] == "sì"
    assert rows["codesign"]["data_non_nota"] == "sì"
    assert rows["funding"]["data_non_nota"] == "no"
    assert rows["codesign"]["documento_file_url"].startswith("http://testserver/media/links/")
    # The new columns come last: readers by position keep working.
    assert list(rows["funding"])[-6:-3] == ["documento_file_url", "documentato", "data_non_nota"]
    assert list(rows["funding"])[-3:] == ["peso", "giornate", "giornate_url"]

    for url, read in (
        ("/rete/export/rete.gexf", nx.read_gexf),
        ("/rete/export/rete.graphml", nx.read_graphml),
    ):
        graph = read(io.BytesIO(client.get(url).content))
        edges = {attrs["kind"]: attrs for _, _, attrs in graph.edges(data=True)}
        assert edges["funding"]["documented"] in (False, "False", "false")
        assert edges["codesign"]["undated"] in (True, "True", "true")


def test_gexf_declares_the_new_attributes(client, dated):
    root = ET.fromstring(client.get("/rete/export/rete.gexf").content)
    titles = {element.get("title") for element in root.iter() if element.tag.endswith("attribute")}

    assert {"documented", "undated", "document_file"} <= titles
