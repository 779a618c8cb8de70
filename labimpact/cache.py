"""Whole-page caching for anonymous visitors, invalidated when content changes.

A cached page is stored under its URL together with the *content version* it was
rendered under (``workshops/caching.py``); the version is a number kept in the shared
cache (Redis in production), so that every app server sees the same one and no server
keeps state of its own. Saving or deleting any model of ``CONTENT_VERSION_MODELS``
bumps the version (``labimpact/apps.py`` connects the signals), which turns every page
cached before the change into a miss at once; a short TTL makes scheduled articles
appear and "upcoming" lists move on without a save.

After a change, the first request for a page renders it while the others asking for the
same page at that moment wait for its result (for at most ``PAGE_CACHE_WAIT_SECONDS``,
then render it themselves): a publish costs one render per page, not one per visitor.
A waiter takes only a page stored under the version current while it waits, so a
withdrawal during the wait is never served stale.

The key holds only the query parameters the view reads: each path keeps a small
manifest of the names its view has read, so ``?utm_source=…`` or any other parameter
no view reads is served the plain page and cannot fill the cache with copies of it.
"""

import copy
import hashlib
import time
from urllib.parse import urlencode

from django.conf import settings
from django.core.cache import cache
from django.http import QueryDict
from django.utils.cache import cc_delim_re, get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe
from isal import igzip

from labimpact.builtfiles import is_served
from labimpact.middleware import accepts_gzip
from workshops.caching import (
    VERSION_KEY,
    bump_content_version,
    content_version,
    note_content_version,
)
from workshops.site import public_root

__all__ = ["AnonymousPageCacheMiddleware", "bump_content_version", "content_version"]

# Directives that say a response is for one visitor or must not be stored.
PRIVATE_DIRECTIVES = {"private", "no-cache", "no-store", "max-age=0"}
# Bodies at least this long are also stored gzipped, for clients that accept it: the
# calendar, the graph JSON and the exports weigh hundreds of KB to several MB.
GZIP_MIN_BYTES = 1024
# Stored pages are gzipped once, by ISA-L at its highest level (of 0-3): 0.25 ms for the
# year calendar's 100 KB of HTML, 20.5 KB, where zlib at 6 took 2.2 ms for 18.6 KB, in the
# render that every visitor waits for after a publish.
STORED_GZIP_LEVEL = 3
# Bodies at least this long are stored under keys of their own (see _store).
SEPARATE_BODY_BYTES = 256 * 1024
SEPARATE_BODIES = "separate"
# A manifest remembers at most this many names no view reads: random names sent to
# grow it only cost a render each, never memory.
MANIFEST_IGNORED_LIMIT = 50
# How often a visitor waiting for another's render looks for the stored page.
WAIT_POLL_SECONDS = 0.02


