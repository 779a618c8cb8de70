"""People named in an article, entered by an editor in a real browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import build_demo
from tests.factories import SpeakerFactory
from workshops.models import Article, Speaker

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo(live_server):
    return build_demo()


def _pick_person(page, surname):
    """Choose a person in the «Persone citate» autocomplete, as an editor does."""
    page.locator("#id_speakers + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(surname)
    page.locator(".select2-results__option", has_text=surname).click()


def test_editor_publishes_an_article_naming_two_people_who_then_have_pages(page, demo, screenshot):
    title = "Parte il primo Laboratorio Lab'Impact"
    lanzoni = SpeakerFactory(
        honorific="dott.ssa", first_name="Chiara", last_name="Lanzoni", slug="chiara-lanzoni"
    )
    benigni = SpeakerFactory(
        honorific="dott.", first_name="Marco", last_name="Benigni", slug="marco-benigni"
    )
    assert not Speaker.objects.published().filter(pk__in=[lanzoni.pk, benigni.pk]).exists()
    assert page.request.get(lanzoni.get_absolute_url()).status == 404

    page.goto("/admin/")
    page.get_by_label("Nome utente").fill(demo.username)
    page.get_by_label("Password").fill(demo.password)
    page.get_by_role("button", name="Accedi").click()
    page.locator("a[href$='/workshops/article/add/']").click()

    page.get_by_label("Titolo").fill(title)
    page.get_by_label("Sintesi").fill("Tre giornate sulla mediazione interculturale.")
    page.locator(".ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Interverranno Chiara Lanzoni e Marco Benigni.")
    _pick_person(page, "Lanzoni")
    _pick_person(page, "Benigni")
    page.get_by_label("Stato").select_option(label="Pubblicato")
    page.get_by_role("link", name="Oggi").click()
    page.get_by_role("link", name="Adesso").click()
    screenshot(page, "article-with-people")
    page.get_by_role("button", name="Salva", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("è stato aggiunto")

    article = Article.objects.get(title=title)
    assert set(article.speakers.all()) == {lanzoni, benigni}

    page.goto(article.get_absolute_url())
    people = page.get_by_role("region", name="Persone citate")
    expect(people.get_by_role("link", name="dott.ssa Chiara Lanzoni")).to_be_visible()
    expect(people.get_by_role("link", name="dott. Marco Benigni")).to_be_visible()
    screenshot(page, "article")

    people.get_by_role("link", name="dott. Marco Benigni").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("dott. Marco Benigni")
    expect(page.get_by_role("heading", name="Citato in")).to_be_visible()
    expect(page.get_by_role("link", name=title)).to_be_visible()
    screenshot(page, "speaker")

    page.goto("/relatori/")
    expect(page.get_by_role("link", name="dott.ssa Chiara Lanzoni")).to_be_visible()
