"""GEXF and GraphML written element by element, for the built exports.

networkx builds the whole graph, then the whole XML tree, then the whole text before
the first byte is written: on the large network that took a worker past 200 MiB.
These writers go through the graph's dictionary one actor or link at a time, localised
as they are written, and give the same text networkx gives for the graph of
``graph.export_graph`` (tests/networks/test_gephi.py compares them), so that Gephi
users and scripts see no difference.
"""

import time

import networkx as nx

from networks.graph import flat_link, localise_link, localise_node, vocabulary

XML_TYPES = {bool: "boolean", int: "long", float: "double", str: "string"}
GEXF_HEAD = (
    '<gexf xmlns="http://www.gexf.net/1.2draft" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://www.gexf.net/1.2draft '
    'http://www.gexf.net/1.2draft/gexf.xsd" version="1.2">'
)
GRAPHML_HEAD = (
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" '
    'xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns '
    'http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">'
)
GRAPH_NAME = "Lab'Impact"
EDGE_OWN = {"id", "weight"}


def attribute(text):
    """An XML attribute value, escaped as ElementTree (and so networkx) escapes it."""
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = text.replace('"', "&quot;").replace("\r", "&#13;").replace("\n", "&#10;")
    return _ascii(text.replace("\t", "&#09;"))


