"""The glossary: entries editors keep, /glossario/, the search, and acronyms explained in texts."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from reversion.models import Version

from tests.factories import ArticleFactory, TermFactory, TopicFactory
from workshops import services
from workshops.demo.glossary import TERMS, load_glossary
from workshops.glossary import mark_acronyms
from workshops.models import Term

pytestmark = pytest.mark.django_db

SAI = {"SAI": "Sistema di accoglienza e integrazione"}


def _abbrs(html):
    """{text: title} of every <abbr> of ``html``."""
    found = re.findall(r'<abbr title="([^"]*)">([^<]*)</abbr>', html)
    return {text: title for title, text in found}


def _hrefs(html):
    """{href: text} of every link of ``html`` (texts without markup)."""
    return dict(re.findall(r'<a [^>]*href="([^"]*)"[^>]*>([^<]*)</a>', html))


# The model.


def test_acronym_without_expansion_is_refused_by_clean_and_database():
    term = Term(term="SAI", slug="sai", kind=Term.Kind.ACRONYM, definition="Il sistema.")

    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert "expansion" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        term.save()


def test_acronym_in_lower_case_is_refused_with_a_hint_to_choose_term():
    term = Term(
        term="capofila",
        slug="capofila",
        kind=Term.Kind.ACRONYM,
        expansion="Ente capofila",
        definition="Chi guida.",
    )

    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert "Termine" in " ".join(error.value.message_dict["term"])


def test_acronym_alias_in_lower_case_is_refused_on_the_aliases():
    term = Term(
        term="CPIA",
        slug="cpia",
        kind=Term.Kind.ACRONYM,
        expansion="Centro provinciale per l'istruzione degli adulti",
        aliases="CPA\ncentri",
        definition="La scuola per adulti.",
    )

    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert "centri" in " ".join(error.value.message_dict["aliases"])


def test_link_without_label_is_refused_by_clean_and_database():
    term = Term(term="FAMI", slug="fami", definition="Il fondo.", link_url="https://example.org/")

    with pytest.raises(ValidationError) as error:
        term.full_clean()
    assert "link_label" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        term.save()


def test_save_tidies_aliases_and_derives_search_text():
    term = TermFactory(term="CPIA", aliases=" CPA \n\nCPA\nCPIA lombardi ")

    assert term.aliases == "CPA\nCPIA lombardi"
    assert " cpa " in term.search_text
    assert term.forms == ["CPIA", "CPA", "CPIA lombardi"]


def test_published_hides_draft_entries():
    shown = TermFactory(term="SAI")
    TermFactory(term="SPRAR", is_published=False)

    assert list(Term.objects.published()) == [shown]


def test_initial_files_accented_and_lower_case_terms_under_their_letter():
    assert TermFactory(term="èquipe").initial == "E"
    assert TermFactory(term="QuBì").initial == "Q"
    assert TermFactory(term="3° settore").initial == "#"


def test_every_demo_entry_validates_and_loading_twice_changes_nothing():
    TopicFactory(slug="sai", name="SAI (già SIPROIMI)")
    load_glossary()
    load_glossary()

    assert Term.objects.count() == len(TERMS)
    for term in Term.objects.all():
        term.full_clean()
    sai = Term.objects.get(slug="sai")
    assert sai.topic.slug == "sai"
    assert {t.slug for t in sai.related_terms.all()} == {"siproimi", "sprar"}
    for slug in ("siproimi", "sprar", "cpia", "fami", "ats", "capofila", "coprogettazione", "qubi"):
        assert Term.objects.get(slug=slug).is_published


# Services and admin.


def test_publish_and_withdraw_go_through_services_with_a_revision(editor):
    term = TermFactory(term="ATS", is_published=False)

    services.term_publish(term=term, user=editor)
    assert Term.objects.get(pk=term.pk).is_published
    services.term_withdraw(term=term, user=editor)

    assert not Term.objects.get(pk=term.pk).is_published
    versions = Version.objects.get_for_object(term)
    assert [v.revision.user for v in versions] == [editor, editor]


def test_editor_adds_an_entry_and_reads_a_feminine_confirmation(editor_client):
    response = editor_client.post(
        "/admin/workshops/term/add/",
        {
            "term": "FAMI",
            "slug": "fami",
            "kind": "acronym",
            "expansion": "Fondo Asilo, Migrazione e Integrazione",
            "aliases": "",
            "definition": "Il fondo europeo.",
            "link_url": "",
            "link_label": "",
        },
        follow=True,
    )

    assert Term.objects.filter(slug="fami").exists()
    assert "La voce del glossario «" in response.content.decode()
    assert "è stata aggiunta" in response.content.decode()


def test_editor_sees_the_error_on_an_acronym_without_expansion(editor_client):
    response = editor_client.post(
        "/admin/workshops/term/add/",
        {"term": "SAI", "slug": "sai", "kind": "acronym", "definition": "Il sistema."},
    )

    assert response.status_code == 200
    assert "Una sigla ha bisogno della sua forma per esteso." in response.content.decode()
    assert not Term.objects.exists()


def test_editor_publishes_from_the_list(editor_client):
    term = TermFactory(term="SPRAR", is_published=False)

    editor_client.post(
        "/admin/workshops/term/",
        {"action": "publish", "_selected_action": [term.pk], "post": "yes"},
    )

    assert Term.objects.get(pk=term.pk).is_published


def test_admin_list_and_search(admin_client):
    TermFactory(term="CPIA", acronym=True, expansion="Centro provinciale per l'istruzione")

    assert "CPIA" in admin_client.get("/admin/workshops/term/").content.decode()
    assert "CPIA" in admin_client.get("/admin/workshops/term/?q=provinciale").content.decode()


# Acronyms in texts.


def test_first_occurrence_only_is_marked():
    html = mark_acronyms("<p>Il SAI accoglie. Il SAI integra.</p>", SAI)

    assert html == (
        '<p>Il <abbr title="Sistema di accoglienza e integrazione">SAI</abbr> accoglie. '
        "Il SAI integra.</p>"
    )


@pytest.mark.parametrize(
    "body",
    [
        '<p><a href="https://example.org/">SAI</a></p>',
        "<h2>Il SAI</h2>",
        "<p><code>SAI</code></p>",
        '<p><abbr title="già scritto">SAI</abbr></p>',
        "<p>SAIL, sai, ESAI, SAI2, S.SAI</p>",
    ],
)
def test_no_mark_inside_links_headings_code_abbr_or_other_words(body):
    assert mark_acronyms(body, SAI) == body


def test_a_skipped_occurrence_leaves_the_next_one_to_be_marked():
    html = mark_acronyms('<h2>Il SAI</h2><p>Nel <a href="/x/">SAI</a> e nel SAI.</p>', SAI)

    assert html.count("<abbr") == 1
    assert html.endswith(
        'e nel <abbr title="Sistema di accoglienza e integrazione">SAI</abbr>.</p>'
    )


def test_marks_after_an_apostrophe_and_keeps_entities_and_attributes():
    body = '<p>Dell&#x27;ATS &amp; <strong class="x">dell\'ATS</strong> &copy;</p>'

    html = mark_acronyms(body, {"ATS": 'Agenzia "di" tutela <della> salute'})

    assert html == (
        '<p>Dell&#x27;<abbr title="Agenzia &quot;di&quot; tutela &lt;della&gt; salute">ATS'
        '</abbr> &amp; <strong class="x">dell\'ATS</strong> &copy;</p>'
    )


def test_longer_form_wins_over_its_prefix():
    html = mark_acronyms("<p>Il SIPROIMI</p>", {"SI": "Sì", "SIPROIMI": "Sistema di protezione"})

    assert html == '<p>Il <abbr title="Sistema di protezione">SIPROIMI</abbr></p>'


def test_article_page_explains_published_acronyms_only_and_stores_nothing(client):
    TermFactory(term="SIPROIMI", acronym=True, expansion="Sistema di protezione")
    TermFactory(term="CPIA", acronym=True, expansion="Centro provinciale", aliases="CPA")
    TermFactory(term="FAMI", acronym=True, expansion="Fondo asilo", is_published=False)
    TermFactory(term="capofila", definition="Chi guida.")
    body = "<p>Il SIPROIMI, il CPA, il FAMI, il capofila. Il SIPROIMI ancora.</p>"
    article = ArticleFactory(body=body)

    page = client.get(article.get_absolute_url()).content.decode()

    abbrs = _abbrs(page.split('class="article-body"', 1)[1])
    assert abbrs == {"SIPROIMI": "Sistema di protezione", "CPA": "Centro provinciale"}
    article.refresh_from_db()
    assert article.body == body


def test_article_page_follows_a_change_of_the_glossary(client, editor):
    term = TermFactory(term="ATS", acronym=True, expansion="Agenzia di tutela della salute")
    article = ArticleFactory(body="<p>La ATS di Milano.</p>")
    assert "<abbr" in client.get(article.get_absolute_url()).content.decode()

    services.term_withdraw(term=term, user=editor)

    assert "<abbr" not in client.get(article.get_absolute_url()).content.decode()


# The public page.


def test_glossary_lists_published_entries_a_to_z_with_anchors(client):
    TermFactory(term="SAI", slug="sai", acronym=True, expansion="Sistema di accoglienza")
    TermFactory(term="capofila", slug="capofila")
    TermFactory(term="CPIA", slug="cpia", acronym=True, expansion="Centro provinciale")
    TermFactory(term="Sigla segreta", slug="segreta", is_published=False)

    page = client.get("/glossario/").content.decode()

    assert re.findall(r'<dt id="([^"]+)"', page) == ["capofila", "cpia", "sai"]
    assert re.findall(r'class="glossary-letter" href="([^"]+)"', page) == [
        "#lettera-c",
        "#lettera-s",
    ]
    assert '<h2 id="lettera-c"' in page
    assert "Sistema di accoglienza" in page
    assert "segreta" not in page.lower()


def test_glossary_links_related_published_entries_topic_and_source(client):
    topic = TopicFactory(name="SAI (già SIPROIMI)", slug="sai")
    sai = TermFactory(
        term="SAI",
        slug="sai",
        topic=topic,
        link_url="https://www.retesai.it/",
        link_label="Il sito del SAI",
    )
    sai.related_terms.add(
        TermFactory(term="SPRAR", slug="sprar"),
        TermFactory(term="Bozza", slug="bozza", is_published=False),
    )

    page = client.get("/glossario/").content.decode()
    links = _hrefs(page.split('class="glossary-list"', 1)[1])

    assert links["#sprar"] == "SPRAR"
    assert "#bozza" not in links
    assert "/temi/sai/" in links
    assert links["https://www.retesai.it/"] == "Il sito del SAI"


def test_glossary_in_english_keeps_the_entries(client):
    TermFactory(term="capofila", slug="capofila")

    response = client.get("/en/glossario/")

    page = response.content.decode()
    assert "<h1>Glossary</h1>" in page
    assert '<dt id="capofila"' in page


def test_empty_glossary_says_so(client):
    assert "Il glossario è ancora vuoto." in client.get("/glossario/").content.decode()


def test_search_finds_entries_by_acronym_expansion_and_alias(client):
    TermFactory(
        term="CPIA",
        slug="cpia",
        acronym=True,
        expansion="Centro provinciale per l'istruzione degli adulti",
        aliases="CPA",
    )
    TermFactory(term="SPRAR", slug="sprar", is_published=False)

    for query in ("cpia", "istruzione adulti", "CPA"):
        page = client.get("/cerca/", {"q": query}).content.decode()
        section = page.split('id="glossary-results"', 1)[1].split("</section>", 1)[0]
        assert re.findall(r'href="([^"]+)"', section) == ["/glossario/#cpia"], query
    assert "SPRAR" not in client.get("/cerca/", {"q": "sprar"}).content.decode()


def test_sitemap_lists_the_glossary_in_both_languages(client):
    TermFactory(term="SAI")

    content = client.get("/sitemap.xml").content.decode()

    assert "/glossario/</loc>" in content
    assert "/en/glossario/</loc>" in content
