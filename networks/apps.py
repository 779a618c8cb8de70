from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Rete degli attori")

    def ready(self):
        from networks import tasks  # noqa: F401 - registers the built graph and exports

    def attendance_changed(self, session_id):
        """Who was present at a session changed (``workshops.registrations.services``):
        recompute who met whom there, in the background."""
        from networks.tasks import rebuild_encounters

        rebuild_encounters.enqueue(session_id)

    def related_blocks(self, obj):
        """Blocks this app adds to another app's page about ``obj``, as (template, context).

        The project's ``related_blocks`` template tag asks every installed app, so that
        workshops pages show the actors they cite without knowing this app exists.
        """
        from networks.templatetags.network_tags import related_actors

        block = related_actors(obj)
        return [] if block is None else [("networks/includes/_related_actors.html", block)]

    def related_url(self, obj, field_name):
        """The page this app gives to the text of ``obj``'s ``field_name``, or None.

        A speaker's organisation is the page of the public actor it names.
        """
        from networks.templatetags.network_tags import organisation_actor
        from workshops.models import Speaker

        if isinstance(obj, Speaker) and field_name == "organisation":
            actor = organisation_actor(obj)
            return actor.get_absolute_url() if actor else None
        return None

    def search_groups(self, query):
        """The actors the site search finds for ``query`` (labimpact/search.py asks)."""
        from networks.search import search_groups

        return search_groups(query)
