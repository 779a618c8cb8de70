"""The calendar, the graph and the exports: built by a task, served as files by requests.

Most tests run as production does: a public address, and a worker (here the dummy
backend, which only records what is queued; a test runs the queue when it wants the
worker to have run). Requests then only read what the last build wrote: the functions
that serialise or measure are made to raise while they are served.
"""

import gzip
import io
import shutil
from pathlib import Path

import brotli
import networkx as nx
import pytest
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import transaction
from django_tasks import default_task_backend

from labimpact import builtfiles
from networks import exports, graph, layout
from networks.services import actor_withdraw
from tests.factories import ActorFactory, LinkFactory, SessionFactory
from workshops import calendar
from workshops.caching import bump_content_version, content_version
from workshops.services import session_publish

pytestmark = pytest.mark.django_db

PUBLIC = "https://labimpact.example.org"
FILES = {
    "/calendario.ics": "calendario.ics",
    "/rete/grafo.json": "rete/grafo.json",
    "/rete/export/attori.csv": "rete/attori.csv",
    "/rete/export/legami.csv": "rete/legami.csv",
    "/rete/export/rete.gexf": "rete/rete.gexf",
    "/rete/export/rete.graphml": "rete/rete.graphml",
}
URLS = [*FILES, *("/en" + url for url in FILES)]


@pytest.fixture(autouse=True)
def no_built_files(settings):
    """Each test starts before the first build, with a public address."""
    settings.SITE_URL = PUBLIC
    built = Path(settings.MEDIA_ROOT) / builtfiles.ROOT
    shutil.rmtree(built, ignore_errors=True)
    yield
    shutil.rmtree(built, ignore_errors=True)


