"""Every public page type, as a URL built from the demo content.

A new page type (the calendar, the network) is one more line in ``PAGE_TYPES``:
the axe, structure and viewport tests all run over this list.
"""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db.models import F
from django.urls import Resolver404, resolve, reverse
from PIL import Image

from networks.demo import load_network_demo
from networks.models import Actor, Network
from workshops.demo.content import load_demo
from workshops.models import Article, Session, Speaker, Topic, Workshop

PAGE_TYPES = {
    "home": lambda demo: reverse("workshops:home"),
    "article_list": lambda demo: reverse("workshops:article_list"),
    "article_detail": lambda demo: demo.article.get_absolute_url(),
    "workshop_list": lambda demo: reverse("workshops:workshop_list"),
    "workshop_detail": lambda demo: demo.workshop.get_absolute_url(),
    "session_detail": lambda demo: demo.session.get_absolute_url(),
    "speaker_list": lambda demo: reverse("workshops:speaker_list"),
    "speaker_detail": lambda demo: demo.speaker.get_absolute_url(),
    "topic_list": lambda demo: reverse("workshops:topic_list"),
    "topic_detail": lambda demo: demo.topic.get_absolute_url(),
    "search_form": lambda demo: reverse("workshops:search"),
    "search_results": lambda demo: reverse("workshops:search") + "?q=coprogettazione",
    "calendar": lambda demo: reverse("workshops:session_list"),
    "calendar_month": lambda demo: reverse(
        "workshops:calendar_month",
        kwargs={"year": demo.session.starts_at.year, "month": demo.session.starts_at.month},
    ),
    "calendar_year": lambda demo: reverse(
        "workshops:calendar_year", kwargs={"year": demo.session.starts_at.year}
    ),
    "calendar_jump": lambda demo: reverse("workshops:calendar_jump"),
    "calendar_archive": lambda demo: reverse("workshops:session_archive"),
    "calendar_help": lambda demo: reverse("workshops:calendar_help"),
    "widget_help": lambda demo: reverse("workshops:widget_help"),
    "glossary": lambda demo: reverse("workshops:glossary"),
    "network_overview": lambda demo: reverse("networks:overview"),
    "actor_list": lambda demo: reverse("networks:actor_list"),
    "actor_detail": lambda demo: demo.actor.get_absolute_url(),
    "network_list": lambda demo: reverse("networks:network_list"),
    "network_detail": lambda demo: demo.network.get_absolute_url(),
    "network_map": lambda demo: reverse("networks:map"),
    "not_found": lambda demo: "/questa-pagina-non-esiste/",
    "accessibility": lambda demo: reverse("workshops:accessibility"),
    "privacy": lambda demo: reverse("workshops:privacy"),
    # The demo opens registration on the new edition's sessions.
    "registration_form": lambda demo: reverse(
        "workshops:registration_create",
        kwargs=Session.objects.filter(registration_settings__isnull=False)
        .values("slug", workshop_slug=F("workshop__slug"))
        .first(),
    ),
    # The pages of the e-mails' signed links, reached without a link.
    "registration_confirm": lambda demo: reverse("workshops:registration_confirm"),
    "registration_cancel": lambda demo: reverse("workshops:registration_cancel"),
    "registration_erase": lambda demo: reverse("workshops:registration_erase"),
    "api_docs": lambda demo: reverse("opendata:api_docs"),
    "open_data": lambda demo: reverse("opendata:open_data"),
}


@dataclass
class Demo:
    """The demo content the browser tests walk through, with the editor's log-in."""

    username: str
    password: str
    article: Article
    workshop: Workshop
    session: Session
    speaker: Speaker
    topic: Topic
    actor: Actor
    network: Network


def png_bytes(size=(640, 360), colour=(0, 102, 204)):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format="PNG")
    return buffer.getvalue()


