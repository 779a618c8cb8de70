"""A speaker's part in a session, named in the gender the honorific tells, neutral otherwise."""

import pytest

from tests.factories import SessionFactory, SessionSpeakerFactory, SpeakerFactory
from workshops.models import SessionSpeaker, Speaker

pytestmark = pytest.mark.django_db

Role = SessionSpeaker.Role
H = Speaker.Honorific


@pytest.mark.parametrize(
    ("honorific", "role", "label"),
    [
        (H.DOTTSSA, Role.SPEAKER, "Relatrice"),
        (H.PROFSSA, Role.SPEAKER, "Relatrice"),
        (H.SIGRA, Role.MODERATOR, "Moderatrice"),
        (H.AVVTA, Role.TRAINER, "Formatrice"),
        (H.DOTT, Role.SPEAKER, "Relatore"),
        (H.PROF, Role.MODERATOR, "Moderatore"),
        (H.SIG, Role.TRAINER, "Formatore"),
        (H.NONE, Role.SPEAKER, "Intervento"),
        (H.AVV, Role.SPEAKER, "Intervento"),
        (H.ING, Role.MODERATOR, "Moderazione"),
        (H.DOTTSSA, Role.WITNESS, "Testimonianza"),
        (H.DOTT, Role.GREETINGS, "Saluti istituzionali"),
        (H.NONE, Role.COORDINATION, "Coordinamento"),
        (H.PROFSSA, Role.VIDEO, "Contributo video"),
    ],
)
def test_role_label_agrees_with_the_honorific_or_stays_neutral(honorific, role, label):
    part = SessionSpeakerFactory.build(speaker=SpeakerFactory.build(honorific=honorific), role=role)

    assert part.role_label == label


def test_every_role_has_a_label_for_each_gender():
    assert set(SessionSpeaker.ROLE_LABELS) == set(Role)
    assert all(len(labels) == 3 for labels in SessionSpeaker.ROLE_LABELS.values())


def test_session_and_speaker_pages_show_the_gendered_role(client):
    session = SessionFactory(title="Giornata con ospiti")
    relatrice = SpeakerFactory(honorific=H.DOTTSSA, first_name="Anna", last_name="Bianchi")
    moderatore = SpeakerFactory(honorific=H.DOTT, first_name="Luca", last_name="Verdi")
    neutral = SpeakerFactory(honorific=H.NONE, first_name="Sara", last_name="Neri")
    SessionSpeakerFactory(session=session, speaker=relatrice, role=Role.SPEAKER)
    SessionSpeakerFactory(session=session, speaker=moderatore, role=Role.MODERATOR)
    SessionSpeakerFactory(session=session, speaker=neutral, role=Role.SPEAKER)

    session_page = client.get(session.get_absolute_url()).content.decode()
    speaker_page = client.get(relatrice.get_absolute_url()).content.decode()

    assert "· Relatrice" in session_page
    assert "· Moderatore" in session_page
    assert "· Intervento" in session_page
    assert "Relatore/relatrice" not in session_page
    assert "Relatrice" in speaker_page
