"""The .ics files, read back with the icalendar library as a calendar app would."""

import datetime as dt
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.urls import reverse

from tests.factories import (
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")


def _calendar(client, url):
    response = client.get(url)
    assert response.status_code == 200, url
    return icalendar.Calendar.from_ical(response.content)


def _events(client, url):
    return {str(event["SUMMARY"]): event for event in _calendar(client, url).walk("VEVENT")}


def _ics_urls(session):
    return [
        reverse("workshops:calendar_ics"),
        reverse("workshops:workshop_ics", kwargs={"slug": session.workshop.slug}),
        reverse(
            "workshops:session_ics",
            kwargs={"workshop_slug": session.workshop.slug, "slug": session.slug},
        ),
    ]


@pytest.mark.parametrize(
    ("day", "utc_hour"),
    [
        (dt.date(2026, 3, 29), 8),  # last Sunday of March: summer time starts at 02:00
        (dt.date(2026, 10, 25), 9),  # last Sunday of October: summer time ends at 03:00
    ],
)
def test_sessions_on_daylight_saving_days_stay_at_ten_in_rome(client, day, utc_hour):
    starts_at = dt.datetime.combine(day, dt.time(10), tzinfo=ROME)
    session = SessionFactory(starts_at=starts_at, ends_at=starts_at + dt.timedelta(hours=3))

    for url in _ics_urls(session):
        cal = _calendar(client, url)
        (event,) = cal.walk("VEVENT")
        start = event.decoded("DTSTART")

        assert event["DTSTART"].params["TZID"] == "Europe/Rome"
        assert start.replace(tzinfo=None) == dt.datetime.combine(day, dt.time(10))
        assert start.astimezone(dt.UTC).hour == utc_hour
        assert event.decoded("DTEND").astimezone(ROME).hour == 13
        assert [str(tz["TZID"]) for tz in cal.walk("VTIMEZONE")] == ["Europe/Rome"]


def test_event_carries_what_a_participant_needs(client):
    workshop = WorkshopFactory(number=303)
    session = SessionFactory(
        workshop=workshop,
        number=4,
        title="La coesione territoriale",
        venue="Sala Consiglio",
        address="Via Rovello 2, Milano",
        online_url="https://meet.example.org/labimpact",
        description="L'ultima giornata del terzo laboratorio.",
    )
    session.topics.add(TopicFactory(name="Coprogettazione"), TopicFactory(name="SAI, già SIPROIMI"))
    SessionSpeakerFactory(
        session=session,
        speaker=SpeakerFactory(
            honorific="dott.", first_name="Nicola", last_name="Grigion", organisation="In-deep"
        ),
    )
    SessionSpeakerFactory(
        session=session, speaker=SpeakerFactory(last_name="Nascosto", is_published=False)
    )
    url = reverse(
        "workshops:session_ics", kwargs={"workshop_slug": workshop.slug, "slug": session.slug}
    )

    response = client.get(url)
    cal = icalendar.Calendar.from_ical(response.content)
    (event,) = cal.walk("VEVENT")

    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert (
        f'filename="labimpact-{workshop.slug}-{session.slug}.ics"'
        in response["Content-Disposition"]
    )
    assert str(event["UID"]) == f"giornata-{session.pk}@labimpact.anci.lombardia.it"
    assert "4° giornata: La coesione territoriale" in str(event["SUMMARY"])
    assert str(event["LOCATION"]) == "Sala Consiglio, Via Rovello 2, Milano"
    assert str(event["URL"]) == f"http://testserver{session.get_absolute_url()}"
    assert str(event["STATUS"]) == "CONFIRMED"
    description = str(event["DESCRIPTION"])
    assert "dott. Nicola Grigion, In-deep" in description
    assert "https://meet.example.org/labimpact" in description
    assert "L'ultima giornata del terzo laboratorio." in description
    assert "Nascosto" not in description
    assert set(event.categories) == {"Coprogettazione", "SAI, già SIPROIMI"}
    assert event.decoded("DTSTAMP") == session.updated_at.replace(microsecond=0)
    assert event.decoded("LAST-MODIFIED") == session.updated_at.replace(microsecond=0)
    assert "X-WR-CALNAME" in cal
    assert str(cal["X-WR-TIMEZONE"]) == "Europe/Rome"
    assert str(cal["REFRESH-INTERVAL"].to_ical().decode()) == "PT1H"
    assert cal["X-PUBLISHED-TTL"].to_ical().decode() == "PT1H"


def test_multi_day_session_is_one_event(client):
    starts_at = dt.datetime(2026, 5, 4, 9, tzinfo=ROME)
    session = SessionFactory(starts_at=starts_at, ends_at=starts_at + dt.timedelta(days=2, hours=8))

    (event,) = _calendar(client, reverse("workshops:calendar_ics")).walk("VEVENT")

    assert event.decoded("DTEND") - event.decoded("DTSTART") == dt.timedelta(days=2, hours=8)
    assert str(event["UID"]).startswith(f"giornata-{session.pk}@")


def test_cancelled_session_is_cancelled_in_every_calendar(client):
    session = SessionFactory(is_cancelled=True, title="Giornata saltata")

    for url in _ics_urls(session):
        (event,) = _calendar(client, url).walk("VEVENT")

        assert str(event["STATUS"]) == "CANCELLED"
        assert str(event["SUMMARY"]).startswith("ANNULLATA")


def test_uid_is_stable_and_sequence_rises_only_when_time_or_place_change(client):
    session = SessionFactory(title="Prima versione", slug="prima-versione")
    url = reverse("workshops:calendar_ics")

    def only_event():
        (event,) = _calendar(client, url).walk("VEVENT")
        return str(event["UID"]), int(event["SEQUENCE"])

    uid, sequence = only_event()
    assert sequence == 0

    session.title, session.slug = "Titolo corretto", "titolo-corretto"
    session.save()
    assert only_event() == (uid, 0)

    session.date += dt.timedelta(days=1)
    session.save()
    assert only_event() == (uid, 1)

    session.venue = "Palazzo Lombardia"
    session.save(update_fields=["venue"])
    assert only_event() == (uid, 2)

    session.is_cancelled = True
    session.save()
    assert only_event() == (uid, 3)


def test_second_conditional_request_is_304_until_something_changes(client, page_cache):
    session = SessionFactory()
    url = reverse("workshops:calendar_ics")

    first = client.get(url)
    again = client.get(url, headers={"if-none-match": first["ETag"]})

    assert first.status_code == 200
    assert first["ETag"]
    assert again.status_code == 304
    assert again.content == b""
    assert client.head(url).status_code == 200

    session.venue = "Altra sala"
    session.save()
    changed = client.get(url, headers={"if-none-match": first["ETag"]})

    assert changed.status_code == 200
    assert b"Altra sala" in changed.content


def test_no_ics_shows_unpublished_sessions_or_workshops(client):
    topic = TopicFactory()
    speaker = SpeakerFactory()
    workshop = WorkshopFactory()
    public = SessionFactory(workshop=workshop, title="Giornata pubblica")
    draft = SessionFactory(workshop=workshop, title="Giornata in bozza", is_published=False)
    hidden_workshop = WorkshopFactory(is_published=False)
    hidden = SessionFactory(workshop=hidden_workshop, title="Giornata di un laboratorio nascosto")
    for session in (public, draft, hidden):
        session.topics.add(topic)
        SessionSpeakerFactory(session=session, speaker=speaker)
    urls = [
        reverse("workshops:calendar_ics"),
        reverse("workshops:workshop_ics", kwargs={"slug": workshop.slug}),
        reverse("workshops:topic_ics", kwargs={"slug": topic.slug}),
        reverse("workshops:speaker_ics", kwargs={"slug": speaker.slug}),
    ]

    for url in urls:
        content = client.get(url).content.decode()
        assert "Giornata pubblica" in content, url
        assert "Giornata in bozza" not in content, url
        assert "laboratorio nascosto" not in content, url

    for url in [
        reverse("workshops:workshop_ics", kwargs={"slug": hidden_workshop.slug}),
        reverse(
            "workshops:session_ics", kwargs={"workshop_slug": workshop.slug, "slug": draft.slug}
        ),
        reverse(
            "workshops:session_ics",
            kwargs={"workshop_slug": hidden_workshop.slug, "slug": hidden.slug},
        ),
        reverse("workshops:speaker_ics", kwargs={"slug": SpeakerFactory(is_published=False).slug}),
    ]:
        assert client.get(url).status_code == 404, url


def test_calendar_ics_takes_the_calendar_page_filters(client):
    topic = TopicFactory(slug="coprogettazione", name="Coprogettazione")
    workshop = WorkshopFactory(slug="terzo", number=303)
    match = SessionFactory(workshop=workshop, title="Giusta")
    match.topics.add(topic)
    SessionFactory(workshop=workshop, title="Altro tema")
    SessionFactory(title="Altro laboratorio").topics.add(topic)

    cal = _calendar(
        client, reverse("workshops:calendar_ics") + "?workshop=terzo&topic=coprogettazione"
    )

    assert [str(e["SUMMARY"]) for e in cal.walk("VEVENT")] == [f"Lab'Impact · {match}"]
    assert "303° laboratorio" in str(cal["X-WR-CALNAME"])
    assert "Coprogettazione" in str(cal["X-WR-CALNAME"])


@pytest.mark.parametrize(
    "query", ["?workshop=nessuno", "?topic=%3Cscript%3E", "?workshop=a&workshop=b"]
)
def test_calendar_ics_refuses_unknown_filters(client, query):
    SessionFactory()

    response = client.get(reverse("workshops:calendar_ics") + query)

    assert response.status_code == 404


def test_speaker_and_topic_calendars_hold_only_their_sessions(client):
    speaker = SpeakerFactory()
    topic = TopicFactory()
    with_speaker = SessionFactory(title="Con il relatore")
    SessionSpeakerFactory(session=with_speaker, speaker=speaker)
    on_topic = SessionFactory(title="Sul tema")
    on_topic.topics.add(topic)
    SessionFactory(title="Nessuno dei due")

    speaker_events = _events(
        client, reverse("workshops:speaker_ics", kwargs={"slug": speaker.slug})
    )
    topic_events = _events(client, reverse("workshops:topic_ics", kwargs={"slug": topic.slug}))

    assert list(speaker_events) == [f"Lab'Impact · {with_speaker}"]
    assert list(topic_events) == [f"Lab'Impact · {on_topic}"]
