"""What every API answer shares: HEAD, the licence header, ETags and pages.

The ETag is derived from the content version (``workshops/caching.py``), the current
minute window and the full path: a client that sends it back gets a 304 before the view
runs, without a single query. Any change of public content bumps the version; the
window makes a scheduled article appear within a minute, as on the pages.
"""

import hashlib
import time
from functools import wraps

from django.urls import URLPattern
from django.utils.cache import get_conditional_response, patch_cache_control

from workshops.caching import content_version
from workshops.licence import license_link_header
from workshops.site import absolute_url

# No answer is said to be unchanged for longer than this: what depends on the clock
# (an article scheduled for later) then shows up without a save.
ETAG_WINDOW_SECONDS = 60
# Part of the ETag: a deployment that changes the shape of the answers changes every ETag.
RESPONSE_SHAPE = "api-v1:1"


def api_etag(request):
    """The ETag of the answer to ``request`` now, or None while the cache does not answer."""
    version = content_version()
    if version is None:
        return None
    window = int(time.time() // ETAG_WINDOW_SECONDS)
    seed = f"{RESPONSE_SHAPE}:{version}:{window}:{request.get_full_path()}"
    return '"' + hashlib.sha256(seed.encode()).hexdigest()[:32] + '"'


def _share_headers(response):
    response["Link"] = license_link_header()
    # Open data, read-only and without credentials: any site may read it from a browser.
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Expose-Headers"] = "ETag, Link"
    return response


def api_view(view):
    """``view`` answering HEAD as GET, with conditional requests and the licence header."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        asked = request.method
        if asked == "HEAD":
            # Answered as GET; the server then drops the body (WSGI servers and the test
            # client look at the method again), and the schema lists GET alone.
            request.method = "GET"
        etag = api_etag(request) if request.method == "GET" else None
        if etag is not None:
            not_modified = get_conditional_response(request, etag=etag)
            if not_modified is not None:
                not_modified["ETag"] = etag
                patch_cache_control(not_modified, public=True, max_age=ETAG_WINDOW_SECONDS)
                return _share_headers(not_modified)
        try:
            response = view(request, *args, **kwargs)
        finally:
            request.method = asked
        if response.status_code == 200:
            if etag is not None:
                response["ETag"] = etag
            patch_cache_control(response, public=True, max_age=ETAG_WINDOW_SECONDS)
        return _share_headers(response)

    return wrapped


def wrap_patterns(patterns):
    """The API's URL patterns with every view wrapped by ``api_view``."""
    return [
        URLPattern(pattern.pattern, api_view(pattern.callback), pattern.default_args, pattern.name)
        for pattern in patterns
    ]


def page_of(request, queryset, filters, item):
    """One page of ``queryset`` as the API answers it, each object turned into a dict by ``item``.

    A page past the last is empty, not an error: ``count`` says how many there are.
    """
    count = queryset.count()
    size = filters.page_size
    start = (filters.page - 1) * size
    objects = list(queryset[start : start + size]) if start < count else []
    return {
        "count": count,
        "page": filters.page,
        "page_size": size,
        "next": _page_url(request, filters.page + 1) if start + size < count else None,
        "previous": _page_url(request, filters.page - 1) if filters.page > 1 else None,
        "license": {},
        "results": [item(obj) for obj in objects],
    }


def _page_url(request, number):
    query = request.GET.copy()
    query["page"] = str(number)
    return absolute_url(request.path + "?" + query.urlencode(), request)
