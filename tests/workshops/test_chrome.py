"""The head's links, the header and the footer are rendered once per process and language,
and never show another page's menu state, another language or a changed setting."""

import re

import pytest
from django.template import Context, NodeList, Template, TemplateSyntaxError
from django.urls import reverse

from workshops.templatetags import chrome

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _nothing_kept():
    chrome.forget()
    yield
    chrome.forget()


def _menu(response):
    """{label: (active, current)} of the main menu's entries."""
    html = response.content.decode()
    return {
        label: ("active" in classes, current)
        for classes, current, label in re.findall(
            r'<a class="nav-link([^"]*)" href="[^"]*"( aria-current="page")?><span>([^<]+)</span>',
            html,
        )
    }


def test_a_memo_block_is_kept_per_value_given():
    block = Template('{% load chrome %}{% memo "t" x %}{{ x }}-{{ y }}{% endmemo %}')

    first = block.render(Context({"x": 1, "y": "a"}))
    kept = block.render(Context({"x": 1, "y": "b"}))
    other = block.render(Context({"x": 2, "y": "b"}))

    assert (first, kept, other) == ("1-a", "1-a", "2-b")


def test_a_block_cannot_be_kept_in_a_memo():
    # A kept block could never be overridden by the page: refused when the template loads.
    with pytest.raises(TemplateSyntaxError, match="memo"):
        Template('{% load chrome %}{% memo "t" %}{% block b %}{% endblock %}{% endmemo %}')


def test_a_page_does_not_walk_the_kept_parts_for_its_blocks(client, monkeypatch):
    # Django looks for the blocks of base.html in every render: not inside its memos, which
    # hold the doctype, the header and the footer.
    walked = []
    search = NodeList.get_nodes_by_type
    monkeypatch.setattr(
        NodeList, "get_nodes_by_type", lambda self, kind: walked.append(self) or search(self, kind)
    )

    client.get(reverse("workshops:topic_list"))
    walked.clear()  # Loading the templates walks every node once, memos included.

    client.get(reverse("workshops:topic_list"))

    texts = [getattr(node, "s", "") for nodes in walked for node in nodes]
    assert any("<main" in text for text in texts)
    assert not any("<!doctype html>" in text or "<footer" in text for text in texts)


def test_the_menu_marks_the_section_of_each_page(client):
    reports = _menu(client.get(reverse("workshops:article_list")))
    help_page = _menu(client.get(reverse("workshops:calendar_help")))
    home = _menu(client.get(reverse("workshops:home")))

    assert reports["Resoconti"] == (True, ' aria-current="page"')
    assert reports["Calendario"] == (False, "")
    assert help_page["Calendario"] == (True, "")
    assert help_page["Resoconti"] == (False, "")
    assert not any(active or current for active, current in home.values())


def test_each_language_keeps_its_own_header_and_footer(client):
    path = reverse("workshops:calendar_help")

    english = client.get("/en" + path).content.decode()
    italian = client.get(path).content.decode()

    assert "<span>Calendar</span>" in english
    assert 'href="/en/feed/articoli/"' in english
    assert "Accessibility statement" in english
    assert "<span>Calendario</span>" in italian
    assert "<span>Calendar</span>" not in italian
    assert 'href="/feed/articoli/"' in italian
    assert "Dichiarazione di accessibilità" in italian


def test_the_language_links_are_those_of_the_page_shown(client):
    client.get(reverse("workshops:article_list"))

    html = client.get(reverse("workshops:topic_list"), {"page": "1"}).content.decode()

    assert 'class="language-link" href="/en/temi/?page=1"' in html
    assert 'hreflang="en" href="http://testserver/en/temi/?page=1"' in html


def test_a_changed_setting_is_shown_at_once(client, settings):
    client.get(reverse("workshops:calendar_help"))

    settings.STATIC_URL = "/assets/"
    html = client.get(reverse("workshops:calendar_help")).content.decode()

    assert 'href="/assets/dist/site.css"' in html


def test_a_pages_language_links_are_worked_out_once_per_process(client, monkeypatch):
    from django.utils import translation

    from tests.factories import ArticleFactory
    from workshops.templatetags import portal

    first, second = ArticleFactory(), ArticleFactory()
    client.get(first.get_absolute_url())
    activations = []
    override = translation.override
    monkeypatch.setattr(portal, "override", lambda code: activations.append(code) or override(code))

    again = client.get(first.get_absolute_url(), {"utm_source": "x"}).content.decode()
    assert activations == []
    # The query string is the request's own, never the one of the page first rendered.
    assert (
        f'hreflang="en" href="http://testserver/en{first.get_absolute_url()}?utm_source=x"' in again
    )

    other = client.get(second.get_absolute_url()).content.decode()
    assert activations == ["it", "en"]
    assert f'href="/en{second.get_absolute_url()}"' in other


def test_the_language_links_kept_go_with_a_changed_setting(client, settings):
    from workshops.templatetags import portal

    client.get(reverse("workshops:topic_list"))
    assert portal._urls_in_languages.cache_info().currsize

    # Tests change the URL patterns, the script prefix or the languages this way.
    settings.ROOT_URLCONF = settings.ROOT_URLCONF

    assert portal._urls_in_languages.cache_info().currsize == 0
