"""`make bench`: seed a large portal, serve it as production does, load every page with wrk.

SQLite in bench/results/ unless DATABASE_URL is set (its database name must contain
"bench": the run empties it); Redis when REDIS_URL is set, local memory otherwise.
Everything runs on 127.0.0.1, each wrk run bounded in time and number of requests. Each
page is measured in BENCH_ROUNDS (4) rounds, each a short run of the bare baseline view,
then one of the page, then one of the page with a cookie (which the page cache does not
answer: the view itself); ratios are the medians of the rounds' ratios, so that other load
on the machine, drifting over the minutes, skews them less.
Tunables (environment): BENCH_PORT (8201), BENCH_WORKERS (3), BENCH_CONNECTIONS (8),
BENCH_ROUNDS (4), BENCH_DURATION (8 s of each page, split into the rounds),
BENCH_UNCACHED_DURATION (4 s of each page with a cookie, split into the rounds; 0 skips
them), BENCH_MAX_REQUESTS (100000 per wrk run), BENCH_STORM_SECONDS (30; 0 skips the
publish storm), BENCH_PAGES (comma-separated labels: only those pages; all by default).

The publish storm loads the home, the report list and the calendar together for
BENCH_STORM_SECONDS, once quiet and once while an editor publishes every second (through
the services, as the admin does): what visitors get while the site is being edited.
"""

