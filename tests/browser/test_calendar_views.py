"""The calendar in a real browser: the month as a grid on a desktop and as an agenda on a phone,
the yearly archive, and the month picker without JavaScript."""

import datetime as dt

import pytest
from django.urls import reverse

from tests.browser.conftest import DESKTOP, MOBILE
from tests.browser.pages import build_demo
from tests.browser.test_pages import OVERFLOW, axe_report
from tests.factories import ArticleFactory, SessionFactory

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Heading levels a screen reader lists: those rendered (display: none ones are not).
HEADINGS = """() => [...document.querySelectorAll("main h1, main h2, main h3, main h4, main h5")]
  .filter((h) => h.getClientRects().length || h.classList.contains("visually-hidden"))
  .map((h) => Number(h.tagName[1]))"""


@pytest.fixture
def month():
    """The demo's month with a dozen sessions more, long titles, a cancelled one, a report."""
    demo = build_demo()
    start = demo.session.starts_at
    sessions = [demo.session]
    for index in range(12):
        when = start.replace(day=1, hour=9 + index % 3) + dt.timedelta(days=index * 2)
        sessions.append(
            SessionFactory(
                workshop=demo.workshop,
                number=200 + index,
                title=f"Giornata {index}: reti territoriali, coprogrammazione e coprogettazione",
                starts_at=when,
                is_cancelled=index == 4,
                online_url="https://meet.example.org/labimpact",
            )
        )
    ArticleFactory(session=sessions[1], title="Resoconto della giornata")
    url = reverse("workshops:calendar_month", kwargs={"year": start.year, "month": start.month})
    return {"url": url, "sessions": sessions, "start": start}


def _visible_links(page, session):
    return page.locator(f'main a[href="{session.get_absolute_url()}"]:visible').count()


def _check_outline(page):
    headings = page.evaluate(HEADINGS)
    assert headings.count(1) == 1, headings
    assert headings[0] == 1, headings
    pairs = zip(headings, headings[1:], strict=False)
    assert not [after for before, after in pairs if after > before + 1], headings


def test_month_on_a_desktop_is_a_grid_and_screen_readers_meet_it_once(page, month, screenshot):
    assert page.viewport_size == DESKTOP
    page.goto(month["url"])
    screenshot(page)

    assert page.locator(".calendar-grid").is_visible()
    assert not page.locator(".calendar-agenda").is_visible()
    # All seven days of the week are on screen, the grid does not scroll inside its box.
    assert page.locator(".calendar-grid thead th:visible").count() == 7
    box = page.locator(".calendar-grid-view")
    assert box.evaluate("(el) => el.scrollWidth <= el.clientWidth")
    for session in month["sessions"]:
        days = (session.last_date - session.date).days + 1
        assert _visible_links(page, session) == days, session
    assert page.evaluate(OVERFLOW) <= 0, "the page scrolls sideways"
    _check_outline(page)
    count, report = axe_report(page)
    assert count == 0, report


def test_month_on_a_phone_is_an_agenda_of_its_days(mobile_page, month, screenshot):
    assert mobile_page.viewport_size == MOBILE
    mobile_page.goto(month["url"])
    screenshot(mobile_page)

    assert not mobile_page.locator(".calendar-grid").is_visible()
    agenda = mobile_page.locator(".calendar-agenda")
    assert agenda.is_visible()
    days = agenda.locator("h3 time")
    expected = sorted({session.date.isoformat() for session in month["sessions"]})
    assert [days.nth(i).get_attribute("datetime") for i in range(days.count())] == expected
    for session in month["sessions"]:
        assert _visible_links(mobile_page, session) == 1, session
        assert mobile_page.locator(f'a[href="{session.get_absolute_url()}"]:visible').is_visible()
    assert agenda.get_by_text("Resoconto disponibile").first.is_visible()
    assert mobile_page.evaluate(OVERFLOW) <= 0, "the page scrolls sideways on a phone"
    _check_outline(mobile_page)
    count, report = axe_report(mobile_page)
    assert count == 0, report


@pytest.mark.parametrize("viewport", [DESKTOP, MOBILE], ids=["1280", "360"])
def test_year_archive_reads_at_both_widths(browser, live_server, month, viewport, screenshot):
    context = browser.new_context(base_url=live_server.url, viewport=viewport, locale="it-IT")
    page = context.new_page()
    year = month["start"].year
    page.goto(reverse("workshops:calendar_year", kwargs={"year": year}))
    screenshot(page, str(viewport["width"]))

    assert page.locator(f'a[href="{month["url"]}"]').first.is_visible()
    assert page.get_by_role("heading", level=1).inner_text() == f"Calendario {year}"
    assert page.evaluate(OVERFLOW) <= 0, "the page scrolls sideways"
    _check_outline(page)
    count, report = axe_report(page)
    context.close()
    assert count == 0, report


def test_month_picker_works_without_javascript(browser, live_server, month):
    context = browser.new_context(
        base_url=live_server.url, viewport=MOBILE, locale="it-IT", java_script_enabled=False
    )
    page = context.new_page()
    page.goto(reverse("workshops:session_list"))
    start = month["start"]

    page.get_by_label("Vai al mese").select_option(f"{start:%Y-%m}")
    page.get_by_role("button", name="Vai", exact=True).click()
    page.wait_for_load_state("load")

    assert page.url == live_server.url + month["url"]
    assert page.get_by_role("heading", level=1).is_visible()
    context.close()
