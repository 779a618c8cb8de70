"""What visitors, participants and editors do, done in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.pages import build_demo, exists, png_bytes
from tests.browser.test_pages import OVERFLOW, axe_report
from workshops.models import Article

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# What the focused element shows: a visible focus ring is an outline or a box shadow.
FOCUSED = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  const box = el.getBoundingClientRect();
  return {
    id: el.id,
    text: (el.innerText || el.getAttribute("aria-label") || "").trim(),
    visible: box.width > 0 && box.height > 0,
    ring: (style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== "none",
  };
}"""


@pytest.fixture
def demo(live_server):
    # Without a public address the admin's "view on site" stays on the host asked: this server.
    return build_demo()


def test_visitor_goes_from_home_to_a_report_its_speaker_and_a_topic(page, demo, screenshot):
    page.goto("/")
    page.get_by_role("link", name=demo.article.title).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(demo.article.title)
    expect(page.get_by_text("Pubblicato 18 dicembre 2020")).to_be_visible()
    page.get_by_role("complementary").get_by_role("link", name=demo.speaker.display_name).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(demo.speaker.display_name)
    expect(page.get_by_role("img", name=f"Foto di {demo.speaker.full_name}")).to_be_visible()
    page.get_by_role("link", name=re.compile(demo.session.title)).click()

    expect(page.get_by_role("heading", level=1)).to_contain_text(demo.session.title)
    page.get_by_role("link", name=demo.topic.name).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(demo.topic.name)
    expect(page.get_by_role("link", name=demo.session.title)).to_be_visible()
    screenshot(page)

    if exists("/calendario/"):
        # The participants' calendar (issue 4): from the menu to an .ics download.
        page.get_by_role("link", name=re.compile("Calendario", re.IGNORECASE)).first.click()
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        screenshot(page, "calendar")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Scarica il calendario (.ics)").click()
        download = download_info.value
        assert download.suggested_filename.endswith(".ics")
        assert "BEGIN:VCALENDAR" in download.path().read_text(encoding="utf-8")


def test_keyboard_user_skips_to_content_and_reaches_a_speaker_with_tab_and_enter(page, demo):
    page.goto("/")

    page.keyboard.press("Tab")
    focused = page.evaluate(FOCUSED)
    assert focused["text"] == "Vai al contenuto"
    assert focused["visible"], "the skip link must show itself when focused"
    assert focused["ring"], "the skip link has no visible focus"
    page.keyboard.press("Enter")
    assert page.evaluate(FOCUSED)["id"] == "main-content"

    tab_to(page, demo.article.title)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.article.title)

    tab_to(page, demo.speaker.display_name)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(demo.speaker.display_name)