import datetime as dt
import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from bench.readme import section

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PORT = int(os.environ.get("BENCH_PORT", "8201"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "8"))
DURATION = int(os.environ.get("BENCH_DURATION", "8"))
UNCACHED_DURATION = int(os.environ.get("BENCH_UNCACHED_DURATION", "4"))
MAX_REQUESTS = int(os.environ.get("BENCH_MAX_REQUESTS", "100000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
STORM_SECONDS = int(os.environ.get("BENCH_STORM_SECONDS", "30"))
STORM_PAGES = ("home", "report list p1", "calendar list")
# The big files, measured against a bare view of the same size as well.
FILE_PAGES = ("calendario.ics", "grafo.json", "GEXF export")
WARMUP = 2


def configure_environment():
    RESULTS.mkdir(parents=True, exist_ok=True)
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_LOG_LEVEL="WARNING",
        STATIC_ROOT=str(RESULTS / "staticfiles"),
        MEDIA_ROOT=str(RESULTS / "media"),
        # One run's pages must never be served to the next from a shared Redis.
        CACHE_KEY_PREFIX=f"labimpact-bench-{secrets.token_hex(4)}",
    )
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{RESULTS / 'bench.sqlite3'}")
    # The built files (calendar, graph, exports) carry the site's address in their links:
    # without one they would be made in each request, as on a development server.
    os.environ.setdefault("SITE_URL", f"http://127.0.0.1:{PORT}")


def prepare_database():
    """Migrate, empty and seed the bench database; returns the seeded counts."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "sqlite":
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
    elif "bench" not in connection.settings_dict["NAME"]:
        sys.exit("DATABASE_URL must name a database with 'bench' in it: the run empties it.")
    call_command("migrate", verbosity=0, interactive=False)
    call_command("flush", verbosity=0, interactive=False)

    from bench.seed import seed

    started = time.perf_counter()
    counts = seed()
    print(f"seeded {counts} in {time.perf_counter() - started:.1f} s", flush=True)
    # Planner statistics as a live database has them, and no autovacuum during the load.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
    return counts


def page_specs():
    """(label, URL name, kwargs or query maker); pages whose URL is missing are skipped."""
    from django.apps import apps

    from workshops.models import Article, Session, Speaker, Topic

    def published_articles():
        return Article.objects.published()

    def deep_page():
        pages = -(-published_articles().count() // 10)
        return {}, f"?page={pages * 9 // 10}"

    def article():
        return {"slug": published_articles().order_by("pk")[2500].slug}, ""

    def session():
        s = Session.objects.published().select_related("workshop").order_by("pk")[200]
        return {"workshop_slug": s.workshop.slug, "slug": s.slug}, ""

    def workshop():
        s = Session.objects.published().select_related("workshop").order_by("pk")[200]
        return {"slug": s.workshop.slug}, ""

    def speaker():
        return {"slug": Speaker.objects.published().order_by("pk")[150].slug}, ""

    def topic():
        return {"slug": Topic.objects.get(name="Coprogettazione").slug}, ""

    def month():
        s = Session.objects.published().upcoming().first()
        return {"year": s.starts_at.year, "month": s.starts_at.month}, ""

    def actor():
        actor_model = apps.get_model("networks", "Actor")
        return {"slug": actor_model.objects.published().order_by("pk")[1000].slug}, ""

    def plain(query=""):
        return lambda: ({}, query)

    def year():
        s = Session.objects.published().upcoming().first()
        return {"year": s.starts_at.year}, ""

    return [
        ("home", "workshops:home", plain()),
        ("report list p1", "workshops:article_list", plain()),
        ("report list deep", "workshops:article_list", deep_page),
        ("report detail", "workshops:article_detail", article),
        ("workshop list", "workshops:workshop_list", plain()),
        ("workshop", "workshops:workshop_detail", workshop),
        ("session", "workshops:session_detail", session),
        ("speaker list", "workshops:speaker_list", plain()),
        ("speaker", "workshops:speaker_detail", speaker),
        ("topic list", "workshops:topic_list", plain()),
        ("topic", "workshops:topic_detail", topic),
        ("search", "workshops:search", plain("?q=coprogettazione")),
        ("calendar list", "workshops:session_list", plain()),
        ("calendar month", "workshops:calendar_month", month),
        ("calendar year", "workshops:calendar_year", year),
        ("calendario.ics", "workshops:calendar_ics", plain()),
        ("RSS feed", "workshops:article_feed", plain()),
        ("network overview", "networks:overview", plain()),
        ("network list", "networks:network_list", plain()),
        ("actor directory", "networks:actor_list", plain()),
        ("actor", "networks:actor_detail", actor),
        ("grafo.json", "networks:graph_json", plain()),
        ("map", "networks:map", plain()),
        ("GEXF export", "networks:export_gexf", plain()),
    ]


def resolve_pages():
    from django.urls import NoReverseMatch, reverse

    pages = [("baseline (bare view)", reverse("bench_bare"))]
    chosen = {label.strip() for label in os.environ.get("BENCH_PAGES", "").split(",") if label}
    for label, name, make in page_specs():
        if chosen and label not in chosen:
            continue
        try:
            kwargs, query = make()
            pages.append((label, reverse(name, kwargs=kwargs) + query))
        except (NoReverseMatch, LookupError, IndexError, AttributeError):
            print(f"skipped {label}: {name} does not exist here", flush=True)
    return pages


def count_queries(path):
    """Status and SQL queries of one uncached request through Django's test client."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, override_settings

    from labimpact.cache import bump_content_version

    # Cached fragments too start cold: the count is that of a page after a change.
    bump_content_version()
    with override_settings(PAGE_CACHE_SECONDS=0), CaptureQueriesContext(connection) as ctx:
        response = Client().get(path, HTTP_HOST="127.0.0.1")
    # The built files are streamed from storage: their size is what the stream gives.
    if response.streaming:
        size = sum(len(chunk) for chunk in response.streaming_content)
        response.close()
    else:
        size = len(response.content)
    return response.status_code, len(ctx.captured_queries), size


def collect_static():
    """The production static files: pages cannot render without their manifest."""
    static = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, check=False
    )
    if static.returncode:
        sys.exit("collectstatic failed")


def build_files():
    """``manage.py build_files`` as at deploy time: its duration and peak memory (MiB)."""
    started = time.perf_counter()
    build = subprocess.Popen([sys.executable, "manage.py", "build_files", "-v0"], cwd=ROOT)
    _, status, usage = os.wait4(build.pid, 0)
    build.returncode = os.waitstatus_to_exitcode(status)
    if build.returncode:
        sys.exit("build_files failed")
    return {
        "seconds": round(time.perf_counter() - started, 1),
        "peak_rss_mib": usage.ru_maxrss // 1024,
    }


def start_task_worker():
    """The background worker that rebuilds the files after the storm's publishes."""
    return subprocess.Popen(
        [sys.executable, "manage.py", "db_worker", "--no-reload", "--interval=0.5"],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
    )


