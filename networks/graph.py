"""The published network as a graph: measures, map data and exports, under the content version.

Everything public about the network is derived from one dictionary read from
``published()`` data and kept in the shared cache under the content version
(``workshops/caching.py``), which every save, delete or re-tagging of content bumps,
so several app servers sharing a cache and a database agree without any state in
process memory. The dictionary holds no language: kind codes, slugs, names and
numbers. Its measures (degree, betweenness, components, densities) are computed only
by the background task that builds the network's files, once for every language and
file, and stored for pages to read (``networks/measures.py``). Views and exports call
``localise`` for the labels and page addresses of the active language.
"""

from collections import Counter

import networkx as nx
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from networks import layout, measures
from networks.models import Actor, Encounter, Link, Membership, Network
from workshops.caching import cached_for_content
from workshops.models import Article, Topic

# The graph does not depend on the clock (an article's publication time is kept and
# compared when localised), and any change of content makes a new key: it may live
# longer than a page, which spares reading the whole network every minute.
CACHE_SECONDS = 6 * 60 * 60
# The key names the dictionary's shape: a server with older code never reads a newer one.
CACHE_KEY = "networks:structure:4"
# Exact betweenness costs O(nodes × links); above this size it is estimated from a sample.
EXACT_BETWEENNESS_LIMIT = 600
BETWEENNESS_SAMPLES = 300
# Beyond this many actors the map keeps the most connected ones and says so.
MAP_NODE_LIMIT = 2500


ROWS_PER_QUERY = 500
ACTOR_FIELDS = (
    "pk", "name", "kind", "slug", "municipality", "province", "ambito", "website",
)  # fmt: skip
LINK_FIELDS = (
    "pk", "source_id", "target_id", "kind", "is_directed", "since", "until", "description",
    "document_url", "document_file", "documented_by_article_id", "documented_by_session_id",
    "documented_by_article__slug", "documented_by_article__title",
    "documented_by_article__status", "documented_by_article__published_at",
    "documented_by_session__slug", "documented_by_session__number",
    "documented_by_session__title", "documented_by_session__is_published",
    "documented_by_session__workshop__slug", "documented_by_session__workshop__is_published",
)  # fmt: skip


def graph_data():
    """The published graph for a request: from the database, with the last measures stored.

    The actors and links are read from the database (and shared until content changes);
    the measures are the ones the background task last stored (``networks/measures.py``),
    never computed here. A node the last build did not measure has ``None`` for each
    figure; ``data["measures"]`` is what the build stored, None before the first.
    """
    structure = graph_structure()
    stored = measures.for_request(lambda: with_measures(structure))
    return merge_measures(structure, stored)


def graph_structure():
    """The published actors and links, in no language and without measures (see ``graph_data``)."""
    return cached_for_content(CACHE_KEY, read_structure, timeout=CACHE_SECONDS)


def build_graph_data():
    """Read the published actors, networks and links and compute their measures."""
    return with_measures(read_structure())


