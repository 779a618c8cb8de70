from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Rete degli attori")

    def related_blocks(self, obj):
        """Blocks this app adds to another app's page about ``obj``, as (template, context).

        The project's ``related_blocks`` template tag asks every installed app, so that
        workshops pages show the actors they cite without knowing this app exists.
        """
        from networks.templatetags.network_tags import related_actors

        block = related_actors(obj)
        return [] if block is None else [("networks/includes/_related_actors.html", block)]

    def search_groups(self, query):
        """The actors the site search finds for ``query`` (labimpact/search.py asks)."""
        from networks.search import search_groups

        return search_groups(query)