def peak_memory(pid):
    """The peak resident memory (MiB) of process ``pid`` so far."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024
    return 0


def start_server():
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "labimpact.wsgi:application",
            f"--workers={WORKERS}",
            f"--bind=127.0.0.1:{PORT}",
            "--worker-tmp-dir=/dev/shm",
            "--log-level=warning",
        ],
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/health/", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    sys.exit(f"gunicorn did not answer on 127.0.0.1:{PORT}")


def worker_memory(master_pid):
    """Current and peak resident memory (MiB) of the largest gunicorn worker."""
    current = peak = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) != master_pid:
                continue
            status = (stat.parent / "status").read_text().splitlines()
        except (OSError, IndexError, ValueError):
            continue
        values = {line.split(":")[0]: line.split()[1] for line in status if line.startswith("Vm")}
        current = max(current, int(values.get("VmRSS", 0)) // 1024)
        peak = max(peak, int(values.get("VmHWM", 0)) // 1024)
    return current, peak


def wrk(path, seconds, cached=True, connections=CONNECTIONS):
    command = [
        "wrk",
        "-t1",
        f"-c{connections}",
        f"-d{seconds}s",
        "--timeout=10s",
        # As browsers and calendar apps do: large bodies then travel gzipped.
        "-H",
        "Accept-Encoding: gzip, deflate, br",
        f"-s{ROOT / 'bench' / 'report.lua'}",
        f"http://127.0.0.1:{PORT}{path}",
    ]
    if not cached:
        # Any cookie bypasses the page cache: this pass measures the view itself.
        command[1:1] = ["-H", "Cookie: bench=uncached"]
    env = {**os.environ, "WRK_MAX_REQUESTS": str(MAX_REQUESTS)}
    out = subprocess.run(command, capture_output=True, text=True, env=env, timeout=seconds + 60)
    line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRKJSON ")), None)
    if line is None:
        raise RuntimeError(f"wrk failed on {path}: {out.stdout}{out.stderr}")
    data = json.loads(line.removeprefix("WRKJSON "))
    data["rps"] = data["requests"] / (data["duration_us"] / 1e6)
    data["error_count"] = sum(data["errors"].values())
    return data


def wire_bytes(path):
    """The size of the body as the bench's client gets it (compressed when it may be)."""
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}", headers={"Accept-Encoding": "gzip, deflate, br"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return len(response.read())


