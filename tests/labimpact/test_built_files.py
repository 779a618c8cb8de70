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
from django.core.cache import caches
from django.core.files.storage import default_storage
from django.core.handlers.base import BaseHandler
from django.core.management import CommandError, call_command
from django.db import transaction
from django_tasks import default_task_backend

from labimpact import builtfiles
from labimpact.redis_cache import ReusingRedisCache
from networks import exports, graph, layout
from networks import tasks as network_tasks
from networks import views as network_views
from networks.services import actor_publish, actor_withdraw, network_withdraw
from tests.factories import (
    ActorFactory,
    LinkFactory,
    MembershipFactory,
    NetworkFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
)
from tests.outages import unreachable_redis_caches
from workshops import calendar
from workshops import tasks as workshop_tasks
from workshops.caching import bump_content_version, content_version
from workshops.services import session_publish
from workshops.views import calendar as calendar_views

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
MEASURES_PENDING = "Le misure della rete sono in calcolo"
KNOWN_DEGREE = "Legami (attori collegati)</dt><dd>1</dd>"


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
    session = SessionFactory(
        title="Giornata costruita", slug="giornata-costruita", workshop__slug="lab-costruito"
    )
    session.topics.add(TopicFactory(name="Tema costruito", slug="tema-costruito"))
    SessionSpeakerFactory(
        session=session, speaker=SpeakerFactory(last_name="Costruita", slug="relatrice")
    )
    return {"actor": actor, "session": session}


# The calendar of the world's session, its workshop's, topic's and speaker's: one file each.
OBJECT_FILES = [
    "/laboratori/lab-costruito/calendario.ics",
    "/laboratori/lab-costruito/giornata-costruita/evento.ics",
    "/temi/tema-costruito/calendario.ics",
    "/relatori/relatrice/calendario.ics",
]
OBJECT_URLS = [*OBJECT_FILES, *("/en" + url for url in OBJECT_FILES)]


@pytest.fixture
def built(world):
    """Every file built, as ``manage.py build_files`` does at deploy time."""
    call_command("build_files", stdout=io.StringIO())


def refusing(what):
    def refuse(*args, **kwargs):
        raise AssertionError(what)

    return refuse


@pytest.fixture
def no_building(built, monkeypatch):
    """Everything that measures or serialises raises: a request may only read files."""
    refuse = refusing("built in a request")
    monkeypatch.setattr(graph, "build_graph_data", refuse)
    monkeypatch.setattr(graph, "compute_measures", refuse)
    monkeypatch.setattr(layout, "force_layout", refuse)
    monkeypatch.setattr(exports, "actor_rows", refuse)
    monkeypatch.setattr(exports, "link_rows", refuse)
    monkeypatch.setattr(nx, "generate_gexf", refuse)
    monkeypatch.setattr(nx, "generate_graphml", refuse)
    monkeypatch.setattr(calendar, "build_calendar", refuse)


def test_requests_read_the_built_files_and_never_build(client, world, worker, no_building):

    for url in [*URLS, *OBJECT_URLS]:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode("utf-8-sig")
        if url.endswith(".ics"):
            assert "Giornata costruita" in text, url
        else:
            assert "Cooperativa Costruita" in text, url
            assert "Legame costruito" in text or "attori" in url, url


def test_the_built_files_are_the_bytes_the_views_made_before(client, world, worker, settings):
    settings.SITE_URL = "http://testserver"
    call_command("build_files", stdout=io.StringIO())
    built = {url: client.get(url) for url in [*URLS, *OBJECT_URLS]}
    settings.SITE_URL = ""  # no public address: made in the request, with the measures built
    for language in ("it", "en"):
        shutil.rmtree(Path(settings.MEDIA_ROOT) / builtfiles.ROOT / language)

    for url in [*URLS, *OBJECT_URLS]:
        live = client.get(url)
        assert "Accept-Ranges" not in live
        assert live.content == built[url].content, url
        assert live["Content-Disposition"] == built[url]["Content-Disposition"], url
        assert live.get("Cache-Control") == built[url].get("Cache-Control"), url


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
        ("rebuild_calendar", "workshop-calendars", content_version()),
        ("rebuild_calendar", "workshops", content_version()),
        ("rebuild_network_files", "networks", content_version()),
    ]
    # The worker has not run: the last good file, not an error and not a build.
    stale = client.get("/rete/export/attori.csv")
    assert stale.status_code == 200
    assert "Cooperativa Costruita" in stale.content.decode("utf-8-sig")

    assert worker.run() == ["built", "built", "built"]
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


