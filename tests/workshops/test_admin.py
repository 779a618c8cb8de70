import re

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.auth.models import Group, User
from django.urls import reverse
from reversion.models import Version

from tests.factories import (
    ArticleFactory,
    SessionFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
)
from workshops.models import Article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["topic", "workshop", "session", "speaker", "article"])
def test_admin_changelists_and_forms_open(admin_client, model):
    ArticleFactory(session=SessionFactory(), topics=[TopicFactory()])
    SpeakerFactory()

    assert admin_client.get(reverse(f"admin:workshops_{model}_changelist")).status_code == 200
    assert admin_client.get(reverse(f"admin:workshops_{model}_add")).status_code == 200


def test_editor_can_write_and_publish_an_article(editor_client):
    response = editor_client.post(
        reverse("admin:workshops_article_add"),
        {
            "title": "Nuovo resoconto",
            "slug": "nuovo-resoconto",
            "byline": "Federica Parenti",
            "summary": "",
            "body": "<p>Testo</p>",
            "lead_image_alt": "",
            "version": "0",
            "status": "draft",
            "published_at_0": "",
            "published_at_1": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="nuovo-resoconto")
    assert article.status == Article.Status.DRAFT

    editor_client.post(
        reverse("admin:workshops_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )

    article.refresh_from_db()
    assert article.status == Article.Status.PUBLISHED
    assert article in Article.objects.published()


def test_editor_cannot_touch_users_or_groups(editor_client, editor):
    for name in [
        "admin:auth_user_changelist",
        "admin:auth_user_add",
        "admin:auth_group_changelist",
    ]:
        assert editor_client.get(reverse(name)).status_code == 403
    other = User.objects.create_user("someone")
    assert editor_client.get(reverse("admin:auth_user_change", args=[other.pk])).status_code == 403
    assert not editor.has_perm("auth.change_user")
    assert not editor.has_perm("auth.add_group")


def test_editors_group_grants_exactly_the_content_models():
    codenames = set(
        Group.objects.get(name="Editors").permissions.values_list(
            "content_type__app_label", flat=True
        )
    )

    assert codenames == {"workshops", "networks"}


def test_editor_can_publish_sessions_in_bulk(editor_client):
    session = SessionFactory(is_published=False)

    editor_client.post(
        reverse("admin:workshops_session_changelist"),
        {"action": "publish", "_selected_action": [session.pk]},
    )

    session.refresh_from_db()
    assert session.is_published


def test_workshop_admin_shows_its_sessions_inline(admin_client):
    session = SessionFactory(title="Giornata in linea")

    content = admin_client.get(
        reverse("admin:workshops_workshop_change", args=[session.workshop.pk])
    ).content.decode()

    assert "Giornata in linea" in content


def test_view_on_site_links_to_the_public_page(admin_client):
    workshop = WorkshopFactory()

    content = admin_client.get(
        reverse("admin:workshops_workshop_change", args=[workshop.pk])
    ).content.decode()

    assert "/admin/r/" in content


def test_editor_cannot_make_anyone_staff_or_superuser(editor_client, editor):
    other = User.objects.create_user("altra")

    response = editor_client.post(
        reverse("admin:auth_user_change", args=[other.pk]),
        {"username": "altra", "is_staff": "on", "is_superuser": "on"},
    )
    own = editor_client.post(
        reverse("admin:auth_user_change", args=[editor.pk]),
        {"username": editor.username, "is_staff": "on", "is_superuser": "on"},
    )

    assert response.status_code == 403
    assert own.status_code == 403
    other.refresh_from_db()
    editor.refresh_from_db()
    assert not other.is_staff
    assert not editor.is_superuser


def test_editor_reaches_only_what_the_group_grants(editor_client, editor):
    from django.contrib import admin

    for model in admin.site._registry:
        opts = model._meta
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        allowed = editor.has_perm(f"{opts.app_label}.view_{opts.model_name}") or editor.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        )
        response = editor_client.get(url)
        if allowed and response.status_code == 302:  # a one-row model opens its row
            assert response["Location"].startswith(url), url
            continue
        assert response.status_code == (200 if allowed else 403), url


def test_article_form_import_map_carries_the_csp_nonce_and_public_pages_carry_none(
    admin_client, client
):
    response = admin_client.get(reverse("admin:workshops_article_add"))

    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script type="importmap" nonce="{nonce}">' in response.content.decode()
    assert "nonce-" not in client.get(reverse("workshops:home"))["Content-Security-Policy"]


def test_bulk_publish_reports_an_invalid_object_and_publishes_the_others(editor_client, editor):
    good = SpeakerFactory(is_published=False, last_name="Valida")
    bad = SpeakerFactory(is_published=False, last_name="Sbagliata", website="non è un indirizzo")

    response = editor_client.post(
        reverse("admin:workshops_speaker_changelist"),
        {"action": "publish", "_selected_action": [good.pk, bad.pk]},
        follow=True,
    )

    content = response.content.decode()
    assert "Sbagliata" in content
    assert "1 elemento pubblicato" in content
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.is_published
    assert not bad.is_published


def test_bulk_withdraw_is_recorded_with_the_editor_in_history_and_log(editor_client, editor):
    session = SessionFactory(title="Giornata da ritirare")

    editor_client.post(
        reverse("admin:workshops_session_changelist"),
        {"action": "unpublish", "_selected_action": [session.pk]},
    )

    session.refresh_from_db()
    assert not session.is_published
    assert session.version == 1  # saved, not updated behind the model's back
    revision = Version.objects.get_for_object(session).get().revision
    assert revision.user == editor
    assert "Ritirato" in revision.comment
    entry = LogEntry.objects.get(object_id=str(session.pk))
    assert entry.user == editor
    assert "Ritirato" in entry.get_change_message()
