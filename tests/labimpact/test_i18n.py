"""Italian at the plain URLs whatever the browser asks, English under /en/, no cookie."""

import ast
import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.utils import translation

from networks.graph import graph_data, localise
from tests.factories import ActorFactory, ArticleFactory, SessionFactory, WorkshopFactory
from tests.parsing import parse_page
from workshops.templatetags.portal import long_date, long_day, month_year

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
ROME = ZoneInfo("Europe/Rome")
ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


def _html_lang(response):
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def _switcher(response):
    """{language code: (href, is current)} of the header's language links."""
    links = re.findall(r'<a class="language-link[^"]*"[^>]*>', response.content.decode())
    found = {}
    for tag in links:
        code = re.search(r'hreflang="([^"]+)"', tag).group(1)
        href = re.search(r'href="([^"]*)"', tag).group(1).replace("&amp;", "&")
        found[code] = (href, 'aria-current="true"' in tag)
    return found


def _language_alternates(response):
    return {
        link["hreflang"]: link["href"]
        for link in parse_page(response.content.decode()).links
        if link.get("rel") == "alternate" and "hreflang" in link
    }


@pytest.fixture
def seed_article(db):
    """The seed's report: published 18 December 2020, by Federica Parenti, with no topics."""
    return ArticleFactory(
        title="La coesione territoriale e l'orizzonte della coprogettazione",
        slug="coesione-territoriale",
        byline="Federica Parenti",
        published_at=dt.datetime(2020, 12, 18, 10, 0, tzinfo=ROME),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/articoli/"])
def test_plain_urls_are_italian_for_an_english_browser(client, path):
    response = client.get(path, **ENGLISH_BROWSER)

    assert response.status_code == 200
    assert _html_lang(response) == "it"
    assert response["Content-Language"] == "it"
    assert ">Resoconti<" in response.content.decode()
    assert "Skip to content" not in response.content.decode()


@pytest.mark.django_db
def test_english_home_speaks_english(client):
    response = client.get("/en/")

    body = response.content.decode()
    assert response.status_code == 200
    assert _html_lang(response) == "en"
    assert response["Content-Language"] == "en"
    for text in ("Skip to content", ">Workshops<", ">Reports<", ">Speakers<", "Upcoming sessions"):
        assert text in body
    assert ">Resoconti<" not in body


def test_english_article_has_english_date_line_and_byline(client, seed_article):
    response = client.get(f"/en/articoli/{seed_article.slug}/", **ENGLISH_BROWSER)

    body = response.content.decode()
    assert response.status_code == 200
    assert _html_lang(response) == "en"
    assert "Published 18 December 2020" in body
    assert "by Federica Parenti" in body
    assert "No areas of interest" in body
    # What editors wrote stays as they wrote it.
    assert "La coesione territoriale e l&#x27;orizzonte della coprogettazione" in body


def test_italian_article_keeps_the_italian_date_line(client, seed_article):
    response = client.get(f"/articoli/{seed_article.slug}/", **ENGLISH_BROWSER)

    body = response.content.decode()
    assert "Pubblicato 18 dicembre 2020" in body
    assert "di Federica Parenti" in body
    assert "Non sono presenti aree di interesse" in body


def test_switcher_links_each_page_to_its_counterpart(client, seed_article):
    italian = client.get(f"/articoli/{seed_article.slug}/")
    english = client.get(f"/en/articoli/{seed_article.slug}/")

    assert _switcher(italian) == {
        "it": (f"/articoli/{seed_article.slug}/", True),
        "en": (f"/en/articoli/{seed_article.slug}/", False),
    }
    assert _switcher(english) == {
        "it": (f"/articoli/{seed_article.slug}/", False),
        "en": (f"/en/articoli/{seed_article.slug}/", True),
    }
    assert 'lang="en" hreflang="en"' in italian.content.decode()
    assert ">English</a>" in italian.content.decode()
    assert ">Italiano</a>" in english.content.decode()


@pytest.mark.django_db
def test_switcher_keeps_the_query_string(client):
    response = client.get("/articoli/", {"year": "2020", "page": "1"})

    assert _switcher(response)["en"] == ("/en/articoli/?year=2020&page=1", False)


def test_head_names_every_language_version(client, seed_article):
    response = client.get(f"/en/articoli/{seed_article.slug}/")

    assert _language_alternates(response) == {
        "it": f"http://testserver/articoli/{seed_article.slug}/",
        "en": f"http://testserver/en/articoli/{seed_article.slug}/",
        "x-default": f"http://testserver/articoli/{seed_article.slug}/",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/en/", "/articoli/", "/en/articoli/", "/en/calendario/"])
def test_no_cookie_for_a_visitor_in_either_language(client, path):
    response = client.get(path, **ENGLISH_BROWSER)

    assert response.status_code == 200
    assert not response.cookies
    assert not client.cookies


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/articoli/nessuno/", "/en/non-esiste/"])
def test_unknown_english_page_is_a_404_in_english(client, path):
    response = client.get(path)

    body = response.content.decode()
    assert response.status_code == 404
    assert _html_lang(response) == "en"
    assert "Page not found" in body
    assert _switcher(response)["it"][0].startswith("/")


@pytest.mark.django_db
def test_unknown_path_points_the_switcher_to_each_home(client):
    response = client.get("/en/non-esiste/")

    assert _switcher(response) == {"it": ("/", False), "en": ("/en/", True)}


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/en/admin/", "/en/health/", "/en/sitemap.xml"])
def test_admin_and_machine_urls_have_no_english_copy(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_ordinals_read_naturally_in_each_language(client):
    session = SessionFactory(workshop=WorkshopFactory(number=3), number=4, title="La coesione")

    italian = client.get(session.get_absolute_url()).content.decode()
    with translation.override("en"):
        english_url = session.get_absolute_url()
    english = client.get(english_url).content.decode()

    assert english_url.startswith("/en/laboratori/")
    assert "4° giornata: La coesione" in italian
    assert "3° laboratorio" in italian
    assert "Session 4: La coesione" in english
    assert "Workshop 3" in english


def test_date_filters_follow_each_language():
    moment = dt.datetime(2020, 12, 10, 14, 30, tzinfo=ROME)

    with translation.override("it"):
        assert (long_date(moment), long_day(moment)) == (
            "10 dicembre 2020",
            "giovedì 10 dicembre 2020",
        )
        assert month_year(moment) == "dicembre 2020"
    with translation.override("en"):
        assert (long_date(moment), long_day(moment)) == (
            "10 December 2020",
            "Thursday 10 December 2020",
        )
        assert month_year(moment) == "December 2020"


@pytest.mark.django_db
def test_one_cached_graph_is_localised_in_each_language():
    actor = ActorFactory()

    with translation.override("it"):
        italian = localise(graph_data())
    with translation.override("en"):
        english = localise(graph_data())

    assert italian["nodes"][0]["url"] == actor.get_absolute_url()
    assert english["nodes"][0]["url"] == "/en" + actor.get_absolute_url()


def _catalog():
    """[(msgid, msgid_plural, [msgstr…], flags)] read from the .po file."""
    entries = []
    for block in PO_FILE.read_text(encoding="utf-8").split("\n\n"):
        fields, flags, current = {}, set(), None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#") or not line:
                continue
            elif line.startswith('"'):
                fields[current] += _unquote(line)
            else:
                current, _, value = line.partition(" ")
                fields[current] = _unquote(value)
        if fields.get("msgid"):
            strings = [value for key, value in sorted(fields.items()) if key.startswith("msgstr")]
            entries.append((fields["msgid"], fields.get("msgid_plural"), strings, flags))
            entries[-1] = CatalogEntry(*entries[-1], context=fields.get("msgctxt"))
    return entries


class CatalogEntry(tuple):
    """(msgid, msgid_plural, [msgstr…], flags), with the entry's ``msgctxt`` as an attribute."""

    def __new__(cls, *fields, context=None):
        entry = super().__new__(cls, fields)
        entry.context = context
        return entry


def _unquote(text):
    # PO strings use C escapes (\", \\, \n), which Python string literals share.
    return ast.literal_eval(text)


def test_every_text_has_an_english_translation():
    entries = _catalog()

    assert len(entries) > 400
    assert not [msgid for msgid, _, _, flags in entries if "fuzzy" in flags]
    assert not [msgid for msgid, _, strings, _ in entries if not all(strings)]


def test_compiled_catalog_matches_the_po_file():
    """The committed .mo serves what the .po says: forgetting `make messages` fails here."""
    with translation.override("en"):
        for entry in _catalog():
            msgid, plural, strings, _ = entry
            if plural and entry.context:
                assert translation.npgettext(entry.context, msgid, plural, 1) == strings[0], msgid
                assert translation.npgettext(entry.context, msgid, plural, 2) == strings[1], msgid
            elif plural:
                assert translation.ngettext(msgid, plural, 1) == strings[0], msgid
                assert translation.ngettext(msgid, plural, 2) == strings[1], msgid
            elif entry.context:
                assert translation.pgettext(entry.context, msgid) == strings[0], msgid
            else:
                assert translation.gettext(msgid) == strings[0], msgid


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="GNU gettext's msgfmt is not installed")
def test_po_file_passes_msgfmt_check():
    result = subprocess.run(
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "untranslated" not in result.stderr
    assert "fuzzy" not in result.stderr
