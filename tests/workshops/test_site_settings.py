"""The site settings: the public address every absolute URL uses, and the legal pages' facts."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.urls import reverse

from tests.factories import ArticleFactory, SessionFactory
from tests.labimpact.admin_forms import change_url, read_form
from workshops.checks import check_public_url
from workshops.models import Page, Session, SiteSettings

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
PUBLIC = "https://labimpact.example.org"


def _set(**values):
    row = SiteSettings.load()
    for name, value in values.items():
        setattr(row, name, value)
    row.full_clean()
    row.save()
    return row


@pytest.fixture
def public_url(settings):
    settings.SITE_URL = ""
    _set(public_url=PUBLIC + "/")
    return PUBLIC


def _rss(client, name="workshops:article_feed"):
    return ET.fromstring(client.get(reverse(name)).content)


def test_rss_feed_links_use_the_public_url_from_the_settings(client, public_url):
    article = ArticleFactory(title="Resoconto")

    channel = _rss(client).find("channel")

    assert channel.findtext("link") == f"{PUBLIC}/articoli/"
    assert channel.find(f"{ATOM}link").get("href") == f"{PUBLIC}/feed/articoli/"
    assert channel.find("item").findtext("link") == PUBLIC + article.get_absolute_url()
    assert channel.find("item").findtext("guid") == PUBLIC + article.get_absolute_url()


def test_atom_feed_of_a_workshop_uses_the_public_url(client, public_url):
    session = SessionFactory()
    article = ArticleFactory(session=session)
    workshop = session.workshop
    url = reverse("workshops:workshop_feed_atom", kwargs={"slug": workshop.slug})

    feed = ET.fromstring(client.get(url).content)

    hrefs = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert hrefs == {"alternate": PUBLIC + workshop.get_absolute_url(), "self": PUBLIC + url}
    entry_link = feed.find(f"{ATOM}entry").find(f"{ATOM}link").get("href")
    assert entry_link == PUBLIC + article.get_absolute_url()


def test_sitemap_and_robots_use_the_public_url(client, public_url):
    article = ArticleFactory()

    root = ET.fromstring(client.get("/sitemap.xml").content)
    robots = client.get("/robots.txt").content.decode()

    locations = [url.findtext(f"{SITEMAP}loc") for url in root.iter(f"{SITEMAP}url")]
    assert PUBLIC + article.get_absolute_url() in locations
    assert all(location.startswith(PUBLIC + "/") for location in locations)
    assert f"Sitemap: {PUBLIC}/sitemap.xml" in robots


def test_calendar_file_and_page_links_use_the_public_url(client, public_url):
    session = SessionFactory()

    ics = client.get(reverse("workshops:calendar_ics")).content.decode()
    page = client.get(session.get_absolute_url()).content.decode()

    assert f"URL:{PUBLIC}{session.get_absolute_url()}" in ics.replace("\r\n ", "")
    assert f'hreflang="it" href="{PUBLIC}{session.get_absolute_url()}"' in page
    assert f'content="{PUBLIC}{session.get_absolute_url()}"' in page  # og:url
    assert "testserver" not in page


def test_site_url_from_the_environment_wins_over_the_admin(client, settings):
    _set(public_url="https://dall-admin.example.org")
    settings.SITE_URL = "https://dal-server.example.org"
    article = ArticleFactory()

    channel = _rss(client).find("channel")
    sitemap = client.get("/sitemap.xml").content.decode()

    assert channel.find("item").findtext("link") == (
        "https://dal-server.example.org" + article.get_absolute_url()
    )
    assert "dall-admin" not in sitemap
    assert "https://dal-server.example.org" + article.get_absolute_url() in sitemap


def test_a_changed_public_url_shows_at_once(client, public_url):
    article = ArticleFactory()
    _rss(client)  # the settings are now in the cache

    _set(public_url="https://nuovo.example.org")

    item = _rss(client).find("channel").find("item")
    assert item.findtext("link") == "https://nuovo.example.org" + article.get_absolute_url()


def test_a_page_reads_the_settings_once(client, public_url, monkeypatch):
    from django.core.cache import cache

    from workshops import site

    article = ArticleFactory()
    client.get(article.get_absolute_url())
    reads = []

    class Counting:
        def __getattr__(self, name):
            if name == "get":
                return lambda key, *args: reads.append(key) or cache.get(key, *args)
            return getattr(cache, name)

    monkeypatch.setattr(site, "cache", Counting())

    # Its language versions and its link preview each make absolute links.
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'hreflang="en" href="{PUBLIC}/en/' in page
    assert reads == [site.CACHE_KEY]
    client.get(article.get_absolute_url())
    assert reads == [site.CACHE_KEY] * 2


def test_without_a_public_url_links_stay_on_the_host_asked_never_localhost(client, settings):
    settings.SITE_URL = ""
    article = ArticleFactory()

    feed = client.get(reverse("workshops:article_feed")).content.decode()

    assert f"http://testserver{article.get_absolute_url()}" in feed
    assert "localhost" not in feed


@pytest.mark.parametrize(
    ("url", "problem"),
    [
        ("", "is not set"),
        ("http://localhost:8000", "not an https"),
        ("https://localhost:8000", "a local address"),
        ("https://127.0.0.1", "a local address"),
        ("http://labimpact.example.org", "not an https"),
    ],
)
def test_deploy_check_fails_while_the_public_url_is_unset_local_or_plain_http(
    settings, url, problem
):
    settings.SITE_URL = ""
    _set(public_url=url)

    (error,) = check_public_url()

    assert error.id == "workshops.E001"
    assert problem in error.msg
    assert "feeds" in error.msg
    with pytest.raises(SystemCheckError, match="workshops.E001"):
        call_command("check", "--deploy", "--tag", "security")


def test_deploy_check_passes_with_an_https_public_url_from_admin_or_environment(settings):
    settings.SITE_URL = ""
    _set(public_url=PUBLIC)
    assert check_public_url() == []

    _set(public_url="")
    settings.SITE_URL = "https://dal-server.example.org"
    assert check_public_url() == []


def test_public_url_with_a_query_is_refused():
    row = SiteSettings.load()
    row.public_url = "https://labimpact.example.org/?utm=1"

    with pytest.raises(Exception, match="parametri"):
        row.full_clean()


def test_legal_pages_show_the_settings_where_the_text_has_placeholders(client, public_url):
    _set(
        contact_email="accessibilita@example.org",
        data_controller="ANCI Lombardia\nVia Rovello 2, Milano",
        data_protection_officer="Studio <Privacy> Srl",
        accessibility_prepared_on=dt.date(2026, 3, 12),
        accessibility_reviewed_on=dt.date(2026, 11, 30),
    )

    # One space for every run of white space: the texts wrap their lines.
    statement = " ".join(client.get("/accessibilita/").content.decode().split())
    privacy = " ".join(client.get("/privacy/").content.decode().split())

    mailto = '<a href="mailto:accessibilita@example.org">accessibilita@example.org</a>'
    # AgID's model: status, content not accessible, dates, feedback, enforcement.
    for text in [
        "Stato di conformità",
        "Contenuti non accessibili",
        "redatta il 12 marzo 2026",
        "riesaminata l'ultima volta il 30 novembre 2026",
        mailto,
        "Difensore civico per il digitale",
        f'<a href="{PUBLIC}/">{PUBLIC}/</a>',
    ]:
        assert text in statement, text
    # GDPR art. 13: controller, DPO, purposes and legal basis, recipients, retention, rights,
    # complaint, and what the site publishes about speakers.
    for text in [
        "ANCI Lombardia<br>Via Rovello 2, Milano",
        "Studio &lt;Privacy&gt; Srl",
        "Base giuridica",
        "Destinatari",
        "Conservazione",
        "rettifica",
        "Garante per la protezione dei dati personali",
        "biografia e una fotografia",
        mailto,
    ]:
        assert text in privacy, text
    assert "[" not in statement.split('class="page-body"')[1].split("</div>")[0]


def test_a_setting_not_given_yet_says_so(client):
    statement = client.get("/accessibilita/").content.decode()

    assert "<em>(da indicare)</em>" in statement
    assert "[email di contatto]" not in statement


def test_editor_opens_the_one_settings_page_from_the_list_and_edits_it(editor_client, settings):
    settings.SITE_URL = ""
    response = editor_client.get(reverse("admin:workshops_sitesettings_changelist"))
    row = SiteSettings.load()
    assert response.status_code == 302
    assert response["Location"] == change_url(row)

    data = read_form(editor_client, change_url(row), SiteSettings)
    data.update(public_url=[PUBLIC], contact_email=["redazione@example.org"])
    assert editor_client.post(change_url(row), data).status_code == 302

    row.refresh_from_db()
    assert (row.public_url, row.contact_email) == (PUBLIC, "redazione@example.org")
    assert editor_client.get(reverse("admin:workshops_sitesettings_add")).status_code == 403
    delete = reverse("admin:workshops_sitesettings_delete", args=[row.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403


def test_admin_says_the_environment_sets_the_public_url(admin_client, settings):
    settings.SITE_URL = "https://dal-server.example.org"

    content = admin_client.get(change_url(SiteSettings.load())).content.decode()

    assert "https://dal-server.example.org" in content
    assert "SITE_URL" in content


def test_legal_pages_are_edited_with_the_articles_rich_text_editor(admin_client):
    page = Page.objects.get(kind=Page.Kind.ACCESSIBILITY)

    content = admin_client.get(change_url(page)).content.decode()

    assert "prose-editor" in content
    assert "[email di contatto]" in content  # the help text names the placeholders


def test_load_demo_prints_a_password_only_when_it_creates_the_editor(capsys, rf):
    User.objects.create_user("redazione", password="scelta-dalla-redazione-1")

    call_command("load_demo")
    output = capsys.readouterr().out

    assert "password:" not in output
    assert "changepassword redazione" in output
    request = rf.post("/admin/login/")
    assert authenticate(request, username="redazione", password="scelta-dalla-redazione-1")
    assert User.objects.get(username="redazione").groups.filter(name="Editors").exists()


def test_demo_online_links_lead_to_this_sites_example_page(client):
    call_command("load_demo")
    links = set(Session.objects.exclude(online_url="").values_list("online_url", flat=True))

    page = client.get(reverse("workshops:example_link"))

    assert links == {"http://127.0.0.1:8000/esempio-collegamento/"}
    assert page.status_code == 200
    assert "Collegamento di esempio" in page.content.decode()
    assert "contenuti dimostrativi" in page.content.decode()
    assert '<meta name="robots" content="noindex">' in page.content.decode()


def test_demo_online_links_use_the_public_url_when_set(public_url):
    call_command("load_demo")

    links = set(Session.objects.exclude(online_url="").values_list("online_url", flat=True))
    assert links == {f"{PUBLIC}/esempio-collegamento/"}
