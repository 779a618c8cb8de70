"""/dati/: the licence, the ZIP of CSV files with its Frictionless description, DCAT-AP_IT."""

import io
import json
import zipfile

import pytest
from django.urls import reverse
from frictionless import validate
from rdflib import Graph, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF

from labimpact.opendata.catalog import DCATAPIT, VCARD
from labimpact.opendata.checks import check_publisher_id
from tests.worlds import NETWORK_DRAFTS, WORKSHOP_DRAFTS, networks_world
from workshops.licence import LICENSE_URL
from workshops.site import site_settings

pytestmark = pytest.mark.django_db

LICENSE_LINK = f'<{LICENSE_URL}>; rel="license"'
TABLES = [
    "workshops",
    "sessions",
    "speakers",
    "topics",
    "articles",
    "actors",
    "networks",
    "links",
    "encounters",
]

# The DCAT-AP_IT properties each class must have (the profile's mandatory ones, and the
# contact point and rights holder that the Italian profile adds to DCAT-AP's dataset).
MANDATORY = {
    DCATAPIT.Catalog: [DCTERMS.title, DCTERMS.description, DCTERMS.publisher, DCTERMS.modified,
                       DCAT.dataset],
    DCATAPIT.Dataset: [DCTERMS.identifier, DCTERMS.title, DCTERMS.description, DCAT.theme,
                       DCTERMS.rightsHolder, DCTERMS.modified, DCTERMS.accrualPeriodicity,
                       DCAT.contactPoint, DCAT.distribution],
    DCATAPIT.Distribution: [DCAT.accessURL, DCTERMS.format, DCTERMS.license],
    DCATAPIT.Agent: [FOAF.name, DCTERMS.identifier],
    DCATAPIT.Organization: [VCARD.fn, VCARD.hasEmail],
    DCATAPIT.LicenseDocument: [DCTERMS.type, FOAF.name],
}  # fmt: skip


@pytest.fixture
def world(db):
    return networks_world(2)


def _bundle(client):
    response = client.get(reverse("opendata_files:bundle"))
    assert response.status_code == 200
    return response, zipfile.ZipFile(io.BytesIO(response.content))