def measure(server, label, path, bare, queries):
    """Alternate short runs of the bare view and the page; the medians make the row."""
    # One request fills the page cache, so that the warm-up is not a stampede of misses.
    urllib.request.urlopen(f"http://127.0.0.1:{PORT}{path}", timeout=60).read()
    wrk(path, WARMUP)
    size = wire_bytes(path) if label in FILE_PAGES else None
    seconds = max(1, DURATION // ROUNDS)
    uncached_seconds = max(1, UNCACHED_DURATION // ROUNDS)
    if UNCACHED_DURATION:
        # The page's kept fragments, cold since the count of its queries, as after a
        # change: the first render is the publish storm's to measure, not each round's.
        urllib.request.urlopen(
            urllib.request.Request(
                f"http://127.0.0.1:{PORT}{path}", headers={"Cookie": "bench=uncached"}
            ),
            timeout=60,
        ).read()
    base_runs, page_runs, uncached_runs = [], [], []
    for _ in range(ROUNDS):
        base_runs.append(wrk(bare, seconds))
        page_runs.append(wrk(path, seconds))
        if UNCACHED_DURATION:
            uncached_runs.append(wrk(path, uncached_seconds, cached=False))

    def median_of(runs, pick):
        return statistics.median(pick(run) for run in runs)

    row = {
        "page": label,
        "path": path,
        **queries,
        "rps": round(median_of(page_runs, lambda r: r["rps"]), 1),
        "p50_ms": median_of(page_runs, lambda r: r["latency_us"]["p50"]) / 1000,
        "p95_ms": median_of(page_runs, lambda r: r["latency_us"]["p95"]) / 1000,
        "p99_ms": median_of(page_runs, lambda r: r["latency_us"]["p99"]) / 1000,
        "requests": sum(r["requests"] for r in page_runs),
        "errors": sum(r["error_count"] for r in page_runs),
        "ratio_to_baseline": round(
            statistics.median(
                p["rps"] / b["rps"] for p, b in zip(page_runs, base_runs, strict=True)
            ),
            3,
        ),
        "p99_ratio_to_baseline": round(
            statistics.median(
                p["latency_us"]["p99"] / b["latency_us"]["p99"]
                for p, b in zip(page_runs, base_runs, strict=True)
            ),
            2,
        ),
        "baseline_rps": round(median_of(base_runs, lambda r: r["rps"]), 1),
        "baseline_p99_ms": median_of(base_runs, lambda r: r["latency_us"]["p99"]) / 1000,
        "baseline_errors": sum(r["error_count"] for r in base_runs),
        "runs": {
            "page_rps": [round(r["rps"], 1) for r in page_runs],
            "baseline_rps": [round(r["rps"], 1) for r in base_runs],
        },
    }
    if uncached_runs:
        row["uncached_rps"] = round(median_of(uncached_runs, lambda r: r["rps"]), 1)
        row["uncached_p99_ms"] = median_of(uncached_runs, lambda r: r["latency_us"]["p99"]) / 1000
        # Each round's against the bare view of the same round: the machine's state then.
        row["uncached_ratio_to_baseline"] = round(
            statistics.median(
                u["rps"] / b["rps"] for u, b in zip(uncached_runs, base_runs, strict=True)
            ),
            3,
        )
        row["uncached_p99_ratio_to_baseline"] = round(
            statistics.median(
                u["latency_us"]["p99"] / b["latency_us"]["p99"]
                for u, b in zip(uncached_runs, base_runs, strict=True)
            ),
            1,
        )
        row["errors"] += sum(r["error_count"] for r in uncached_runs)
        row["runs"]["uncached_rps"] = [round(r["rps"], 1) for r in uncached_runs]
    if size is not None:
        # The same number of bytes from the bare view: what moving them costs by itself.
        same = [wrk(f"/bench/bare/{size}/", seconds) for _ in range(ROUNDS)]
        row["wire_bytes"] = size
        row["same_size_bare_rps"] = round(statistics.median(r["rps"] for r in same), 1)
        row["ratio_to_same_size_bare"] = round(row["rps"] / row["same_size_bare_rps"], 3)
        row["same_size_bare_ratio_to_baseline"] = round(
            row["same_size_bare_rps"] / row["baseline_rps"], 3
        )
    row["worker_rss_mib"], row["worker_peak_rss_mib"] = worker_memory(server.pid)
    print(
        f"  {label:<18} {row['rps']:>7.0f} req/s (bare {row['baseline_rps']:.0f}, "
        f"× {row['ratio_to_baseline']:.2f})  p99 {row['p99_ms']:.1f} ms  errors {row['errors']}",
        flush=True,
    )
    return row


def wrk_together(paths, seconds):
    """One wrk per path, all at once; their results in the same order."""
    connections = max(1, CONNECTIONS // len(paths))
    with ThreadPoolExecutor(len(paths)) as pool:
        runs = [pool.submit(wrk, path, seconds, connections=connections) for path in paths]
        return [run.result() for run in runs]


def publish_every_second(stop, published):
    """An editor at work: one article withdrawn or published again every second, through
    the services (validated, saved, recorded), until ``stop`` is set."""
    from django.db import close_old_connections

    from workshops import services
    from workshops.models import Article

    article = Article.objects.published().order_by("-published_at").first()
    try:
        while not stop.wait(1.0):
            if article.status == Article.Status.PUBLISHED:
                services.article_unpublish(article=article)
            else:
                services.article_publish(article=article)
            published.append(time.perf_counter())
        if article.status != Article.Status.PUBLISHED:
            services.article_publish(article=article)
    finally:
        close_old_connections()


def storm(paths):
    """The same load quiet, then under one publish a second; req/s and p99 of each."""
    quiet = wrk_together([path for _, path in paths], STORM_SECONDS)
    stop, published = threading.Event(), []
    editor = threading.Thread(target=publish_every_second, args=(stop, published))
    editor.start()
    try:
        stormy = wrk_together([path for _, path in paths], STORM_SECONDS)
    finally:
        stop.set()
        editor.join()
    rows = []
    for (label, path), calm, busy in zip(paths, quiet, stormy, strict=True):
        rows.append(
            {
                "page": label,
                "path": path,
                "quiet_rps": round(calm["rps"], 1),
                "storm_rps": round(busy["rps"], 1),
                "rps_ratio": round(busy["rps"] / calm["rps"], 3),
                "quiet_p99_ms": calm["latency_us"]["p99"] / 1000,
                "storm_p99_ms": busy["latency_us"]["p99"] / 1000,
                "p99_ratio": round(busy["latency_us"]["p99"] / calm["latency_us"]["p99"], 2),
                "errors": calm["error_count"] + busy["error_count"],
            }
        )
        print(
            f"  storm {label:<16} {calm['rps']:>7.0f} → {busy['rps']:>7.0f} req/s, "
            f"p99 {calm['latency_us']['p99'] / 1000:.1f} → "
            f"{busy['latency_us']['p99'] / 1000:.1f} ms",
            flush=True,
        )
    return {"seconds": STORM_SECONDS, "publishes": len(published), "pages": rows}


def main():
    if not shutil.which("wrk"):
        sys.exit("wrk is not installed: `make bench` installs it with apt-get.")
    configure_environment()
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    started = time.perf_counter()
    load_at_start = os.getloadavg()[0]
    counts = prepare_database()
    collect_static()
    built = build_files()
    print(f"built files in {built['seconds']} s, peak {built['peak_rss_mib']} MiB", flush=True)
    pages = resolve_pages()
    # Counted before the server runs, so that no request of the load can warm a fragment.
    queries = {}
    for _, path in pages:
        status, count, size = count_queries(path)
        queries[path] = {"status": status, "sql_queries": count, "bytes": size}
    # Each count made the content change: without a new build the worker would rebuild the
    # files while they are measured, on the same CPUs, and the figures would be the build's.
    build_files()
    task_worker = start_task_worker()
    server = start_server()
    rows = []
    try:
        print(
            f"each page: {ROUNDS} rounds of {DURATION // ROUNDS} s bare view then "
            f"{DURATION // ROUNDS} s page, {max(1, UNCACHED_DURATION // ROUNDS)} s page with a "
            f"cookie, {CONNECTIONS} connections",
            flush=True,
        )
        bare = pages[0][1]
        for label, path in pages[1:]:
            rows.append(measure(server, label, path, bare, queries[path]))
        storm_result = None
        if STORM_SECONDS and "Redis" not in settings.CACHES["default"]["BACKEND"]:
            # The content version lives in the cache: with local memory, the publishes made
            # in this process would never reach the server's workers.
            print("publish storm skipped: it needs REDIS_URL (a cache the workers share)")
        elif STORM_SECONDS:
            print(f"publish storm: {STORM_SECONDS} s quiet, then {STORM_SECONDS} s publishing")
            storm_result = storm([(label, path) for label, path in pages if label in STORM_PAGES])
            storm_result["worker_peak_rss_mib"] = worker_memory(server.pid)[1]
    finally:
        built["task_worker_peak_rss_mib"] = peak_memory(task_worker.pid)
        server.terminate()
        server.wait(timeout=30)
        task_worker.terminate()
        task_worker.wait(timeout=30)

    runs = [rps for row in rows for rps in row["runs"]["baseline_rps"]]
    baseline = {
        "rps": statistics.median(runs),
        "p99_ms": statistics.median(row["baseline_p99_ms"] for row in rows),
        "runs": runs,
    }
    cache_backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[1]
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "database": connection.vendor,
        "cache": cache_backend,
        "gunicorn_workers": WORKERS,
        "connections": CONNECTIONS,
        "seconds_per_page": DURATION,
        "seeded": counts,
        "baseline": baseline,
        "baseline_errors": [row["baseline_errors"] for row in rows],
        "pages": rows,
        "storm": storm_result,
        "peak_worker_rss_mib": max(row["worker_peak_rss_mib"] for row in rows),
        # manage.py build_files at the start, and the task worker over the whole run.
        "built_files": built,
        "total_seconds": round(time.perf_counter() - started),
        # Other work on the machine shows here: figures from a busy machine say so.
        "load_average": {"start": load_at_start, "end": os.getloadavg()[0]},
    }
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    for name in (f"bench-{connection.vendor}-{stamp}.json", f"latest-{connection.vendor}.json"):
        (RESULTS / name).write_text(json.dumps(result, indent=2))
    print()
    print(
        f"{connection.vendor} + {cache_backend}, {WORKERS} gunicorn workers, "
        f"{os.cpu_count()} CPUs; bare view {baseline['rps']:.0f} req/s median "
        f"({min(baseline['runs']):.0f} to {max(baseline['runs']):.0f} over {len(runs)} runs)"
    )
    print(section(result))
    print(
        f"peak worker RSS {result['peak_worker_rss_mib']} MiB; task worker "
        f"{built['task_worker_peak_rss_mib']} MiB, build_files {built['peak_rss_mib']} MiB; "
        f"{result['total_seconds']} s in all; results in {RESULTS}"
    )


if __name__ == "__main__":
    main()
