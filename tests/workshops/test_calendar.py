"""The calendar pages: upcoming and past sessions, month grids, add-to-calendar links."""

import datetime as dt
import html
from urllib.parse import parse_qs, urlparse
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import (
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")


def _page(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())


def _next_year_at(month, day, hour=10):
    return dt.datetime(timezone.localdate().year + 1, month, day, hour, tzinfo=ROME)


def test_calendar_lists_upcoming_sessions_by_month_with_all_a_participant_needs(client):
    workshop = WorkshopFactory(number=303, title="Le reti locali")
    starts_at = _next_year_at(12, 10, 9)
    session = SessionFactory(
        workshop=workshop,
        number=4,
        title="La coesione territoriale",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=4),
        venue="Sala Consiglio",
        online_url="https://meet.example.org/labimpact",
    )
    SessionSpeakerFactory(
        session=session,
        speaker=SpeakerFactory(honorific="dott.", first_name="Nicola", last_name="Grigion"),
    )
    SessionFactory(title="Giornata di gennaio", starts_at=_next_year_at(1, 15))
    SessionFactory(title="Giornata annullata", is_cancelled=True)
    SessionFactory(title="Giornata già svolta", starts_at=timezone.now() - dt.timedelta(days=30))

    content = _page(client, reverse("workshops:session_list"))

    year = starts_at.year
    assert "4° giornata · 303° laboratorio" in content
    assert "La coesione territoriale" in content
    assert f"giovedì 10 dicembre {year}" in content or f"10 dicembre {year}" in content
    assert "dalle 09:00 alle 13:00" in content
    assert "Sala Consiglio" in content
    assert "https://meet.example.org/labimpact" in content
    assert "dott. Nicola Grigion" in content
    assert f"Gennaio {year}" in content
    assert f"Dicembre {year}" in content
    assert content.index(f"Gennaio {year}") < content.index(f"Dicembre {year}")
    assert "Giornata annullata" in content
    assert "Annullata" in content
    assert "Giornata già svolta" not in content
    assert reverse("workshops:session_archive") in content


def test_cancelled_session_is_marked_next_to_its_title(client):
    SessionFactory(title="Giornata annullata", is_cancelled=True)

    content = _page(client, reverse("workshops:session_list"))

    card = content[content.index("Giornata annullata") - 600 : content.index("Giornata annullata")]
    assert "Annullata" in card


def test_past_sessions_page_lists_past_sessions_only(client):
    SessionFactory(title="Giornata futura")
    SessionFactory(title="Giornata già svolta", starts_at=timezone.now() - dt.timedelta(days=30))

    content = _page(client, reverse("workshops:session_archive"))

    assert "Giornate passate" in content
    assert "Giornata già svolta" in content
    assert "Giornata futura" not in content


def test_calendar_pages_never_show_unpublished_sessions(client):
    visible = SessionFactory(title="Giornata pubblica", starts_at=_next_year_at(3, 3))
    SessionFactory(title="Giornata in bozza", is_published=False, starts_at=visible.starts_at)
    SessionFactory(
        title="Laboratorio nascosto",
        workshop=WorkshopFactory(is_published=False),
        starts_at=visible.starts_at,
    )
    SessionFactory(
        title="Passata in bozza",
        is_published=False,
        starts_at=timezone.now() - dt.timedelta(days=3),
    )
    month_url = reverse(
        "workshops:calendar_month", kwargs={"year": visible.starts_at.year, "month": 3}
    )

    for url in [reverse("workshops:session_list"), reverse("workshops:session_archive"), month_url]:
        content = _page(client, url)
        assert "Giornata in bozza" not in content, url
        assert "Laboratorio nascosto" not in content, url
        assert "Passata in bozza" not in content, url
    assert "Giornata pubblica" in _page(client, month_url)


def test_calendar_filters_by_workshop_and_topic_and_links_keep_the_filters(client):
    topic = TopicFactory(slug="coprogettazione", name="Coprogettazione")
    workshop = WorkshopFactory(slug="terzo")
    wanted = SessionFactory(workshop=workshop, title="Quella cercata")
    wanted.topics.add(topic)
    SessionFactory(workshop=workshop, title="Altro tema")
    SessionFactory(title="Altro laboratorio").topics.add(topic)

    content = _page(
        client, reverse("workshops:session_list") + "?workshop=terzo&topic=coprogettazione"
    )

    assert "Quella cercata" in content
    assert "Altro tema" not in content
    assert "Altro laboratorio" not in content
    assert "webcal://testserver/calendario.ics?workshop=terzo&topic=coprogettazione" in content
    assert 'href="http://testserver/calendario.ics?workshop=terzo&topic=coprogettazione"' in content
    assert reverse("workshops:session_archive") + "?workshop=terzo&topic=coprogettazione" in content


def test_unfiltered_calendar_subscribes_to_everything(client):
    SessionFactory()

    content = _page(client, reverse("workshops:session_list"))

    assert 'href="webcal://testserver/calendario.ics"' in content
    assert "Iscriviti al calendario" in content
    assert "Scaricare" in content
    assert "Iscriversi" in content


@pytest.mark.parametrize("query", ["?workshop=nessuno", "?topic=%3Cb%3E", "?workshop=&topic=x"])
def test_calendar_explains_unknown_filters(client, query):
    SessionFactory(title="Una giornata")

    response = client.get(reverse("workshops:session_list") + query)

    content = response.content.decode()
    assert response.status_code == 200
    assert "Alcuni filtri non sono validi" in content
    assert "Una giornata" in content


