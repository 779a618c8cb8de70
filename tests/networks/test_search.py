"""Actors in the site search, by any of their spellings (NetworksConfig.search_groups)."""

import html

import pytest

from networks.models import Actor
from tests.factories import ActorFactory
from tests.worlds import page_text

pytestmark = pytest.mark.django_db


def _search(client, query, prefix=""):
    """The text of the results (after the search box, before the footer), unescaped."""
    text = page_text(client.get(f"{prefix}/cerca/", {"q": query}))
    return html.unescape(text.split('class="lead"', 1)[1].split("</main>", 1)[0])


@pytest.mark.parametrize("query", ["AnciLab", "ANCILab", "Anci Lab", "anci-lab", "ancilab"])
def test_site_search_finds_an_actor_by_any_spelling(client, query):
    ActorFactory(name="AnciLab", aliases="ANCILab\nAnci Lab", municipality="Milano")
    ActorFactory(name="Anci Servizi")

    text = _search(client, query)

    assert "AnciLab" in text
    assert "Anci Servizi" not in text
    assert "1 attore" in text


def test_site_search_finds_an_actor_by_a_former_name(client):
    ActorFactory(name="Progetto SAI di Lodi", aliases="SIPROIMI Lodi")

    assert "Progetto SAI di Lodi" in _search(client, "siproimi")


def test_site_search_never_shows_unpublished_actors_or_private_persons(client):
    ActorFactory(name="Cooperativa Nascosta", is_published=False)
    ActorFactory(name="Mario Nascosta", kind=Actor.Kind.PERSON)

    text = _search(client, "nascosta")

    assert "Cooperativa Nascosta" not in text
    assert "Mario Nascosta" not in text
    assert "attore" not in text


def test_site_search_links_to_the_actor_page(client):
    actor = ActorFactory(name="In-deep")

    content = client.get("/cerca/", {"q": "indeep"}).content.decode()

    assert f'href="{actor.get_absolute_url()}"' in content
