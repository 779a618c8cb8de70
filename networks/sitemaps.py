"""The network's public pages in the sitemap."""

from django.urls import reverse

from networks.models import Actor, Network
from workshops.sitemaps import PublicSitemap, PublishedSitemap


class NetworkSectionSitemap(PublicSitemap):
    changefreq = "weekly"
    priority = 0.6

    def items(self):
        return ["networks:overview", "networks:actor_list", "networks:network_list", "networks:map"]

    def location(self, item):
        return reverse(item)


class ActorSitemap(PublishedSitemap):
    """Actors with a page of their own: private persons have none."""

    model = Actor
    changefreq = "monthly"

    def items(self):
        return Actor.objects.with_public_page().order_by("pk")


class NetworkSitemap(PublishedSitemap):
    model = Network
    changefreq = "monthly"


SITEMAPS = {
    "network": NetworkSectionSitemap,
    "actors": ActorSitemap,
    "networks": NetworkSitemap,
}
