"""Checks on uploaded images: the bytes are read by Pillow, never trusted by name."""

import posixpath
import secrets
from html.parser import HTMLParser
from io import BytesIO
from pathlib import PurePath
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = ("JPEG", "PNG", "WEBP")
# All a re-encoded image takes from its original's metadata, so that it looks the same;
# EXIF, XMP, JPEG comments and PNG text chunks are left behind.
KEPT_IMAGE_INFO = ("transparency", "icc_profile")


def validate_image_upload(file):
    """Refuse files that are not a whole JPEG, PNG or WebP image within the size limits."""
    if not file or getattr(file, "_committed", False):
        # Files already in storage were checked when they were uploaded.
        return
    size = getattr(file, "size", None)
    if size is not None and size > settings.IMAGE_MAX_BYTES:
        raise ValidationError(
            _("L'immagine pesa troppo: il massimo è %(limit)s MB."),
            code="image_too_large",
            params={"limit": settings.IMAGE_MAX_BYTES // (1024 * 1024)},
        )
    position = file.tell() if hasattr(file, "tell") else None
    try:
        file.seek(0)
        with Image.open(file, formats=ALLOWED_IMAGE_FORMATS) as image:
            width, height = image.size
            if width * height > settings.IMAGE_MAX_PIXELS:
                raise ValidationError(
                    _("L'immagine è troppo grande: al massimo %(limit)s milioni di pixel."),
                    code="image_too_many_pixels",
                    params={"limit": settings.IMAGE_MAX_PIXELS // 1_000_000},
                )
            # verify() checks the structure (PNG checksums) but decodes nothing.
            image.verify()
        # Decoding every pixel is what saving will do: a truncated or corrupt file of any
        # format fails here, as a form error, rather than in save() as a server error.
        file.seek(0)
        with Image.open(file, formats=ALLOWED_IMAGE_FORMATS) as image:
            image.load()
    except ValidationError:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            _("Il file non è un'immagine valida: caricare un file JPEG, PNG o WebP integro."),
            code="invalid_image",
        ) from None
    finally:
        if position is not None:
            file.seek(position)


@deconstructible
class RandomUploadPath:
    """Store uploads under ``folder`` with a random name: the uploaded name is not kept."""

    def __init__(self, folder):
        self.folder = folder

    def __call__(self, instance, filename):
        suffix = PurePath(filename).suffix.lower()
        if suffix not in {".jpg", ".jpeg", ".png", ".webp"}:
            suffix = ""
        return f"{self.folder}/{secrets.token_hex(12)}{suffix}"

    def __eq__(self, other):
        return isinstance(other, RandomUploadPath) and other.folder == self.folder


def strip_image_metadata(field_file):
    """Re-encode a new upload without its metadata (EXIF, GPS, XMP, comments), turned upright.

    Called from ``save()`` of models with images, so the stored file never carries
    the metadata, whatever path the upload came by. Files already stored are left alone.
    """
    if not field_file or getattr(field_file, "_committed", True):
        return
    upload = field_file.file
    upload.seek(0)
    with Image.open(upload, formats=ALLOWED_IMAGE_FORMATS) as original:
        image_format = original.format
        image = ImageOps.exif_transpose(original)
        # A copy: Pillow writes some of it again by itself (a JPEG's comment, for one).
        image.info = {key: value for key, value in image.info.items() if key in KEPT_IMAGE_INFO}
        if image_format == "JPEG" and image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        output = BytesIO()
        options = {"quality": 88} if image_format in ("JPEG", "WEBP") else {"optimize": True}
        image.save(output, format=image_format, **options)
    field_file.file = ContentFile(output.getvalue(), name=field_file.name)


class _ImageSources(HTMLParser):
    """The ``src`` of every ``<img>`` of an HTML fragment ("" for an image without one)."""

    def __init__(self, html):
        super().__init__()
        self.sources = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag, attrs):
        if tag == "img":
            self.sources.append((dict(attrs).get("src") or "").strip())


def is_media_url(src):
    """True when ``src`` names a file of the site's own media (MEDIA_URL), nowhere else.

    MEDIA_URL is a path on this site ("/media/") or an absolute URL of an object
    storage ("https://bucket.example.org/media/"): either way a body image must live
    under it. The path is normalised first, so "/media/../x" is not under "/media/".
    """
    media = urlsplit(settings.MEDIA_URL)
    url = urlsplit(src)
    if (url.scheme.lower(), url.netloc.lower()) != (media.scheme.lower(), media.netloc.lower()):
        return False
    media_path = media.path if media.path.endswith("/") else media.path + "/"
    path = posixpath.normpath(url.path) if url.path else ""
    return path.startswith(media_path) and "\\" not in src


def foreign_image_sources(html):
    """The image sources of ``html`` that are not files of the site's own media."""
    return [src for src in _ImageSources(html or "").sources if not is_media_url(src)]


def foreign_image_errors(html):
    """One message per image of ``html`` that comes from another site: for ``clean()``."""
    return [
        ValidationError(
            _(
                "L'immagine «%(src)s» viene da un altro sito e non si vedrebbe sul sito pubblico, "
                "che mostra solo immagini caricate qui (e non fa sapere ad altri siti chi lo "
                "visita). Toglierla, oppure scaricarla e caricarla con «Carica dal computer» "
                "nella finestra dell'immagine dell'editor."
            ),
            code="foreign_image",
            params={"src": src or _("(senza indirizzo)")},
        )
        for src in foreign_image_sources(html)
    ]
