"""Uploads are judged by their bytes: each bad file gets a clear error in the admin."""

import struct
import zlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from workshops.models import Speaker

pytestmark = pytest.mark.django_db


def _image_bytes(fmt="PNG", size=(40, 30), **save_options):
    buffer = BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, format=fmt, **save_options)
    return buffer.getvalue()


def _png_claiming_size(width, height):
    """A small, well-formed PNG whose header claims ``width`` × ``height`` pixels."""
    data = bytearray(_image_bytes("PNG", (1, 1)))
    ihdr_start = 8 + 8  # signature, then length and type of the IHDR chunk
    data[ihdr_start : ihdr_start + 8] = struct.pack(">II", width, height)
    crc = zlib.crc32(bytes(data[12 : ihdr_start + 13]))
    data[ihdr_start + 13 : ihdr_start + 17] = struct.pack(">I", crc)
    return bytes(data)


def _post_speaker(client, upload):
    return client.post(
        reverse("admin:workshops_speaker_add"),
        {
            "honorific": "dott.",
            "first_name": "Nicola",
            "last_name": "Grigion",
            "slug": "nicola-grigion",
            "role": "",
            "organisation": "In-deep",
            "bio": "",
            "website": "",
            "is_published": "on",
            "photo": upload,
            # The actors the person belongs to, an inline the networks app adds.
            "Actor_people-TOTAL_FORMS": "0",
            "Actor_people-INITIAL_FORMS": "0",
        },
    )


@pytest.mark.parametrize(
    ("name", "payload", "message"),
    [
        ("foto.jpg", b"this is not an image at all", "immagine valida"),
        ("foto.jpg", _image_bytes("JPEG", (400, 300))[:300], "immagine valida"),
        (
            "foto.svg",
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "immagine valida",
        ),
        ("bomba.png", _png_claiming_size(30_000, 30_000), "immagine"),
        ("grande.png", _png_claiming_size(8_000, 6_000), "milioni di pixel"),
        ("pesante.png", _image_bytes("PNG") + b"\0" * (9 * 1024 * 1024), "pesa troppo"),
    ],
    ids=["not-an-image", "truncated", "svg", "decompression-bomb", "too-many-pixels", "too-heavy"],
)
def test_bad_uploads_are_refused_with_a_clear_error(editor_client, name, payload, message):
    response = _post_speaker(editor_client, SimpleUploadedFile(name, payload))

    assert response.status_code == 200
    errors = str(response.context["adminform"].form.errors.get("photo"))
    assert message in errors
    assert not Speaker.objects.exists()


def test_good_upload_is_stored_under_a_random_name_without_exif(editor_client):
    exif = Image.Exif()
    exif[0x010F] = "Fotocamera di prova"  # Make
    exif[0x8825] = {2: (45.0, 28.0, 0.0)}  # GPS latitude
    payload = _image_bytes("JPEG", (64, 48), exif=exif.tobytes())
    assert Image.open(BytesIO(payload)).getexif()

    response = _post_speaker(editor_client, SimpleUploadedFile("Mario Rossi casa.jpg", payload))

    assert response.status_code == 302
    speaker = Speaker.objects.get()
    assert speaker.photo.name.startswith("speakers/")
    assert "Rossi" not in speaker.photo.name
    with speaker.photo.open("rb") as stored:
        image = Image.open(stored)
        assert image.format == "JPEG"
        assert not image.getexif()
