from django.urls import path

from workshops import views

app_name = "workshops"

urlpatterns = [
    path("", views.home, name="home"),
    path("articoli/", views.ArticleListView.as_view(), name="article_list"),
    path("articoli/<slug:slug>/", views.ArticleDetailView.as_view(), name="article_detail"),
    path("laboratori/", views.WorkshopListView.as_view(), name="workshop_list"),
    path("laboratori/<slug:slug>/", views.WorkshopDetailView.as_view(), name="workshop_detail"),
    path(
        "laboratori/<slug:workshop_slug>/<slug:slug>/",
        views.SessionDetailView.as_view(),
        name="session_detail",
    ),
    path("relatori/", views.SpeakerListView.as_view(), name="speaker_list"),
    path("relatori/<slug:slug>/", views.SpeakerDetailView.as_view(), name="speaker_detail"),
    path("temi/", views.TopicListView.as_view(), name="topic_list"),
    path("temi/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    path("cerca/", views.search, name="search"),
]
