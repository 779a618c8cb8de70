"""Every admin action changes what the public sees at once, on every surface.

The actions are read from the admin itself (every registered ModelAdmin, every
action), so a new action without a case here fails the test. Each runs through the
changelist form as an editor, with the page cache on, between two anonymous visits of
the object's page, the article feed, the calendar, the graph and every export.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import User
from django.test import Client, RequestFactory

from tests.factories import (
    ActorFactory,
    ArticleFactory,
    LinkFactory,
    MembershipFactory,
    NetworkFactory,
    RegistrationFactory,
    RegistrationSettingsFactory,
    SectionFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TermFactory,
    TopicFactory,
    WorkshopFactory,
)

pytestmark = pytest.mark.django_db

SURFACES = [
    "/feed/articoli/",
    "/calendario.ics",
    "/rete/grafo.json",
    "/rete/export/attori.csv",
    "/rete/export/legami.csv",
    "/rete/export/rete.gexf",
    "/rete/export/rete.graphml",
    "/rete/reti/",
]
GRAPH = [
    "/rete/grafo.json",
    "/rete/export/legami.csv",
    "/rete/export/rete.gexf",
    "/rete/export/rete.graphml",
]

# Models whose rows never reach a public page: their actions are not the editors' either.
NOT_PUBLIC = {
    "auth.user",
    "auth.group",
    "axes.accessattempt",
    "axes.accessfailurelog",
    "axes.accesslog",
}


def _world():
    """Published content where every marker shows, and the objects that carry them."""
    topic = TopicFactory(name="TemaMarcatore")
    workshop = WorkshopFactory(title="LaboratorioMarcatore")
    session = SessionFactory(workshop=workshop, title="GiornataMarcatore")
    speaker = SpeakerFactory(first_name="Relatrice", last_name="Marcatore")
    SessionSpeakerFactory(session=session, speaker=speaker)
    article = ArticleFactory(title="ArticoloMarcatore", session=session, topics=[topic])
    actor = ActorFactory(name="AttoreMarcatore")
    link = LinkFactory(
        source=actor,
        target=ActorFactory(name="Altro attore"),
        description="LegameMarcatore",
        documented_by_article=article,
    )
    network = NetworkFactory(name="ReteMarcatore")
    MembershipFactory(network=network, actor=actor)
    # A section in use cannot be deleted (its articles keep it): this one is unused.
    section = SectionFactory(name="SezioneMarcatore", slug="sezione-marcatore")
    term = TermFactory(term="VOCEMARCATORE", kind="acronym", expansion="Sigla sciolta marcatore")
    article.body = "<p>La VOCEMARCATORE nel testo.</p>"
    article.save()
    # Registrations: the marker is the count of places on the session page, never a name.
    registration_settings = RegistrationSettingsFactory(session=session, capacity=40)
    registration = RegistrationFactory(session=session)
    places = "Posti disponibili: 39 di 40"
    not_yet_open = SessionFactory(workshop=workshop, title="GiornataSenzaIscrizioni")
    return {
        "workshops.topic": (topic, "TemaMarcatore", ["/feed/articoli/"]),
        "workshops.workshop": (workshop, "LaboratorioMarcatore", ["/calendario.ics"]),
        "workshops.session": (session, "GiornataMarcatore", ["/calendario.ics"]),
        "workshops.speaker": (speaker, "Relatrice Marcatore", [session.get_absolute_url()]),
        "workshops.article": (article, "ArticoloMarcatore", ["/feed/articoli/", *GRAPH]),
        "networks.actor": (
            actor,
            "AttoreMarcatore",
            ["/rete/export/attori.csv", *GRAPH, link.target.get_absolute_url()],
        ),
        "networks.network": (network, "ReteMarcatore", ["/rete/reti/"]),
        "workshops.section": (section, "SezioneMarcatore", []),
        # The glossary page, and the article whose text the entry explains.
        "workshops.term": (
            term,
            "Sigla sciolta marcatore",
            ["/glossario/", article.get_absolute_url()],
        ),
        "networks.link": (link, "LegameMarcatore", [*GRAPH, actor.get_absolute_url()]),
        "workshops.registrationsettings": (
            registration_settings,
            places,
            [session.get_absolute_url()],
        ),
        "workshops.registration": (registration, places, [session.get_absolute_url()]),
        # An action whose effect shows on the workshop's sessions, not on the workshop.
        "workshops.workshop:open_registration": (
            workshop,
            "Posti disponibili: 30 di 30",
            [not_yet_open.get_absolute_url()],
        ),
    }


# What each action does to what the public sees.
SHOWS, HIDES, DOCUMENTS, OPENS = "shows", "hides", "documents", "opens"
EFFECTS = {
    "publish": SHOWS,
    "unpublish": HIDES,
    "delete_selected": HIDES,
    # Gives links a source: their «da documentare» mark goes from every page at once.
    "document_links": DOCUMENTS,
    # The places show on every session of the workshop at once.
    "open_registration": OPENS,
    # The place freed shows in the count on the session page at once.
    "cancel_selected": HIDES,
}
# What the actions that ask something first are given.
ACTION_DATA = {
    "open_registration": {
        "apply": "1",
        "capacity": "30",
        "per_organisation_limit": "2",
        "has_waiting_list": "on",
    },
}
UNDOCUMENTED = "da documentare"


def _unpublish(obj):
    if hasattr(obj, "status"):
        obj.status, obj.published_at = obj.Status.DRAFT, None
    else:
        obj.is_published = False
    obj.save()


def _registered_actions():
    request = RequestFactory().get("/admin/")
    request.user = User(is_superuser=True, is_active=True, is_staff=True)
    return sorted(
        (model._meta.label_lower, name)
        for model, model_admin in admin.site._registry.items()
        for name in model_admin.get_actions(request)
    )


def _editor_may_open(editor, label):
    request = RequestFactory().get("/admin/")
    request.user = editor
    model_admin = next(a for m, a in admin.site._registry.items() if m._meta.label_lower == label)
    return model_admin.has_view_or_change_permission(request)


def _visit(client, urls):
    return {url: (client.get(url).status_code, client.get(url).content.decode()) for url in urls}


@pytest.mark.parametrize(("label", "action"), _registered_actions())
def test_admin_action_changes_every_public_surface_at_once(
    editor_client, editor, page_cache, label, action
):
    if label in NOT_PUBLIC:
        assert not _editor_may_open(editor, label)  # not the editors' to run
        return
    world = _world()
    assert label in world, f"no public surfaces known for {label}: add them to _world()"
    assert action in EFFECTS, f"no expected effect known for the action {action}: add it"
    obj, marker, own_surfaces = world.get(f"{label}:{action}", world[label])
    effect = EFFECTS[action]
    if effect == SHOWS:
        _unpublish(obj)
    extra = ACTION_DATA.get(action, {})
    if effect == DOCUMENTS:
        # An undocumented link of before the rule: saved as it was, without clean().
        obj.documented_by_article = obj.documented_by_session = None
        obj.document_url = ""
        obj.save()
        extra = {"apply": "1", "document_url": "https://www.example.org/delibera.pdf"}
        marker = UNDOCUMENTED
        actor_page = own_surfaces[-1]  # the actor's page lists its links with their mark
    page = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
    if effect == OPENS:
        page = None  # the workshop's own page shows no places
    surfaces = [*SURFACES, *own_surfaces, *([page] if page else [])]
    watched = [*own_surfaces, *([page] if page else [])]
    visitor = Client()  # anonymous: served from the page cache when it can be

    before = _visit(visitor, surfaces)
    opts = obj._meta
    response = editor_client.post(
        f"/admin/{opts.app_label}/{opts.model_name}/",
        {"action": action, "_selected_action": [obj.pk], "post": "yes", **extra},
    )
    after = _visit(visitor, surfaces)

    assert response.status_code == 302, response.content.decode()[:2000]
    assert all(status < 500 for status, _ in [*before.values(), *after.values()])
    for url in watched:
        shown_before, shown_after = marker in before[url][1], marker in after[url][1]
        if effect in (SHOWS, OPENS):
            assert (shown_before, shown_after) == (False, True), (url, action)
        elif effect == DOCUMENTS:
            if url == actor_page:
                assert (shown_before, shown_after) == (True, False), (url, action)
        else:
            assert (shown_before, shown_after) == (True, False), (url, action)
