"""Every public page type, as a URL built from the demo content.

A new page type (the calendar, the network) is one more line in ``PAGE_TYPES``:
the axe, structure and viewport tests all run over this list.
"""

import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
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
    "calendar_archive": lambda demo: reverse("workshops:session_archive"),
    "calendar_help": lambda demo: reverse("workshops:calendar_help"),
    "network_overview": lambda demo: reverse("networks:overview"),
    "actor_list": lambda demo: reverse("networks:actor_list"),
    "actor_detail": lambda demo: demo.actor.get_absolute_url(),
    "network_list": lambda demo: reverse("networks:network_list"),
    "network_detail": lambda demo: demo.network.get_absolute_url(),
    "network_map": lambda demo: reverse("networks:map"),
    "not_found": lambda demo: "/questa-pagina-non-esiste/",
    "accessibility": lambda demo: reverse("workshops:accessibility"),
    "privacy": lambda demo: reverse("workshops:privacy"),
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
    session = article.session
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
