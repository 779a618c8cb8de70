import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image

from tests.factories import (
    ArticleFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
)
from tests.worlds import page_text

pytestmark = pytest.mark.django_db


def test_home_shows_next_sessions_latest_reports_and_topics(client):
    session = SessionFactory(title="Le reti degli Ambiti")
    ArticleFactory(title="Resoconto pubblicato")
    ArticleFactory(title="Bozza segreta", draft=True)
    TopicFactory(name="Coprogettazione")

    response = client.get("/")

    content = response.content.decode()
    assert response.status_code == 200
    assert session.title in content
    assert "Resoconto pubblicato" in content
    assert "Coprogettazione" in content
    assert "Bozza segreta" not in content
    assert not response.cookies, "a public visitor must not receive cookies"


def test_page_frame_has_accessibility_privacy_and_fami_line(client):
    response = client.get("/")

    content = response.content.decode()
    assert 'lang="it"' in content
    assert reverse("workshops:accessibility") in content
    assert reverse("workshops:privacy") in content
    assert "Fondo Asilo, Migrazione e Integrazione (FAMI)" in content
    assert "Argomenti" in content


@pytest.mark.parametrize("url", ["/accessibilita/", "/privacy/"])
def test_required_pages_exist_and_are_editable_content(client, url):
    response = client.get(url)

    assert response.status_code == 200
    assert "<h1>" in response.content.decode()


def test_article_detail_shows_what_the_seed_page_shows(client):
    workshop = WorkshopFactory(number=3, title="Le reti locali")
    session = SessionFactory(workshop=workshop, number=4, title="La coesione territoriale")
    SessionSpeakerFactory(
        session=session,
        speaker=SpeakerFactory(first_name="Nicola", last_name="Grigion", honorific="dott."),
    )
    article = ArticleFactory(
        title="Le reti locali (4° giornata)",
        published_at=dt.datetime(2020, 12, 18, 12, tzinfo=dt.UTC),
        session=session,
    )

    response = client.get(article.get_absolute_url())

    content = response.content.decode()
    assert "Laboratori Lab&#x27;Impact" in content or "Laboratori Lab'Impact" in content
    assert "Pubblicato 18 dicembre 2020" in content
    assert "di Federica Parenti" in content
    assert "Il testo del resoconto." in content
    assert "Non sono presenti aree di interesse" in content
    assert "4° giornata" in content
    assert "dott. Nicola Grigion" in content


def test_article_detail_lists_its_topics(client):
    article = ArticleFactory(topics=[TopicFactory(name="QuBì")])

    content = client.get(article.get_absolute_url()).content.decode()

    assert "QuBì" in content
    assert "Non sono presenti aree di interesse" not in content


@pytest.mark.parametrize("trait", ["draft", "scheduled"])
def test_unpublished_article_is_404_for_the_public(client, trait):
    article = ArticleFactory(**{trait: True}, title="Non ancora")

    assert client.get(article.get_absolute_url()).status_code == 404
    assert "Non ancora" not in client.get(reverse("workshops:article_list")).content.decode()
    assert "Non ancora" not in client.get("/").content.decode()
    assert "Non ancora" not in client.get("/cerca/?q=ancora").content.decode()


