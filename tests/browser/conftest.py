"""Real-browser fixtures: Debian's Chromium driven by Playwright against the live server.

The live server serves the static files as production does: collected into a
temporary ``STATIC_ROOT`` with whitenoise's hashed, compressed storage and
served by whitenoise, not by the staticfiles finders Django's test server uses.
"""

import os
import shutil
import tempfile
import threading
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.test.utils import override_settings
from pytest_django.live_server_helper import LiveServer

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HOW_TO_ENABLE = (
    f"Chromium not found at {CHROMIUM}: the browser tests need it. Install Debian's package "
    "(apt-get install chromium) or point CHROMIUM_PATH at a Chromium or Chrome binary."
)
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
DESKTOP = {"width": 1280, "height": 900}
MOBILE = {"width": 360, "height": 740}
BROWSER_TESTS = Path(__file__).resolve().parent


def in_ci():
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """In CI a skipped browser test is a failure: CI must have run them all."""
    report = yield
    if report.skipped and in_ci() and BROWSER_TESTS in Path(str(item.path)).parents:
        report.outcome = "failed"
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else report.longrepr
        report.longrepr = f"Browser test skipped with CI=true, which must not happen: {reason}"
    return report


@pytest.fixture(scope="session")
def production_static(django_db_blocker):
    """Static files built as for production, and the settings that serve them."""
    static_root = Path(tempfile.mkdtemp(prefix="labimpact-test-static-"))
    production = override_settings(
        STATIC_ROOT=static_root,
        STORAGES={
            "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
            "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
        },
    )
    with production:
        call_command("collectstatic", interactive=False, verbosity=0)
    yield production
    shutil.rmtree(static_root, ignore_errors=True)


@pytest.fixture(scope="session")
def live_server(request, production_static):
    """pytest-django's live server, with whitenoise serving the collected static files."""
    addr = (
        request.config.getvalue("liveserver")
        or os.getenv("DJANGO_LIVE_TEST_SERVER_ADDRESS")
        or "localhost"
    )
    with production_static:
        server = LiveServer(addr, start=False)
        # Django's test server would answer /static/ from the finders (unhashed
        # sources); in production whitenoise answers from STATIC_ROOT.
        server.thread.static_handler = (
            _one_request_at_a_time if server.thread.connections_override else _no_static_handler
        )
        server.start()
    yield server
    server.stop()


def _no_static_handler(application):
    return application


# On SQLite in memory every request thread of the live server uses the one connection the
# tests hold. Two requests on it at once (a page and the browser's next request) once hung
# CI's run for half an hour: both threads stuck inside SQLite. One request at a time, then.
_sqlite_lock = threading.Lock()


def _one_request_at_a_time(application):
    def serve(environ, start_response):
        _sqlite_lock.acquire()
        try:
            result = application(environ, start_response)
        except BaseException:
            _sqlite_lock.release()
            raise
        # A streamed body may still read the database: the lock goes with the response,
        # and the server always closes a response, even one the browser stopped reading.
        return _Releasing(result)

    return serve


class _Releasing:
    def __init__(self, result):
        self.result = result
        self.released = False

    def __iter__(self):
        return iter(self.result)

    def close(self):
        try:
            if hasattr(self.result, "close"):
                self.result.close()
        finally:
            if not self.released:
                self.released = True
                _sqlite_lock.release()


@pytest.fixture
def _production_settings(production_static):
    with production_static:
        yield


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(HOW_TO_ENABLE)
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls the tests
    # make between browser steps are still plain synchronous calls.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    # Starting Playwright can leave this thread with new database connection objects,
    # without the copy of the migrated data that serialized rollback restores between
    # tests; hand that copy to whichever connections the tests now see.
    serialized = {
        alias: connections[alias]._test_serialized_contents
        for alias in connections
        if hasattr(connections[alias], "_test_serialized_contents")
    }
    playwright = sync_playwright().start()
    for alias, contents in serialized.items():
        connections[alias]._test_serialized_contents = contents
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()
    playwright.stop()
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


