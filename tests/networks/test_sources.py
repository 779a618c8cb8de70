"""A new link names its source; links recorded without one stay, listed as «da documentare»."""

import datetime as dt

import pytest
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from networks import services
from networks.models import Link
from tests.factories import ActorFactory, ArticleFactory, LinkFactory, SessionFactory

pytestmark = pytest.mark.django_db

SOURCE_ERROR = "Indicare la fonte del legame"
PDF = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _new_link(**fields):
    return Link(
        source=ActorFactory(),
        target=ActorFactory(),
        kind=Link.Kind.PARTNERSHIP,
        since=dt.date(2020, 1, 1),
        **fields,
    )


def test_a_new_link_without_a_source_is_refused():
    link = _new_link()

    with pytest.raises(ValidationError) as error:
        link.full_clean()

    assert SOURCE_ERROR in " ".join(error.value.message_dict[NON_FIELD_ERRORS])


@pytest.mark.parametrize("source", ["article", "session", "document_url", "document_file"])
def test_any_one_source_is_enough(source):
    fields = {
        "article": lambda: {"documented_by_article": ArticleFactory()},
        "session": lambda: {"documented_by_session": SessionFactory()},
        "document_url": lambda: {"document_url": "https://example.org/delibera.pdf"},
        "document_file": lambda: {"document_file": SimpleUploadedFile("delibera.pdf", PDF)},
    }[source]()
    link = _new_link(**fields)

    link.full_clean()
    link.save()

    assert Link.objects.documented().get() == link
    if source == "document_file":
        assert link.document_file.name.startswith("links/")
        assert "delibera" not in link.document_file.name


def test_an_uploaded_document_must_be_a_pdf():
    fake = SimpleUploadedFile("delibera.pdf", b"<html>not a pdf</html>")
    renamed = SimpleUploadedFile("delibera.exe", PDF)

    with pytest.raises(ValidationError) as error:
        _new_link(document_file=fake).full_clean()
    assert "non è un PDF" in str(error.value)
    with pytest.raises(ValidationError):
        _new_link(document_file=renamed).full_clean()


def test_an_undocumented_link_recorded_before_the_rule_stays_valid_and_editable():
    legacy = LinkFactory(since=None)

    legacy.description = "Data e fonte da cercare."
    legacy.full_clean()
    legacy.save()

    assert list(Link.objects.undocumented()) == [legacy]
    assert list(Link.objects.undated()) == [legacy]


def test_a_documented_link_may_not_lose_its_source():
    link = LinkFactory(document_url="https://example.org/accordo.pdf")

    link.document_url = ""
    with pytest.raises(ValidationError) as error:
        link.full_clean()

    assert SOURCE_ERROR in str(error.value)


def test_services_save_and_document_links_through_the_rule(editor):
    link = _new_link()
    with pytest.raises(ValidationError):
        services.link_save(link=link, user=editor)
    assert not Link.objects.exists()

    legacy = LinkFactory()
    article = ArticleFactory()
    services.link_document(link=legacy, user=editor, article=article)

    legacy.refresh_from_db()
    assert legacy.documented_by_article == article
    assert not Link.objects.undocumented().exists()


def test_load_demo_documents_its_new_links_and_keeps_four_to_document():
    call_command("load_demo")

    undocumented = Link.objects.undocumented()
    assert undocumented.count() == 4
    assert Link.objects.documented().count() == 9
    assert {link.source.slug for link in undocumented} == {
        "regione-lombardia",
        "ancilab",
        "comune-di-milano",
    }


# The admin: its form, the actor's inline, the list with its filter, count and action.


def test_admin_add_form_asks_for_a_source(editor_client):
    a, b = ActorFactory(), ActorFactory()
    url = reverse("admin:networks_link_add")
    data = {"source": a.pk, "target": b.pk, "kind": "partnership", "since": "2020-01-01"}

    refused = editor_client.post(url, data)
    assert refused.status_code == 200
    assert SOURCE_ERROR in refused.content.decode()
    assert not Link.objects.exists()

    upload = SimpleUploadedFile("accordo.pdf", PDF, content_type="application/pdf")
    accepted = editor_client.post(url, {**data, "document_file": upload})
    assert accepted.status_code == 302
    assert Link.objects.get().document_file


def _inline_data(actor, links, extra_rows=()):
    """The actor's change form as posted: every field, the outgoing links' inline rows."""
    data = {
        "name": actor.name,
        "slug": actor.slug,
        "kind": actor.kind,
        "aliases": "",
        "description": "",
        "municipality": actor.municipality,
        "province": actor.province,
        "ambito": "",
        "website": "",
        "is_published": "on",
        "version": actor.version,
        "memberships-TOTAL_FORMS": 0,
        "memberships-INITIAL_FORMS": 0,
    }
    rows = [
        {
            "id": link.pk,
            "source": actor.pk,
            "target": link.target_id,
            "kind": link.kind,
            "since": link.since.isoformat() if link.since else "",
            "description": link.description,
            "version": link.version,
            "document_url": link.document_url,
        }
        for link in links
    ] + list(extra_rows)
    data["outgoing_links-TOTAL_FORMS"] = len(rows)
    data["outgoing_links-INITIAL_FORMS"] = len(links)
    for index, row in enumerate(rows):
        for name, value in row.items():
            data[f"outgoing_links-{index}-{name}"] = value
    return data


