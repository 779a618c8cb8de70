"""The real URLs plus the baseline: a bare view through the same server and middleware."""

from django.http import HttpResponse
from django.urls import path
from django.views.decorators.http import require_GET

from labimpact.urls import urlpatterns as site_urlpatterns


@require_GET
def bare(request):
    """The baseline: a short text, no template, no database."""
    return HttpResponse("Lab'Impact\n", content_type="text/plain; charset=utf-8")


# The site's patterns themselves, not include()d: they hold i18n_patterns, which
# Django allows only in the root URL configuration.
urlpatterns = [path("bench/bare/", bare, name="bench_bare"), *site_urlpatterns]
