"""Outages degrade, never break: no Redis means pages from the database, no database a 503."""

import io
import logging
import time

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError, ProgrammingError
from django.test import Client
from django.urls import reverse
from PIL import Image
from redis.exceptions import ConnectionError as RedisConnectionError

from labimpact.middleware import DatabaseUnavailableMiddleware, database_unavailable_response
from labimpact.redis_cache import ReusingRedisCache, ReusingRedisCacheClient
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    LinkFactory,
    MembershipFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
)
from tests.outages import form_fields, unreachable_database, unreachable_redis_caches
from tests.urlwalk import urls_to_visit

pytestmark = pytest.mark.django_db

UNAVAILABLE_TEXT = "Servizio momentaneamente non disponibile"
UNAVAILABLE_TEXT_EN = "Service temporarily unavailable"
# Pages whose view never reads the database (the search form before a search, the calendar
# subscription steps): they still answer when it is down.
DATABASE_FREE_PATHS = {
    "/robots.txt",
    "/cerca/",
    "/en/cerca/",
    "/calendario/come-iscriversi/",
    "/en/calendario/come-iscriversi/",
    "/esempio-collegamento/",
    "/en/esempio-collegamento/",
    # The API's documentation, index and schema come from the code, not from the database.
    "/api/",
    "/en/api/",
    "/api/v1/",
    "/api/v1/openapi.json",
    # What the open data are and where to take them: the downloads need the database.
    "/dati/",
    "/en/dati/",
    # A registration link's page reached without its link (a bookmark, a crawler) explains
    # where links come from, before reading anything.
    "/iscrizioni/conferma/",
    "/en/iscrizioni/conferma/",
    "/iscrizioni/annulla/",
    "/en/iscrizioni/annulla/",
    "/iscrizioni/cancella-dati/",
    "/en/iscrizioni/cancella-dati/",
}


@pytest.fixture(
    params=[
        pytest.param("page cache off"),
        pytest.param("page cache on"),
    ]
)
def redis_down(request, settings):
    """The project's Redis backend pointed at a port nothing listens on."""
    if request.param == "page cache on":
        request.getfixturevalue("page_cache")
    else:
        settings.PAGE_CACHE_SECONDS = 0
    settings.CACHES = unreachable_redis_caches()
    assert isinstance(caches["default"], ReusingRedisCache)


def _portrait():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 40), "teal").save(buffer, "PNG")
    return SimpleUploadedFile("ritratto.png", buffer.getvalue(), content_type="image/png")


def _public_world():
    topic = TopicFactory(name="Accoglienza", slug="accoglienza")
    session = SessionFactory(title="Giornata di rete")
    session.topics.add(topic)
    speaker = SpeakerFactory(last_name="Bianchi", slug="relatrice-bianchi", photo=_portrait())
    SessionSpeakerFactory(session=session, speaker=speaker)
    ArticleFactory(title="Resoconto della giornata", session=session, topics=[topic])
    link = LinkFactory()
    MembershipFactory(actor=link.source)
    ActorFactory(name="Comune di Lodi")


def test_redis_down_every_public_page_answers_from_the_database(redis_down, client, caplog):
    _public_world()
    paths, missing = urls_to_visit()
    assert not missing

    started = time.monotonic()
    with caplog.at_level(logging.WARNING, logger="labimpact.redis_cache"):
        statuses = {path: client.get(path).status_code for path in paths}
        home = client.get("/")
        english_home = client.get("/en/")
    elapsed = time.monotonic() - started

    assert {path: s for path, s in statuses.items() if s not in (200, 404)} == {}
    assert "Resoconto della giornata" in home.content.decode()
    assert "Resoconto della giornata" in english_home.content.decode()
    assert home.get("X-Cache") != "hit"
    # One warning for the outage, not one per cache call (hundreds here); one more per
    # minute it lasts at most.
    warnings = [r for r in caplog.records if r.name == "labimpact.redis_cache"]
    assert 1 <= len(warnings) <= 1 + elapsed // 60
    assert "Cache unavailable" in warnings[0].getMessage()


def test_redis_down_editor_logs_in_through_the_form_and_saves(redis_down, editor):
    topic = TopicFactory(name="Accoglienza", slug="accoglienza")
    browser = Client(enforce_csrf_checks=True)
    login_url = reverse("admin:login")
    form = form_fields(browser.get(login_url).content.decode(), "login-form")
    form.update(username=["editor"], password=["pw-editor-123"])

    logged_in = browser.post(login_url, form, follow=True)
    change_url = reverse("admin:workshops_topic_change", args=[topic.pk])
    page = browser.get(change_url).content.decode()
    form = form_fields(page, "topic_form")
    form["name"] = ["Accoglienza diffusa"]
    saved = browser.post(change_url, form, follow=True)

    assert logged_in.status_code == 200
    assert logged_in.context["user"] == editor
    assert saved.status_code == 200
    assert "Accoglienza diffusa" in saved.content.decode()
    topic.refresh_from_db()
    assert topic.name == "Accoglienza diffusa"
    public = Client().get(topic.get_absolute_url())
    assert "Accoglienza diffusa" in public.content.decode()


def test_redis_down_health_says_the_cache_is_unavailable_with_200(settings, page_cache, client):
    settings.CACHES = unreachable_redis_caches()

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def _unreachable_backend(backoff_seconds=5):
    params = unreachable_redis_caches()["default"]
    params["OPTIONS"]["backoff_seconds"] = backoff_seconds
    return ReusingRedisCache(params["LOCATION"], params)


