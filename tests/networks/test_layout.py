"""The actors' places on the map, computed once per build (networks/layout.py)."""

import math
import random

import pytest

from networks import layout


def preferential_network(actors=150, links=400, seed=7):
    """A network shaped like the sample's: a few hubs, many actors with a handful of links."""
    rng = random.Random(seed)
    weights = [1.0] * actors
    pairs = set()
    while len(pairs) < links:
        source, target = rng.choices(range(actors), weights=weights, k=2)
        if source != target:
            pairs.add((source, target))
            weights[source] += 0.6
            weights[target] += 0.6
    return [f"a{n}" for n in range(actors)], sorted((f"a{a}", f"a{b}") for a, b in pairs)


def test_force_layout_is_in_the_unit_square_and_the_same_every_run():
    nodes, edges = preferential_network()

    places = layout.force_layout(nodes, edges)

    assert set(places) == set(nodes)
    assert places == layout.force_layout(nodes, edges)
    xs = [x for x, _ in places.values()]
    ys = [y for _, y in places.values()]
    assert 0 <= min(xs) <= max(xs) <= 1
    assert 0 <= min(ys) <= max(ys) <= 1
    # Stretched to fill the square along its longer side.
    assert max(max(xs) - min(xs), max(ys) - min(ys)) == pytest.approx(1, abs=1e-3)


def test_force_layout_puts_linked_actors_closer_than_the_rest():
    nodes, edges = preferential_network()

    places = layout.force_layout(nodes, edges)

    linked = [math.dist(places[a], places[b]) for a, b in edges]
    every_pair = [
        math.dist(places[a], places[b]) for index, a in enumerate(nodes) for b in nodes[index + 1 :]
    ]
    assert sum(linked) / len(linked) < 0.5 * sum(every_pair) / len(every_pair)


def test_force_layout_leaves_no_two_actors_on_one_spot():
    nodes, edges = preferential_network()

    places = layout.force_layout(nodes, edges)

    nearest = min(
        math.dist(places[a], places[b]) for index, a in enumerate(nodes) for b in nodes[index + 1 :]
    )
    # A hundredth of the map: on a 600-pixel canvas the centres are 6 pixels apart at least.
    assert nearest > 0.01


def test_force_layout_of_one_or_no_actor():
    assert layout.force_layout([], []) == {}
    assert layout.force_layout(["a1"], [("a1", "a1")]) == {"a1": (0.5, 0.5)}


def test_force_layout_of_actors_with_no_links_spreads_them():
    nodes = [f"a{n}" for n in range(20)]

    places = layout.force_layout(nodes, [])

    assert len(set(places.values())) == 20
