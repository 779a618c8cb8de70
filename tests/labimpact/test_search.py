"""The normaliser shared by every app's search: text and queries folded the same way."""

import pytest

from labimpact.search import Query, document, words
from labimpact.templatetags.search_tags import excerpt, highlight


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Lab'Impact", ["lab", "impact"]),
        ("Lab\u2019Impact", ["lab", "impact"]),
        ("L’Università di Città", ["l", "universita", "di", "citta"]),
        ("dott.ssa De Aloe", ["dott", "ssa", "de", "aloe"]),
    ],
)
def test_words_fold_case_accents_and_apostrophes(text, expected):
    assert words(text) == expected


def test_document_adds_joined_neighbours_but_not_across_punctuation():
    text = document("<p>Lab'Impact, Lombardia</p>", "ANCI-Lab")

    assert " lab impact " in text
    assert " labimpact " in text
    assert " impactlombardia " not in text
    assert " ancilab " in text


def test_query_drops_honorifics_and_keeps_at_most_eight_words():
    assert Query("dott.ssa Silvia De Aloe").terms == ["silvia", "de", "aloe"]
    assert not Query("dott. prof.")
    assert len(Query("parola " * 50).terms) == 8


@pytest.mark.parametrize("query", ["Lab Impact", "labimpact", "Lab’Impact"])
def test_query_matches_every_spelling(query):
    for text in ["Lab'Impact", "LabImpact", "Lab Impact", "lab-impact"]:
        assert Query(query).matches(document(text)), (query, text)


def test_highlight_escapes_text_and_marks_joined_words():
    assert highlight("Lab’Impact & co", "labimpact") == (
        "<mark>Lab</mark>’<mark>Impact</mark> &amp; co"
    )
    assert highlight("a <script>x</script>", "x") == "a &lt;script&gt;<mark>x</mark>&lt;/script&gt;"
    assert excerpt("<p>a <script>x</script></p>", "x") == "a <mark>x</mark>"
    assert highlight("1 < 2 rete", "rete") == "1 &lt; 2 <mark>rete</mark>"


def test_excerpt_shows_the_text_around_the_first_word_found():
    text = "inizio " * 60 + "il punto Rovello " + "fine " * 60

    shown = excerpt(text, "rovello")

    assert shown.startswith("… ")
    assert "<mark>Rovello</mark>" in shown
    assert len(shown) < 300