def test_actor_inline_keeps_legacy_links_and_refuses_a_new_one_without_source(editor_client):
    actor = ActorFactory()
    legacy = LinkFactory(source=actor, since=None)
    url = reverse("admin:networks_actor_change", args=[actor.pk])
    new_row = {"source": actor.pk, "target": ActorFactory().pk, "kind": "funding"}

    refused = editor_client.post(url, _inline_data(actor, [legacy], [new_row]))
    assert refused.status_code == 200
    assert SOURCE_ERROR in refused.content.decode()
    assert Link.objects.count() == 1

    documented = {**new_row, "document_url": "https://example.org/bando.pdf"}
    accepted = editor_client.post(url, _inline_data(actor, [legacy], [documented]))
    assert accepted.status_code == 302, accepted.content.decode()[:2000]
    assert Link.objects.count() == 2
    assert list(Link.objects.undocumented()) == [legacy]


def test_changelist_counts_and_filters_the_links_to_document(editor_client):
    legacy = LinkFactory()
    documented = LinkFactory(document_url="https://example.org/accordo.pdf")
    url = reverse("admin:networks_link_changelist")

    page = editor_client.get(url).content.decode()
    assert "1 legame da documentare: manca la fonte." in page
    assert "?fonte=da-documentare" in page

    filtered = editor_client.get(url, {"fonte": "da-documentare"})
    assert list(filtered.context["cl"].result_list) == [legacy]
    assert "<strong>da documentare</strong>" in filtered.content.decode()
    done = editor_client.get(url, {"fonte": "documentati"})
    assert list(done.context["cl"].result_list) == [documented]
    undated = editor_client.get(url, {"data": "non-nota"})
    assert list(undated.context["cl"].result_list) == []

    LinkFactory()
    assert "2 legami da documentare" in editor_client.get(url).content.decode()
    Link.objects.undocumented().delete()
    assert "Tutti i legami indicano la loro fonte." in editor_client.get(url).content.decode()


def test_bulk_action_gives_the_selected_links_a_source(editor_client, editor):
    first, second = LinkFactory(), LinkFactory(since=None)
    other = LinkFactory()
    session = SessionFactory()
    url = reverse("admin:networks_link_changelist")
    selection = {"action": "document_links", "_selected_action": [first.pk, second.pk]}

    form_page = editor_client.post(url, selection)
    assert form_page.status_code == 200
    assert "Indica la fonte dei legami" in form_page.content.decode()

    empty = editor_client.post(url, {**selection, "apply": "1"})
    assert "Indicare almeno una fonte" in empty.content.decode()
    assert Link.objects.undocumented().count() == 3

    done = editor_client.post(
        url, {**selection, "apply": "1", "documented_by_session": session.pk}, follow=True
    )
    assert "2 legami hanno ora la loro fonte." in done.content.decode()
    assert list(Link.objects.undocumented()) == [other]
    assert set(session.documented_links.all()) == {first, second}


def test_publish_action_on_an_actor_with_legacy_links_still_works(editor_client):
    actor = ActorFactory(is_published=False)
    LinkFactory(source=actor)

    editor_client.post(
        reverse("admin:networks_actor_changelist"),
        {"action": "publish", "_selected_action": [actor.pk]},
    )

    actor.refresh_from_db()
    assert actor.is_published


def test_actor_admin_marks_incoming_links_to_document(admin_client):
    actor = ActorFactory()
    LinkFactory(target=actor)

    page = admin_client.get(reverse("admin:networks_actor_change", args=[actor.pk]))

    assert "<strong>da documentare</strong>" in page.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_link_changelist_query_count_is_fixed(editor_client, django_assert_num_queries, count):
    article, session = ArticleFactory(), SessionFactory()
    for index in range(count):
        LinkFactory(documented_by_article=article if index else None)
        LinkFactory(documented_by_session=session, since=None)
    editor_client.get(reverse("admin:networks_link_changelist"))  # session, user, permissions

    # The list, its count, the count «da documentare» and the filters: never one per row.
    with django_assert_num_queries(LINK_CHANGELIST_QUERIES):
        response = editor_client.get(reverse("admin:networks_link_changelist"))

    assert response.status_code == 200
    assert session.title in response.content.decode()


LINK_CHANGELIST_QUERIES = 12


def test_admin_filters_ignore_unknown_values(editor_client):
    LinkFactory()
    url = reverse("admin:networks_link_changelist")

    for query in ({"fonte": "zzz"}, {"data": "<script>"}, {"fonte": ""}):
        response = editor_client.get(url, query)
        assert response.status_code in {200, 302}
