"""Images in article and page texts: uploaded from the editor, checked, and only from the site."""

import importlib.util
import json
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission, User
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from tests.factories import ArticleFactory
from workshops.images import is_media_url
from workshops.models import BodyImage, Page

pytestmark = pytest.mark.django_db

UPLOAD_URL = reverse("admin:workshops_bodyimage_upload")


def _jpeg_with_exif(size=(60, 40)):
    image = Image.new("RGB", size, (0, 102, 204))
    exif = Image.Exif()
    exif[0x0112] = 6  # Orientation: turn 90° to stand upright
    exif[0x010F] = "Fotocamera del relatore"
    buffer = BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    return buffer.getvalue()


def _upload(client, payload, name="foto.jpg", alt="I partecipanti in sala"):
    data = {"file": SimpleUploadedFile(name, payload, content_type="image/jpeg")}
    if alt is not None:
        data["alt_text"] = alt
    return client.post(UPLOAD_URL, data)


def _body_with_image(src, alt="Una sala"):
    return f'<figure><img src="{src}" alt="{alt}"><figcaption>La sala</figcaption></figure>'


def test_upload_stores_a_stripped_image_and_answers_its_url(editor_client, editor, settings):
    response = _upload(editor_client, _jpeg_with_exif(), name="IMG_0001 privata.jpg")

    assert response.status_code == 201
    data = response.json()
    image = BodyImage.objects.get(pk=data["id"])
    assert data["url"] == image.file.url
    assert data["url"].startswith(settings.MEDIA_URL + "testo/")
    assert "IMG_0001" not in data["url"]
    assert image.alt_text == "I partecipanti in sala"
    assert image.uploaded_by == editor
    with Image.open(image.file.path) as stored:
        assert stored.format == "JPEG"
        # Turned upright, without the EXIF the camera wrote.
        assert stored.size == (40, 60)
        assert not stored.getexif()


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        ("foto.jpg", b"questo non e' un'immagine", "Il file non è un'immagine valida"),
        ("foto.jpg", _jpeg_with_exif((400, 300))[:200], "Il file non è un'immagine valida"),
        (
            "foto.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "Il file non è un'immagine valida",
        ),
    ],
    ids=["not-an-image", "malformed", "svg"],
)
def test_upload_of_a_bad_file_is_refused_in_italian(editor_client, name, payload, message):
    response = _upload(editor_client, payload, name=name)

    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not BodyImage.objects.exists()


def test_upload_of_a_too_heavy_image_is_refused(editor_client, settings):
    settings.IMAGE_MAX_BYTES = 1024 * 1024
    payload = _jpeg_with_exif() + b"\0" * (1024 * 1024)

    response = _upload(editor_client, payload)

    assert response.status_code == 400
    assert "L'immagine pesa troppo: il massimo è 1 MB." in response.json()["error"]
    assert not BodyImage.objects.exists()


def test_upload_without_alternative_text_is_refused(editor_client):
    response = _upload(editor_client, _jpeg_with_exif(), alt="   ")

    assert response.status_code == 400
    assert "Scrivere il testo alternativo" in response.json()["error"]
    assert not BodyImage.objects.exists()


def test_upload_needs_the_add_permission(client):
    staff = User.objects.create_user("ospite", password="pw-ospite-123", is_staff=True)
    client.force_login(staff)

    response = _upload(client, _jpeg_with_exif())

    assert response.status_code == 403
    assert "permessi" in response.json()["error"]
    staff.user_permissions.add(Permission.objects.get(codename="add_bodyimage"))
    assert _upload(client, _jpeg_with_exif()).status_code == 201


def test_upload_is_refused_to_visitors(client):
    response = _upload(client, _jpeg_with_exif())

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert not BodyImage.objects.exists()


def test_upload_answers_only_post(editor_client):
    assert editor_client.get(UPLOAD_URL).status_code == 405


def test_upload_needs_the_csrf_token(editor):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(editor)

    response = _upload(browser, _jpeg_with_exif())

    assert response.status_code == 403
    assert not BodyImage.objects.exists()


def test_editors_see_their_uploads_in_the_admin_and_cannot_delete_them(editor_client):
    image_id = _upload(editor_client, _jpeg_with_exif(), alt="Il tavolo dei relatori").json()["id"]

    response = editor_client.get(reverse("admin:workshops_bodyimage_changelist"))
    delete = editor_client.get(reverse("admin:workshops_bodyimage_delete", args=[image_id]))

    assert response.status_code == 200
    assert "Il tavolo dei relatori" in response.content.decode()
    # Published texts link to the file: no one deletes it from the admin.
    assert delete.status_code == 403


def test_article_with_an_uploaded_image_is_valid_and_keeps_it(editor_client):
    url = json.loads(_upload(editor_client, _jpeg_with_exif()).content)["url"]
    article = ArticleFactory(body=_body_with_image(url, alt="La sala"))

    article.full_clean()
    article.save()

    assert f'<img src="{url}" alt="La sala">' in article.body


@pytest.mark.parametrize(
    "src",
    [
        "https://example.com/foto.jpg",
        "//example.com/media/foto.jpg",
        "http://localhost/media/foto.jpg",
        "/media/../static/foto.jpg",
        "/altro/foto.jpg",
    ],
)
def test_article_with_an_image_from_another_site_is_refused_with_the_reason(src):
    article = ArticleFactory.build(body=_body_with_image(src))

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    messages = error.value.message_dict["body"]
    assert any("viene da un altro sito" in message for message in messages)
    assert any("Carica dal computer" in message for message in messages)


def test_page_with_an_image_from_another_site_or_without_alt_is_refused():
    page = Page.objects.get(kind=Page.Kind.PRIVACY)
    page.body = _body_with_image("https://example.com/logo.png") + '<img src="/media/a.png">'

    with pytest.raises(ValidationError) as error:
        page.full_clean()

    messages = " ".join(error.value.message_dict["body"])
    assert "viene da un altro sito" in messages
    assert "testo alternativo" in messages


def test_media_on_object_storage_is_the_only_other_origin_allowed(settings):
    settings.MEDIA_URL = "https://bucket.example.org/labimpact/media/"

    assert is_media_url("https://bucket.example.org/labimpact/media/testo/a.jpg")
    assert not is_media_url("https://bucket.example.org/altro/a.jpg")
    assert not is_media_url("https://bucket.example.org.evil.example/labimpact/media/a.jpg")
    assert not is_media_url("/media/testo/a.jpg")
    article = ArticleFactory.build(
        body=_body_with_image("https://bucket.example.org/labimpact/media/testo/a.jpg")
    )
    article.full_clean()


def _settings_module(monkeypatch, **environ):
    """labimpact/settings.py run afresh with ``environ``: what a deployment would get."""
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    spec = importlib.util.find_spec("labimpact.settings")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _img_src(response):
    directives = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    return directives["img-src"].split()


def test_csp_allows_images_from_the_site_and_the_object_storage_only(client, settings, monkeypatch):
    deployed = _settings_module(
        monkeypatch, DJANGO_MEDIA_URL="https://bucket.example.org/labimpact/media/"
    )
    settings.MEDIA_URL = deployed.MEDIA_URL
    settings.CONTENT_SECURITY_POLICY = deployed.CONTENT_SECURITY_POLICY

    response = client.get(reverse("workshops:home"))

    assert _img_src(response) == ["'self'", "data:", "https://bucket.example.org"]


def test_csp_allows_images_from_the_site_only_when_media_are_on_the_site(client):
    response = client.get(reverse("workshops:home"))

    assert _img_src(response) == ["'self'", "data:"]
