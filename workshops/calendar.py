"""The participants' calendar: iCalendar files (RFC 5545), month grids, add-to-calendar links."""

import calendar as stdlib_calendar
import datetime as dt
import functools
import re
import uuid
from collections import defaultdict
from urllib.parse import urlencode

import icalendar
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _

# Calendar apps recognise an event by its UID for ever: this must never change.
UID_DOMAIN = "labimpact.anci.lombardia.it"
PRODID = "-//ANCI Lombardia//Lab'Impact//IT"
# How often subscribed calendar apps should fetch the file again.
REFRESH_INTERVAL = dt.timedelta(hours=1)
UTC_STAMP = "%Y%m%dT%H%M%SZ"
# Every character that str.splitlines() takes for a line break: some calendar readers do too.
LINE_BREAKS = re.compile(r"\r\n|[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
# What RFC 5545 forbids in text besides line breaks (tab is allowed), and the C1 controls.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")


def ical_text(value):
    """Text for a multi-line property: every kind of line break becomes one that icalendar escapes.

    Whatever editors, imports or restores put in a field, a line of the file cannot end
    early and the next cannot be read as a property of its own.
    """
    return CONTROL_CHARACTERS.sub("", LINE_BREAKS.sub("\n", str(value)))


def ical_line(value):
    """Text for a one-line property (summary, location, names): line breaks become spaces."""
    return " ".join(ical_text(value).split("\n"))


def session_uid(session):
    """The event's identity in every calendar app, made of what never changes: the primary key."""
    return f"giornata-{session.pk}@{UID_DOMAIN}"


def session_summary(session):
    summary = f"Lab'Impact · {session}"
    if session.is_cancelled:
        return f"{_('ANNULLATA')} – {summary}"
    return summary


def session_location(session):
    place = ", ".join(part for part in (session.venue, session.address) if part)
    return place or (_("Online") if session.online_url else "")


def session_description(session, page_url):
    """The event's notes: what a participant needs without opening the site."""
    lines = [str(session.workshop)]
    if session.is_cancelled:
        lines.insert(0, _("Questa giornata è stata annullata."))
    if session.description:
        lines += ["", session.description]
    speakers = [_speaker_line(part.speaker) for part in session.session_speakers.all()]
    if speakers:
        lines += ["", _("Relatori: %(names)s") % {"names": "; ".join(speakers)}]
    # A cancelled session is not to be joined; a past one keeps its link, so that a file
    # stays the same bytes while its sessions do not change (the clock alone changes nothing).
    if session.online_url and not session.is_cancelled:
        lines += ["", _("Collegamento online: %(url)s") % {"url": session.online_url}]
    lines += ["", _("Scheda della giornata: %(url)s") % {"url": page_url}]
    return "\n".join(lines)


def _speaker_line(speaker):
    if speaker.organisation:
        return f"{speaker.display_name}, {speaker.organisation}"
    return speaker.display_name


def event_bounds(session):
    """DTSTART and DTEND as a calendar app should read them, inventing nothing.

    Time unknown: whole days (``VALUE=DATE``, the end the day after the last one).
    End time unknown: the start alone. Date unknown: no event at all (None, None).
    """
    if session.date is None:
        return None, None
    if session.start_time is None:
        return session.date, session.last_date + dt.timedelta(days=1)
    start = timezone.localtime(session.starts_at)
    if session.end_time is None:
        return start, None
    return start, timezone.localtime(session.ends_at)


def session_event(session, *, page_url):
    """One VEVENT; a session over several days stays one event."""
    start, end = event_bounds(session)
    return icalendar.Event.new(
        uid=session_uid(session),
        sequence=session.sequence,
        # Taken from the row rather than the clock, so that an unchanged calendar
        # is byte-for-byte the same file and conditional requests can answer 304.
        stamp=session.updated_at,
        created=session.created_at,
        last_modified=session.updated_at,
        start=start,
        end=end,
        summary=ical_line(session_summary(session)),
        location=ical_line(session_location(session)) or None,
        url=page_url,
        description=ical_text(session_description(session, page_url)),
        status="CANCELLED" if session.is_cancelled else "CONFIRMED",
        categories=[ical_line(topic.name) for topic in session.topics.all()],
    )


def build_calendar(sessions, *, name, calendar_url, absolute_url):
    """The bytes of a VCALENDAR with ``sessions``, named for the subscriber's calendar list.

    ``absolute_url`` turns a path into a full URL; ``calendar_url`` is where this file lives.
    """
    cal = icalendar.Calendar.new(
        name=ical_line(name),
        prodid=PRODID,
        # Stable, so that the file changes only when its sessions do.
        uid=str(uuid.uuid5(uuid.NAMESPACE_URL, calendar_url)),
        url=calendar_url,
        method="PUBLISH",
        refresh_interval=REFRESH_INTERVAL,
        subcomponents=[
            session_event(session, page_url=absolute_url(session.get_absolute_url()))
            for session in sessions
        ],
    )
    # RFC 7986 requires the value type here; older clients read the X- properties instead.
    cal["REFRESH-INTERVAL"].params["VALUE"] = "DURATION"
    cal.add("X-PUBLISHED-TTL", icalendar.vDuration(REFRESH_INTERVAL))
    cal.add("X-WR-TIMEZONE", timezone.get_current_timezone_name())
    # As cal.add_missing_timezones(), with each zone's VTIMEZONE computed once per process:
    # it took 35 ms a calendar, and the task builds one per workshop, topic, speaker, session.
    position = len(cal.timezones)
    for tzid in cal.get_missing_tzids():
        try:
            vtimezone = _vtimezone(tzid)
        except ValueError:
            continue
        cal.subcomponents.insert(position, vtimezone)
        position += 1
    return cal.to_ical()


@functools.lru_cache(maxsize=8)
def _vtimezone(tzid):
    return icalendar.Timezone.from_tzid(tzid)


def webcal_url(url):
    """The subscription form of an http(s) address: calendar apps open ``webcal://``."""
    return "webcal://" + url.split("://", 1)[-1]


def _utc_stamp(moment):
    return moment.astimezone(dt.UTC).strftime(UTC_STAMP)


def google_calendar_url(session, *, page_url):
    """Google Calendar's "add event" form, filled in; whole days when the time is unknown."""
    start, end = event_bounds(session)
    if session.start_time is None:
        dates = f"{start:%Y%m%d}/{end:%Y%m%d}"
    else:
        dates = f"{_utc_stamp(start)}/{_utc_stamp(end or start)}"
    query = {
        "action": "TEMPLATE",
        "text": session_summary(session),
        "dates": dates,
        "details": session_description(session, page_url),
        "location": session_location(session),
        "ctz": timezone.get_current_timezone_name(),
    }
    return "https://calendar.google.com/calendar/render?" + urlencode(query)


def outlook_calendar_url(session, *, page_url):
    """Outlook on the web's "new event" form, filled in; all day when the time is unknown."""
    start, end = event_bounds(session)
    query = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": session_summary(session),
    }
    if session.start_time is None:
        query.update(startdt=start.isoformat(), enddt=end.isoformat(), allday="true")
    else:
        query.update(
            startdt=start.astimezone(dt.UTC).isoformat(),
            enddt=(end or start).astimezone(dt.UTC).isoformat(),
        )
    query.update(body=session_description(session, page_url), location=session_location(session))
    return "https://outlook.live.com/calendar/0/deeplink/compose?" + urlencode(query)


