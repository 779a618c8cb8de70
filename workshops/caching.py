"""The content version: one number in the shared cache that every published surface lives under.

Pages, fragments, the network graph and its exports are all stored under the version
current when they were computed; saving, deleting or re-tagging public content bumps
it (``labimpact/apps.py`` connects the signals for the models listed in the
``CONTENT_VERSION_MODELS`` setting), which turns everything stored before into a miss
on every app server at once. It lives here, not in the project package, so that apps
may use it: ``networks`` may import ``workshops``, and no app imports ``labimpact``.
"""

import hashlib
import time

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.cache.utils import make_template_fragment_key
from django.core.signals import request_finished, request_started
from django.dispatch import receiver
from django.utils.translation import get_language

VERSION_KEY = "page-cache:content-version"
# A fragment's life when its caller does not say: what a page lives.
DEFAULT_FRAGMENT_SECONDS = 60


def _version(key):
    version = cache.get(key)
    if version is None:
        # Start from the clock, so that a version lost from the cache (eviction, a
        # flushed Redis) never comes back as a number that older pages were stored under.
        cache.add(key, time.time_ns() // 1000, timeout=None)
        version = cache.get(key)
    return version


def _bump(key):
    try:
        cache.incr(key)
    except ValueError:
        _version(key)


# The version read in the current request: a page showing thirty cached cards asked the
# cache for it thirty times. One read per request also renders the whole page under one
# version. Outside a request (tasks, commands, shells) every call reads the cache.
_request = Local()
_UNREAD = object()
# The version this process read last, as a guess at the current one: a page reads the
# version and its kept parts, named under the guess, in one round trip (``read_kept``).
# Only ever a guess, checked against the version read with them: processes that disagree
# about it cost each other a round trip, never a stale page.
_last_read = None


@receiver(request_started, dispatch_uid="workshops.caching.request_started")
def _start_request(**kwargs):
    _request.version = _UNREAD


@receiver(request_finished, dispatch_uid="workshops.caching.request_finished")
def _finish_request(**kwargs):
    _request.version = None


def note_content_version(version):
    """Keep ``version``, just read from the cache with other keys, for the rest of the request."""
    if getattr(_request, "version", None) is _UNREAD and version is not None:
        _request.version = version


def content_version():
    """The current content version, created on first use; None while the cache does not answer.

    Read once per request: a bump in the same request (an editor's save) is seen at once,
    another server's from the next request on.
    """
    global _last_read
    kept = getattr(_request, "version", None)
    if kept is None:
        kept = _version(VERSION_KEY)
    elif kept is _UNREAD:
        kept = _request.version = _version(VERSION_KEY)
    else:
        return kept
    if kept is not None:
        _last_read = kept
    return kept


def bump_content_version():
    """Make every page, fragment and graph stored so far stale, on every app server."""
    _bump(VERSION_KEY)
    if getattr(_request, "version", None) is not None:
        _request.version = _UNREAD


def availability_key(session_id):
    """The key of a session's own small version: its count of places moves under it."""
    return f"page-cache:availability:{session_id}"


def availability_version(session_id):
    """The version a session page's places were counted under (see ``cache_depends``).

    A registration changes one session's figures many times a day: it bumps this
    number, which makes only that session's stored page stale, never the whole cache.
    Read it before counting, so that a change committed after the count is a miss.
    """
    return _version(availability_key(session_id))


def bump_availability_version(session_id):
    """Make the stored page of one session stale: its places have changed."""
    _bump(availability_key(session_id))


def fragment_id(request, with_query=False, version=None):
    """``(id, seconds)`` for a fragment of published content: what it varies on besides its
    name and object (the content version, the language, the host its absolute links were
    made for; with ``with_query`` the query string too, hashed) and how long it may live.
    0 seconds while the cache does not answer: nothing is kept without a version.

    The ``content_key`` template tag gives templates the same, so a view can name the keys
    of its template's fragments (``page_fragment_keys``) and read them ahead. ``version``,
    when given, is the content version just read (``read_kept``).
    """
    if version is None:
        version = content_version()
    host = _host(request) if request is not None else ""
    seconds = getattr(settings, "PAGE_CACHE_SECONDS", 0) or DEFAULT_FRAGMENT_SECONDS
    key = f"{version}:{get_language()}:{host}"
    if with_query:
        query = request.META.get("QUERY_STRING", "") if request is not None else ""
        key += ":" + hashlib.sha256(query.encode("utf-8", "surrogateescape")).hexdigest()[:32]
    return key, seconds if version else 0


def _host(request):
    # Asked by each fragment of a page (and by its read-ahead): validated once a request.
    host = getattr(request, "_fragment_host", None)
    if host is None:
        host = request._fragment_host = request.get_host()
    return host


def page_fragment_keys(request, names, *vary_on, with_query=False, version=None):
    """The keys of the fragments ``names`` that a page's template keeps with
    ``{% content_key as key %}{% cache key.seconds "name" request.path …vary_on key.id %}``
    (``content_key with_query=True`` for ``with_query``)."""
    key_id, _seconds = fragment_id(request, with_query=with_query, version=version)
    # The tag names a fragment by its token as written: a quoted string, quotes included.
    return [
        make_template_fragment_key(f'"{name}"', [request.path, *vary_on, key_id]) for name in names
    ]


def kept_key(name, version):
    """The cache key ``cached_for_content`` keeps ``name`` under at ``version``."""
    return f"fragment:{name}:{version}"


def read_ahead(keys):
    """Which of ``keys`` the cache holds, asked in one round trip.

    A page reads several kept parts (its object, the fragments its template keeps with
    ``{% cache %}``): read ahead, the later reads of those keys in the same request cost no
    round trip, and a value no one reads is never decoded, where the backend remembers
    them (Redis, ``labimpact/redis_cache.py``); elsewhere (local memory, where a read costs
    no round trip) this asks ``get_many``.
    """
    keys = list(keys)
    if not keys:
        return set()
    reader = getattr(cache, "read_ahead", None)
    return reader(keys) if reader is not None else set(cache.get_many(keys))


def read_kept(make_keys):
    """``(version, keys, found)``: the current content version, the keys ``make_keys(version)``
    names and those of them the cache holds (see ``read_ahead``); ``(None, [], set())``
    while the cache does not answer.

    The keys of a page's kept parts hang on the version, which made every such page two
    round trips: the version, then its parts. Named under the version this process read
    last and read with the version itself, they cost one while the guess holds, that is
    between two changes of content; when it does not, the parts are read again under the
    version just read.
    """
    guess = _last_read
    if guess is not None and getattr(_request, "version", None) is _UNREAD:
        keys = make_keys(guess)
        reader = getattr(cache, "read_ahead", None)
        if reader is not None:
            found = reader([VERSION_KEY, *keys])
            # Answered from what was just read: the backend remembers it (Redis).
            current = cache.get(VERSION_KEY) if VERSION_KEY in found else None
        else:
            values = cache.get_many([VERSION_KEY, *keys])
            found, current = set(values), values.get(VERSION_KEY)
        if current == guess:
            _request.version = guess
            found.discard(VERSION_KEY)
            return guess, keys, found
    version = content_version()
    if version is None:
        return None, [], set()
    keys = make_keys(version)
    return version, keys, read_ahead(keys)


def cached_for_content(name, compute, timeout=None):
    """``compute()``, shared by all app servers until content changes or ``timeout`` passes.

    For an expensive part of a page that depends only on published content. Without
    ``timeout`` it lives as long as a cached page, so that what depends on the clock
    (scheduled articles) moves on as pages do; a value that does not depend on the
    clock may live longer, since any change of content makes a new key anyway.
    """
    if getattr(_request, "version", None) is _UNREAD:
        # The request's first read: with the version, in one round trip (``read_kept``).
        read_kept(lambda version: [kept_key(name, version)])
    version = content_version()
    if version is None:
        # The cache does not answer (an outage): a value kept now could outlive a change.
        return compute()
    key = kept_key(name, version)
    value = cache.get(key)
    if value is None:
        value = compute()
        if value is None:
            # It would read as a miss anyway (a page that does not exist): nothing to keep.
            return value
        seconds = timeout or getattr(settings, "PAGE_CACHE_SECONDS", 0) or DEFAULT_FRAGMENT_SECONDS
        cache.set(key, value, seconds)
    return value


def cached_many_for_content(names, compute, timeout=None):
    """``{name: compute(name)}`` for every name, as ``cached_for_content`` keeps each value,
    in one cache round trip to read them all and one to store those that were missing.

    For the many small parts of one list (its cards): fetched one by one, a calendar page
    asked the cache thirty times.
    """
    names = list(dict.fromkeys(names))
    version = content_version()
    if version is None:
        return {name: compute(name) for name in names}
    keys = {kept_key(name, version): name for name in names}
    values = {keys[key]: value for key, value in cache.get_many(list(keys)).items()}
    missing = {}
    for key, name in keys.items():
        if name in values:
            continue
        value = values[name] = compute(name)
        if value is not None:
            missing[key] = value
    if missing:
        seconds = timeout or getattr(settings, "PAGE_CACHE_SECONDS", 0) or DEFAULT_FRAGMENT_SECONDS
        cache.set_many(missing, seconds)
    return values
