"""``load_demo --sample``: the programme at real volume, on top of a demo left exactly as it was."""

import datetime as dt
import time

import pytest
from django.core.management import call_command
from django.db.models import Q
from django.db.models.signals import post_save

from networks.models import Actor, Link, Membership, Network
from workshops.demo.sample_text import MARKER, ROLES, SLUG_PREFIX
from workshops.models import (
    Article,
    Section,
    Session,
    SessionSpeaker,
    Speaker,
    Topic,
    Workshop,
)

pytestmark = pytest.mark.django_db

P = SLUG_PREFIX
# Which rows of each model belong to the sample.
SAMPLE_ROWS = {
    Topic: Q(slug__startswith=P),
    Section: Q(slug__startswith=P),
    Workshop: Q(slug__startswith=P),
    Session: Q(workshop__slug__startswith=P),
    SessionSpeaker: Q(session__workshop__slug__startswith=P) | Q(speaker__slug__startswith=P),
    Speaker: Q(slug__startswith=P),
    Article: Q(slug__startswith=P),
    Actor: Q(slug__startswith=P),
    Link: Q(source__slug__startswith=P) | Q(target__slug__startswith=P),
    Network: Q(slug__startswith=P),
    Membership: Q(network__slug__startswith=P) | Q(actor__slug__startswith=P),
}


def seed_snapshot():
    """Every field and many-to-many of every row that is not the sample's."""
    snapshot = {}
    for model, sample in SAMPLE_ROWS.items():
        for row in model.objects.exclude(sample).order_by("pk"):
            fields = {f.attname: getattr(row, f.attname) for f in model._meta.concrete_fields}
            for m2m in model._meta.many_to_many:
                fields[m2m.name] = sorted(getattr(row, m2m.name).values_list("pk", flat=True))
            snapshot[(model.__name__, row.pk)] = fields
    return snapshot


def count_saves():
    saves = []

    def record(sender, instance, **kwargs):
        saves.append(f"{sender.__name__} {instance}")

    post_save.connect(record, weak=False, dispatch_uid="test-sample-saves")
    return saves


@pytest.fixture
def demo():
    call_command("load_demo")
    return seed_snapshot()


def test_sample_holds_the_volume_the_issue_asks_for(demo, capsys):
    started = time.monotonic()
    call_command("load_demo", "--sample")
    elapsed = time.monotonic() - started

    assert "Contenuto di esempio caricato" in capsys.readouterr().out
    articles = Article.objects.published().filter(slug__startswith=P)
    years = {a.published_at.year for a in articles}
    assert articles.count() >= 60
    assert set(range(2019, 2026)) <= years
    assert Workshop.objects.published().filter(slug__startswith=P).count() >= 8
    sessions = Session.objects.published().filter(workshop__slug__startswith=P)
    assert sessions.count() >= 40
    assert sessions.filter(is_cancelled=True).exists()
    assert sessions.filter(date__isnull=True).exists()
    assert sessions.filter(date__isnull=False, start_time__isnull=True).exists()
    assert sessions.exclude(online_url="").exists()
    assert sessions.filter(online_url="").exists()
    assert sessions.upcoming().exists()
    assert sessions.past().exists()
    assert Speaker.objects.published().filter(slug__startswith=P).count() >= 75
    assert Speaker.objects.filter(slug__startswith=P).exclude(photo="").count() >= 20
    actors = Actor.objects.filter(slug__startswith=P)
    assert actors.count() >= 150
    assert set(actors.values_list("kind", flat=True)) == set(Actor.Kind.values)
    assert Link.objects.filter(source__slug__startswith=P).count() >= 400
    assert Network.objects.published().filter(slug__startswith=P).count() >= 10
    assert Topic.objects.filter(slug__startswith=P).exists()
    assert Section.objects.filter(slug__startswith=P).count() >= 3
    # Measured, not asserted (no timing assertions): shown with -s.
    print(f"sample loaded in {elapsed:.1f} s")


def test_sample_leaves_the_demo_exactly_as_it_was(demo):
    call_command("load_demo", "--sample")

    assert seed_snapshot() == demo


def test_sample_is_labelled_where_visitors_and_editors_see_it(demo, client):
    call_command("load_demo", "--sample")

    for model in (Topic, Section, Workshop, Speaker, Article, Actor, Network):
        assert not model.objects.filter(slug__startswith=P).exclude(slug__regex=r"^esempio-")
    pages = [
        Article.objects.published().filter(slug__startswith=P).first(),
        Workshop.objects.published().filter(slug__startswith=P).first(),
        Session.objects.published().filter(workshop__slug__startswith=P).first(),
        Speaker.objects.published().filter(slug__startswith=P).first(),
        Topic.objects.filter(slug__startswith=P).first(),
        Actor.objects.with_public_page().filter(slug__startswith=P).first(),
        Network.objects.published().filter(slug__startswith=P).first(),
    ]
    for item in pages:
        assert MARKER in client.get(item.get_absolute_url()).content.decode(), item
    for model in (Workshop, Session, Actor, Network, Topic):
        described = model.objects.filter(SAMPLE_ROWS[model])
        assert not described.exclude(description__startswith=MARKER).exists(), model
    assert not Speaker.objects.filter(slug__startswith=P).exclude(bio__startswith=MARKER)


def test_sample_drafts_stay_off_the_public_pages(demo, client):
    call_command("load_demo", "--sample")
    drafts = Article.objects.filter(slug__startswith=P).exclude(pk__in=Article.objects.published())
    hidden_sessions = Session.objects.filter(workshop__slug__startswith=P).exclude(
        pk__in=Session.objects.published()
    )
    assert drafts.filter(status=Article.Status.DRAFT).exists()
    assert drafts.filter(status=Article.Status.PUBLISHED).exists()  # scheduled
    assert hidden_sessions.exists()
    assert Speaker.objects.filter(slug__startswith=P, is_published=False).exists()
    assert Actor.objects.filter(slug__startswith=P, is_published=False).exists()

    for url in ["/", "/articoli/", "/calendario/", "/calendario/passate/", "/cerca/?q=bozza"]:
        page = client.get(url).content.decode()
        for article in drafts:
            assert article.title not in page, (url, article.title)
    for article in drafts:
        assert client.get(article.get_absolute_url()).status_code == 404
    for session in hidden_sessions:
        assert client.get(session.get_absolute_url()).status_code == 404


def test_sample_twice_saves_nothing_and_removal_leaves_only_the_demo(demo):
    call_command("load_demo", "--sample")
    counts = {model: model.objects.count() for model in SAMPLE_ROWS}
    saves = count_saves()
    try:
        call_command("load_demo", "--sample")
    finally:
        post_save.disconnect(dispatch_uid="test-sample-saves")

    assert {model: model.objects.count() for model in SAMPLE_ROWS} == counts
    assert not [s for s in saves if not s.startswith("User")], saves[:5]

    call_command("load_demo", "--sample", "--remove")

    for model, sample in SAMPLE_ROWS.items():
        assert not model.objects.filter(sample).exists(), model
    assert seed_snapshot() == demo


def test_sample_future_is_counted_from_today(demo):
    from workshops.demo.sample import load_sample_programme

    today = dt.date(2031, 5, 1)
    load_sample_programme(today=today)

    dated = Session.objects.filter(
        workshop__slug="esempio-valutare-impatto-reti", date__isnull=False
    )
    first = min(dated.values_list("date", flat=True))
    # Forty days back, moved to the Monday when that falls on a weekend.
    assert today - dt.timedelta(days=40) <= first <= today - dt.timedelta(days=38)
    assert first.weekday() < 5


def test_a_speakers_role_agrees_with_their_honorific(demo):
    call_command("load_demo", "--sample")

    checked = 0
    for speaker in Speaker.objects.filter(slug__startswith=P):
        gender = Speaker.HONORIFIC_GENDER.get(speaker.honorific)
        if gender is None:
            continue
        # «Assistente sociale» or «Docente» fit both; a gendered form must fit this person.
        assert speaker.role in ROLES[gender], (speaker.honorific, speaker.role)
        checked += 1
    assert checked > 20