def test_bundle_holds_a_csv_per_table_with_its_datapackage(client, world, tmp_path):
    response, archive = _bundle(client)

    assert response["Content-Type"] == "application/zip"
    assert response["Link"] == LICENSE_LINK
    assert "attachment" in response["Content-Disposition"]
    assert set(archive.namelist()) == {
        "datapackage.json", "LEGGIMI.txt", *(f"{name}.csv" for name in TABLES),
    }  # fmt: skip
    archive.extractall(tmp_path)
    report = validate(tmp_path / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = json.loads(archive.read("datapackage.json"))
    assert package["licenses"][0]["name"] == "CC-BY-4.0"
    assert package["licenses"][0]["path"] == LICENSE_URL
    assert [resource["name"] for resource in package["resources"]] == TABLES
    assert "CC BY 4.0" in archive.read("LEGGIMI.txt").decode()
    assert LICENSE_URL in archive.comment.decode()


def test_bundle_holds_published_content_only(client, world):
    _response, archive = _bundle(client)

    text = "\n".join(archive.read(name).decode() for name in archive.namelist())
    for article in world["articles"]:
        assert article.title in text
    for actor in world["actors"]:
        assert actor.name in text
    for draft in [*WORKSHOP_DRAFTS, *NETWORK_DRAFTS]:
        assert draft not in text, draft


def test_bundle_rows_match_the_api(client, world):
    _response, archive = _bundle(client)
    api = client.get(reverse("api:session_list"), {"page_size": 100}).json()

    lines = archive.read("sessions.csv").decode().splitlines()

    assert len(lines) - 1 == api["count"]
    assert lines[0].startswith("workshop,number,slug,title,")


def test_a_broken_table_fails_the_frictionless_validation(client, world, tmp_path):
    # The validation in the first test can fail: a row whose number is not a number.
    _response, archive = _bundle(client)
    archive.extractall(tmp_path)
    sessions = tmp_path / "sessions.csv"
    lines = sessions.read_text().splitlines()
    cells = lines[1].split(",")
    cells[1] = "quattro"
    sessions.write_text("\n".join([lines[0], ",".join(cells), *lines[2:]]) + "\n")

    assert not validate(tmp_path / "datapackage.json").valid


def _catalog(client, name, rdf_format):
    response = client.get(reverse(f"opendata_files:{name}"))
    assert response.status_code == 200
    assert response["Link"] == LICENSE_LINK
    graph = Graph()
    graph.parse(data=response.content, format=rdf_format)
    return response, graph


@pytest.mark.parametrize(
    ("name", "rdf_format", "content_type"),
    [
        ("catalog_rdf", "xml", "application/rdf+xml; charset=utf-8"),
        ("catalog_json_ld", "json-ld", "application/ld+json"),
    ],
)
def test_catalog_has_the_mandatory_dcat_ap_it_properties(
    client, world, settings, name, rdf_format, content_type
):
    settings.OPEN_DATA_PUBLISHER_ID = "c_f205"

    response, graph = _catalog(client, name, rdf_format)

    assert response["Content-Type"] == content_type
    missing = [
        (str(subject), str(prop))
        for kind, properties in MANDATORY.items()
        for subject in graph.subjects(RDF.type, kind)
        for prop in properties
        if graph.value(subject, prop) is None
    ]
    assert missing == []
    [catalog] = graph.subjects(RDF.type, DCATAPIT.Catalog)
    datasets = set(graph.objects(catalog, DCAT.dataset))
    assert len(datasets) == len(TABLES)
    for dataset in datasets:
        assert str(graph.value(dataset, DCTERMS.identifier)).startswith("c_f205:")
        for distribution in graph.objects(dataset, DCAT.distribution):
            assert (distribution, RDF.type, DCATAPIT.Distribution) in graph
            licence = graph.value(distribution, DCTERMS.license)
            assert licence == URIRef(LICENSE_URL)
            assert (licence, RDF.type, DCATAPIT.LicenseDocument) in graph
    [publisher] = graph.objects(catalog, DCTERMS.publisher)
    assert str(graph.value(publisher, DCTERMS.identifier)) == "c_f205"


def test_catalog_check_finds_a_missing_property(client, world):
    # The check above can fail: a dataset without its theme is reported.
    _response, graph = _catalog(client, "catalog_rdf", "xml")
    dataset = next(graph.subjects(RDF.type, DCATAPIT.Dataset))
    graph.remove((dataset, DCAT.theme, None))

    assert graph.value(dataset, DCAT.theme) is None


def test_open_data_page_states_the_licence_and_links_every_download(client):
    response = client.get(reverse("opendata:open_data"))

    text = response.content.decode()
    assert response.status_code == 200
    assert "<h1>Dati aperti</h1>" in text
    assert "CC BY 4.0" in text
    assert 'rel="license"' in text
    for name in ["bundle", "catalog_json_ld", "catalog_rdf"]:
        assert f'href="{reverse(f"opendata_files:{name}")}"' in text
    assert f'href="{reverse("opendata:api_docs")}"' in text
    assert f'href="{reverse("networks:export_gexf")}"' in text


def test_open_data_page_in_english_and_downloads_have_no_english_copy(client):
    response = client.get("/en/dati/")

    assert response.status_code == 200
    assert "<h1>Open data</h1>" in response.content.decode()
    assert 'href="/dati/labimpact-dati-aperti.zip"' in response.content.decode()
    assert client.get("/en/dati/catalogo.rdf").status_code == 404


def test_footer_links_to_the_open_data_page(client):
    assert f'href="{reverse("opendata:open_data")}"' in client.get("/").content.decode()


@pytest.mark.parametrize(
    "name",
    [
        "networks:export_actors_csv",
        "networks:export_links_csv",
        "networks:export_gexf",
        "networks:export_graphml",
        "networks:graph_json",
    ],
)
def test_network_exports_name_their_licence(client, world, name):
    response = client.get(reverse(name))

    assert response.status_code == 200
    assert response["Link"] == LICENSE_LINK


# The bundle asks each of the nine lists of the API (their counts are in
# test_api_queries.py); the catalogue reads the newest change of eight tables.
DOWNLOAD_QUERIES = {"opendata_files:bundle": 28, "opendata_files:catalog_rdf": 8}


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize("name", DOWNLOAD_QUERIES)
def test_download_query_count_is_fixed(client, django_assert_num_queries, name, item_count):
    networks_world(item_count)
    site_settings()

    with django_assert_num_queries(DOWNLOAD_QUERIES[name]):
        response = client.get(reverse(name))

    assert response.status_code == 200


@pytest.mark.parametrize(("value", "warned"), [("codice-ipa-da-indicare", True), ("c_f205", False)])
def test_deploy_check_asks_for_the_real_ipa_code(settings, value, warned):
    settings.OPEN_DATA_PUBLISHER_ID = value

    found = [message.id for message in check_publisher_id()]

    assert found == (["opendata.W001"] if warned else [])
