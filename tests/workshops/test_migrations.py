"""Migrations apply on an empty database and on one holding the demo content, both ways."""

import importlib
import io

import pytest
from django.core.management import call_command
from django.db import connection
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