def build_demo():
    """The demo site, plus a lead image and a speaker photo so images are checked too."""
    username, password = load_demo()
    load_network_demo()
    article = Article.objects.published().get()
    article.lead_image.save("lead.png", ContentFile(png_bytes()), save=False)
    article.lead_image_alt = "Il logo del laboratorio su fondo blu"
    article.save()
    session = article.sessions.get()
    speaker = session.session_speakers.order_by("order").first().speaker
    speaker.photo.save("photo.png", ContentFile(png_bytes((300, 300), (200, 80, 40))))
    return Demo(
        username=username,
        password=password,
        article=article,
        workshop=session.workshop,
        session=session,
        speaker=speaker,
        topic=article.topics.get(slug="sai"),
        actor=Actor.objects.with_public_page().order_by("pk").first(),
        network=Network.objects.published().order_by("pk").first(),
    )


def exists(path):
    """True when the site answers ``path``: steps for pages still to come check this."""
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


@dataclass
class Sample(Demo):
    """The demo plus the sample programme (``load_demo --sample``), with its hardest pages."""

    variants: dict


def build_sample(today=None):
    """The demo and the sample; the page types point at sample items that fill their page.

    ``variants`` are more pages of the same types, each chosen for what strains a layout:
    the longest title, the longest body (a table in it), a cancelled session, one with no
    date, a speaker without a photo, the busiest month, the second page of a list.
    """
    from networks.sample import load_sample_network
    from workshops.demo.sample import load_sample_programme

    username, password = load_demo(today=today)
    load_network_demo()
    load_sample_network(load_sample_programme(today=today))
    return find_sample(username, password)


def find_sample(username="", password=""):
    """The sample's pages in a database that holds it (``build_sample``, ``make sample``)."""
    mine = {"slug__startswith": "esempio-"}
    articles = list(Article.objects.published().filter(**mine))
    sessions = list(Session.objects.published().filter(workshop__slug__startswith="esempio-"))
    speakers = list(Speaker.objects.published().filter(**mine))
    actors = Actor.objects.with_public_page().filter(**mine)

    def busiest(items, count):
        return max(items, key=lambda item: (count(item), item.pk))

    article = busiest(articles, lambda a: bool(a.lead_image) * 10_000 + len(a.body))
    session = busiest(sessions, lambda s: s.session_speakers.count())
    speaker = busiest(speakers, lambda s: bool(s.photo) * 10_000 + len(s.role))
    actor = busiest(actors, lambda a: a.outgoing_links.count() + a.incoming_links.count())
    network = busiest(Network.objects.published().filter(**mine), lambda n: n.memberships.count())
    topic = busiest(Topic.objects.all(), lambda t: t.articles.count() + t.sessions.count())
    months = {}
    for item in sessions:
        if item.date:
            months[(item.date.year, item.date.month)] = (
                months.get((item.date.year, item.date.month), 0) + 1
            )
    year, month = max(months, key=lambda key: (months[key], key))
    cancelled = next(s for s in sessions if s.is_cancelled)
    undated = next(s for s in sessions if s.date is None)
    variants = {
        "article_longest_title": busiest(articles, lambda a: len(a.title)).get_absolute_url(),
        "article_longest_word": busiest(
            articles, lambda a: max(len(word) for word in a.body.split())
        ).get_absolute_url(),
        "article_list_page_2": reverse("workshops:article_list") + "?page=2",
        "session_cancelled": cancelled.get_absolute_url(),
        "session_undated": undated.get_absolute_url(),
        "workshop_in_progress": undated.workshop.get_absolute_url(),
        "speaker_without_photo": busiest(
            [s for s in speakers if not s.photo], lambda s: len(s.role + s.organisation)
        ).get_absolute_url(),
        "calendar_busiest_month": reverse(
            "workshops:calendar_month", kwargs={"year": year, "month": month}
        ),
        "search_many_results": reverse("workshops:search") + "?q=rete",
        "example_link": reverse("workshops:example_link"),
        "topic_sample": Topic.objects.filter(**mine).order_by("-name").first().get_absolute_url(),
    }
    return Sample(
        username=username,
        password=password,
        article=article,
        workshop=session.workshop,
        session=session,
        speaker=speaker,
        topic=topic,
        actor=actor,
        network=network,
        variants=variants,
    )
