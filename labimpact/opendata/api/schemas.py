"""What the API accepts and answers: typed, so that django-ninja writes the OpenAPI schema from it.

Descriptions are in Italian, the site's language; the documentation page at ``/en/api/``
shows their English translation (they are marked with ``gettext_noop``).
"""

import datetime as dt
import re
from typing import Literal

from django.utils.translation import gettext_noop
from ninja import Field, Schema
from pydantic import field_validator

from workshops.licence import LICENSE_ID, LICENSE_URL

# Slugs are written with these characters only: anything else cannot name an object.
SLUG_PATTERN = r"^[-a-zA-Z0-9_]+$"
CLOCK_PATTERN = r"^[0-2][0-9]:[0-5][0-9]$"
MAX_PAGE_SIZE = 100
DEFAULT_PAGE_SIZE = 20
RFC_3339 = re.compile(
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
# Far enough for any real query; beyond it a date cannot be converted between time zones.
FIRST_YEAR = 1900
LAST_YEAR = 2100


class License(Schema):
    id: str = Field(LICENSE_ID, description=gettext_noop("Identificativo SPDX della licenza."))
    url: str = Field(LICENSE_URL, description=gettext_noop("Il testo della licenza."))


class Error(Schema):
    detail: str = Field(description=gettext_noop("Che cosa non va, in italiano."))
    errors: list[dict[str, str]] = Field(
        default_factory=list,
        description=gettext_noop("Per ogni parametro non valido: il suo nome e il motivo."),
    )


class Pagination(Schema):
    page: int = Field(
        1, ge=1, le=100_000, description=gettext_noop("Il numero della pagina, da 1.")
    )
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=gettext_noop("Quanti elementi per pagina, al massimo 100."),
    )


class UpdatedSince(Schema):
    updated_since: dt.datetime | None = Field(
        None,
        description=gettext_noop(
            "Solo ciò che è stato modificato da questo momento in poi: data e ora con il "
            "fuso orario (RFC 3339), per esempio 2025-01-31T00:00:00Z."
        ),
    )

    @field_validator("updated_since", mode="before")
    @classmethod
    def _written_out(cls, value):
        # Pydantic would also take «0.5» as seconds since 1970, and a time without its
        # zone: the schema promises RFC 3339, so anything else is a 400.
        if isinstance(value, str) and not RFC_3339.match(value):
            raise ValueError("expected a date and time with its offset, as 2025-01-31T00:00:00Z")
        return value

    @field_validator("updated_since")
    @classmethod
    def _within_the_calendar(cls, value):
        # Years far off are valid RFC 3339, but cannot always be moved to UTC: before the
        # first year everything is newer, after the last nothing is.
        if value is not None and value.year < FIRST_YEAR:
            return dt.datetime(FIRST_YEAR, 1, 1, tzinfo=dt.UTC)
        if value is not None and value.year > LAST_YEAR:
            return dt.datetime(LAST_YEAR, 1, 1, tzinfo=dt.UTC)
        return value


def _slug_filter(description):
    return Field(None, max_length=255, pattern=SLUG_PATTERN, description=description)


def _year_filter(description):
    return Field(None, ge=FIRST_YEAR, le=LAST_YEAR, description=description)


class WorkshopFilters(Pagination, UpdatedSince):
    topic: str | None = _slug_filter(gettext_noop("Lo slug di un argomento."))
    year: int | None = _year_filter(gettext_noop("Laboratori con giornate in quest'anno."))


class SessionFilters(Pagination, UpdatedSince):
    workshop: str | None = _slug_filter(gettext_noop("Lo slug di un laboratorio."))
    topic: str | None = _slug_filter(gettext_noop("Lo slug di un argomento."))
    year: int | None = _year_filter(gettext_noop("Giornate che si tengono in quest'anno."))


class SpeakerFilters(Pagination, UpdatedSince):
    workshop: str | None = _slug_filter(
        gettext_noop("Chi interviene nelle giornate di questo laboratorio (slug).")
    )
    topic: str | None = _slug_filter(
        gettext_noop("Chi interviene nelle giornate di questo argomento (slug).")
    )
    year: int | None = _year_filter(gettext_noop("Chi interviene in giornate di quest'anno."))


class TopicFilters(Pagination):
    workshop: str | None = _slug_filter(gettext_noop("Gli argomenti di questo laboratorio (slug)."))


class ArticleFilters(Pagination, UpdatedSince):
    workshop: str | None = _slug_filter(
        gettext_noop("Articoli su questo laboratorio o su una sua giornata (slug).")
    )
    topic: str | None = _slug_filter(gettext_noop("Lo slug di un argomento."))
    year: int | None = _year_filter(gettext_noop("Articoli pubblicati in quest'anno."))
    include: Literal["body"] | None = Field(
        None, description=gettext_noop("«body» aggiunge a ogni articolo il testo completo (HTML).")
    )


class ActorFilters(Pagination, UpdatedSince):
    topic: str | None = _slug_filter(gettext_noop("Lo slug di un argomento."))


class NetworkFilters(Pagination, UpdatedSince):
    topic: str | None = _slug_filter(gettext_noop("Lo slug di un argomento."))


class LinkFilters(Pagination, UpdatedSince):
    year: int | None = _year_filter(
        gettext_noop("Legami attivi in quest'anno, più quelli con la data d'inizio non nota.")
    )


class Page(Schema):
    count: int = Field(description=gettext_noop("Quanti elementi in tutto, su tutte le pagine."))
    page: int
    page_size: int
    next: str | None = Field(description=gettext_noop("L'indirizzo della pagina seguente."))
    previous: str | None = Field(description=gettext_noop("L'indirizzo della pagina precedente."))
    license: License


