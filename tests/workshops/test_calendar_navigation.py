"""Finding one's way in the calendar: the month picker, the yearly archive, the month's agenda."""

import datetime as dt
import html
import re
from html.parser import HTMLParser
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from tests.factories import ArticleFactory, SessionFactory, WorkshopFactory
from tests.parsing import parse_page

pytestmark = pytest.mark.django_db

ROME = ZoneInfo("Europe/Rome")
JOIN = "Collegamento per partecipare"
ONLINE = "https://meet.example.org/labimpact"
DAY_HEADING = r'<h3 class="h5 agenda-date"><time datetime="(\d{4}-\d{2}-\d{2})">'


def _at(year, month, day, hour=10):
    return dt.datetime(year, month, day, hour, tzinfo=ROME)


def _text(response):
    return html.unescape(response.content.decode())


class _Outline(HTMLParser):
    """Options of the month picker, headings in order, ids, breadcrumbs of a page."""

    def __init__(self):
        super().__init__()
        self.options, self.optgroups, self.headings, self.ids = [], [], [], []
        self.forms = []
        self.breadcrumbs = []
        self._in_breadcrumbs = False
        self._in_picker = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if "id" in attrs:
            self.ids.append(attrs["id"])
        if tag == "select":
            self._in_picker = attrs.get("name") == "mese"
        elif tag == "option" and self._in_picker:
            self.options.append(attrs["value"])
        elif tag == "optgroup" and self._in_picker:
            self.optgroups.append(attrs["label"])
        elif tag == "form":
            self.forms.append(attrs)
        elif re.fullmatch(r"h[1-6]", tag):
            self.headings.append(int(tag[1]))
        elif tag == "nav" and "breadcrumb-container" in attrs.get("class", ""):
            self._in_breadcrumbs = True
        elif tag == "li" and self._in_breadcrumbs:
            self.breadcrumbs.append("")

    def handle_endtag(self, tag):
        if tag == "select":
            self._in_picker = False
        if tag == "nav":
            self._in_breadcrumbs = False

    def handle_data(self, data):
        if self._in_breadcrumbs and self.breadcrumbs and data.strip() not in {"", "/"}:
            self.breadcrumbs[-1] += data.strip()


def _outline(response):
    parser = _Outline()
    parser.feed(response.content.decode())
    return parser


@pytest.fixture
def programme():
    """Published sessions in March 2019, December 2020 and over January–February 2022,
    beside a draft, one of an unpublished workshop and an undated one in other months."""
    year = timezone.localdate().year + 1
    draft_workshop = WorkshopFactory(is_published=False)
    return {
        "march": SessionFactory(title="Giornata di marzo", starts_at=_at(2019, 3, 14)),
        "december": SessionFactory(
            title="Giornata di dicembre", starts_at=_at(2020, 12, 10), online_url=ONLINE
        ),
        "december_cancelled": SessionFactory(
            title="Giornata annullata",
            starts_at=_at(2020, 12, 17),
            is_cancelled=True,
            online_url=ONLINE,
        ),
        "across": SessionFactory(
            title="Giornata a cavallo",
            starts_at=_at(2022, 1, 31),
            ends_at=_at(2022, 2, 1, 18),
        ),
        "draft": SessionFactory(
            title="Giornata in bozza", starts_at=_at(2021, 5, 5), is_published=False
        ),
        # Drafts in a month that has published sessions: in no list of that month or year.
        "draft_december": SessionFactory(
            title="Bozza di dicembre", starts_at=_at(2020, 12, 3), is_published=False
        ),
        "hidden_december": SessionFactory(
            title="Dicembre nascosto", starts_at=_at(2020, 12, 4), workshop=draft_workshop
        ),
        "hidden": SessionFactory(
            title="Giornata nascosta", starts_at=_at(2021, 7, 7), workshop=draft_workshop
        ),
        "undated": SessionFactory(title="Giornata da definire", undated=True),
        "next_year": SessionFactory(title="Giornata futura", starts_at=_at(year, 4, 2)),
    }


def _expected_months():
    return ["2019-03", "2020-12", "2022-01", "2022-02", f"{timezone.localdate().year + 1}-04"]