def month_bounds(year, month):
    """The first instant of the month and of the next one, in Italian time."""
    start = dt.datetime(year, month, 1, tzinfo=timezone.get_current_timezone())
    next_year, next_month = (year + 1, 1) if month == 12 else (year, month + 1)
    return start, start.replace(year=next_year, month=next_month)


def sessions_by_month(year, sessions):
    """``(first day of the month, its sessions)`` for each month of ``year`` that has some.

    A session over several days is listed in each month it touches, as in the month grids.
    """
    by_month = defaultdict(list)
    for session in sessions:
        if session.date is None:
            continue
        month, last = session.date.replace(day=1), session.last_date
        while month <= last:
            if month.year == year:
                by_month[month].append(session)
            month = (month + dt.timedelta(days=32)).replace(day=1)
    return sorted(by_month.items())


def month_grid(year, month, sessions, *, today):
    """Weeks from Monday to Sunday; each day knows its sessions, whether it is today and in month.

    A session over several days appears on each of them.
    """
    by_day = defaultdict(list)
    for session in sessions:
        if session.date is None:
            continue
        day, last = session.date, session.last_date
        while day <= last:
            by_day[day].append(session)
            day += dt.timedelta(days=1)
    return [
        [
            {
                "date": day,
                "in_month": day.month == month,
                "is_today": day == today,
                "sessions": by_day.get(day, []),
            }
            for day in week
        ]
        for week in stdlib_calendar.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]


def weekday_names():
    """(name, abbreviation) from Monday to Sunday, in the current language."""
    return [(WEEKDAYS[day], WEEKDAYS_ABBR[day]) for day in range(7)]
