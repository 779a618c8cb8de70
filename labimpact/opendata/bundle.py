"""The open-data bundle: a CSV per kind of content and a Frictionless ``datapackage.json``, zipped.

Each table is the API's list of that kind (``labimpact/opendata/api``) asked for every item at once,
so the bundle, the API and the pages publish the same rows: ``published()`` only, a
private person never named. Lists inside an item become one cell, values split by
``; ``. Article bodies stay out (the API gives them with ``include=body``).
"""

import csv
import datetime as dt
import io
import json
import types
import typing
import zipfile
from dataclasses import dataclass

from django.apps import apps
from django.utils import timezone

from labimpact.opendata.api import schemas
from labimpact.opendata.api import workshops as workshop_lists
from workshops.licence import ATTRIBUTION, LICENSE_ID, LICENSE_NAME, LICENSE_URL

ZIP_NAME = "labimpact-dati-aperti.zip"
# Every row at once: the table is the whole list, not a page of it.
ALL_ROWS = 10**9
LIST_SEPARATOR = "; "
# A spreadsheet takes a cell starting with one of these for a formula (OWASP, "CSV Injection");
# the leading apostrophe is the same guard as the network's exports.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    endpoint: typing.Callable
    model: str
    filters: type
    item: type
    primary_key: tuple
    # (field, table, field): values of the first that must be found in the other table.
    foreign_keys: tuple = ()
    skipped: tuple = ()


def tables():
    """The tables of the bundle, the network's only when its app is installed."""
    found = [
        Table(
            "workshops",
            "Laboratori",
            "I laboratori pubblicati.",
            workshop_lists.workshop_list,
            "workshops.Workshop",
            schemas.WorkshopFilters,
            schemas.Workshop,
            ("slug",),
        ),
        Table(
            "sessions",
            "Giornate",
            "Le giornate pubblicate dei laboratori pubblicati.",
            workshop_lists.session_list,
            "workshops.Session",
            schemas.SessionFilters,
            schemas.Session,
            ("workshop", "slug"),
            (("workshop", "workshops", "slug"),),
        ),
        Table(
            "speakers",
            "Relatori",
            "Le persone citate da giornate o articoli pubblicati, con i dati della loro pagina.",
            workshop_lists.speaker_list,
            "workshops.Speaker",
            schemas.SpeakerFilters,
            schemas.Speaker,
            ("slug",),
        ),
        Table(
            "topics",
            "Argomenti",
            "Gli argomenti di laboratori, giornate e articoli.",
            workshop_lists.topic_list,
            "workshops.Topic",
            schemas.TopicFilters,
            schemas.Topic,
            ("slug",),
        ),
        Table(
            "articles",
            "Articoli",
            "Resoconti e notizie pubblicati: sintesi e indirizzo (il testo è nell'API).",
            workshop_lists.article_list,
            "workshops.Article",
            schemas.ArticleFilters,
            schemas.Article,
            ("slug",),
            skipped=("body",),
        ),
    ]
    if apps.is_installed("networks"):
        from labimpact.opendata.api import networks as network_lists

        found += [
            Table(
                "actors",
                "Attori",
                "Gli attori pubblicati delle reti locali (una persona privata senza nome).",
                network_lists.actor_list,
                "networks.Actor",
                schemas.ActorFilters,
                schemas.Actor,
                ("id",),
            ),
            Table(
                "networks",
                "Reti",
                "Le reti pubblicate; i membri sono gli id degli attori.",
                network_lists.network_list,
                "networks.Network",
                schemas.NetworkFilters,
                schemas.Network,
                ("slug",),
            ),
            Table(
                "links",
                "Legami",
                "I legami tra attori pubblicati, con la loro fonte pubblica.",
                network_lists.link_list,
                "networks.Link",
                schemas.LinkFilters,
                schemas.Link,
                ("id",),
                (("source", "actors", "id"), ("target", "actors", "id")),
            ),
            Table(
                "encounters",
                "Incontri ai laboratori",
                "Le coppie di attori con persone presenti alle stesse giornate, pesate dal "
                "numero di giornate; nessuna persona è nominata.",
                network_lists.encounter_list,
                "networks.Encounter",
                schemas.EncounterFilters,
                schemas.Encounter,
                ("id",),
                (("source", "actors", "id"), ("target", "actors", "id")),
            ),
        ]
    return found