@pytest.mark.parametrize(
    "url",
    [
        reverse("workshops:session_list"),
        reverse("workshops:session_archive"),
        reverse("workshops:calendar_month", kwargs={"year": 2020, "month": 12}),
        reverse("workshops:calendar_year", kwargs={"year": 2020}),
        reverse("workshops:calendar_jump"),
    ],
)
def test_picker_offers_only_months_with_published_sessions(client, programme, url):
    response = client.get(url)

    outline = _outline(response)
    assert response.status_code == 200
    assert outline.options == _expected_months()
    assert outline.optgroups == sorted({month[:4] for month in _expected_months()})
    # A GET form to the jump page: it works without JavaScript.
    picker = next(form for form in outline.forms if "month-picker" in form.get("class", ""))
    assert picker["method"] == "get"
    assert picker["action"] == reverse("workshops:calendar_jump")


def test_picker_offers_the_months_of_the_filtered_sessions_and_keeps_the_filters(client, programme):
    workshop = programme["december"].workshop

    response = client.get(reverse("workshops:session_list") + f"?workshop={workshop.slug}")

    assert _outline(response).options == ["2020-12"]
    assert f'<input type="hidden" name="workshop" value="{workshop.slug}">' in _text(response)


def test_picker_starts_on_the_month_shown(client, programme):
    response = client.get(reverse("workshops:calendar_month", kwargs={"year": 2020, "month": 12}))

    assert '<option value="2020-12" selected>' in _text(response)


def test_jump_leads_to_the_month_chosen_with_the_filters(client, programme):
    workshop = programme["december"].workshop
    url = reverse("workshops:calendar_jump") + f"?mese=2020-12&workshop={workshop.slug}"

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == (
        reverse("workshops:calendar_month", kwargs={"year": 2020, "month": 12})
        + f"?workshop={workshop.slug}"
    )


@pytest.mark.parametrize(
    "value",
    ["2021-05", "2021-07", "2020-11", "2020-13", "2020-1", "abc", "", "0000-00", "2020-12-01"],
)
def test_jump_to_a_month_without_sessions_explains_and_offers_the_others(client, programme, value):
    response = client.get(reverse("workshops:calendar_jump") + f"?mese={value}")

    text = _text(response)
    assert response.status_code == 404
    assert "scegli un mese dall'elenco" in text.lower()
    assert reverse("workshops:calendar_month", kwargs={"year": 2020, "month": 12}) in text
    assert "/calendario/2021/05/" not in text
    assert "Giornata in bozza" not in text


def test_year_archive_lists_the_year_by_month_with_links_to_each_month(client, programme):
    response = client.get(reverse("workshops:calendar_year", kwargs={"year": 2020}))

    text = _text(response)
    assert response.status_code == 200
    assert "Giornata di dicembre" in text
    assert "Giornata annullata" in text
    assert "Giornata di marzo" not in text
    assert "Giornata in bozza" not in text
    assert "Giornata nascosta" not in text
    assert "Bozza di dicembre" not in text
    assert "Dicembre nascosto" not in text
    assert "Giornata da definire" not in text
    assert reverse("workshops:calendar_month", kwargs={"year": 2020, "month": 12}) in text
    assert '<h2 class="h4 mb-2">Dicembre 2020</h2>' in text
    # The years around it that have sessions, not the empty 2021.
    assert 'href="/calendario/2019/" rel="prev"' in text
    assert 'href="/calendario/2022/" rel="next"' in text
    assert 'href="/calendario/2021/"' not in text


def test_year_archive_lists_a_session_in_each_month_it_touches(client, programme):
    response = client.get(reverse("workshops:calendar_year", kwargs={"year": 2022}))

    text = _text(response)
    assert text.count(programme["across"].get_absolute_url() + '"') == 2
    assert "Gennaio 2022</h2>" in text
    assert "Febbraio 2022</h2>" in text


def test_year_archive_has_its_title_preview_breadcrumbs_and_canonical(client, programme):
    response = client.get(reverse("workshops:calendar_year", kwargs={"year": 2020}))

    page = parse_page(response.content.decode())
    outline = _outline(response)
    text = _text(response)
    assert "<title>Calendario 2020 ·" in text
    assert page.meta["og:title"] == "Calendario 2020"
    assert outline.breadcrumbs == ["Pagina iniziale", "Calendario", "2020"]
    canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    assert canonical == ["http://testserver/calendario/2020/"]
    assert outline.headings[0] == 1
    assert outline.headings.count(1) == 1


