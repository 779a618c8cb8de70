"""The network measures as the background task last computed them, for pages to read.

Betweenness takes seconds on a large network, so only the task that builds the network's
files computes the measures (``networks/tasks.py``); it stores them through the storage
API, beside the built files, as a small JSON file keyed by actor: every app server reads
the same file, and pages still have it when the shared cache (Redis) is down. A request
never computes them: it shows the last measures stored, and before the first build the
pages say that the measures are being computed.

The file holds numbers only, no names: a page takes who is published, and what they are
called, from the database of now, so a withdrawn actor never shows because the measures
are older than the withdrawal.
"""

import hashlib
import json
from dataclasses import dataclass

from django.core.cache import cache

from labimpact import builtfiles
from workshops.caching import content_version

POINTER = f"{builtfiles.ROOT}/rete/misure.json"
# Holds the hash of the measures last stored, for pages rendered before they were: a page
# cached with older measures is a miss once newer ones are there (``cache_depends``).
CACHE_KEY = "networks:measures:stored"
NOT_BUILT = "none"
# The per-node figures, in the order they are stored in (lists are half the size of dicts).
NODE_FIELDS = ("degree", "betweenness", "component")


@dataclass(frozen=True)
class Measures:
    """What one build measured: per node, per network, and for the whole network."""

    nodes: dict
    # {node id: [x, y]} of the map's layout (``networks/layout.py``), computed with them.
    positions: dict
    networks: dict
    components: int
    density: float
    sampled: bool
    version: int | None
    hash: str

    def of_node(self, node_id):
        """The node's degree, betweenness and component, or None when it was not measured."""
        figures = self.nodes.get(node_id)
        return None if figures is None else dict(zip(NODE_FIELDS, figures, strict=True))

    @property
    def is_current(self):
        """Whether these are the measures of the content of now (unknown with the cache down)."""
        version = content_version()
        return version is None or version == self.version


def store(graph, version):
    """Store the measures of ``graph`` (``build_graph_data``'s form) under content ``version``.

    The body goes under a name holding its hash, then a small pointer to it is replaced
    in one step: a reader gets the old measures or the new, never half.
    """
    body = json.dumps(
        {
            "nodes": {
                node["id"]: [node[field] for field in NODE_FIELDS] for node in graph["nodes"]
            },
            "positions": {node: list(place) for node, place in graph["positions"].items()},
            "networks": graph["networks"],
            "components": graph["components"],
            "density": graph["density"],
            "sampled": graph["sampled"],
        },
        separators=(",", ":"),
        sort_keys=True,
    ).encode()
    tag = hashlib.sha256(body).hexdigest()[:20]
    path = f"{builtfiles.ROOT}/rete/misure.{tag}.json"
    store_ = builtfiles.storage()
    if not store_.exists(path):
        builtfiles.replace(path, body)
    previous = _read_pointer()
    older, gone = [], []
    if previous is not None:
        if previous["path"] == path:
            older = previous.get("older", [])
        else:
            # A reader that read the previous pointer a moment ago may still open its
            # body: it stays until the next build, the one before it goes now.
            older, gone = [previous["path"]], previous.get("older", [])
    pointer = {"path": path, "hash": tag, "version": version, "older": older}
    builtfiles.replace(POINTER, json.dumps(pointer).encode())
    for old in gone:
        if old != path:
            store_.delete(old)
    cache.set(CACHE_KEY, tag, None)
    return tag


def _read_pointer():
    try:
        with builtfiles.storage().open(POINTER, "rb") as pointer:
            return json.loads(pointer.read())
    except (FileNotFoundError, OSError, ValueError):
        return None


# The measures last read by this process, by hash: a page reads the small pointer, and
# parses the body only when a build has replaced it.
_last_read = {}


def last():
    """The measures of the last build, or None before the first one."""
    pointer = _read_pointer()
    if pointer is None:
        return None
    found = _last_read.get(pointer["hash"])
    if found is None:
        try:
            with builtfiles.storage().open(pointer["path"], "rb") as body:
                data = json.loads(body.read())
        except (FileNotFoundError, OSError, ValueError):
            return None
        found = Measures(
            nodes=data["nodes"],
            positions=data.get("positions", {}),
            networks=data["networks"],
            components=data["components"],
            density=data["density"],
            sampled=data["sampled"],
            version=None,
            hash=pointer["hash"],
        )
        _last_read.clear()
        _last_read[pointer["hash"]] = found
    # The same numbers may be stored again for a newer version (a change elsewhere).
    return Measures(**{**found.__dict__, "version": pointer.get("version")})


def for_request(compute, stored=None):
    """The measures a page shows: the last stored (``stored``, when the page has just read
    them with ``last()``), or None before the first build.

    When they are older than the content, the task is asked to measure again. With the
    immediate task backend (the tests, ``TASKS_BACKEND=immediate``) there is no worker
    to ask: ``compute()`` (the graph with its measures) runs here and is stored, as that
    backend runs every task where it is queued.
    """
    measures = stored if stored is not None else last()
    if measures is not None and measures.is_current:
        return measures
    group = builtfiles.GROUPS.get("networks")
    if group is None:
        return measures
    if builtfiles.runs_immediately(group):
        version = content_version()
        store(compute(), version)
        return last()
    builtfiles.request_rebuild(group)
    return measures


def page_depends(measures):
    """``response.cache_depends`` for a page showing ``measures``, or None.

    A page shown with measures older than the content (or with none yet) is stored by the
    page cache only until the task stores the new ones; a page with current ones needs
    nothing more, since any change makes a new content version anyway.
    """
    if measures is not None and measures.is_current:
        return None
    tag = measures.hash if measures is not None else NOT_BUILT
    # Lost from the cache (a restart): what storage holds is the truth to depend on.
    cache.add(CACHE_KEY, tag, None)
    return {CACHE_KEY: tag}