@pytest.fixture
def filtered_world(world):
    """A world with a network, a topic and a workshop to filter by."""
    network = MembershipFactory(actor=world["actor"]).network
    topic = TopicFactory(name="Tema filtrato", slug="tema-filtrato")
    world["session"].topics.add(topic)
    SessionFactory(title="Giornata di un altro laboratorio")
    LinkFactory(
        description="Legame di un'altra provincia", source__province="MI", target__province="MI"
    )
    return {**world, "network": network, "topic": topic, "workshop": world["session"].workshop}


def _variants(world):
    return [
        f"/rete/grafo.json?network={world['network'].slug}",
        "/rete/grafo.json?kind=third_sector",
        "/rete/grafo.json?link_kind=partnership",
        "/rete/grafo.json?province=MI",
        f"/calendario.ics?workshop={world['workshop'].slug}",
        f"/calendario.ics?topic={world['topic'].slug}",
    ]


def test_each_single_filter_is_a_built_file_with_the_bytes_the_view_makes(
    client, filtered_world, worker, settings
):
    urls = [url for variant in _variants(filtered_world) for url in (variant, "/en" + variant)]
    settings.SITE_URL = "http://testserver"
    call_command("build_files", stdout=io.StringIO())
    built = {url: client.get(url) for url in urls}
    settings.SITE_URL = ""  # no public address: made in the request

    for url in urls:
        assert built[url]["Accept-Ranges"] == "bytes", url
        live = client.get(url)
        assert "Accept-Ranges" not in live, url
        assert built[url].content == live.content, url
    workshop_calendar = built[f"/calendario.ics?workshop={filtered_world['workshop'].slug}"]
    assert "Giornata costruita" in workshop_calendar.content.decode()
    assert "Giornata di un altro laboratorio" not in workshop_calendar.content.decode()
    province = built["/rete/grafo.json?province=MI"].content.decode()
    assert "Legame di un'altra provincia" in province
    assert "Legame costruito" not in province


def test_several_filters_at_once_and_years_are_made_per_request(client, filtered_world, worker):
    call_command("build_files", stdout=io.StringIO())

    both = client.get("/rete/grafo.json?province=LO&kind=third_sector")
    year = client.get("/rete/grafo.json?year=2019")
    empty_fields = client.get("/rete/grafo.json?kind=third_sector&year=&province=")
    junk = client.get("/rete/grafo.json?utm_source=newsletter")
    calendar_both = client.get(
        f"/calendario.ics?workshop={filtered_world['workshop'].slug}"
        f"&topic={filtered_world['topic'].slug}"
    )

    assert "Accept-Ranges" not in both
    assert "Accept-Ranges" not in year  # each year is nearly the whole graph: see graph_variants
    assert "Accept-Ranges" not in calendar_both
    assert "Giornata costruita" in calendar_both.content.decode()
    # A form sent with its other fields blank asks for one filter: the built file.
    assert empty_fields["ETag"] == client.get("/rete/grafo.json?kind=third_sector")["ETag"]
    assert junk["Accept-Ranges"] == "bytes"  # no parameter the view reads: the whole file


