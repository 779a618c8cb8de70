"""`make lighthouse`: a phone's first visit to every page type, as Lighthouse scores it.

The site runs as in production (DJANGO_DEBUG=false, collectstatic, whitenoise, gunicorn)
on a temporary SQLite database holding the demo and the sample (``load_demo`` then
``load_demo --sample``). Lighthouse (npm, devDependency) drives Debian's Chromium with its
default mobile settings: a mid-range phone, simulated slow 4G and a 4× slower CPU. Each
page is asked for once beforehand, so that Lighthouse gets it from the page cache as most
visitors do. The page types are those the browser tests measure (tests/browser/pages.py).

Lighthouse's CPU figures follow the machine's: run it on a quiet machine. The load average
is printed and stored with the results (bench/results/lighthouse-*.json, not committed; the
full Lighthouse reports in bench/results/lighthouse-<time>/<page type>.json).
Environment: LIGHTHOUSE_PORT (8207), LIGHTHOUSE_PAGES (comma-separated page types; all by
default), CHROMIUM_PATH (/usr/bin/chromium).
"""

import datetime as dt
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PORT = int(os.environ.get("LIGHTHOUSE_PORT", "8207"))
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
LIGHTHOUSE = ROOT / "node_modules" / "lighthouse" / "cli" / "index.js"
CHROME_FLAGS = (
    "--headless --no-sandbox --disable-gpu --no-first-run --disable-background-networking "
    "--disable-component-update --disable-sync"
)
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
# A 404 page: Lighthouse refuses to score an error status.
SKIPPED = {"not_found"}


def configure_environment(workdir):
    os.environ.update(
        DJANGO_SETTINGS_MODULE="bench.lighthouse_settings",
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_LOG_LEVEL="WARNING",
        DATABASE_URL=f"sqlite:///{workdir / 'lighthouse.sqlite3'}",
        STATIC_ROOT=str(workdir / "staticfiles"),
        MEDIA_ROOT=str(workdir / "media"),
        CACHE_KEY_PREFIX=f"labimpact-lighthouse-{secrets.token_hex(4)}",
    )
    # Local memory, whatever the shell says: the run must not touch a shared Redis.
    os.environ.pop("REDIS_URL", None)


def manage(*args):
    done = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, check=False)
    if done.returncode:
        sys.exit(f"manage.py {' '.join(args)} failed")


def page_urls():
    import django

    django.setup()
    from tests.browser.pages import PAGE_TYPES, find_sample

    sample = find_sample()
    wanted = [name for name in os.environ.get("LIGHTHOUSE_PAGES", "").split(",") if name]
    unknown = set(wanted) - set(PAGE_TYPES)
    if unknown:
        sys.exit(f"unknown page types: {', '.join(sorted(unknown))}")
    return {
        name: url(sample)
        for name, url in PAGE_TYPES.items()
        if (name in wanted if wanted else name not in SKIPPED)
    }


def start_server():
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "labimpact.wsgi:application",
            "--workers=2",
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


def lighthouse(url, output):
    done = subprocess.run(
        [
            "node",
            str(LIGHTHOUSE),
            url,
            "--output=json",
            f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
            "--quiet",
        ],
        env={**os.environ, "CHROME_PATH": CHROMIUM},
        check=False,
    )
    if done.returncode or not output.exists():
        return None
    return json.loads(output.read_text())


def summarise(report):
    """Scores, the main metrics and the bytes a first paint waited for, from one report."""
    audits = report["audits"]
    scores = {
        name: round(report["categories"][name]["score"] * 100)
        if report["categories"][name]["score"] is not None
        else None
        for name in CATEGORIES
    }
    metrics = audits["metrics"]["details"]["items"][0]
    requests = audits["network-requests"]["details"]["items"]
    painted = metrics.get("observedFirstContentfulPaint", 0)
    before_paint = sum(
        item.get("transferSize", 0)
        for item in requests
        if item.get("networkRequestTime", painted) < painted
    )
    return {
        **scores,
        "fcp_ms": round(metrics["firstContentfulPaint"]),
        "lcp_ms": round(metrics["largestContentfulPaint"]),
        "tbt_ms": round(metrics["totalBlockingTime"]),
        "cls": round(metrics["cumulativeLayoutShift"], 3),
        "speed_index_ms": round(metrics["speedIndex"]),
        "kib_before_first_paint": round(before_paint / 1024),
        "kib_total": round(sum(item.get("transferSize", 0) for item in requests) / 1024),
        "requests": len(requests),
    }


