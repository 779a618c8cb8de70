"""The real URLs plus the baseline: a bare view through the same server and middleware."""

from django.http import Http404, HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from labimpact.urls import urlpatterns as site_urlpatterns


@require_GET
def bare(request):
    """The baseline: a short text, no template, no database."""
    return HttpResponse("Lab'Impact\n", content_type="text/plain; charset=utf-8")


# Bodies of a given size, made once per process: the ceiling for a big file, since moving its
# bytes through the server and the client costs whatever the view does.
_bodies = {}


@require_GET
def bare_bytes(request, size):
    """The bare view with a body of ``size`` bytes (at most 16 MiB), sent as it is."""
    if size > 16 * 1024 * 1024:
        raise Http404
    if size not in _bodies:
        _bodies[size] = bytes(range(256)) * (size // 256) + bytes(size % 256)
    # Not a type the compression middleware takes: the bytes stand for a compressed body.
    return HttpResponse(_bodies[size], content_type="application/octet-stream")


# The site's patterns themselves, not include()d: they hold i18n_patterns, which
# Django allows only in the root URL configuration.
urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("bench/bare/<int:size>/", bare_bytes, name="bench_bare_bytes"),
    *site_urlpatterns,
]
