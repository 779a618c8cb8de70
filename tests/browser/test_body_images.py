"""An editor puts an image into an article's text from the editor's own dialog, in a browser."""

import pytest
from playwright.sync_api import expect

from tests.browser.pages import build_demo, png_bytes
from workshops.models import Article, BodyImage

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


def _open_image_dialog(page, article):
    page.goto(f"/admin/workshops/article/{article.pk}/change/")
    editor = page.locator(".ProseMirror[contenteditable=true]")
    editor.click()
    page.keyboard.press("Control+End")
    # By the menu item's name, not its label: the labels are translated.
    page.locator(".prose-menubar button[data-name=figure]").click()
    dialog = page.locator("dialog.prose-editor-dialog[open]")
    expect(dialog).to_be_visible()
    return dialog


def test_editor_uploads_an_image_into_the_text_and_the_page_shows_it(page, demo, screenshot):
    article = demo.article
    _log_in(page, demo)
    dialog = _open_image_dialog(page, article)
    upload = dialog.get_by_label("Carica dal computer")
    photo = {"name": "sala.png", "mimeType": "image/png", "buffer": png_bytes((320, 200))}

    # Without a description the file is not sent: the dialog asks for it first.
    upload.set_input_files(files=[photo])
    expect(dialog.get_by_role("status")).to_have_text(
        "Scrivere prima il testo alternativo, poi scegliere il file."
    )
    assert not BodyImage.objects.exists()

    dialog.locator("input[name=altText]").fill("La sala della quarta giornata")
    upload.set_input_files(files=[photo])
    expect(dialog.get_by_role("status")).to_have_text("Immagine caricata.")
    image = BodyImage.objects.get()
    expect(dialog.locator("input[name=imageUrl]")).to_have_value(image.file.url)
    screenshot(page, "dialog")
    dialog.locator("button[type=submit]").click()

    editor_image = page.locator(".ProseMirror img[alt='La sala della quarta giornata']")
    expect(editor_image).to_be_visible()
    page.get_by_role("button", name="Salva e continua le modifiche").click()
    expect(page.locator(".messagelist")).to_contain_text("è stato modificato.")
    article.refresh_from_db()
    assert f'src="{image.file.url}"' in article.body

    page.goto(article.get_absolute_url())
    shown = page.get_by_role("img", name="La sala della quarta giornata")
    expect(shown).to_be_visible()
    assert shown.evaluate("img => img.complete && img.naturalWidth") == 320
    screenshot(page, "public")


def test_editor_is_told_why_an_image_of_another_site_is_refused(page, demo):
    article = demo.article
    _log_in(page, demo)
    dialog = _open_image_dialog(page, article)

    dialog.locator("input[name=imageUrl]").fill("https://example.com/foto.jpg")
    dialog.locator("input[name=altText]").fill("Una foto")
    dialog.locator("button[type=submit]").click()

    message = dialog.locator("input[name=imageUrl]").evaluate("input => input.validationMessage")
    assert "Le immagini di altri siti non si vedono sul sito pubblico" in message
    expect(dialog).to_be_visible()
    assert Article.objects.get(pk=article.pk).body == article.body
