"""The calendar other sites embed (/widget/calendario/) and the page that gives its snippet."""

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from tests.factories import SessionFactory, TopicFactory, WorkshopFactory
from workshops.views.widget import WIDGET_SESSIONS

pytestmark = pytest.mark.django_db

WIDGET = "/widget/calendario/"


def _upcoming(days, **kwargs):
    starts_at = timezone.now() + dt.timedelta(days=days)
    return SessionFactory(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=3), **kwargs)


def _directives(response):
    policy = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in policy.split(";") if part.strip()}


def test_widget_lists_upcoming_published_sessions_with_absolute_links_in_a_new_tab(client):
    shown = _upcoming(3, title="Giornata in arrivo")
    _upcoming(4, title="Giornata in bozza", is_published=False)
    _upcoming(-30, title="Giornata passata")

    content = client.get(WIDGET).content.decode()

    assert "Giornata in arrivo" in content
    assert "Giornata in bozza" not in content
    assert "Giornata passata" not in content
    assert f'href="http://testserver{shown.get_absolute_url()}"' in content
    assert '<base target="_blank">' in content
    assert "<script" not in content


def test_widget_filters_by_workshop_and_topic(client):
    workshop = WorkshopFactory(slug="terzo")
    topic = TopicFactory(slug="sai")
    in_both = _upcoming(2, workshop=workshop, title="Nel laboratorio e nel tema")
    in_both.topics.add(topic)
    _upcoming(3, workshop=workshop, title="Solo nel laboratorio")
    _upcoming(4, title="Altrove")

    content = client.get(WIDGET, {"workshop": "terzo", "topic": "sai"}).content.decode()

    assert "Nel laboratorio e nel tema" in content
    assert "Solo nel laboratorio" not in content
    assert "Altrove" not in content
    assert "/calendario/?workshop=terzo&amp;topic=sai" in content


def test_widget_shows_the_next_sessions_only_and_links_to_all(client):
    for day in range(WIDGET_SESSIONS + 2):
        _upcoming(day + 1, title=f"Giornata numero {day:02d}")

    content = client.get(WIDGET).content.decode()

    assert content.count('class="widget-session"') == WIDGET_SESSIONS
    assert f"Giornata numero {WIDGET_SESSIONS - 1:02d}" in content
    assert f"Giornata numero {WIDGET_SESSIONS:02d}" not in content
    assert "Tutte le giornate sul sito Lab'Impact" in content


def test_widget_with_an_unknown_filter_explains_instead_of_listing(client):
    _upcoming(2, title="Giornata in arrivo")

    response = client.get(WIDGET, {"workshop": "non-esiste"})

    assert response.status_code == 400
    content = response.content.decode()
    assert "non sono nel calendario" in content
    assert "Giornata in arrivo" not in content


def test_widget_alone_may_be_framed_by_any_site(client):
    widget = client.get(WIDGET)
    others = [client.get(path) for path in ("/widget/", "/calendario/", "/")]

    assert "X-Frame-Options" not in widget
    assert _directives(widget)["frame-ancestors"] == ["*"]
    for response in others:
        assert response["X-Frame-Options"] == "DENY"
        assert _directives(response)["frame-ancestors"] == ["'none'"]


def test_widget_sets_no_cookie_and_does_not_vary_on_cookies(client, editor):
    anonymous = client.get(WIDGET)
    client.force_login(editor)
    logged_in = client.get(WIDGET)

    for response in (anonymous, logged_in):
        assert not response.cookies
        assert "cookie" not in response.get("Vary", "").lower()


def test_widget_from_the_page_cache_keeps_its_framing_headers(client, page_cache):
    _upcoming(2)
    client.get(WIDGET)

    hit = client.get(WIDGET)

    assert hit["X-Cache"] == "hit"
    assert "X-Frame-Options" not in hit
    assert _directives(hit)["frame-ancestors"] == ["*"]


def test_widget_in_english(client):
    _upcoming(2)

    content = client.get("/en" + WIDGET).content.decode()

    assert '<html lang="en">' in content
    assert "Upcoming sessions of the Lab'Impact workshops" in content


def test_snippet_page_gives_the_iframe_with_the_chosen_filters(client):
    WorkshopFactory(slug="terzo")

    content = client.get("/widget/", {"workshop": "terzo"}).content.decode()

    snippet = html.unescape(re.search(r"<textarea[^>]*>(.*?)</textarea>", content, re.S)[1])
    assert snippet.startswith('<iframe src="http://testserver/widget/calendario/?workshop=terzo"')
    assert 'title="Prossime giornate dei laboratori Lab\'Impact"' in snippet
    assert '<iframe class="widget-preview" src="/widget/calendario/?workshop=terzo"' in content


def test_snippet_page_with_an_unknown_filter_gives_the_whole_calendar(client):
    content = client.get("/widget/", {"workshop": "non-esiste"}).content.decode()

    assert "Alcuni filtri non sono validi" in content
    assert 'src="/widget/calendario/"' in content


def test_subscription_steps_point_to_the_widget(client):
    assert 'href="/widget/"' in client.get("/calendario/come-iscriversi/").content.decode()
