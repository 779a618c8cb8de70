"""Whole-page caching for anonymous visitors, invalidated when content changes.

A cached page is stored under its URL together with the *content version* it was
rendered under; the version is a number kept in the shared cache (Redis in production),
so that every app server sees the same one and no server keeps state of its own. Saving
or deleting any registered content model bumps the version, which turns every page
cached before the change into a miss at once; a short TTL makes scheduled articles
appear and "upcoming" lists move on without a save.

Apps register their content models in ``AppConfig.ready()``::

    from labimpact.cache import invalidate_on_change
    invalidate_on_change(Article, Session, ...)
"""

import copy
import gzip
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.cache import cc_delim_re, get_conditional_response, patch_vary_headers
from django.utils.http import parse_http_date_safe

VERSION_KEY = "page-cache:content-version"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
# Directives that say a response is for one visitor or must not be stored.
PRIVATE_DIRECTIVES = {"private", "no-cache", "no-store", "max-age=0"}
# Bodies at least this long are also stored gzipped, for clients that accept it: the
# calendar, the graph JSON and the exports weigh hundreds of KB to several MB.
GZIP_MIN_BYTES = 1024
# Bodies at least this long are stored under keys of their own (see _store).
SEPARATE_BODY_BYTES = 256 * 1024
SEPARATE_BODIES = "separate"

_registered_models = set()


def content_version():
    """The current content version, created on first use."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, so that a version lost from the cache (eviction, a
        # flushed Redis) never comes back as a number that older pages were stored under.
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version():
    """Make every page cached so far stale, on every app server."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        content_version()


def cached_for_content(name, compute):
    """``compute()``, shared by all app servers until content changes or the page TTL passes.

    For an expensive part of a page that depends only on published content.
    """
    key = f"fragment:{name}:{content_version()}"
    value = cache.get(key)
    if value is None:
        value = compute()
        cache.set(key, value, getattr(settings, "PAGE_CACHE_SECONDS", 0) or 60)
    return value


def _on_change(sender, **kwargs):
    # Bump now, for the writer's own next request, and again after the commit: a
    # page rendered from the old rows while the transaction was open must not be
    # stored under the new version.
    bump_content_version()
    transaction.on_commit(bump_content_version, using=kwargs.get("using"))


def _on_m2m_change(sender, instance, model, action, **kwargs):
    if action.startswith("post_") and (
        type(instance) in _registered_models or model in _registered_models
    ):
        _on_change(sender, **kwargs)


def invalidate_on_change(*models):
    """Bump the content version whenever one of ``models`` is saved, deleted or re-tagged."""
    for model in models:
        _registered_models.add(model)
        uid = f"labimpact.cache:{model._meta.label}"
        post_save.connect(_on_change, sender=model, dispatch_uid=f"{uid}:save")
        post_delete.connect(_on_change, sender=model, dispatch_uid=f"{uid}:delete")
    m2m_changed.connect(_on_m2m_change, dispatch_uid="labimpact.cache:m2m")


class AnonymousPageCacheMiddleware:
    """Serve and store full GET pages for visitors who send no cookies.

    Goes right after WhiteNoise, so that a hit skips sessions, authentication and the
    view; headers of the inner middleware (CSP, X-Frame-Options) are stored with the
    page, SecurityMiddleware adds its own on every response. Anyone with a cookie
    (a logged-in editor, a visitor holding a CSRF token) bypasses the cache. Only
    plain 200 responses that set no cookie, carry no private or no-cache directive
    (draft previews carry them) and vary on nothing but the cookie are stored.
    Writes by staff (admin actions use ``QuerySet.update()``, which sends no signal)
    bump the version too.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0)
        if not seconds or not self._is_cacheable_request(request):
            response = self.get_response(request)
            if request.method not in SAFE_METHODS and self._is_staff_write(request, response):
                bump_content_version()
            return response

        # One round trip for both: the version now, and the page with the version it
        # was rendered under. A page from before the last change is a miss.
        key = self._key(request)
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or content_version()
        stored_version, response, gzipped = found.get(key, (None, None, None))
        if stored_version == version:
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
            use_gzip = bool(gzipped) and self._accepts_gzip(request)
            if gzipped == SEPARATE_BODIES:
                # A large page: fetch only the body this client takes.
                body = cache.get(self._body_key(key, version, use_gzip))
                if body is not None:
                    response.content = body
                    if use_gzip:
                        self._mark_gzipped(response)
                    return response
            else:
                if use_gzip:
                    response.content = gzipped
                    self._mark_gzipped(response)
                return response

        response = self.get_response(request)
        if self._is_cacheable_response(response):
            # One body chunk: a view that wrote its body piece by piece (the feeds'
            # XML writer) would otherwise be sent in hundreds of small writes per hit.
            response.content = response.content
            self._store(key, version, response, seconds)
            response["X-Cache"] = "miss"
        return response

    @staticmethod
    def _accepts_gzip(request):
        for part in request.headers.get("Accept-Encoding", "").split(","):
            name, _, params = part.partition(";")
            if name.strip().lower() != "gzip":
                continue
            quality = params.strip().removeprefix("q=")
            try:
                return not params.strip() or float(quality) > 0
            except ValueError:
                return False
        return False

    @classmethod
    def _store(cls, key, version, response, seconds):
        body = response.content
        if len(body) < GZIP_MIN_BYTES or response.has_header("Content-Encoding"):
            cache.set(key, (version, response, None), seconds)
            return
        gzipped = gzip.compress(body, compresslevel=6, mtime=0)
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
    def _is_staff_write(request, response):
        user = getattr(request, "user", None)
        return bool(user and user.is_authenticated and user.is_staff and response.status_code < 400)

    @staticmethod
    def _key(request):
        url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
        return f"page-cache:{hashlib.sha256(url.encode()).hexdigest()}"