def table(rows):
    lines = [
        "| page type | perf | a11y | best pr. | SEO | FCP s | LCP s | TBT ms | CLS "
        "| KiB before 1st paint | KiB in all |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in rows:
        if "error" in row:
            lines.append(f"| {row['page']} | {row['error']} | | | | | | | | | |")
            continue
        lines.append(
            f"| {row['page']} | {row['performance']} | {row['accessibility']} "
            f"| {row['best-practices']} | {row['seo']} | {row['fcp_ms'] / 1000:.1f} "
            f"| {row['lcp_ms'] / 1000:.1f} | {row['tbt_ms']} | {row['cls']} "
            f"| {row['kib_before_first_paint']} | {row['kib_total']} |"
        )
    return "\n".join(lines)


def main():
    if not LIGHTHOUSE.exists():
        sys.exit("Lighthouse is not installed: `make install` (npm ci) brings it.")
    if not shutil.which(CHROMIUM):
        sys.exit(f"No Chromium at {CHROMIUM}: apt-get install chromium, or set CHROMIUM_PATH.")
    RESULTS.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    load_before = os.getloadavg()
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S")
    # The full reports, to read the audits behind a score (layout shifts, long tasks, bytes).
    reports = RESULTS / f"lighthouse-{stamp}"
    reports.mkdir()
    with tempfile.TemporaryDirectory(prefix="labimpact-lighthouse-") as tmp:
        workdir = Path(tmp)
        configure_environment(workdir)
        manage("migrate", "--noinput", "-v0")
        manage("load_demo")
        manage("load_demo", "--sample")
        manage("collectstatic", "--noinput", "-v0")
        pages = page_urls()
        server = start_server()
        rows = []
        try:
            for name, path in pages.items():
                url = f"http://127.0.0.1:{PORT}{path}"
                # Stored by the page cache, as most visitors get it.
                urllib.request.urlopen(url, timeout=30).read()
                # Chromium's trace is sometimes lost on a loaded machine (NO_NAVSTART): once more.
                report = lighthouse(url, reports / f"{name}.json") or lighthouse(
                    url, reports / f"{name}.json"
                )
                row = {"page": name, "path": path}
                row |= summarise(report) if report else {"error": "Lighthouse failed"}
                rows.append(row)
                shown = [f"{key} {row[key]}" for key in (*CATEGORIES, "error") if key in row]
                print(f"{name}: {', '.join(shown)}", flush=True)
        finally:
            server.terminate()
            server.wait(timeout=30)
    load_after = os.getloadavg()
    result = {
        "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "lighthouse": json.loads((LIGHTHOUSE.parent.parent / "package.json").read_text())[
            "version"
        ],
        "chromium": subprocess.run(
            [CHROMIUM, "--version"], capture_output=True, text=True, check=False
        ).stdout.strip(),
        "cpus": os.cpu_count(),
        "load_average_1_5_15_before": [round(value, 2) for value in load_before],
        "load_average_1_5_15_after": [round(value, 2) for value in load_after],
        "pages": rows,
        "total_seconds": round(time.perf_counter() - started),
    }
    for name in (f"lighthouse-{stamp}.json", "lighthouse-latest.json"):
        (RESULTS / name).write_text(json.dumps(result, indent=2))
    print()
    print(
        f"Lighthouse {result['lighthouse']}, mobile; load average {load_before[0]:.2f} before, "
        f"{load_after[0]:.2f} after, {os.cpu_count()} CPUs"
    )
    print(table(rows))
    print(f"{result['total_seconds']} s in all; results in {RESULTS}, full reports in {reports}")
    scored = [row["performance"] for row in rows if row.get("performance") is not None]
    failed = [row["page"] for row in rows if "error" in row]
    if failed:
        sys.exit(f"Lighthouse failed on: {', '.join(failed)}")
    if scored:
        print(f"performance: {min(scored)} to {max(scored)}")


if __name__ == "__main__":
    main()
