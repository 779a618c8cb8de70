"""The page cache: anonymous visitors get stored pages, editors and previews never do."""

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse

from labimpact.cache import content_version
from tests.factories import ArticleFactory, SessionFactory, TopicFactory, WorkshopFactory
from tests.forms import form_data
from workshops.models import Article, Session

# The test settings keep the page cache off; every test here is about it.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


def test_anonymous_visitor_gets_the_stored_page_without_queries(client, django_assert_num_queries):
    ArticleFactory(title="Reti e coprogettazione")
    url = reverse("workshops:article_list")

    first = client.get(url)
    with django_assert_num_queries(0):
        second = client.get(url)

    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert "Reti e coprogettazione" in second.content.decode()
    assert second.content == first.content


def test_cached_pages_set_no_cookies_and_keep_security_headers(client):
    ArticleFactory()
    for _ in range(2):
        response = client.get("/")
        assert not response.cookies
        assert "Set-Cookie" not in response
    assert response["X-Cache"] == "hit"
    assert response["X-Frame-Options"] == "DENY"
    assert "Content-Security-Policy" in response
    assert response["X-Content-Type-Options"] == "nosniff"


def test_saving_content_shows_at_once(client):
    article = ArticleFactory(title="Titolo di prima")
    client.get(article.get_absolute_url())
    client.get("/")

    article.refresh_from_db()
    article.title = "Titolo di dopo"
    article.save()

    detail = client.get(article.get_absolute_url())
    assert detail["X-Cache"] == "miss"
    assert "Titolo di dopo" in detail.content.decode()
    assert "Titolo di dopo" in client.get("/").content.decode()


def test_publishing_a_draft_shows_it_in_lists_at_once(client):
    draft = ArticleFactory(draft=True, title="Resoconto appena pubblicato")
    assert "Resoconto appena pubblicato" not in client.get("/articoli/").content.decode()

    draft.refresh_from_db()
    draft.status = Article.Status.PUBLISHED
    draft.published_at = draft.created_at
    draft.save()

    assert "Resoconto appena pubblicato" in client.get("/articoli/").content.decode()


def test_deleting_and_retagging_bump_the_version():
    article = ArticleFactory()
    before = content_version()
    article.topics.add(TopicFactory())
    after_tagging = content_version()
    article.delete()

    assert before < after_tagging < content_version()


def test_withdrawal_through_the_admin_change_form_shows_at_once(editor_client):
    client = Client()  # editor_client is the default client, logged in
    session = SessionFactory(title="Giornata da ritirare")
    url = session.workshop.get_absolute_url()
    assert "Giornata da ritirare" in client.get(url).content.decode()
    change = reverse("admin:workshops_session_change", args=[session.pk])

    response = editor_client.post(
        change,
        form_data(
            editor_client.get(change).content.decode(),
            "session_form",
            is_published=False,
            _save="Salva",
        ),
    )

    assert response.status_code == 302
    assert not Session.objects.get(pk=session.pk).is_published
    page = client.get(url)
    assert page["X-Cache"] == "miss"
    assert "Giornata da ritirare" not in page.content.decode()


def test_logged_in_editor_bypasses_the_cache(editor_client):
    client = Client()
    ArticleFactory()
    client.get("/")
    client.get("/")

    response = editor_client.get("/")

    assert "X-Cache" not in response


def test_any_cookie_bypasses_the_cache(client):
    client.cookies["csrftoken"] = "a" * 32
    client.get("/")
    assert "X-Cache" not in client.get("/")


def test_draft_preview_is_never_stored(editor_client):
    client = Client()
    draft = ArticleFactory(draft=True, title="Bozza riservata")

    preview = editor_client.get(draft.get_absolute_url())
    anonymous = client.get(draft.get_absolute_url())

    assert "Bozza riservata" in preview.content.decode()
    assert "no-store" in preview["Cache-Control"]
    assert anonymous.status_code == 404
    assert "Bozza riservata" not in anonymous.content.decode()


def test_not_found_pages_and_admin_are_not_stored(client):
    client.get("/articoli/non-esiste/")
    assert "X-Cache" not in client.get("/articoli/non-esiste/")
    assert "X-Cache" not in client.get("/admin/login/")


def test_query_string_is_part_of_the_key(client):
    WorkshopFactory(slug="lab-uno")
    ArticleFactory(title="Primo articolo")
    client.get("/cerca/?q=primo")

    other = client.get("/cerca/?q=nessuno")

    assert other["X-Cache"] == "miss"
    assert "Primo articolo" not in other.content.decode()


def test_page_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.get("/")
    assert "X-Cache" not in client.get("/")


