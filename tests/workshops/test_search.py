"""Full-text search of articles on PostgreSQL; other databases keep the simple search."""

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from tests.factories import ArticleFactory
from workshops.models import Article
from workshops.models.articles import search_document

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL full-text search"),
]


def test_search_finds_other_forms_of_the_words(client):
    ArticleFactory(title="Resoconto", body="<p>Le reti territoriali si sono incontrate.</p>")
    ArticleFactory(title="Altro", body="<p>Nulla di simile.</p>")

    content = client.get("/cerca/", {"q": "rete territoriale"}).content.decode()

    assert "Resoconto" in content
    assert "Altro" not in content


def test_search_ignores_html_and_query_syntax(client):
    ArticleFactory(title="Resoconto", body="<p>Buone pratiche di coprogettazione.</p>")

    assert "Resoconto" not in client.get("/cerca/", {"q": "strong"}).content.decode()
    for query in ['"buone pratiche"', "-coprogettazione", "pratiche & | !"]:
        assert client.get("/cerca/", {"q": query}).status_code == 200


def test_search_expression_is_the_one_the_gin_index_holds():
    ArticleFactory.create_batch(3)
    # Only a bitmap scan is left to the planner: it can use the index only if the query
    # repeats the indexed expression exactly.
    with connection.cursor() as cursor:
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
    matches = Article.objects.annotate(document=search_document()).filter(
        document=SearchQuery("coprogettazione", config="italian", search_type="plain")
    )

    assert "Bitmap Index Scan on article_search_idx" in matches.explain()
