"""The content version: one number in the shared cache that every published surface lives under.

Pages, fragments, the network graph and its exports are all stored under the version
current when they were computed; saving, deleting or re-tagging public content bumps
it (``labimpact/apps.py`` connects the signals for the models listed in the
``CONTENT_VERSION_MODELS`` setting), which turns everything stored before into a miss
on every app server at once. It lives here, not in the project package, so that apps
may use it: ``networks`` may import ``workshops``, and no app imports ``labimpact``.
"""

import time

from django.conf import settings
from django.core.cache import cache

VERSION_KEY = "page-cache:content-version"
# A fragment's life when its caller does not say: what a page lives.
DEFAULT_FRAGMENT_SECONDS = 60


def content_version():
    """The current content version, created on first use; None while the cache does not answer."""
    version = cache.get(VERSION_KEY)
    if version is None:
        # Start from the clock, so that a version lost from the cache (eviction, a
        # flushed Redis) never comes back as a number that older pages were stored under.
        cache.add(VERSION_KEY, time.time_ns() // 1000, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version():
    """Make every page, fragment and graph stored so far stale, on every app server."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        content_version()


def cached_for_content(name, compute, timeout=None):
    """``compute()``, shared by all app servers until content changes or ``timeout`` passes.

    For an expensive part of a page that depends only on published content. Without
    ``timeout`` it lives as long as a cached page, so that what depends on the clock
    (scheduled articles) moves on as pages do; a value that does not depend on the
    clock may live longer, since any change of content makes a new key anyway.
    """
    version = content_version()
    if version is None:
        # The cache does not answer (an outage): a value kept now could outlive a change.
        return compute()
    key = f"fragment:{name}:{version}"
    value = cache.get(key)
    if value is None:
        value = compute()
        seconds = timeout or getattr(settings, "PAGE_CACHE_SECONDS", 0) or DEFAULT_FRAGMENT_SECONDS
        cache.set(key, value, seconds)
    return value
