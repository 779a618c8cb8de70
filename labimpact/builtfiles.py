"""Big public files (calendar, graph, exports) built by a background task, served as files.

Each app declares its files in its ``tasks.py`` as a :class:`Group`: the task that
rebuilds them, a ``prepare`` step shared by the group's files (the network measures are
computed once for every file and language) and the files, each a builder that returns
the file's bytes in pieces in the active language; a file may also have variants, its
versions for each value of a filter with a small closed set of values (the calendar of
one workshop, the graph of one network or year), each built as a file of its own and
served for ``?filter=value`` (``serve_filtered``). A file may instead be made only of its
variants, one per public object (a workshop's, a topic's, a speaker's, a session's
calendar), each served at that object's own address (``serve_object``). A build writes
every file of the group in every language through Django's storage API under
``built/``: the plain bytes, gzip and brotli copies, each under a name holding the
content's hash, then a small manifest naming them. The manifest is replaced in one
step, so a reader sees the old file or the new one, never half of one.

When public content changes, ``labimpact/apps.py`` calls :func:`schedule_rebuilds`
once the transaction has committed: one task per group, queued for the content version
of that moment, run ``BUILD_SETTLE_SECONDS`` later; a task whose version is no longer
current does nothing, since a newer one is queued behind it. The wait lets a burst of
edits settle into one build: an editor publishing every second would otherwise keep the
worker building without a pause (a build of the bench's data takes 13 s of CPU), taking
a core from the pages. So that a change never waits for ever behind an editor who does
not stop, a superseded task builds all the same when its group's last build is more than
``BUILD_MAX_WAIT_SECONDS`` old. ``manage.py build_files`` builds everything at deploy time.

A request only reads: ``BuiltFilesMiddleware`` (``labimpact/middleware.py``) answers a
file's plain address before sessions, the page cache and the page policies, as WhiteNoise
answers static files; the file of the last build is served, even when a change has made
it stale, until the task replaces it. With the immediate task backend (the tests,
``TASKS_BACKEND=immediate``) no worker exists to wait for, so a stale file is rebuilt
where it is read, which is what that backend does with every task anyway. When no
file was ever built (a deploy that skipped ``build_files``), the answer is 503 with
Retry-After while the task builds it: building in the request would put the cost we
took out of requests back into the first ones, several at once after a deploy.
"""

import dataclasses
import datetime as dt
import functools
import gzip
import hashlib
import json
import logging
import os
import re
import tempfile
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import brotli
from django.conf import settings
from django.core.cache import cache
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.urls import Resolver404, resolve, reverse
from django.utils import timezone, translation
from django.utils.http import content_disposition_header, http_date
from django.utils.translation import gettext as _
from django_tasks.backends.immediate import ImmediateBackend

from workshops.caching import content_version
from workshops.site import public_root

logger = logging.getLogger(__name__)

ROOT = "built"
# Served while the first build after a deploy runs: how long a client should wait.
RETRY_AFTER_SECONDS = 30
# A stale file read with a worker running asks for a rebuild at most this often.
REQUEUE_SECONDS = 60
# With a worker, a request compares the file's content version with the current one (a
# round trip to the cache) at most this often per process and group: the task is queued
# after every change anyway, the comparison only re-queues one that was lost. Which file
# is served never depends on it: the manifest is read from storage on every request.
VERSION_CHECK_SECONDS = 5
CHUNK_BYTES = 64 * 1024
# Smaller bodies go out in one piece from memory; larger ones are streamed from the file.
STREAM_MIN_BYTES = 16 * 1024
# Names of bodies a manifest may point to: the plain file and its compressed copies.
ENCODINGS = ("br", "gzip")
# Quality 9 made the GEXF 4% smaller than 7 but took the task 28 MiB more than 7's 9 MiB
# (measured on the bench network); 11 is 9% smaller and 60 times slower.
BROTLI_QUALITY = 7
SUFFIXES = {"identity": "", "gzip": ".gz", "br": ".br"}
VARIANT_VALUE = re.compile(r"[A-Za-z0-9_]+(?:-[A-Za-z0-9_]+)*")
# A slug as Django's <slug:> path converter takes it: one folder of an object's file name.
OBJECT_KEY = re.compile(r"[-A-Za-z0-9_]+")


