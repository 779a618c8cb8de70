"""The head of a report, speaker, session or actor page (link previews with their thumbnail,
structured data) is kept per object and content version like the page's body: a visitor who
bypasses the page cache does not pay for a thumbnail lookup and a schema.org description,
and a change shows in the head at once."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from sorl.thumbnail.templatetags.thumbnail import ThumbnailNode

from tests.factories import ActorFactory, ArticleFactory, SessionSpeakerFactory, SpeakerFactory
from workshops import seo

pytestmark = pytest.mark.django_db


def _image(name):
    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), (0, 102, 204)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue())


def _head(response):
    return response.content.decode().split("</head>", 1)[0]


@pytest.fixture
def pages():
    part = SessionSpeakerFactory(speaker=SpeakerFactory(photo=_image("ritratto.jpg")))
    article = ArticleFactory(
        title="Resoconto marcatore",
        lead_image=_image("copertina.jpg"),
        lead_image_alt="Una sala di lavoro",
    )
    article.sessions.add(part.session)
    actor = ActorFactory(name="Attore marcatore", logo=_image("logo.jpg"))
    return {
        "report": article,
        "speaker": part.speaker,
        "session": part.session,
        "actor": actor,
    }


@pytest.mark.parametrize("page", ["report", "speaker", "session", "actor"])
def test_the_head_is_made_once_per_content_version(client, pages, monkeypatch, page):
    url = pages[page].get_absolute_url()
    first = client.get(url)
    assert first.status_code == 200
    assert 'property="og:title"' in _head(first)

    def refuse(*args, **kwargs):
        raise AssertionError("the kept head was made again")

    # What the head costs: the thumbnails of its link preview, its structured data.
    monkeypatch.setattr(ThumbnailNode, "_render", refuse)
    for name in ("article_news", "speaker_person", "session_event"):
        monkeypatch.setattr(seo, name, refuse)

    assert _head(client.get(url)) == _head(first)


def test_a_change_shows_in_the_head_at_once(client, pages):
    article = pages["report"]
    url = article.get_absolute_url()
    assert "Resoconto marcatore" in _head(client.get(url))

    article.title = "Resoconto corretto"
    article.full_clean()
    article.save()

    head = _head(client.get(url))
    assert 'content="Resoconto corretto"' in head
    assert '"headline": "Resoconto corretto"' in head
    assert "Resoconto marcatore" not in head


def test_each_language_keeps_its_own_head(client, pages):
    url = pages["speaker"].get_absolute_url()

    italian = _head(client.get(url))
    english = _head(client.get("/en" + url))

    assert 'content="it_IT"' in italian.split('property="og:locale"', 1)[1][:20]
    assert 'content="en_GB"' in english.split('property="og:locale"', 1)[1][:20]
