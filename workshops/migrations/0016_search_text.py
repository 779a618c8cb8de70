"""Normalised search text for articles, sessions and speakers; PostgreSQL stems it.

``search_text`` is derived in ``save()`` (labimpact/search.py): lower case, no accents,
one kind of apostrophe, neighbouring words also joined («Lab'Impact» is ``lab impact
labimpact``). Existing rows get theirs here. On PostgreSQL the stored ``search_document``
of migration 0008 is rebuilt from it, so that stemming in Italian sees the same words.
"""

from django.db import migrations, models

from labimpact.search import document

SOURCES = {
    "Article": ("title", "summary", "body", "byline"),
    "Session": ("title", "description", "venue", "address"),
    "Speaker": ("honorific", "first_name", "last_name", "organisation", "role"),
}

FORWARD = [
    "DROP INDEX IF EXISTS article_search_idx",
    "ALTER TABLE workshops_article DROP COLUMN IF EXISTS search_document",
    """
    ALTER TABLE workshops_article ADD COLUMN search_document tsvector
    GENERATED ALWAYS AS (to_tsvector('italian'::regconfig, search_text)) STORED
    """,
    "CREATE INDEX article_search_idx ON workshops_article USING gin (search_document)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS article_search_idx",
    "ALTER TABLE workshops_article DROP COLUMN IF EXISTS search_document",
    """
    ALTER TABLE workshops_article ADD COLUMN search_document tsvector
    GENERATED ALWAYS AS (to_tsvector('italian'::regconfig,
        coalesce(title, '') || ' ' || coalesce(summary, '') || ' ' ||
        coalesce(body, '') || ' ' || coalesce(byline, ''))) STORED
    """,
    "CREATE INDEX article_search_idx ON workshops_article USING gin (search_document)",
]


def fill_search_text(apps, schema_editor):
    for model_name, fields in SOURCES.items():
        model = apps.get_model("workshops", model_name)
        for row in model._base_manager.using(schema_editor.connection.alias).iterator():
            row.search_text = document(*(getattr(row, name) for name in fields))
            row.save(update_fields=["search_text"])


def run(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement)

    return operation


FIELD = models.TextField(
    blank=True,
    default="",
    editable=False,
    help_text="Calcolato a ogni salvataggio dai campi in cui la ricerca del sito cerca.",
    verbose_name="testo per la ricerca",
)


class Migration(migrations.Migration):
    dependencies = [("workshops", "0015_checkbox_help_texts")]

    operations = [
        migrations.AddField(model_name="article", name="search_text", field=FIELD),
        migrations.AddField(model_name="session", name="search_text", field=FIELD),
        migrations.AddField(model_name="speaker", name="search_text", field=FIELD),
        migrations.RunPython(fill_search_text, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(run(FORWARD), run(BACKWARD), elidable=False),
    ]