def test_cached_year_filter_gains_a_new_year_at_once(client):
    ArticleFactory(published_at=dt.datetime(2019, 5, 1, tzinfo=dt.UTC))
    assert '<option value="2021"' not in client.get("/articoli/").content.decode()

    ArticleFactory(published_at=dt.datetime(2021, 5, 1, tzinfo=dt.UTC))

    page = client.get("/articoli/", {"topic": ""}).content.decode()
    assert '<option value="2021"' in page
    assert '<option value="2019"' in page


def test_redis_backend_reuses_one_client_per_pool():
    from labimpact.redis_cache import ReusingRedisCache

    backend = ReusingRedisCache("redis://127.0.0.1:6379/15", {})

    first = backend._cache.get_client("a")
    assert backend._cache.get_client("b") is first
    assert first.connection_pool is backend._cache._get_connection_pool(write=False)


@pytest.mark.parametrize(("url", "language"), [("/articoli/", "it"), ("/en/articoli/", "en")])
def test_both_languages_are_cached_whatever_the_browser_asks(client, url, language):
    ArticleFactory(title="Reti e coprogettazione")

    first = client.get(url, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
    second = client.get(url, HTTP_ACCEPT_LANGUAGE="it-IT")

    assert "accept-language" not in first.get("Vary", "").lower()
    assert first["X-Cache"] == "miss"
    assert second["X-Cache"] == "hit"
    assert first["Content-Language"] == language
    assert f'lang="{language}"' in second.content.decode()


def test_admin_still_follows_the_browser_language(admin_client):
    response = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="en")

    assert "accept-language" in response.get("Vary", "").lower()


@pytest.mark.parametrize(
    ("accept", "gzipped"),
    [("gzip, deflate, br", True), ("br;q=1.0, gzip;q=0.5", True), ("gzip;q=0", False), ("", False)],
)
def test_stored_pages_go_out_gzipped_to_clients_that_accept_it(client, accept, gzipped):
    import gzip

    for number in range(30):
        ArticleFactory(title=f"Resoconto numero {number}")
    url = reverse("workshops:article_list")
    plain = client.get(url)

    hit = client.get(url, HTTP_ACCEPT_ENCODING=accept)

    assert hit["X-Cache"] == "hit"
    assert "accept-encoding" in hit["Vary"].lower()
    if gzipped:
        assert hit["Content-Encoding"] == "gzip"
        assert gzip.decompress(hit.content) == plain.content
        assert int(hit["Content-Length"]) == len(hit.content) < len(plain.content)
    else:
        assert not hit.has_header("Content-Encoding")
        assert hit.content == plain.content


def test_gzipped_calendar_still_answers_conditional_requests(client):
    topic = TopicFactory()
    for _ in range(10):
        SessionFactory().topics.add(topic)
    # A filtered calendar is made per request and kept here; the whole calendar is a
    # built file, with ETags of its own (tests/labimpact/test_built_files.py).
    url = reverse("workshops:calendar_ics") + f"?topic={topic.slug}"
    client.get(url)
    hit = client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    again = client.get(url, HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=hit["ETag"])

    assert hit["Content-Encoding"] == "gzip"
    assert hit["ETag"].startswith("W/")
    assert again.status_code == 304


@pytest.mark.parametrize("accept", ["gzip", ""])
def test_large_bodies_are_stored_apart_and_served_whole(client, monkeypatch, accept):
    import gzip

    from labimpact import cache as page_cache

    monkeypatch.setattr(page_cache, "SEPARATE_BODY_BYTES", 2048)
    for number in range(30):
        ArticleFactory(title=f"Resoconto numero {number}")
    url = reverse("workshops:article_list")
    plain = client.get(url)

    hit = client.get(url, HTTP_ACCEPT_ENCODING=accept)

    assert hit["X-Cache"] == "hit"
    body = gzip.decompress(hit.content) if accept else hit.content
    assert body == plain.content
    assert int(hit["Content-Length"]) == len(hit.content)


class CountingCache:
    """The cache, counting the round trips the page cache makes to it."""

    def __init__(self, cache):
        self.cache = cache
        self.calls = []
        self.written = []

    def __getattr__(self, name):
        method = getattr(self.cache, name)

        def counted(*args, **kwargs):
            self.calls.append(name)
            if name == "set":
                self.written.append(args[0])
            elif name == "set_many":
                self.written.extend(args[0])
            return method(*args, **kwargs)

        return counted


@pytest.fixture
def round_trips(monkeypatch):
    from django.core.cache import cache

    from labimpact import cache as page_cache

    counting = CountingCache(cache)
    monkeypatch.setattr(page_cache, "cache", counting)
    return counting


@pytest.fixture
def written_keys(round_trips):
    return round_trips.written


