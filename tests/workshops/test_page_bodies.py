"""The bodies of the workshop, session, speaker, calendar and report list pages are kept under the
content version: a visitor who bypasses the page cache (any cookie) gets them with one
query or none, a change shows at once, a list varies on its query string, and nothing a
draft shows is ever kept."""

import pytest
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    TopicFactory,
    WorkshopFactory,
)
from workshops import services
from workshops.models import Article
from workshops.views import calendar as calendar_views

pytestmark = pytest.mark.django_db


@pytest.fixture
def portal():
    workshop = WorkshopFactory(title="Laboratorio marcatore")
    session = SessionFactory(workshop=workshop, title="Giornata marcatrice")
    part = SessionSpeakerFactory(session=session, speaker__organisation="Ente marcatore")
    topic = TopicFactory(name="Tema marcatore")
    article = ArticleFactory(title="Resoconto marcatore")
    article.sessions.add(session)
    return {"workshop": workshop, "session": session, "speaker": part.speaker, "topic": topic}


def urls(portal):
    start = portal["session"].starts_at
    return {
        # The object itself is kept too: nothing asked of the database.
        "workshop": (portal["workshop"].get_absolute_url(), 0),
        "session": (portal["session"].get_absolute_url(), 0),
        "speaker": (portal["speaker"].get_absolute_url(), 0),
        "topic": (portal["topic"].get_absolute_url(), 0),
        "calendar list": (reverse("workshops:session_list"), 0),
        "calendar month": (
            reverse("workshops:calendar_month", kwargs={"year": start.year, "month": start.month}),
            0,
        ),
        "calendar year": (
            reverse("workshops:calendar_year", kwargs={"year": start.year}),
            0,
        ),
        "report list": (reverse("workshops:article_list"), 0),
        "workshop list": (reverse("workshops:workshop_list"), 0),
        "speaker list": (reverse("workshops:speaker_list"), 0),
        "topic list": (reverse("workshops:topic_list"), 0),
    }


@pytest.mark.parametrize(
    "page",
    [
        "workshop",
        "session",
        "speaker",
        "topic",
        "calendar list",
        "calendar month",
        "calendar year",
        "report list",
        "workshop list",
        "speaker list",
        "topic list",
    ],
)
def test_a_body_is_rendered_once_then_costs_no_query(
    client, portal, page, django_assert_max_num_queries
):
    url, queries = urls(portal)[page]
    first = client.get(url).content.decode()

    # The page cache is off in the tests: the object, the body and a list's count are kept.
    with django_assert_max_num_queries(queries):
        second = client.get(url).content.decode()

    assert second == first
    assert "marca" in second


def test_the_month_picker_page_is_rendered_once(client, portal, monkeypatch):
    links = []
    month_url = calendar_views.month_url
    monkeypatch.setattr(calendar_views, "month_url", lambda *a: links.append(a) or month_url(*a))
    url = reverse("workshops:calendar_jump")
    first = client.get(url).content.decode()
    month = portal["session"].starts_at.strftime("%Y-%m")
    assert f'value="{month}"' in first
    assert links

    links.clear()
    assert client.get(url).content.decode() == first
    assert not links, "the months were linked again"


def test_a_list_body_varies_on_its_filters_and_page(client):
    topic = TopicFactory(name="Tema filtrato")
    kept = ArticleFactory(title="Resoconto filtrato")
    kept.topics.add(topic)
    ArticleFactory(title="Resoconto qualsiasi")
    for n in range(12):
        ArticleFactory(title=f"Resoconto numero {n}")
    url = reverse("workshops:article_list")

    everything = client.get(url).content.decode()
    filtered = client.get(url, {"topic": topic.slug}).content.decode()
    second_page = client.get(url, {"page": 2}).content.decode()

    assert "Resoconto qualsiasi" not in filtered
    assert "Resoconto filtrato" in filtered
    assert second_page != everything
    assert client.get(url, {"page": 2}).content.decode() == second_page


def test_a_publication_and_a_withdrawal_show_at_once(client, portal):
    article = ArticleFactory(title="Resoconto nuovo", status=Article.Status.DRAFT)
    article.sessions.add(portal["session"])
    pages = [portal["workshop"].get_absolute_url(), reverse("workshops:article_list")]
    for url in pages:
        assert "Resoconto nuovo" not in client.get(url).content.decode()

    services.article_publish(article=article)
    for url in pages:
        assert "Resoconto nuovo" in client.get(url).content.decode()

    services.article_unpublish(article=article)
    for url in pages:
        assert "Resoconto nuovo" not in client.get(url).content.decode()


@pytest.mark.parametrize("page", ["workshop", "session", "speaker"])
def test_a_withdrawn_object_is_gone_at_once(client, portal, page):
    url = portal[page].get_absolute_url()
    assert client.get(url).status_code == 200

    services.record_change(portal[page], comment="ritirato", is_published=False)

    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    ("page", "list_name"),
    [("workshop", "workshops:workshop_list"), ("speaker", "workshops:speaker_list")],
)
def test_a_withdrawn_object_leaves_its_kept_list_at_once(client, portal, page, list_name):
    url = reverse(list_name)
    name = portal[page].title if page == "workshop" else portal[page].organisation
    assert name in client.get(url).content.decode()

    services.record_change(portal[page], comment="ritirato", is_published=False)

    assert name not in client.get(url).content.decode()


def test_an_editors_view_of_draft_sessions_is_never_kept_nor_served_to_the_public(
    client, editor_client, portal
):
    SessionFactory(workshop=portal["workshop"], title="Giornata in bozza", is_published=False)
    url = portal["workshop"].get_absolute_url()

    assert "Giornata in bozza" in editor_client.get(url).content.decode()
    editor_client.logout()
    assert "Giornata in bozza" not in client.get(url).content.decode()


def test_the_public_body_is_not_shown_to_an_editor_who_sees_drafts(client, editor, portal):
    SessionFactory(workshop=portal["workshop"], title="Giornata in bozza", is_published=False)
    url = portal["workshop"].get_absolute_url()

    assert "Giornata in bozza" not in client.get(url).content.decode()
    client.force_login(editor)
    assert "Giornata in bozza" in client.get(url).content.decode()


@pytest.mark.parametrize("query", [{"page": "abc"}, {"page": "9999"}, {"year": "x" * 5000}])
def test_bad_list_input_never_fails(client, portal, query):
    for name in ("workshops:article_list", "workshops:session_list"):
        assert client.get(reverse(name), query).status_code in (200, 400, 404)


def test_without_the_cache_the_bodies_render_and_keep_nothing(settings, client, portal):
    from tests.outages import unreachable_redis_caches

    settings.CACHES = unreachable_redis_caches()
    for url, _queries in urls(portal).values():
        for _ in range(2):
            response = client.get(url)
            assert response.status_code == 200
            assert "marca" in response.content.decode()
