"""Past sessions point to their reports and offer no way to join; workshops name their speakers."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

JOIN = "Collegamento per partecipare"
ONLINE = "https://meet.example.org/labimpact"


def _past(**kwargs):
    return SessionFactory(
        starts_at=timezone.now() - dt.timedelta(days=30), online_url=ONLINE, **kwargs
    )


def test_past_session_card_links_its_published_report_only(client):
    session = _past(title="Giornata svolta")
    report = ArticleFactory(session=session, title="Il resoconto pubblicato")
    ArticleFactory(session=session, title="Un resoconto in bozza", draft=True)

    text = client.get(reverse("workshops:session_archive")).content.decode()

    assert "Resoconto disponibile" in text
    assert report.get_absolute_url() in text
    assert "Un resoconto in bozza" not in text


def test_past_session_without_report_says_nothing_about_one(client):
    _past(title="Giornata senza resoconto")

    text = client.get(reverse("workshops:session_archive")).content.decode()

    assert "Giornata senza resoconto" in text
    assert "Resoconto disponibile" not in text


def test_past_session_page_links_its_report_and_offers_no_join_link(client):
    session = _past(title="Giornata svolta")
    report = ArticleFactory(session=session)

    text = client.get(session.get_absolute_url()).content.decode()

    assert "Resoconto disponibile" in text
    assert report.get_absolute_url() in text
    assert JOIN not in text
    assert f'href="{ONLINE}"' not in text


def test_cancelled_session_offers_no_join_link(client):
    session = SessionFactory(is_cancelled=True, online_url=ONLINE, title="Giornata annullata")

    for url in (session.get_absolute_url(), reverse("workshops:session_list")):
        text = client.get(url).content.decode()
        assert "Giornata annullata" in text
        assert JOIN not in text, url


def test_upcoming_session_offers_its_join_link(client):
    session = SessionFactory(online_url=ONLINE)

    text = client.get(session.get_absolute_url()).content.decode()

    assert JOIN in text
    assert ONLINE in text


def test_workshop_page_shows_report_of_past_sessions_and_no_join_link(client):
    session = _past(title="Giornata svolta")
    report = ArticleFactory(session=session)

    text = client.get(session.workshop.get_absolute_url()).content.decode()

    assert "Resoconto disponibile" in text
    assert report.get_absolute_url() in text
    assert JOIN not in text


def test_workshop_page_lists_speakers_of_its_published_sessions_only(client):
    workshop = WorkshopFactory()
    published = SessionFactory(workshop=workshop)
    draft = SessionFactory(workshop=workshop, is_published=False)
    elsewhere = SessionFactory()
    SessionSpeakerFactory(session=published, speaker=SpeakerFactory(last_name="Pubblica"))
    SessionSpeakerFactory(
        session=published, speaker=SpeakerFactory(last_name="Nascosta", is_published=False)
    )
    SessionSpeakerFactory(session=draft, speaker=SpeakerFactory(last_name="Bozza"))
    SessionSpeakerFactory(session=elsewhere, speaker=SpeakerFactory(last_name="Altrove"))

    text = client.get(workshop.get_absolute_url()).content.decode()

    assert "Relatori e relatrici" in text
    assert "Pubblica" in text
    assert "Nascosta" not in text
    assert "Bozza" not in text
    assert "Altrove" not in text


def test_workshop_admin_session_inline_shows_date_place_and_speakers(admin_client):
    session = SessionFactory(
        undated=True, venue="Palazzo Lombardia", address="Piazza Città di Lombardia 1"
    )
    SessionSpeakerFactory(session=session, speaker=SpeakerFactory(last_name="Grigion"))

    response = admin_client.get(
        reverse("admin:workshops_workshop_change", args=[session.workshop.pk])
    )

    text = response.content.decode()
    assert 'name="sessions-0-date"' in text
    assert 'name="sessions-0-start_time"' in text
    assert "Palazzo Lombardia, Piazza Città di Lombardia 1" in text
    assert "Grigion" in text


def test_cancelled_session_calendar_file_offers_no_join_link(client):
    session = SessionFactory(is_cancelled=True, online_url=ONLINE)
    url = reverse(
        "workshops:session_ics",
        kwargs={"workshop_slug": session.workshop.slug, "slug": session.slug},
    )

    text = client.get(url).content.decode().replace("\r\n ", "")

    assert "STATUS:CANCELLED" in text
    assert ONLINE not in text