def test_a_filter_value_no_file_was_built_for_is_checked_by_the_view(client, world, worker):
    call_command("build_files", stdout=io.StringIO())

    assert client.get("/rete/grafo.json?year=2000").status_code == 400
    assert client.get("/rete/grafo.json?network=..%2F..%2Fsegreto").status_code == 400
    assert client.get("/calendario.ics?topic=inesistente").status_code == 404


def test_a_withdrawn_network_leaves_its_built_file_once_the_worker_ran(
    client, filtered_world, worker, django_capture_on_commit_callbacks
):
    call_command("build_files", stdout=io.StringIO())
    url = f"/rete/grafo.json?network={filtered_world['network'].slug}"
    assert client.get(url)["Accept-Ranges"] == "bytes"

    with django_capture_on_commit_callbacks(execute=True):
        network_withdraw(network=filtered_world["network"])
    worker.run()

    response = client.get(url)
    assert response.status_code == 400
    name = builtfiles.variant_name("rete/grafo.json", "network", filtered_world["network"].slug)
    assert builtfiles.read_manifest("it", name) is None


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
    from labimpact.cache import AnonymousPageCacheMiddleware

    # The page cache names the page it looks for (the cache itself is read by the views
    # too: the network's structure, the content version).
    asked = []
    page_key = AnonymousPageCacheMiddleware._key
    monkeypatch.setattr(
        AnonymousPageCacheMiddleware,
        "_key",
        staticmethod(lambda request, *args: asked.append(request.path) or page_key(request, *args)),
    )

    for url in [*URLS, *OBJECT_URLS]:
        client.get(url)
    assert asked == []
    client.get("/rete/grafo.json?year=2000")  # a variant made per request: a page
    assert asked


@pytest.fixture
def made_only_by_the_worker(monkeypatch):
    """What measures the network or writes a file raises inside a request; the worker may call it.

    A request is what Django's handler serves (``get_response``), so the guard holds for
    every page and file the test client asks, whatever view or middleware answers.
    """
    serving = []
    get_response = BaseHandler.get_response

    def serve(handler, request):
        serving.append(request.get_full_path())
        try:
            return get_response(handler, request)
        finally:
            serving.pop()

    monkeypatch.setattr(BaseHandler, "get_response", serve)
    guarded = [
        # The measures.
        (graph, "compute_measures"),
        (nx, "betweenness_centrality"),
        (nx, "connected_components"),
        (nx, "density"),
        (layout, "force_layout"),
        # The serialisers, and the views' own ways of making a file in the request.
        (nx, "generate_gexf"),
        (nx, "generate_graphml"),
        (exports, "actor_rows"),
        (exports, "link_rows"),
        (calendar, "build_calendar"),
        (network_tasks, "build_graph_json"),
        (network_views, "_graph_json"),
        (network_views, "_actors_csv"),
        (network_views, "_links_csv"),
        (network_views, "_gexf"),
        (network_views, "_graphml"),
        (workshop_tasks, "build_calendar_file"),
        (calendar_views, "ics_response"),
    ]
    for owner, name in guarded:
        original = getattr(owner, name)

        def refuse_in_requests(*args, _original=original, _name=name, **kwargs):
            if serving:
                raise AssertionError(f"{_name} called while serving {serving[-1]}")
            return _original(*args, **kwargs)

        monkeypatch.setattr(owner, name, refuse_in_requests)


