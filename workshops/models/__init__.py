"""The workshops domain: topics, workshops and their sessions, speakers, articles, pages."""

from .articles import Article, ArticleQuerySet, Section
from .base import StaleEditError, VersionedModel
from .bodyimages import BodyImage
from .glossary import Term, TermQuerySet
from .pages import Page, SiteSettings
from .programme import Session, SessionQuerySet, SessionSpeaker, Workshop, WorkshopQuerySet
from .registrations import (
    Availability,
    Registration,
    RegistrationQuerySet,
    RegistrationSettings,
)
from .speakers import Speaker, SpeakerQuerySet
from .topics import Topic, TopicQuerySet

__all__ = [
    "Article",
    "Availability",
    "ArticleQuerySet",
    "BodyImage",
    "Page",
    "Registration",
    "RegistrationQuerySet",
    "RegistrationSettings",
    "Section",
    "Session",
    "SessionQuerySet",
    "SessionSpeaker",
    "SiteSettings",
    "Speaker",
    "SpeakerQuerySet",
    "StaleEditError",
    "Term",
    "TermQuerySet",
    "Topic",
    "TopicQuerySet",
    "VersionedModel",
    "Workshop",
    "WorkshopQuerySet",
]
