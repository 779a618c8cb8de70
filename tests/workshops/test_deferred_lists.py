"""A list page whose body and count are kept does not even build its queryset: where
the rows are not read, composing their query (the published speakers' subqueries, the
filters) is work for nothing. Its rows are still read wherever its body is made."""

import pytest
from django.db.models import QuerySet
from django.urls import reverse

from networks.models.groups import NetworkQuerySet
from tests.factories import (
    ArticleFactory,
    NetworkFactory,
    SessionFactory,
    SessionSpeakerFactory,
    TopicFactory,
)
from workshops.models.articles import ArticleQuerySet
from workshops.models.programme import SessionQuerySet, WorkshopQuerySet
from workshops.models.speakers import SpeakerQuerySet

pytestmark = pytest.mark.django_db

BUILDERS = [
    (ArticleQuerySet, "published"),
    (SessionQuerySet, "published"),
    (WorkshopQuerySet, "published"),
    (SpeakerQuerySet, "published"),
    (NetworkQuerySet, "published"),
    (QuerySet, "annotate"),
]


@pytest.fixture
def programme():
    session = SessionFactory(title="Giornata marcatrice", workshop__title="Laboratorio marcatore")
    SessionSpeakerFactory(session=session, speaker__last_name="Marcatore")
    ArticleFactory(title="Resoconto marcatore", topics=[TopicFactory(name="Tema marcatore")])
    NetworkFactory(name="Rete marcatrice")
    return session


PAGES = [
    "home",
    "report list",
    "report list page 1",
    "calendar list",
    "calendar month",
    "calendar year",
    "workshop list",
    "speaker list",
    "topic list",
    "network list",
]


def _urls(session):
    start = session.starts_at
    return {
        "home": reverse("workshops:home"),
        "report list": reverse("workshops:article_list"),
        "report list page 1": reverse("workshops:article_list") + "?page=1",
        "calendar list": reverse("workshops:session_list"),
        "calendar month": reverse(
            "workshops:calendar_month", kwargs={"year": start.year, "month": start.month}
        ),
        "calendar year": reverse("workshops:calendar_year", kwargs={"year": start.year}),
        "workshop list": reverse("workshops:workshop_list"),
        "speaker list": reverse("workshops:speaker_list"),
        "topic list": reverse("workshops:topic_list"),
        "network list": reverse("networks:network_list"),
    }


@pytest.fixture
def builds(monkeypatch):
    """Each time a list's queryset is composed."""
    calls = []
    for queryset_class, name in BUILDERS:
        method = getattr(queryset_class, name)

        def counted(self, *args, _method=method, _name=f"{queryset_class.__name__}.{name}", **kw):
            calls.append(_name)
            return _method(self, *args, **kw)

        monkeypatch.setattr(queryset_class, name, counted)
    return calls


@pytest.mark.parametrize("page", PAGES)
def test_a_kept_list_page_composes_no_query(
    client, programme, builds, page, django_assert_num_queries
):
    url = _urls(programme)[page]
    first = client.get(url).content.decode()
    assert builds, "the first visit reads the rows"
    assert "marca" in first.lower()
    builds.clear()

    with django_assert_num_queries(0):
        again = client.get(url).content.decode()

    assert again == first
    assert builds == []


@pytest.mark.parametrize("page", PAGES)
def test_without_the_cache_the_rows_are_read(client, programme, page, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    assert "marca" in client.get(_urls(programme)[page]).content.decode().lower()


@pytest.mark.parametrize(
    "page", ["report list", "report list page 1", "calendar list", "calendar month"]
)
def test_a_kept_list_without_filters_builds_no_filter_form(client, programme, page, monkeypatch):
    import django_filters

    url = _urls(programme)[page]
    first = client.get(url).content.decode()
    forms = []
    get_form_class = django_filters.FilterSet.get_form_class

    def counted(self):
        forms.append(type(self).__name__)
        return get_form_class(self)

    monkeypatch.setattr(django_filters.FilterSet, "get_form_class", counted)

    assert client.get(url).content.decode() == first
    assert forms == []


@pytest.mark.parametrize(
    "page",
    ["report list", "report list page 1", "calendar list", "calendar month", "calendar year"],
)
def test_a_kept_list_without_filters_copies_no_filters(client, programme, page, monkeypatch):
    from workshops.filters import PublicFilterSet

    url = _urls(programme)[page]
    first = client.get(url).content.decode()
    copies = []
    copy_filters = PublicFilterSet.copy_filters

    def counted(self):
        copies.append(type(self).__name__)
        return copy_filters(self)

    monkeypatch.setattr(PublicFilterSet, "copy_filters", counted)

    assert client.get(url).content.decode() == first
    assert copies == []
    # A filter in force is read from the form, which needs them.
    client.get(url, {"topic": "tema-marcatore"})
    assert copies


@pytest.mark.parametrize("query", ["?year=abc", "?year=1999", "?page=1&year=abc"])
def test_a_year_the_form_refuses_is_still_explained(client, programme, query):
    # The years are read only when the form uses its field: checking one is such a use.
    response = client.get(reverse("workshops:article_list") + query)

    assert response.status_code == 200
    assert "Alcuni filtri non sono validi" in response.content.decode()


@pytest.mark.parametrize("page", ["calendar list", "calendar month", "calendar year"])
def test_a_kept_calendar_page_works_out_nothing_only_its_body_shows(
    client, programme, page, monkeypatch
):
    from workshops import calendar
    from workshops.views import calendar as views

    url = _urls(programme)[page]
    first = client.get(url).content.decode()
    worked_out = []

    def counting(name, real):
        def counted(*args, **kwargs):
            worked_out.append(name)
            return real(*args, **kwargs)

        return counted

    monkeypatch.setattr(views, "MonthJumpForm", counting("picker", views.MonthJumpForm))
    monkeypatch.setattr(views, "years_of", counting("years", views.years_of))
    monkeypatch.setattr(
        views.CalendarPageMixin,
        "breadcrumbs",
        counting("breadcrumbs", views.CalendarPageMixin.breadcrumbs),
    )
    monkeypatch.setattr(calendar, "weekday_names", counting("weekdays", calendar.weekday_names))

    assert client.get(url).content.decode() == first
    assert worked_out == []