def _text(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode("utf-8-sig")


def test_after_a_change_every_page_and_file_reads_what_the_worker_built(
    client, worker, made_only_by_the_worker, django_capture_on_commit_callbacks
):
    known = ActorFactory(name="Cooperativa Misurata", slug="cooperativa-misurata")
    network = NetworkFactory(name="Rete Misurata", slug="rete-misurata")
    MembershipFactory(network=network, actor=known)
    LinkFactory(source=known, target=ActorFactory(name="Comune Vicino"))
    newcomer = ActorFactory(
        name="Associazione Nuova", slug="associazione-nuova", is_published=False
    )
    LinkFactory(source=newcomer, target=known, description="Legame della nuova")
    MembershipFactory(network=network, actor=newcomer)
    leaving = ActorFactory(name="Fondazione Uscente", slug="fondazione-uscente")
    LinkFactory(source=leaving, target=known)
    session = SessionFactory(title="Giornata annunciata", is_published=False)
    call_command("build_files", stdout=io.StringIO())
    pages = [
        "/rete/",
        "/rete/?ordina=intermediazione",
        "/rete/mappa/",
        "/rete/attori/cooperativa-misurata/",
        "/rete/attori/associazione-nuova/",
        "/rete/reti/rete-misurata/",
        "/en/rete/",
        "/en/rete/attori/associazione-nuova/",
        "/calendario/",
    ]

    with django_capture_on_commit_callbacks(execute=True):
        actor_publish(actor=newcomer)
        actor_withdraw(actor=leaving)
        session_publish(session=session)
    assert worker.queued

    # The worker has not run yet: every page answers, from the database and the last
    # measures built; the newcomer's are not there yet, and its page says so.
    before = {url: client.get(url) for url in pages}
    for url, response in before.items():
        assert response.status_code == 200, url
        assert "Fondazione Uscente" not in _text(response), url
    assert "Le misure della rete sono in calcolo" in _text(
        before["/rete/attori/associazione-nuova/"]
    )
    assert "Network measures are being computed" in _text(
        before["/en/rete/attori/associazione-nuova/"]
    )
    variants = [
        "/rete/grafo.json?network=rete-misurata",
        "/rete/grafo.json?province=LO",
        "/en/rete/grafo.json?kind=third_sector",
        f"/calendario.ics?workshop={session.workshop.slug}",
        f"/laboratori/{session.workshop.slug}/calendario.ics",
        f"/en/laboratori/{session.workshop.slug}/calendario.ics",
    ]
    for url in [*URLS, *variants]:
        assert client.get(url).status_code == 200, url
    # Published since the last build: its file is on its way.
    event = f"/laboratori/{session.workshop.slug}/{session.slug}/evento.ics"
    assert client.get(event).status_code == 503

    worker.run()

    after = {url: _text(client.get(url)) for url in pages}
    newcomer_page = after["/rete/attori/associazione-nuova/"]
    assert MEASURES_PENDING not in newcomer_page
    assert "Legami (attori collegati)</dt><dd>1</dd>" in newcomer_page
    assert "Legami (attori collegati)</dt><dd>2</dd>" in after["/rete/attori/cooperativa-misurata/"]
    assert "Associazione Nuova" in after["/rete/"]
    assert "Membri pubblicati</dt><dd>2</dd>" in after["/rete/reti/rete-misurata/"]
    for url in [*URLS, *variants, event, "/en" + event]:
        text = _text(client.get(url))
        if ".ics" in url:
            assert "Giornata annunciata" in text, url
        else:
            assert "Associazione Nuova" in text, url
            assert "Fondazione Uscente" not in text, url


@pytest.fixture
def measured_world():
    known = ActorFactory(name="Cooperativa Misurata", slug="cooperativa-misurata")
    LinkFactory(source=known, target=ActorFactory(name="Comune Vicino"))
    newcomer = ActorFactory(
        name="Associazione Nuova", slug="associazione-nuova", is_published=False
    )
    LinkFactory(source=newcomer, target=known)
    return {"known": known, "newcomer": newcomer}


def test_before_the_first_build_pages_render_without_measures_and_say_so(
    client, measured_world, worker, made_only_by_the_worker
):
    network = MembershipFactory(actor=measured_world["known"]).network

    for url in ("/rete/", "/rete/attori/cooperativa-misurata/", network.get_absolute_url()):
        response = client.get(url)
        assert response.status_code == 200, url
        assert MEASURES_PENDING in _text(response), url
    assert network.name in _text(client.get("/rete/"))
    assert worker.queued == [("rebuild_network_files", "networks", content_version())]

    worker.run()

    page = _text(client.get("/rete/attori/cooperativa-misurata/"))
    assert MEASURES_PENDING not in page
    assert KNOWN_DEGREE in page


def test_with_redis_down_pages_read_the_measures_from_storage(
    client, measured_world, worker, made_only_by_the_worker, settings
):
    call_command("build_files", stdout=io.StringIO())
    settings.CACHES = unreachable_redis_caches()
    assert isinstance(caches["default"], ReusingRedisCache)

    page = client.get("/rete/attori/cooperativa-misurata/")
    overview = client.get("/rete/")

    assert KNOWN_DEGREE in _text(page)
    assert "Cooperativa Misurata" in _text(overview)
    assert MEASURES_PENDING not in _text(overview)


def test_a_page_cached_with_old_measures_is_replaced_once_the_worker_stored_new_ones(
    client, measured_world, worker, page_cache, django_capture_on_commit_callbacks
):
    call_command("build_files", stdout=io.StringIO())
    with django_capture_on_commit_callbacks(execute=True):
        actor_publish(actor=measured_world["newcomer"])
    url = "/rete/attori/associazione-nuova/"
    assert MEASURES_PENDING in _text(client.get(url))
    assert client.get(url)["X-Cache"] == "hit"

    worker.run()

    response = client.get(url)
    assert response["X-Cache"] == "miss"
    assert MEASURES_PENDING not in _text(response)
    assert KNOWN_DEGREE in _text(response)
    # Current measures: the page is kept until the next change, as any page.
    assert client.get(url)["X-Cache"] == "hit"


def test_an_unknown_object_is_404_and_builds_nothing(client, world, worker, no_building):
    for url in [
        "/laboratori/nessuno/calendario.ics",
        "/laboratori/lab-costruito/nessuna/evento.ics",
        "/temi/nessuno/calendario.ics",
        "/en/relatori/nessuno/calendario.ics",
    ]:
        response = client.get(url)
        assert response.status_code == 404, url
        # The site's page, with its menu and its policies, in the path's language.
        assert b'<nav class="navbar' in response.content, url
        assert "script-src 'self'" in response["Content-Security-Policy"], url
        assert response["X-Frame-Options"] == "DENY", url
    assert 'lang="en"' in response.text
    assert worker.queued == []


def test_an_object_published_since_the_last_build_is_503_until_the_task_ran(
    client, world, worker, django_capture_on_commit_callbacks
):
    speaker = SpeakerFactory(last_name="Nuova", slug="relatrice-nuova", is_published=False)
    SessionSpeakerFactory(session=world["session"], speaker=speaker)
    call_command("build_files", stdout=io.StringIO())
    assert client.get("/relatori/relatrice-nuova/calendario.ics").status_code == 404

    with django_capture_on_commit_callbacks(execute=True):
        speaker.is_published = True
        speaker.save()
    waiting = client.get("/relatori/relatrice-nuova/calendario.ics")
    assert waiting.status_code == 503
    assert waiting["Retry-After"] == str(builtfiles.RETRY_AFTER_SECONDS)

    worker.run()
    built = client.get("/relatori/relatrice-nuova/calendario.ics")
    assert built.status_code == 200
    assert "Giornata costruita" in built.content.decode()
    assert built["Content-Disposition"] == 'attachment; filename="labimpact-relatrice-nuova.ics"'


def test_a_withdrawn_object_leaves_its_file_once_the_task_ran(
    client, world, worker, django_capture_on_commit_callbacks
):
    call_command("build_files", stdout=io.StringIO())
    url = "/relatori/relatrice/calendario.ics"
    assert client.get(url).status_code == 200
    speaker = world["session"].session_speakers.get().speaker

    with django_capture_on_commit_callbacks(execute=True):
        speaker.is_published = False
        speaker.save()
    worker.run()

    assert client.get(url).status_code == 404
    assert builtfiles.read_manifest("it", "relatori/relatrice/calendario.ics") is None


def test_an_object_file_has_etag_compression_and_ranges(client, world, worker, no_building):
    url = "/laboratori/lab-costruito/giornata-costruita/evento.ics"
    plain = client.get(url)
    assert plain["Accept-Ranges"] == "bytes"
    assert client.get(url, HTTP_IF_NONE_MATCH=plain["ETag"]).status_code == 304
    compressed = client.get(url, HTTP_ACCEPT_ENCODING="br")
    assert compressed["Content-Encoding"] == "br"
    assert brotli.decompress(compressed.content) == plain.content
    part = client.get(url, HTTP_RANGE="bytes=0-14")
    assert part.status_code == 206
    assert b"".join(part.streaming_content) == plain.content[:15]


def test_the_per_object_group_knows_when_it_was_last_built(world):
    group = builtfiles.GROUPS["workshop-calendars"]
    assert builtfiles.overdue(group)

    call_command("build_files", "workshop-calendars", stdout=io.StringIO())

    assert not builtfiles.overdue(group)


@pytest.fixture
def inner_stack_refused(monkeypatch):
    """The middleware after BuiltFilesMiddleware, and URL resolution, fail if reached."""
    from csp.middleware import CSPMiddleware
    from django.contrib.sessions.middleware import SessionMiddleware

    from labimpact.cache import AnonymousPageCacheMiddleware

    refuse = refusing("a built file went through the whole stack")
    monkeypatch.setattr(AnonymousPageCacheMiddleware, "__call__", refuse)
    monkeypatch.setattr(SessionMiddleware, "process_request", refuse)
    monkeypatch.setattr(CSPMiddleware, "process_response", refuse)
    monkeypatch.setattr(BaseHandler, "resolve_request", refuse)


def test_built_files_are_answered_before_the_rest_of_the_stack(
    client, worker, no_building, inner_stack_refused
):
    from labimpact.middleware import BUILT_FILE_POLICY

    for url in URLS:
        language = "en" if url.startswith("/en/") else "it"
        response = client.get(url, headers={"accept-encoding": "identity"})
        assert response.status_code == 200, url
        name = FILES[url.removeprefix("/en")]
        manifest = builtfiles.read_manifest(language, name)
        with default_storage.open(manifest["bodies"]["identity"]["path"]) as body:
            assert response.getvalue() == body.read(), url
        assert response["ETag"] == f'"{manifest["hash"]}"'
        assert response["Content-Language"] == language
        # Data, never a document: nothing in it may run, whoever frames or opens it.
        assert response["Content-Security-Policy"] == BUILT_FILE_POLICY
        # Set outside the built files' middleware: kept.
        assert response["X-Content-Type-Options"] == "nosniff"
        if url.removeprefix("/en").startswith("/rete/"):
            assert 'rel="license"' in response["Link"]
    for url in OBJECT_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        assert response["Content-Language"] == ("en" if url.startswith("/en/") else "it")
        assert response["Content-Security-Policy"] == BUILT_FILE_POLICY
    assert client.head("/calendario.ics").status_code == 200
    tag = client.get("/calendario.ics")["ETag"]
    assert client.get("/calendario.ics", headers={"if-none-match": tag}).status_code == 304


def test_a_query_another_method_or_no_public_address_take_the_whole_stack(
    client, worker, no_building, settings
):
    from labimpact.middleware import BUILT_FILE_POLICY

    filtered = client.get("/rete/grafo.json?year=")  # an empty filter: the whole graph
    assert filtered.status_code == 200
    assert filtered["Content-Security-Policy"] != BUILT_FILE_POLICY
    assert filtered["X-Frame-Options"] == "DENY"

    refused = client.post("/calendario.ics")
    assert refused.status_code == 405
    assert refused["Content-Security-Policy"] != BUILT_FILE_POLICY

    settings.SITE_URL = ""
    made = client.get("/rete/grafo.json")
    assert made.status_code == 200
    assert made["Content-Security-Policy"] != BUILT_FILE_POLICY