@dataclass(frozen=True)
class BuiltFile:
    """One file: its name under ``built/``, how to build it, how to serve it."""

    name: str
    # builder(prepared) -> iterable of bytes, called with the language active.
    builder: Callable[..., Iterable[bytes]]
    content_type: str
    # The name a download is saved under; for a file per object, filename(value) gives it.
    filename: str | Callable[[object], str]
    # The URL (name for reverse) the file is served at, in every language.
    url_name: str = ""
    disposition: str = "attachment"
    max_age: int | None = None
    # The filtered versions built too, one file each: variants(prepared) gives the
    # (parameter, value) pairs, and builder(prepared, root, parameter=value) each file.
    variants: Callable[..., Iterable[tuple[str, object]]] | None = None
    # Only the variants are built, one per public object (its slug, or a tuple of slugs),
    # each under ``object_name``; served at the object's own URL (``url_name``).
    per_object: bool = False


@dataclass
class Group:
    """Files built together from the same ``prepare()`` result by one task."""

    name: str
    files: list[BuiltFile]
    prepare: Callable[[], object] = lambda: None
    # The task that rebuilds the group; set by the app's tasks.py.
    task: object = None
    # The next moment the files change by the clock alone (a scheduled article), or None.
    expires: Callable[[object], object] = field(default=lambda prepared: None)
    # Groups are built (and their tasks queued) lowest first: see build_order().
    order: int = 0


GROUPS: dict[str, Group] = {}


def register(group):
    GROUPS[group.name] = group
    return group


def build_order():
    """The groups in the order a worker builds them after a change.

    One process builds them one after the other: thousands of small files built before
    the network's measures left memory behind that took the build's peak from 148 to
    156 MiB (bench data); built last, the peak stayed at 146 MiB.
    """
    return sorted(GROUPS.values(), key=lambda group: group.order)


@functools.cache
def served_paths():
    """The paths of the built files in every language, each with its language.

    The page cache leaves them alone; ``BuiltFilesMiddleware`` answers them.
    """
    paths = {}
    for group in GROUPS.values():
        for built in group.files:
            if built.per_object:
                continue
            for language in languages():
                with translation.override(language):
                    paths[reverse(built.url_name)] = language
    return paths


@functools.cache
def _plain_file_view(path_info, language):
    # Resolved once per process: the URLs are fixed, and these paths are few.
    with translation.override(language):
        return resolve(path_info).func


@functools.cache
def _object_files():
    """The URL names of the files built per object, and the last part of their paths."""
    files = [built for group in GROUPS.values() for built in group.files if built.per_object]
    return (
        frozenset(built.url_name for built in files),
        frozenset(built.name.rpartition("/")[2] for built in files),
    )


def file_view(request):
    """``(view, args, kwargs, language)`` of the built file ``request`` asks for, or None.

    The files of one object are told by the view their URL resolves to, asked only of
    paths ending as such a file does, so that pages pay no URL resolution for it.
    """
    language = served_paths().get(request.path)
    if language is not None:
        return _plain_file_view(request.path_info, language), (), {}, language
    url_names, last_parts = _object_files()
    if request.path_info.rpartition("/")[2] not in last_parts:
        return None
    # Before the locale middleware: the language the path itself names, as it will pick.
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            match = resolve(request.path_info)
    except Resolver404:
        return None
    if match.view_name not in url_names:
        return None
    return match.func, match.args, match.kwargs, language


def is_served(request):
    """Whether ``request`` asks for a built file's address: the page cache leaves it alone."""
    return file_view(request) is not None


