"""Public pages: the portal's content, and the participants' calendar."""

from .calendar import (
    SessionArchiveView,
    SessionListView,
    SessionMonthView,
    calendar_help,
    calendar_ics,
    session_ics,
    speaker_ics,
    topic_ics,
    workshop_ics,
)
from .content import (
    ArticleDetailView,
    ArticleListView,
    SessionDetailView,
    SpeakerDetailView,
    SpeakerListView,
    TopicDetailView,
    TopicListView,
    WorkshopDetailView,
    WorkshopListView,
    home,
    search,
)
from .pages import example_link, glossary, page_detail
from .widget import calendar_widget, widget_help

__all__ = [
    "ArticleDetailView",
    "ArticleListView",
    "SessionArchiveView",
    "SessionDetailView",
    "SessionListView",
    "SessionMonthView",
    "SpeakerDetailView",
    "SpeakerListView",
    "TopicDetailView",
    "TopicListView",
    "WorkshopDetailView",
    "WorkshopListView",
    "calendar_help",
    "calendar_ics",
    "calendar_widget",
    "example_link",
    "glossary",
    "home",
    "page_detail",
    "search",
    "session_ics",
    "speaker_ics",
    "topic_ics",
    "widget_help",
    "workshop_ics",
]
