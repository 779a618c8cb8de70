"""The project's URLs without the flatpages routes of /accessibilita/ and /privacy/.

workshops.urls serves those two pages from Page; until labimpact/urls.py drops its
flatpages routes (which come first), tests of the pages use this URLconf. Once they
are gone this is the project's URLconf as it is.
"""

from django.conf.urls.i18n import i18n_patterns
from django.contrib.flatpages import views as flatpage_views
from django.urls import URLResolver
from django.urls.resolvers import LocalePrefixPattern

from labimpact.urls import urlpatterns as project_patterns


def _not_a_flatpage(pattern):
    return getattr(pattern, "callback", None) is not flatpage_views.flatpage


urlpatterns = []
for entry in project_patterns:
    if isinstance(entry, URLResolver) and isinstance(entry.pattern, LocalePrefixPattern):
        urlpatterns += i18n_patterns(
            *filter(_not_a_flatpage, entry.url_patterns),
            prefix_default_language=entry.pattern.prefix_default_language,
        )
    else:
        urlpatterns.append(entry)
