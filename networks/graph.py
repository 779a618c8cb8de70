"""The published network as a graph: measures, map data and exports, cached per data version.

Everything public about the network is derived from one dictionary, built from
``published()`` data and kept in the shared cache under a key that changes
whenever the underlying tables change. Several app servers sharing a cache and
a database agree on the version without any state in process memory.
"""

import hashlib

import networkx as nx
from django.core.cache import cache
from django.db import connection
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from networks.models import Actor, Link, Membership, Network
from workshops.models import Article, Session, Topic, Workshop

CACHE_TIMEOUT = 6 * 60 * 60
# Exact betweenness costs O(nodes × links); above this size it is estimated from a sample.
EXACT_BETWEENNESS_LIMIT = 600
BETWEENNESS_SAMPLES = 300
# Beyond this many actors the map keeps the most connected ones and says so.
MAP_NODE_LIMIT = 2500

# Tables whose rows make up the public graph, with a modification time where they have one.
_VERSIONED_MODELS = [Actor, Link, Network, Membership, Article, Session, Workshop]
_COUNTED_TABLES = [Actor.topics.through, Network.topics.through]


def graph_version():
    """A fingerprint of the graph's tables, in one query; any save or delete changes it."""
    quote = connection.ops.quote_name
    parts = []
    for model in _VERSIONED_MODELS:
        table = quote(model._meta.db_table)
        parts.append(f"(SELECT COUNT(*) FROM {table})")
        parts.append(f"(SELECT MAX({quote('updated_at')}) FROM {table})")
    for model in _COUNTED_TABLES:
        parts.append(f"(SELECT COUNT(*) FROM {quote(model._meta.db_table)})")
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts))
        row = cursor.fetchone()
    return hashlib.sha256(repr(tuple(str(value) for value in row)).encode()).hexdigest()[:24]


def graph_data():
    """The published graph with its measures, from the cache when the data has not changed."""
    # Labels and URLs in the data are in the active language: one cached copy per language.
    key = f"networks:graph:{get_language()}:{graph_version()}"
    data = cache.get(key)
    if data is None:
        data = build_graph_data()
        cache.set(key, data, CACHE_TIMEOUT)
    return data


def build_graph_data():
    """Read the published actors, networks and links and compute their measures."""
    actors = Actor.objects.published().prefetch_related(
        Prefetch("topics", queryset=Topic.objects.only("pk", "slug"))
    )
    networks = {
        network.pk: network
        for network in Network.objects.published().only("pk", "slug", "name", "level")
    }
    members = {}
    for actor_id, network_id in Membership.objects.filter(
        network__in=networks, actor__is_published=True
    ).values_list("actor_id", "network_id"):
        members.setdefault(actor_id, []).append(networks[network_id].slug)

    nodes = [_node(actor, members.get(actor.pk, [])) for actor in actors.order_by("pk")]
    links = [
        _link(link)
        for link in Link.objects.published()
        .select_related("documented_by_article", "documented_by_session__workshop")
        .order_by("pk")
    ]
    groups = {
        network.slug: [node["id"] for node in nodes if network.slug in node["networks"]]
        for network in networks.values()
    }
    measures = compute_measures(
        [node["id"] for node in nodes], [(link["source"], link["target"]) for link in links], groups
    )
    for node in nodes:
        node.update(measures["nodes"][node["id"]])
    return {
        "nodes": nodes,
        "links": links,
        "networks": measures["networks"],
        "components": measures["components"],
        "sampled": measures["sampled"],
    }


def node_id(actor_pk):
    return f"a{actor_pk}"


def _node(actor, network_slugs):
    node = {
        "id": node_id(actor.pk),
        "label": actor.public_name,
        "kind": actor.kind,
        "kind_label": str(actor.get_kind_display()),
        "url": actor.get_absolute_url(),
        "slug": actor.slug,
        "municipality": actor.municipality,
        "province": actor.province,
        "ambito": actor.ambito,
        "website": actor.website,
        "topics": sorted(topic.slug for topic in actor.topics.all()),
        "networks": sorted(network_slugs),
    }
    if actor.is_person:
        # Nothing that could name a private person leaves the database.
        node.update(slug="", municipality="", ambito="", website="", province="")
    return node


