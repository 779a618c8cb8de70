"""Nothing unpublished shows anywhere public: every URL pattern is walked with hidden data."""

import datetime as dt
import io
import zipfile

import pytest
from django.utils import timezone

from networks.models import Actor
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    LinkFactory,
    MembershipFactory,
    NetworkFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TermFactory,
    TopicFactory,
    WorkshopFactory,
)
from tests.urlwalk import urls_to_visit
from workshops.registrations.services import check_in

# Every hidden object carries this mark in its title, name and slug.
SECRET = "riservatozq"

# Words the hidden objects share with public ones: a search for them must not find the
# hidden ones. (Searching the mark itself would only find it echoed in the search box.)
QUERIES = (
    "", "?q=bozza", "?q=programmato", "?q=giornata", "?q=cooperativa", "?q=coop", "?q=mario",
    "?topic=accoglienza", "?format=json",
    # The JSON API: every item of a list on one page, article bodies included.
    "?page_size=100&include=body", "?workshop=laboratorio-pubblico&page_size=100",
)  # fmt: skip

pytestmark = pytest.mark.django_db

REGISTRATION_FORM = "/iscrizione/"


def _hidden_world():
    topic = TopicFactory(name="Accoglienza", slug="accoglienza")
    workshop = WorkshopFactory(title="Laboratorio pubblico", slug="laboratorio-pubblico")
    public_session = SessionFactory(workshop=workshop, title="Giornata pubblica")
    public_session.topics.add(topic)
    public_speaker = SpeakerFactory(last_name="Pubblica", slug="relatrice-pubblica")
    SessionSpeakerFactory(session=public_session, speaker=public_speaker)
    named_in_article = SpeakerFactory(last_name="Citata", slug="persona-citata")
    ArticleFactory(
        title="Resoconto pubblico",
        session=public_session,
        topics=[topic],
        speakers=[named_in_article],
    )

    hidden_workshop = WorkshopFactory(
        title=f"Laboratorio {SECRET}", slug=f"lab-{SECRET}", is_published=False
    )
    hidden_workshop.topics.add(topic)
    in_hidden_workshop = SessionFactory(
        workshop=hidden_workshop, title=f"Giornata {SECRET} a", slug=f"giornata-{SECRET}-a"
    )
    in_hidden_workshop.topics.add(topic)
    hidden_session = SessionFactory(
        workshop=workshop,
        title=f"Giornata {SECRET} b",
        slug=f"giornata-{SECRET}-b",
        venue=f"Sala {SECRET}",
        is_published=False,
    )
    hidden_session.topics.add(topic)
    hidden_speaker = SpeakerFactory(
        first_name=SECRET.title(),
        last_name=SECRET.title(),
        slug=f"relatore-{SECRET}",
        is_published=False,
    )
    SessionSpeakerFactory(session=public_session, speaker=hidden_speaker)
    SessionSpeakerFactory(session=hidden_session, speaker=public_speaker)
    # Published, but named only by what is not public: a draft session, a session of a
    # draft workshop, a draft and a scheduled article. No page, no list entry, no search hit.
    unnamed_speaker = SpeakerFactory(
        first_name="Mario",
        last_name=SECRET.title(),
        slug=f"persona-{SECRET}-non-citata",
        organisation=f"Cooperativa {SECRET}",
    )
    SessionSpeakerFactory(session=hidden_session, speaker=unnamed_speaker)
    SessionSpeakerFactory(session=in_hidden_workshop, speaker=unnamed_speaker)
    ArticleFactory(
        title=f"Bozza {SECRET}",
        slug=f"bozza-{SECRET}",
        draft=True,
        topics=[topic],
        speakers=[unnamed_speaker, named_in_article],
    )
    ArticleFactory(
        title=f"Programmato {SECRET}",
        slug=f"programmato-{SECRET}",
        summary=f"Sintesi {SECRET}",
        published_at=timezone.now() + dt.timedelta(days=2),
        session=public_session,
        topics=[topic],
        speakers=[unnamed_speaker],
    )
    ArticleFactory(
        title=f"Resoconto di bozza {SECRET}",
        slug=f"resoconto-{SECRET}",
        draft=True,
        session=hidden_session,
    )
    # A draft glossary entry, seen by a public one and written as an acronym in a public text.
    hidden_term = TermFactory(
        term="ZQX",
        slug=f"voce-{SECRET}",
        kind="acronym",
        expansion=f"Sigla {SECRET}",
        definition=f"Definizione {SECRET}",
        aliases="COOP",
        is_published=False,
    )
    public_term = TermFactory(term="Accoglienza", slug="accoglienza-voce", topic=topic)
    public_term.related_terms.add(hidden_term)
    ArticleFactory(title="Resoconto con sigle", body="<p>La ZQX e la COOP.</p>")
    # Registrations are personal data: in every state, none of it is ever public.
    RegistrationSettingsFactory(session=public_session, capacity=40)
    for state in ("pending", "confirmed", "waiting", "refused", "cancelled"):
        RegistrationFactory(
            session=public_session,
            state=state,
            name=f"Iscritta {SECRET} {state}",
            email=f"{SECRET}.{state}@example.org",
            organisation=f"Ente {SECRET}",
            role=f"Ruolo {SECRET}",
            accessibility_needs=f"Esigenza {SECRET}",
            note=f"Nota {SECRET}",
        )


