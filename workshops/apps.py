from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Laboratori")

    def search_groups(self, query):
        """Reports, sessions, speakers and topics the site search finds for ``query``."""
        from workshops.search import search_groups

        return search_groups(query)
