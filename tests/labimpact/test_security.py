import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]


def test_deploy_check_is_clean_with_production_environment():
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="labimpact.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="a-production-like-secret-key-that-is-long-and-random-0123456789",
        DJANGO_ALLOWED_HOSTS="labimpact.example.org",
        DJANGO_SECURE_PROXY_SSL_HEADER="true",
        SITE_URL="https://labimpact.example.org",
        OPEN_DATA_PUBLISHER_ID="c_f205",
    )

    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_settings_refuse_to_start_without_secret_key_when_debug_is_off():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE="labimpact.settings", DJANGO_DEBUG="false")

    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_security_headers_on_public_pages(client):
    response = client.get("/")

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in policy
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_public_pages_have_no_inline_script(client):
    content = client.get("/").content.decode()

    for chunk in content.split("<script")[1:]:
        opening = chunk.split(">", 1)[0]
        assert (
            "src=" in opening or "application/ld+json" in opening or "application/json" in opening
        )


@pytest.mark.django_db
def test_admin_login_is_throttled_after_repeated_failures(client, django_user_model):
    django_user_model.objects.create_user(
        "redattrice", password="la-password-giusta-123", is_staff=True
    )
    url = reverse("admin:login")
    statuses = [
        client.post(url, {"username": "redattrice", "password": "sbagliata"}).status_code
        for _ in range(5)
    ]

    assert statuses == [200, 200, 200, 200, 429]
    locked = client.post(url, {"username": "redattrice", "password": "la-password-giusta-123"})

    assert locked.status_code == 429
    assert not locked.wsgi_request.user.is_authenticated


def test_the_served_application_never_defaults_to_debug():
    env = {key: value for key, value in os.environ.items() if not key.startswith("DJANGO_")}

    result = subprocess.run(
        [sys.executable, "-c", "import labimpact.wsgi"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr
