"""The network of local actors through the API: actors, networks, links, encounters.

As on the map and in the exports, a private person is never named: such an actor is
listed by its id and kind alone, so that links to it still make sense.
"""

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_noop
from ninja import Query, Router

from labimpact.opendata.api import schemas
from labimpact.opendata.api.http import page_of
from networks.models import Actor, Encounter, Link, Membership, Network
from workshops.site import absolute_url

router = Router(tags=["rete"])

ERRORS = {400: schemas.Error}


def _updated_since(queryset, filters):
    if filters.updated_since is not None:
        queryset = queryset.filter(updated_at__gte=filters.updated_since)
    return queryset


@router.get(
    "/actors",
    response={200: schemas.ActorPage, **ERRORS},
    url_name="actor_list",
    summary=gettext_noop("Attori"),
    description=gettext_noop(
        "Gli attori pubblicati delle reti locali; una persona privata compare senza nome."
    ),
)
def actor_list(request, filters: Query[schemas.ActorFilters]):
    actors = _updated_since(Actor.objects.published(), filters)
    if filters.topic:
        actors = actors.filter(topics__slug=filters.topic)
    actors = actors.prefetch_related("topics")

    def item(actor):
        person = actor.is_person
        return {
            "id": actor.pk,
            "slug": None if person else actor.slug,
            "name": str(actor.public_name),
            "kind": actor.kind,
            "kind_label": str(actor.get_kind_display()),
            # Nothing that could name a private person leaves the database.
            "municipality": "" if person else actor.municipality,
            "province": "" if person else actor.province,
            "ambito": "" if person else actor.ambito,
            "website": "" if person else actor.website,
            "topics": [topic.slug for topic in actor.topics.all()],
            "url": None if person else absolute_url(actor.get_absolute_url(), request),
            "updated_at": actor.updated_at,
        }

    return page_of(request, actors, filters, item)


@router.get(
    "/networks",
    response={200: schemas.NetworkPage, **ERRORS},
    url_name="network_list",
    summary=gettext_noop("Reti"),
    description=gettext_noop("Le reti pubblicate, con i loro membri pubblicati."),
)
def network_list(request, filters: Query[schemas.NetworkFilters]):
    networks = _updated_since(Network.objects.published(), filters)
    if filters.topic:
        networks = networks.filter(topics__slug=filters.topic)
    networks = networks.select_related("lead").prefetch_related(
        "topics",
        Prefetch(
            "memberships",
            Membership.objects.filter(actor__is_published=True).order_by("role", "actor_id"),
        ),
    )

    def item(network):
        lead = network.lead
        return {
            "slug": network.slug,
            "name": network.name,
            "level": network.level,
            "level_label": str(network.get_level_display()),
            "territory": network.territory,
            "description": network.description,
            "lead": lead.pk if lead is not None and lead.is_published else None,
            "members": [
                {
                    "actor": membership.actor_id,
                    "role": membership.role,
                    "since": membership.since,
                    "until": membership.until,
                }
                for membership in network.memberships.all()
            ],
            "topics": [topic.slug for topic in network.topics.all()],
            "url": absolute_url(network.get_absolute_url(), request),
            "updated_at": network.updated_at,
        }

    return page_of(request, networks, filters, item)


@router.get(
    "/links",
    response={200: schemas.LinkPage, **ERRORS},
    url_name="link_list",
    summary=gettext_noop("Legami"),
    description=gettext_noop(
        "I legami tra attori pubblicati, con la loro fonte quando è pubblica."
    ),
)
def link_list(request, filters: Query[schemas.LinkFilters]):
    links = _updated_since(Link.objects.published(), filters)
    if filters.year:
        # As the site's year views: the links of the year, and those whose start is unknown.
        links = links.active_in(filters.year) | links.undated()
    links = links.select_related("documented_by_article", "documented_by_session__workshop")

    def item(link):
        article = link.documented_by_article
        session = link.documented_by_session
        return {
            "id": link.pk,
            "source": link.source_id,
            "target": link.target_id,
            "kind": link.kind,
            "kind_label": str(link.get_kind_display()),
            "directed": link.is_directed,
            "since": link.since,
            "until": link.until,
            "description": link.description,
            "documented": link.has_source,
            "document_url": link.document_url,
            "document_file": (
                absolute_url(link.document_file.url, request) if link.document_file else None
            ),
            "article": (
                absolute_url(article.get_absolute_url(), request)
                if article is not None and article.is_public
                else None
            ),
            "session": (
                absolute_url(session.get_absolute_url(), request)
                if session is not None and session.is_public
                else None
            ),
            "updated_at": link.updated_at,
        }

    return page_of(request, links, filters, item)


@router.get(
    "/encounters",
    response={200: schemas.EncounterPage, **ERRORS},
    url_name="encounter_list",
    summary=gettext_noop("Incontri ai laboratori"),
    description=gettext_noop(
        "Le coppie di attori che hanno avuto persone presenti alle stesse giornate, con il "
        "numero delle giornate (il peso) e le loro pagine; le persone non sono mai nominate "
        "e le persone private non compaiono."
    ),
)
def encounter_list(request, filters: Query[schemas.EncounterFilters]):
    now = timezone.now()
    encounters = Encounter.objects.published(now).with_changed_at(now).with_public_sessions(now)
    if filters.updated_since is not None:
        encounters = encounters.filter(changed_at__gte=filters.updated_since)
    encounters = encounters.order_by("pk")
    kind = Link.Kind.ENCOUNTER

    def item(encounter):
        sessions = encounter.public_sessions
        return {
            "id": encounter.pk,
            "source": encounter.actor_a_id,
            "target": encounter.actor_b_id,
            "kind": kind.value,
            "kind_label": str(kind.label),
            "weight": encounter.weight,
            "sessions": [absolute_url(session.get_absolute_url(), request) for session in sessions],
            "since": sessions[0].date,
            "until": sessions[-1].last_date,
            "updated_at": encounter.changed_at,
        }

    return page_of(request, encounters, filters, item)
