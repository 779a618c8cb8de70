"""Hostile values in every public URL and query parameter never make a 5xx."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import ArticleFactory, SessionFactory, SessionSpeakerFactory, TopicFactory
from tests.urlwalk import urls_to_visit

PARAMETERS = [
    "page", "q", "year", "month", "workshop", "topic", "speaker", "kind", "province",
    "network", "format", "lang", "sort", "order",
]  # fmt: skip

HOSTILE_VALUES = st.one_of(
    st.sampled_from(
        [
            "abc",
            "-1",
            "0",
            str(10**20),
            "1e9",
            "",
            " ",
            "%",
            "%00",
            "\x00",
            "a\x00b",
            "x" * 10_000,
            "' OR 1=1 --",
            '"; DROP TABLE workshops_article; --',
            "../../etc/passwd",
            "<script>alert(1)</script>",
            "\u202e\u200b\ufeff",
            "città 🏙️",
            "𝔖𝔄𝔍",
            "\ud7ff",
            "NaN",
            "None",
            "null",
            "[]",
            "{}",
            "2020-13",
            "9999",
            "-2020",
        ]
    ),  # fmt: skip
    st.text(max_size=300),
    st.integers().map(str),
)


@pytest.fixture
def public_paths(django_db_blocker):
    with django_db_blocker.unblock():
        topic = TopicFactory(slug="sai")
        session = SessionFactory()
        session.topics.add(topic)
        SessionSpeakerFactory(session=session)
        ArticleFactory(session=session, topics=[topic])
        paths, missing = urls_to_visit()
    assert not missing
    return paths


@pytest.mark.django_db
@settings(
    max_examples=250,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_hostile_query_parameters_never_cause_a_server_error(client, public_paths, data):
    path = data.draw(st.sampled_from(public_paths))
    params = data.draw(st.dictionaries(st.sampled_from(PARAMETERS), HOSTILE_VALUES, max_size=3))

    response = client.get(path, params)

    assert response.status_code in {200, 301, 302, 304, 400, 404}, (path, params)


@pytest.mark.django_db
@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(segment=st.text(min_size=1, max_size=200))
def test_hostile_path_segments_answer_404_not_500(client, segment):
    from urllib.parse import quote

    for prefix in (
        "/articoli/", "/laboratori/", "/relatori/", "/temi/", "/laboratori/x/",
        "/en/articoli/", "/en/laboratori/x/", "/en/",
    ):  # fmt: skip
        response = client.get(prefix + quote(segment, safe="") + "/")
        assert response.status_code in {200, 301, 302, 400, 404}, (prefix, segment)
