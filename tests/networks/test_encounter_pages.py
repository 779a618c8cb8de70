"""Encounters where the public sees the network: map, measures, exports, actor pages."""

import csv
import datetime as dt
import io
import json

import networkx as nx
import pytest
from django.urls import reverse
from django.utils import timezone

from networks import graph, tasks
from networks import services as network_services
from networks.models import Actor
from tests.factories import ActorFactory, LinkFactory, RegistrationFactory, SessionFactory
from tests.worlds import page_text
from workshops import services as workshop_services
from workshops.registrations.services import check_in

pytestmark = pytest.mark.django_db

PARTICIPANT = "Giovanna Presentissima"
ADDRESS = "giovanna.presentissima@example.org"


def _present(session, *actors):
    for number, actor in enumerate(actors):
        check_in(
            registration=RegistrationFactory(
                session=session,
                actor_id=actor.pk,
                name=f"{PARTICIPANT} {number}",
                email=f"{number}.{ADDRESS}",
            )
        )


@pytest.fixture
def met():
    """Two actors met at two past sessions, a third at one; a private person was there too."""
    anci = ActorFactory(name="ANCI Lombardia", slug="anci-lombardia")
    lodi = ActorFactory(name="Comune di Lodi", slug="comune-di-lodi")
    crema = ActorFactory(name="Cooperativa di Crema", slug="cooperativa-di-crema")
    person = ActorFactory(name="Mario Bianchi", slug="mario-bianchi", kind=Actor.Kind.PERSON)
    LinkFactory(source=anci, target=lodi, document_url="https://example.org/accordo.pdf")
    ago = timezone.now() - dt.timedelta(days=60)
    first = SessionFactory(title="Coprogettare insieme", starts_at=ago)
    second = SessionFactory(title="Le reti locali", starts_at=ago + dt.timedelta(days=7))
    _present(first, anci, lodi, crema, person)
    _present(second, anci, lodi, person)
    return {"anci": anci, "lodi": lodi, "crema": crema, "first": first, "second": second}


