"""Migrations apply on an empty database and on one holding the demo content, both ways."""

import datetime as dt
import importlib
import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from workshops.models import Article, Page

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def _first_migration(app_label):
    loader = MigrationLoader(connection)
    return min(name for app, name in loader.disk_migrations if app == app_label)


def test_migrations_roll_back_and_forward_over_the_demo_content():
    call_command("load_demo", stdout=io.StringIO())

    call_command("migrate", "workshops", _first_migration("workshops"), verbosity=0)
    call_command("migrate", verbosity=0)

    assert Article.objects.published().count() == 1
    call_command("load_demo", stdout=io.StringIO())


def test_migrations_apply_on_an_empty_database():
    call_command("migrate", "workshops", "zero", verbosity=0)
    call_command("migrate", verbosity=0)

    assert not Article.objects.exists()
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_legal_texts_replace_the_stock_ones_but_never_an_editors():
    checked = importlib.import_module("workshops.migrations.0006_accessibility_statement_checks")
    call_command("migrate", "workshops", "0011", verbosity=0)
    Page.objects.filter(kind=Page.Kind.ACCESSIBILITY).update(body=checked.CHECKED_TEXT)
    Page.objects.filter(kind=Page.Kind.PRIVACY).update(body="<p>Il testo della redazione.</p>")

    call_command("migrate", "workshops", verbosity=0)

    statement = Page.objects.get(kind=Page.Kind.ACCESSIBILITY)
    assert "Difensore civico per il digitale" in statement.body
    assert "[email di contatto]" in statement.body
    assert "[data di revisione]" in statement.body
    privacy = Page.objects.get(kind=Page.Kind.PRIVACY)
    assert privacy.body == "<p>Il testo della redazione.</p>"

    call_command("migrate", "workshops", "0011", verbosity=0)
    statement.refresh_from_db()
    assert statement.body == checked.CHECKED_TEXT
    call_command("migrate", "workshops", verbosity=0)


def _state_apps(migration):
    return MigrationExecutor(connection).loader.project_state(("workshops", migration)).apps


def test_article_session_becomes_sessions_and_each_article_gets_a_section():
    before = "0019_article_sections_sources_and_links"
    call_command("migrate", "workshops", before, verbosity=0)
    old = _state_apps(before)
    workshop = old.get_model("workshops", "Workshop").objects.create(
        number=3, title="Le reti locali", slug="reti-locali", is_published=True
    )
    starts = dt.datetime(2020, 12, 10, 9, 30, tzinfo=dt.UTC)
    session = old.get_model("workshops", "Session").objects.create(
        workshop=workshop,
        number=4,
        title="La coesione territoriale",
        slug="coesione",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=3),
    )
    OldArticle = old.get_model("workshops", "Article")
    OldArticle.objects.create(title="Resoconto", slug="resoconto-4", session=session)
    OldArticle.objects.create(title="Una notizia", slug="una-notizia")

    call_command("migrate", "workshops", verbosity=0)

    report = Article.objects.get(slug="resoconto-4")
    news = Article.objects.get(slug="una-notizia")
    assert list(report.sessions.values_list("pk", flat=True)) == [session.pk]
    assert list(Article.objects.about_workshop(workshop.pk)) == [report]
    assert report.section.slug == "resoconto"
    assert report.kicker == "Laboratori Lab'Impact"
    assert news.section.slug == "notizia"
    assert not news.sessions.exists()
    assert Group.objects.get(name="Editors").permissions.filter(codename="change_section")

    call_command("migrate", "workshops", before, verbosity=0)
    OldArticle = _state_apps(before).get_model("workshops", "Article")
    assert OldArticle.objects.get(slug="resoconto-4").session_id == session.pk
    assert OldArticle.objects.get(slug="una-notizia").session_id is None
    call_command("migrate", verbosity=0)
