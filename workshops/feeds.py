"""RSS 2.0 and Atom feeds of the published reports: all of them, by topic, by workshop."""

import html
import mimetypes
import re

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from workshops.models import Article, Topic, Workshop
from workshops.site import absolute_url

FEED_SIZE = 20
# Where a block of the body ends: a space there keeps its last word apart from the next.
BLOCK_END = re.compile(r"(</(?:p|h[1-6]|li|blockquote|figcaption|td|th)>|<br\s*/?>)", re.I)


def plain_text(body_html):
    """The text of an HTML fragment as a reader sees it: no tags, entities decoded."""
    return html.unescape(strip_tags(BLOCK_END.sub(r"\1 ", body_html)))


class PlainTextRssFeed(Rss201rev2Feed):
    """RSS 2.0 whose item descriptions are plain text.

    Readers render ``<description>`` as HTML, so the text goes in HTML-escaped: a reader
    shows exactly what the editor typed, and nothing typed becomes markup.
    """

    def add_item_elements(self, handler, item):
        if item["description"] is not None:
            item = {**item, "description": html.escape(item["description"], quote=False)}
        super().add_item_elements(handler, item)


class PlainTextAtomFeed(Atom1Feed):
    """Atom whose entry summaries are declared as the plain text they are (Django says html)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class ArticleFeed(Feed):
    """The latest published reports, newest first.

    Every address in it is on the site's public address (``workshops.site``), whatever
    host the request came to.
    """

    feed_type = PlainTextRssFeed
    url_name = "workshops:article_feed"
    url_suffix = ""
    title = _("Lab'Impact: resoconti dei laboratori")
    description = _(
        "I resoconti delle giornate dei laboratori Lab'Impact su reti locali, "
        "coprogrammazione e coprogettazione."
    )

    def link(self):
        return absolute_url(reverse("workshops:article_list"))

    def feed_url(self, obj):
        kwargs = {"slug": obj.slug} if obj is not None else {}
        return absolute_url(reverse(self.url_name + self.url_suffix, kwargs=kwargs))

    def articles(self, obj):
        return Article.objects.published()

    def items(self, obj):
        return self.articles(obj).with_related()[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def item_description(self, item):
        """Plain text, which each feed type writes and declares as text."""
        return item.summary or Truncator(plain_text(item.body)).words(60)

    def item_author_name(self, item):
        return item.byline or None

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [topic.name for topic in item.topics.all()]

    def item_enclosure_url(self, item):
        return item.lead_image.url if item.lead_image else None

    def item_enclosure_length(self, item):
        try:
            return item.lead_image.size
        except OSError:
            # A file lost from storage: the feed still names the image.
            return 0

    def item_enclosure_mime_type(self, item):
        return mimetypes.guess_type(item.lead_image.name)[0] or "application/octet-stream"

    def get_feed(self, obj, request):
        feed = super().get_feed(obj, request)
        # Django completes item links with the request's host but not enclosures.
        for item in feed.items:
            for enclosure in item["enclosures"]:
                enclosure.url = absolute_url(enclosure.url, request)
        return feed


class AtomFeedMixin:
    feed_type = PlainTextAtomFeed
    url_suffix = "_atom"

    def subtitle(self, obj):
        return self._get_dynamic_attr("description", obj)


class TopicArticleFeed(ArticleFeed):
    """The published reports on one topic."""

    url_name = "workshops:topic_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Topic, slug=slug)

    def title(self, obj):
        return _("Lab'Impact: resoconti su «%(topic)s»") % {"topic": obj.name}

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def articles(self, obj):
        return Article.objects.published().filter(topics=obj)


class WorkshopArticleFeed(ArticleFeed):
    """The published reports of one workshop's sessions."""

    url_name = "workshops:workshop_feed"

    def get_object(self, request, slug):
        return get_object_or_404(Workshop.objects.published(), slug=slug)

    def title(self, obj):
        return _("Lab'Impact: resoconti del %(number)s° laboratorio") % {"number": obj.number}

    def link(self, obj):
        return absolute_url(obj.get_absolute_url())

    def articles(self, obj):
        return Article.objects.published().filter(session__workshop=obj)


class AtomArticleFeed(AtomFeedMixin, ArticleFeed):
    pass


class AtomTopicArticleFeed(AtomFeedMixin, TopicArticleFeed):
    pass


class AtomWorkshopArticleFeed(AtomFeedMixin, WorkshopArticleFeed):
    pass
