"""A GIN index for full-text search of articles, on PostgreSQL only (SQLite has no GIN)."""

from django.contrib.postgres.indexes import GinIndex
from django.contrib.postgres.search import SearchVector
from django.db import migrations

INDEX_NAME = "article_search_idx"


def search_index():
    # The same expression as workshops.models.articles.search_document(), which the
    # search query must repeat exactly for PostgreSQL to use the index.
    return GinIndex(
        SearchVector("title", "summary", "body", "byline", config="italian"), name=INDEX_NAME
    )


def add_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.add_index(apps.get_model("workshops", "Article"), search_index())


def remove_index(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.remove_index(apps.get_model("workshops", "Article"), search_index())


class Migration(migrations.Migration):
    dependencies = [("workshops", "0004_article_public_order_index")]

    operations = [migrations.RunPython(add_index, remove_index, elidable=False)]
