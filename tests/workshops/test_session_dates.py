"""Sessions whose date or time is still to be set: validated, shown, exported, nothing invented."""

import datetime as dt
import json
import re
from zoneinfo import ZoneInfo

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from tests.factories import SessionFactory, WorkshopFactory
from workshops.models import Session

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
NEXT_YEAR = timezone.localdate().year + 1


def _ics_url(session):
    return reverse(
        "workshops:session_ics",
        kwargs={"workshop_slug": session.workshop.slug, "slug": session.slug},
    )


def _events(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return {
        str(event["SUMMARY"]): event
        for event in icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    }


def _json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(match.group(1))


@pytest.mark.parametrize(
    ("fields", "field_in_error"),
    [
        ({"date": None, "start_time": dt.time(10)}, "start_time"),
        ({"start_time": None, "end_time": dt.time(12)}, "end_time"),
        ({"start_time": dt.time(12), "end_time": dt.time(10)}, "end_time"),
        ({"end_date": dt.date(NEXT_YEAR, 4, 30)}, "end_date"),
        ({"date": None, "start_time": None, "end_date": dt.date(NEXT_YEAR, 5, 2)}, "end_date"),
    ],
)
def test_session_schedule_that_cannot_be_is_refused_in_clean_and_database(fields, field_in_error):
    session = SessionFactory.build(
        workshop=WorkshopFactory(), starts_at=dt.datetime(NEXT_YEAR, 5, 1, 10, tzinfo=ROME)
    )
    for name, value in fields.items():
        setattr(session, name, value)

    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert field_in_error in error.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_session_without_date_time_or_title_is_valid_and_named_by_its_number():
    session = Session(workshop=WorkshopFactory(), number=4)

    session.full_clean()
    session.save()

    assert session.slug == "giornata-4"
    assert str(session) == "4° giornata"
    assert session.display_title == "4° giornata"
    assert session.starts_at is None
    assert session.ends_at is None
    assert not session.is_past


def test_session_without_time_lasts_its_whole_day_for_upcoming_and_past():
    today = SessionFactory(untimed=True, starts_at=timezone.now())
    yesterday = SessionFactory(untimed=True, starts_at=timezone.now() - dt.timedelta(days=1))

    assert today.start_time is None
    assert today.end_time is None
    assert list(Session.objects.upcoming()) == [today]
    assert list(Session.objects.past()) == [yesterday]


def test_undated_sessions_are_upcoming_last_never_past_and_not_dated():
    undated = SessionFactory(undated=True, title="Convegno finale")
    later = SessionFactory(starts_at=timezone.now() + dt.timedelta(days=60))
    sooner = SessionFactory(starts_at=timezone.now() + dt.timedelta(days=2))

    assert list(Session.objects.upcoming()) == [sooner, later, undated]
    assert list(Session.objects.past()) == []
    assert list(Session.objects.undated()) == [undated]
    assert undated not in Session.objects.dated()


def test_undated_session_page_says_date_to_be_set_and_why_there_is_no_calendar_file(client):
    session = SessionFactory(
        undated=True, title="Convegno finale", online_url="https://meet.example.org/x"
    )

    response = client.get(session.get_absolute_url())

    text = response.content.decode()
    assert "Data da definire" in text
    assert _ics_url(session) not in text
    assert "ancora un file per il calendario" in text
    assert "calendar.google.com" not in text
    data = _json_ld(response)
    assert "startDate" not in data
    assert "endDate" not in data
    assert client.get(_ics_url(session)).status_code == 404


def test_untimed_session_page_says_time_to_be_set_and_invents_no_hour(client):
    session = SessionFactory(
        untimed=True, starts_at=dt.datetime(NEXT_YEAR, 11, 3, tzinfo=ROME), title="Terza giornata"
    )

    response = client.get(session.get_absolute_url())

    text = response.content.decode()
    assert re.search("orario da definire", text, re.IGNORECASE)
    assert "00:00" not in text
    assert "dalle" not in text
    data = _json_ld(response)
    assert data["startDate"] == f"{NEXT_YEAR}-11-03"
    assert "endDate" not in data


def test_untimed_session_is_an_all_day_event_and_undated_is_left_out_of_the_feed(client):
    SessionFactory(
        untimed=True, starts_at=dt.datetime(NEXT_YEAR, 11, 3, tzinfo=ROME), title="Senza orario"
    )
    SessionFactory(undated=True, title="Senza data")

    events = _events(client, reverse("workshops:calendar_ics"))

    (event,) = events.values()
    assert "Senza orario" in str(event["SUMMARY"])
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event["DTSTART"].dt == dt.date(NEXT_YEAR, 11, 3)
    assert event["DTEND"].dt == dt.date(NEXT_YEAR, 11, 4)
    assert b"DTSTART;VALUE=DATE:" in client.get(reverse("workshops:calendar_ics")).content


def test_session_with_start_only_has_no_invented_end(client):
    session = SessionFactory(starts_at=dt.datetime(NEXT_YEAR, 6, 8, 9, 30, tzinfo=ROME))
    session.end_time = None
    session.save()

    (event,) = _events(client, _ics_url(session)).values()
    page = client.get(session.get_absolute_url()).content.decode()

    assert event["DTSTART"].dt == dt.datetime(NEXT_YEAR, 6, 8, 9, 30, tzinfo=ROME)
    assert "DTEND" not in event
    assert "dalle 09:30" in page
    assert "alle 12:30" not in page


def test_untitled_session_is_its_ordinal_in_the_ics_summary_and_pages(client):
    session = SessionFactory(number=4, title="", slug="")

    (event,) = _events(client, _ics_url(session)).values()
    page = client.get(session.get_absolute_url()).content.decode()

    assert session.slug == "giornata-4"
    assert str(event["SUMMARY"]) == "Lab'Impact · 4° giornata"
    assert "<h1>4° giornata</h1>" in page


def test_calendar_lists_undated_sessions_under_to_be_set(client):
    SessionFactory(title="Giornata con data")
    SessionFactory(undated=True, title="Convegno finale")

    text = client.get(reverse("workshops:session_list")).content.decode()

    assert "Da definire</h3>" in text
    assert text.index("Giornata con data") < text.index("Da definire</h3>")
    assert text.index("Da definire</h3>") < text.index("Convegno finale")
    assert "Data da definire" in text


def test_month_grid_shows_an_untimed_session_without_an_hour(client):
    SessionFactory(
        untimed=True, starts_at=dt.datetime(NEXT_YEAR, 11, 3, tzinfo=ROME), title="Senza orario"
    )

    response = client.get(
        reverse("workshops:calendar_month", kwargs={"year": NEXT_YEAR, "month": 11})
    )

    text = response.content.decode()
    assert "Senza orario" in text
    assert "<strong>00:00</strong>" not in text


def test_add_to_google_calendar_uses_whole_days_when_the_time_is_unknown(client):
    session = SessionFactory(untimed=True, starts_at=dt.datetime(NEXT_YEAR, 11, 3, tzinfo=ROME))

    text = client.get(session.get_absolute_url()).content.decode()

    assert f"dates={NEXT_YEAR}1103%2F{NEXT_YEAR}1104" in text
    assert "allday=true" in text
