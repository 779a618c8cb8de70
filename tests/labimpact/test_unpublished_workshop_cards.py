"""A published report of a session in an unpublished workshop never names that workshop.

``Article.published()`` looks at the article alone, so such a report is public; its card,
feeds, calendar files, search results and structured data must not give away the
workshop's number or title. Editors who see drafts listed in a public page get it private.
"""

import pytest
from django.urls import reverse
from django.utils import translation

from tests.factories import (
    ActorFactory,
    ArticleFactory,
    LinkFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
)
from tests.urlwalk import urls_to_visit

pytestmark = pytest.mark.django_db

HIDDEN_NUMBER = 97
HIDDEN_TITLE = "riservatozq"
GIVEAWAYS = (f"{HIDDEN_NUMBER}° laboratorio", f"Workshop {HIDDEN_NUMBER}", HIDDEN_TITLE)


@pytest.fixture
def report_of_hidden_workshop():
    topic = TopicFactory(name="Accoglienza", slug="accoglienza")
    speaker = SpeakerFactory(last_name="Pubblica", slug="relatrice-pubblica")
    public_session = SessionFactory(workshop=WorkshopFactory(number=3), title="Giornata aperta")
    public_session.topics.add(topic)
    SessionSpeakerFactory(session=public_session, speaker=speaker)
    ArticleFactory(title="Resoconto del terzo", session=public_session, topics=[topic])

    hidden = WorkshopFactory(
        number=HIDDEN_NUMBER,
        title=f"Laboratorio {HIDDEN_TITLE}",
        slug=f"lab-{HIDDEN_TITLE}",
        is_published=False,
    )
    # Published itself, but not public: its workshop is not.
    session = SessionFactory(workshop=hidden, title="Giornata chiusa", is_published=True)
    session.topics.add(topic)
    SessionSpeakerFactory(session=session, speaker=speaker)
    report = ArticleFactory(
        title="Resoconto orfano",
        slug="resoconto-orfano",
        summary="Una giornata su accoglienza e reti.",
        session=session,
        topics=[topic],
    )
    # The network's pages and exports cite the report and the session too.
    actor = ActorFactory(name="Cooperativa citata", slug="cooperativa-citata")
    actor.mentioned_in.add(report)
    LinkFactory(
        source=actor,
        target=ActorFactory(slug="comune-citato"),
        documented_by_article=report,
        documented_by_session=session,
    )
    return report


def test_no_public_page_names_the_workshop_of_a_public_report(client, report_of_hidden_workshop):
    paths, missing = urls_to_visit()
    assert not missing
    seen_report = 0

    search_paths = {reverse("workshops:search")}
    with translation.override("en"):
        search_paths.add(reverse("workshops:search"))
    for path in paths:
        queries = ("", "?q=resoconto", "?q=accoglienza") if path in search_paths else ("",)
        for query in queries:
            response = client.get(path + query)
            if response.status_code != 200 or not hasattr(response, "content"):
                continue
            body = response.content.decode("utf-8", errors="replace")
            for giveaway in GIVEAWAYS:
                assert giveaway not in body, f"{path}{query} shows {giveaway!r}"
            seen_report += "Resoconto orfano" in body

    # The report itself stays public: on the home page, the list, search, topic, feeds…
    assert seen_report > 10


@pytest.mark.parametrize("language", ["it", "en"])
def test_report_cards_name_only_public_workshops(client, report_of_hidden_workshop, language):
    prefix = "/en" if language == "en" else ""

    body = client.get(f"{prefix}/articoli/").content.decode()

    third = "3° laboratorio" if language == "it" else "Workshop 3"
    assert third in body
    assert "Resoconto orfano" in body
    for giveaway in GIVEAWAYS:
        assert giveaway not in body


def test_editor_sees_draft_sessions_in_a_workshop_page_privately(client, editor_client):
    workshop = WorkshopFactory(slug="laboratorio-aperto")
    SessionFactory(workshop=workshop, title="Giornata pubblicata")
    SessionFactory(workshop=workshop, title="Giornata in bozza", is_published=False)
    url = reverse("workshops:workshop_detail", kwargs={"slug": workshop.slug})

    response = editor_client.get(url)

    assert "Giornata in bozza" in response.content.decode()
    cache_control = response["Cache-Control"]
    assert "private" in cache_control
    assert "no-cache" in cache_control


def test_visitors_get_the_same_workshop_page_without_drafts_and_cacheable(client):
    workshop = WorkshopFactory(slug="laboratorio-aperto")
    SessionFactory(workshop=workshop, title="Giornata pubblicata")
    SessionFactory(workshop=workshop, title="Giornata in bozza", is_published=False)

    response = client.get(reverse("workshops:workshop_detail", kwargs={"slug": workshop.slug}))

    body = response.content.decode()
    assert "Giornata pubblicata" in body
    assert "Giornata in bozza" not in body
    assert "private" not in response.get("Cache-Control", "")
