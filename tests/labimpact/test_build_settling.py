"""A burst of edits makes one build of the big files, not one per edit; and an editor who
never stops publishing delays the files by BUILD_MAX_WAIT_SECONDS at most."""

import datetime as dt
import io
import json
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from django_tasks import default_task_backend

from labimpact import builtfiles
from networks.tasks import rebuild_network_files
from tests.factories import ActorFactory
from workshops.caching import bump_content_version, content_version

pytestmark = pytest.mark.django_db

GRAPH = "rete/grafo.json"


@pytest.fixture(autouse=True)
def no_built_files(settings):
    settings.SITE_URL = "https://labimpact.example.org"
    settings.BUILD_SETTLE_SECONDS = 10
    settings.BUILD_MAX_WAIT_SECONDS = 120
    built = Path(settings.MEDIA_ROOT) / builtfiles.ROOT
    shutil.rmtree(built, ignore_errors=True)
    yield
    shutil.rmtree(built, ignore_errors=True)


@pytest.fixture
def queue(settings):
    """A task backend that keeps what is queued, and when it may run, as a worker's would."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    yield default_task_backend
    default_task_backend.clear()


def _built_at(name=GRAPH):
    return builtfiles.read_manifest("it", name)["built_at"]


def test_a_change_is_built_once_it_has_settled(queue, django_capture_on_commit_callbacks):
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ActorFactory(name="Attore nuovo")

    waits = [result.task.run_after - before for result in queue.results]
    assert len(waits) == len(builtfiles.GROUPS)
    assert all(dt.timedelta(seconds=9) < wait < dt.timedelta(seconds=11) for wait in waits)


def test_without_a_settling_time_the_build_is_queued_at_once(
    settings, queue, django_capture_on_commit_callbacks
):
    settings.BUILD_SETTLE_SECONDS = 0
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        ActorFactory(name="Attore nuovo")

    assert [result.task.run_after for result in queue.results] == [None] * len(builtfiles.GROUPS)


def test_a_superseded_task_skips_while_the_last_build_is_recent():
    call_command("build_files", stdout=io.StringIO())
    built_at = _built_at()
    old = content_version()
    bump_content_version()

    assert rebuild_network_files.call("networks", old) == "superseded"
    assert _built_at() == built_at


def test_a_superseded_task_builds_the_current_content_once_the_files_waited_too_long(settings):
    call_command("build_files", stdout=io.StringIO())
    old = content_version()
    bump_content_version()
    settings.BUILD_MAX_WAIT_SECONDS = -1

    assert rebuild_network_files.call("networks", old) == "built"
    assert builtfiles.read_manifest("it", GRAPH)["version"] == content_version() != old


def test_a_task_for_content_already_built_builds_nothing():
    # As after a deploy: the change queued the task, then ``build_files`` built its content.
    call_command("build_files", stdout=io.StringIO())
    built_at = _built_at()

    assert rebuild_network_files.call("networks", content_version()) == "already built"
    assert _built_at() == built_at


@pytest.mark.parametrize("language", ["it", "en"])
def test_one_file_older_than_the_content_is_enough_to_build_them_all(language):
    call_command("build_files", stdout=io.StringIO())
    manifest = builtfiles.read_manifest(language, GRAPH)
    builtfiles.replace(
        builtfiles._manifest_name(language, GRAPH),
        json.dumps({**manifest, "version": "older"}).encode(),
    )

    assert rebuild_network_files.call("networks", content_version()) == "built"
    assert builtfiles.read_manifest(language, GRAPH)["version"] == content_version()
