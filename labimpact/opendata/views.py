"""The open-data pages (/dati/, the API's documentation at /api/) and the downloads of /dati/."""

from django.apps import apps
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from labimpact.opendata import bundle, catalog
from labimpact.opendata.api import api
from labimpact.opendata.api.http import ETAG_WINDOW_SECONDS
from labimpact.opendata.api.schemas import MAX_PAGE_SIZE
from workshops.licence import (
    ATTRIBUTION,
    LICENSE_DEED_IT,
    LICENSE_NAME,
    LICENSE_URL,
    license_link_header,
)
from workshops.site import absolute_url


def _translated(text):
    # gettext("") would answer the catalogue's header.
    return _(text) if text else ""


def _component(schema, ref):
    return schema["components"]["schemas"][ref.rsplit("/", 1)[-1]]


def _type_of(prop, schema):
    """A short, readable type: «string | null», «array of Session», «integer»."""
    if "$ref" in prop:
        return prop["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in prop:
        return " | ".join(_type_of(option, schema) for option in prop["anyOf"])
    if "enum" in prop:
        return " | ".join(f"«{value}»" for value in prop["enum"])
    if "const" in prop:
        return f"«{prop['const']}»"
    kind = prop.get("type", "object")
    if kind == "array":
        return f"array[{_type_of(prop.get('items', {}), schema)}]"
    if "format" in prop:
        return f"{kind} ({prop['format']})"
    return kind


def _limits(prop):
    """The bounds a value must respect, as «1–100», with its default."""
    options = prop.get("anyOf", [prop])
    words = []
    for option in options:
        low, high = option.get("minimum"), option.get("maximum")
        if low is not None or high is not None:
            words.append(f"{low if low is not None else ''}–{high if high is not None else ''}")
        if "pattern" in option:
            words.append(_("lettere, cifre e trattini"))
    if prop.get("default") is not None:
        words.append(_("predefinito: %(value)s") % {"value": prop["default"]})
    return ", ".join(words)


def _fields(schema, ref):
    item = _component(schema, ref)
    return [
        {
            "name": name,
            "type": _type_of(prop, schema),
            "description": _translated(prop.get("description")),
        }
        for name, prop in item.get("properties", {}).items()
    ]


def api_operations(schema):
    """Each operation of ``schema`` with its parameters and the fields it answers, translated."""
    operations = []
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            responses = operation["responses"]
            # Numbers as django-ninja builds the schema, strings once it went through JSON.
            success = responses.get(200) or responses["200"]
            answer = success["content"]["application/json"]["schema"]
            page = _component(schema, answer["$ref"])
            results = page.get("properties", {}).get("results")
            item_ref = results["items"]["$ref"] if results else answer["$ref"]
            operations.append(
                {
                    "id": operation["operationId"],
                    "method": method.upper(),
                    "path": path,
                    "summary": _translated(operation.get("summary")),
                    "description": _translated(operation.get("description")),
                    "parameters": [
                        {
                            "name": parameter["name"],
                            "type": _type_of(parameter["schema"], schema),
                            "limits": _limits(parameter["schema"]),
                            "description": _translated(parameter.get("description")),
                        }
                        for parameter in operation.get("parameters", [])
                    ],
                    "item": item_ref.rsplit("/", 1)[-1],
                    "fields": _fields(schema, item_ref),
                }
            )
    return operations


@require_safe
def api_docs(request):
    """The API's documentation, from the same OpenAPI schema the API serves; no database."""
    root = reverse("api:index")
    schema = api.get_openapi_schema(path_prefix=root.rstrip("/"))
    context = {
        "operations": api_operations(schema),
        "root_url": absolute_url(root, request),
        "openapi_url": absolute_url(reverse("api:openapi-json"), request),
        "openapi_version": schema["openapi"],
        "max_page_size": MAX_PAGE_SIZE,
        "etag_seconds": ETAG_WINDOW_SECONDS,
        "license_name": LICENSE_NAME,
        "license_url": LICENSE_URL,
        "license_deed": LICENSE_DEED_IT,
        "attribution": ATTRIBUTION,
    }
    return render(request, "opendata/api_docs.html", context)


@require_safe
def open_data(request):
    """What the portal publishes as open data, under which licence, and where to take it."""
    context = {
        "tables": bundle.tables(),
        "bundle_url": reverse("opendata_files:bundle"),
        "json_ld_url": reverse("opendata_files:catalog_json_ld"),
        "rdf_url": reverse("opendata_files:catalog_rdf"),
        "api_docs_url": reverse("opendata:api_docs"),
        "license_name": LICENSE_NAME,
        "license_url": LICENSE_URL,
        "license_deed": LICENSE_DEED_IT,
        "attribution": ATTRIBUTION,
        "has_network": apps.is_installed("networks"),
    }
    return render(request, "opendata/open_data.html", context)


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Link"] = license_link_header()
    return response


@require_safe
def bundle_zip(request):
    """Every published table as CSV with its ``datapackage.json``, in one ZIP file."""
    site = absolute_url(reverse("opendata:open_data"), request)
    return _download(bundle.bundle(request, site), "application/zip", bundle.ZIP_NAME)


@require_safe
def catalog_json_ld(request):
    """The DCAT-AP_IT catalogue in JSON-LD."""
    graph = catalog.catalog_graph(request)
    response = HttpResponse(catalog.as_json_ld(graph), content_type="application/ld+json")
    response["Link"] = license_link_header()
    return response


@require_safe
def catalog_rdf(request):
    """The DCAT-AP_IT catalogue in RDF/XML, the serialisation dati.gov.it harvests."""
    graph = catalog.catalog_graph(request)
    response = HttpResponse(
        catalog.as_rdf_xml(graph), content_type="application/rdf+xml; charset=utf-8"
    )
    response["Link"] = license_link_header()
    return response
