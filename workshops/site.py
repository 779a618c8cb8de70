"""The site's public address: every absolute URL the site gives out starts with it."""

from urllib.parse import urlsplit

from asgiref.local import Local
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import DatabaseError, transaction
from django.dispatch import receiver

from workshops.models import SiteSettings

CACHE_KEY = "workshops:site-settings"

# The row read in the current request: without SITE_URL, every absolute link of a page
# (its language versions, its link preview) asked the cache for it again. Outside a
# request (tasks, commands) every call reads the cache, as nothing would forget it.
_request = Local()
_OUTSIDE = object()


@receiver(request_started, dispatch_uid="workshops.site.request_started")
def _start_request(**kwargs):
    _request.row = None


@receiver(request_finished, dispatch_uid="workshops.site.request_finished")
def _finish_request(**kwargs):
    _request.row = _OUTSIDE


def site_settings():
    """The settings row, read once and kept in the cache until it is saved again; read
    once per request."""
    kept = getattr(_request, "row", _OUTSIDE)
    if kept is not None and kept is not _OUTSIDE:
        return kept
    row = cache.get(CACHE_KEY)
    if row is None:
        try:
            row = SiteSettings.load()
        except DatabaseError:
            # The database is down: the pages that need nothing else (search form,
            # robots.txt) still answer, with addresses on the host that was asked.
            return SiteSettings()
        cache.set(CACHE_KEY, row, None)
    if kept is None:
        _request.row = row
    return row


def forget_site_settings(**kwargs):
    """Drop the cached row now and after the commit (a reader may refill it meanwhile)."""
    if getattr(_request, "row", _OUTSIDE) is not _OUTSIDE:
        # An editor's save: the rest of the request shows the new values.
        _request.row = None
    cache.delete(CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(CACHE_KEY), using=kwargs.get("using"))


def public_root():
    """``scheme://host`` of the public site, without a final slash, or "" when not set.

    ``SITE_URL`` from the environment wins over the value editors set in the admin.
    """
    return (settings.SITE_URL or site_settings().public_url).strip().rstrip("/")


def absolute_url(path, request=None):
    """``path`` on the public site; without a public address, on the host that was asked."""
    if urlsplit(path).scheme:
        return path
    root = public_root()
    if root:
        return root + path
    return request.build_absolute_uri(path) if request is not None else path


def at_root(root, path):
    """``path`` under ``root`` (``scheme://host``), as ``absolute_url`` would make it there."""
    if urlsplit(path).scheme:
        return path
    return root + path


def public_url_problem(url):
    """Why ``url`` cannot be the public address of a deployed site, or None if it can."""
    parts = urlsplit(url or "")
    host = (parts.hostname or "").lower()
    if not host:
        return "is not set"
    if parts.scheme != "https":
        return f"is {url!r}, not an https:// address"
    if host in {"localhost", "127.0.0.1", "::1", "0.0.0.0"} or host.endswith(".localhost"):
        return f"is {url!r}, a local address"
    return None
