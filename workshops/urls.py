from django.urls import path, register_converter

from workshops import feeds, views
from workshops.models import Page

app_name = "workshops"


class YearConverter:
    """Four digits, as in /calendario/2020/12/."""

    regex = "[0-9]{4}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return f"{int(value):04d}"


class MonthConverter(YearConverter):
    """Two digits, 01 to 12."""

    regex = "0[1-9]|1[0-2]"

    def to_url(self, value):
        return f"{int(value):02d}"


register_converter(YearConverter, "yyyy")
register_converter(MonthConverter, "mm")

urlpatterns = [
    path("", views.home, name="home"),
    path("articoli/", views.ArticleListView.as_view(), name="article_list"),
    path("articoli/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("laboratori/", views.WorkshopListView.as_view(), name="workshop_list"),
    path("laboratori/<slug:slug>/", views.WorkshopDetailView.as_view(), name="workshop_detail"),
    path("laboratori/<slug:slug>/calendario.ics", views.workshop_ics, name="workshop_ics"),
    path(
        "laboratori/<slug:workshop_slug>/<slug:slug>/",
        views.SessionDetailView.as_view(),
        name="session_detail",
    ),
    path(
        "laboratori/<slug:workshop_slug>/<slug:slug>/evento.ics",
        views.session_ics,
        name="session_ics",
    ),
    path(
        "laboratori/<slug:workshop_slug>/<slug:slug>/iscrizione/",
        views.registration_create,
        name="registration_create",
    ),
    # The pages the signed links of the e-mails open; the token travels as ?t=.
    path("iscrizioni/conferma/", views.registration_confirm, name="registration_confirm"),
    path("iscrizioni/annulla/", views.registration_cancel, name="registration_cancel"),
    path("iscrizioni/cancella-dati/", views.registration_erase, name="registration_erase"),
    path("relatori/", views.SpeakerListView.as_view(), name="speaker_list"),
    path("relatori/<slug:slug>/", views.SpeakerDetailView.as_view(), name="speaker_detail"),
    path("relatori/<slug:slug>/calendario.ics", views.speaker_ics, name="speaker_ics"),
    path("temi/", views.TopicListView.as_view(), name="topic_list"),
    path("temi/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("temi/<slug:slug>/calendario.ics", views.topic_ics, name="topic_ics"),
    path("cerca/", views.search, name="search"),
    path("glossario/", views.glossary, name="glossary"),
    # The two pages Italian public sites must have; editors write their text in the admin.
    path(
        "accessibilita/",
        views.page_detail,
        {"kind": Page.Kind.ACCESSIBILITY},
        name="accessibility",
    ),
    path("privacy/", views.page_detail, {"kind": Page.Kind.PRIVACY}, name="privacy"),
    # Where the demo content's online sessions point, instead of a real third-party site.
    path("esempio-collegamento/", views.example_link, name="example_link"),
    path("calendario/", views.SessionListView.as_view(), name="session_list"),
    path("calendario/come-iscriversi/", views.calendar_help, name="calendar_help"),
    path("calendario/passate/", views.SessionArchiveView.as_view(), name="session_archive"),
    path("calendario/vai/", views.calendar_jump, name="calendar_jump"),
    path("calendario/<yyyy:year>/", views.SessionYearView.as_view(), name="calendar_year"),
    path(
        "calendario/<yyyy:year>/<mm:month>/",
        views.SessionMonthView.as_view(),
        name="calendar_month",
    ),
    path("calendario.ics", views.calendar_ics, name="calendar_ics"),
    # The calendar other sites embed (the only page they may frame), and its snippet.
    path("widget/", views.widget_help, name="widget_help"),
    path("widget/calendario/", views.calendar_widget, name="calendar_widget"),
    path("feed/articoli/", feeds.ArticleFeed(), name="article_feed"),
    path("feed/articoli/atom/", feeds.AtomArticleFeed(), name="article_feed_atom"),
    path("feed/articoli/temi/<slug:slug>/", feeds.TopicArticleFeed(), name="topic_feed"),
    path(
        "feed/articoli/temi/<slug:slug>/atom/", feeds.AtomTopicArticleFeed(), name="topic_feed_atom"
    ),
    path(
        "feed/articoli/laboratori/<slug:slug>/",
        feeds.WorkshopArticleFeed(),
        name="workshop_feed",
    ),
    path(
        "feed/articoli/laboratori/<slug:slug>/atom/",
        feeds.AtomWorkshopArticleFeed(),
        name="workshop_feed_atom",
    ),
]