def tab_to(page, text, limit=120):
    """Press Tab until ``text`` has the focus, checking the focus is visible on the way."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        assert focused["ring"], f"no visible focus on «{focused['text']}»"
        if focused["text"] == text:
            return
    pytest.fail(f"«{text}» cannot be reached with Tab")


def test_mobile_visitor_opens_the_menu_and_reaches_the_reports(mobile_page, demo, screenshot):
    page = mobile_page
    page.goto("/")
    menu = page.get_by_role("navigation", name="Navigazione principale")
    reports = menu.get_by_role("link", name="Resoconti")
    expect(reports).to_be_hidden()

    page.get_by_role("button", name="Mostra o nascondi il menu").click()

    expect(reports).to_be_visible()
    screenshot(page, "menu")
    count, report = axe_report(page)
    assert count == 0, report
    reports.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Resoconti e articoli")
    assert page.evaluate(OVERFLOW) <= 0


def test_desktop_navigation_is_visible_without_a_menu_button(page, demo):
    page.goto("/")

    menu = page.get_by_role("navigation", name="Navigazione principale")

    for name in ["Laboratori", "Resoconti", "Relatori", "Argomenti"]:
        expect(menu.get_by_role("link", name=name)).to_be_visible()
    expect(page.get_by_role("button", name="Mostra o nascondi il menu")).to_be_hidden()


def test_editor_writes_previews_and_publishes_a_report_with_an_image(page, demo, screenshot):
    title = "Le reti di secondo livello: resoconto della giornata"
    page.goto("/admin/")
    page.get_by_label("Nome utente").fill(demo.username)
    page.get_by_label("Password").fill(demo.password)
    page.get_by_role("button", name="Accedi").click()
    page.locator("a[href$='/workshops/article/add/']").click()

    page.get_by_label("Titolo").fill(title)
    page.get_by_label("Autore").fill("Federica Parenti")
    page.get_by_label("Sintesi").fill("Come le reti di secondo livello sostengono quelle locali.")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.type("Le reti di secondo livello mettono in comune strumenti e persone.")
    page.keyboard.press("Enter")
    page.keyboard.type("Il resoconto completo arriverà a breve.")
    page.get_by_label("Immagine principale").set_input_files(
        files=[{"name": "giornata.png", "mimeType": "image/png", "buffer": png_bytes()}]
    )
    page.get_by_label("Testo alternativo dell'immagine").fill("I partecipanti in sala")
    page.get_by_role("button", name="Salva e continua le modifiche").click()

    expect(page.locator(".messagelist")).to_contain_text(f"L'articolo «{title}» è stato aggiunto.")
    article = Article.objects.get(title=title)
    assert article.status == Article.Status.DRAFT
    assert "<p>Le reti di secondo livello mettono in comune" in article.body
    screenshot(page, "draft-saved")

    page.get_by_role("link", name="Vedi sul sito").click()
    expect(page.get_by_text("Anteprima di una bozza.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(title)
    expect(page.get_by_role("img", name="I partecipanti in sala")).to_be_visible()
    screenshot(page, "preview")

    page.go_back()
    page.get_by_label("Stato").select_option(label="Pubblicato")
    page.get_by_role("link", name="Oggi").click()
    page.get_by_role("link", name="Adesso").click()
    page.get_by_role("button", name="Salva", exact=True).click()
    changed = f"L'articolo «{title}» è stato modificato."
    expect(page.locator(".messagelist")).to_contain_text(changed)

    page.goto("/")
    expect(page.get_by_role("link", name=title)).to_be_visible()
    screenshot(page, "published")
    if exists("/feed/articoli/"):
        # The feed of reports (issue 4) carries the new report too.
        feed = page.request.get("/feed/articoli/")
        assert feed.ok
        assert title in feed.text()


def test_participant_pages_through_the_months_and_filters_by_workshop(page, demo, screenshot):
    upcoming = demo.workshop.__class__.objects.get(number=4)
    page.goto("/calendario/")
    page.get_by_role("link", name="Vista mensile").click()
    first_month = page.get_by_role("heading", level=1).inner_text()

    page.locator("a[rel='next']").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text(first_month)
    page.locator("a[rel='prev']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(first_month)
    screenshot(page, "month")

    page.goto("/calendario/")
    page.get_by_label("Laboratorio").select_option(value=upcoming.slug)
    page.get_by_role("button", name="Filtra").click()

    expect(page).to_have_url(re.compile(rf"workshop={upcoming.slug}"))
    cards = page.locator("main article")
    expect(cards.first).to_be_visible()
    for text in cards.all_inner_texts():
        assert f"{upcoming.number}° laboratorio".upper() in text.upper()
    subscribe = page.get_by_role("link", name="Iscriviti al calendario")
    assert f"workshop={upcoming.slug}" in subscribe.get_attribute("href")
    screenshot(page, "filtered")


def test_visitor_filters_the_network_map_and_opens_an_actor(page, demo, screenshot):
    page.goto("/rete/mappa/")
    expect(page.locator("#main-content canvas").first).to_be_visible()

    page.get_by_label("Tipo di attore").select_option(label="Fondazione")
    page.get_by_role("button", name="Applica i filtri").click()

    expect(page).to_have_url(re.compile(r"kind=foundation"))
    expect(page.get_by_role("heading", name="Fondazione Cariplo")).to_be_visible()
    screenshot(page, "filtered")
    page.get_by_role("link", name="Fondazione Cariplo").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Fondazione Cariplo")
    count, report = axe_report(page)
    assert count == 0, report
