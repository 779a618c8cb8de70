"""Each network page costs the same fixed number of queries with 1 and with 3 actors (N+1 guard).

As in pretalx, the count is written down, so that a ``select_related`` or
``prefetch_related`` dropped from a view fails even at one item. The page is rendered by
its view (the page cache is off in the test settings) and on a cold graph cache: the
measures are computed within the count, so the graph's own queries are guarded too. The
world's actors met at past sessions: encounters cost the graph two queries (the pairs and
their sessions) and the actor page two more, at any number of them.
Each test checks that the page shows the actors or networks counted and no draft.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.cache import cache
from django.urls import reverse

from tests.worlds import NETWORK_DRAFTS, WORKSHOP_DRAFTS, networks_world, page_text
from workshops.site import site_settings

pytestmark = pytest.mark.django_db


@dataclass
class Page:
    url: Callable
    queries: int
    shows: Callable


def _names(*keys):
    return lambda world: [item.name for key in keys for item in world[key]]


def _titles(key):
    return lambda world: [item.title for item in world[key]]


def _both(*shows):
    return lambda world: [text for show in shows for text in show(world)]


def _url(name, key=None, query=""):
    if key is None:
        return lambda world: reverse(name) + query
    return lambda world: reverse(name, kwargs={"slug": world[key].slug}) + query


PAGES = {
    "overview": Page(_url("networks:overview"), 8, _names("actors", "networks")),
    "overview_ordered": Page(
        _url("networks:overview", query="?ordina=intermediazione"),
        8,
        _names("actors", "networks"),
    ),
    "actor_list": Page(_url("networks:actor_list"), 5, _names("actors")),
    "actor_list_filtered": Page(
        lambda world: (
            reverse("networks:actor_list")
            + f"?topic={world['topic'].slug}&network={world['network'].slug}&q=visibile"
            + "&kind=third_sector&province=LO"
        ),
        7,
        _names("actors"),
    ),
    "actor_detail": Page(
        _url("networks:actor_detail", "actor"),
        15,
        _both(
            _names("actors", "networks"),
            _titles("articles"),
            _titles("sessions"),
            # «Chi ha incontrato ai laboratori»: the sessions where its people met.
            _titles("past_sessions"),
        ),
    ),
    "network_list": Page(_url("networks:network_list"), 3, _names("networks", "actors")),
    "network_detail": Page(_url("networks:network_detail", "network"), 10, _names("actors")),
    "map": Page(_url("networks:map"), 9, _names("actors")),
    "map_filtered": Page(
        lambda world: reverse("networks:map") + f"?year=2019&network={world['network'].slug}",
        10,
        _names("actors"),
    ),
    # «Nuovi legami dal»: the same graph, filtered in memory.
    "map_new_since": Page(_url("networks:map", query="?new_since=2019"), 9, _names("actors")),
    "graph_json": Page(_url("networks:graph_json"), 7, _names("actors")),
    "graph_json_new_since": Page(
        _url("networks:graph_json", query="?new_since=2019&year=2020"), 7, _names("actors")
    ),
    "export_actors_csv": Page(_url("networks:export_actors_csv"), 7, _names("actors")),
    "export_links_csv": Page(
        _url("networks:export_links_csv"), 7, _both(_names("actors"), _titles("articles"))
    ),
    "export_gexf": Page(_url("networks:export_gexf"), 7, _names("actors")),
    "export_graphml": Page(_url("networks:export_graphml"), 7, _names("actors")),
    # Workshops pages that show actors (the networks app's template tags).
    "topic_detail": Page(_url("workshops:topic_detail", "topic"), 10, _names("actors")),
    # «Citato in» on the speaker's page and «Persone citate» on the article's cost one
    # query each; the organisation's link reuses the actors the block reads.
    "speaker_detail": Page(_url("workshops:speaker_detail", "speaker"), 5, _names("actors")),
    "article_detail": Page(
        # The people the article names, the author's speaker page for the JSON-LD, its
        # workshops and its sessions, the glossary's acronyms (then cached).
        lambda world: world["articles"][0].get_absolute_url(),
        9,
        _names("actors"),
    ),
}


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize("name", PAGES)
def test_page_query_count_is_fixed_and_page_shows_items_without_drafts(
    client, django_assert_num_queries, name, item_count
):
    page = PAGES[name]
    world = networks_world(item_count)
    url = page.url(world)
    cache.clear()  # the graph and its measures are computed within the count
    site_settings()  # read once and kept in the cache (tests/workshops/test_queries.py)

    with django_assert_num_queries(page.queries):
        response = client.get(url)

    assert response.status_code == 200, url
    assert "X-Cache" not in response, "measured a page-cache hit, not the view"
    text = page_text(response)
    shown = page.shows(world)
    assert len(shown) >= item_count
    for expected in shown:
        assert expected in text, (url, expected)
    for draft in [*NETWORK_DRAFTS, *WORKSHOP_DRAFTS]:
        assert draft not in text, (url, draft)


def test_graph_measures_are_computed_once_per_change(client, django_assert_num_queries):
    networks_world(3)
    client.get(reverse("networks:map"))

    # From then on a graph page costs no query: the graph and the rendered filter form
    # (whose choices were the last 2 queries) are cached under the content version, which
    # lives in the cache, not in the database.
    with django_assert_num_queries(0):
        response = client.get(reverse("networks:map"))

    assert "Ente visibile 2" in page_text(response)