def test_redis_down_backend_answers_as_an_empty_cache():
    backend = _unreachable_backend()

    assert backend.get("page") is None
    assert backend.get("page", "default") == "default"
    assert backend.get_many(["page", "version"]) == {}
    assert backend.add("version", 1) is False
    assert backend.set("page", "body") is None
    assert backend.set_many({"page": "body"}) == ["page"]
    assert backend.has_key("page") is False
    assert backend.delete("page") is False
    assert backend.touch("page") is False
    assert backend.clear() is False
    assert backend.get_or_set("fragment", lambda: "computed") == "computed"
    # The content version's code relies on incr failing as for a missing key.
    with pytest.raises(ValueError, match="not found"):
        backend.incr("version")
    with pytest.raises(ValueError, match="not found"):
        backend.decr("version")


def test_redis_down_backend_skips_redis_for_the_backoff_then_retries(monkeypatch, caplog):
    backend = _unreachable_backend(backoff_seconds=0.3)
    attempts = []
    get_client = ReusingRedisCacheClient.get_client

    def counting_get_client(self, *args, **kwargs):
        attempts.append(1)
        return get_client(self, *args, **kwargs)

    monkeypatch.setattr(ReusingRedisCacheClient, "get_client", counting_get_client)

    with caplog.at_level(logging.WARNING, logger="labimpact.redis_cache"):
        for _ in range(100):
            backend.get("page")
        skipped = len(attempts)
        time.sleep(0.4)
        backend.get("page")

    assert skipped == 1
    assert len(attempts) == 2
    assert len(caplog.records) == 1


def test_redis_back_after_an_outage_is_used_again_and_logged(monkeypatch, caplog):
    backend = _unreachable_backend(backoff_seconds=0)
    answers = iter([RedisConnectionError("refused"), b"stored"])

    def get(self, key, default):
        answer = next(answers)
        if isinstance(answer, Exception):
            raise answer
        return answer

    monkeypatch.setattr(ReusingRedisCacheClient, "get", get)

    with caplog.at_level(logging.WARNING, logger="labimpact.redis_cache"):
        during = backend.get("page", "default")
        after = backend.get("page", "default")

    assert (during, after) == ("default", b"stored")
    messages = [record.getMessage() for record in caplog.records]
    assert len(messages) == 2
    assert messages[0].startswith("Cache unavailable")
    assert "available again" in messages[1]


def test_database_down_every_page_answers_503_with_the_error_page(client, editor, tmp_path, caplog):
    _public_world()
    paths, missing = urls_to_visit()
    assert not missing
    editor_browser = Client()
    editor_browser.force_login(editor)

    with caplog.at_level(logging.ERROR), unreachable_database(tmp_path):
        responses = {path: client.get(path) for path in paths}
        health = responses.pop("/health/")
        admin_pages = [
            editor_browser.get(reverse("admin:index")),
            editor_browser.get(reverse("admin:workshops_topic_changelist")),
            client.post(reverse("admin:login"), {"username": "editor", "password": "x"}),
        ]

    assert {
        path: r.status_code for path, r in responses.items() if r.status_code != 503
    } == dict.fromkeys(DATABASE_FREE_PATHS, 200)
    for path, response in [*responses.items(), *(("admin", r) for r in admin_pages)]:
        if path in DATABASE_FREE_PATHS:
            continue
        assert response.status_code == 503, path
        assert response["Retry-After"] == "30", path
        assert "no-store" in response["Cache-Control"], path
        expected = UNAVAILABLE_TEXT_EN if path.startswith("/en/") else UNAVAILABLE_TEXT
        assert expected in response.content.decode(), path
    assert '<html lang="en">' in responses["/en/"].content.decode()
    assert '<html lang="it">' in responses["/"].content.decode()
    assert health.status_code == 503
    assert health.json() == {"status": "error", "database": "unavailable", "cache": "ok"}
    assert any("Database unavailable" in r.getMessage() for r in caplog.records)
    # One line each, not a server error's traceback.
    assert not [r for r in caplog.records if r.exc_info]


def test_database_lost_in_a_middleware_answers_503(settings, editor, tmp_path):
    # The session is read after the view, outside it: Django has turned the error into
    # a 500 before DatabaseUnavailableMiddleware sees the response.
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, f"{__name__}.ReadsTheUserAfterTheView"]
    browser = Client(raise_request_exception=False)
    browser.force_login(editor)

    with unreachable_database(tmp_path):
        response = browser.get("/robots.txt")

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert UNAVAILABLE_TEXT in response.content.decode()


class ReadsTheUserAfterTheView:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        request.user.is_authenticated  # noqa: B018 - loads the session and the user
        return response


def test_unavailable_page_renders_without_the_database(tmp_path):
    with unreachable_database(tmp_path):
        response = database_unavailable_response()

    assert response.status_code == 503
    assert UNAVAILABLE_TEXT in response.content.decode()


def test_query_errors_stay_server_errors(rf):
    middleware = DatabaseUnavailableMiddleware(lambda request: None)

    assert middleware.process_exception(rf.get("/"), ProgrammingError("no such column")) is None
    assert middleware.process_exception(rf.get("/"), OperationalError("refused")).status_code == 503
