"""Editors enter real material in the admin: an article on a whole workshop, a sourced news item."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.pages import build_demo
from workshops.models import Article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

LINKS = "Laboratori e giornate dell'articolo"


@pytest.fixture
def demo(live_server):
    return build_demo()


def _log_in(page, demo):
    page.goto("/admin/")
    page.get_by_label("Nome utente").fill(demo.username)
    page.get_by_label("Password").fill(demo.password)
    page.get_by_role("button", name="Accedi").click()


def _write(page, title, section, summary, text):
    page.goto("/admin/workshops/article/add/")
    page.get_by_label("Sezione").select_option(label=section)
    page.get_by_label("Titolo").fill(title)
    page.get_by_label("Sintesi").fill(summary)
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type(text)


def _choose(page, field, search, option):
    """Pick ``option`` in the admin's autocomplete (select2) of ``field``."""
    page.locator(f"#id_{field} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(search)
    page.locator(".select2-results__option", has_text=option).click()


def _publish_now(page):
    page.get_by_label("Stato").select_option(label="Pubblicato")
    page.get_by_role("link", name="Oggi").click()
    page.get_by_role("link", name="Adesso").click()
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.locator(".messagelist")).to_be_visible()


def test_editor_announces_a_whole_workshop_and_it_shows_on_its_page_and_feed(
    page, demo, screenshot
):
    title = "Parte il terzo Laboratorio Lab'Impact"
    workshop = demo.workshop
    _log_in(page, demo)
    _write(
        page,
        title,
        "Annuncio",
        "Quattro giornate su coprogrammazione e coprogettazione.",
        "Il laboratorio si terrà online in quattro giornate.",
    )
    _choose(page, "workshops", workshop.title[:12], workshop.title)
    _publish_now(page)

    article = Article.objects.get(title=title)
    assert list(article.workshops.all()) == [workshop]
    assert not article.sessions.exists()

    page.goto(article.get_absolute_url())
    expect(page.locator(".section-kicker")).to_have_text("Annuncio")
    expect(page.locator(".standfirst")).to_have_text(
        "Quattro giornate su coprogrammazione e coprogettazione."
    )
    aside = page.get_by_role("complementary", name=LINKS)
    aside.get_by_role("link", name=str(workshop)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(workshop.title)
    expect(page.get_by_role("link", name=title)).to_be_visible()
    screenshot(page, "workshop-page")

    feed = page.request.get(reverse("workshops:workshop_feed", kwargs={"slug": workshop.slug}))
    assert feed.ok
    assert title in feed.text()


def test_editor_enters_a_news_item_with_its_source(page, demo, screenshot):
    title = "La Regione rinnova il piano per l'integrazione"
    url = "https://www.regione.lombardia.it/notizie/piano-integrazione"
    _log_in(page, demo)
    _write(
        page,
        title,
        "Notizia",
        "Il nuovo piano regionale riprende le reti di Lab'Impact.",
        "La Regione ha approvato il piano.",
    )
    page.get_by_label("Indirizzo della fonte").fill(url)
    page.get_by_role("button", name="Salva e continua le modifiche").click()
    # A source's address without its publisher is refused, with the reason.
    expect(page.locator(".errorlist")).to_contain_text("Indicare chi ha pubblicato")
    page.locator("#id_source_name").fill("Regione Lombardia")
    _publish_now(page)

    article = Article.objects.get(title=title)
    page.goto(article.get_absolute_url())
    expect(page.locator(".section-kicker")).to_have_text("Notizia")
    expect(page.locator(".article-source")).to_have_text("Fonte: Regione Lombardia")
    link = page.get_by_role("link", name="Regione Lombardia")
    expect(link).to_have_attribute("href", url)
    expect(page.get_by_role("complementary", name=LINKS)).to_have_count(0)
    screenshot(page, "news-with-source")
