"""The JSON API at /api/v1/: published content only, filters, pages, errors, ETags, licence."""

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from networks.models import Actor
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    LinkFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
    WorkshopFactory,
)
from workshops.licence import LICENSE_URL

pytestmark = pytest.mark.django_db

LICENSE_LINK = f'<{LICENSE_URL}>; rel="license"'


def _get(client, name, query="", **headers):
    return client.get(reverse(f"api:{name}") + query, headers=headers)


def _slugs(response):
    return [item["slug"] for item in response.json()["results"]]


def test_articles_list_published_ones_with_summary_and_url_but_no_body(client):
    topic = TopicFactory(slug="accoglienza")
    ArticleFactory(
        slug="pubblicato", summary="La sintesi.", body="<p>Il testo.</p>", topics=[topic]
    )
    ArticleFactory(slug="in-bozza", draft=True)
    ArticleFactory(slug="programmato", scheduled=True)

    response = _get(client, "article_list")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    [article] = response.json()["results"]
    assert article["slug"] == "pubblicato"
    assert article["summary"] == "La sintesi."
    assert article["url"] == "http://testserver/articoli/pubblicato/"
    assert article["topics"] == ["accoglienza"]
    assert article["body"] is None
    assert "Il testo" not in response.content.decode()


def test_article_body_comes_on_request(client):
    ArticleFactory(body="<p>Il testo completo.</p>")

    [article] = _get(client, "article_list", "?include=body").json()["results"]

    assert article["body"] == "<p>Il testo completo.</p>"


def test_sessions_of_a_hidden_workshop_and_hidden_sessions_are_not_listed(client):
    shown = SessionFactory(slug="visibile")
    SessionFactory(slug="in-bozza", workshop=shown.workshop, is_published=False)
    SessionFactory(slug="nel-laboratorio-nascosto", workshop__is_published=False)

    assert _slugs(_get(client, "session_list")) == ["visibile"]


def test_speakers_show_public_fields_only(client):
    session = SessionFactory()
    SessionSpeakerFactory(session=session, speaker__slug="citata", speaker__last_name="Citata")
    SpeakerFactory(slug="mai-citata")
    SessionSpeakerFactory(session=session, speaker__slug="ritirata", speaker__is_published=False)

    response = _get(client, "speaker_list")

    [speaker] = response.json()["results"]
    assert speaker["slug"] == "citata"
    assert speaker["display_name"].endswith("Citata")
    assert not {"is_published", "search_text", "version", "created_at"} & set(speaker)


def test_a_private_person_is_listed_without_anything_that_names_them(client):
    person = ActorFactory(
        name="Mario Privato", slug="mario-privato", kind=Actor.Kind.PERSON, municipality="Borgo"
    )
    LinkFactory(source=person)

    response = _get(client, "actor_list")

    text = response.content.decode()
    assert "Mario" not in text
    assert "Borgo" not in text
    listed = {actor["id"]: actor for actor in response.json()["results"]}
    assert listed[person.pk]["name"] == "Persona privata"
    assert listed[person.pk]["slug"] is None
    assert listed[person.pk]["url"] is None


def test_links_between_a_published_and_a_hidden_actor_are_not_listed(client):
    shown = LinkFactory()
    LinkFactory(source=shown.source, target__is_published=False)

    assert [link["id"] for link in _get(client, "link_list").json()["results"]] == [shown.pk]


def test_filters_by_workshop_topic_and_year(client):
    topic = TopicFactory(slug="lavoro")
    workshop = WorkshopFactory(slug="lab-lavoro")
    in_2021 = SessionFactory(
        workshop=workshop, slug="g-2021", starts_at=dt.datetime(2021, 5, 4, 10, tzinfo=dt.UTC)
    )
    in_2021.topics.add(topic)
    SessionFactory(
        workshop=workshop, slug="g-2022", starts_at=dt.datetime(2022, 5, 4, 10, tzinfo=dt.UTC)
    )
    SessionFactory(slug="altrove", starts_at=dt.datetime(2021, 6, 4, 10, tzinfo=dt.UTC))
    ArticleFactory(slug="sul-lab", session=in_2021)
    ArticleFactory(slug="altro")

    assert sorted(_slugs(_get(client, "session_list", "?workshop=lab-lavoro"))) == [
        "g-2021",
        "g-2022",
    ]
    assert _slugs(_get(client, "session_list", "?workshop=lab-lavoro&year=2021")) == ["g-2021"]
    assert _slugs(_get(client, "session_list", "?topic=lavoro")) == ["g-2021"]
    assert _slugs(_get(client, "workshop_list", "?year=2022")) == ["lab-lavoro"]
    assert _slugs(_get(client, "article_list", "?workshop=lab-lavoro")) == ["sul-lab"]
    assert _slugs(_get(client, "session_list", "?workshop=non-esiste")) == []


def test_updated_since_keeps_what_changed_from_then_on(client):
    old = ArticleFactory(slug="vecchio")
    type(old).objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=30))
    ArticleFactory(slug="nuovo")
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()

    response = client.get(reverse("api:article_list"), {"updated_since": since})

    assert _slugs(response) == ["nuovo"]