def _link(link):
    article = link.documented_by_article
    session = link.documented_by_session
    article_public = article is not None and article.is_public
    session_public = session is not None and session.is_public
    return {
        "id": f"l{link.pk}",
        "key": f"l{link.pk}",
        "source": node_id(link.source_id),
        "target": node_id(link.target_id),
        "kind": link.kind,
        "kind_label": str(link.get_kind_display()),
        "directed": link.is_directed,
        "since": link.since.isoformat() if link.since else "",
        "until": link.until.isoformat() if link.until else "",
        "description": link.description,
        "article_title": article.title if article_public else "",
        "article_url": article.get_absolute_url() if article_public else "",
        "session_title": (
            _("%(number)s° giornata: %(title)s")
            % {"number": session.number, "title": session.title}
            if session_public
            else ""
        ),
        "session_url": session.get_absolute_url() if session_public else "",
        "document_url": link.document_url,
    }


def compute_measures(node_ids, edges, groups):
    """Degree, betweenness and component of each node, and each group's density.

    The graph is taken as undirected and simple: two actors with several links
    are neighbours once. Components are numbered from 1, the largest first.
    """
    graph = nx.Graph()
    graph.add_nodes_from(node_ids)
    graph.add_edges_from(edges)
    sampled = graph.number_of_nodes() > EXACT_BETWEENNESS_LIMIT
    if sampled:
        betweenness = nx.betweenness_centrality(graph, k=BETWEENNESS_SAMPLES, seed=2020)
    else:
        betweenness = nx.betweenness_centrality(graph)
    components = sorted(nx.connected_components(graph), key=lambda part: (-len(part), min(part)))
    component_of = {node: index for index, part in enumerate(components, 1) for node in part}
    return {
        "nodes": {
            node: {
                "degree": graph.degree(node),
                "betweenness": round(betweenness[node], 6),
                "component": component_of[node],
            }
            for node in graph.nodes
        },
        "networks": {
            slug: {
                "members": len(members),
                "density": round(nx.density(graph.subgraph(members)), 6),
            }
            for slug, members in groups.items()
        },
        "components": len(components),
        "sampled": sampled,
    }


def is_active_in(link, year):
    """The dictionary form of ``Link.is_active_in``."""
    if not link["since"] or int(link["since"][:4]) > year:
        return False
    return not link["until"] or int(link["until"][:4]) >= year


def link_years(data):
    """The years in which at least one published link is known to be active."""
    years = set()
    for link in data["links"]:
        if link["since"]:
            end = int(link["until"][:4]) if link["until"] else None
            start = int(link["since"][:4])
            years.update(range(start, (end or max(start, timezone.localdate().year)) + 1))
    return sorted(years)


def filter_graph(data, *, kind="", link_kind="", topic="", province="", network="", year=None):
    """The node-link graph of the actors and links that match the map's filters."""
    nodes = [
        node
        for node in data["nodes"]
        if (not kind or node["kind"] == kind)
        and (not topic or topic in node["topics"])
        and (not province or node["province"] == province)
        and (not network or network in node["networks"])
    ]
    total = len(nodes)
    truncated = total > MAP_NODE_LIMIT
    if truncated:
        nodes = sorted(nodes, key=lambda node: (-node["degree"], node["label"]))[:MAP_NODE_LIMIT]
    ids = {node["id"] for node in nodes}
    links = [
        link
        for link in data["links"]
        if link["source"] in ids
        and link["target"] in ids
        and (not link_kind or link["kind"] == link_kind)
        and (year is None or is_active_in(link, year))
    ]
    if year is not None:
        linked = {end for link in links for end in (link["source"], link["target"])}
        nodes = [node for node in nodes if node["id"] in linked]
    return {
        "directed": True,
        "multigraph": True,
        "graph": {
            "name": "Lab'Impact",
            "year": year or "",
            "total_nodes": total,
            "truncated": truncated,
            "node_limit": MAP_NODE_LIMIT,
        },
        "nodes": nodes,
        "links": links,
    }


def export_graph(data):
    """A networkx multigraph for GEXF and GraphML: lists become «; »-joined text.

    Both formats want one direction for the whole graph; undirected links are
    written once, with ``directed`` false, as Gephi users expect.
    """
    graph = nx.MultiDiGraph(name="Lab'Impact")
    for node in data["nodes"]:
        attributes = {key: value for key, value in node.items() if key != "id"}
        attributes["topics"] = "; ".join(node["topics"])
        attributes["networks"] = "; ".join(node["networks"])
        graph.add_node(node["id"], **attributes)
    for link in data["links"]:
        attributes = {
            key: value for key, value in link.items() if key not in {"source", "target", "key"}
        }
        graph.add_edge(link["source"], link["target"], key=link["id"], **attributes)
    return graph