def test_editor_previews_a_draft_marked_as_draft(editor_client):
    article = ArticleFactory(draft=True, title="Bozza in lavorazione")

    response = editor_client.get(article.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Anteprima di una bozza" in content
    assert "no-cache" in response["Cache-Control"]


def test_article_list_filters_by_topic_workshop_and_year(client):
    topic = TopicFactory(slug="sai")
    session = SessionFactory()
    ArticleFactory(title="Con tema", topics=[topic])
    ArticleFactory(title="Del laboratorio", session=session)
    ArticleFactory(title="Vecchio", published_at=dt.datetime(2019, 5, 1, tzinfo=dt.UTC))

    by_topic = client.get("/articoli/?topic=sai").content.decode()
    by_workshop = client.get(f"/articoli/?workshop={session.workshop.slug}").content.decode()
    by_year = client.get("/articoli/?year=2019").content.decode()

    assert "Con tema" in by_topic
    assert "Vecchio" not in by_topic
    assert "Del laboratorio" in by_workshop
    assert "Con tema" not in by_workshop
    assert "Vecchio" in by_year
    assert "Con tema" not in by_year


def test_article_list_explains_bad_filters_instead_of_failing(client):
    ArticleFactory(title="Resoconto")

    response = client.get("/articoli/?year=abc&topic=%00zzz&workshop=nessuno")

    assert response.status_code == 200
    assert "non sono validi" in response.content.decode()


@pytest.mark.parametrize("page", ["abc", "-1", "0", str(10**20), "99"])
def test_bad_page_numbers_are_404(client, page):
    ArticleFactory()

    assert client.get(f"/articoli/?page={page}").status_code == 404


def test_pagination_keeps_the_filters(client):
    topic = TopicFactory(slug="coprogettazione")
    for _ in range(12):
        ArticleFactory(topics=[topic])

    content = client.get("/articoli/?topic=coprogettazione").content.decode()

    assert "?topic=coprogettazione&amp;page=2" in content


def test_workshop_page_lists_sessions_in_order_with_reports(client):
    workshop = WorkshopFactory()
    second = SessionFactory(workshop=workshop, number=2, title="Seconda giornata")
    SessionFactory(workshop=workshop, number=1, title="Prima giornata")
    SessionFactory(workshop=workshop, number=3, title="Giornata nascosta", is_published=False)
    ArticleFactory(session=second, title="Il resoconto della seconda")

    content = client.get(workshop.get_absolute_url()).content.decode()

    assert content.index("Prima giornata") < content.index("Seconda giornata")
    assert "Il resoconto della seconda" in content
    assert "Giornata nascosta" not in content


def test_unpublished_workshop_is_404(client):
    workshop = WorkshopFactory(is_published=False)

    assert client.get(workshop.get_absolute_url()).status_code == 404
    assert client.get(SessionFactory(workshop=workshop).get_absolute_url()).status_code == 404


def test_session_page_shows_italian_date_place_and_speakers(client):
    start = dt.datetime(2020, 12, 10, 9, 30, tzinfo=ZoneInfo("Europe/Rome"))
    session = SessionFactory(
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3, minutes=30),
        venue="Sala Consiglio",
        online_url="https://meet.example.org/x",
        is_cancelled=True,
    )
    SessionSpeakerFactory(
        session=session, speaker=SpeakerFactory(first_name="Pasquale", last_name="Nunziata")
    )

    content = client.get(session.get_absolute_url()).content.decode()

    assert "giovedì 10 dicembre 2020" in content
    assert "dalle 09:30 alle 13:00" in content
    assert "Sala Consiglio" in content
    # Past and cancelled: the join link is nowhere on the page, structured data included.
    assert "https://meet.example.org/x" not in content
    assert "Pasquale" in content
    assert "annullata" in content


def test_session_page_needs_the_right_workshop(client):
    session = SessionFactory()
    other = WorkshopFactory()

    url = reverse(
        "workshops:session_detail", kwargs={"workshop_slug": other.slug, "slug": session.slug}
    )

    assert client.get(url).status_code == 404


def test_speaker_page_gathers_sessions_across_workshops(client):
    speaker = SpeakerFactory(role="Consulente e formatore " * 12)
    first = SessionFactory(title="Giornata del primo laboratorio")
    second = SessionFactory(title="Giornata del secondo laboratorio")
    hidden = SessionFactory(title="Giornata non pubblicata", is_published=False)
    for session in (first, second, hidden):
        SessionSpeakerFactory(session=session, speaker=speaker)
    ArticleFactory(session=first, title="Resoconto con il relatore")

    content = client.get(speaker.get_absolute_url()).content.decode()

    assert "Giornata del primo laboratorio" in content
    assert "Giornata del secondo laboratorio" in content
    assert "Giornata non pubblicata" not in content
    assert "Resoconto con il relatore" in content


