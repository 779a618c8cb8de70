"""Template tags of the network's pages, and the actors shown on workshops pages.

Workshops templates never load this library: the project's ``related_blocks`` tag asks
``NetworksConfig.related_blocks``, which uses ``related_actors`` below.
"""

from django import template

from networks.models import Actor
from workshops.models import Article, Speaker, Topic

register = template.Library()


def _actors(**lookups):
    return Actor.objects.with_public_page().filter(**lookups).distinct().order_by("name")


@register.inclusion_tag("networks/includes/_related_actors.html")
def actors_of_topic(topic):
    """The published actors working on ``topic``."""
    return {"actors": _actors(topics=topic), "context": "topic"}


def _speaker_actors(speaker):
    """The public organisations ``speaker`` belongs to, read once per page."""
    if not hasattr(speaker, "_public_actors"):
        speaker._public_actors = list(_actors(people=speaker))
    return speaker._public_actors


@register.inclusion_tag("networks/includes/_related_actors.html")
def actors_of_speaker(speaker):
    """The organisations ``speaker`` belongs to."""
    return {"actors": _speaker_actors(speaker), "context": "speaker"}


def organisation_actor(speaker):
    """The public actor that ``speaker``'s organisation text stands for, or None.

    Among the actors the speaker is linked to, the one whose name or other spelling the
    text gives; failing that, the only one linked.
    """
    actors = _speaker_actors(speaker)
    if not actors or not speaker.organisation.strip():
        return None
    for actor in actors:
        if actor.is_organisation_named(speaker.organisation):
            return actor
    return actors[0] if len(actors) == 1 else None


@register.inclusion_tag("networks/includes/_related_actors.html")
def actors_mentioned_in(article):
    """The published actors ``article`` talks about."""
    return {"actors": _actors(mentioned_in=article), "context": "article"}


def related_actors(obj):
    """The context of the actors block for a workshops ``obj``, or None for other objects."""
    if isinstance(obj, Topic):
        return actors_of_topic(obj)
    if isinstance(obj, Speaker):
        return actors_of_speaker(obj)
    if isinstance(obj, Article):
        return actors_mentioned_in(obj)
    return None


@register.filter
def other_end(link, actor):
    """The actor at the other end of ``link``, seen from ``actor``."""
    return link.other_end(actor)


@register.filter
def direction_from(link, actor):
    """«out», «in» or «both»: how ``link`` reads from ``actor``'s side."""
    if not link.is_directed:
        return "both"
    return "out" if link.source_id == actor.pk else "in"


@register.inclusion_tag("networks/includes/_map.html")
def network_map(query="", label="", compact=False):
    """The interactive map fed by the graph JSON with ``query`` as its filters."""
    return {"query": query, "label": label, "compact": compact, "kinds": Actor.Kind.choices}
