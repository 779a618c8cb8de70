"""The real URLs plus the baseline: a bare view through the same server and middleware."""

from django.http import HttpResponse
from django.urls import include, path
from django.views.decorators.http import require_GET


@require_GET
def bare(request):
    """The baseline: a short text, no template, no database."""
    return HttpResponse("Lab'Impact\n", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("bench/bare/", bare, name="bench_bare"),
    path("", include("labimpact.urls")),
]
