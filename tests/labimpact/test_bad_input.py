"""Hostile values in every public URL pattern and every query parameter never make a 5xx.

Deterministic and exhaustive where it counts: every public pattern of the URL
configuration, in Italian and in English, gets every parameter its view reads, each with
every value of a fixed table, then unknown and malformed URL arguments. The parameters a
view reads are recorded while it answers (``recorded_query_reads``), so a filter added
tomorrow is fuzzed the day it is added; ``test_every_parameter_read_is_known`` fails when a
view starts reading a parameter that is neither a filter or form field nor listed below.
"""

import traceback
from urllib.parse import quote

import django_filters
import pytest
from django import forms
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.urls import converters
from django.utils import translation

import networks.filters
import networks.forms
import workshops.filters
import workshops.forms
from tests.factories import LinkFactory
from tests.urlwalk import (
    candidate_kwargs,
    fitting_kwargs,
    patterns_by_language,
    recorded_query_reads,
    reverse_pattern,
)
from tests.worlds import networks_world

pytestmark = pytest.mark.django_db

# Parameters read outside the filter sets and forms, and who reads them.
OTHER_PARAMETERS = {
    "page": "ListView pagination, and the map's list of actors",
    "ordina": "the order of the measures table on /rete/",
    "p": "django.contrib.sitemaps, the page of a long sitemap",
    "t": "the signed links of the registration e-mails (workshops/registrations/links.py)",
}

SCRIPT = '<script>alert("labimpact")</script>'
ECHO_MARK = b'<script>alert("labimpact")'

# Each entry is the raw query-string value, as a client may send it: most are text
# percent-encoded as a browser would, a few are malformed on purpose.
HOSTILE_VALUES = (
    [
        quote(text, safe="")
        for text in [
            "abc",
            "-1",
            "0",
            "1",
            "99999999999999999999",
            "1e9",
            "NaN",
            "",
            " ",
            "x" * 10_000,
            "\x00",
            "a\x00b",
            "%00",
            "\u202eevil\u202c",  # right-to-left override
            "e\u0301\u0301\u0301\u0301",  # combining marks
            "🏙️👩‍👩‍👧",
            "\ufeff\u200b",
            "'; DROP TABLE workshops_article; --",
            "' OR 1=1 --",
            SCRIPT,
            f'"><{SCRIPT[1:]}',
            "../../etc/passwd",
            "2020-13",
            # Months the calendar's picker (mese=yyyy-mm) can never offer.
            "2020-00",
            "9999-12",
            "null",
        ]
    ]
    + [
        "%",  # a lone percent sign
        "%zz",  # not hexadecimal
        "%ff%fe",  # not UTF-8
        "%ED%A0%80",  # a UTF-16 surrogate, encoded as if it were a character
        "%C0%AE%C0%AE%2F",  # overlong UTF-8 for "../"
    ]
)
# The same parameter more than once: ``?page=1&page=2``.
REPEATED_VALUES = [("1", "2"), ("abc", quote(SCRIPT, safe="")), ("", "\x00")]

UNKNOWN_SLUGS = ["non-esiste", "x" * 300, "0", "-", "__"]
UNKNOWN_YEARS = [1000, 9999]
# Path segments no converter accepts: the resolver must answer 404 itself.
HOSTILE_SEGMENTS = [quote(text, safe="") for text in ["\x00", "../..", SCRIPT, "città", "a b"]]

ALLOWED_STATUSES = {200, 301, 302, 400, 404}

TARGETS = patterns_by_language()


def known_parameters():
    """Every field of the apps' filter sets and forms, and the parameters listed above."""
    names = set(OTHER_PARAMETERS)
    for module in (workshops.filters, networks.filters):
        for value in vars(module).values():
            if _defined_in(value, module, django_filters.FilterSet):
                names |= set(value.base_filters)
    for module in (workshops.forms, networks.forms):
        for value in vars(module).values():
            if _defined_in(value, module, forms.BaseForm):
                names |= set(value.base_fields)
    return names


def _defined_in(value, module, base):
    return (
        isinstance(value, type) and issubclass(value, base) and value.__module__ == module.__name__
    )


class Walk:
    """Requests to one pattern; every answer outside the rules is kept, exceptions included."""

    def __init__(self, client):
        self.client = client
        self.failures = []
        self.requests = 0

    def get(self, url, expected=ALLOWED_STATUSES):
        self.requests += 1
        try:
            # A database error must not spoil the requests after it (PostgreSQL aborts the
            # whole transaction): each request gets a savepoint of its own.
            with transaction.atomic():
                response = self.client.get(url)
        except Exception as error:  # noqa: BLE001 - a server error is what this test looks for
            frame = traceback.extract_tb(error.__traceback__)[-1]
            where = f"{frame.filename}:{frame.lineno}"
            self.failures.append((url[:300], f"500 {error!r:.300} at {where}"))
            return None
        if response.status_code not in expected:
            self.failures.append((url[:300], response.status_code))
        elif ECHO_MARK in response.content and "html" in response.get("Content-Type", ""):
            self.failures.append((url[:300], "echoes an unescaped <script>"))
        return response

    def check(self):
        report = "\n".join(f"{url} -> {what}" for url, what in self.failures[:20])
        assert not self.failures, f"{len(self.failures)} bad answers:\n{report}"