def test_year_archive_in_english(client, programme):
    with translation.override("en"):
        url = reverse("workshops:calendar_year", kwargs={"year": 2020})
    assert url == "/en/calendario/2020/"

    response = client.get(url)

    page = parse_page(response.content.decode())
    text = _text(response)
    assert response.status_code == 200
    assert "<title>Calendar 2020 ·" in text
    assert page.meta["og:title"] == "Calendar 2020"
    assert _outline(response).breadcrumbs == ["Home", "Calendar", "2020"]
    assert "December 2020</h2>" in text
    assert "/en/calendario/2020/12/" in text
    assert "Go to month" in text


def test_month_view_has_breadcrumbs_to_its_year_and_a_canonical(client, programme):
    response = client.get(
        reverse("workshops:calendar_month", kwargs={"year": 2020, "month": 12})
        + f"?workshop={programme['december'].workshop.slug}"
    )

    page = parse_page(response.content.decode())
    assert _outline(response).breadcrumbs == ["Pagina iniziale", "Calendario", "2020", "Dicembre"]
    assert page.meta["og:title"] == "Calendario: dicembre 2020"
    canonical = [link["href"] for link in page.links if link.get("rel") == "canonical"]
    assert canonical == ["http://testserver/calendario/2020/12/"]
    assert "/calendario/2020/?workshop=" in _text(response)


@pytest.mark.parametrize("year", [1999, 2999])
def test_years_outside_the_calendar_are_404(client, year):
    assert client.get(f"/calendario/{year}/").status_code == 404


def test_year_without_sessions_says_so(client, programme):
    response = client.get(reverse("workshops:calendar_year", kwargs={"year": 2021}))

    text = _text(response)
    assert response.status_code == 200
    assert "Nessuna giornata in calendario nel 2021." in text
    assert "Giornata in bozza" not in text


def test_month_agenda_lists_the_days_with_sessions_in_order(client, programme):
    response = client.get(reverse("workshops:calendar_month", kwargs={"year": 2020, "month": 12}))

    text = _text(response)
    outline = _outline(response)
    agenda = text[text.index('class="calendar-agenda') :]
    agenda = agenda[: agenda.index("</ol>")]
    days = re.findall(DAY_HEADING, agenda)
    assert days == ["2020-12-10", "2020-12-17"]
    assert "Bozza di dicembre" not in text
    assert "Dicembre nascosto" not in text
    assert "Giovedì 10 dicembre 2020" in agenda
    assert agenda.index("Giornata di dicembre") < agenda.index("Giornata annullata")
    # Both views are in the page, one shown at a time; ids stay unique, headings in order.
    assert 'class="calendar-grid-view' in text
    assert len(outline.ids) == len(set(outline.ids))
    assert outline.headings[:4] == [1, 2, 3, 4]
    pairs = zip(outline.headings, outline.headings[1:], strict=False)
    assert not [after for before, after in pairs if after > before + 1]


def test_month_agenda_shows_a_session_on_each_of_its_days_in_the_month(client, programme):
    response = client.get(reverse("workshops:calendar_month", kwargs={"year": 2022, "month": 1}))

    agenda = _text(response)[_text(response).index('class="calendar-agenda') :]
    assert re.findall(DAY_HEADING, agenda) == ["2022-01-31"]


def test_past_and_cancelled_sessions_in_year_and_month_show_reports_not_join_links(
    client, programme
):
    report = ArticleFactory(session=programme["december"], title="Il resoconto di dicembre")
    ArticleFactory(session=programme["december"], title="Resoconto in bozza", draft=True)

    for url in (
        reverse("workshops:calendar_year", kwargs={"year": 2020}),
        reverse("workshops:calendar_month", kwargs={"year": 2020, "month": 12}),
    ):
        text = _text(client.get(url))
        assert "Resoconto disponibile" in text, url
        assert report.get_absolute_url() in text, url
        assert "Resoconto in bozza" not in text, url
        assert JOIN not in text, url
        assert ONLINE not in text, url


def test_upcoming_session_in_the_agenda_offers_its_join_link(client):
    when = timezone.localtime() + dt.timedelta(days=3)
    SessionFactory(starts_at=when, online_url=ONLINE)

    text = _text(
        client.get(
            reverse("workshops:calendar_month", kwargs={"year": when.year, "month": when.month})
        )
    )

    assert JOIN in text
    assert "Resoconto disponibile" not in text