class Workshop(Schema):
    number: int
    slug: str
    title: str
    summary: str
    description: str
    topics: list[str] = Field(description=gettext_noop("Gli slug dei suoi argomenti."))
    url: str = Field(description=gettext_noop("La pagina pubblica."))
    updated_at: dt.datetime


class SessionSpeaker(Schema):
    speaker: str = Field(description=gettext_noop("Lo slug del relatore."))
    name: str
    role: str
    role_label: str
    talk_title: str


class Session(Schema):
    workshop: str = Field(description=gettext_noop("Lo slug del laboratorio."))
    number: int
    slug: str
    title: str = Field(description=gettext_noop("Il titolo, o «4° giornata» se non ne ha."))
    date: dt.date | None = Field(description=gettext_noop("Vuota se la data è da definire."))
    end_date: dt.date | None
    # Wall-clock times in Italy, not instants: «format: time» would ask for an offset.
    start_time: str | None = Field(
        pattern=CLOCK_PATTERN, description=gettext_noop("Ora italiana (HH:MM); vuota se non nota.")
    )
    end_time: str | None = Field(pattern=CLOCK_PATTERN)
    starts_at: dt.datetime | None
    ends_at: dt.datetime | None
    venue: str
    address: str
    online_url: str | None = Field(
        description=gettext_noop("Il collegamento per partecipare, solo prima della giornata.")
    )
    description: str
    is_cancelled: bool
    topics: list[str]
    speakers: list[SessionSpeaker]
    url: str
    updated_at: dt.datetime


class Speaker(Schema):
    slug: str
    honorific: str
    first_name: str
    last_name: str
    display_name: str
    role: str
    organisation: str
    bio: str
    photo: str | None
    website: str
    url: str
    updated_at: dt.datetime


class Topic(Schema):
    slug: str
    name: str
    kind: str
    kind_label: str
    former_names: list[str] = Field(description=gettext_noop("I nomi che l'argomento ha avuto."))
    description: str
    url: str


class SessionRef(Schema):
    workshop: str
    slug: str
    url: str


class Article(Schema):
    slug: str
    title: str
    byline: str
    published_at: dt.datetime
    section: str | None
    summary: str
    lead_image: str | None
    lead_image_alt: str
    source_name: str
    source_url: str
    topics: list[str]
    workshops: list[str]
    sessions: list[SessionRef]
    url: str
    updated_at: dt.datetime
    body: str | None = Field(
        None, description=gettext_noop("Il testo in HTML, solo con include=body.")
    )


class Actor(Schema):
    id: int
    slug: str | None = Field(description=gettext_noop("Vuoto per una persona privata."))
    name: str = Field(description=gettext_noop("«Persona privata» per una persona privata."))
    kind: str
    kind_label: str
    municipality: str
    province: str
    ambito: str
    website: str
    topics: list[str]
    url: str | None
    updated_at: dt.datetime


class Member(Schema):
    actor: int = Field(description=gettext_noop("L'id dell'attore."))
    role: str
    since: dt.date | None
    until: dt.date | None


class Network(Schema):
    slug: str
    name: str
    level: str
    level_label: str
    territory: str
    description: str
    lead: int | None = Field(description=gettext_noop("L'id dell'attore capofila."))
    members: list[Member]
    topics: list[str]
    url: str
    updated_at: dt.datetime


class Link(Schema):
    id: int
    source: int = Field(description=gettext_noop("L'id dell'attore da cui parte il legame."))
    target: int
    kind: str
    kind_label: str
    directed: bool
    since: dt.date | None = Field(description=gettext_noop("Vuota se la data non è nota."))
    until: dt.date | None
    description: str
    documented: bool
    document_url: str
    document_file: str | None
    article: str | None = Field(description=gettext_noop("L'articolo che lo documenta."))
    session: str | None = Field(description=gettext_noop("La giornata che lo documenta."))
    updated_at: dt.datetime


class EncounterFilters(Pagination, UpdatedSince):
    pass


class Encounter(Schema):
    id: int
    source: int = Field(description=gettext_noop("L'id di uno dei due attori (il minore)."))
    target: int = Field(description=gettext_noop("L'id dell'altro attore."))
    kind: str
    kind_label: str
    weight: int = Field(
        description=gettext_noop(
            "In quante giornate pubblicate e concluse entrambi avevano almeno una persona "
            "presente, dalle presenze segnate all'ingresso."
        )
    )
    sessions: list[str] = Field(
        description=gettext_noop("Le pagine di quelle giornate, dalla prima: la fonte.")
    )
    since: dt.date = Field(description=gettext_noop("Il giorno della prima di quelle giornate."))
    until: dt.date = Field(description=gettext_noop("Il giorno dell'ultima."))
    updated_at: dt.datetime = Field(
        description=gettext_noop("L'ultima volta che le presenze lo hanno cambiato.")
    )


class WorkshopPage(Page):
    results: list[Workshop]


class SessionPage(Page):
    results: list[Session]


class SpeakerPage(Page):
    results: list[Speaker]


class TopicPage(Page):
    results: list[Topic]


class ArticlePage(Page):
    results: list[Article]


class ActorPage(Page):
    results: list[Actor]


class NetworkPage(Page):
    results: list[Network]


class LinkPage(Page):
    results: list[Link]


class EncounterPage(Page):
    results: list[Encounter]


class Index(Schema):
    title: str
    description: str
    license: License
    openapi: str
    documentation: str
    endpoints: dict[str, str]
