from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "networks"
    verbose_name = _("Rete degli attori")

    def ready(self):
        from labimpact.cache import invalidate_on_change

        # Actors, networks, memberships and links all show on public pages and exports.
        invalidate_on_change(*self.get_models())
