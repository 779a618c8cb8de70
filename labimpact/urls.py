from django.conf import settings
from django.contrib import admin
from django.contrib.flatpages import views as flatpage_views
from django.urls import include, path

from labimpact.views import health

urlpatterns = [
    path("admin/", admin.site.urls),
    path("health/", health, name="health"),
    # The two pages Italian public sites must have; their text is edited in the admin.
    path(
        "accessibilita/", flatpage_views.flatpage, {"url": "/accessibilita/"}, name="accessibility"
    ),
    path("privacy/", flatpage_views.flatpage, {"url": "/privacy/"}, name="privacy"),
    path("rete/", include("networks.urls")),
    path("", include("workshops.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
