"""Articles as real texts are: a section as kicker, any workshops and sessions, a source."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    SectionFactory,
    SessionFactory,
    WorkshopFactory,
)
from tests.parsing import parse_page
from workshops.models import Article, Section

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def _kicker(content):
    return re.search(r'class="section-kicker[^"]*"><a [^>]*>([^<]*)</a>', content).group(1)


def _article_page(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def _aside(content):
    match = re.search(r"<aside.*?</aside>", content, re.S)
    return match.group(0) if match else ""


def _feed_titles(client, workshop):
    rss = client.get(reverse("workshops:workshop_feed", kwargs={"slug": workshop.slug}))
    atom = client.get(reverse("workshops:workshop_feed_atom", kwargs={"slug": workshop.slug}))
    return (
        sorted(item.findtext("title") for item in ET.fromstring(rss.content).iter("item")),
        sorted(
            e.findtext(f"{ATOM}title") for e in ET.fromstring(atom.content).iter(f"{ATOM}entry")
        ),
    )


def test_migration_creates_the_four_sections_and_reports_keep_the_programme_kicker():
    sections = {section.slug: section for section in Section.objects.all()}

    assert {"resoconto", "notizia", "annuncio", "approfondimento"} <= set(sections)
    assert sections["resoconto"].kicker_text == "Laboratori Lab'Impact"
    assert sections["notizia"].kicker_text == "Notizia"
    assert sections["approfondimento"].name == "Approfondimento"


def test_kicker_is_the_sections_a_report_keeps_laboratori_labimpact(client):
    report = ArticleFactory(section=Section.objects.get(slug="resoconto"))
    news = ArticleFactory(section=Section.objects.get(slug="notizia"))
    interview = ArticleFactory(
        section=SectionFactory(name="Intervista", slug="intervista", kicker="La voce dei territori")
    )

    assert _kicker(_article_page(client, report)) == "Laboratori Lab&#x27;Impact"
    assert _kicker(_article_page(client, news)) == "Notizia"
    assert "Laboratori Lab" not in _kicker(_article_page(client, news))
    assert _kicker(_article_page(client, interview)) == "La voce dei territori"


def test_article_without_section_keeps_the_old_kicker(client):
    article = ArticleFactory(section=None)

    assert _kicker(_article_page(client, article)) == "Laboratori Lab&#x27;Impact"


def test_article_about_a_whole_workshop_is_on_its_page_in_its_feeds_and_sidebar(client):
    workshop = WorkshopFactory(number=1, title="La mediazione interculturale")
    SessionFactory(workshop=workshop, title="Prima giornata")
    other = WorkshopFactory(number=2)
    article = ArticleFactory(
        title="Parte il primo Laboratorio Lab'Impact",
        section=Section.objects.get(slug="annuncio"),
        workshops=[workshop],
    )

    workshop_page = client.get(workshop.get_absolute_url()).content.decode()
    other_page = client.get(other.get_absolute_url()).content.decode()
    aside = _aside(_article_page(client, article))

    assert "Parte il primo Laboratorio Lab&#x27;Impact" in workshop_page
    assert "Parte il primo" not in other_page
    assert _feed_titles(client, workshop) == (["Parte il primo Laboratorio Lab'Impact"],) * 2
    assert _feed_titles(client, other) == ([], [])
    assert workshop.get_absolute_url() in aside
    assert "La mediazione interculturale" in aside


def test_article_on_two_sessions_is_on_both_session_and_workshop_pages_and_feeds(client):
    first = SessionFactory(title="Giornata di Lodi")
    second = SessionFactory(title="Giornata di Pavia")
    article = ArticleFactory(title="Due giornate, un territorio", sessions=[first, second])

    aside = _aside(_article_page(client, article))

    for session in (first, second):
        assert (
            "Due giornate, un territorio" in client.get(session.get_absolute_url()).content.decode()
        )
        workshop_page = client.get(session.workshop.get_absolute_url()).content.decode()
        assert workshop_page.count("Due giornate, un territorio") == 1
        assert _feed_titles(client, session.workshop) == (["Due giornate, un territorio"],) * 2
        assert session.get_absolute_url() in aside
        assert session.title in aside


def test_about_workshop_names_each_article_once_however_it_is_linked():
    workshop = WorkshopFactory()
    first, second = SessionFactory(workshop=workshop), SessionFactory(workshop=workshop)
    everywhere = ArticleFactory(workshops=[workshop], sessions=[first, second])
    report = ArticleFactory(session=first)
    ArticleFactory(session=SessionFactory())
    ArticleFactory()

    about = Article.objects.about_workshop(workshop)

    assert sorted(about.values_list("pk", flat=True)) == sorted([everywhere.pk, report.pk])
    assert list(Article.objects.about_session(second)) == [everywhere]


def test_report_of_a_draft_session_still_shows_on_the_workshop_page(client):
    hidden = SessionFactory(is_published=False, title="Giornata non ancora pubblicata")
    ArticleFactory(title="Resoconto anticipato", session=hidden)

    page = client.get(hidden.workshop.get_absolute_url()).content.decode()

    assert "Resoconto anticipato" in page
    assert "Giornata non ancora pubblicata" not in page


def test_drafts_stay_off_workshop_pages_and_feeds(client):
    workshop = WorkshopFactory()
    ArticleFactory(title="Annuncio in bozza", draft=True, workshops=[workshop])
    ArticleFactory(title="Annuncio programmato", scheduled=True, workshops=[workshop])

    page = client.get(workshop.get_absolute_url()).content.decode()

    assert "Annuncio in bozza" not in page
    assert "Annuncio programmato" not in page
    assert _feed_titles(client, workshop) == ([], [])


def test_sidebar_leaves_out_unpublished_workshops_and_sessions(client):
    hidden_workshop = WorkshopFactory(is_published=False, title="Laboratorio segreto")
    hidden_session = SessionFactory(is_published=False, title="Giornata segreta")
    article = ArticleFactory(workshops=[hidden_workshop], sessions=[hidden_session])

    content = _article_page(client, article)

    assert "Laboratorio segreto" not in content
    assert "Giornata segreta" not in content
    assert "<aside" not in content


def test_article_list_filtered_by_workshop_finds_articles_about_the_whole_workshop(client):
    workshop = WorkshopFactory()
    ArticleFactory(title="Sul laboratorio intero", workshops=[workshop])
    ArticleFactory(title="Su una sua giornata", session=SessionFactory(workshop=workshop))
    ArticleFactory(title="Su altro")

    page = client.get(reverse("workshops:article_list") + f"?workshop={workshop.slug}")
    content = page.content.decode()

    assert "Sul laboratorio intero" in content
    assert "Su una sua giornata" in content
    assert "Su altro" not in content


def test_card_names_the_workshop_of_an_article_about_a_whole_workshop(client):
    workshop = WorkshopFactory(number=7)
    ArticleFactory(workshops=[workshop])

    content = client.get(reverse("workshops:article_list")).content.decode()

    assert '<span class="category">7° laboratorio</span>' in content


def test_a_section_in_use_cannot_be_deleted():
    section = SectionFactory(name="Intervista", slug="intervista")
    ArticleFactory(section=section)

    with pytest.raises(ProtectedError):
        section.delete()


def test_source_is_shown_as_fonte_with_a_link(client):
    linked = ArticleFactory(
        source_name="Comune di Lodi", source_url="https://www.comune.lodi.it/notizie/lab"
    )
    named = ArticleFactory(source_name="ANCI Lombardia")
    plain = ArticleFactory()

    assert (
        'Fonte: <a href="https://www.comune.lodi.it/notizie/lab" rel="external noopener">'
        "Comune di Lodi</a>"
    ) in _article_page(client, linked)
    assert "Fonte: ANCI Lombardia" in _article_page(client, named)
    assert "Fonte:" not in _article_page(client, plain)


def test_source_url_without_a_name_is_refused_in_clean():
    article = ArticleFactory.build(source_url="https://www.comune.lodi.it/notizie/lab")

    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["slug", "section"])

    assert "source_name" in error.value.message_dict


def test_summary_is_the_standfirst_under_the_title(client):
    article = ArticleFactory(title="Un titolo", summary="Il sottotitolo dell'articolo.")

    content = _article_page(client, article)

    assert re.search(
        r'<h1 id="article-title">Un titolo</h1>\s*<p class="lead standfirst">'
        r"Il sottotitolo dell&#x27;articolo.</p>",
        content,
    )
    assert parse_page(content).meta["description"] == "Il sottotitolo dell'articolo."


def test_without_summary_no_standfirst_and_the_description_is_the_bodys_start(client):
    article = ArticleFactory(summary="", body="<p>Il 10 dicembre si è tenuta la giornata.</p>")

    content = _article_page(client, article)

    assert "standfirst" not in content
    assert parse_page(content).meta["description"] == "Il 10 dicembre si è tenuta la giornata."


def test_structured_data_names_the_section_and_the_original(client):
    article = ArticleFactory(
        section=Section.objects.get(slug="notizia"),
        source_name="Regione Lombardia",
        source_url="https://www.regione.lombardia.it/notizie/piano",
    )

    data = parse_page(_article_page(client, article)).json_ld[0]

    assert data["articleSection"] == "Notizia"
    assert data["isBasedOn"] == "https://www.regione.lombardia.it/notizie/piano"
