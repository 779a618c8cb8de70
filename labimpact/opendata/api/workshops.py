"""The programme through the API: workshops, sessions, speakers, topics, articles.

Every list starts from the models' ``published()``, as the pages do, and reads its
related rows in a fixed number of queries whatever the page size.
"""

from django.db.models import Prefetch
from django.utils.translation import gettext_noop
from ninja import Query, Router

from labimpact.opendata.api import schemas
from labimpact.opendata.api.http import page_of
from workshops.models import Article, Session, SessionSpeaker, Speaker, Topic, Workshop
from workshops.site import absolute_url

router = Router(tags=["laboratori"])

ERRORS = {400: schemas.Error}


def _file_url(field, request):
    return absolute_url(field.url, request) if field else None


def _clock(time):
    return time.strftime("%H:%M") if time is not None else None


def _updated_since(queryset, filters):
    if filters.updated_since is not None:
        queryset = queryset.filter(updated_at__gte=filters.updated_since)
    return queryset


def _published_sessions(filters):
    """The published sessions the workshop, topic and year filters keep."""
    sessions = Session.objects.published()
    if getattr(filters, "workshop", None):
        sessions = sessions.filter(workshop__slug=filters.workshop)
    if getattr(filters, "topic", None):
        sessions = sessions.filter(topics__slug=filters.topic)
    if getattr(filters, "year", None):
        sessions = sessions.filter(date__year=filters.year)
    return sessions


@router.get(
    "/workshops",
    response={200: schemas.WorkshopPage, **ERRORS},
    url_name="workshop_list",
    summary=gettext_noop("Laboratori"),
    description=gettext_noop("I laboratori pubblicati, dal più recente."),
)
def workshop_list(request, filters: Query[schemas.WorkshopFilters]):
    workshops = _updated_since(Workshop.objects.published(), filters)
    if filters.topic:
        workshops = workshops.filter(topics__slug=filters.topic)
    if filters.year:
        workshops = workshops.filter(
            pk__in=Session.objects.published().filter(date__year=filters.year).values("workshop")
        )
    workshops = workshops.prefetch_related("topics")

    def item(workshop):
        return {
            "number": workshop.number,
            "slug": workshop.slug,
            "title": workshop.title,
            "summary": workshop.summary,
            "description": workshop.description,
            "topics": [topic.slug for topic in workshop.topics.all()],
            "url": absolute_url(workshop.get_absolute_url(), request),
            "updated_at": workshop.updated_at,
        }

    return page_of(request, workshops, filters, item)


@router.get(
    "/sessions",
    response={200: schemas.SessionPage, **ERRORS},
    url_name="session_list",
    summary=gettext_noop("Giornate"),
    description=gettext_noop(
        "Le giornate pubblicate dei laboratori pubblicati, in ordine di data; "
        "quelle con la data da definire per ultime."
    ),
)
def session_list(request, filters: Query[schemas.SessionFilters]):
    sessions = _updated_since(_published_sessions(filters), filters).with_related()

    def item(session):
        return {
            "workshop": session.workshop.slug,
            "number": session.number,
            "slug": session.slug,
            "title": str(session.display_title),
            "date": session.date,
            "end_date": session.end_date,
            "start_time": _clock(session.start_time),
            "end_time": _clock(session.end_time),
            "starts_at": session.starts_at,
            "ends_at": session.ends_at,
            "venue": session.venue,
            "address": session.address,
            "online_url": session.online_url if session.shows_join_link else None,
            "description": session.description,
            "is_cancelled": session.is_cancelled,
            "topics": [topic.slug for topic in session.topics.all()],
            "speakers": [
                {
                    "speaker": part.speaker.slug,
                    "name": part.speaker.display_name,
                    "role": part.role,
                    "role_label": str(part.role_label),
                    "talk_title": part.talk_title,
                }
                for part in session.session_speakers.all()
            ],
            "url": absolute_url(session.get_absolute_url(), request),
            "updated_at": session.updated_at,
        }

    return page_of(request, sessions, filters, item)


