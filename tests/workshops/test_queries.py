"""Each public list costs the same fixed number of queries with 1 and with 3 items (N+1 guard).

As in pretalx, the count is written down: a ``select_related`` or ``prefetch_related``
dropped from a view adds a query even at one item, and one more per item. The page is
rendered, not taken from the page cache (off in the test settings), and each test checks
that it shows the items counted and none of the drafts beside them.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.urls import reverse

from tests.worlds import WORKSHOP_DRAFTS, page_text, workshops_world
from workshops.site import site_settings

pytestmark = pytest.mark.django_db


@dataclass
class Page:
    url: Callable
    queries: int
    shows: Callable


def _titles(*keys):
    return lambda world: [item.title for key in keys for item in world[key]]


def _speakers(world):
    return [speaker.last_name for speaker in world["speakers"]]


def _urls(*keys):
    return lambda world: [item.get_absolute_url() for key in keys for item in world[key]]


def _filters(world):
    return f"?workshop={world['workshop'].slug}&topic={world['topic'].slug}"


def _month(world):
    return reverse(
        "workshops:calendar_month",
        kwargs={"year": world["month"].year, "month": world["month"].month},
    )


def _year(world):
    return reverse("workshops:calendar_year", kwargs={"year": world["month"].year})


def _url(name, key=None):
    if key is None:
        return lambda world: reverse(name)
    return lambda world: reverse(name, kwargs={"slug": world[key].slug})


PAGES = {
    "home": Page(lambda world: "/", 8, _titles("sessions", "articles")),
    "article_list": Page(_url("workshops:article_list"), 8, _titles("articles")),
    "article_list_filtered": Page(
        lambda world: reverse("workshops:article_list") + _filters(world),
        10,
        _titles("articles"),
    ),
    # One query for the people the article names («Persone citate»), one for the author's
    # speaker page (the JSON-LD's author url), one for the glossary's acronyms (then cached).
    "article_detail": Page(
        lambda world: world["articles"][0].get_absolute_url(), 9, lambda world: _speakers(world)
    ),
    "workshop_list": Page(_url("workshops:workshop_list"), 3, _titles("workshops")),
    "workshop_detail": Page(
        _url("workshops:workshop_detail", "workshop"), 6, _titles("sessions", "articles")
    ),
    # The session with its workshop and settings, its speakers, its topics, its reports,
    # and the count of places taken (registration is open on it).
    "session_detail": Page(
        lambda world: world["session"].get_absolute_url(),
        5,
        lambda world: _titles("articles")(world) + _speakers(world),
    ),
    "speaker_list": Page(_url("workshops:speaker_list"), 2, _speakers),
    # One query for the articles that name the speaker («Citato in»).
    "speaker_detail": Page(
        _url("workshops:speaker_detail", "speaker"), 5, _titles("sessions", "articles")
    ),
    # The entries, their topics, the entries each sees («Vedi anche»).
    "glossary": Page(_url("workshops:glossary"), 2, lambda world: [t.term for t in world["terms"]]),
    "topic_list": Page(
        _url("workshops:topic_list"), 1, lambda world: [t.name for t in world["topics"]]
    ),
    "topic_detail": Page(
        _url("workshops:topic_detail", "topic"),
        10,
        _titles("sessions", "past_sessions", "articles"),
    ),
    "search": Page(
        lambda world: reverse("workshops:search") + "?q=visibile",
        # Topics, articles (+ topics, workshops, sessions), sessions (+ topics, speakers),
        # speakers, glossary entries; actors (the networks app's group, through
        # NetworksConfig.search_groups).
        11,
        lambda world: _titles("sessions", "articles")(world) + _speakers(world),
    ),
    # Every calendar page counts one query for the months its picker offers.
    "session_list": Page(_url("workshops:session_list"), 7, _titles("sessions")),
    "session_list_filtered": Page(
        lambda world: reverse("workshops:session_list") + _filters(world),
        9,
        _titles("sessions"),
    ),
    # The sessions with their workshops, topics, speakers: as the calendar, without pages.
    "calendar_widget": Page(_url("workshops:calendar_widget"), 3, _titles("sessions")),
    "calendar_widget_filtered": Page(
        lambda world: reverse("workshops:calendar_widget") + _filters(world),
        5,
        _titles("sessions"),
    ),
    "session_archive": Page(_url("workshops:session_archive"), 8, _titles("past_sessions")),
    "session_month": Page(_month, 7, _titles("sessions")),
    "session_month_filtered": Page(
        lambda world: _month(world) + _filters(world), 9, _titles("sessions")
    ),
    "session_year": Page(_year, 7, _titles("sessions")),
    "session_year_filtered": Page(
        lambda world: _year(world) + _filters(world), 9, _titles("sessions")
    ),
    # The jump page offers every month with sessions as a link: past and upcoming.
    "calendar_jump": Page(
        _url("workshops:calendar_jump"),
        1,
        lambda world: [
            reverse(
                "workshops:calendar_month",
                kwargs={"year": session.date.year, "month": session.date.month},
            )
            for session in world["sessions"] + world["past_sessions"]
        ],
    ),
    # A built file (labimpact/builtfiles.py), read once the worker has built it (BUILT): it
    # costs no query. Built on first read instead, with the tests' immediate backend, its
    # one-filter variants (one per workshop and topic) would be counted with it.
    "calendar_ics": Page(_url("workshops:calendar_ics"), 0, _titles("sessions", "past_sessions")),
    "calendar_ics_filtered": Page(
        lambda world: reverse("workshops:calendar_ics") + _filters(world),
        5,
        _titles("sessions"),
    ),
    # Built too, one file per workshop, topic and speaker.
    "workshop_ics": Page(_url("workshops:workshop_ics", "workshop"), 0, _titles("sessions")),
    "topic_ics": Page(
        _url("workshops:topic_ics", "topic"), 0, _titles("sessions", "past_sessions")
    ),
    "speaker_ics": Page(_url("workshops:speaker_ics", "speaker"), 0, _titles("sessions")),
    "article_feed": Page(_url("workshops:article_feed"), 2, _titles("articles")),
    "article_feed_atom": Page(_url("workshops:article_feed_atom"), 2, _titles("articles")),
    "topic_feed": Page(_url("workshops:topic_feed", "topic"), 3, _titles("articles")),
    "topic_feed_atom": Page(_url("workshops:topic_feed_atom", "topic"), 3, _titles("articles")),
    "workshop_feed": Page(_url("workshops:workshop_feed", "workshop"), 3, _titles("articles")),
    "workshop_feed_atom": Page(
        _url("workshops:workshop_feed_atom", "workshop"), 3, _titles("articles")
    ),
    "sitemap": Page(
        # Each section's rows are read once for both languages: no COUNT per section.
        lambda world: "/sitemap.xml",
        11,
        _urls("articles", "sessions", "past_sessions", "speakers", "workshops"),
    ),
}


# Files the background task builds: measured as a visitor after a build finds them.
BUILT = {
    "calendar_ics": "workshops",
    "workshop_ics": "workshop-calendars",
    "topic_ics": "workshop-calendars",
    "speaker_ics": "workshop-calendars",
}


@pytest.mark.parametrize("item_count", [1, 3])
@pytest.mark.parametrize("name", PAGES)
def test_page_query_count_is_fixed_and_page_shows_items_without_drafts(
    client, django_assert_num_queries, settings, name, item_count
):
    page = PAGES[name]
    world = workshops_world(item_count)
    url = page.url(world)
    # The site settings (the public address) are read once, then served from the cache
    # until they are saved: counted warm, as nearly every request finds them.
    site_settings()
    if name in BUILT:
        # Files are built only for a known public address (the links they hold).
        settings.SITE_URL = "http://testserver"
        call_command("build_files", BUILT[name], stdout=io.StringIO())

    with django_assert_num_queries(page.queries):
        response = client.get(url)

    assert response.status_code == 200, url
    assert "X-Cache" not in response, "measured a page-cache hit, not the view"
    text = page_text(response)
    shown = page.shows(world)
    assert len(shown) >= item_count
    for expected in shown:
        assert expected in text, (url, expected)
    for draft in [*WORKSHOP_DRAFTS, *world["draft_urls"]]:
        assert draft not in text, (url, draft)
