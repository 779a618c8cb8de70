"""The catalogue of the open data in DCAT-AP_IT, the Italian profile of DCAT-AP, built with rdflib.

One ``dcatapit:Catalog`` lists one ``dcatapit:Dataset`` per table of the bundle, each
with two ``dcatapit:Distribution``: the ZIP bundle and the table's list in the JSON API.
It carries the profile's mandatory properties (catalogue: title, description, publisher,
modified, datasets; dataset: identifier, title, description, theme, rights holder,
modified, accrual periodicity, contact point, distributions; distribution: access URL,
format, licence as a ``dcatapit:LicenseDocument``) and some recommended ones. The
publisher and rights holder is an agent identified by its IPA code
(``OPEN_DATA_PUBLISHER_ID``); rdflib serialises the graph as JSON-LD and RDF/XML.
"""

from django.apps import apps
from django.conf import settings
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, RDF, XSD

from labimpact.opendata import bundle
from workshops.licence import LICENSE_NAME, LICENSE_URL
from workshops.site import absolute_url

DCATAPIT = Namespace("http://dati.gov.it/onto/dcatapit#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
EU = "http://publications.europa.eu/resource/authority/"
THEMES = [URIRef(f"{EU}data-theme/SOCI"), URIRef(f"{EU}data-theme/GOVE")]
# Editors change the content whenever there is news: it is updated continuously.
FREQUENCY = URIRef(f"{EU}frequency/UPDATE_CONT")
ITALIAN = URIRef(f"{EU}language/ITA")
ZIP, JSON = URIRef(f"{EU}file-type/ZIP"), URIRef(f"{EU}file-type/JSON")
ATTRIBUTION_LICENCE = URIRef("http://purl.org/adms/licencetype/Attribution")

CONTEXT = {
    "dcat": str(DCAT),
    "dct": str(DCTERMS),
    "dcatapit": str(DCATAPIT),
    "foaf": str(FOAF),
    "vcard": str(VCARD),
    "owl": str(OWL),
    "xsd": str(XSD),
}


def _modified(table, fallback):
    """The day the newest published row of ``table`` was saved (topics keep no such date)."""
    model = apps.get_model(table.model)
    if not hasattr(model.objects, "published"):
        return fallback
    newest = model.objects.published().aggregate(newest=Max("updated_at"))["newest"]
    return timezone.localdate(newest) if newest else fallback


def catalog_graph(request):
    """The DCAT-AP_IT graph of the catalogue, its datasets and their distributions."""
    page = absolute_url(reverse("opendata:open_data"), request)
    zip_url = absolute_url(reverse("opendata_files:bundle"), request)
    home = absolute_url(reverse("workshops:home"), request)
    publisher_id = settings.OPEN_DATA_PUBLISHER_ID
    today = timezone.localdate()

    graph = Graph()
    for prefix, namespace in CONTEXT.items():
        graph.bind(prefix, namespace)

    publisher = URIRef(f"{page}#editore")
    graph.add((publisher, RDF.type, DCATAPIT.Agent))
    graph.add((publisher, RDF.type, FOAF.Agent))
    graph.add((publisher, FOAF.name, Literal(settings.OPEN_DATA_PUBLISHER_NAME, lang="it")))
    graph.add((publisher, DCTERMS.identifier, Literal(publisher_id)))

    contact = URIRef(f"{page}#contatti")
    graph.add((contact, RDF.type, DCATAPIT.Organization))
    graph.add((contact, RDF.type, VCARD.Organization))
    graph.add((contact, VCARD.fn, Literal(settings.OPEN_DATA_PUBLISHER_NAME)))
    graph.add((contact, VCARD.hasEmail, URIRef(f"mailto:{settings.OPEN_DATA_CONTACT_EMAIL}")))

    licence = URIRef(LICENSE_URL)
    graph.add((licence, RDF.type, DCATAPIT.LicenseDocument))
    graph.add((licence, RDF.type, DCTERMS.LicenseDocument))
    graph.add((licence, DCTERMS.type, ATTRIBUTION_LICENCE))
    graph.add((licence, FOAF.name, Literal(LICENSE_NAME, lang="it")))
    graph.add((licence, OWL.versionInfo, Literal("4.0")))

    catalog = URIRef(f"{page}#catalogo")
    graph.add((catalog, RDF.type, DCATAPIT.Catalog))
    graph.add((catalog, RDF.type, DCAT.Catalog))
    graph.add((catalog, DCTERMS.title, Literal("Lab'Impact – dati aperti", lang="it")))
    graph.add(
        (
            catalog,
            DCTERMS.description,
            Literal(
                "I contenuti pubblicati sul portale Lab'Impact dei laboratori FAMI sulle reti "
                "territoriali in Lombardia: laboratori, giornate, relatori, argomenti, "
                "articoli e la rete degli attori.",
                lang="it",
            ),
        )
    )
    graph.add((catalog, DCTERMS.publisher, publisher))
    graph.add((catalog, FOAF.homepage, URIRef(home)))
    graph.add((catalog, DCTERMS.language, ITALIAN))

    newest = None
    for table in bundle.tables():
        modified = _modified(table, today)
        newest = max(newest or modified, modified)
        dataset = URIRef(f"{page}#{table.name}")
        graph.add((catalog, DCAT.dataset, dataset))
        graph.add((dataset, RDF.type, DCATAPIT.Dataset))
        graph.add((dataset, RDF.type, DCAT.Dataset))
        graph.add((dataset, DCTERMS.identifier, Literal(f"{publisher_id}:labimpact-{table.name}")))
        graph.add((dataset, DCTERMS.title, Literal(f"Lab'Impact – {table.title}", lang="it")))
        graph.add((dataset, DCTERMS.description, Literal(table.description, lang="it")))
        for theme in THEMES:
            graph.add((dataset, DCAT.theme, theme))
        graph.add((dataset, DCTERMS.publisher, publisher))
        graph.add((dataset, DCTERMS.rightsHolder, publisher))
        graph.add((dataset, DCTERMS.modified, Literal(modified, datatype=XSD.date)))
        graph.add((dataset, DCTERMS.accrualPeriodicity, FREQUENCY))
        graph.add((dataset, DCAT.contactPoint, contact))
        graph.add((dataset, DCTERMS.language, ITALIAN))
        graph.add((dataset, DCAT.landingPage, URIRef(page)))
        graph.add((dataset, DCAT.keyword, Literal("FAMI", lang="it")))
        graph.add((dataset, DCAT.keyword, Literal(table.title.lower(), lang="it")))

        api_url = absolute_url(reverse(f"api:{table.endpoint.__name__}"), request)
        for suffix, url, file_format, media_type, title in [
            ("zip", zip_url, ZIP, "application/zip", "Tutte le tabelle in CSV (ZIP)"),
            ("api", api_url, JSON, "application/json", "API JSON (a pagine)"),
        ]:
            distribution = URIRef(f"{page}#{table.name}-{suffix}")
            graph.add((dataset, DCAT.distribution, distribution))
            graph.add((distribution, RDF.type, DCATAPIT.Distribution))
            graph.add((distribution, RDF.type, DCAT.Distribution))
            graph.add((distribution, DCAT.accessURL, URIRef(url)))
            if suffix == "zip":
                graph.add((distribution, DCAT.downloadURL, URIRef(url)))
            graph.add((distribution, DCTERMS.format, file_format))
            graph.add((distribution, DCAT.mediaType, Literal(media_type)))
            graph.add((distribution, DCTERMS.license, licence))
            graph.add((distribution, DCTERMS.title, Literal(title, lang="it")))
            graph.add(
                (
                    distribution,
                    DCTERMS.description,
                    Literal(f"{table.title}: {title}, licenza CC BY 4.0.", lang="it"),
                )
            )
    graph.add((catalog, DCTERMS.modified, Literal(newest or today, datatype=XSD.date)))
    return graph


def as_json_ld(graph):
    return graph.serialize(format="json-ld", context=CONTEXT, indent=2)


def as_rdf_xml(graph):
    return graph.serialize(format="pretty-xml")