def test_plain_hit_is_one_cache_round_trip(client, round_trips):
    ArticleFactory()
    client.get("/articoli/")
    round_trips.calls.clear()

    assert client.get("/articoli/")["X-Cache"] == "hit"
    assert round_trips.calls == ["get_many"]


def test_parameters_no_view_reads_are_served_the_plain_page(client):
    ArticleFactory(title="Resoconto unico")
    plain = client.get("/articoli/")
    # The first request with a name never seen asks the view, which does not read it…
    first = client.get("/articoli/?utm_source=newsletter")
    # …so from then on that name is not part of the key.
    other = client.get("/articoli/?utm_source=social")

    assert first.get("X-Cache") != "hit"
    assert "Resoconto unico" in first.content.decode()
    assert other["X-Cache"] == "hit"
    assert other.content == plain.content
    assert "utm_source" not in client.get("/articoli/").content.decode()


def test_known_ignored_parameter_stores_the_plain_page_on_a_miss(client):
    ArticleFactory(title="Resoconto unico")
    client.get("/articoli/?utm_source=newsletter")  # the manifest learns the name
    ArticleFactory(title="Resoconto nuovo")  # every stored page is stale

    tracked = client.get("/articoli/?utm_source=social")
    plain = client.get("/articoli/")

    assert tracked["X-Cache"] == "miss"
    assert plain["X-Cache"] == "hit"
    assert "Resoconto nuovo" in plain.content.decode()
    assert "utm_source" not in plain.content.decode()


def test_junk_parameters_cannot_fill_the_cache(client, round_trips, written_keys):
    ArticleFactory()
    client.get("/articoli/")
    client.get("/articoli/?utm_source=a")
    written_keys.clear()

    for number in range(20):
        response = client.get(f"/articoli/?junk{number}=x&utm_source={number}")
        assert "Resoconto" in response.content.decode()

    # Only the path's manifest, which keeps at most a few dozen ignored names.
    assert {key for key in written_keys if "manifest" not in key} == set()


def test_parameters_the_view_reads_are_part_of_the_key_in_any_order(client):
    first = TopicFactory(slug="primo-tema")
    second = TopicFactory(slug="secondo-tema")
    ArticleFactory(title="Sul primo tema", topics=[first])
    ArticleFactory(title="Sul secondo tema", topics=[second])
    # The plain list reads no filter: the filters still count once they are sent.
    client.get("/articoli/")

    filtered = client.get("/articoli/?topic=primo-tema&year=")
    other = client.get("/articoli/?topic=secondo-tema")
    reordered = client.get("/articoli/?year=&topic=primo-tema")
    client.get("/articoli/?year=&topic=primo-tema&utm_source=x")
    tracked = client.get("/articoli/?utm_source=y&year=&topic=primo-tema")

    assert filtered["X-Cache"] == "miss"
    assert "Sul primo tema" in filtered.content.decode()
    assert "Sul secondo tema" not in filtered.content.decode()
    assert "Sul secondo tema" in other.content.decode()
    assert "Sul primo tema" not in other.content.decode()
    assert reordered["X-Cache"] == tracked["X-Cache"] == "hit"
    assert reordered.content == tracked.content == filtered.content


def test_page_showing_unread_parameters_is_not_stored_under_the_plain_key(client):
    for number in range(30):
        ArticleFactory(title=f"Resoconto numero {number}")

    # The pagination links keep the whole query string, junk included.
    poisoned = client.get("/articoli/?tracking=attacker")
    plain = client.get("/articoli/")

    assert "tracking=attacker" in poisoned.content.decode()
    assert "tracking=attacker" not in plain.content.decode()


def test_bodies_over_the_size_limit_are_not_stored(client, settings):
    from django.core.cache import cache

    for number in range(5):
        ArticleFactory(title=f"Resoconto numero {number}")
    size = len(client.get("/articoli/").content)
    cache.clear()
    settings.PAGE_CACHE_MAX_BYTES = size - 1

    client.get("/articoli/")
    response = client.get("/articoli/")

    assert "X-Cache" not in response
    assert "Resoconto numero 4" in response.content.decode()
    settings.PAGE_CACHE_MAX_BYTES = size
    client.get("/articoli/")
    assert client.get("/articoli/")["X-Cache"] == "hit"


def test_a_cache_that_keeps_nothing_serves_every_page_from_the_view(client, settings):
    # What the Redis backend answers during an outage: nothing found, nothing kept.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    ArticleFactory(title="Resoconto sempre visibile")

    for url in ["/articoli/", "/articoli/", "/articoli/?utm_source=x", "/articoli/?year="]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Resoconto sempre visibile" in response.content.decode(), url
        assert "X-Cache" not in response, url
