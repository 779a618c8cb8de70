"""The sitemap sections of the public pages, each with its last change."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max, Q
from django.urls import reverse

from workshops.models import Article, Page, Session, Speaker, Topic, Workshop


class TranslatedSitemap(Sitemap):
    """Every page in Italian and in English, each entry naming the other (hreflang)."""

    i18n = True
    alternates = True
    x_default = True


class SectionSitemap(TranslatedSitemap):
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


class PublishedSitemap(TranslatedSitemap):
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


class TopicSitemap(TranslatedSitemap):
    """A topic page changes when a published report on it does."""

    changefreq = "weekly"

    def items(self):
        return Topic.objects.annotate(
            latest=Max("articles__updated_at", filter=Q(articles__in=Article.objects.published()))
        ).order_by("pk")

    def lastmod(self, item):
        return item.latest


class PageSitemap(TranslatedSitemap):
    """The accessibility and privacy pages."""

    changefreq = "yearly"
    priority = 0.3

    def items(self):
        return Page.objects.order_by("kind")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "sections": SectionSitemap,
    "articles": ArticleSitemap,
    "workshops": WorkshopSitemap,
    "sessions": SessionSitemap,
    "speakers": SpeakerSitemap,
    "topics": TopicSitemap,
    "pages": PageSitemap,
}