@pytest.fixture
def worker(settings):
    """A worker that runs only when told: ``worker.run()`` runs what is queued."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

    class Worker:
        backend = default_task_backend

        @property
        def queued(self):
            return [(result.task.name, *result.args) for result in self.backend.results]

        def run(self):
            outcomes = [result.task.call(*result.args) for result in self.backend.results]
            self.backend.clear()
            return outcomes

    return Worker()


@pytest.fixture
def world():
    actor = ActorFactory(name="Cooperativa Costruita", slug="cooperativa-costruita")
    LinkFactory(source=actor, description="Legame costruito")
    session = SessionFactory(title="Giornata costruita")
    return {"actor": actor, "session": session}


@pytest.fixture
def built(world):
    """Every file built, as ``manage.py build_files`` does at deploy time."""
    call_command("build_files", stdout=io.StringIO())


@pytest.fixture
def no_building(built, monkeypatch):
    """Everything that measures or serialises raises: a request may only read files."""

    def refuse(*args, **kwargs):
        raise AssertionError("built in a request")

    monkeypatch.setattr(graph, "build_graph_data", refuse)
    monkeypatch.setattr(graph, "compute_measures", refuse)
    monkeypatch.setattr(layout, "force_layout", refuse)
    monkeypatch.setattr(exports, "actor_rows", refuse)
    monkeypatch.setattr(exports, "link_rows", refuse)
    monkeypatch.setattr(nx, "generate_gexf", refuse)
    monkeypatch.setattr(nx, "generate_graphml", refuse)
    monkeypatch.setattr(calendar, "build_calendar", refuse)


def test_requests_read_the_built_files_and_never_build(client, world, worker, no_building):

    for url in URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode("utf-8-sig")
        if "calendario" in url:
            assert "Giornata costruita" in text
        else:
            assert "Cooperativa Costruita" in text, url
            assert "Legame costruito" in text or "attori" in url, url


def test_the_built_files_are_the_bytes_the_views_made_before(client, world, worker, settings):
    settings.SITE_URL = ""  # no public address: made in the request, as before
    live = {url: client.get(url) for url in URLS}
    assert all("Accept-Ranges" not in response for response in live.values())
    settings.SITE_URL = "http://testserver"
    call_command("build_files", stdout=io.StringIO())

    for url in URLS:
        assert client.get(url).content == live[url].content, url


def test_before_the_first_build_503_and_a_rebuild_is_queued(client, world, worker):
    response = client.get("/rete/grafo.json")

    assert response.status_code == 503
    assert response["Retry-After"] == str(builtfiles.RETRY_AFTER_SECONDS)
    assert worker.queued == [
        ("rebuild_network_files", "networks", content_version()),
    ]
    # Many visitors, one rebuild.
    client.get("/rete/grafo.json")
    assert len(worker.queued) == 1

    worker.run()
    assert client.get("/rete/grafo.json").status_code == 200


def test_a_change_is_rebuilt_by_the_task_and_the_last_good_file_served_meanwhile(
    client, world, worker, django_capture_on_commit_callbacks
):
    call_command("build_files", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        actor_withdraw(actor=world["actor"])

    # Queued once for the transaction, for the version of after the commit.
    assert sorted(worker.queued) == [
        ("rebuild_calendar", "workshops", content_version()),
        ("rebuild_network_files", "networks", content_version()),
    ]
    # The worker has not run: the last good file, not an error and not a build.
    stale = client.get("/rete/export/attori.csv")
    assert stale.status_code == 200
    assert "Cooperativa Costruita" in stale.content.decode("utf-8-sig")

    assert worker.run() == ["built", "built"]
    fresh = client.get("/rete/export/attori.csv")
    assert "Cooperativa Costruita" not in fresh.content.decode("utf-8-sig")
    assert fresh["ETag"] != stale["ETag"]


def test_a_publish_through_the_services_shows_once_the_task_ran(
    client, world, worker, django_capture_on_commit_callbacks
):
    session = world["session"]
    session.is_published = False
    session.save()
    call_command("build_files", stdout=io.StringIO())
    assert "Giornata costruita" not in client.get("/calendario.ics").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        session_publish(session=session)
    worker.run()

    assert "Giornata costruita" in client.get("/calendario.ics").content.decode()
    assert "Giornata costruita" in client.get("/en/calendario.ics").content.decode()


def test_one_rebuild_per_transaction_however_many_rows(worker, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for number in range(5):
            ActorFactory(name=f"Attore {number}")

    assert len(worker.queued) == len(builtfiles.GROUPS)


def test_a_superseded_task_does_nothing(client, world, worker):
    call_command("build_files", stdout=io.StringIO())
    before = builtfiles.read_manifest("it", "rete/grafo.json")
    old = content_version()
    bump_content_version()

    from networks.tasks import rebuild_network_files

    assert rebuild_network_files.call("networks", old) == "superseded"
    assert builtfiles.read_manifest("it", "rete/grafo.json") == before
    assert rebuild_network_files.call("networks", content_version()) == "built"
    assert builtfiles.read_manifest("it", "rete/grafo.json")["version"] == content_version()


def test_strong_etag_and_304(client, world, worker, no_building):
    response = client.get("/rete/export/rete.gexf")
    etag = response["ETag"]

    assert etag.startswith('"')
    assert not etag.startswith("W/")
    assert response["Content-Length"] == str(len(response.content))
    again = client.get("/rete/export/rete.gexf", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    other = client.get("/rete/export/rete.gexf", HTTP_IF_NONE_MATCH='"something-else"')
    assert other.status_code == 200


@pytest.mark.parametrize(
    ("accept", "encoding", "decode"),
    [
        ("gzip, deflate, br", "br", brotli.decompress),
        ("gzip;q=1, br;q=0", "gzip", gzip.decompress),
        ("gzip", "gzip", gzip.decompress),
        ("identity", None, lambda body: body),
        ("br;q=0, gzip;q=0", None, lambda body: body),
    ],
)
def test_brotli_and_gzip_by_accept_encoding(client, world, worker, accept, encoding, decode):
    call_command("build_files", stdout=io.StringIO())
    plain = client.get("/rete/grafo.json").content

    response = client.get("/rete/grafo.json", HTTP_ACCEPT_ENCODING=accept)

    assert response.get("Content-Encoding") == encoding
    assert response["Vary"] == "Accept-Encoding"
    assert decode(response.content) == plain
    if encoding:
        assert response["ETag"] != client.get("/rete/grafo.json")["ETag"]
        assert len(response.content) < len(plain)


def test_byte_ranges(client, world, worker):
    call_command("build_files", stdout=io.StringIO())
    whole = client.get("/rete/export/legami.csv")
    body, etag = whole.content, whole["ETag"]
    assert whole["Accept-Ranges"] == "bytes"

    part = client.get("/rete/export/legami.csv", HTTP_RANGE="bytes=10-19")
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == body[10:20]
    assert part["Content-Range"] == f"bytes 10-19/{len(body)}"
    assert part["Content-Length"] == "10"

    tail = client.get("/rete/export/legami.csv", HTTP_RANGE="bytes=-5")
    assert b"".join(tail.streaming_content) == body[-5:]
    rest = client.get("/rete/export/legami.csv", HTTP_RANGE=f"bytes={len(body) - 3}-")
    assert b"".join(rest.streaming_content) == body[-3:]

    beyond = client.get("/rete/export/legami.csv", HTTP_RANGE=f"bytes={len(body)}-")
    assert beyond.status_code == 416
    assert beyond["Content-Range"] == f"bytes */{len(body)}"

    # A part of an older file: the whole new one instead.
    changed = client.get("/rete/export/legami.csv", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"old"')
    assert changed.status_code == 200
    assert changed.content == body
    same = client.get("/rete/export/legami.csv", HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=etag)
    assert same.status_code == 206
    # Several ranges at once: the whole file, which a server may always send.
    several = client.get("/rete/export/legami.csv", HTTP_RANGE="bytes=0-1,5-6")
    assert several.status_code == 200


def test_head_has_the_headers_and_no_body(client, world, worker, no_building):
    size = len(client.get("/calendario.ics").content)

    response = client.head("/calendario.ics")

    assert response.status_code == 200
    assert response.content == b""
    assert response["Content-Length"] == str(size)
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=900"


def test_filtered_variants_are_still_made_per_request(client, world, worker):
    call_command("build_files", stdout=io.StringIO())

    year = client.get("/rete/grafo.json?year=2000")
    junk = client.get("/rete/grafo.json?utm_source=newsletter")

    assert "ETag" not in year or year["ETag"] != junk["ETag"]
    assert junk["Accept-Ranges"] == "bytes"  # the built file: no parameter the view reads


def test_files_built_for_another_address_are_never_served(client, world, worker, settings):
    call_command("build_files", stdout=io.StringIO())
    settings.SITE_URL = "https://nuovo.example.org"

    response = client.get("/rete/export/attori.csv")

    assert response.status_code == 503
    assert worker.queued


def test_build_files_builds_every_file_in_every_language(capsys):
    call_command("build_files")

    out = capsys.readouterr().out
    for name in FILES.values():
        for language in ("it", "en"):
            manifest = builtfiles.read_manifest(language, name)
            assert manifest["root"] == PUBLIC
            assert set(manifest["bodies"]) == {"identity", "gzip", "br"}
            assert f"{language}/{name}" in out


def test_build_files_refuses_without_a_public_address(settings):
    settings.SITE_URL = ""
    with pytest.raises(CommandError, match="indirizzo pubblico"):
        call_command("build_files")


def test_two_builds_of_the_same_content_give_the_same_bytes(world):
    """The actors' places included: the layout is seeded, not drawn afresh by each build."""
    group = builtfiles.GROUPS["networks"]
    first = builtfiles.build_group(group)
    # A new content version: nothing computed for the first build is reused by the second.
    bump_content_version()
    second = builtfiles.build_group(group)

    for key, manifest in first.items():
        assert second[key]["hash"] == manifest["hash"], key
    with default_storage.open(first["it", "rete/grafo.json"]["bodies"]["identity"]["path"]) as body:
        assert b'"x":' in body.read()


