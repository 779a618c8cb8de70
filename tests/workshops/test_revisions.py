"""Two editors at once: nobody's work is silently overwritten, and every change is kept."""

import pytest
from django.contrib.auth.models import Group, User
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from reversion.models import Version

from tests.factories import ArticleFactory
from workshops.models import Article

pytestmark = pytest.mark.django_db

STALE = "un altro redattore ha salvato una versione più recente"


def _form_data(article, **changes):
    data = {
        "title": article.title,
        "slug": article.slug,
        "byline": article.byline,
        "summary": article.summary,
        "body": article.body,
        "version": str(article.version),
        "lead_image_alt": "",
        "status": article.status,
        "published_at_0": article.published_at.strftime("%d/%m/%Y") if article.published_at else "",
        "published_at_1": article.published_at.strftime("%H:%M:%S") if article.published_at else "",
    }
    data.update(changes)
    return data


@pytest.fixture
def second_editor_client():
    user = User.objects.create_user("seconda", password="pw-seconda-123", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    other = Client()
    other.force_login(user)
    return other


def test_second_save_of_a_stale_copy_is_refused_and_keeps_both_texts(
    editor_client, second_editor_client
):
    article = ArticleFactory(body="<p>Testo iniziale</p>")
    url = reverse("admin:workshops_article_change", args=[article.pk])
    stale = Article.objects.get(pk=article.pk)  # both editors opened version 0

    first = editor_client.post(url, _form_data(stale, body="<p>Testo della prima</p>"))
    second = second_editor_client.post(url, _form_data(stale, body="<p>Testo della seconda</p>"))

    assert first.status_code == 302
    assert second.status_code == 200
    content = second.content.decode()
    assert STALE in content
    assert "Testo della seconda" in content  # her text is still in the form
    article.refresh_from_db()
    assert "Testo della prima" in article.body  # his text is saved
    assert article.version == 1


def test_model_refuses_a_stale_save_outside_the_admin():
    article = ArticleFactory()
    copy = Article.objects.get(pk=article.pk)
    article.title = "Prima modifica"
    article.save()

    copy.title = "Modifica su una copia vecchia"
    with pytest.raises(ValidationError, match=STALE):
        copy.save()

    assert Article.objects.get(pk=article.pk).title == "Prima modifica"


def test_every_admin_change_is_a_revision_that_can_be_restored(editor_client):
    article = ArticleFactory(body="<p>Prima stesura</p>")
    url = reverse("admin:workshops_article_change", args=[article.pk])
    editor_client.post(url, _form_data(article, body="<p>Prima stesura</p>"))
    article.refresh_from_db()
    editor_client.post(url, _form_data(article, body="<p>Seconda stesura</p>"))
    article.refresh_from_db()
    assert "Seconda stesura" in article.body

    versions = Version.objects.get_for_object(article)
    assert versions.count() == 2
    history = editor_client.get(reverse("admin:workshops_article_history", args=[article.pk]))
    assert history.status_code == 200
    oldest = versions.last()
    revert_url = reverse("admin:workshops_article_revision", args=[article.pk, oldest.pk])
    form = editor_client.get(revert_url)
    assert "Prima stesura" in form.content.decode()

    restored = editor_client.post(revert_url, _form_data(article, body="<p>Prima stesura</p>"))

    assert restored.status_code == 302
    article.refresh_from_db()
    assert "Prima stesura" in article.body
    assert Version.objects.get_for_object(article).count() == 3


def test_restoring_a_revision_does_not_overwrite_a_newer_save(editor_client):
    article = ArticleFactory(body="<p>Prima stesura</p>")
    url = reverse("admin:workshops_article_change", args=[article.pk])
    editor_client.post(url, _form_data(article))
    article.refresh_from_db()
    oldest = Version.objects.get_for_object(article).last()
    opened_at = article.version  # the restore form was opened at this version
    article.body = "<p>Salvato da un'altra persona nel frattempo</p>"
    article.save()

    revert_url = reverse("admin:workshops_article_revision", args=[article.pk, oldest.pk])
    response = editor_client.post(
        revert_url, _form_data(article, version=str(opened_at), body="<p>Prima stesura</p>")
    )

    assert response.status_code == 200
    assert STALE in response.content.decode()
    article.refresh_from_db()
    assert "nel frattempo" in article.body
