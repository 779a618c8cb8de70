"""Speakers' portraits are sharp on phones: 1x, 2x and 3x copies for the browser to pick."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from tests.factories import SessionSpeakerFactory, SpeakerFactory
from workshops.templatetags import portal

pytestmark = pytest.mark.django_db


def _photo(side=400):
    buffer = io.BytesIO()
    Image.new("RGB", (side, side), (0, 102, 204)).save(buffer, format="JPEG")
    return SimpleUploadedFile("ritratto.jpg", buffer.getvalue())


def _portraits(html):
    return re.findall(r'<img class="rounded-circle[^"]*" src="([^"]+)" srcset="([^"]+)"', html)


@pytest.mark.parametrize(("page", "px"), [("speaker_list", 80), ("session", 96)])
def test_portraits_offer_copies_for_denser_screens(client, page, px):
    part = SessionSpeakerFactory(speaker=SpeakerFactory(photo=_photo()))
    url = "/relatori/" if page == "speaker_list" else part.session.get_absolute_url()

    ((src, srcset),) = _portraits(client.get(url).content.decode())

    copies = [entry.rsplit(" ", 1) for entry in srcset.split(", ")]
    assert [density for _, density in copies] == ["1x", "2x", "3x"]
    assert copies[0][0] == src
    sides = [Image.open(client_file(client, copy)).size for copy, _ in copies]
    assert sides == [(px, px), (2 * px, 2 * px), (3 * px, 3 * px)]


def client_file(client, url):
    from django.conf import settings
    from django.core.files.storage import default_storage

    return default_storage.open(url.removeprefix(settings.MEDIA_URL))


def test_an_unreadable_photo_shows_no_portrait_and_no_error(client, monkeypatch, caplog):
    speaker = SessionSpeakerFactory(speaker=SpeakerFactory(photo=_photo())).speaker

    def unreadable(*args, **kwargs):
        raise OSError("cannot identify image file")

    monkeypatch.setattr(portal, "get_thumbnail", unreadable)
    response = client.get("/relatori/")

    assert response.status_code == 200
    assert speaker.display_name in response.content.decode()
    assert not _portraits(response.content.decode())
    assert "could not be resized" in caplog.text