def _public_path(client, candidates, language, entry, namespace, names):
    """The pattern filled with the first arguments that give a public page, and those arguments."""
    for kwargs in fitting_kwargs(names, candidates) if names else [{}]:
        with translation.override(language):
            path = reverse_pattern(entry, namespace, kwargs)
        if path and client.get(path).status_code == 200:
            return path, kwargs
    pytest.fail(f"no public page for {entry.pattern}: add a candidate to tests/worlds.py")


def _read_parameters(client, path):
    # Any query string binds the view's forms and filter sets: each then reads all its fields.
    with recorded_query_reads() as reads:
        client.get(path + "?sonda=1")
    return reads - {"sonda"}


@pytest.fixture(scope="module")
def plan(django_db_setup, django_db_blocker):
    """For each pattern: a public page, its URL arguments and the parameters its view reads.

    One world serves the whole module, inside a transaction rolled back at its end; each
    test's own transaction nests in it.
    """
    with django_db_blocker.unblock(), transaction.atomic():
        networks_world(1)
        client, candidates = Client(), candidate_kwargs()
        found = {}
        for language, route, entry, namespace, names in TARGETS:
            path, kwargs = _public_path(client, candidates, language, entry, namespace, names)
            found[route] = (path, kwargs, _read_parameters(client, path))
        cache.clear()
        yield found
        transaction.set_rollback(True)


@pytest.mark.parametrize(
    ("language", "route", "entry", "namespace", "names"),
    TARGETS,
    ids=[f"{language}:/{route}" for language, route, *_ in TARGETS],
)
def test_hostile_input_never_causes_a_server_error(
    client, plan, language, route, entry, namespace, names
):
    path, kwargs, parameters = plan[route]
    walk = Walk(client)

    for name in sorted(parameters):
        for value in HOSTILE_VALUES:
            walk.get(f"{path}?{name}={value}")
        for values in REPEATED_VALUES:
            walk.get(f"{path}?" + "&".join(f"{name}={value}" for value in values))
    # A parameter no view reads, named and valued to be echoed by a careless template.
    walk.get(f"{path}?{quote(SCRIPT, safe='')}={quote(SCRIPT, safe='')}&x=%00")
    for url in _unknown_argument_urls(language, entry, namespace, names, kwargs):
        walk.get(url, expected={404})

    walk.check()


def _unknown_argument_urls(language, entry, namespace, names, kwargs):
    """The page with each URL argument in turn unknown, or malformed past its converter."""
    for name in names:
        converter = entry.pattern.converters.get(name)
        if isinstance(converter, converters.SlugConverter):
            unknown = UNKNOWN_SLUGS
        elif type(converter).__name__ == "YearConverter":
            unknown = UNKNOWN_YEARS
        else:
            continue  # a month is 01 to 12 by its converter: none is unknown
        with translation.override(language):
            for value in unknown:
                yield reverse_pattern(entry, namespace, {**kwargs, name: value})
            if isinstance(converter, converters.SlugConverter):
                path = reverse_pattern(entry, namespace, {**kwargs, name: "segnaposto"})
                for segment in HOSTILE_SEGMENTS:
                    yield path.replace("segnaposto", segment)


def test_every_parameter_read_is_known(plan):
    read = set().union(*(parameters for _path, _kwargs, parameters in plan.values()))

    known = known_parameters()
    assert read - known == set(), "read but not fuzzed by name: list them in OTHER_PARAMETERS"
    assert known - read == set(), "listed but read by no public page: a stale entry?"


# The network's «Nuovi legami dal <anno>», alone and beside the year: a year no link knows,
# text or a huge number is explained on the map and named in grafo.json's 400, never a 500.
NETWORK_YEAR_VIEWS = [
    "new_since=abc",
    "new_since=1850",
    "new_since=99999999999999999999",
    "new_since=2019&new_since=abc",
    "new_since=%00&year=2019",
    "year=abc&new_since=2019",
]


@pytest.mark.parametrize("query", NETWORK_YEAR_VIEWS)
def test_network_year_views_explain_bad_years(client, query):
    # One link of 2019, so that the year choices are not empty (and no world: the module's
    # ``plan`` may hold one already).
    LinkFactory()

    page = client.get(f"/rete/mappa/?{query}")
    data = client.get(f"/rete/grafo.json?{query}")

    assert page.status_code == 200
    assert "Alcuni filtri non sono validi" in page.content.decode()
    assert data.status_code == 400
    assert set(data.json()["errors"]) <= {"new_since", "year"}
    assert data.json()["errors"]
