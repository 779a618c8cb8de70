"""The sitemap sections of the public pages, each with its last change."""

from urllib.parse import urlsplit

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from workshops.models import Article, Page, Session, Speaker, Term, Topic, Workshop
from workshops.site import public_root


class PublicSitemap(Sitemap):
    """A sitemap on the site's public address, whatever host was asked, with every page in
    Italian and in English, each entry naming the other (hreflang alternates, x-default)."""

    i18n = True
    alternates = True
    x_default = True

    def get_protocol(self, protocol=None):
        root = public_root()
        return urlsplit(root).scheme if root else super().get_protocol(protocol)

    def get_domain(self, site=None):
        root = public_root()
        # The host and any path prefix: Django writes protocol://domain/path.
        return root.split("://", 1)[1] if root else super().get_domain(site)


class SectionSitemap(PublicSitemap):
    """The home page and the lists, changed when their newest content changed."""

    changefreq = "daily"
    priority = 0.6

    def items(self):
        return [
            "workshops:home",
            "workshops:article_list",
            "workshops:workshop_list",
            "workshops:speaker_list",
            "workshops:topic_list",
            "workshops:session_list",
            "workshops:session_archive",
            "workshops:calendar_help",
            "workshops:widget_help",
        ]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        if not hasattr(self, "_latest"):
            dates = [
                Article.objects.published().aggregate(latest=Max("updated_at"))["latest"],
                Session.objects.published().aggregate(latest=Max("updated_at"))["latest"],
            ]
            self._latest = max((date for date in dates if date), default=None)
        return self._latest


class PublishedSitemap(PublicSitemap):
    """The detail pages of a model's published rows, changed when the row was."""

    model = None

    def items(self):
        return self.model.objects.published().order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class ArticleSitemap(PublishedSitemap):
    model = Article
    changefreq = "monthly"
    priority = 0.8


class WorkshopSitemap(PublishedSitemap):
    model = Workshop
    changefreq = "weekly"


class SessionSitemap(PublishedSitemap):
    model = Session
    changefreq = "weekly"

    def items(self):
        return super().items().select_related("workshop")


class SpeakerSitemap(PublishedSitemap):
    model = Speaker
    changefreq = "monthly"


class TopicSitemap(PublicSitemap):
    """A topic page changes when a published report on it does."""

    changefreq = "weekly"

    def items(self):
        return Topic.objects.annotate(
            latest=Max("articles__updated_at", filter=Q(articles__in=Article.objects.published()))
        ).order_by("pk")

    def lastmod(self, item):
        return item.latest


class PageSitemap(PublicSitemap):
    """The accessibility and privacy pages."""

    changefreq = "yearly"
    priority = 0.3

    def items(self):
        return Page.objects.order_by("kind")

    def lastmod(self, item):
        return item.updated_at


class GlossarySitemap(PublicSitemap):
    """The glossary page, changed when one of its published entries was."""

    changefreq = "monthly"
    priority = 0.4

    def items(self):
        return ["workshops:glossary"]

    def location(self, item):
        return reverse(item)

    def lastmod(self, item):
        # Asked once per language: read once.
        if not hasattr(self, "_latest"):
            self._latest = Term.objects.published().aggregate(latest=Max("updated_at"))["latest"]
        return self._latest


SITEMAPS = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "workshops": WorkshopSitemap,
    "sessions": SessionSitemap,
    "speakers": SpeakerSitemap,
    "topics": TopicSitemap,
    "pages": PageSitemap,
    "glossary": GlossarySitemap,
}
