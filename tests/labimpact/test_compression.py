"""Pages go out gzipped to anonymous visitors whose browser takes gzip, cached or not."""

import gzip

import pytest
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse
from isal import igzip

from labimpact.middleware import CompressionMiddleware, accepts_gzip
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db

BIG_HTML = "<!doctype html><title>t</title>" + "<p>Lab'Impact</p>" * 100


@pytest.fixture
def articles():
    for number in range(20):
        ArticleFactory(title=f"Resoconto numero {number}")


@pytest.mark.parametrize(
    ("accept", "taken"),
    [
        ("gzip, deflate, br", True),
        ("br;q=1.0, gzip;q=0.5", True),
        ("GZIP", True),
        ("*", True),
        ("gzip;q=0", False),
        ("gzip;q=0.0, br", False),
        ("*;q=0", False),
        ("identity", False),
        ("br, *;q=0.1, gzip;q=0", False),
        ("", False),
    ],
)
def test_accept_encoding_is_read_with_its_qualities(accept, taken):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING=accept)

    assert accepts_gzip(request) is taken


@pytest.mark.parametrize("page_cache_on", [False, True])
def test_a_page_rendered_for_this_visitor_goes_out_gzipped(
    client, articles, settings, page_cache_on
):
    if page_cache_on:
        settings.PAGE_CACHE_SECONDS = 60
    url = reverse("workshops:article_list")

    first = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    second = client.get(url, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    plain = client.get(url)

    for response in (first, second):
        assert response["Content-Encoding"] == "gzip"
        assert "accept-encoding" in response["Vary"].lower()
        assert gzip.decompress(response.content) == plain.content
        assert int(response["Content-Length"]) < len(plain.content) / 3
    if page_cache_on:
        assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert not plain.has_header("Content-Encoding")
    assert "accept-encoding" in plain["Vary"].lower()


@pytest.mark.parametrize("page_cache_on", [False, True])
def test_a_client_that_refuses_gzip_gets_the_plain_page(client, articles, settings, page_cache_on):
    if page_cache_on:
        settings.PAGE_CACHE_SECONDS = 60
    url = reverse("workshops:article_list")
    client.get(url, HTTP_ACCEPT_ENCODING="gzip")

    refused = client.get(url, HTTP_ACCEPT_ENCODING="gzip;q=0, identity")

    assert not refused.has_header("Content-Encoding")
    assert b"Resoconto numero" in refused.content


def test_signed_in_editors_get_plain_pages(editor_client, articles):
    for url in (reverse("workshops:article_list"), reverse("admin:index")):
        response = editor_client.get(url, HTTP_ACCEPT_ENCODING="gzip")

        assert response.status_code == 200
        assert not response.has_header("Content-Encoding")


@pytest.mark.parametrize(
    ("content_type", "status", "compressed"),
    [
        ("text/html; charset=utf-8", 200, True),
        ("text/calendar; charset=utf-8", 200, True),
        ("application/json", 200, True),
        ("application/rss+xml; charset=utf-8", 200, True),
        ("image/svg+xml", 200, True),
        ("image/png", 200, False),
        ("application/pdf", 200, False),
        ("font/woff2", 200, False),
        ("text/html; charset=utf-8", 206, False),
    ],
)
def test_only_whole_bodies_of_text_types_are_compressed(content_type, status, compressed):
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    response = HttpResponse(BIG_HTML, content_type=content_type, status=status)

    response = CompressionMiddleware(lambda request: response)(request)

    assert (response.get("Content-Encoding") == "gzip") is compressed


def test_compression_sits_between_whitenoise_and_the_page_cache(settings):
    order = settings.MIDDLEWARE

    assert (
        order.index("whitenoise.middleware.WhiteNoiseMiddleware")
        < order.index("labimpact.middleware.CompressionMiddleware")
        < order.index("labimpact.cache.AnonymousPageCacheMiddleware")
    )


def test_a_page_made_for_one_request_is_compressed_quickly_and_unpredictably():
    # Varied enough that each compressor and level makes a different stream.
    body = ("<p>" + " ".join(f"parola{n * 7919 % 10007}" for n in range(5000)) + "</p>").encode()
    request = RequestFactory().get("/", HTTP_ACCEPT_ENCODING="gzip")
    sizes = set()
    for _ in range(20):
        response = HttpResponse(body, content_type="text/html; charset=utf-8")
        response["ETag"] = '"abc"'
        response = CompressionMiddleware(lambda request, response=response: response)(request)
        assert gzip.decompress(response.content) == body
        assert response["ETag"] == 'W/"abc"'
        assert response["Content-Length"] == str(len(response.content))
        # The header's file name has a random length ("Heal the BREACH").
        sizes.add(len(response.content))
        # ISA-L at its level 1, not zlib at Django's 6: check the deflate stream, which
        # follows the name.
        name_end = response.content.index(b"\x00", 10)
        assert response.content[name_end + 1 :] == igzip.compress(body, 1, mtime=0)[10:]
    assert len(sizes) > 1
