"""Site-wide middleware: database outages answer 503; pages go out gzipped.

A database that cannot be reached is a temporary outage (503), not a server error (500).
"""

import gzip
import logging
import re
import secrets
import sys

from django.core.signals import got_request_exception
from django.db import InterfaceError, OperationalError
from django.dispatch import receiver
from django.http import Http404, HttpResponse, JsonResponse
from django.middleware.gzip import GZipMiddleware
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from isal import igzip

from labimpact import builtfiles
from workshops.site import public_root

logger = logging.getLogger(__name__)

# The connection failed or was lost (server down, refused, timed out, restarting), or the
# database turned the query away for now (locked, too many connections): all worth a retry.
# A wrong query raises ProgrammingError or IntegrityError and stays a 500.
DATABASE_DOWN_ERRORS = (OperationalError, InterfaceError)
RETRY_AFTER_SECONDS = 30
UNAVAILABLE_ATTRIBUTE = "_labimpact_database_unavailable"
# Programs read these paths: they get the 503 in JSON, as every other answer there.
JSON_PATHS = ("/api/v1/",)
UNAVAILABLE_DETAIL = (
    "Servizio momentaneamente non disponibile: riprovare tra qualche secondo "
    "(Service temporarily unavailable: please retry)."
)


def database_unavailable_response(request=None):
    """The site's 503 page; rendered without a request, so nothing in it reaches the database."""
    if request is not None and request.path_info.startswith(JSON_PATHS):
        response = JsonResponse({"detail": UNAVAILABLE_DETAIL}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    return response


class DatabaseUnavailableMiddleware:
    """Answer 503 with ``Retry-After`` when the database cannot be reached, wherever it was.

    Errors raised by the view (or while its template renders) arrive in
    ``process_exception``. Those raised by other middleware (a session saved or a user
    loaded after the database went away) have already been turned into a 500 by
    Django's handler by the time they get here: a signal sent while Django handles
    them marks the request, and the 500 is replaced. Placed near the top, so that it
    sees the responses of every middleware that may touch the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, UNAVAILABLE_ATTRIBUTE, False):
            return database_unavailable_response(request)
        return response

    def process_exception(self, request, exception):
        if not isinstance(exception, DATABASE_DOWN_ERRORS):
            return None
        _log(request, exception)
        return database_unavailable_response(request)


@receiver(got_request_exception, dispatch_uid="labimpact.middleware.database_unavailable")
def _mark_database_unavailable(sender, request=None, **kwargs):
    exception = sys.exc_info()[1]
    if request is not None and isinstance(exception, DATABASE_DOWN_ERRORS):
        setattr(request, UNAVAILABLE_ATTRIBUTE, True)
        _log(request, exception)


def _log(request, exception):
    logger.error(
        "Database unavailable, answering 503 to %s %s: %s: %s",
        request.method,
        request.path,
        type(exception).__name__,
        exception,
    )


# Built files are data, never documents: nothing in them may run or load anything, even
# when a browser is asked to show one (GitHub serves its raw files so).
BUILT_FILE_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"


class BuiltFilesMiddleware:
    """Answer the built files' own addresses before the rest of the stack, as WhiteNoise
    answers static files.

    ``/calendario.ics``, ``/rete/grafo.json``, the exports and each object's calendar
    without a query are files the background task built (``labimpact/builtfiles.py``):
    their views only pick the file for the path's language and send it. Sessions, the
    page cache, CSRF, authentication, messages and the page policies have nothing to do
    with them, and took most of each request. The security headers set outside (nosniff,
    Permissions-Policy) still apply; the file gets its own, stricter policy. A query (a
    filtered file, made or picked by its view), a site without a public address (files
    made in the request, kept by the page cache) or an unknown object (the site's 404
    page) takes the whole stack, as does any method but GET and HEAD.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD") and not request.META.get("QUERY_STRING"):
            found = builtfiles.file_view(request)
            if found is not None and public_root():
                view, args, kwargs, language = found
                with translation.override(language):
                    request.LANGUAGE_CODE = language
                    try:
                        response = view(request, *args, **kwargs)
                    except Http404:
                        # No such object: the site's 404 page, which needs the whole stack.
                        return self.get_response(request)
                response.setdefault("Content-Language", language)
                response.setdefault("Content-Security-Policy", BUILT_FILE_POLICY)
                return response
        return self.get_response(request)


# Bodies worth compressing: pages, feeds, calendars, JSON. Images, fonts, PDFs and archives
# are compressed already; gzipping them again costs CPU for nothing.
COMPRESSIBLE_TYPES = re.compile(
    r"^(text/|application/(json|xml|javascript|ld\+json|[\w.+-]+\+(xml|json))\b|image/svg\+xml)"
)


def accepts_gzip(request):
    """Whether the client takes gzip: named with a quality above zero, or under ``*``.

    ``gzip;q=0`` is a refusal (RFC 9110, 12.5.3), though it contains the word "gzip"
    that Django's own GZipMiddleware looks for.
    """
    qualities = {}
    for part in request.headers.get("Accept-Encoding", "").split(","):
        name, _, params = part.partition(";")
        quality = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.lower() == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        qualities[name.strip().lower()] = quality
    return qualities.get("gzip", qualities.get("*", 0.0)) > 0


class CompressionMiddleware(GZipMiddleware):
    """Gzip what the site answers to visitors who are not signed in.

    Sits between WhiteNoise and the page cache. Outside the page cache, because the cache
    stores plain pages and serves its own gzipped copy on a hit (this then leaves the
    response alone: it already has a Content-Encoding); inside it, the cache would store a
    gzipped body and serve it to clients that refuse gzip. Inside WhiteNoise, whose static
    files are precompressed at collectstatic time and never pass through here.

    BREACH: an attacker who can reflect text into a compressed page may guess a secret
    on that page from the compressed size. Anonymous pages hold no secret but the CSRF
    token, which Django masks afresh in every response, and Django adds random bytes to
    each gzip stream ("Heal the BREACH"). Pages for signed-in editors (the admin, draft
    previews) go out plain all the same: they are few, and they hold what is worth
    stealing. Partial responses (206) are never compressed: the range is of the plain body.
    """

    def process_response(self, request, response):
        if response.status_code == 206 or not COMPRESSIBLE_TYPES.match(
            response.get("Content-Type", "")
        ):
            return response
        # Whoever asks, the same URL may go out gzipped to the next client.
        patch_vary_headers(response, ("Accept-Encoding",))
        if not accepts_gzip(request) or _signed_in(request):
            return response
        if response.streaming or len(response.content) < 200:
            return super().process_response(request, response)
        if response.has_header("Content-Encoding"):
            return response
        compressed = compress_page(response.content, self.max_random_bytes)
        if len(compressed) >= len(response.content):
            return response
        response.content = compressed
        response.headers["Content-Length"] = str(len(compressed))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            # A strong ETag names the plain bytes (RFC 9110, 8.8.1).
            response.headers["ETag"] = "W/" + etag
        response.headers["Content-Encoding"] = "gzip"
        return response


# Pages made for one request (the page cache did not answer) are gzipped by ISA-L (the
# isal package), level 1 of its 0-3: on the bench's pages it takes 0.031 ms for the
# speaker page (32 KB of HTML, 8.0 KB sent) where zlib took 0.065 at level 1 (8.4 KB) and
# 0.19 at 4 (7.6 KB), and 0.079 ms for the year calendar (100 KB: 21.4 KB sent) against
# 0.43 (22.3 KB) and 0.69 (19.6 KB).
PAGE_GZIP_LEVEL = 1


def compress_page(body, max_random_bytes):
    """``body`` gzipped at PAGE_GZIP_LEVEL, with a file name of random length (under
    ``max_random_bytes``) in the header, as Django's GZipMiddleware adds ("Heal the
    BREACH"): the compressed size no longer tells a guessed secret from a wrong one."""
    compressed = igzip.compress(body, compresslevel=PAGE_GZIP_LEVEL, mtime=0)
    header = bytearray(compressed[:10])
    header[3] = gzip.FNAME
    name = b"a" * secrets.randbelow(max_random_bytes)
    return bytes(header) + name + b"\x00" + compressed[10:]


def _signed_in(request):
    # A page-cache hit never reaches AuthenticationMiddleware: no user, so anonymous.
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated
