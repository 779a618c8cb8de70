"""/health/ tells the load balancer the state of each dependency."""

import pytest
from django.core.cache import cache

from tests.outages import unreachable_database, unreachable_redis_caches

pytestmark = pytest.mark.django_db


def test_health_all_dependencies_up_answers_200_ok(client):
    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]
    assert "Retry-After" not in response


def test_health_answers_head_and_refuses_writes(client):
    head = client.head("/health/")

    assert head.status_code == 200
    assert head.content == b""
    assert client.post("/health/").status_code == 405


def test_health_cache_down_answers_200_degraded(settings, client):
    settings.CACHES = unreachable_redis_caches()

    response = client.get("/health/")

    assert response.status_code == 200
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}


def test_health_database_down_answers_503(client, tmp_path):
    with unreachable_database(tmp_path):
        response = client.get("/health/")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "unavailable", "cache": "ok"}
    assert response["Retry-After"] == "30"


def test_health_is_never_stored_and_leaves_no_probe_behind(client, page_cache, monkeypatch):
    monkeypatch.setattr("labimpact.views.secrets.token_hex", lambda size: "probe-token")
    client.get("/health/")

    second = client.get("/health/")

    assert second.json()["cache"] == "ok"
    assert "X-Cache" not in second
    assert cache.get("health:probe:probe-token") is None
