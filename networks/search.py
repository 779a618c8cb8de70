"""What the networks app adds to the site search: actors, by any of their spellings.

Called through ``NetworksConfig.search_groups`` (see labimpact/search.py), so that the
workshops app never imports this one. Private persons are never named, so never found.
"""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from labimpact.search import SearchGroup, limited
from networks.models import Actor

SEARCH_SECTION_LIMIT = 20


def search_groups(query):
    actors, count = limited(
        Actor.objects.with_public_page().filter(query.q()), SEARCH_SECTION_LIMIT
    )
    return [
        SearchGroup(
            key="actors",
            title=_("Attori della rete"),
            template="networks/includes/_search_actor.html",
            items=actors,
            count=count,
            count_label=ngettext("%(counter)s attore", "%(counter)s attori", count)
            % {"counter": count},
            order=50,
        )
    ]
