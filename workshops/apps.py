from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkshopsConfig(AppConfig):
    name = "workshops"
    verbose_name = _("Laboratori")

    def ready(self):
        from django.contrib.flatpages.models import FlatPage

        from labimpact.cache import invalidate_on_change

        # Every model a public page shows; the accessibility and privacy pages are
        # flatpages that this app's migration creates and editors keep.
        invalidate_on_change(*self.get_models(), FlatPage)