@router.get(
    "/speakers",
    response={200: schemas.SpeakerPage, **ERRORS},
    url_name="speaker_list",
    summary=gettext_noop("Relatori"),
    description=gettext_noop(
        "Le persone che una giornata o un articolo pubblicati citano, con i soli dati "
        "della loro pagina pubblica."
    ),
)
def speaker_list(request, filters: Query[schemas.SpeakerFilters]):
    speakers = _updated_since(Speaker.objects.published(), filters).order_by(
        "last_name", "first_name", "pk"
    )
    if filters.workshop or filters.topic or filters.year:
        parts = SessionSpeaker.objects.filter(session__in=_published_sessions(filters))
        speakers = speakers.filter(pk__in=parts.values("speaker"))

    def item(speaker):
        return {
            "slug": speaker.slug,
            "honorific": speaker.honorific,
            "first_name": speaker.first_name,
            "last_name": speaker.last_name,
            "display_name": speaker.display_name,
            "role": speaker.role,
            "organisation": speaker.organisation,
            "bio": speaker.bio,
            "photo": _file_url(speaker.photo, request),
            "website": speaker.website,
            "url": absolute_url(speaker.get_absolute_url(), request),
            "updated_at": speaker.updated_at,
        }

    return page_of(request, speakers, filters, item)


@router.get(
    "/topics",
    response={200: schemas.TopicPage, **ERRORS},
    url_name="topic_list",
    summary=gettext_noop("Argomenti"),
    description=gettext_noop("Gli argomenti che classificano laboratori, giornate e articoli."),
)
def topic_list(request, filters: Query[schemas.TopicFilters]):
    topics = Topic.objects.all()
    if filters.workshop:
        topics = topics.filter(
            workshops__in=Workshop.objects.published().filter(slug=filters.workshop)
        )

    def item(topic):
        return {
            "slug": topic.slug,
            "name": topic.name,
            "kind": topic.kind,
            "kind_label": str(topic.get_kind_display()),
            "former_names": topic.alias_list,
            "description": topic.description,
            "url": absolute_url(topic.get_absolute_url(), request),
        }

    return page_of(request, topics, filters, item)


@router.get(
    "/articles",
    response={200: schemas.ArticlePage, **ERRORS},
    url_name="article_list",
    summary=gettext_noop("Articoli"),
    description=gettext_noop(
        "Resoconti e notizie pubblicati, dal più recente: sintesi e indirizzo; il testo "
        "completo con include=body."
    ),
)
def article_list(request, filters: Query[schemas.ArticleFilters]):
    articles = _updated_since(Article.objects.published(), filters)
    if filters.workshop:
        # A subquery, not a lookup first: the filter costs no query of its own.
        workshop = Workshop.objects.published().filter(slug=filters.workshop).values("pk")[:1]
        articles = articles.about_workshop(workshop)
    if filters.topic:
        articles = articles.filter(topics__slug=filters.topic)
    if filters.year:
        articles = articles.filter(published_at__year=filters.year)
    if filters.include != "body":
        articles = articles.defer("body", "search_text")
    articles = articles.select_related("section").prefetch_related(
        "topics",
        Prefetch("workshops", Workshop.objects.published()),
        Prefetch("sessions", Session.objects.published().select_related("workshop")),
    )

    def item(article):
        return {
            "slug": article.slug,
            "title": article.title,
            "byline": article.byline,
            "published_at": article.published_at,
            "section": article.section.name if article.section else None,
            "summary": article.summary,
            "lead_image": _file_url(article.lead_image, request),
            "lead_image_alt": article.lead_image_alt,
            "source_name": article.source_name,
            "source_url": article.source_url,
            "topics": [topic.slug for topic in article.topics.all()],
            "workshops": [workshop.slug for workshop in article.workshops.all()],
            "sessions": [
                {
                    "workshop": session.workshop.slug,
                    "slug": session.slug,
                    "url": absolute_url(session.get_absolute_url(), request),
                }
                for session in article.sessions.all()
            ],
            "url": absolute_url(article.get_absolute_url(), request),
            "updated_at": article.updated_at,
            "body": article.body if filters.include == "body" else None,
        }

    return page_of(request, articles, filters, item)