class PageProblems:
    """JavaScript errors, failed requests and CSP violations seen by one page."""

    def __init__(self, page):
        self.errors = []
        page.on("pageerror", lambda error: self.errors.append(f"JavaScript error: {error}"))
        page.on("console", self._console)
        page.on("requestfailed", self._request_failed)
        page.on("response", self._response)

    def _console(self, message):
        # Failed loads are reported with their URL by _response.
        if message.type == "error" and not message.text.startswith("Failed to load resource"):
            self.errors.append(f"console error: {message.text}")

    def _response(self, response):
        # A page may answer 404 on purpose; what it loads must not.
        if response.status >= 400 and response.request.resource_type != "document":
            self.errors.append(f"{response.status} for {response.url}")

    def _request_failed(self, request):
        # A download the test asked for ends the request on purpose.
        if request.failure != "net::ERR_ABORTED":
            self.errors.append(f"request failed: {request.url} ({request.failure})")


CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  console.error(`CSP violation: ${event.violatedDirective} blocked ${event.blockedURI}`);
});
"""


def _open_page(browser, live_server, viewport):
    context = browser.new_context(
        base_url=live_server.url,
        viewport=viewport,
        locale="it-IT",
        timezone_id="Europe/Rome",
        accept_downloads=True,
    )
    context.set_default_timeout(10_000)
    context.add_init_script(CSP_LISTENER)
    page = context.new_page()
    problems = PageProblems(page)
    return context, page, problems


@pytest.fixture
def page(browser, live_server, _production_settings):
    """A desktop-sized page; the test fails if the page logs an error or a CSP violation."""
    context, page, problems = _open_page(browser, live_server, DESKTOP)
    yield page
    context.close()
    assert not problems.errors, "\n".join(problems.errors)


@pytest.fixture
def mobile_page(browser, live_server, _production_settings):
    """A phone-sized page (360×740), held to the same no-errors rule."""
    context, page, problems = _open_page(browser, live_server, MOBILE)
    yield page
    context.close()
    assert not problems.errors, "\n".join(problems.errors)


@pytest.fixture
def screenshot(request):
    """Save a full-page screenshot under test-artifacts/, named after the test."""

    def take(page, step=""):
        ARTIFACTS.mkdir(exist_ok=True)
        name = request.node.name.replace("[", "-").replace("]", "").replace("/", "-")
        path = ARTIFACTS / f"{name}{'-' + step if step else ''}.png"
        # A long page (the sample's map lists 150 actors) takes a while to capture whole.
        page.screenshot(path=path, full_page=True, animations="disabled", timeout=90_000)
        return path

    return take


def _reset_database(connection):
    """Empty every table, then put back the rows the migrations made (groups, sections…)."""
    _flush(connection)
    connection.creation.deserialize_db_from_string(connection._test_serialized_contents)


def _flush(connection):
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    connection.ops.execute_sql_flush(
        connection.ops.sql_flush(no_style(), tables, reset_sequences=False, allow_cascade=True)
    )


def _stored_models():
    return [
        model
        for model in apps.get_models(include_auto_created=True)
        if model._meta.managed and not model._meta.proxy
    ]


def _restore(connection, rows):
    """Every table as it was when ``rows`` were read: one bulk insert per table."""
    _flush(connection)
    with connection.constraint_checks_disabled(), transaction.atomic(using=connection.alias):
        for model, instances in rows.items():
            model._base_manager.using(connection.alias).bulk_create(instances)
    # Rows came back with their keys: the sequences must start after them.
    statements = connection.ops.sequence_reset_sql(no_style(), list(rows))
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    ContentType.objects.clear_cache()
    cache.clear()


@pytest.fixture(scope="session")
def sample_rows(django_db_setup, django_db_blocker):
    """The demo and the sample programme, loaded once per run and read back as rows.

    Loading the sample takes seconds; putting its rows back takes a fraction of one, so
    each test that needs it (``sample_site``) starts from the same rows without loading
    again, whatever the tests before it did to the database.
    """
    from tests.browser.pages import build_sample

    connection = connections[DEFAULT_DB_ALIAS]
    with django_db_blocker.unblock():
        _reset_database(connection)
        sample = build_sample()
        rows = {
            model: list(model._base_manager.using(connection.alias).order_by("pk"))
            for model in _stored_models()
        }
    return sample, {model: instances for model, instances in rows.items() if instances}


@pytest.fixture
def sample_site(sample_rows, transactional_db):
    """The sample site for one transactional test (mark it ``serialized_rollback=True``)."""
    sample, rows = sample_rows
    _restore(connections[DEFAULT_DB_ALIAS], rows)
    return sample
