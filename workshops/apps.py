from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Laboratori")

    def ready(self):
        from workshops import (
            checks,  # noqa: F401 - registers the deploy check
            tasks,  # noqa: F401 - registers the built calendar file
        )
        from workshops.site import forget_site_settings

        settings_model = self.get_model("SiteSettings")
        for signal in (post_save, post_delete):
            signal.connect(
                forget_site_settings, sender=settings_model, dispatch_uid="site-settings"
            )

    def search_groups(self, query):
        """Reports, sessions, speakers and topics the site search finds for ``query``."""
        from workshops.search import search_groups

        return search_groups(query)