def find(name):
    """The group and file called ``name``."""
    for group in GROUPS.values():
        for built in group.files:
            if built.name == name:
                return group, built
    raise LookupError(name)


def variant_name(name, parameter, value):
    """The name of ``name`` filtered by ``parameter=value``, or None for a value no file has.

    Only plain values (slugs, years) name a file: anything else is not a variant built.
    """
    value = str(value)
    if not VARIANT_VALUE.fullmatch(value) or not VARIANT_VALUE.fullmatch(parameter):
        return None
    stem, dot, extension = name.rpartition(".")
    return f"{stem}.{parameter}-{value}{dot}{extension}"


def object_name(name, value):
    """The name of the file of one object (``value``: its slug, or a tuple of slugs), or None.

    ``laboratori/calendario.ics`` of ``lab-1`` is ``laboratori/lab-1/calendario.ics``.
    """
    keys = value if isinstance(value, tuple) else (value,)
    if not all(OBJECT_KEY.fullmatch(str(key)) for key in keys):
        return None
    folder, slash, last = name.rpartition("/")
    return "/".join([*([folder] if slash else []), *map(str, keys), last])


def languages():
    return [code for code, _ in settings.LANGUAGES]


def storage():
    return default_storage


def _manifest_name(language, name):
    return f"{ROOT}/{language}/{name}.json"


# Manifest name -> (its file's identity, the manifest): a process's copy, used only while
# the file on disk is the same one (replace() gives each new manifest a new inode).
_manifests = {}


def read_manifest(language, name, keep=False):
    """The manifest of the last build of ``name`` in ``language``, or None.

    With ``keep`` (requests), on a local disk it is parsed once per process and per build:
    a stat tells whether the file is still the one parsed, so every worker sees a rebuild
    at its next request. The task reads each manifest once per build: it keeps none.
    """
    store = storage()
    path = _manifest_name(language, name)
    try:
        local = store.path(path)
    except NotImplementedError:
        local = None
    try:
        if local is None:
            with store.open(path, "rb") as manifest:
                return json.loads(manifest.read())
        if not keep:
            with open(local, "rb") as manifest:
                return json.loads(manifest.read())
        stat = os.stat(local)
        identity = (local, stat.st_ino, stat.st_mtime_ns, stat.st_size)
        kept = _manifests.get(path)
        if kept is not None and kept[0] == identity:
            return kept[1]
        with open(local, "rb") as manifest:
            parsed = json.loads(manifest.read())
    except (FileNotFoundError, OSError, ValueError):
        return None
    _manifests[path] = (identity, parsed)
    return parsed


def replace(name, data):
    """Store ``data`` under ``name`` in one step: readers see the old bytes or the new."""
    store = storage()
    temporary = store.save(f"{name}.tmp", ContentFile(data))
    try:
        os.replace(store.path(temporary), store.path(name))
    except NotImplementedError:
        # Object stores (S3 and the like) replace an object in one PUT.
        store.delete(name)
        store.save(name, ContentFile(data))
        store.delete(temporary)


def is_fresh(manifest, root, check_version=True):
    """Whether ``manifest`` describes the files of the current content, address and time.

    Without ``check_version`` the content version is taken as current (no cache round trip).
    """
    if manifest is None or manifest.get("root") != root:
        return False
    expires = manifest.get("expires")
    if expires and timezone.now().timestamp() >= expires:
        return False
    if not check_version:
        return True
    version = content_version()
    return version is None or manifest.get("version") == version


# Group name -> time.monotonic() of this process's last comparison of content versions.
_version_checked = {}


def _version_check_due(group):
    now = time.monotonic()
    if now - _version_checked.get(group.name, -VERSION_CHECK_SECONDS) < VERSION_CHECK_SECONDS:
        return False
    _version_checked[group.name] = now
    return True