def test_unpublished_speaker_is_hidden(client):
    speaker = SpeakerFactory(is_published=False, last_name="Nascosto")
    SessionSpeakerFactory(speaker=speaker)

    assert client.get(speaker.get_absolute_url()).status_code == 404
    assert "Nascosto" not in client.get(reverse("workshops:speaker_list")).content.decode()
    assert "Nascosto" not in client.get("/").content.decode()


def test_topic_pages(client):
    topic = TopicFactory(name="SAI", aliases="SIPROIMI\nSPRAR")
    session = SessionFactory(title="Giornata sul SAI")
    session.topics.add(topic)
    ArticleFactory(title="Resoconto sul SAI", topics=[topic])

    listing = client.get(reverse("workshops:topic_list")).content.decode()
    detail = client.get(topic.get_absolute_url()).content.decode()

    assert "Argomenti" in listing
    assert "SAI" in listing
    assert "SPRAR" in listing
    assert "Giornata sul SAI" in detail
    assert "Resoconto sul SAI" in detail


def test_search_finds_content_through_a_former_topic_name(client):
    topic = TopicFactory(name="SAI", aliases="SIPROIMI\nSPRAR")
    ArticleFactory(title="Accoglienza e territorio", topics=[topic])
    ArticleFactory(title="Altro argomento")

    content = client.get("/cerca/?q=SPRAR").content.decode()

    assert "Accoglienza e territorio" in content
    assert "Altro argomento" not in content


def test_search_covers_sessions_and_speakers(client):
    SessionFactory(title="Patto per la Città")
    ArticleFactory(speakers=[SpeakerFactory(last_name="Grigion")])

    assert "Patto per la Città" in page_text(client.get("/cerca/?q=patto"))
    assert "Grigion" in page_text(client.get("/cerca/?q=grigion"))


@pytest.mark.parametrize("query", ["x" * 10_000, "a\x00b"])
def test_search_explains_bad_queries(client, query):
    response = client.get("/cerca/", {"q": query})

    assert response.status_code == 400
    assert "alert" in response.content.decode() or "invalid-feedback" in response.content.decode()


@pytest.mark.parametrize("query", ["' OR 1=1 --", "città 🏙️ \u202e", "%_%"])
def test_search_handles_odd_text(client, query):
    assert client.get("/cerca/", {"q": query}).status_code == 200


@pytest.mark.parametrize(
    "url",
    ["/articoli/nessuno/", "/laboratori/nessuno/", "/laboratori/a/b/", "/relatori/x/", "/temi/x/"],
)
def test_unknown_slugs_are_404_in_the_site_design(client, url):
    response = client.get(url)

    assert response.status_code == 404
    assert "Pagina non trovata" in response.content.decode()


def test_speaker_photo_carries_the_speaker_name_as_alt_on_every_page(client):
    speaker = SpeakerFactory(first_name="Nicola", last_name="Grigion")
    speaker.photo.save("foto.png", ContentFile(_png()))
    session = SessionSpeakerFactory(speaker=speaker).session

    for url in [
        reverse("workshops:speaker_list"),
        speaker.get_absolute_url(),
        session.get_absolute_url(),
    ]:
        assert 'alt="Foto di Nicola Grigion"' in client.get(url).content.decode(), url


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (120, 120), (0, 102, 204)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_editor_html_on_the_required_pages_is_sanitised(client):
    from workshops.models import Page

    page = Page.objects.get(kind=Page.Kind.PRIVACY)
    page.body = '<h2>Titolare</h2><p onclick="x()">Testo<script>alert(1)</script></p>'
    page.save()

    content = client.get("/privacy/").content.decode()

    assert "<h2>Titolare</h2>" in content
    assert "alert(1)" not in content
    assert "onclick" not in content
