from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpendataConfig(AppConfig):
    """The published content as open data: the JSON API and the downloads of /dati/."""

    name = "labimpact.opendata"
    label = "opendata"
    verbose_name = _("Dati aperti")

    def ready(self):
        from labimpact.opendata import checks  # noqa: F401 - registers the deploy check