def _field_type(annotation):
    """The Frictionless type of a field of the API's item schema, and its format."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        annotation = next(arg for arg in typing.get_args(annotation) if arg is not type(None))
    if typing.get_origin(annotation) is list:
        return "string", None
    return {
        int: ("integer", None),
        bool: ("boolean", None),
        dt.datetime: ("datetime", "any"),
        dt.date: ("date", None),
    }.get(annotation, ("string", None))


def fields(table):
    """The columns of ``table``: every field of its item, in the API's order."""
    columns = []
    for name, info in table.item.model_fields.items():
        if name in table.skipped:
            continue
        kind, form = _field_type(info.annotation)
        column = {"name": name, "type": kind}
        if form:
            column["format"] = form
        if info.description:
            column["description"] = info.description
        if kind == "boolean":
            column["trueValues"], column["falseValues"] = ["true"], ["false"]
        columns.append(column)
    return columns


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return LIST_SEPARATOR.join(_list_entry(entry) for entry in value)
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def _list_entry(entry):
    """A related item in one cell: the value that names it (slug, actor id, address)."""
    if isinstance(entry, dict):
        for key in ("speaker", "actor", "url", "slug"):
            if key in entry:
                return str(entry[key])
    return str(entry)


def rows(table, request):
    """The header and every row of ``table``, from the API's list of it."""
    filters = table.filters.model_construct(page=1, page_size=ALL_ROWS)
    items = table.endpoint(request, filters)["results"]
    names = [column["name"] for column in fields(table)]
    yield names
    for item in items:
        yield [_cell(item.get(name)) for name in names]


def table_csv(table, request):
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(rows(table, request))
    return buffer.getvalue().encode()


def datapackage(request, site_url):
    """The ``datapackage.json`` (Frictionless Data Package v1) that describes the CSV files."""
    license = {"name": LICENSE_ID, "path": LICENSE_URL, "title": LICENSE_NAME}
    resources = []
    for table in tables():
        schema = {"fields": fields(table), "primaryKey": list(table.primary_key)}
        if table.foreign_keys:
            schema["foreignKeys"] = [
                {"fields": field, "reference": {"resource": other, "fields": other_field}}
                for field, other, other_field in table.foreign_keys
            ]
        resources.append(
            {
                "name": table.name,
                "path": f"{table.name}.csv",
                "title": table.title,
                "description": table.description,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "licenses": [license],
                "schema": schema,
            }
        )
    return {
        "name": "labimpact",
        "title": "Lab'Impact – dati aperti",
        "description": (
            "I contenuti pubblicati sul portale Lab'Impact: laboratori, giornate, relatori, "
            "argomenti, articoli e la rete degli attori."
        ),
        "homepage": site_url,
        "created": timezone.now().isoformat(timespec="seconds"),
        "licenses": [license],
        "contributors": [{"title": ATTRIBUTION, "role": "publisher"}],
        "resources": resources,
    }


def readme(site_url):
    return (
        "Lab'Impact – dati aperti\n\n"
        f"Licenza: {LICENSE_NAME}\n{LICENSE_URL}\n\n"
        f"Citare la fonte: {ATTRIBUTION} – {site_url}\n\n"
        "I file CSV (UTF-8, separati da virgole) sono descritti in datapackage.json "
        "(Frictionless Data Package). Più valori in una cella sono separati da «; ».\n"
    )


def bundle(request, site_url):
    """The ZIP file's bytes: every table, its description and the licence."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.comment = f"{LICENSE_NAME} – {LICENSE_URL}".encode()
        archive.writestr("LEGGIMI.txt", readme(site_url))
        package = datapackage(request, site_url)
        archive.writestr(
            "datapackage.json", json.dumps(package, ensure_ascii=False, indent=2) + "\n"
        )
        for table in tables():
            archive.writestr(f"{table.name}.csv", table_csv(table, request))
    return buffer.getvalue()