def read_structure():
    """Read the published actors, networks and links: the graph without its measures."""
    # Only the columns the dictionary keeps, read in chunks (iterator): the task that
    # builds the files keeps a few hundred rows in memory at a time, not the whole network.
    actors = (
        Actor.objects.published()
        .only(*ACTOR_FIELDS)
        .prefetch_related(Prefetch("topics", queryset=Topic.objects.only("pk", "slug")))
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

    nodes = [
        _node(actor, members.get(actor.pk, []))
        for actor in actors.order_by("pk").iterator(chunk_size=ROWS_PER_QUERY)
    ]
    links = [
        _link(link)
        for link in Link.objects.published()
        .select_related("documented_by_article", "documented_by_session__workshop")
        .only(*LINK_FIELDS)
        .order_by("pk")
        .iterator(chunk_size=ROWS_PER_QUERY)
    ]
    # One instant for both: a session ending between two clocks would count in one only.
    now = timezone.now()
    encounters = [
        _encounter(encounter)
        for encounter in Encounter.objects.published(now)
        .with_public_sessions(now)
        .only("pk", "actor_a", "actor_b")
        .order_by("pk")
        .iterator(chunk_size=ROWS_PER_QUERY)
    ]
    # Counted here, not by the task: a sum over the pairs, cheap enough for any request.
    met = encounter_measures(encounters)
    for node in nodes:
        node.update(met.get(node["id"], NOBODY_MET))
    return {
        "nodes": nodes,
        "links": links + encounters,
        "encounters": len(encounters),
        "network_slugs": sorted(network.slug for network in networks.values()),
    }


def with_measures(structure):
    """``structure`` with the measures computed: what the background task stores and writes."""
    nodes = structure["nodes"]
    groups = {
        slug: [node["id"] for node in nodes if slug in node["networks"]]
        for slug in structure["network_slugs"]
    }
    # Degree, betweenness, components and density stay the measures of the documented
    # links: a session of 30 actors would add 435 pairs at once, every participant would
    # look central and the density would say how full the rooms were, not who works with
    # whom. Encounters have measures of their own (``encounter_measures``).
    computed = compute_measures(
        [node["id"] for node in nodes],
        [(link["source"], link["target"]) for link in structure["links"] if not is_encounter(link)],
        groups,
    )
    return {
        "positions": layout.compute_positions(structure),
        "nodes": [{**node, **computed["nodes"][node["id"]]} for node in nodes],
        "links": structure["links"],
        "encounters": structure["encounters"],
        "network_slugs": structure["network_slugs"],
        "networks": computed["networks"],
        "components": computed["components"],
        "density": computed["density"],
        "sampled": computed["sampled"],
    }


UNMEASURED = dict.fromkeys(measures.NODE_FIELDS)


def merge_measures(structure, stored):
    """``structure`` with the figures of ``stored`` (a ``Measures``, or None before a build)."""
    if stored is None:
        return {
            "positions": {},
            "nodes": [{**node, **UNMEASURED} for node in structure["nodes"]],
            "links": structure["links"],
            "encounters": structure["encounters"],
            "network_slugs": structure["network_slugs"],
            "networks": {},
            "components": None,
            "density": None,
            "sampled": False,
            "measures": None,
        }
    return {
        "positions": stored.positions,
        "nodes": [
            {**node, **(stored.of_node(node["id"]) or UNMEASURED)} for node in structure["nodes"]
        ],
        "links": structure["links"],
        "encounters": structure["encounters"],
        "network_slugs": structure["network_slugs"],
        "networks": {
            slug: stored.networks[slug]
            for slug in structure["network_slugs"]
            if slug in stored.networks
        },
        "components": stored.components,
        "density": stored.density,
        "sampled": stored.sampled,
        "measures": stored,
    }


def node_id(actor_pk):
    return f"a{actor_pk}"


def _node(actor, network_slugs):
    node = {
        "id": node_id(actor.pk),
        # Empty for a private person: ``localise`` puts the words for one in its place.
        "label": actor.name,
        "kind": actor.kind,
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
        node.update(label="", slug="", municipality="", ambito="", website="", province="")
    return node


def _link(link):
    article = link.documented_by_article
    session = link.documented_by_session
    return {
        "id": f"l{link.pk}",
        "key": f"l{link.pk}",
        "source": node_id(link.source_id),
        "target": node_id(link.target_id),
        "kind": link.kind,
        "directed": link.is_directed,
        "since": link.since.isoformat() if link.since else "",
        "until": link.until.isoformat() if link.until else "",
        # No start date: shown in every year view as «data non nota».
        "undated": link.since is None,
        "description": link.description,
        "document_url": link.document_url,
        "document_file": link.document_file.url if link.document_file else "",
        # Whether the link names any source, public or not yet: «da documentare» when not.
        "documented": link.has_source,
        # An article scheduled for later is kept with its time and shown once it comes.
        "article": (
            (article.slug, article.title, article.published_at)
            if article is not None
            and article.status == Article.Status.PUBLISHED
            and article.published_at is not None
            else None
        ),
        "session": (
            (session.workshop.slug, session.slug, session.number, session.title)
            if session is not None and session.is_public
            else None
        ),
        # For Gephi's layouts: a documented link weighs one; an encounter, its sessions.
        "weight": 1,
        "sessions": [],
    }


def _encounter(encounter):
    """An encounter as a link of kind «encounter», its sessions as the documentation."""
    sessions = encounter.public_sessions
    return {
        "id": f"e{encounter.pk}",
        "key": f"e{encounter.pk}",
        "source": node_id(encounter.actor_a_id),
        "target": node_id(encounter.actor_b_id),
        "kind": Link.Kind.ENCOUNTER.value,
        "directed": False,
        # The first and the last session: the year views show who met in a year.
        "since": sessions[0].date.isoformat(),
        "until": sessions[-1].last_date.isoformat(),
        "undated": False,
        "description": "",
        "document_url": "",
        "document_file": "",
        "documented": True,
        "article": None,
        "session": None,
        "weight": len(sessions),
        "sessions": [
            (session.workshop.slug, session.slug, session.number, session.title)
            for session in sessions
        ],
    }


NOBODY_MET = {"met": 0, "met_sessions": 0}


def encounter_measures(encounters):
    """Per actor: how many actors its people met at the workshops, and in how many meetings.

    ``met_sessions`` adds up the weights: two actors met at three sessions count three.
    """
    met, weight = Counter(), Counter()
    for encounter in encounters:
        for end in (encounter["source"], encounter["target"]):
            met[end] += 1
            weight[end] += encounter["weight"]
    return {node: {"met": met[node], "met_sessions": weight[node]} for node in met}


def is_encounter(link):
    return link["kind"] == Link.Kind.ENCOUNTER


def localise(data):
    """``data`` (the graph or a part of it) with labels and page addresses in the active language.

    Adds ``kind_label`` and ``url`` to nodes, and the kind, article and session labels and
    addresses to links, in the shape the map, ``grafo.json`` and the exports publish.
    """
    words = vocabulary()
    return {
        **data,
        "nodes": [localise_node(node, words) for node in data["nodes"]],
        "links": [localise_link(link, words) for link in data["links"]],
    }


def node_label(node):
    """The name the public sees: a private person is never named."""
    return node["label"] or _("Persona privata")


def localise_node(node, words=None):
    words = words or vocabulary()
    return {
        **node,
        "label": node["label"] or words["person"],
        "kind_label": words["actor_kinds"].get(node["kind"], node["kind"]),
        "url": words["actor_url"](slug=node["slug"]) if node["slug"] else "",
    }


def localise_link(link, words=None):
    words = words or vocabulary()
    localised = {
        key: value for key, value in link.items() if key not in {"article", "session", "sessions"}
    }
    localised["kind_label"] = words["link_kinds"].get(link["kind"], link["kind"])
    article = link["article"]
    if article is not None and article[2] <= words["now"]:
        slug, title, _published_at = article
        localised["article_title"] = title
        localised["article_url"] = words["article_url"](slug=slug)
    else:
        localised["article_title"] = localised["article_url"] = ""
    session = link["session"]
    if session is not None:
        workshop_slug, slug, number, title = session
        localised["session_title"] = _session_title(words, number, title)
        localised["session_url"] = words["session_url"](workshop_slug=workshop_slug, slug=slug)
    else:
        localised["session_title"] = localised["session_url"] = ""
    localised["sessions"] = [
        {
            "title": _session_title(words, number, title),
            "url": words["session_url"](workshop_slug=workshop_slug, slug=slug),
        }
        for workshop_slug, slug, number, title in link["sessions"]
    ]
    return localised


def _session_title(words, number, title):
    template = words["session_title"] if title else words["session_ordinal"]
    return template % {"number": number, "title": title}


def flat_link(localised):
    """A localised link for GEXF and GraphML, whose attributes cannot be lists.

    The sessions of an encounter become their titles and addresses, «; »-joined.
    """
    flat = {key: value for key, value in localised.items() if key != "sessions"}
    flat["sessions"] = "; ".join(session["title"] for session in localised["sessions"])
    flat["session_urls"] = "; ".join(session["url"] for session in localised["sessions"])
    return flat


def vocabulary():
    """The labels and page addresses of the active language, looked up once per localisation."""
    return {
        "now": timezone.now(),
        "person": _("Persona privata"),
        "actor_kinds": {kind.value: str(kind.label) for kind in Actor.Kind},
        "link_kinds": {kind.value: str(kind.label) for kind in Link.Kind},
        "session_title": _("%(number)s° giornata: %(title)s"),
        "session_ordinal": _("%(number)s° giornata"),
        "actor_url": _address("networks:actor_detail", "slug"),
        "article_url": _address("workshops:article_detail", "slug"),
        "session_url": _address("workshops:session_detail", "workshop_slug", "slug"),
    }


def _address(name, *params):
    """``reverse(name)`` done once, as a function that puts slugs in its place.

    Reversing for every actor and link took most of the time of localising a graph of
    2,000 actors; slugs need no quoting, so filling in a pattern gives the same address.
    """
    markers = {param: f"__{param}__" for param in params}
    pattern = reverse(name, kwargs=markers)

    def address(**slugs):
        url = pattern
        for param, marker in markers.items():
            url = url.replace(marker, slugs[param])
        return url

    return address


def compute_measures(node_ids, edges, groups):
    """Degree, betweenness and component of each node, each group's and the whole density.

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
        # The share of all possible pairs of actors that are linked (0 with fewer than two).
        "density": round(nx.density(graph), 6),
        "sampled": sampled,
    }


def is_active_in(link, year):
    """The dictionary form of ``Link.is_active_in``."""
    if not link["since"] or int(link["since"][:4]) > year:
        return False
    return not link["until"] or int(link["until"][:4]) >= year


def started_since(link, year):
    """Whether ``link`` started in ``year`` or later."""
    return bool(link["since"]) and int(link["since"][:4]) >= year


def in_year_view(link, year=None, new_since=None):
    """Whether ``link`` shows in the year views: active in ``year``, started since ``new_since``.

    A link with no start date may belong to any year: it shows in every year view,
    marked «data non nota», rather than in none.
    """
    if not link["since"]:
        return True
    if year is not None and not is_active_in(link, year):
        return False
    return new_since is None or started_since(link, new_since)


def link_years(data):
    """The years in which at least one published link is known to be active."""
    this_year = timezone.localdate().year
    spans = {(link["since"][:4], link["until"][:4]) for link in data["links"] if link["since"]}
    years = set()
    for since, until in spans:
        start = int(since)
        end = int(until) if until else None
        years.update(range(start, (end or max(start, this_year)) + 1))
    return sorted(years)


def filter_graph(
    data,
    *,
    kind="",
    link_kind="",
    topic="",
    province="",
    network="",
    year=None,
    new_since=None,
):
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
        nodes = sorted(nodes, key=lambda node: (-(node["degree"] or 0), node["label"]))[
            :MAP_NODE_LIMIT
        ]
    ids = {node["id"] for node in nodes}
    by_year = year is not None or new_since is not None
    links = [
        link
        for link in data["links"]
        if link["source"] in ids
        and link["target"] in ids
        and (not link_kind or link["kind"] == link_kind)
        and (not by_year or in_year_view(link, year, new_since))
    ]
    if by_year:
        linked = {end for link in links for end in (link["source"], link["target"])}
        nodes = [node for node in nodes if node["id"] in linked]
    return {
        "directed": True,
        "multigraph": True,
        "graph": {
            "name": "Lab'Impact",
            "year": year or "",
            "new_since": new_since or "",
            "total_nodes": total,
            "truncated": truncated,
            "node_limit": MAP_NODE_LIMIT,
            "undated_links": sum(1 for link in links if not link["since"]),
            "undocumented_links": sum(1 for link in links if not link["documented"]),
            "encounter_links": sum(1 for link in links if is_encounter(link)),
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
        # A figure not measured yet is left out rather than written as an empty value.
        attributes = {
            key: value for key, value in node.items() if key != "id" and value is not None
        }
        attributes["topics"] = "; ".join(node["topics"])
        attributes["networks"] = "; ".join(node["networks"])
        graph.add_node(node["id"], **attributes)
    for link in data["links"]:
        attributes = {
            key: value
            for key, value in flat_link(link).items()
            if key not in {"source", "target", "key"}
        }
        graph.add_edge(link["source"], link["target"], key=link["id"], **attributes)
    return graph
