import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from networks.models import Actor, Link
from tests.factories import ActorFactory, ArticleFactory, LinkFactory, MembershipFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["actor", "network", "link"])
def test_admin_changelists_and_forms_open(admin_client, model):
    link = LinkFactory()
    membership = MembershipFactory(actor=link.source)
    objects = {"actor": link.source, "network": membership.network, "link": link}

    assert admin_client.get(reverse(f"admin:networks_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:networks_{model}_add")).status_code == 200
    change = reverse(f"admin:networks_{model}_change", args=[objects[model].pk])
    assert admin_client.get(change).status_code == 200


def test_actor_admin_has_outgoing_links_inline_and_autocomplete(admin_client):
    actor = ActorFactory()

    content = admin_client.get(reverse("admin:networks_actor_change", args=[actor.pk])).content
    text = content.decode()

    assert "outgoing_links-TOTAL_FORMS" in text
    assert "memberships-TOTAL_FORMS" in text
    assert "admin-autocomplete" in text


def test_actor_autocomplete_finds_other_spellings(admin_client):
    ActorFactory(name="ANCILab", aliases="AnciLab")

    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"term": "AnciLab", "app_label": "networks", "model_name": "link", "field_name": "target"},
    )

    assert [r["text"] for r in response.json()["results"]] == ["ANCILab"]


def test_editors_may_manage_the_network(editor_client, editor):
    group = Group.objects.get(name="Editors")
    codenames = set(group.permissions.values_list("codename", flat=True))

    for model in ("actor", "network", "membership", "link"):
        for action in ("add", "change", "delete", "view"):
            assert f"{action}_{model}" in codenames
    assert editor_client.get(reverse("admin:networks_actor_add")).status_code == 200


def test_editor_adds_a_link_and_the_admin_refuses_a_self_link(editor_client):
    a, b = ActorFactory(), ActorFactory()
    url = reverse("admin:networks_link_add")
    data = {"source": a.pk, "target": a.pk, "kind": "partnership", "since": "2020-01-01"}

    refused = editor_client.post(url, data)
    assert refused.status_code == 200
    assert "non può essere legato a sé stesso" in refused.content.decode()

    accepted = editor_client.post(
        url, {**data, "target": b.pk, "document_url": "https://example.org/accordo.pdf"}
    )
    assert accepted.status_code == 302
    assert Link.objects.get().target == b


def test_article_admin_suggests_named_actors_and_links_the_confirmed_ones(editor_client):
    ancilab = ActorFactory(name="ANCILab", aliases="AnciLab")
    cariplo = ActorFactory(name="Fondazione Cariplo")
    ActorFactory(name="QuBì", is_published=False)
    article = ArticleFactory(body="<p>AnciLab e fondazione Cariplo con QuBì.</p>")
    url = reverse("admin:workshops_article_change", args=[article.pk])

    page = editor_client.get(url).content.decode()
    assert "Attori citati" in page
    assert "ANCILab" in page
    assert "Fondazione Cariplo" in page
    assert "QuBì (" not in page

    form = editor_client.get(url).context["adminform"].form
    data = {
        name: value
        for name, value in form.initial.items()
        if name in form.fields and value is not None and name not in {"topics", "lead_image"}
    }
    data.update(
        published_at_0=article.published_at.strftime("%d/%m/%Y"),
        published_at_1=article.published_at.strftime("%H:%M:%S"),
        suggested_actors=[ancilab.pk],
        session="",
    )
    response = editor_client.post(url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(article.mentioned_actors.all()) == [ancilab]
    page = editor_client.get(url).content.decode()
    assert "Già collegati" in page

    data.pop("suggested_actors")
    article.refresh_from_db()
    data["version"] = article.version  # the editor reopens the article after saving
    data["unlinked_actors"] = [ancilab.pk]
    editor_client.post(url, data)
    assert not article.mentioned_actors.exists()
    assert cariplo.mentioned_in.count() == 0


def test_publish_action_on_actors(editor_client):
    actor = ActorFactory(is_published=False)

    editor_client.post(
        reverse("admin:networks_actor_changelist"),
        {"action": "publish", "_selected_action": [actor.pk]},
    )

    assert Actor.objects.published().get() == actor
