"""The workshops domain: topics, workshops and their sessions, speakers, articles."""

from .articles import Article, ArticleQuerySet
from .programme import Session, SessionQuerySet, SessionSpeaker, Workshop, WorkshopQuerySet
from .speakers import Speaker, SpeakerQuerySet
from .topics import Topic, TopicQuerySet

__all__ = [
    "Article",
    "ArticleQuerySet",
    "Session",
    "SessionQuerySet",
    "SessionSpeaker",
    "Speaker",
    "SpeakerQuerySet",
    "Topic",
    "TopicQuerySet",
    "Workshop",
    "WorkshopQuerySet",
]
