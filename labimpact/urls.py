from django.apps import apps
from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.views.generic import TemplateView

from labimpact.opendata import api
from labimpact.opendata import urls as opendata_urls
from labimpact.views import health
from workshops.sitemaps import SITEMAPS as WORKSHOP_SITEMAPS

# The network is an optional app: without it the workshops site stands on its own.
HAS_NETWORKS = apps.is_installed("networks")

SITEMAPS = dict(WORKSHOP_SITEMAPS)
if HAS_NETWORKS:
    from networks.sitemaps import SITEMAPS as NETWORK_SITEMAPS

    SITEMAPS |= NETWORK_SITEMAPS

urlpatterns = [
    path("admin/", admin.site.urls),
    # Data for programs, in no language: one address, never under /en/.
    path("api/v1/", include((api.urlpatterns(), "api"), namespace="api")),
    path("", include(opendata_urls.files)),
    path("health/", health, name="health"),
    path(
        "sitemap.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="sitemap",
    ),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
]

# The public pages: Italian at the plain URLs, English under /en/.
urlpatterns += i18n_patterns(
    *([path("rete/", include("networks.urls"))] if HAS_NETWORKS else []),
    path("", include("labimpact.opendata.urls")),
    path("", include("workshops.urls")),
    prefix_default_language=False,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
