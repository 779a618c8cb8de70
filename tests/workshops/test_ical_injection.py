"""Whatever editors type, every .ics stays a valid calendar: no text can break a line of it."""

import re

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
from workshops.calendar import ical_line, ical_text

pytestmark = pytest.mark.django_db

# Every way of breaking a line that some reader honours, then other control characters.
BREAKS = ["\n", "\r", "\r\n", "\u2028", "\u2029", "\x85", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e"]
# No NUL here: PostgreSQL refuses to store it (ical_text drops it all the same, tested below).
CONTROLS = ["\x01", "\x07", "\x1b", "\x7f", "\x9b"]
# A property of its own if a break let it start a line; short enough for every field.
FORGED = "X-A:B"


def hostile(word):
    return word + "".join(f"{brk}{FORGED}" for brk in BREAKS) + "".join(CONTROLS) + " fine"


CONTENT_LINE = re.compile(r"^[A-Za-z0-9-]+(;[^:]*)?:")


def _physical_lines(body):
    assert body.endswith(b"\r\n")
    return body[:-2].split(b"\r\n")


def assert_every_line_is_a_content_line(body):
    """RFC 5545 §3.1: CRLF-separated lines of at most 75 octets, continued by a space or tab."""
    for raw in _physical_lines(body):
        assert len(raw) <= 75, raw
        line = raw.decode("utf-8")
        assert len(f"x{line}x".splitlines()) == 1, f"line break inside {line!r}"
        assert not re.search(r"[\x00-\x08\x0a-\x1f\x7f-\x9f]", line), line
        assert line[:1] in (" ", "\t") or CONTENT_LINE.match(line), line


@pytest.fixture
def hostile_session():
    topic = TopicFactory(name=hostile("Tema"), slug="tema-ostile")
    workshop = WorkshopFactory(title=hostile("Laboratorio"), slug="laboratorio-ostile")
    session = SessionFactory(
        workshop=workshop,
        slug="giornata-ostile",
        title=hostile("Titolo"),
        description=hostile("Descrizione"),
        venue=hostile("Sala"),
        address=hostile("Via"),
        # Saved without validation, as an import or a restore could.
        online_url="https://meet.example.org/a\r\nBEGIN:VEVENT\u2028b",
    )
    session.topics.add(topic)
    speaker = SpeakerFactory(
        first_name=hostile("Nome"),
        last_name="Rossi",
        slug="relatore-ostile",
        organisation=hostile("Ente"),
    )
    SessionSpeakerFactory(session=session, speaker=speaker)
    return session


def _ics_urls(session):
    workshop = session.workshop
    return [
        reverse("workshops:calendar_ics"),
        reverse("workshops:calendar_ics") + f"?workshop={workshop.slug}&topic=tema-ostile",
        reverse("workshops:workshop_ics", kwargs={"slug": workshop.slug}),
        reverse("workshops:topic_ics", kwargs={"slug": "tema-ostile"}),
        reverse("workshops:speaker_ics", kwargs={"slug": "relatore-ostile"}),
        reverse(
            "workshops:session_ics", kwargs={"workshop_slug": workshop.slug, "slug": session.slug}
        ),
    ]


@pytest.mark.parametrize("language", ["it", "en"])
def test_line_breaks_and_controls_in_any_text_never_break_an_ics(client, hostile_session, language):
    for url in _ics_urls(hostile_session):
        if language == "en":
            url = "/en" + url
        response = client.get(url)
        assert response.status_code == 200, url

        assert_every_line_is_a_content_line(response.content)
        cal = icalendar.Calendar.from_ical(response.content)
        (event,) = cal.walk("VEVENT")
        summary = str(event["SUMMARY"])
        # One line of text, all of it there, nothing forged.
        assert summary.endswith("Titolo " + " ".join([FORGED] * len(BREAKS)) + " fine")
        description = str(event["DESCRIPTION"])
        assert ("Descrizione" + "".join(f"\n{FORGED}" for _ in BREAKS) + " fine") in description
        assert "Nome" in description
        assert "Ente" in description
        assert "https://meet.example.org/a" in description
        assert str(event["LOCATION"]).startswith("Sala " + FORGED)
        assert str(event["URL"]).endswith(hostile_session.get_absolute_url())


def test_the_calendar_name_from_filters_stays_on_one_line(client, hostile_session):
    url = reverse("workshops:calendar_ics") + "?topic=tema-ostile"

    response = client.get(url)

    assert_every_line_is_a_content_line(response.content)
    cal = icalendar.Calendar.from_ical(response.content)
    assert "Tema " + FORGED in str(cal["X-WR-CALNAME"])


def test_a_raw_query_string_never_reaches_the_file_unencoded(client, hostile_session):
    response = client.get(
        reverse("workshops:calendar_ics"), QUERY_STRING="x=a\rBEGIN:VEVENT\x0b\x85 b"
    )

    assert response.status_code == 200
    assert_every_line_is_a_content_line(response.content)
    cal = icalendar.Calendar.from_ical(response.content)
    # No parameter a filter reads: the built file, which never holds the query string.
    assert str(cal["URL"]) == "http://testserver/calendario.ics"
    # Two filters at once: the file is made in the request, with the query string in its URL.
    both = "topic=tema-ostile&workshop=laboratorio-ostile"
    filtered = client.get(
        reverse("workshops:calendar_ics"), QUERY_STRING=f"{both}&x=a\rBEGIN:VEVENT\x0b\x85 b"
    )
    assert filtered.status_code == 200
    assert_every_line_is_a_content_line(filtered.content)
    cal = icalendar.Calendar.from_ical(filtered.content)
    assert str(cal["URL"]).startswith(f"http://testserver/calendario.ics?{both}&x=a%0DBEGIN:VEVENT")


def test_a_long_line_of_accented_text_is_folded_between_characters(client):
    session = SessionFactory(title="àèìòù€" * 40, description="perché " * 60)

    response = client.get(
        reverse(
            "workshops:session_ics",
            kwargs={"workshop_slug": session.workshop.slug, "slug": session.slug},
        )
    )

    assert_every_line_is_a_content_line(response.content)
    (event,) = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    assert "àèìòù€" * 40 in str(event["SUMMARY"])


def test_ical_text_keeps_lines_and_tabs_and_drops_every_other_control():
    assert ical_text("a\r\nb\rc\u2028d\x85e\tf\x00g\x9bh") == "a\nb\nc\nd\ne\tfgh"
    assert ical_line("Sala\r\nConsiglio\x00") == "Sala Consiglio"
