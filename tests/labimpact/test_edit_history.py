"""On every model editors touch: a stale form is refused with its text kept, and history restores.

Each case edits one text through the admin form of its object, or of the parent whose
form holds it as an inline row.
"""

import pytest
from django.urls import reverse
from reversion.models import Version

from tests.factories import (
    ActorFactory,
    ArticleFactory,
    LinkFactory,
    MembershipFactory,
    NetworkFactory,
    RegistrationSettingsFactory,
    SectionFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TermFactory,
    TopicFactory,
    WorkshopFactory,
)
from tests.labimpact.admin_forms import change_url, read_form
from workshops.models import Page, SiteSettings, VersionedModel

pytestmark = pytest.mark.django_db

STALE = "un altro redattore ha salvato una versione più recente"


def _privacy_page():
    return Page.objects.get(kind=Page.Kind.PRIVACY)


def _session_speaker():
    return SessionSpeakerFactory()


# name: (make the edited row, the object whose form holds it, the form field, the model field)
CASES = {
    "workshop": (WorkshopFactory, lambda row: row, "description", "description"),
    "session": (SessionFactory, lambda row: row, "description", "description"),
    "speaker": (SpeakerFactory, lambda row: row, "bio", "bio"),
    "topic": (TopicFactory, lambda row: row, "description", "description"),
    "glossary entry": (TermFactory, lambda row: row, "definition", "definition"),
    "article": (ArticleFactory, lambda row: row, "summary", "summary"),
    "page": (_privacy_page, lambda row: row, "body", "body"),
    "section": (SectionFactory, lambda row: row, "kicker", "kicker"),
    "site settings": (SiteSettings.load, lambda row: row, "data_controller", "data_controller"),
    "actor": (ActorFactory, lambda row: row, "description", "description"),
    "network": (NetworkFactory, lambda row: row, "description", "description"),
    "link": (LinkFactory, lambda row: row, "description", "description"),
    "session in its workshop": (
        SessionFactory,
        lambda row: row.workshop,
        "sessions-0-title",
        "title",
    ),
    "speaker in a session": (
        _session_speaker,
        lambda row: row.session,
        "session_speakers-0-talk_title",
        "talk_title",
    ),
    "link in its actor": (
        LinkFactory,
        lambda row: row.source,
        "outgoing_links-0-description",
        "description",
    ),
    "membership in its network": (
        MembershipFactory,
        lambda row: row.network,
        "memberships-0-until",
        "until",
    ),
    "registration settings": (RegistrationSettingsFactory, lambda row: row, "capacity", "capacity"),
    "registration settings in its session": (
        RegistrationSettingsFactory,
        lambda row: row.session,
        "registration_settings-0-capacity",
        "capacity",
    ),
    "membership in its actor": (
        MembershipFactory,
        lambda row: row.actor,
        "memberships-0-until",
        "until",
    ),
}

# Values for the fields edited that are not text (a date, a number of places).
VALUES = {"until": ("31/01/2030", "28/02/2031"), "capacity": ("31", "47")}


def _values(model_field, label):
    if model_field in VALUES:
        return VALUES[model_field]
    return (f"Prima stesura di {label}", f"Seconda stesura di {label}")


def _text(row, model_field):
    value = getattr(row, model_field)
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    return str(value) if isinstance(value, int) else value


def test_every_model_editors_touch_is_versioned_and_covered():
    from django.apps import apps

    versioned = {
        model._meta.label for model in apps.get_models() if issubclass(model, VersionedModel)
    }
    covered = {type(make())._meta.label for make, *_ in CASES.values()}

    assert versioned == covered


@pytest.mark.parametrize("case", CASES)
def test_stale_form_is_refused_with_the_message_and_keeps_the_text(editor_client, case):
    make, parent_of, form_field, model_field = CASES[case]
    row = make()
    parent = parent_of(row)
    url = change_url(parent)
    data = read_form(editor_client, url, type(parent))
    before = _text(row, model_field)
    mine = _values(model_field, "chi arriva tardi")[0]
    data[form_field] = [mine]
    row.refresh_from_db()
    row.save()  # someone else saved the row after the form was opened

    response = editor_client.post(url, data)

    assert response.status_code == 200
    content = response.content.decode()
    assert STALE in content
    assert mine in content  # the editor's text is still in the form
    row.refresh_from_db()
    assert _text(row, model_field) == before


@pytest.mark.parametrize("case", CASES)
def test_restoring_the_first_revision_brings_back_its_content(editor_client, case):
    make, parent_of, form_field, model_field = CASES[case]
    row = make()
    parent = parent_of(row)
    url = change_url(parent)
    first, second = _values(model_field, case)
    for value in (first, second):
        data = read_form(editor_client, url, type(parent))
        data[form_field] = [value]
        assert editor_client.post(url, data).status_code == 302
    row.refresh_from_db()
    assert second in _text(row, model_field)
    live_version = row.version

    opts = parent._meta
    history = editor_client.get(
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[parent.pk])
    )
    assert history.status_code == 200
    oldest = Version.objects.get_for_object(parent).order_by("pk").first()
    revert_url = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_revision", args=[parent.pk, oldest.pk]
    )
    assert revert_url in history.content.decode()
    data = read_form(editor_client, revert_url, type(parent))
    assert first in " ".join(data[form_field])

    response = editor_client.post(revert_url, data)

    assert response.status_code == 302, response.content.decode()[:3000]
    row.refresh_from_db()
    assert first in _text(row, model_field)
    # The restore is a save like any other; an inline row the restore form did not
    # change is written back by the restore itself, keeping its live counter.
    assert row.version > live_version if row == parent else row.version >= live_version


@pytest.mark.parametrize("case", ["article", "speaker in a session"])
def test_save_that_loses_the_race_after_clean_is_a_form_error_not_a_500(
    editor_client, monkeypatch, case
):
    make, parent_of, form_field, model_field = CASES[case]
    row = make()
    parent = parent_of(row)
    url = change_url(parent)
    data = read_form(editor_client, url, type(parent))
    data[form_field] = ["Testo di chi perde la corsa"]
    row.refresh_from_db()
    row.save()
    # The other save lands between this one's clean() and its save(): only the
    # conditional UPDATE in save() can tell.
    monkeypatch.setattr(VersionedModel, "is_stale", lambda self: False)
    revisions = Version.objects.get_for_object(parent).count()

    response = editor_client.post(url, data)

    assert response.status_code == 200
    assert Version.objects.get_for_object(parent).count() == revisions  # nothing recorded
    content = response.content.decode()
    assert STALE in content
    assert "Testo di chi perde la corsa" in content
    row.refresh_from_db()
    assert getattr(row, model_field) != "Testo di chi perde la corsa"
