"""Site search that forgives the way people type, on SQLite and on PostgreSQL.

Every case runs on whichever database the suite runs on (CI runs both); the few that
only PostgreSQL can answer (Italian stems, the GIN index) are marked.
"""

import html

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection

from labimpact.search import Query
from tests.factories import ArticleFactory, SessionFactory, SpeakerFactory, TopicFactory
from tests.worlds import page_text
from workshops.models import Article
from workshops.models.articles import search_document, search_tsquery
from workshops.site import site_settings

pytestmark = pytest.mark.django_db

postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)

SPELLINGS = ["Lab'Impact", "Lab\u2019Impact", "labimpact", "Lab Impact", "LABIMPACT", "Lab-Impact"]


def _search(client, query, prefix=""):
    """The text of the results (after the search box, before the footer), unescaped."""
    text = page_text(client.get(f"{prefix}/cerca/", {"q": query}))
    return html.unescape(text.split('class="lead"', 1)[1].split("</main>", 1)[0])


@pytest.fixture
def labimpact_articles():
    return [
        ArticleFactory(title=f"Resoconto {n}", body=f"<p>Il piano {spelling} in Lombardia.</p>")
        for n, spelling in enumerate(["Lab'Impact", "Lab\u2019Impact", "LabImpact", "Lab Impact"])
    ]


@pytest.mark.parametrize("query", SPELLINGS)
def test_search_finds_every_spelling_of_labimpact_whatever_the_query(
    client, labimpact_articles, query
):
    ArticleFactory(title="Un altro piano", body="<p>Il laboratorio di Milano.</p>")

    text = _search(client, query)

    for article in labimpact_articles:
        assert article.title in text, (query, article.body)
    assert "Un altro piano" not in text
    assert "4 resoconti" in text


@pytest.mark.parametrize("query", ["dell'integrazione", "dell\u2019integrazione"])
def test_search_treats_both_apostrophes_alike(client, query):
    ArticleFactory(title="Piano dell\u2019integrazione")
    ArticleFactory(title="Piano dell'integrazione regionale")

    text = _search(client, query)

    assert "Piano dell\u2019integrazione" in text
    assert "Piano dell'integrazione regionale" in text


@pytest.mark.parametrize("query", ["città", "citta", "CITTÀ"])
def test_search_ignores_accents_and_case(client, query):
    ArticleFactory(title="Patto per la Città")

    assert "Patto per la Città" in _search(client, query)


def _named_speaker(**fields):
    """A speaker with a public page: a published article names them."""
    speaker = SpeakerFactory(**fields)
    ArticleFactory(speakers=[speaker])
    return speaker


@pytest.mark.parametrize(
    "query",
    ["Silvia De Aloe", "dott.ssa De Aloe", "dott.ssa Silvia De Aloe", "De Aloe", "aloe", "DE ALOE"],
)
def test_search_finds_a_speaker_by_full_name_and_honorific(client, query):
    _named_speaker(honorific="dott.ssa", first_name="Silvia", last_name="De Aloe")
    _named_speaker(honorific="dott.", first_name="Nicola", last_name="Grigion")

    text = _search(client, query)

    assert "dott.ssa Silvia De Aloe" in text
    assert "Grigion" not in text


@pytest.mark.parametrize("query", ["Nicola Grigion", "dott. Nicola Grigion", "grigion nicola"])
def test_search_finds_nicola_grigion_by_full_name(client, query):
    _named_speaker(honorific="dott.", first_name="Nicola", last_name="Grigion")
    _named_speaker(first_name="Nicola", last_name="Altri")

    text = _search(client, query)

    assert "dott. Nicola Grigion" in text
    assert "Nicola Altri" not in text
    assert "1 relatore" in text


def test_search_needs_every_word_of_a_name(client):
    _named_speaker(first_name="Silvia", last_name="De Aloe")
    _named_speaker(first_name="Nicola", last_name="Grigion")

    text = _search(client, "Silvia Grigion")

    assert "De Aloe" not in text
    assert "Nicola" not in text
    assert "0 relatori" in text


@pytest.mark.parametrize("query", ["Rovello", "via rovello", "Palazzo Isimbardi"])
def test_search_finds_sessions_by_venue_and_address(client, query):
    SessionFactory(title="Giornata a Milano", venue="Palazzo Isimbardi", address="Via Rovello 2")
    SessionFactory(title="Giornata online", venue="", address="")

    text = _search(client, query)

    assert "Giornata a Milano" in text
    assert "Giornata online" not in text


def test_search_finds_content_tagged_with_a_topic_by_its_former_name(client):
    topic = TopicFactory(name="SAI", aliases="SIPROIMI\nSPRAR")
    ArticleFactory(title="Accoglienza e territorio", topics=[topic])

    text = _search(client, "siproimi")

    assert "Accoglienza e territorio" in text
    assert "1 argomento" in text


def test_search_matches_whole_words_only_outside_postgresql_stems(client):
    ArticleFactory(title="Il patto di comunità")

    assert "Il patto di comunità" not in _search(client, "pat")
    assert "Il patto di comunità" in _search(client, "patto")