def test_only_the_last_two_builds_are_kept(settings, world):
    name = "rete/grafo.json"
    for number in range(4):
        ActorFactory(name=f"Nuovo {number}")
        builtfiles.build_group(builtfiles.GROUPS["networks"])
    folder = Path(settings.MEDIA_ROOT) / builtfiles.ROOT / "it" / "rete"
    bodies = [path for path in folder.iterdir() if path.name.startswith("grafo.json.")]
    # The current build and the one before (a reader may have just read its manifest).
    assert len(bodies) == 2 * 3 + 1  # two builds of three bodies, and the manifest
    assert builtfiles.read_manifest("it", name)["older"]


def test_a_built_file_is_served_without_a_query(client, no_building, django_assert_num_queries):
    client.get("/rete/grafo.json")  # the site settings, then in the cache

    with django_assert_num_queries(0):
        assert client.get("/rete/grafo.json").status_code == 200


def test_the_page_cache_leaves_built_files_alone(client, built, page_cache, monkeypatch):
    from labimpact import cache as page_cache_module

    asked = []
    get_many = page_cache_module.cache.get_many
    monkeypatch.setattr(
        page_cache_module.cache, "get_many", lambda keys: asked.append(keys) or get_many(keys)
    )

    for url in URLS:
        client.get(url)
    assert asked == []
    client.get("/rete/grafo.json?year=2000")  # a variant made per request: a page
    assert asked
