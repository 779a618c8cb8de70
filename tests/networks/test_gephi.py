"""The GEXF and GraphML writers give, element by element, the text networkx gives."""

import io

import networkx as nx
import pytest
from django.utils import translation

from networks import gephi, graph
from tests.factories import ActorFactory, LinkFactory

pytestmark = pytest.mark.django_db


def _networkx(generate, data):
    return "\n".join(generate(graph.export_graph(graph.localise(data)))).encode()


@pytest.fixture
def awkward(world):
    """Names and descriptions with what XML must escape and what splits lines."""
    odd = ActorFactory(name='Coop. "Sole & Luna" <Lodi>', municipality="Città\tdi Lodi")
    LinkFactory(source=odd, target=world["cariplo"], description="Due\nrighe\r e\u2028più")
    # Links added out of order: networkx lists them by source, then by target.
    LinkFactory(source=world["cariplo"], target=odd, description="àèìòù €")
    LinkFactory(source=odd, target=world["milano"], is_directed=False, description="")
    LinkFactory(source=odd, target=world["cariplo"], description="Di nuovo", kind="referral")
    return world


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize(
    ("write", "generate"),
    [(gephi.gexf_bytes, nx.generate_gexf), (gephi.graphml_bytes, nx.generate_graphml)],
)
def test_same_bytes_as_networkx(awkward, language, write, generate):
    data = graph.build_graph_data()
    with translation.override(language):
        expected = _networkx(generate, data)
        written = b"".join(write(data))

    assert written == expected


@pytest.mark.parametrize("write", [gephi.gexf_bytes, gephi.graphml_bytes])
def test_an_empty_network_is_a_readable_file(db, write):
    data = graph.build_graph_data()
    text = b"".join(write(data))

    reader = nx.read_gexf if write is gephi.gexf_bytes else nx.read_graphml
    assert reader(io.BytesIO(text)).number_of_nodes() == 0
