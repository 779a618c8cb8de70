"""Each API list costs the same fixed number of queries with 1 and with 3 items (N+1 guard).

The counts are written down, as for the pages (tests/networks/test_queries.py): a
``select_related`` or ``prefetch_related`` dropped from an endpoint fails even at one
item. Each list is asked for the whole world at once (page_size=100) and must show the
items counted and none of the drafts beside them.
"""

from dataclasses import dataclass

import pytest
from django.urls import reverse

from tests.worlds import NETWORK_DRAFTS, WORKSHOP_DRAFTS, networks_world
from workshops.site import site_settings

pytestmark = pytest.mark.django_db


@dataclass
class Endpoint:
    queries: int
    key: str
    field: str
    query: str = ""


ENDPOINTS = {
    # The count, the page, and one query per relation each item shows.
    "workshop_list": Endpoint(3, "workshops", "title"),
    "session_list": Endpoint(4, "sessions", "title"),
    "speaker_list": Endpoint(2, "speakers", "last_name"),
    "topic_list": Endpoint(2, "topics", "name"),
    "article_list": Endpoint(5, "articles", "title"),
    "article_list_with_body": Endpoint(5, "articles", "title", "&include=body"),
    "article_list_filtered": Endpoint(
        5, "articles", "title", "&workshop=lab-fisso&topic=tema-fisso&year={year}"
    ),
    "session_list_filtered": Endpoint(
        4, "sessions", "title", "&workshop=lab-fisso&topic=tema-fisso"
    ),
    "speaker_list_filtered": Endpoint(2, "speakers", "last_name", "&workshop=lab-fisso"),
    "actor_list": Endpoint(3, "actors", "name"),
    "network_list": Endpoint(4, "networks", "name"),
    "link_list": Endpoint(2, "actors", "name", "&year=2020"),
    # The count, the page, the sessions of the page's encounters (their addresses).
    "encounter_list": Endpoint(3, "past_sessions", "slug"),
}


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize("name", ENDPOINTS)
def test_api_list_query_count_is_fixed_and_shows_items_without_drafts(
    client, django_assert_num_queries, name, item_count
):
    endpoint = ENDPOINTS[name]
    world = networks_world(item_count)
    url_name = name.removesuffix("_with_body").removesuffix("_filtered")
    year = world["articles"][0].published_at.year
    url = reverse(f"api:{url_name}") + "?page_size=100" + endpoint.query.format(year=year)
    site_settings()  # read once and kept in the cache, as on every page

    with django_assert_num_queries(endpoint.queries):
        response = client.get(url)

    assert response.status_code == 200, url
    text = response.content.decode()
    if url_name == "link_list":
        # Links name actors by id: each visible actor is at one end of a link.
        ids = {
            end for link in response.json()["results"] for end in (link["source"], link["target"])
        }
        assert {actor.pk for actor in world["actors"]} <= ids
    else:
        shown = [getattr(item, endpoint.field) for item in world[endpoint.key]]
        assert len(shown) == item_count
        for expected in shown:
            assert expected in text, (url, expected)
    for draft in [*NETWORK_DRAFTS, *WORKSHOP_DRAFTS]:
        assert draft not in text, (url, draft)


def test_not_modified_answer_costs_no_query(client, django_assert_num_queries):
    networks_world(3)
    url = reverse("api:article_list")
    etag = client.get(url)["ETag"]

    with django_assert_num_queries(0):
        response = client.get(url, headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response["ETag"] == etag
    assert response.content == b""
