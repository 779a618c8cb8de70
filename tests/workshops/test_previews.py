"""Link previews on every page type: a title of its own, an image, the page's language."""

import pytest
from django.templatetags.static import static
from django.utils import translation

from tests.browser.pages import PAGE_TYPES, build_demo
from tests.parsing import parse_page

pytestmark = pytest.mark.django_db

GENERIC_TITLE = "Lab'Impact – Laboratori FAMI"
CARD = f"http://testserver{static('img/og-card.png')}"


@pytest.fixture
def previews(client):
    demo = build_demo()
    return {
        page_type: parse_page(client.get(url(demo)).content.decode()).meta
        for page_type, url in PAGE_TYPES.items()
    }


def test_every_page_type_has_a_title_of_its_own(previews):
    titles = {page_type: meta["og:title"] for page_type, meta in previews.items()}
    generic = [page_type for page_type, title in titles.items() if title == GENERIC_TITLE]
    repeated = {title for title in titles.values() if list(titles.values()).count(title) > 1}

    assert not generic, generic
    assert not repeated, repeated


def test_every_page_type_has_a_preview_image(previews):
    images = {page_type: meta.get("og:image") for page_type, meta in previews.items()}

    assert all(images.values()), images
    assert images["network_list"] == CARD
    assert images["article_detail"] != CARD  # the article's own lead image
    assert images["speaker_detail"] != CARD  # the speaker's own photo


def test_english_pages_preview_in_british_english(client):
    demo = build_demo()
    with translation.override("en"):
        url = demo.article.get_absolute_url()

    meta = parse_page(client.get(url).content.decode()).meta

    assert url.startswith("/en/")
    assert meta["og:locale"] == "en_GB"
