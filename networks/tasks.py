"""Background tasks of the network: the graph file and the exports, rebuilt after a change.

The measures are computed once per build (``prepare``), stored for the pages to read
(``networks/measures.py``), and every file is written from them in every language;
``labimpact/builtfiles.py`` says when the task runs.
"""

import csv
import io
import json
from functools import partial

from django.utils import timezone
from django_tasks import task

from labimpact import builtfiles
from networks import exports, gephi, measures
from networks.graph import (
    filter_graph,
    graph_structure,
    localise_link,
    localise_node,
    merge_measures,
    vocabulary,
    with_measures,
)
from networks.layout import with_positions
from workshops.caching import bump_content_version, content_version
from workshops.site import at_root

GRAPH_FILE = "rete/grafo.json"
ACTORS_CSV = "rete/attori.csv"
LINKS_CSV = "rete/legami.csv"
GEXF_FILE = "rete/rete.gexf"
GRAPHML_FILE = "rete/rete.graphml"
# Rows of CSV written at a time: small pieces, never the whole file in memory.
CSV_BATCH = 500
JSON_BATCH = 200


def prepare():
    """The graph with its measures, computed here only; the measures are stored for pages."""
    # The version is read before the database: measures stored under it are at least
    # that new, so a change made meanwhile shows them as old, never as current.
    version = content_version()
    structure = graph_structure()
    stored = measures.last()
    if version is not None and stored is not None and stored.version == version:
        # Measured already for this content (the other group's build, ``build_files`` run
        # twice, or a request with the immediate backend).
        return merge_measures(structure, stored)
    data = with_measures(structure)
    measures.store(data, version)
    return data


def build_graph_json(data, _root, **filters):
    """``/rete/grafo.json``, placed, without filters or with one of the map's (``graph_variants``).

    Written a few actors or links at a time, each localised as it is written, so that no
    second copy of the graph is made; the bytes are those of ``json.dumps`` of the whole.
    """
    graph = with_positions(filter_graph(data, **filters), data)
    terms = vocabulary()
    head = {key: value for key, value in graph.items() if key not in {"nodes", "links"}}
    yield _json(head)[:-1].encode()
    for name, localise_one in (("nodes", localise_node), ("links", localise_link)):
        yield f',"{name}":['.encode()
        separator = ""
        for start in range(0, len(graph[name]), JSON_BATCH):
            batch = graph[name][start : start + JSON_BATCH]
            text = ",".join(_json(localise_one(item, terms)) for item in batch)
            yield (separator + text).encode()
            separator = ","
        yield b"]"
    yield b"}"


def graph_variants(data):
    """The map's filters, one at a time, with every value the published graph has.

    Each is a small closed set (the networks, the kinds, topics and provinces present):
    the task builds a file for each, as the network pages and the map ask for them.
    Several filters at once are a product of these sets, made per request. So are «Anno»
    and «Nuovi legami dal»: each year is most of the graph (1.5 to 2.1 MB of 3.7 on the
    bench network, 18 years each), and building them took the task from 41 s to 195 s.
    """
    nodes, links = data["nodes"], data["links"]
    yield from (("network", slug) for slug in data["network_slugs"])
    yield from (("kind", kind) for kind in sorted({node["kind"] for node in nodes}))
    yield from (("link_kind", kind) for kind in sorted({link["kind"] for link in links}))
    topics = sorted({topic for node in nodes for topic in node["topics"]})
    yield from (("topic", topic) for topic in topics)
    provinces = sorted({node["province"] for node in nodes} - {""})
    yield from (("province", province) for province in provinces)


def _json(value):
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _csv(rows):
    # The byte-order mark lets spreadsheet programs read the accents right.
    yield "\ufeff".encode()
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for number, row in enumerate(rows, 1):
        writer.writerow([exports.spreadsheet_safe(cell) for cell in row])
        if number % CSV_BATCH == 0:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


def _localised_lazily(data):
    """``localise(data)`` for readers that go through each list once: one item at a time."""
    terms = vocabulary()
    return {
        **data,
        "nodes": (localise_node(node, terms) for node in data["nodes"]),
        "links": (localise_link(link, terms) for link in data["links"]),
    }


def build_actors_csv(data, root):
    return _csv(exports.actor_rows(_localised_lazily(data), partial(at_root, root)))


def build_links_csv(data, root):
    return _csv(exports.link_rows(_localised_lazily(data), partial(at_root, root)))


def build_gexf(data, _root):
    return gephi.gexf_bytes(data)


def build_graphml(data, _root):
    return gephi.graphml_bytes(data)


def next_citation(data):
    """When the next scheduled article cited by a link comes out: the files change then."""
    now = timezone.now()
    times = [
        link["article"][2]
        for link in data["links"]
        if link["article"] is not None and link["article"][2] > now
    ]
    return min(times, default=None)


@task()
def rebuild_encounters(session_id):
    """Recompute the encounters of one session from its attendance; the pairs recorded."""
    from networks import services

    recorded = services.encounters_rebuild(session_id=session_id)
    _show_when_over(session_id)
    return recorded


@task()
def show_encounters(session_id):
    """A session is over: its encounters count from now, so the graph and the files move on."""
    bump_content_version()
    builtfiles.schedule_rebuilds()


def _show_when_over(session_id):
    """Encounters of a session still going on count once it ends: nothing is saved then,
    so a deferred task moves the content version (skipped by backends that cannot wait)."""
    from workshops.models import Session

    ends_at = Session.objects.filter(pk=session_id).values_list("ends_at", flat=True).first()
    if ends_at is None or ends_at <= timezone.now():
        return
    if show_encounters.get_backend().supports_defer:
        show_encounters.using(run_after=ends_at).enqueue(session_id)


@task()
def rebuild_network_files(group, version):
    """Rebuild the graph and the exports for content ``version``; nothing when superseded."""
    return builtfiles.run_task(group, version)


GROUP = builtfiles.register(
    builtfiles.Group(
        name="networks",
        prepare=prepare,
        expires=next_citation,
        task=rebuild_network_files,
        files=[
            builtfiles.BuiltFile(
                name=GRAPH_FILE,
                url_name="networks:graph_json",
                builder=build_graph_json,
                variants=graph_variants,
                content_type="application/json; charset=utf-8",
                filename="rete-labimpact.json",
                disposition="inline",
            ),
            builtfiles.BuiltFile(
                name=ACTORS_CSV,
                url_name="networks:export_actors_csv",
                builder=build_actors_csv,
                content_type="text/csv; charset=utf-8",
                filename="attori-labimpact.csv",
            ),
            builtfiles.BuiltFile(
                name=LINKS_CSV,
                url_name="networks:export_links_csv",
                builder=build_links_csv,
                content_type="text/csv; charset=utf-8",
                filename="legami-labimpact.csv",
            ),
            builtfiles.BuiltFile(
                name=GEXF_FILE,
                url_name="networks:export_gexf",
                builder=build_gexf,
                content_type="application/gexf+xml; charset=utf-8",
                filename="rete-labimpact.gexf",
            ),
            builtfiles.BuiltFile(
                name=GRAPHML_FILE,
                url_name="networks:export_graphml",
                builder=build_graphml,
                content_type="application/graphml+xml; charset=utf-8",
                filename="rete-labimpact.graphml",
            ),
        ],
    )
)
