"""The rich-text editor speaks Italian in a real browser: toolbar tooltips and dialogs."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_journeys import demo  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_editor_toolbar_and_table_dialog_are_italian(page, demo):  # noqa: F811
    page.goto("/admin/")
    page.get_by_label("Nome utente").fill(demo.username)
    page.get_by_label("Password").fill(demo.password)
    page.get_by_role("button", name="Accedi").click()
    page.locator("a[href$='/workshops/article/add/']").click()

    expect(page.locator("h1")).to_have_text("Aggiungi articolo")
    for name in ("Grassetto", "Corsivo", "Elenco puntato", "Inserisci collegamento", "Annulla"):
        expect(page.get_by_role("button", name=name, exact=True).first).to_be_attached()
    expect(page.locator(".prose-menubar [title='bold']")).to_have_count(0)

    page.locator(".ProseMirror[contenteditable=true]").click()
    page.get_by_role("button", name="Inserisci tabella", exact=True).click()
    dialog = page.locator("dialog[open]")
    expect(dialog).to_contain_text("Righe")
    expect(dialog).to_contain_text("Colonne")
    expect(dialog).to_contain_text("Con riga di intestazione")
    expect(dialog.get_by_role("button", name="Annulla")).to_be_visible()
