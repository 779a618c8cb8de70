"""A damaged image is a form error, never a 500; a stored image keeps none of its metadata."""

import random
import struct
import zlib
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, PngImagePlugin

from networks.models import Actor
from workshops.models import Article, Speaker

pytestmark = pytest.mark.django_db

XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
    b'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description '
    b'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>Mario Segreto</dc:creator>'
    b"</rdf:Description></rdf:RDF></x:xmpmeta>"
)
SECRET = b"Segreto"


def _noise(fmt, size=(160, 120), **options):
    """An image of random pixels (always the same): its compressed data is long to cut into."""
    buffer = BytesIO()
    pixels = random.Random(11).randbytes(size[0] * size[1] * 3)
    Image.frombytes("RGB", size, pixels).save(buffer, format=fmt, **options)
    return buffer.getvalue()


def _cut(data, fraction=0.5):
    return data[: int(len(data) * fraction)]


def _png_with_garbage_pixels():
    """A PNG whose chunks and checksums are all right but whose pixel data cannot be inflated."""
    data = bytearray(_noise("PNG"))
    start = data.index(b"IDAT")
    (length,) = struct.unpack(">I", data[start - 4 : start])
    body = slice(start + 4 + 100, start + 4 + length - 100)
    data[body] = b"\x55" * (body.stop - body.start)
    crc = zlib.crc32(bytes(data[start : start + 4 + length]))
    data[start + 4 + length : start + 8 + length] = struct.pack(">I", crc)
    return bytes(data)


def _jpeg_with_broken_stream():
    """A JPEG with a frame header in the middle of its compressed data."""
    data = _noise("JPEG")
    middle = len(data) // 2
    return data[:middle] + b"\xff\xc0\x00\x11" + data[middle:]


DAMAGED = {
    "jpeg-truncated": ("foto.jpg", lambda: _cut(_noise("JPEG"))),
    "jpeg-broken-stream": ("foto.jpg", _jpeg_with_broken_stream),
    "png-truncated": ("foto.png", lambda: _cut(_noise("PNG"), 0.9)),
    "png-garbage-pixels": ("foto.png", _png_with_garbage_pixels),
    "webp-truncated": ("foto.webp", lambda: _cut(_noise("WEBP"))),
    "webp-lossless-truncated": ("foto.webp", lambda: _cut(_noise("WEBP", lossless=True))),
}


def _post_speaker(client, upload):
    return client.post(
        reverse("admin:workshops_speaker_add"),
        {
            "honorific": "",
            "first_name": "Nicola",
            "last_name": "Grigion",
            "slug": "nicola-grigion",
            "organisation": "",
            "is_published": "on",
            "photo": upload,
            # The actors the person belongs to, an inline the networks app adds.
            "Actor_people-TOTAL_FORMS": "0",
            "Actor_people-INITIAL_FORMS": "0",
        },
    )


@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_damaged_image_in_the_admin_is_a_form_error(editor_client, kind):
    name, payload = DAMAGED[kind]

    response = _post_speaker(editor_client, SimpleUploadedFile(name, payload()))

    assert response.status_code == 200
    assert "immagine valida" in str(response.context["adminform"].form.errors.get("photo"))
    assert not Speaker.objects.exists()


@pytest.mark.parametrize("kind", sorted(DAMAGED))
@pytest.mark.parametrize(
    ("model", "field", "values"),
    [
        (Speaker, "photo", {"first_name": "Anna", "last_name": "Rossi", "slug": "anna-rossi"}),
        (
            Article,
            "lead_image",
            {"title": "Resoconto", "slug": "resoconto", "lead_image_alt": "La sala"},
        ),
        (Actor, "logo", {"name": "Comune di Lodi", "slug": "comune-di-lodi"}),
    ],
    ids=["speaker", "article", "actor"],
)
def test_damaged_image_fails_full_clean_on_every_model_with_images(kind, model, field, values):
    name, payload = DAMAGED[kind]
    instance = model(**values, **{field: SimpleUploadedFile(name, payload())})

    with pytest.raises(ValidationError) as caught:
        instance.full_clean()

    assert list(caught.value.message_dict) == [field]
    assert "immagine valida" in str(caught.value.message_dict[field])


def _stored_photo(client, name, payload):
    response = _post_speaker(client, SimpleUploadedFile(name, payload))
    assert response.status_code == 302, response.context["adminform"].form.errors
    with Speaker.objects.get().photo.open("rb") as stored:
        return stored.read()


def _gps_exif():
    exif = Image.Exif()
    exif[0x013B] = "Mario Segreto"  # Artist
    exif[0x8825] = {2: (45.0, 28.0, 0.0)}  # GPS latitude
    return exif.tobytes()


def test_jpeg_comment_xmp_and_exif_are_not_stored(editor_client):
    payload = _noise("JPEG", comment=b"Scattata a casa di Mario Segreto", xmp=XMP, exif=_gps_exif())
    with Image.open(BytesIO(payload)) as original:
        assert {"comment", "xmp", "exif"} <= set(original.info)

    stored = _stored_photo(editor_client, "foto.jpg", payload)

    assert SECRET not in stored
    with Image.open(BytesIO(stored)) as image:
        assert image.format == "JPEG"
        assert image.size == (160, 120)
        assert not {"comment", "xmp", "exif"} & set(image.info)


def test_png_text_chunks_xmp_and_exif_are_not_stored(editor_client):
    text = PngImagePlugin.PngInfo()
    text.add_text("Author", "Mario Segreto")
    text.add_itxt("Description", "Casa di Mario Segreto", zip=True)
    text.add_itxt("XML:com.adobe.xmp", XMP.decode())
    payload = _noise("PNG", pnginfo=text, exif=_gps_exif())

    stored = _stored_photo(editor_client, "foto.png", payload)

    assert SECRET not in stored
    with Image.open(BytesIO(stored)) as image:
        assert image.format == "PNG"
        assert not {"Author", "Description", "XML:com.adobe.xmp", "xmp", "exif"} & set(image.info)


def test_webp_xmp_and_exif_are_not_stored(editor_client):
    payload = _noise("WEBP", xmp=XMP, exif=_gps_exif())

    stored = _stored_photo(editor_client, "foto.webp", payload)

    assert SECRET not in stored
    with Image.open(BytesIO(stored)) as image:
        assert image.format == "WEBP"
        assert not {"xmp", "exif"} & set(image.info)


def test_png_transparency_survives_the_stripping(editor_client):
    buffer = BytesIO()
    Image.new("RGBA", (20, 10), (255, 0, 0, 0)).save(buffer, format="PNG")

    stored = _stored_photo(editor_client, "trasparente.png", buffer.getvalue())

    with Image.open(BytesIO(stored)) as image:
        assert image.convert("RGBA").getpixel((0, 0))[3] == 0