def test_pages_link_to_each_other_and_a_page_past_the_end_is_empty(client):
    for number in range(3):
        TopicFactory(slug=f"tema-{number}", name=f"Tema {number}")

    first = _get(client, "topic_list", "?page_size=2").json()
    second = client.get(first["next"]).json()
    beyond = _get(client, "topic_list", "?page_size=2&page=9").json()

    assert first["count"] == 3
    assert first["previous"] is None
    assert first["next"] == "http://testserver/api/v1/topics?page_size=2&page=2"
    assert [topic["slug"] for topic in second["results"]] == ["tema-2"]
    assert second["next"] is None
    assert beyond["results"] == []
    assert beyond["count"] == 3


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("?page_size=101", "page_size"),
        ("?page_size=0", "page_size"),
        ("?page=0", "page"),
        ("?page=abc", "page"),
        ("?page=99999999999999999999", "page"),
        ("?year=abc", "year"),
        ("?year=99999", "year"),
        ("?topic=%00", "topic"),
        ("?topic=%3Cscript%3E", "topic"),
        ("?updated_since=ieri", "updated_since"),
        ("?updated_since=2025-01-31", "updated_since"),
        ("?updated_since=2025-01-31T00:00:00", "updated_since"),
        ("?updated_since=0.5", "updated_since"),
        ("?include=tutto", "include"),
    ],
)
def test_bad_values_answer_400_in_json_naming_the_parameter(client, query, parameter):
    response = _get(client, "article_list", query)

    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    assert [error["parameter"] for error in response.json()["errors"]] == [parameter]
    assert response["Link"] == LICENSE_LINK


def test_every_answer_names_the_licence(client):
    TopicFactory()

    for name in ["index", "topic_list", "openapi-json"]:
        response = _get(client, name)
        assert response["Link"] == LICENSE_LINK, name
    assert _get(client, "topic_list").json()["license"] == {"id": "CC-BY-4.0", "url": LICENSE_URL}
    info = _get(client, "openapi-json").json()["info"]
    assert info["license"]["identifier"] == "CC-BY-4.0"
    assert info["license"]["url"] == LICENSE_URL


def test_etag_turns_stale_when_content_changes(client):
    article = ArticleFactory(title="Prima")
    first = _get(client, "article_list")

    unchanged = _get(client, "article_list", **{"if-none-match": first["ETag"]})
    article.title = "Dopo"
    article.save()
    changed = _get(client, "article_list", **{"if-none-match": first["ETag"]})

    assert unchanged.status_code == 304
    assert unchanged["Link"] == LICENSE_LINK
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]
    assert "Dopo" in changed.content.decode()


def test_etag_differs_between_queries(client):
    assert _get(client, "article_list")["ETag"] != _get(client, "article_list", "?page=2")["ETag"]


def test_head_answers_as_get_without_a_body(client):
    TopicFactory()

    get = _get(client, "topic_list")
    head = client.head(reverse("api:topic_list"))

    assert head.status_code == 200
    assert head.content == b""
    assert head["Content-Type"] == get["Content-Type"]
    assert head["ETag"] == get["ETag"]


def test_index_lists_every_endpoint(client):
    index = _get(client, "index").json()

    assert set(index["endpoints"]) == {
        "workshop", "session", "speaker", "topic", "article", "actor", "network", "link",
        "encounter",
    }  # fmt: skip
    assert index["endpoints"]["article"] == "http://testserver/api/v1/articles"
    assert index["documentation"] == "http://testserver/api/"


def test_the_api_has_no_english_copy(client):
    assert client.get("/en/api/v1/").status_code == 404
    assert client.get("/en/api/v1/articles").status_code == 404


def test_documentation_page_shows_every_operation_of_the_schema(client):
    schema = _get(client, "openapi-json").json()

    response = client.get(reverse("opendata:api_docs"))

    text = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="it">' in text
    for path, methods in schema["paths"].items():
        assert f"GET {path}" in text
        for parameter in methods["get"].get("parameters", []):
            assert f"<code>{parameter['name']}</code>" in text
    assert "CC BY 4.0" in text
    assert LICENSE_URL in text or "creativecommons.org/licenses/by/4.0/deed.it" in text
    # Nothing from a CDN: every script and style sheet is the site's own.
    sources = re.findall(r'<script[^>]* src="([^"]+)"|<link rel="stylesheet" href="([^"]+)"', text)
    sources = [found for pair in sources for found in pair if found]
    assert sources
    assert [src for src in sources if src.startswith(("http:", "https:", "//"))] == []
    assert "swagger" not in text.lower()


def test_documentation_page_in_english(client):
    response = client.get("/en/api/")

    text = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in text
    assert "Open data API" in text
    assert "Articles" in text
    assert "GET /api/v1/articles" in text


def test_gzipped_answer_keeps_its_etag_usable(client):
    ArticleFactory()
    gzipped = _get(client, "article_list", **{"accept-encoding": "gzip"})

    again = _get(
        client, "article_list", **{"accept-encoding": "gzip", "if-none-match": gzipped["ETag"]}
    )

    assert gzipped["Content-Encoding"] == "gzip"
    assert gzipped["ETag"].startswith('W/"')
    assert again.status_code == 304
