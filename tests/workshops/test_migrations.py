"""Migrations apply on an empty database and on one holding the demo content, both ways."""

import io

import pytest
from django.contrib.flatpages.models import FlatPage
from django.core.management import call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader

from workshops.models import Article

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


def test_accessibility_statement_says_what_is_checked_unless_an_editor_rewrote_it():
    call_command("migrate", "workshops", "0005", verbosity=0)
    statement = FlatPage.objects.get(url="/accessibilita/")
    assert "verifiche sono in corso" in statement.content

    call_command("migrate", "workshops", verbosity=0)
    statement.refresh_from_db()
    assert "axe-core" in statement.content
    assert "360 × 740" in statement.content
    assert "Tab e Invio" in statement.content

    call_command("migrate", "workshops", "0005", verbosity=0)
    FlatPage.objects.filter(pk=statement.pk).update(content="<p>Il testo della redazione.</p>")
    call_command("migrate", "workshops", verbosity=0)
    statement.refresh_from_db()
    assert statement.content == "<p>Il testo della redazione.</p>"
