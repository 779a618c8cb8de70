"""The accessibility and privacy pages: editors write the text, never the address or template."""

import pytest
from django.urls import reverse

from tests.labimpact.admin_forms import change_url, read_form
from workshops.models import Page, SiteSettings

pytestmark = [pytest.mark.django_db]


@pytest.mark.parametrize(
    ("kind", "url", "text"),
    [
        (Page.Kind.ACCESSIBILITY, "/accessibilita/", "axe-core"),
        (Page.Kind.PRIVACY, "/privacy/", "cookie di profilazione"),
    ],
)
def test_page_shows_the_text_the_migrations_wrote(client, kind, url, text):
    page = Page.objects.get(kind=kind)

    content = client.get(url).content.decode()

    assert reverse(f"workshops:{kind}") == url
    assert f"<h1>{page.title}</h1>" in content
    assert text in page.body
    assert text in content


def test_page_title_is_escaped(client):
    page = Page.objects.get(kind=Page.Kind.PRIVACY)
    page.title = '<script>location="https://altrove.example"</script>Privacy'
    page.save()

    content = client.get("/privacy/").content.decode()

    assert "&lt;script&gt;" in content
    assert "<script>location" not in content


def test_page_body_is_sanitised_on_save():
    page = Page.objects.get(kind=Page.Kind.PRIVACY)
    page.body = '<h2>Titolare</h2><p onclick="x()">Testo<script>alert(1)</script></p>'
    page.save()

    page.refresh_from_db()
    assert "<h2>Titolare</h2>" in page.body
    assert "alert(1)" not in page.body
    assert "onclick" not in page.body


def test_editor_edits_the_text_but_not_the_kind_of_a_page(editor_client):
    page = Page.objects.get(kind=Page.Kind.PRIVACY)
    url = change_url(page)
    data = read_form(editor_client, url, Page)
    assert "kind" not in data  # shown, not editable
    data.update(title=["Privacy"], body=["<p>Testo nuovo della redazione.</p>"])
    data["kind"] = [Page.Kind.ACCESSIBILITY]  # a forged field is ignored

    response = editor_client.post(url, data)

    assert response.status_code == 302
    page.refresh_from_db()
    assert page.kind == Page.Kind.PRIVACY
    assert "Testo nuovo della redazione" in editor_client.get("/privacy/").content.decode()


def test_editor_can_neither_add_nor_delete_pages(editor_client):
    page = Page.objects.get(kind=Page.Kind.PRIVACY)

    assert editor_client.get(reverse("admin:workshops_page_add")).status_code == 403
    delete = reverse("admin:workshops_page_delete", args=[page.pk])
    assert editor_client.post(delete, {"post": "yes"}).status_code == 403
    assert Page.objects.filter(pk=page.pk).exists()


def test_the_privacy_notice_states_the_registrations_terms_the_site_runs_with(client, settings):
    settings.REGISTRATION_RETENTION_MONTHS = 18
    settings.REGISTRATION_CONFIRM_HOURS = 24
    site = SiteSettings.load()
    site.contact_email = "privacy@labimpact.example.org"
    site.save()

    content = client.get("/privacy/").content.decode()

    assert "Iscrizioni alle giornate" in content
    assert "cancellate 18 mesi dopo la giornata" in content
    assert "entro 24 ore viene cancellata" in content
    assert "unica pagina pubblica che imposta un cookie" in content
    assert 'href="mailto:privacy@labimpact.example.org"' in content
    settings.REGISTRATION_RETENTION_MONTHS = 1
    assert "cancellate 1 mese dopo" in client.get("/privacy/").content.decode()
    english = client.get("/en/privacy/").content.decode()
    assert "deleted 1 month after the session" in english
    assert "Iscrizioni alle giornate" not in client.get("/accessibilita/").content.decode()
