import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from tests.factories import (
    ArticleFactory,
    SessionFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
)
from workshops.models import Article, Session, StaleEditError, Topic

ROME = ZoneInfo("Europe/Rome")

pytestmark = pytest.mark.django_db


def test_article_published_excludes_drafts_and_scheduled():
    visible = ArticleFactory()
    ArticleFactory(draft=True)
    ArticleFactory(scheduled=True)
    ArticleFactory(status=Article.Status.DRAFT)  # a draft with a past date stays hidden

    assert list(Article.objects.published()) == [visible]


def test_article_scheduled_becomes_visible_when_its_time_comes():
    article = ArticleFactory(scheduled=True)

    later = timezone.now() + dt.timedelta(days=4)

    assert article in Article.objects.published(now=later)
    assert article not in Article.objects.published()


def test_article_published_without_date_is_refused_by_clean():
    article = ArticleFactory.build(status=Article.Status.PUBLISHED, published_at=None)

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert "published_at" in error.value.message_dict


def test_article_published_without_date_is_refused_by_database():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(published_at=None)


def test_article_body_is_sanitised_on_save():
    article = ArticleFactory(
        body='<p onclick="steal()">Testo<script>alert(1)</script></p><a href="javascript:x()">l</a>'
    )

    article.refresh_from_db()

    assert "script" not in article.body
    assert "onclick" not in article.body
    assert "javascript" not in article.body
    assert "Testo" in article.body


def test_session_must_end_after_start_in_clean_and_database():
    session = SessionFactory.build(workshop=WorkshopFactory())
    session.end_time = (
        dt.datetime.combine(session.date, session.start_time) - dt.timedelta(hours=1)
    ).time()

    with pytest.raises(ValidationError) as error:
        session.full_clean()
    assert "end_time" in error.value.message_dict

    with pytest.raises(IntegrityError), transaction.atomic():
        session.save()


def test_session_number_is_unique_within_a_workshop():
    first = SessionFactory(number=4)
    duplicate = SessionFactory.build(workshop=first.workshop, number=4, slug="altra")

    with pytest.raises(ValidationError):
        duplicate.full_clean()
    # The same number in another workshop is fine.
    SessionFactory(number=4)


def test_session_published_requires_published_workshop():
    visible = SessionFactory()
    SessionFactory(is_published=False)
    SessionFactory(workshop=WorkshopFactory(is_published=False))

    assert list(Session.objects.published()) == [visible]


def test_session_upcoming_and_past_split_on_end_time():
    now = timezone.now()
    running = SessionFactory(
        starts_at=now - dt.timedelta(hours=1), ends_at=now + dt.timedelta(hours=1)
    )
    over = SessionFactory(
        starts_at=now - dt.timedelta(days=2),
        ends_at=now - dt.timedelta(days=2) + dt.timedelta(hours=2),
    )

    assert list(Session.objects.upcoming()) == [running]
    assert list(Session.objects.past()) == [over]


def test_topic_matching_finds_former_names():
    sai = TopicFactory(name="SAI", slug="sai", aliases="SIPROIMI\nSPRAR")
    TopicFactory(name="QuBì", slug="qubi")

    assert list(Topic.objects.matching("sprar")) == [sai]
    assert list(Topic.objects.matching("Siproimi")) == [sai]
    assert not Topic.objects.matching("   ").exists()


def test_topic_aliases_are_normalised_one_per_line():
    topic = TopicFactory(aliases="SPRAR\n\n  SIPROIMI \nSPRAR")

    assert topic.alias_list == ["SPRAR", "SIPROIMI"]
    assert topic.aliases == "SPRAR\nSIPROIMI"


def test_article_image_requires_alt_text():
    article = ArticleFactory.build(lead_image="articles/x.jpg", lead_image_alt=" ")

    with pytest.raises(ValidationError) as error:
        article.full_clean(exclude=["lead_image"])

    assert "lead_image_alt" in error.value.message_dict


def test_workshop_number_must_be_positive():
    workshop = WorkshopFactory.build(number=0)

    with pytest.raises(ValidationError):
        workshop.full_clean()


def test_session_sequence_rises_with_time_place_or_status_only():
    session = SessionFactory(starts_at=dt.datetime(2030, 5, 6, 10, tzinfo=ROME))

    session.title = "Nuovo titolo"
    session.description = "Nuova descrizione"
    session.save()
    assert session.sequence == 0

    for field, value in [
        ("date", session.date - dt.timedelta(days=1)),
        ("start_time", dt.time(8, 0)),
        ("end_time", dt.time(23, 30)),
        ("end_date", session.date + dt.timedelta(days=1)),
        ("venue", "Altra sala"),
        ("address", "Via Altra 1"),
        ("online_url", "https://meet.example.org/nuovo"),
        ("is_cancelled", True),
    ]:
        before = session.sequence
        setattr(session, field, value)
        session.save()
        session.refresh_from_db()
        assert session.sequence == before + 1, field


def test_session_sequence_survives_a_stale_copy():
    session = SessionFactory()
    stale = Session.objects.get(pk=session.pk)
    session.venue = "Prima modifica"
    session.save()

    stale.venue = "Seconda modifica"
    with pytest.raises(StaleEditError):  # a stale copy is never saved over a newer one
        stale.save()

    session.refresh_from_db()
    assert session.venue == "Prima modifica"
    assert session.sequence == 1


def test_sessions_overlapping_a_range_include_those_that_straddle_it():
    start = timezone.now() + dt.timedelta(days=30)
    end = start + dt.timedelta(days=1)
    straddling = SessionFactory(
        starts_at=start - dt.timedelta(hours=2), ends_at=start + dt.timedelta(hours=1)
    )
    inside = SessionFactory(starts_at=start + dt.timedelta(hours=3))
    SessionFactory(starts_at=end + dt.timedelta(hours=1))
    SessionFactory(starts_at=start - dt.timedelta(hours=5), ends_at=start)

    assert list(Session.objects.overlapping(start, end)) == [straddling, inside]


@pytest.mark.parametrize(
    "body",
    [
        '<p>Testo</p><figure><img src="/media/a.png"><figcaption>La sala</figcaption></figure>',
        '<figure><img src="/media/a.png" alt="  "></figure>',
        '<p>Uno</p><figure><img src="/media/a.png" alt="La sala piena"></figure>'
        '<figure><img src="/media/b.png" alt=""></figure>',
    ],
)
def test_article_body_image_without_alt_is_refused_in_italian(body):
    article = ArticleFactory.build(body=body)

    with pytest.raises(ValidationError) as error:
        article.full_clean()

    assert "testo alternativo" in " ".join(error.value.message_dict["body"])


def test_article_body_images_with_alt_are_accepted():
    article = ArticleFactory.build(
        body='<p>Testo</p><figure><img src="/media/a.png" alt="La sala piena">'
        "<figcaption>Milano, 10 dicembre</figcaption></figure>"
    )

    article.full_clean()


def test_speaker_photo_is_described_by_the_speaker_name():
    speaker = SpeakerFactory.build(first_name="Nicola", last_name="Grigion")

    assert speaker.photo_alt == "Foto di Nicola Grigion"
