"""The real URLs plus the uploads, for `make lighthouse` (see bench/lighthouse_settings.py)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from labimpact.urls import urlpatterns as site_urlpatterns

# The site's patterns themselves, not include()d: they hold i18n_patterns, which
# Django allows only in the root URL configuration.
urlpatterns = [
    re_path(
        rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.*)$",
        serve,
        {"document_root": settings.MEDIA_ROOT},
    ),
    *site_urlpatterns,
]
