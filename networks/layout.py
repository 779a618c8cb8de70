"""Where each actor sits on the map: a force-directed layout computed once per build.

A phone took about three seconds of blocked main thread to run cytoscape's force layout
on the sample's 150 actors; the positions are now computed with the measures and
published in ``grafo.json``, and the browser only places the nodes (cytoscape's preset).

The method is Fruchterman and Reingold's, with their grid variant: linked actors attract,
actors closer than ``REPULSION_RANGE`` ideal lengths repel, a weak pull towards the centre
keeps the groups that are linked to no one else in view. It is written in plain Python
rather than with networkx's layouts, which need numpy (and scipy from 500 actors) and hold
arrays of every pair of actors (61 MiB for the differences alone at 2,000 actors). A seeded
generator and a fixed order of sums give the same places on every run, so two builds of the
same content give the same bytes.
"""

import math
import random

from workshops.caching import cached_for_content

# Any fixed number: the same content must give the same map, build after build.
SEED = 2020
# Beyond this many ideal lengths two actors no longer repel (the grid variant): the work per
# step grows with the actors, not with their pairs.
REPULSION_RANGE = 2.0
# How strongly every actor is pulled towards the centre, relative to the links' pull.
GRAVITY = 0.2
# Steps of the simulation: more for a small network, fewer when each step costs more.
MAX_STEPS = 300
STEP_BUDGET = 48_000
DIGITS = 4
# A larger network keeps the map's rings by degree (drawn by the browser without a
# simulation): 2,000 actors took 28 s on the loaded two-core machine, 600 took 5 s.
LAYOUT_NODE_LIMIT = 500
# Positions depend only on content: kept as long as the graph's measures, under a new key
# after any change.
CACHE_KEY = "networks:positions:1"
CACHE_SECONDS = 6 * 60 * 60


def map_positions(data):
    """{node id: (x, y)} for every actor of ``graph_data()``; empty above the size limit.

    The background task computes them with the measures and stores them with them
    (``networks/measures.py``): a request reads them from ``data``, never lays out.
    """
    if "positions" in data:
        return data["positions"]
    return cached_for_content(CACHE_KEY, lambda: compute_positions(data), timeout=CACHE_SECONDS)


def compute_positions(data):
    if len(data["nodes"]) > LAYOUT_NODE_LIMIT:
        return {}
    return force_layout(
        [node["id"] for node in data["nodes"]],
        [(link["source"], link["target"]) for link in data["links"]],
    )


def with_positions(graph, data):
    """``graph`` (from ``filter_graph(data)``) with each actor's place as ``x`` and ``y``.

    A filtered graph keeps the places of the whole network: an actor stays where it is
    whichever year or kind is chosen.
    """
    positions = map_positions(data)
    if not positions:
        return graph
    nodes = []
    for node in graph["nodes"]:
        if node["id"] in positions:
            x, y = positions[node["id"]]
            node = {**node, "x": x, "y": y}
        nodes.append(node)
    return {**graph, "nodes": nodes}


def force_layout(node_ids, edges, seed=SEED):
    """{node id: (x, y)} with both coordinates in [0, 1], the same scale on both axes.

    ``edges`` are (source, target) pairs; their direction, repetitions and loops are
    ignored. The result depends only on the nodes and edges in the order given and ``seed``.
    """
    count = len(node_ids)
    if count == 0:
        return {}
    if count == 1:
        return {node_ids[0]: (0.5, 0.5)}
    index = {node: number for number, node in enumerate(node_ids)}
    pairs = sorted(
        {
            (min(index[a], index[b]), max(index[a], index[b]))
            for a, b in edges
            if a in index and b in index and a != b
        }
    )
    rng = random.Random(seed)
    # Ideal length 1: the actors spread over a disc of about their number in area.
    side = math.sqrt(count)
    xs = [rng.uniform(-side / 2, side / 2) for _ in range(count)]
    ys = [rng.uniform(-side / 2, side / 2) for _ in range(count)]
    steps = min(MAX_STEPS, STEP_BUDGET // count)
    start_temperature = side / 10
    reach = REPULSION_RANGE
    reach_squared = reach * reach
    for step in range(steps):
        dx = [0.0] * count
        dy = [0.0] * count
        grid = {}
        for node in range(count):
            cell = (math.floor(xs[node] / reach), math.floor(ys[node] / reach))
            grid.setdefault(cell, []).append(node)
        for (cell_x, cell_y), members in grid.items():
            neighbours = [
                other
                for offset_x in (-1, 0, 1)
                for offset_y in (-1, 0, 1)
                for other in grid.get((cell_x + offset_x, cell_y + offset_y), ())
            ]
            for node in members:
                x, y = xs[node], ys[node]
                for other in neighbours:
                    if other <= node:
                        continue
                    delta_x = x - xs[other]
                    delta_y = y - ys[other]
                    distance_squared = delta_x * delta_x + delta_y * delta_y
                    if distance_squared >= reach_squared:
                        continue
                    if distance_squared < 1e-9:
                        # Two actors on one spot: pushed apart in a direction of their own.
                        angle = (node * 7 + other * 13) % 360 * math.pi / 180
                        delta_x, delta_y = 1e-3 * math.cos(angle), 1e-3 * math.sin(angle)
                        distance_squared = 1e-6
                    # Repulsion k²/d along the unit vector: delta / d².
                    force = 1.0 / distance_squared
                    dx[node] += delta_x * force
                    dy[node] += delta_y * force
                    dx[other] -= delta_x * force
                    dy[other] -= delta_y * force
        for a, b in pairs:
            delta_x = xs[a] - xs[b]
            delta_y = ys[a] - ys[b]
            # Attraction d²/k along the unit vector: delta × d.
            distance = math.sqrt(delta_x * delta_x + delta_y * delta_y)
            dx[a] -= delta_x * distance
            dy[a] -= delta_y * distance
            dx[b] += delta_x * distance
            dy[b] += delta_y * distance
        temperature = start_temperature * (1 - step / steps)
        for node in range(count):
            move_x = dx[node] - GRAVITY * xs[node]
            move_y = dy[node] - GRAVITY * ys[node]
            length = math.sqrt(move_x * move_x + move_y * move_y)
            if length > temperature:
                move_x *= temperature / length
                move_y *= temperature / length
            xs[node] += move_x
            ys[node] += move_y
    return _normalised(node_ids, xs, ys)


def _normalised(node_ids, xs, ys):
    left, top = min(xs), min(ys)
    extent = max(max(xs) - left, max(ys) - top) or 1.0
    # Centred on the shorter axis, so that a wide network sits in the middle of the square.
    shift_x = (extent - (max(xs) - left)) / 2
    shift_y = (extent - (max(ys) - top)) / 2
    return {
        node: (
            round((x - left + shift_x) / extent, DIGITS),
            round((y - top + shift_y) / extent, DIGITS),
        )
        for node, x, y in zip(node_ids, xs, ys, strict=True)
    }
