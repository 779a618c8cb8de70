"""Log-in throttling counts the client's own address, behind proxies or not.

An attacker who fails log-ins for an editor's user name locks out only their own address:
the editor, at another address, still logs in. The settings are read from the real
settings module with ``DJANGO_PROXY_COUNT`` set as production sets it.
"""

import runpy
from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

SETTINGS_FILE = Path(__file__).resolve().parents[2] / "labimpact" / "settings.py"
# What the real settings may set for django-axes' address lookup, with axes' own defaults.
ADDRESS_SETTINGS = {
    "AXES_IPWARE_PROXY_COUNT": None,
    "AXES_IPWARE_PROXY_ORDER": "left-most",
    "AXES_IPWARE_PROXY_TRUSTED_IPS": None,
    "AXES_IPWARE_META_PRECEDENCE_ORDER": None,
    "IPWARE_STRICT": None,
}
PASSWORD = "la-password-giusta-123"
EDITOR = "203.0.113.9"
ATTACKER = "198.51.100.7"
PROXIES = ["10.0.0.1", "10.0.0.2"]


@pytest.fixture
def proxy_settings(settings, monkeypatch):
    """Load the project's settings with ``DJANGO_PROXY_COUNT`` and apply its address lookup."""

    def apply(proxy_count):
        monkeypatch.setenv("DJANGO_SECRET_KEY", "x" * 50)
        if proxy_count:
            monkeypatch.setenv("DJANGO_PROXY_COUNT", str(proxy_count))
        else:
            monkeypatch.delenv("DJANGO_PROXY_COUNT", raising=False)
        loaded = runpy.run_path(str(SETTINGS_FILE))
        for name, default in ADDRESS_SETTINGS.items():
            setattr(settings, name, loaded.get(name, default))

    return apply


@pytest.fixture
def editor_account(django_user_model):
    return django_user_model.objects.create_user("redattrice", password=PASSWORD, is_staff=True)


def _through_proxies(client, client_address, password, *, forged=()):
    """A log-in as it reaches Django behind the two proxies: each appends who it heard from."""
    chain = [*forged, client_address, *PROXIES[:-1]]
    return client.post(
        reverse("admin:login"),
        {"username": "redattrice", "password": password},
        REMOTE_ADDR=PROXIES[-1],
        HTTP_X_FORWARDED_FOR=", ".join(chain),
    )


def test_behind_proxies_an_attacker_cannot_lock_out_an_editor_elsewhere(
    client, proxy_settings, editor_account
):
    proxy_settings(len(PROXIES))

    attempts = [
        _through_proxies(client, ATTACKER, "sbagliata", forged=[EDITOR]).status_code
        for _ in range(5)
    ]
    # Forging another address in front of one's own does not start a fresh count.
    still_locked = _through_proxies(client, ATTACKER, PASSWORD, forged=["192.0.2.44"])
    editor = _through_proxies(client, EDITOR, PASSWORD)

    assert attempts == [200, 200, 200, 200, 429]
    assert still_locked.status_code == 429
    assert editor.status_code == 302
    assert editor.wsgi_request.user.is_authenticated
    assert editor.wsgi_request.user.username == "redattrice"


def test_behind_one_proxy_the_address_it_appended_is_the_client(
    client, proxy_settings, editor_account
):
    proxy_settings(1)

    def login(address, password, forged=()):
        return client.post(
            reverse("admin:login"),
            {"username": "redattrice", "password": password},
            REMOTE_ADDR=PROXIES[0],
            HTTP_X_FORWARDED_FOR=", ".join([*forged, address]),
        )

    attempts = [login(ATTACKER, "sbagliata", forged=[EDITOR]).status_code for _ in range(5)]
    editor = login(EDITOR, PASSWORD)

    assert attempts == [200, 200, 200, 200, 429]
    assert editor.status_code == 302


def test_without_proxies_a_forged_x_forwarded_for_is_ignored(
    client, proxy_settings, editor_account
):
    proxy_settings(0)

    def login(address, password, forwarded):
        return client.post(
            reverse("admin:login"),
            {"username": "redattrice", "password": password},
            REMOTE_ADDR=address,
            HTTP_X_FORWARDED_FOR=forwarded,
        )

    attempts = [
        login(ATTACKER, "sbagliata", forwarded=f"192.0.2.{n}").status_code for n in range(5)
    ]
    # Claiming to be the editor does not get the attacker in, nor lock the editor out.
    still_locked = login(ATTACKER, PASSWORD, forwarded=EDITOR)
    editor = login(EDITOR, PASSWORD, forwarded=ATTACKER)

    assert attempts == [200, 200, 200, 200, 429]
    assert still_locked.status_code == 429
    assert editor.status_code == 302
    assert editor.wsgi_request.user.is_authenticated