def build_group(group, version=None, root=None):
    """Build every file of ``group`` in every language; returns {(language, name): manifest}.

    ``root`` is the address the files' links start with: the public address, or the host
    asked for where the site has none (an immediate build, see ``current_manifest``).
    """
    if version is None:
        version = content_version()
    root = root or public_root()
    built_at = timezone.now()
    prepared = group.prepare()
    expires = group.expires(prepared)
    meta = {
        "version": version,
        "root": root,
        "built_at": built_at.timestamp(),
        "expires": expires.timestamp() if expires else None,
    }
    variants = {
        built.name: [
            (name, parameter, value)
            for parameter, value in built.variants(prepared)
            if (
                name := object_name(built.name, value)
                if built.per_object
                else variant_name(built.name, parameter, value)
            )
            is not None
        ]
        for built in group.files
        if built.variants is not None
    }
    manifests = {}
    for language in languages():
        with translation.override(language):
            for built in group.files:
                if not built.per_object:
                    manifests[language, built.name] = _write(
                        language, built, built.builder(prepared, root), meta
                    )
                for name, parameter, value in variants.get(built.name, ()):
                    filename = built.filename
                    manifests[language, name] = _write(
                        language,
                        dataclasses.replace(
                            built,
                            name=name,
                            filename=filename(value) if callable(filename) else filename,
                        ),
                        built.builder(prepared, root, **{parameter: value}),
                        meta,
                    )
                if built.name in variants:
                    _forget_vanished(language, built.name, [v[0] for v in variants[built.name]])
    return manifests


def _variants_index(language, name):
    return f"{ROOT}/{language}/{name}-variants.json"


def variant_names(language, name):
    """The names of the variants of ``name`` the last build made, or None before the first."""
    try:
        with storage().open(_variants_index(language, name), "rb") as index:
            return json.loads(index.read())
    except (FileNotFoundError, OSError, ValueError):
        return None


def _forget_vanished(language, name, names):
    """Remove the variants of ``name`` the last build made and this one did not.

    A network withdrawn, a year no link covers any more: its file must not stay served.
    """
    store = storage()
    before = variant_names(language, name) or []
    replace(_variants_index(language, name), json.dumps(sorted(names)).encode())
    for vanished in set(before) - set(names):
        manifest = read_manifest(language, vanished)
        store.delete(_manifest_name(language, vanished))
        if manifest is not None:
            for path in [body["path"] for body in manifest["bodies"].values()]:
                store.delete(path)
            for path in manifest.get("older", []):
                store.delete(path)


def _write(language, built, chunks, meta):
    """Write the plain, gzip and brotli bodies of one file, then its manifest."""
    store = storage()
    digest = hashlib.sha256()
    size = 0
    with (
        tempfile.TemporaryFile() as plain,
        tempfile.TemporaryFile() as gzipped,
        tempfile.TemporaryFile() as brotlied,
    ):
        compressor = brotli.Compressor(quality=BROTLI_QUALITY)
        with gzip.GzipFile(fileobj=gzipped, mode="wb", compresslevel=9, mtime=0) as gz:
            for chunk in chunks:
                if not chunk:
                    continue
                digest.update(chunk)
                size += len(chunk)
                plain.write(chunk)
                gz.write(chunk)
                brotlied.write(compressor.process(chunk))
        brotlied.write(compressor.finish())
        tag = digest.hexdigest()[:20]
        base = f"{ROOT}/{language}/{built.name}"
        bodies = {}
        for encoding, body in (("identity", plain), ("gzip", gzipped), ("br", brotlied)):
            target = f"{base}.{tag}{SUFFIXES[encoding]}"
            if not store.exists(target):
                body.seek(0)
                target = store.save(target, File(body))
            bodies[encoding] = {"path": target, "size": store.size(target)}
    # Readers that read the previous manifest a moment ago may still open its bodies: they
    # stay until the next build; the ones before them go now.
    previous = read_manifest(language, built.name)
    keep = {body["path"] for body in bodies.values()}
    older, gone = [], []
    if previous is not None:
        if previous["hash"] == tag:
            older = previous.get("older", [])
        else:
            older = [body["path"] for body in previous["bodies"].values()]
            gone = previous.get("older", [])
    manifest = {
        **meta,
        "hash": tag,
        "size": size,
        "filename": built.filename,
        "bodies": bodies,
        "older": [path for path in older if path not in keep],
    }
    replace(_manifest_name(language, built.name), json.dumps(manifest).encode())
    for path in gone:
        if path not in keep:
            store.delete(path)
    return manifest


def run_task(group_name, version):
    """The body of every rebuild task: skip when a newer change has queued another, unless
    the group's files have waited too long already (see the module's docstring)."""
    current = content_version()
    if version is not None and current is not None and current != version:
        if not overdue(GROUPS[group_name]):
            return "superseded"
        version = current
    if not public_root():
        # No address to put in the links: requests make the files for the host they ask.
        # What the group keeps for pages (the network measures) needs none: kept still.
        GROUPS[group_name].prepare()
        return "no public address"
    version = version if version is not None else current
    if version is not None and built_for(GROUPS[group_name], version, public_root()):
        # ``build_files`` at deploy time, or a task queued twice for one change, built them
        # already: building again took a worker's CPU for seconds, and its peak memory.
        return "already built"
    build_group(GROUPS[group_name], version)
    return "built"


def built_for(group, version, root):
    """Whether every file of ``group`` (each variant, in each language) was last built for
    content ``version`` at ``root`` and has not expired."""
    for language in languages():
        for built in group.files:
            names = [] if built.per_object else [built.name]
            if built.variants is not None:
                variants = variant_names(language, built.name)
                if variants is None:
                    return False
                names += variants
            for name in names:
                manifest = read_manifest(language, name)
                if not is_fresh(manifest, root, check_version=False):
                    return False
                if manifest.get("version") != version:
                    return False
    return True


def overdue(group):
    """Whether ``group`` was last built more than ``BUILD_MAX_WAIT_SECONDS`` ago, or never."""
    built_at = _last_built(group)
    if built_at is None:
        return True
    age = timezone.now().timestamp() - built_at
    return age > getattr(settings, "BUILD_MAX_WAIT_SECONDS", 120)


def _last_built(group):
    """When ``group`` was last built (a timestamp), or None if never."""
    built = group.files[0]
    if not built.per_object:
        manifest = read_manifest(settings.LANGUAGE_CODE, built.name)
        return None if manifest is None else manifest.get("built_at", 0)
    # Only its variants have manifests: the list of them is written by every build.
    try:
        index = _variants_index(settings.LANGUAGE_CODE, built.name)
        return storage().get_modified_time(index).timestamp()
    except (FileNotFoundError, OSError, NotImplementedError):
        return None


def enqueue(group, version):
    """Queue ``group``'s rebuild for ``version``, ``BUILD_SETTLE_SECONDS`` from now where
    the task backend can wait (the immediate backend of the tests cannot: it runs now)."""
    task = group.task
    settle = getattr(settings, "BUILD_SETTLE_SECONDS", 0)
    if settle and task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + dt.timedelta(seconds=settle))
    task.enqueue(group.name, version)


def schedule_rebuilds():
    """Queue one rebuild of every group for the content version of now (after a commit)."""
    version = content_version()
    for group in build_order():
        if group.task is not None:
            cache.set(_queued_key(group, version), 1, REQUEUE_SECONDS)
            enqueue(group, version)


def _queued_key(group, version):
    return f"built:queued:{group.name}:{version}"


def runs_immediately(group):
    """Whether ``group``'s task runs where it is queued: no worker to wait for."""
    return isinstance(group.task.get_backend(), ImmediateBackend)


def request_rebuild(group):
    """Ask for a rebuild of a stale group, once per REQUEUE_SECONDS whatever the traffic."""
    version = content_version()
    if cache.add(_queued_key(group, version), 1, REQUEUE_SECONDS):
        enqueue(group, version)


def current_manifest(request, name, file_name=None):
    """The manifest to serve for ``name`` (or its variant ``file_name``); None to answer 503.

    Asks for a rebuild when the file is stale; builds it here only with the immediate
    backend, where no worker would (see the module's docstring).
    """
    group, _built = find(name)
    file_name = file_name or name
    language = translation.get_language() or settings.LANGUAGE_CODE
    root = public_root() or request.build_absolute_uri("/").rstrip("/")
    manifest = read_manifest(language, file_name, keep=True)
    immediate = runs_immediately(group)
    if is_fresh(manifest, root, check_version=immediate or _version_check_due(group)):
        return manifest
    if immediate:
        return build_group(group, root=root).get((language, file_name))
    request_rebuild(group)
    if manifest is not None and manifest.get("root") != root:
        # Built for another address: its links would lead elsewhere.
        return None
    return manifest


def serve(request, name, live, variant=None, exists=None):
    """The built file ``name`` in the active language, as a static file server would.

    ``live(request)`` makes the file in the request instead, only where the worker cannot
    build it: a site without a public address (a development server without
    ``SITE_URL``), whose files must carry the host each visitor asked for, never a guess.
    ``variant`` is the name of one of the file's filtered versions (``serve_filtered``) or
    of one object's file (``serve_object``); ``exists()`` says, when no such file was built,
    whether it is still to be built (503) or there is no such object (404).
    """
    _group, built = find(name)
    if exists is not None and public_root():
        language = translation.get_language() or settings.LANGUAGE_CODE
        if read_manifest(language, variant, keep=True) is None and not exists():
            # Nothing to build for it: neither a rebuild nor a wait.
            raise Http404(_("Nessun calendario a questo indirizzo."))
    manifest = current_manifest(request, name, variant)
    if manifest is None and not public_root():
        return live(request)
    if manifest is None:
        response = HttpResponse(
            _("Il file è in preparazione: riprovare tra poco.") + "\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        response["Cache-Control"] = "no-store"
        return response
    encoding = negotiate(request.headers.get("Accept-Encoding", ""), manifest["bodies"])
    body = manifest["bodies"][encoding]
    size = body["size"]
    etag = f'"{manifest["hash"]}{"" if encoding == "identity" else "-" + encoding}"'
    headers = {
        "Content-Type": built.content_type,
        "Content-Disposition": content_disposition_header(
            built.disposition == "attachment", manifest.get("filename", built.filename)
        ),
        "ETag": etag,
        "Last-Modified": http_date(manifest["built_at"]),
        "Vary": "Accept-Encoding",
        "Accept-Ranges": "bytes",
    }
    if built.max_age is not None:
        headers["Cache-Control"] = f"public, max-age={built.max_age}"
    if encoding != "identity":
        headers["Content-Encoding"] = encoding

    if _matches(request.headers.get("If-None-Match"), manifest["hash"]):
        response = HttpResponse(status=304)
        for header in ("ETag", "Vary", "Cache-Control", "Last-Modified"):
            if header in headers:
                response[header] = headers[header]
        return response

    span = None
    if "Range" in request.headers and _if_range_holds(request, etag):
        span = parse_range(request.headers["Range"], size)
        if span == "unsatisfiable":
            response = HttpResponse(status=416)
            response["Content-Range"] = f"bytes */{size}"
            for header in ("ETag", "Vary", "Accept-Ranges"):
                response[header] = headers[header]
            return response

    if request.method == "HEAD":
        response = HttpResponse(status=200)
        length = size if span is None else span[1] - span[0] + 1
    elif span is None and size < STREAM_MIN_BYTES:
        with storage().open(body["path"], "rb") as opened:
            response = HttpResponse(opened.read())
        length = size
    elif span is None:
        # Handed to the server's file wrapper (sendfile): the worker never holds the body.
        response = FileResponse(storage().open(body["path"], "rb"))
        length = size
    else:
        start, end = span
        response = StreamingHttpResponse(_slice(body["path"], start, end))
        length = end - start + 1
    if span is not None:
        response.status_code = 206
        response["Content-Range"] = f"bytes {span[0]}-{span[1]}/{size}"
    for header, value in headers.items():
        response[header] = value
    response["Content-Length"] = str(length)
    return response


def _slice(path, start, end):
    with storage().open(path, "rb") as body:
        body.seek(start)
        left = end - start + 1
        while left > 0:
            chunk = body.read(min(CHUNK_BYTES, left))
            if not chunk:
                return
            left -= len(chunk)
            yield chunk


def negotiate(accept_encoding, bodies):
    """The body to send: brotli, then gzip, when the client accepts it and the body exists."""
    accepted = {}
    for part in accept_encoding.split(","):
        coding, _, params = part.strip().partition(";")
        coding = coding.strip().lower()
        quality = 1.0
        params = params.strip()
        if params.startswith("q="):
            try:
                quality = float(params[2:])
            except ValueError:
                quality = 0.0
        if coding:
            accepted[coding] = quality
    for encoding in ENCODINGS:
        quality = accepted.get(encoding, accepted.get("*", 0.0))
        if quality > 0 and encoding in bodies:
            return encoding
    return "identity"


def _matches(if_none_match, tag):
    """Whether If-None-Match names any representation of the content ``tag`` (weak compare)."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    for candidate in if_none_match.split(","):
        candidate = candidate.strip().removeprefix("W/").strip('"')
        if candidate.split("-", 1)[0] == tag:
            return True
    return False


def _if_range_holds(request, etag):
    """A range applies only to the representation the client holds a part of."""
    if_range = request.headers.get("If-Range")
    return if_range is None or if_range.strip() == etag


def parse_range(header, size):
    """(first, last) byte of a single range; None to ignore it; "unsatisfiable" for a 416."""
    unit, _, spec = header.partition("=")
    if unit.strip().lower() != "bytes" or "," in spec:
        # Several ranges: the whole file, which a server may always send instead.
        return None
    first, dash, last = spec.strip().partition("-")
    if not dash:
        return None
    try:
        if first == "":
            suffix = int(last)
            if suffix <= 0:
                return "unsatisfiable"
            return (max(size - suffix, 0), size - 1) if size else "unsatisfiable"
        start = int(first)
        end = int(last) if last else size - 1
    except ValueError:
        return None
    if start >= size:
        return "unsatisfiable"
    if end < start:
        return None
    return start, min(end, size - 1)


def serve_filtered(request, name, parameters, live):
    """``name``, or the version of it built for the one filter among ``parameters`` asked.

    Empty parameters are no filter (a form submitted with its other fields blank). A
    filter the task builds no file for (several at once, or a value it does not know:
    bad input, or a network published since the last build) is made by ``live``, which
    validates it; the page cache keeps that answer like a page.
    """
    given = {
        parameter: request.GET[parameter] for parameter in parameters if request.GET.get(parameter)
    }
    if not given:
        return serve(request, name, live)
    if len(given) == 1 and public_root():
        [(parameter, value)] = given.items()
        file_name = variant_name(name, parameter, value)
        language = translation.get_language() or settings.LANGUAGE_CODE
        if file_name is not None and read_manifest(language, file_name, keep=True) is not None:
            return serve(request, name, live, variant=file_name)
    return live(request)


def serve_object(request, name, value, live, exists):
    """The file ``name`` of one public object (``value``: its slug or slugs), built per object.

    ``exists()`` looks the object up (one query) only when no file was built for it: an
    unknown or withdrawn slug is a 404, an object published since the last build a 503
    while the task builds its file. ``live`` as for ``serve``.
    """
    if not public_root():
        # Made in the request for the host asked (see serve): a small file, and no build of
        # every object's file for the one asked, with the immediate backend.
        return live(request)
    file_name = object_name(name, value)
    if file_name is None:
        raise Http404(_("Nessun calendario a questo indirizzo."))
    return serve(request, name, live, variant=file_name, exists=exists)
