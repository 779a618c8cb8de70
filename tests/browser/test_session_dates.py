"""An editor enters a day whose time is unknown and a conference whose date is unknown.

Through the admin in a real browser; the public pages and the calendar files then
say «da definire» and carry no invented date or time.
"""

import datetime as dt
import re

import icalendar
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from tests.browser.pages import build_demo
from workshops.models import Session

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo(live_server):
    # Without a public address the admin's "view on site" stays on the host asked: this server.
    return build_demo()


def _log_in(page, demo):
    page.goto("/admin/")
    page.get_by_label("Nome utente").fill(demo.username)
    page.get_by_label("Password").fill(demo.password)
    page.get_by_role("button", name="Accedi").click()


def _add_session(page, demo, *, number, title="", day=""):
    page.goto(reverse("admin:workshops_session_add"))
    page.locator(".field-workshop .select2-selection").click()
    page.locator(".select2-container--open .select2-search__field").fill(demo.workshop.title[:20])
    page.locator(".select2-results__option", has_text=demo.workshop.title[:20]).first.click()
    page.locator("#id_number").fill(str(number))
    if title:
        page.locator("#id_title").fill(title)
    if day:
        page.locator("#id_date").fill(day)
    page.locator("#id_is_published").check()
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()
    return Session.objects.get(workshop=demo.workshop, number=number)


def test_editor_enters_untimed_day_and_undated_conference_and_nothing_is_invented(
    page, demo, screenshot
):
    year = timezone.localdate().year + 1
    _log_in(page, demo)

    day = _add_session(page, demo, number=2, day=f"03/11/{year}")
    conference = _add_session(page, demo, number=5, title="Convegno finale")

    assert (day.date, day.start_time, day.end_time) == (dt.date(year, 11, 3), None, None)
    assert day.title == ""
    assert conference.date is None

    page.goto(day.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("2° giornata")
    when = page.locator(".when-where dd").first
    expect(when).to_contain_text(f"3 novembre {year}")
    expect(when).to_contain_text(re.compile("orario da definire", re.IGNORECASE))
    expect(when).not_to_contain_text(":")
    screenshot(page, "untimed-day")

    page.goto(conference.get_absolute_url())
    expect(page.get_by_role("heading", level=1)).to_have_text("5° giornata: Convegno finale")
    expect(page.locator(".when-where dd").first).to_have_text("Data da definire")
    expect(page.get_by_text("non c'è ancora un file per il calendario")).to_be_visible()
    expect(page.get_by_role("link", name="Scarica la giornata (.ics)")).to_have_count(0)
    screenshot(page, "undated-conference")
    ics_path = reverse(
        "workshops:session_ics",
        kwargs={"workshop_slug": demo.workshop.slug, "slug": conference.slug},
    )
    assert page.request.get(ics_path).status == 404

    page.goto(reverse("workshops:session_list"))
    expect(page.get_by_role("heading", name="Da definire")).to_be_visible()
    expect(page.get_by_role("link", name="Convegno finale")).to_be_visible()
    screenshot(page, "calendar")

    feed = page.request.get(reverse("workshops:calendar_ics"))
    assert feed.ok
    events = {
        str(event["SUMMARY"]): event
        for event in icalendar.Calendar.from_ical(feed.body()).walk("VEVENT")
    }
    assert not any("Convegno finale" in summary for summary in events)
    (event,) = [event for summary, event in events.items() if summary.endswith("· 2° giornata")]
    assert event["DTSTART"].params["VALUE"] == "DATE"
    assert event["DTSTART"].dt == dt.date(year, 11, 3)
    assert event["DTEND"].dt == dt.date(year, 11, 4)
