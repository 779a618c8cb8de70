"""Two app servers share one PostgreSQL and one Redis: a change through one shows on the other.

Runs only on PostgreSQL with a reachable REDIS_URL (`.ci/run` sets both); each server is
gunicorn with production settings on its own port of 127.0.0.1.
"""

import contextlib
import os
import re
import socket
import subprocess
import sys
import time
from http.client import HTTPConnection
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.auth.models import User
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from networks.models import Actor
from tests.factories import (
    ActorFactory,
    ArticleFactory,
    LinkFactory,
    SessionFactory,
    WorkshopFactory,
)
from tests.forms import form_data
from workshops.models import Article, Session

ROOT = Path(__file__).resolve().parents[2]
PORTS = range(8205, 8211)

pytestmark = [
    pytest.mark.multiserver,
    pytest.mark.usefixtures("page_cache"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# The open data about the network, Italian at the plain URLs and English under /en/.
NETWORK_DOWNLOADS = [
    f"{prefix}/rete/{name}"
    for prefix in ("", "/en")
    for name in (
        "grafo.json",
        "export/attori.csv",
        "export/legami.csv",
        "export/rete.gexf",
        "export/rete.graphml",
    )
]


class Browser:
    """Just enough HTTP for the test: keeps cookies, never follows redirects."""

    def __init__(self, port):
        self.port = port
        self.cookies = {}

    def request(self, method, path, data=None):
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            text = response.read().decode()
        finally:
            conn.close()
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        return response, text

    def get(self, path):
        return self.request("GET", path)

    def log_in(self, username, password):
        _, page = self.get("/admin/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        data = {"username": username, "password": password, "csrfmiddlewaretoken": token}
        response, _ = self.request("POST", "/admin/login/?next=/admin/", data)
        assert response.status == 302, "log-in failed"

    def admin_action(self, changelist, action, pks):
        data = {
            "action": action,
            "_selected_action": pks,
            "csrfmiddlewaretoken": self.cookies["csrftoken"],
        }
        response, _ = self.request("POST", changelist, data)
        assert response.status == 302, f"{action} failed on {changelist}"

    def change(self, change_url, form_id, **changes):
        """Submit an object's admin change form as an editor would, with ``changes`` made."""
        _, page = self.get(change_url)
        data = form_data(page, form_id, _save="Salva", **changes)
        response, page = self.request("POST", change_url, data)
        assert response.status == 302, f"saving {change_url} failed: {page[:2000]}"


def _free_ports(count):
    free = []
    for port in PORTS:
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) != 0:
                free.append(port)
        if len(free) == count:
            return free
    pytest.fail(f"no {count} free ports in {PORTS}")


def _redis_reachable(url):
    import redis

    try:
        return redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError:
        return False


def _database_url():
    db = connection.settings_dict
    auth = db["USER"] + (f":{db['PASSWORD']}" if db["PASSWORD"] else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture(scope="module")
def servers(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two servers without a public address: the big files are made in each request."""
    with _running(tmp_path_factory) as ports:
        yield ports


@pytest.fixture(scope="module")
def servers_with_worker(django_db_setup, django_db_blocker, tmp_path_factory):
    """Two servers with a public address, one shared media folder and a task worker: the
    big files are built by the worker (labimpact/builtfiles.py), as in production."""
    media = tmp_path_factory.mktemp("media")
    # A second to settle, not ten: the tests wait for the worker (labimpact/builtfiles.py).
    extra = {
        "SITE_URL": "http://127.0.0.1",
        "MEDIA_ROOT": str(media),
        "TASKS_BACKEND": "database",
        "BUILD_SETTLE_SECONDS": "1",
    }
    with _running(tmp_path_factory, extra, worker=True) as ports:
        yield ports, extra


@contextlib.contextmanager
def _running(tmp_path_factory, extra=None, worker=False):
    redis_url = os.environ.get("REDIS_URL", "")
    if connection.vendor != "postgresql" or not redis_url or not _redis_reachable(redis_url):
        pytest.skip("needs DATABASE_URL on PostgreSQL and a reachable REDIS_URL")
    static_root = tmp_path_factory.mktemp("static")
    env = _environment(extra)
    env["STATIC_ROOT"] = str(static_root)
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=300,
    )
    ports = _free_ports(2)
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "labimpact.wsgi:application",
                "--workers=2",
                f"--bind=127.0.0.1:{port}",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
        )
        for port in ports
    ]
    if worker:
        processes.append(
            subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval=0.2"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
            )
        )
    try:
        for port in ports:
            _wait_until_up(port)
        yield ports
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            process.wait(timeout=30)


def _environment(extra=None):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "labimpact.settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": "multiserver-test-secret-key-" + "k" * 40,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": _database_url(),
        "CACHE_KEY_PREFIX": settings.CACHES["default"]["KEY_PREFIX"],
        **(extra or {}),
    }


def _wait_until_up(port):
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            response, _ = Browser(port).get("/health/")
            if response.status == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    pytest.fail(f"gunicorn on port {port} did not start")


def _create_editor():
    # Hashed as the servers' production settings expect, not with the tests' fast hasher.
    User.objects.create(
        username="redazione",
        is_staff=True,
        is_superuser=True,
        password=PBKDF2PasswordHasher().encode("pw-redazione-123", "multiserversalt"),
    )


def test_change_through_one_server_shows_at_once_on_the_other(servers):
    port_a, port_b = servers
    workshop = WorkshopFactory(title="Laboratorio condiviso")
    SessionFactory(workshop=workshop, title="Giornata già in calendario")
    hidden_session = SessionFactory(
        workshop=workshop, title="Giornata appena confermata", is_published=False
    )
    ArticleFactory(title="Resoconto di ieri")
    draft = ArticleFactory(draft=True, title="Resoconto appena pubblicato")
    _create_editor()

    # Server B has every page in its cache before the change.
    other = Browser(port_b)
    pages = {
        "home": "/",
        "reports": reverse("workshops:article_list"),
        "workshop": workshop.get_absolute_url(),
        "feed": reverse("workshops:article_feed"),
        "ics": reverse("workshops:calendar_ics"),
    }
    for url in pages.values():
        other.get(url)
    before = {name: other.get(url) for name, url in pages.items()}
    for name, (response, text) in before.items():
        assert response.status == 200, name
        assert response.getheader("X-Cache") == "hit", name
        assert "Resoconto appena pubblicato" not in text
        assert "Giornata appena confermata" not in text

    # An editor publishes the article and the session through server A's admin.
    editor = Browser(port_a)
    editor.log_in("redazione", "pw-redazione-123")
    editor.admin_action(reverse("admin:workshops_article_changelist"), "publish", [draft.pk])
    editor.admin_action(
        reverse("admin:workshops_session_changelist"), "publish", [hidden_session.pk]
    )
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED
    assert draft.published_at <= timezone.now()
    assert Session.objects.get(pk=hidden_session.pk).is_published

    # Server B shows both at once, with no wait for the cache to expire.
    after = {name: other.get(url) for name, url in pages.items()}
    for name in ("home", "reports", "feed"):
        assert "Resoconto appena pubblicato" in after[name][1], name
    for name in ("workshop", "ics"):
        assert "Giornata appena confermata" in after[name][1], name
    assert after["home"][0].getheader("X-Cache") == "miss"


def test_withdrawal_through_one_server_leaves_the_open_data_at_once_on_the_other(servers):
    port_a, port_b = servers
    kept = ActorFactory(name="Cooperativa Rimasta")
    withdrawn = ActorFactory(
        name="Associazione Ritirata", municipality="Crema", website="https://ritirata.example"
    )
    LinkFactory(source=kept, target=withdrawn, description="Legame con chi si ritira")
    LinkFactory(source=kept, description="Legame che resta")
    _create_editor()

    # Server B has the graph and every export, in both languages, in its cache.
    other = Browser(port_b)
    for url in NETWORK_DOWNLOADS:
        other.get(url)
    for url in NETWORK_DOWNLOADS:
        response, text = other.get(url)
        assert response.status == 200, url
        assert response.getheader("X-Cache") == "hit", url
        assert "Associazione Ritirata" in text, url

    # An editor withdraws the actor on server A: the change form, «Pubblicato» unticked.
    editor = Browser(port_a)
    editor.log_in("redazione", "pw-redazione-123")
    editor.change(
        reverse("admin:networks_actor_change", args=[withdrawn.pk]),
        "actor_form",
        is_published=False,
    )
    assert not Actor.objects.get(pk=withdrawn.pk).is_published

    # Nothing about the actor is left on server B, at once.
    for url in NETWORK_DOWNLOADS:
        response, text = other.get(url)
        assert response.status == 200, url
        assert "Cooperativa Rimasta" in text, url
        for trace in ("Associazione Ritirata", "ritirata.example", "Legame con chi si ritira"):
            assert trace not in text, (url, trace)


def test_withdrawal_through_one_server_leaves_the_built_files_once_the_worker_ran(
    servers_with_worker,
):
    (port_a, port_b), extra = servers_with_worker
    kept = ActorFactory(name="Cooperativa Rimasta")
    withdrawn = ActorFactory(name="Associazione Ritirata", website="https://ritirata.example")
    LinkFactory(source=kept, target=withdrawn, description="Legame con chi si ritira")
    LinkFactory(source=kept, description="Legame che resta")
    _create_editor()
    # What a deploy runs: every file built before the first visitor.
    subprocess.run(
        [sys.executable, "manage.py", "build_files", "-v0"],
        cwd=ROOT,
        env=_environment(extra),
        check=True,
        timeout=300,
    )
    other = Browser(port_b)
    for url in NETWORK_DOWNLOADS:
        response, text = other.get(url)
        assert response.status == 200, url
        assert response.getheader("Accept-Ranges") == "bytes", url  # the built file
        assert "Associazione Ritirata" in text, url

    editor = Browser(port_a)
    editor.log_in("redazione", "pw-redazione-123")
    editor.change(
        reverse("admin:networks_actor_change", args=[withdrawn.pk]),
        "actor_form",
        is_published=False,
    )

    # Server B serves a file all along, and the worker's new one within seconds.
    deadline = time.monotonic() + 60
    left = list(NETWORK_DOWNLOADS)
    while left and time.monotonic() < deadline:
        for url in list(left):
            response, text = other.get(url)
            assert response.status == 200, url
            if "Associazione Ritirata" not in text:
                assert "Cooperativa Rimasta" in text, url
                assert "ritirata.example" not in text, url
                left.remove(url)
        time.sleep(0.5)
    assert left == [], f"still showing the withdrawn actor after 60 s: {left}"


def test_measures_the_worker_computed_show_on_both_servers(servers_with_worker):
    (port_a, port_b), extra = servers_with_worker
    kept = ActorFactory(name="Cooperativa Misurata", slug="cooperativa-misurata")
    LinkFactory(source=kept, target=ActorFactory(name="Comune Vicino"))
    newcomer = ActorFactory(
        name="Associazione Nuova", slug="associazione-nuova", is_published=False
    )
    LinkFactory(source=newcomer, target=kept)
    _create_editor()
    subprocess.run(
        [sys.executable, "manage.py", "build_files", "networks", "-v0"],
        cwd=ROOT,
        env=_environment(extra),
        check=True,
        timeout=300,
    )
    other = Browser(port_b)
    _, page = other.get(kept.get_absolute_url())
    assert "Legami (attori collegati)</dt><dd>1</dd>" in page

    editor = Browser(port_a)
    editor.log_in("redazione", "pw-redazione-123")
    editor.change(
        reverse("admin:networks_actor_change", args=[newcomer.pk]),
        "actor_form",
        is_published=True,
    )

    # Server B shows the newcomer at once, and its measures once the worker stored them;
    # meanwhile its page says they are being computed (a worker may also be quicker).
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        response, page = other.get("/rete/attori/associazione-nuova/")
        assert response.status == 200
        if "Legami (attori collegati)</dt><dd>1</dd>" in page:
            break
        assert "Le misure della rete sono in calcolo" in page
        time.sleep(0.2)
    else:
        pytest.fail("the newcomer's measures did not show within 60 s")
    _, page = other.get(kept.get_absolute_url())
    assert "Legami (attori collegati)</dt><dd>2</dd>" in page
    _, page = Browser(port_a).get("/rete/")
    assert "Associazione Nuova" in page