class RecordingQueryDict(QueryDict):
    """``request.GET`` that notes which parameter names the view reads.

    Reading a name (``get``, ``[]``, ``in``, ``getlist``) records it, whether or not
    the request carries it. Reading the whole (``copy``, ``urlencode``, iterating: the
    pagination links keep the query string) records no name, or any junk name would
    become part of the key.
    """

    def __init__(self, query_dict):
        super().__init__(mutable=True, encoding=query_dict.encoding)
        for name, values in query_dict.lists():
            super().setlist(name, values)
        self._mutable = False
        self.names_read = set()

    def __getitem__(self, key):
        self.names_read.add(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self.names_read.add(key)
        return super().__contains__(key)

    def get(self, key, default=None):
        self.names_read.add(key)
        return super().get(key, default)

    def getlist(self, key, default=None):
        self.names_read.add(key)
        return super().getlist(key, default)

    def _plain(self):
        plain = QueryDict(mutable=True, encoding=self.encoding)
        for name, values in dict.items(self):
            plain.setlist(name, list(values))
        return plain

    def copy(self):
        return self._plain()

    def __copy__(self):
        return self._plain()

    def __deepcopy__(self, memo):
        return self._plain()

    def urlencode(self, safe=None):
        return self._plain().urlencode(safe)

    def __iter__(self):
        return iter(self._plain())

    def keys(self):
        return self._plain().keys()

    def items(self):
        return self._plain().items()

    def lists(self):
        return self._plain().lists()

    def values(self):
        return self._plain().values()

    def dict(self):
        return self._plain().dict()


class AnonymousPageCacheMiddleware:
    """Serve and store full GET pages for visitors who send no cookies.

    Goes right after WhiteNoise, so that a hit skips sessions, authentication and the
    view; headers of the inner middleware (CSP, X-Frame-Options) are stored with the
    page, SecurityMiddleware adds its own on every response. Anyone with a cookie
    (a logged-in editor, a visitor holding a CSRF token) bypasses the cache. Only
    plain 200 responses that set no cookie, carry no private or no-cache directive
    (draft previews carry them) and vary on nothing but the cookie are stored.
    Only the query parameters the view reads are part of the key (see the module's
    docstring); bodies over ``PAGE_CACHE_MAX_BYTES`` are served but not stored.

    A view may also tie its page to smaller versions of its own: ``response.cache_depends``
    maps cache keys to the values the view read before rendering (a session's count
    of places, ``workshops/caching.py``); the stored page is served only while every
    one of them still holds, so a registration makes one page stale, not all of them.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not self._is_cacheable_request(request):
            return self.get_response(request)
        if not request.META.get("QUERY_STRING") and is_served(request) and public_root():
            # A built file (labimpact/builtfiles.py) is a file already: storing a copy here
            # would only add round trips to the cache. Without a public address the files
            # are made in each request, and kept here like pages.
            return self.get_response(request)

        query = request.GET
        manifest = None
        known = False
        if not query:
            # One round trip for both: the version now, and the page with the version
            # it was rendered under. A page from before the last change is a miss.
            key = self._key(request, query, ())
            found = cache.get_many([VERSION_KEY, key])
        else:
            # First the names this path's view reads; a name never seen before may
            # change the page, so it is a miss until the view has been asked.
            manifest_key = self._manifest_key(request)
            found = cache.get_many([VERSION_KEY, manifest_key])
            manifest = found.pop(manifest_key, None) or (frozenset(), frozenset())
            read, ignored = manifest
            key = self._key(request, query, read)
            known = set(query) <= read | ignored
            if known:
                found.update(cache.get_many([key]))
        version = found.get(VERSION_KEY)
        if version is None:
            version = content_version()
        else:
            # The view's fragments then need no round trip of their own for it.
            note_content_version(version)
        if version is None:
            # The cache does not answer (an outage): every page from the view, none stored.
            return self.get_response(request)
        stored_version, response, gzipped = found.get(key, (None, None, None))
        if stored_version == version:
            hit = self._serve_hit(request, key, version, response, gzipped)
            if hit is not None:
                return hit

        if query and not known:
            # The key is not final until the view has read the parameters: no one waits.
            return self._render(request, query, manifest, known, key, version, seconds)
        render_key = f"{key}:rendering:{version}"
        if not cache.add(render_key, 1, self._render_lock_seconds()):
            # Someone else is rendering this page for this version: take theirs.
            stored = self._wait_for(key, render_key, version)
            if stored is not None:
                hit = self._serve_hit(request, key, version, *stored)
                if hit is not None:
                    return hit
            return self._render(request, query, manifest, known, key, version, seconds)
        try:
            return self._render(request, query, manifest, known, key, version, seconds)
        finally:
            cache.delete(render_key)

    @staticmethod
    def _render_lock_seconds():
        # A renderer that dies leaves its mark this long at most; waiters never wait
        # longer than PAGE_CACHE_WAIT_SECONDS anyway.
        return max(10, int(getattr(settings, "PAGE_CACHE_WAIT_SECONDS", 2)) * 5)

    def _wait_for(self, key, render_key, version):
        """The page another request is rendering, once stored; None to render it ourselves.

        Gives up at once when the other render ends without storing (a 404, a page that
        may not be cached) or when the content version moves on (a withdrawal while
        waiting: the page being rendered may show what was withdrawn), and after
        ``PAGE_CACHE_WAIT_SECONDS`` in any case.
        """
        deadline = time.monotonic() + getattr(settings, "PAGE_CACHE_WAIT_SECONDS", 2)
        while time.monotonic() < deadline:
            time.sleep(WAIT_POLL_SECONDS)
            found = cache.get_many([VERSION_KEY, key, render_key])
            if found.get(VERSION_KEY) != version:
                return None
            stored_version, response, gzipped = found.get(key, (None, None, None))
            if stored_version == version:
                return response, gzipped
            if render_key not in found:
                return None
        return None

    def _render(self, request, query, manifest, known, key, version, seconds):
        """The view's response, stored for the next visitors when it may be."""
        if known:
            # The view gets the request without the names known to be ignored: the page
            # (its language links, its pagination) is then the one the key stands for,
            # and is stored for the next visitor.
            query = self._only(query, manifest[0])
            request.META["QUERY_STRING"] = query.urlencode()
            request.GET = query
        recorder = None
        if query:
            recorder = RecordingQueryDict(query)
            request.GET = recorder
        response = self.get_response(request)
        if not self._is_cacheable_response(response):
            return response
        if recorder is not None:
            key = self._learn(request, query, manifest, recorder, seconds)
            if key is None:
                return response
        if len(response.content) > settings.PAGE_CACHE_MAX_BYTES:
            return response
        # One body chunk: a view that wrote its body piece by piece (the feeds'
        # XML writer) would otherwise be sent in hundreds of small writes per hit.
        response.content = response.content
        self._store(key, version, response, seconds)
        response["X-Cache"] = "miss"
        return response

    def _serve_hit(self, request, key, version, response, gzipped):
        """The stored page for this client, or None when its separate body is gone.

        None too when a version the page depends on has moved (``cache_depends``).
        """
        depends = getattr(response, "cache_depends", None)
        if depends and cache.get_many(list(depends)) != depends:
            return None
        response["X-Cache"] = "hit"
        # A stored page answers conditional requests (feeds, .ics) as its view would.
        conditional = get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
        if conditional is not response:
            return conditional
        use_gzip = bool(gzipped) and accepts_gzip(request)
        if gzipped == SEPARATE_BODIES:
            # A large page: fetch only the body this client takes.
            body = cache.get(self._body_key(key, version, use_gzip))
            if body is None:
                return None
            response.content = body
        elif use_gzip:
            response.content = gzipped
        if use_gzip:
            self._mark_gzipped(response)
        return response

    def _learn(self, request, query, manifest, recorder, seconds):
        """Add what the view read to the path's manifest; the key to store the page under.

        None when the request has parameters the view did not read: the page may still
        show them (the language links and the pagination keep the query string), so it
        is served but not stored; later requests with them get the page stored without.
        """
        read, ignored = manifest
        read = read | recorder.names_read
        unread = set(query) - read
        grown = (ignored | unread) - read
        ignored = grown if len(grown) <= MANIFEST_IGNORED_LIMIT else ignored - read
        if (read, ignored) != manifest:
            cache.set(self._manifest_key(request), (frozenset(read), frozenset(ignored)), seconds)
        if unread:
            return None
        return self._key(request, query, read)

    @classmethod
    def _store(cls, key, version, response, seconds):
        body = response.content
        if len(body) < GZIP_MIN_BYTES or response.has_header("Content-Encoding"):
            cache.set(key, (version, response, None), seconds)
            return
        gzipped = igzip.compress(body, compresslevel=STORED_GZIP_LEVEL, mtime=0)
        patch_vary_headers(response, ("Accept-Encoding",))
        if len(body) < SEPARATE_BODY_BYTES:
            cache.set(key, (version, response, gzipped), seconds)
            return
        # Megabytes of graph JSON or GEXF: every hit would pull both bodies out of
        # Redis. The headers go under the page's key, each body under its own.
        shell = copy.copy(response)
        shell.content = b""
        cache.set_many(
            {
                cls._body_key(key, version, True): gzipped,
                cls._body_key(key, version, False): body,
                key: (version, shell, SEPARATE_BODIES),
            },
            seconds,
        )

    @staticmethod
    def _body_key(key, version, gzipped):
        return f"{key}:{version}:{'gzip' if gzipped else 'plain'}"

    @staticmethod
    def _mark_gzipped(response):
        """Headers of a gzipped body; the ETag turns weak, as GZipMiddleware does."""
        response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(response.content))
        etag = response.get("ETag")
        if etag and etag.startswith('"'):
            response["ETag"] = "W/" + etag

    @staticmethod
    def _is_cacheable_request(request):
        return (
            request.method == "GET"
            and not request.COOKIES
            and "HTTP_AUTHORIZATION" not in request.META
            and not request.path_info.startswith(tuple(settings.PAGE_CACHE_EXEMPT_PATHS))
        )

    @staticmethod
    def _is_cacheable_response(response):
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        directives = {
            d.strip().lower() for d in cc_delim_re.split(response.get("Cache-Control", ""))
        }
        if directives & PRIVATE_DIRECTIVES:
            return False
        vary = {h.strip().lower() for h in cc_delim_re.split(response.get("Vary", "")) if h}
        # Every request served from here has no cookie, so "Vary: Cookie" holds; any
        # other header would need to be part of the key.
        return vary <= {"cookie"}

    @staticmethod
    def _key(request, query, names):
        """The page's key: its URL with only the parameters in ``names``, sorted."""
        params = [(name, value) for name in sorted(names) for value in query.getlist(name)]
        url = f"{request.scheme}://{request.get_host()}{request.path}?{urlencode(params)}"
        return f"page-cache:{hashlib.sha256(url.encode()).hexdigest()}"

    @staticmethod
    def _only(query, names):
        """``query`` with only the parameters in ``names``."""
        kept = QueryDict(mutable=True, encoding=query.encoding)
        for name in sorted(names):
            if name in query:
                kept.setlist(name, query.getlist(name))
        kept._mutable = False
        return kept

    @staticmethod
    def _manifest_key(request):
        url = f"{request.scheme}://{request.get_host()}{request.path}"
        return f"page-cache:manifest:{hashlib.sha256(url.encode()).hexdigest()}"