@pytest.mark.parametrize("page", ["abc", "0", "999", "-1"])
def test_calendar_bad_pages_are_404(client, page):
    SessionFactory()

    for name in ["workshops:session_list", "workshops:session_archive"]:
        assert client.get(reverse(name) + f"?page={page}").status_code == 404


def test_month_grid_starts_on_monday_marks_today_and_links_around(client):
    today = timezone.localdate()
    starts_at = dt.datetime.combine(today, dt.time(23, 0), tzinfo=ROME)
    SessionFactory(
        title="Giornata di stasera",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(minutes=30),
    )

    response = client.get(
        reverse("workshops:calendar_month", kwargs={"year": today.year, "month": today.month})
    )
    content = html.unescape(response.content.decode())

    assert response.status_code == 200
    assert content.lower().index('title="lunedì"') < content.lower().index('title="domenica"')
    # Once in the grid, once in the agenda: CSS shows one of them at a time.
    grid, agenda = content.split('class="calendar-agenda', 1)
    assert grid.count('aria-current="date"') == 1
    assert agenda.count('aria-current="date"') == 1
    today_cell = content[content.index('aria-current="date"') :]
    assert "23:00" in today_cell[: today_cell.index("</td>")]
    assert "oggi" in today_cell[: today_cell.index("</td>")]
    assert "Giornata di stasera" in content
    previous_month = today.replace(day=1) - dt.timedelta(days=1)
    next_month = (today.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    assert (
        reverse(
            "workshops:calendar_month",
            kwargs={"year": previous_month.year, "month": previous_month.month},
        )
        in content
    )
    assert (
        reverse(
            "workshops:calendar_month", kwargs={"year": next_month.year, "month": next_month.month}
        )
        in content
    )


def test_month_grid_shows_italian_month_and_a_session_over_several_days(client):
    starts_at = dt.datetime(2020, 11, 30, 9, tzinfo=ROME)
    SessionFactory(
        title="A cavallo del mese", starts_at=starts_at, ends_at=starts_at + dt.timedelta(days=2)
    )

    december = _page(client, "/calendario/2020/12/")
    november = _page(client, "/calendario/2020/11/")

    assert "<h1>Dicembre 2020</h1>" in december
    assert "A cavallo del mese" in december
    assert "A cavallo del mese" in november
    assert "novembre 2020" in december  # the link to the previous month


@pytest.mark.parametrize(
    "url",
    [
        "/calendario/2020/13/",
        "/calendario/2020/00/",
        "/calendario/0000/01/",
        "/calendario/99999/01/",
        "/calendario/2020/1/",
        "/calendario/abcd/01/",
        "/calendario/1999/12/",
        "/calendario/9999/01/",
    ],
)
def test_bad_months_are_404(client, url):
    response = client.get(url)

    assert response.status_code == 404


def test_session_page_offers_download_subscription_google_and_outlook(client):
    starts_at = dt.datetime(2026, 3, 29, 10, tzinfo=ROME)
    session = SessionFactory(
        title="Giornata di primavera",
        starts_at=starts_at,
        ends_at=starts_at + dt.timedelta(hours=2),
    )

    content = _page(client, session.get_absolute_url())

    ics = reverse(
        "workshops:session_ics",
        kwargs={"workshop_slug": session.workshop.slug, "slug": session.slug},
    )
    assert f'href="{ics}"' in content
    assert 'href="webcal://testserver/calendario.ics"' in content
    assert "Aggiungi a Google Calendar" in content
    assert "Aggiungi a Outlook" in content
    assert "Scaricare" in content
    assert "non si aggiorna" in content
    google = next(
        part.split('"')[0]
        for part in content.split('href="')
        if part.startswith("https://calendar.google.com")
    )
    query = parse_qs(urlparse(google).query)
    assert query["dates"] == ["20260329T080000Z/20260329T100000Z"]
    assert "Giornata di primavera" in query["text"][0]
    outlook = next(
        part.split('"')[0]
        for part in content.split('href="')
        if part.startswith("https://outlook.live.com")
    )
    assert parse_qs(urlparse(outlook).query)["startdt"] == ["2026-03-29T08:00:00+00:00"]


def test_cancelled_session_page_offers_no_google_or_outlook(client):
    session = SessionFactory(is_cancelled=True)

    content = _page(client, session.get_absolute_url())

    assert "Aggiungi a Google Calendar" not in content
    assert "la segna come annullata" in content


def test_workshop_topic_and_speaker_pages_offer_their_calendars(client):
    topic = TopicFactory()
    speaker = SpeakerFactory()
    session = SessionFactory()
    session.topics.add(topic)
    SessionSpeakerFactory(session=session, speaker=speaker)

    for page, ics in [
        (
            session.workshop.get_absolute_url(),
            reverse("workshops:workshop_ics", kwargs={"slug": session.workshop.slug}),
        ),
        (topic.get_absolute_url(), reverse("workshops:topic_ics", kwargs={"slug": topic.slug})),
        (
            speaker.get_absolute_url(),
            reverse("workshops:speaker_ics", kwargs={"slug": speaker.slug}),
        ),
    ]:
        assert f"webcal://testserver{ics}" in _page(client, page), page


def test_main_navigation_has_the_calendar(client):
    content = _page(client, "/")

    assert f'href="{reverse("workshops:session_list")}"><span>Calendario</span>' in content