def character_data(text):
    return _ascii(text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def _ascii(text):
    # networkx serialises to US-ASCII: every other character is a character reference.
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")


def _lines(text):
    # networkx yields the text split by str.splitlines() and the exports join the lines
    # with "\n": the same happens here to each element, whose text ends a line.
    return "\n".join(text.splitlines())


def _chunks(pieces):
    """The pieces as bytes, one line break between them, none after the last."""
    separator = ""
    for piece in pieces:
        yield (separator + _lines(piece)).encode()
        separator = "\n"


def _export_node(node, terms):
    """What ``export_graph`` keeps of a node, localised: lists become «; »-joined text."""
    attributes = localise_node(node, terms)  # a new dictionary, ours to change
    attributes["topics"] = "; ".join(node["topics"])
    attributes["networks"] = "; ".join(node["networks"])
    del attributes["id"]
    return node["id"], attributes


def _export_link(link, terms):
    attributes = {
        key: value
        for key, value in flat_link(localise_link(link, terms)).items()
        if key not in {"source", "target", "key"}
    }
    return link["source"], link["target"], link["id"], attributes


def _in_networkx_order(data):
    """The links as networkx lists a multigraph's edges: by source in the order of nodes,
    then by target in the order each was first linked from that source."""
    position = {node["id"]: number for number, node in enumerate(data["nodes"])}
    first = {}
    for number, link in enumerate(data["links"]):
        first.setdefault((link["source"], link["target"]), number)
    return sorted(
        data["links"],
        key=lambda link: (position[link["source"]], first[link["source"], link["target"]]),
    )


def _gexf_value(value):
    if isinstance(value, bool):
        return str(value).lower()
    text = str(value)
    if isinstance(value, float):
        text = {"inf": "INF", "nan": "NaN", "-inf": "-INF"}.get(text, text)
    return text


def gexf(data):
    """The GEXF of ``data`` (the graph's dictionary), in pieces, in the active language."""
    terms = vocabulary()
    nodes = (_export_node(node, terms) for node in data["nodes"])
    links = (_export_link(link, terms) for link in _in_networkx_order(data))
    first_node = next(iter(nodes), None)
    first_link = next(iter(links), None)
    node_keys = [key for key in (first_node[1] if first_node else {}) if key != "label"]
    # GEXF has its own place for an edge's id and weight: attributes of the element.
    link_keys = [key for key in (first_link[3] if first_link else {}) if key not in EDGE_OWN]
    node_ids = {key: str(number) for number, key in enumerate(node_keys)}
    link_ids = {key: str(number) for number, key in enumerate([*link_keys, "key"], len(node_keys))}

    def declarations(klass, keys, ids, sample):
        lines = [f'    <attributes mode="static" class="{klass}">']
        for key in keys:
            title = "networkx_key" if key == "key" else key
            kind = XML_TYPES[type(sample[key])]
            lines.append(f'      <attribute id="{ids[key]}" title="{title}" type="{kind}" />')
        lines.append("    </attributes>")
        return "\n".join(lines)

    # The server's local date, as networkx writes it.
    today = time.strftime("%Y-%m-%d")
    head = [
        GEXF_HEAD,
        f'  <meta lastmodifieddate="{today}">',
        f"    <creator>NetworkX {nx.__version__}</creator>",
        "  </meta>",
        f'  <graph defaultedgetype="directed" mode="static" name="{attribute(GRAPH_NAME)}">',
    ]
    yield "\n".join(head)
    if first_link:
        yield declarations("edge", [*link_keys, "key"], link_ids, {**first_link[3], "key": ""})
    if first_node:
        yield declarations("node", node_keys, node_ids, first_node[1])

    def node_element(node_id, attributes):
        lines = [
            f'      <node id="{attribute(node_id)}" label="{attribute(attributes["label"])}">',
            "        <attvalues>",
        ]
        for key in node_keys:
            value = attribute(_gexf_value(attributes[key]))
            lines.append(f'          <attvalue for="{node_ids[key]}" value="{value}" />')
        lines += ["        </attvalues>", "      </node>"]
        return "\n".join(lines)

    def link_element(source, target, key, attributes):
        weight = ""
        if "weight" in attributes:
            weight = f' weight="{attribute(str(attributes["weight"]))}"'
        lines = [
            f'      <edge source="{attribute(source)}" target="{attribute(target)}" '
            f'id="{attribute(str(attributes["id"]))}"{weight}>',
            "        <attvalues>",
        ]
        for name in link_keys:
            value = attribute(_gexf_value(attributes[name]))
            lines.append(f'          <attvalue for="{link_ids[name]}" value="{value}" />')
        lines.append(f'          <attvalue for="{link_ids["key"]}" value="{attribute(key)}" />')
        lines += ["        </attvalues>", "      </edge>"]
        return "\n".join(lines)

    if first_node:
        yield "    <nodes>"
        yield node_element(*first_node)
        for node in nodes:
            yield node_element(*node)
        yield "    </nodes>"
    else:
        yield "    <nodes />"
    if first_link:
        yield "    <edges>"
        yield link_element(*first_link)
        for link in links:
            yield link_element(*link)
        yield "    </edges>"
    else:
        yield "    <edges />"
    yield "  </graph>\n</gexf>"


def graphml(data):
    """The GraphML of ``data`` (the graph's dictionary), in pieces, in the active language."""
    terms = vocabulary()
    nodes = (_export_node(node, terms) for node in data["nodes"])
    links = (_export_link(link, terms) for link in _in_networkx_order(data))
    first_node = next(iter(nodes), None)
    first_link = next(iter(links), None)
    node_keys = list(first_node[1]) if first_node else []
    link_keys = list(first_link[3]) if first_link else []
    node_ids = {key: f"d{number}" for number, key in enumerate(node_keys, 1)}
    link_ids = {key: f"d{number}" for number, key in enumerate(link_keys, 1 + len(node_keys))}

    declared = [("d0", "graph", "name", "string")]
    declared += [
        (node_ids[key], "node", key, XML_TYPES[type(first_node[1][key])]) for key in node_keys
    ]
    declared += [
        (link_ids[key], "edge", key, XML_TYPES[type(first_link[3][key])]) for key in link_keys
    ]
    lines = [GRAPHML_HEAD]
    for key_id, target, name, kind in reversed(declared):
        lines.append(
            f'  <key id="{key_id}" for="{target}" attr.name="{attribute(name)}" '
            f'attr.type="{kind}" />'
        )
    lines.append('  <graph edgedefault="directed">')
    yield "\n".join(lines)

    def data_line(key_id, value, indent):
        text = str(value)
        if not text:
            return f'{indent}<data key="{key_id}" />'
        return f'{indent}<data key="{key_id}">{character_data(text)}</data>'

    def node_element(node_id, attributes):
        lines = [f'    <node id="{attribute(node_id)}">']
        lines += [data_line(node_ids[key], attributes[key], "      ") for key in node_keys]
        lines.append("    </node>")
        return "\n".join(lines)

    def link_element(source, target, key, attributes):
        lines = [
            f'    <edge source="{attribute(source)}" target="{attribute(target)}" '
            f'id="{attribute(key)}">'
        ]
        lines += [data_line(link_ids[name], attributes[name], "      ") for name in link_keys]
        lines.append("    </edge>")
        return "\n".join(lines)

    if first_node:
        yield node_element(*first_node)
        for node in nodes:
            yield node_element(*node)
    if first_link:
        yield link_element(*first_link)
        for link in links:
            yield link_element(*link)
    yield data_line("d0", GRAPH_NAME, "    ") + "\n  </graph>\n</graphml>"


def gexf_bytes(data):
    return _chunks(gexf(data))


def graphml_bytes(data):
    return _chunks(graphml(data))