def _body(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def _encounters(data):
    return [link for link in data["links"] if link["kind"] == "encounter"]


def test_graph_holds_encounters_weighted_by_sessions(met):
    data = graph.build_graph_data()

    weights = {(link["source"], link["target"]): link["weight"] for link in _encounters(data)}
    a, b, c = (graph.node_id(met[name].pk) for name in ("anci", "lodi", "crema"))
    assert weights == {(a, b): 2, (a, c): 1, (b, c): 1}
    assert data["encounters"] == 3


def test_measures_of_documented_links_leave_encounters_out(met):
    data = graph.build_graph_data()
    nodes = {node["id"]: node for node in data["nodes"]}
    crema = nodes[graph.node_id(met["crema"].pk)]
    anci = nodes[graph.node_id(met["anci"].pk)]

    # Crema has no documented link: met, but not linked, and a component of its own.
    assert crema["degree"] == 0
    assert crema["met"] == 2
    assert crema["met_sessions"] == 2
    assert anci["degree"] == 1
    assert anci["met"] == 2
    assert anci["met_sessions"] == 3
    assert data["components"] == 3  # anci–lodi, crema, the private person


def test_graph_json_shows_the_kind_and_its_sessions(client, met):
    body = client.get(reverse("networks:graph_json"))
    graph_json = json.loads(_body(body))

    (strong,) = [link for link in graph_json["links"] if link.get("weight") == 2]
    assert strong["kind"] == "encounter"
    assert strong["kind_label"] == "Incontro ai laboratori"
    assert [session["url"] for session in strong["sessions"]] == [
        met["first"].get_absolute_url(),
        met["second"].get_absolute_url(),
    ]
    assert graph_json["graph"]["encounter_links"] == 3


def test_map_filters_by_the_new_kind(client, met):
    url = reverse("networks:graph_json") + "?link_kind=encounter"
    graph_json = json.loads(client.get(url).content)

    assert {link["kind"] for link in graph_json["links"]} == {"encounter"}
    assert len(graph_json["links"]) == 3


def test_map_page_lists_encounters_with_their_sessions(client, met):
    text = page_text(client.get(reverse("networks:map")))

    assert "Incontro ai laboratori" in text
    assert "in 2 giornate:" in text
    assert met["second"].get_absolute_url() in text
    assert "2 attori incontrati ai laboratori" in text


def test_links_csv_has_the_kind_weight_and_sessions(client, met):
    response = client.get(reverse("networks:export_links_csv"))
    text = _body(response).decode("utf-8-sig")
    rows = [row for row in csv.DictReader(io.StringIO(text)) if row["tipo"] == "encounter"]

    assert len(rows) == 3
    strong = next(row for row in rows if row["peso"] == "2")
    assert strong["tipo_descrizione"] == "Incontro ai laboratori"
    assert strong["giornate"].count("; ") == 1
    assert "Le reti locali" in strong["giornate"]
    assert strong["giornate_url"].startswith("http://testserver/")


def test_actors_csv_counts_who_each_met(client, met):
    response = client.get(reverse("networks:export_actors_csv"))
    text = _body(response).decode("utf-8-sig")
    rows = {row["nome"]: row for row in csv.DictReader(io.StringIO(text))}

    assert rows["ANCI Lombardia"]["incontrati_ai_laboratori"] == "2"
    assert rows["ANCI Lombardia"]["incontri_ai_laboratori"] == "3"


@pytest.mark.parametrize(
    ("name", "read"),
    [("networks:export_gexf", nx.read_gexf), ("networks:export_graphml", nx.read_graphml)],
)
def test_gephi_files_carry_encounters_with_their_weight(client, met, name, read):
    response = client.get(reverse(name))
    network = read(io.BytesIO(_body(response)))

    encounters = [
        attributes
        for _, _, attributes in network.edges(data=True)
        if attributes["kind"] == "encounter"
    ]
    assert sorted(int(attributes["weight"]) for attributes in encounters) == [1, 1, 2]
    assert any("Le reti locali" in attributes["sessions"] for attributes in encounters)


def test_actor_page_says_whom_it_met_and_where(client, met):
    text = page_text(client.get(met["anci"].get_absolute_url()))

    assert "Chi ha incontrato ai laboratori" in text
    assert "si sono incontrati in 2 giornate:" in text
    assert f'href="{met["lodi"].get_absolute_url()}"' in text
    assert f'href="{met["second"].get_absolute_url()}"' in text
    assert "si sono incontrati in 1 giornata:" in text


def test_withdrawn_session_leaves_pages_and_exports(client, met):
    workshop_services.withdraw(met["second"])

    page = page_text(client.get(met["anci"].get_absolute_url()))
    graph_json = json.loads(
        client.get(reverse("networks:graph_json") + "?link_kind=encounter").content
    )

    assert "si sono incontrati in 2 giornate" not in page
    assert "Le reti locali" not in page
    assert sorted(link["weight"] for link in graph_json["links"]) == [1, 1, 1]


def test_no_participant_name_nor_private_person_anywhere(client, met):
    pages = [
        reverse("networks:overview"),
        reverse("networks:map"),
        reverse("networks:graph_json"),
        reverse("networks:export_actors_csv"),
        reverse("networks:export_links_csv"),
        reverse("networks:export_gexf"),
        reverse("networks:export_graphml"),
        met["anci"].get_absolute_url(),
        met["first"].get_absolute_url(),
    ]
    for url in pages:
        text = _body(client.get(url)).decode("utf-8-sig")
        for secret in (PARTICIPANT, ADDRESS, "Mario Bianchi", "Presentissima"):
            assert secret not in text, (url, secret)


def test_built_files_carry_encounters(met):
    data = graph.build_graph_data()

    built = json.loads(b"".join(tasks.build_graph_json(data, "")))
    links_csv = b"".join(tasks.build_links_csv(data, "https://example.org")).decode("utf-8-sig")

    assert sum(1 for link in built["links"] if link["kind"] == "encounter") == 3
    assert links_csv.count("Incontro ai laboratori") == 3


def test_api_lists_encounters_with_weight_and_sessions(client, met):
    results = client.get(reverse("api:encounter_list")).json()["results"]

    strong = next(item for item in results if item["weight"] == 2)
    assert {strong["source"], strong["target"]} == {met["anci"].pk, met["lodi"].pk}
    assert strong["source"] < strong["target"]
    assert strong["kind"] == "encounter"
    assert strong["sessions"] == [
        "http://testserver" + met["first"].get_absolute_url(),
        "http://testserver" + met["second"].get_absolute_url(),
    ]
    assert len(results) == 3


def _encounters_since(client, moment):
    since = moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    response = client.get(reverse("api:encounter_list"), {"updated_since": since})
    assert response.status_code == 200
    return {(item["source"], item["target"]): item for item in response.json()["results"]}


def test_api_updated_since_hears_of_a_weight_changed_by_a_withdrawal(client, met):
    before = timezone.now()
    assert _encounters_since(client, before) == {}

    workshop_services.withdraw(met["second"])

    changed = _encounters_since(client, before)
    pair = tuple(sorted((met["anci"].pk, met["lodi"].pk)))
    assert set(changed) == {pair}
    assert changed[pair]["weight"] == 1
    assert dt.datetime.fromisoformat(changed[pair]["updated_at"]) >= before


def test_api_updated_since_hears_of_an_encounter_a_republished_actor_brings_back(client, met):
    network_services.actor_withdraw(actor=met["crema"])
    before = timezone.now()

    network_services.actor_publish(actor=met["crema"])

    changed = _encounters_since(client, before)
    assert {met["crema"].pk} <= {end for pair in changed for end in pair}
