"""HEAD answers wherever GET does, and every response carries a Permissions-Policy."""

import pytest
from django.urls import reverse

from tests.factories import (
    ActorFactory,
    ArticleFactory,
    LinkFactory,
    MembershipFactory,
    NetworkFactory,
    SessionFactory,
    SessionSpeakerFactory,
    SpeakerFactory,
    TopicFactory,
)
from tests.urlwalk import urls_to_visit

pytestmark = pytest.mark.django_db

# Another change owns /health/ and its HEAD.
NOT_WALKED = ("/health/",)
# Powerful features the portal never uses: no page, nor anything injected into one, gets them.
DENIED_FEATURES = (
    "camera",
    "microphone",
    "geolocation",
    "payment",
    "usb",
    "interest-cohort",
    "browsing-topics",
)


def _public_world():
    topic = TopicFactory(name="Accoglienza", slug="accoglienza")
    session = SessionFactory(title="Giornata pubblica")
    session.topics.add(topic)
    SessionSpeakerFactory(session=session, speaker=SpeakerFactory(slug="relatrice-pubblica"))
    ArticleFactory(title="Resoconto pubblico", session=session, topics=[topic])
    actor = ActorFactory(name="Cooperativa pubblica", slug="cooperativa-pubblica")
    network = NetworkFactory(name="Rete pubblica", slug="rete-pubblica", lead=actor)
    MembershipFactory(network=network, actor=actor)
    LinkFactory(source=actor, target=ActorFactory(slug="comune-pubblico"))


def _assert_permissions_policy(response, where):
    policy = response.get("Permissions-Policy", "")
    for feature in DENIED_FEATURES:
        assert f"{feature}=()" in policy, f"{where}: {feature} not denied in {policy!r}"


def _walked_paths():
    paths, missing = urls_to_visit()
    assert not missing, missing
    walked = [path for path in paths if path not in NOT_WALKED]
    # Both languages are walked.
    assert any(path.startswith("/en/") for path in walked)
    return walked


def test_every_url_answers_head_as_it_answers_get_with_a_permissions_policy(client):
    _public_world()
    answered = 0

    for path in _walked_paths():
        get = client.get(path)
        head = client.head(path)
        _assert_permissions_policy(get, f"GET {path}")
        _assert_permissions_policy(head, f"HEAD {path}")
        if get.status_code != 200:
            continue

        assert head.status_code == 200, f"HEAD {path} answers {head.status_code}"
        assert head.content == b""
        assert head["Content-Type"] == get["Content-Type"], path
        answered += 1

    assert answered > 30


@pytest.mark.parametrize(
    "path",
    ["/non-esiste/", "/en/non-esiste/", "/articoli", "/admin/login/", "/health/", "/robots.txt"],
)
def test_errors_redirects_and_the_admin_send_a_permissions_policy(client, path):
    _assert_permissions_policy(client.get(path), path)


def test_a_page_from_the_page_cache_sends_a_permissions_policy(client, page_cache):
    _public_world()
    url = reverse("workshops:home")
    client.get(url)

    hit = client.get(url)

    assert "Resoconto pubblico" in hit.content.decode()
    _assert_permissions_policy(hit, "cached home page")
