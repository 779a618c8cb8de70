"""Measures on graphs small enough to check by hand, and the cache that keeps them."""

import datetime as dt

import pytest
from django.core.cache import cache

from networks.graph import compute_measures, filter_graph, graph_data
from networks.models import Link
from networks.summaries import describe_links
from tests.factories import ActorFactory, LinkFactory, MembershipFactory, NetworkFactory


def test_measures_of_a_path_a_triangle_and_an_isolated_node():
    #  a - b - c        d - e - f - d (triangle)      g alone
    edges = [("a", "b"), ("b", "c"), ("d", "e"), ("e", "f"), ("f", "d")]
    result = compute_measures(
        list("abcdefg"), edges, {"path": ["a", "b", "c"], "pair": ["a", "c"], "tri": list("def")}
    )
    nodes = result["nodes"]

    assert [nodes[n]["degree"] for n in "abcdefg"] == [1, 2, 1, 2, 2, 2, 0]
    # b lies on the only shortest path between a and c: the one pair of the other nodes.
    # Normalised over the 15 pairs of the other six nodes: 1/15.
    assert nodes["b"]["betweenness"] == pytest.approx(1 / 15, abs=1e-6)
    assert all(nodes[n]["betweenness"] == 0 for n in "acdefg")
    assert result["components"] == 3
    # Two components of three (the one with the smallest id first), then g.
    assert [nodes[n]["component"] for n in "abcdefg"] == [1, 1, 1, 2, 2, 2, 3]
    assert result["networks"]["path"] == {"members": 3, "density": pytest.approx(2 / 3)}
    assert result["networks"]["pair"]["density"] == 0
    assert result["networks"]["tri"]["density"] == 1


def test_a_star_centre_is_the_broker():
    edges = [("hub", leaf) for leaf in "wxyz"]
    nodes = compute_measures(["hub", *"wxyz"], edges, {})["nodes"]

    assert nodes["hub"]["degree"] == 4
    assert nodes["hub"]["betweenness"] == 1
    assert nodes["w"]["betweenness"] == 0


def test_several_links_between_two_actors_count_once():
    result = compute_measures(["a", "b"], [("a", "b"), ("b", "a"), ("a", "b")], {})

    assert result["nodes"]["a"]["degree"] == 1


@pytest.mark.django_db
def test_graph_data_comes_from_published_data_only():
    shown = LinkFactory()
    hidden = ActorFactory(is_published=False, name="Bozza nascosta")
    LinkFactory(source=shown.source, target=hidden, kind=Link.Kind.FUNDING)
    network = NetworkFactory()
    MembershipFactory(network=network, actor=shown.source)
    MembershipFactory(network=network, actor=shown.target)
    MembershipFactory(network=network, actor=hidden)
    NetworkFactory(is_published=False, slug="rete-bozza")

    data = graph_data()

    assert {node["label"] for node in data["nodes"]} == {shown.source.name, shown.target.name}
    assert len(data["links"]) == 1
    assert set(data["networks"]) == {network.slug}
    assert data["networks"][network.slug] == {"members": 2, "density": 1.0}


@pytest.mark.django_db
def test_measures_are_cached_until_the_data_changes(django_assert_num_queries):
    cache.clear()
    link = LinkFactory()
    graph_data()

    # Nothing is recomputed, and the database is not asked.
    with django_assert_num_queries(0):
        graph_data()

    ActorFactory()
    assert len(graph_data()["nodes"]) == 3

    link.delete()
    assert graph_data()["links"] == []

    link.source.is_published = False
    link.source.save()
    assert len(graph_data()["nodes"]) == 2


@pytest.mark.django_db
def test_year_filter_keeps_links_active_in_that_year_and_the_undated_ones():
    a, b, c, d = (ActorFactory(name=name) for name in "ABCD")
    LinkFactory(source=a, target=b, since=dt.date(2017, 1, 1), until=dt.date(2018, 12, 31))
    LinkFactory(source=b, target=c, since=dt.date(2019, 5, 1))
    LinkFactory(source=c, target=d, since=None)

    def labels(year):
        graph = filter_graph(graph_data(), year=year)
        return sorted(node["label"] for node in graph["nodes"]), len(graph["links"])

    # The undated link C–D may belong to any year: it is in every year view.
    assert labels(2016) == (["C", "D"], 1)
    assert labels(2018) == (["A", "B", "C", "D"], 2)
    assert labels(2020) == (["B", "C", "D"], 2)
    assert len(filter_graph(graph_data())["links"]) == 3
    assert filter_graph(graph_data(), year=2020)["graph"]["undated_links"] == 1


def test_describe_links_reads_as_one_italian_sentence():
    me = "a1"
    labels = {"a2": "Comune di Milano", "a3": "Fondazione Cariplo", "a4": "X", "a5": "Y"}

    def link(source, target, kind, directed=False):
        return {"source": source, "target": target, "kind": kind, "directed": directed}

    links = [
        link(me, "a4", Link.Kind.PARTNERSHIP),
        link("a5", me, Link.Kind.PARTNERSHIP),
        link("a3", me, Link.Kind.FUNDING, directed=True),
        link(me, "a2", Link.Kind.REFERRAL, directed=True),
    ]

    assert describe_links(me, links, labels) == (
        "2 partner, 1 finanziatore e 1 invio verso Comune di Milano."
    )
    assert describe_links(me, [], labels) == "Nessun legame documentato."