def _hidden_network():
    public_actor = ActorFactory(name="Cooperativa pubblica", slug="cooperativa-pubblica")
    other_public = ActorFactory(name="Comune pubblico", slug="comune-pubblico")
    public_network = NetworkFactory(name="Rete pubblica", slug="rete-pubblica", lead=public_actor)
    MembershipFactory(network=public_network, actor=public_actor)
    LinkFactory(source=public_actor, target=other_public)

    hidden_actor = ActorFactory(
        name=f"Cooperativa {SECRET}",
        slug=f"attore-{SECRET}",
        aliases=f"Coop {SECRET}",
        is_published=False,
    )
    person = ActorFactory(
        name=f"Mario {SECRET}",
        slug=f"persona-{SECRET}",
        kind=Actor.Kind.PERSON,
        municipality=f"Borgo {SECRET}",
    )
    hidden_network = NetworkFactory(
        name=f"Rete {SECRET}", slug=f"rete-{SECRET}", is_published=False, lead=public_actor
    )
    MembershipFactory(network=hidden_network, actor=public_actor)
    MembershipFactory(network=public_network, actor=hidden_actor)
    MembershipFactory(network=public_network, actor=person)
    LinkFactory(source=public_actor, target=hidden_actor, description=f"Legame {SECRET}")
    LinkFactory(source=person, target=public_actor, description="Aiuto nei compiti")
    # Attendance at the door: which actors met is public, at public sessions only; the
    # people present never are, nor a private person's presence.
    ago = timezone.now() - dt.timedelta(days=30)
    public_past = SessionFactory(title="Giornata passata pubblica", starts_at=ago)
    hidden_past = SessionFactory(title=f"Giornata {SECRET}", starts_at=ago, is_published=False)
    for session in (public_past, hidden_past):
        for actor in (public_actor, other_public, hidden_actor, person):
            check_in(
                registration=RegistrationFactory(
                    session=session,
                    actor_id=actor.pk,
                    name=f"Presente {SECRET}",
                    email=f"presente.{SECRET}.{actor.pk}.{session.pk}@example.org",
                    organisation=f"Ente {SECRET}",
                )
            )


def test_every_public_url_hides_unpublished_content(client):
    _hidden_world()
    _hidden_network()
    paths, missing = urls_to_visit()
    assert not missing, f"URL patterns with arguments the walk cannot fill: {missing}"
    assert len(paths) > 10
    # The API's lists are public URLs like the pages: walked with the same hidden data.
    assert {
        "/api/v1/articles",
        "/api/v1/speakers",
        "/api/v1/actors",
        "/api/v1/links",
        "/api/v1/encounters",
    } <= set(paths)
    assert {"/dati/labimpact-dati-aperti.zip", "/dati/catalogo.rdf"} <= set(paths)

    visited = 0
    for path in paths:
        for query in QUERIES:
            response = client.get(path + query)
            assert response.status_code < 500, path + query
            # The registration form alone sets one: its CSRF token (README, «Iscrizioni»).
            if not path.endswith(REGISTRATION_FORM):
                assert not response.cookies, f"{path}{query} sets a cookie for a public visitor"
            if response.status_code != 200 or not hasattr(response, "content"):
                continue
            body = _readable(response).lower()
            assert SECRET not in body, f"{path}{query} shows unpublished content"
            visited += 1

    assert visited > 10


def _readable(response):
    """The text of an answer; a ZIP (the open-data bundle) is read file by file."""
    if response.get("Content-Type") == "application/zip":
        archive = zipfile.ZipFile(io.BytesIO(response.content))
        return "\n".join(archive.read(name).decode() for name in archive.namelist())
    return response.content.decode("utf-8", errors="replace")


def test_speaker_named_only_by_a_published_article_has_a_page(client):
    _hidden_world()

    content = client.get("/relatori/persona-citata/").content.decode()

    assert "Citata" in content
    assert "Resoconto pubblico" in content
    assert SECRET not in content.lower()


def test_hidden_objects_answer_404_at_their_own_urls(client):
    _hidden_world()
    _hidden_network()
    paths, _ = urls_to_visit()

    hidden_paths = [path for path in paths if SECRET in path]

    assert hidden_paths
    for path in hidden_paths:
        assert client.get(path).status_code == 404, path