def test_search_marks_the_words_found_and_escapes_the_rest(client):
    ArticleFactory(title="Rischi & <b>benefici</b> del Lab'Impact")

    content = client.get("/cerca/", {"q": "labimpact benefici"}).content.decode()

    assert (
        "Rischi &amp; &lt;b&gt;<mark>benefici</mark>&lt;/b&gt; del <mark>Lab</mark>&#x27;"
        in content
    )
    assert "<b>benefici" not in content


def test_search_marks_words_in_an_excerpt_of_the_body(client):
    filler = "parole senza importanza " * 30
    ArticleFactory(title="Resoconto", body=f"<p>{filler}Poi si è parlato di Rovello.</p>")

    content = client.get("/cerca/", {"q": "rovello"}).content.decode()

    assert "<mark>Rovello</mark>" in content


def test_search_groups_results_by_kind_with_counts(client):
    ArticleFactory.create_batch(2, title="Coprogettazione in pratica")
    SessionFactory(title="Coprogettazione e territorio")

    text = _search(client, "coprogettazione")

    assert "2 resoconti" in text
    assert "1 giornata" in text
    assert "0 relatori" in text
    assert "Nessun relatore trovato." in text


def test_search_counts_every_result_but_shows_the_first_twenty(client):
    ArticleFactory.create_batch(21, title="Coprogettazione")

    text = _search(client, "coprogettazione")

    assert "21 resoconti" in text
    assert text.count("Coprogettazione") == 20
    assert "I primi 20 risultati" in text


def test_search_counts_are_translated(client):
    ArticleFactory.create_batch(2, title="Coprogettazione")

    text = _search(client, "coprogettazione", prefix="/en")

    assert "2 reports" in text


@pytest.mark.parametrize("query", ["dott.", "’’’", "-- ''", "x " * 99])
def test_search_of_no_usable_word_explains_itself(client, query):
    response = client.get("/cerca/", {"q": query})

    assert response.status_code == 200


def test_search_text_follows_every_save_even_a_partial_one():
    article = ArticleFactory(title="Primo titolo")
    article.title = "Palazzo Rovello"
    article.save(update_fields=["title"])

    assert Article.objects.search("rovello").get() == article


def test_search_ignores_html_and_query_syntax(client):
    ArticleFactory(title="Resoconto", body="<p>Buone pratiche di coprogettazione.</p>")

    assert "Resoconto" not in _search(client, "strong")
    for query in ['"buone pratiche"', "-coprogettazione", "pratiche & | !", "a:* <-> b"]:
        assert client.get("/cerca/", {"q": query}).status_code == 200


@postgresql_only
def test_search_finds_other_forms_of_the_words_on_postgresql(client):
    ArticleFactory(title="Resoconto", body="<p>Le reti territoriali si sono incontrate.</p>")
    ArticleFactory(title="Altro", body="<p>Nulla di simile.</p>")

    text = _search(client, "rete territoriale")

    assert "Resoconto" in text
    assert "Altro" not in text


@postgresql_only
def test_search_stems_joined_spellings_on_postgresql(client):
    ArticleFactory(title="Resoconto", body="<p>Le coprogettazioni di Lab’Impact.</p>")

    assert "Resoconto" in _search(client, "labimpact coprogettazione")


@postgresql_only
def test_search_expression_is_the_one_the_gin_index_holds():
    ArticleFactory.create_batch(3)
    # Only a bitmap scan is left to the planner: it can use the index only if the query
    # repeats the indexed expression exactly.
    with connection.cursor() as cursor:
        for scan in ("seqscan", "indexscan", "indexonlyscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
    plain = Article.objects.annotate(document=search_document()).filter(
        document=SearchQuery("coprogettazione", config="italian", search_type="plain")
    )
    joined = Article.objects.annotate(document=search_document()).filter(
        document=search_tsquery(Query("Lab Impact"))
    )

    assert "Bitmap Index Scan on article_search_idx" in plain.explain()
    assert "Bitmap Index Scan on article_search_idx" in joined.explain()


def test_a_search_asked_again_reads_nothing_until_content_changes(
    client, django_assert_num_queries
):
    ArticleFactory(title="Resoconto sulla coprogettazione")
    site_settings()
    first = _search(client, "coprogettazione")
    assert "Resoconto sulla coprogettazione" in first

    # The page cache is off in the tests: the results are kept per query and content version.
    with django_assert_num_queries(0):
        assert _search(client, "coprogettazione") == first

    ArticleFactory(title="Nuova coprogettazione")
    assert "Nuova coprogettazione" in _search(client, "coprogettazione")
    # Another query is another search.
    assert "Resoconto sulla coprogettazione" not in _search(client, "inesistente")


def test_a_refused_query_is_explained_every_time(client):
    too_long = "parola " * 200
    for _ in range(2):
        response = client.get("/cerca/", {"q": too_long})
        assert response.status_code == 400
        assert "La ricerca è troppo lunga" in response.content.decode()
