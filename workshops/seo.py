"""Structured data (schema.org JSON-LD) for search engines and link previews."""

from django.db.models import Value
from django.db.models.functions import Concat
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from workshops.models import Speaker

SCHEMA = "https://schema.org"
ORGANISER = {
    "@type": "Organization",
    "name": "ANCI Lombardia",
    "url": "https://www.anci.lombardia.it/",
}


def _card_image(absolute_url):
    """The programme's preview card: the image of pages without one of their own."""
    return absolute_url(static("img/og-card.png"))


def _place(session):
    """Where an in-person session meets, as a schema.org Place with a postal address."""
    address = {"@type": "PostalAddress", "addressCountry": "IT"}
    if session.address:
        address["streetAddress"] = session.address
    else:
        address["name"] = session.venue
    return {"@type": "Place", "name": session.venue or session.address, "address": address}


def byline_path(byline):
    """Where a byline links: the speaker's page when the author has one, otherwise the site
    search for the name, which finds the author's reports."""
    speaker = (
        Speaker.objects.published()
        .annotate(name=Concat("first_name", Value(" "), "last_name"))
        .filter(name__iexact=byline.strip())
        .first()
    )
    if speaker:
        return speaker.get_absolute_url()
    return f"{reverse('workshops:search')}?{urlencode({'q': byline})}"


def _person(speaker, absolute_url):
    person = {
        "@type": "Person",
        "name": speaker.full_name,
        "url": absolute_url(speaker.get_absolute_url()),
    }
    if speaker.honorific:
        person["honorificPrefix"] = speaker.honorific
    if speaker.organisation:
        person["affiliation"] = {"@type": "Organization", "name": speaker.organisation}
    return person


def _event_dates(session):
    """startDate/endDate as far as they are known: a day without a time is a date alone."""
    if session.date is None:
        return {}
    if session.start_time is None:
        dates = {"startDate": session.date.isoformat()}
        if session.end_date:
            dates["endDate"] = session.end_date.isoformat()
        return dates
    dates = {"startDate": timezone.localtime(session.starts_at).isoformat()}
    if session.end_time is not None:
        dates["endDate"] = timezone.localtime(session.ends_at).isoformat()
    return dates


def session_event(session, absolute_url):
    """A schema.org Event: cancelled where so, at a place, online, or both."""
    locations = []
    if session.venue or session.address:
        locations.append(_place(session))
    if session.shows_join_link:
        locations.append({"@type": "VirtualLocation", "url": session.online_url})
    elif session.online_url or not locations:
        # Online, its link not given or no longer shown (past or cancelled: the page never
        # offers it, so neither may what search engines and link previews read): the
        # session's page stands in.
        locations.append(
            {"@type": "VirtualLocation", "url": absolute_url(session.get_absolute_url())}
        )
    if session.venue or session.address:
        mode = "MixedEventAttendanceMode" if session.online_url else "OfflineEventAttendanceMode"
    else:
        mode = "OnlineEventAttendanceMode"
    data = {
        "@context": SCHEMA,
        "@type": "Event",
        "name": str(session),
        "url": absolute_url(session.get_absolute_url()),
        "eventStatus": f"{SCHEMA}/{'EventCancelled' if session.is_cancelled else 'EventScheduled'}",
        "eventAttendanceMode": f"{SCHEMA}/{mode}",
        "organizer": ORGANISER,
        "superEvent": {
            "@type": "EventSeries",
            "name": str(session.workshop),
            "url": absolute_url(session.workshop.get_absolute_url()),
        },
        "performer": [
            _person(part.speaker, absolute_url) for part in session.session_speakers.all()
        ],
        "isAccessibleForFree": True,
        "image": [_card_image(absolute_url)],
        "location": locations[0] if len(locations) == 1 else locations,
    }
    data.update(_event_dates(session))
    if session.description:
        data["description"] = session.description
    return data


def article_news(article, absolute_url, author_path=None):
    """A schema.org NewsArticle for a report; ``author_path`` is its ``byline_path``, when
    the caller has it already."""
    data = {
        "@context": SCHEMA,
        "@type": "NewsArticle",
        "headline": article.title,
        "url": absolute_url(article.get_absolute_url()),
        "mainEntityOfPage": absolute_url(article.get_absolute_url()),
        "dateModified": article.updated_at.isoformat(),
        "publisher": ORGANISER,
        "inLanguage": "it",
        "keywords": [topic.name for topic in article.topics.all()],
    }
    if article.published_at:
        data["datePublished"] = article.published_at.isoformat()
    if article.byline:
        data["author"] = {
            "@type": "Person",
            "name": article.byline,
            "url": absolute_url(author_path or byline_path(article.byline)),
        }
    if article.summary:
        data["description"] = article.summary
    if article.section:
        data["articleSection"] = article.section.name
    if article.source_url:
        data["isBasedOn"] = article.source_url
    data["image"] = [
        absolute_url(article.lead_image.url) if article.lead_image else _card_image(absolute_url)
    ]
    return data


def speaker_person(speaker, absolute_url):
    """A schema.org Person for a speaker's page."""
    data = {"@context": SCHEMA, **_person(speaker, absolute_url)}
    if speaker.role:
        data["jobTitle"] = speaker.role
    if speaker.bio:
        data["description"] = speaker.bio
    if speaker.website:
        data["sameAs"] = [speaker.website]
    if speaker.photo:
        data["image"] = absolute_url(speaker.photo.url)
    return data
