"""Every count on the network's pages and admin agrees with its number, at 0, 1 and 2, in both
languages: «1 gruppo non collegato ad altri», «2 gruppi non collegati tra loro»."""

import re

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from networks.summaries import describe_density
from tests.factories import ActorFactory, LinkFactory, NetworkFactory

pytestmark = pytest.mark.django_db

OVERVIEW = {
    "it": {
        0: ["0 attori", "0 legami", "0 reti", "0 gruppi non collegati tra loro"],
        1: ["1 attore", "1 legame", "1 rete", "1 gruppo non collegato ad altri"],
        2: ["2 attori", "2 legami", "2 reti", "2 gruppi non collegati tra loro"],
    },
    "en": {
        0: ["0 actors", "0 links", "0 networks", "0 groups not linked to one another"],
        1: ["1 actor", "1 link", "1 network", "1 group not linked to others"],
        2: ["2 actors", "2 links", "2 networks", "2 groups not linked to one another"],
    },
}
# The map with ``count`` isolated actors, then with a hub and ``count`` undocumented links.
MAP_ACTORS = {
    "it": {
        n: f"{n} {w} e 0 legami corrispondono ai filtri."
        for n, w in enumerate(["attori", "attore", "attori"])
    },
    "en": {
        n: f"{n} {w} and 0 links match the filters."
        for n, w in enumerate(["actors", "actor", "actors"])
    },
}
MAP_LINKS = {
    "it": {
        0: "0 attori e 0 legami corrispondono ai filtri.",
        1: "2 attori e 1 legame corrispondono ai filtri. 1 legame è da documentare",
        2: "3 attori e 2 legami corrispondono ai filtri. 2 legami sono da documentare",
    },
    "en": {
        0: "0 actors and 0 links match the filters.",
        1: "2 actors and 1 link match the filters. 1 link is to be documented",
        2: "3 actors and 2 links match the filters. 2 links are to be documented",
    },
}
ADMIN = {
    0: "Tutti i legami indicano la loro fonte.",
    1: "1 legame da documentare: manca la fonte.",
    2: "2 legami da documentare: manca la fonte.",
}


def _text(response):
    return re.sub(r"\s+", " ", strip_tags(response.content.decode()))


def _prefix(language):
    return "" if language == "it" else "/en"


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("count", [0, 1, 2])
def test_actor_network_and_group_counts_agree_with_their_number(client, language, count):
    # ``count`` actors with no link: as many groups not linked to one another.
    for _ in range(count):
        ActorFactory()
        NetworkFactory()

    overview = _text(client.get(f"{_prefix(language)}/rete/"))
    map_text = _text(client.get(f"{_prefix(language)}/rete/mappa/"))

    for index, phrase in enumerate(OVERVIEW[language][count]):
        if index != 1:  # the links: 0 here, counted below
            assert phrase in overview, phrase
    assert OVERVIEW[language][0][1] in overview
    assert MAP_ACTORS[language][count] in map_text


@pytest.mark.parametrize("language", ["it", "en"])
@pytest.mark.parametrize("count", [0, 1, 2])
def test_link_counts_agree_with_their_number(client, language, count):
    # ``count`` undocumented links from one hub: the «da documentare» count shows too.
    hub = ActorFactory() if count else None
    for _ in range(count):
        LinkFactory(source=hub, target=ActorFactory())

    overview = _text(client.get(f"{_prefix(language)}/rete/"))
    map_text = _text(client.get(f"{_prefix(language)}/rete/mappa/"))

    assert OVERVIEW[language][count][1] in overview
    assert MAP_LINKS[language][count] in map_text


@pytest.mark.parametrize("count", [0, 1, 2])
def test_admin_count_of_links_to_document_agrees_with_its_number(editor_client, count):
    for _ in range(count):
        LinkFactory()

    text = _text(editor_client.get(reverse("admin:networks_link_changelist")))

    assert ADMIN[count] in text


def test_density_sentence_at_zero_one_and_two_actors():
    assert describe_density(0, 0).startswith("Con meno di due attori")
    assert describe_density(0, 1).startswith("Con meno di due attori")
    assert describe_density(0, 2) == (
        "Tra 2 attori c'è 1 coppia possibile. Nessuna è legata direttamente."
    )
    assert describe_density(1, 2) == (
        "Tra 2 attori c'è 1 coppia possibile. Ne sono legate direttamente circa 100 su 100."
    )
    assert describe_density(0.01, 3) == (
        "Tra 3 attori le coppie possibili sono 3. Ne è legata direttamente circa 1 su 100."
    )
    assert describe_density(0.004, 164) == (
        "Tra 164 attori le coppie possibili sono 13.366. "
        "Ne è legata direttamente meno di una su 100."
    )
