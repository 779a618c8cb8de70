"""The README's bench tables, written from the committed results so the two never differ.

`python -m bench.readme` rewrites the part of README.md between the bench markers from
bench/results/latest-postgresql.json (and latest-sqlite.json when there is one);
tests/labimpact/test_bench_report.py fails when the README and the results disagree.
"""

import json
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
README = ROOT / "README.md"
START = "<!-- bench results: written by `python -m bench.readme` from bench/results/ -->"
END = "<!-- end of bench results -->"
VENDORS = {"postgresql": "PostgreSQL", "sqlite": "SQLite"}
CACHES = {"RedisCache": "Redis", "LocMemCache": "local memory"}


def _cell(value, digits=1, suffix=""):
    return "–" if value is None else f"{value:.{digits}f}{suffix}"


def page_table(result):
    base = result["baseline"]
    lines = [
        "| page | warm req/s | warm × bare | uncached req/s | uncached × bare | warm p99 ms "
        "| warm p99 × bare | uncached p99 × bare | SQL/req | peak worker MiB | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| bare view (baseline) | {base['rps']:.0f} | 1.00 | | | {base['p99_ms']:.1f} | 1.0 "
        f"| | 0 | | {sum(result['baseline_errors'])} |",
    ]
    for row in result["pages"]:
        lines.append(
            f"| {row['page']} | {row['rps']:.0f} | {row['ratio_to_baseline']:.2f} "
            f"| {_cell(row.get('uncached_rps'))} "
            f"| {_cell(row.get('uncached_ratio_to_baseline'), 2)} "
            f"| {row['p99_ms']:.1f} | {row['p99_ratio_to_baseline']:.1f} "
            f"| {_cell(row.get('uncached_p99_ratio_to_baseline'))} "
            f"| {row['sql_queries']} | {row['worker_peak_rss_mib']} | {row['errors']} |"
        )
    return "\n".join(lines)


def storm_table(storm):
    lines = [
        "| page | quiet req/s | req/s while publishing | × quiet | quiet p99 ms "
        "| p99 ms while publishing | × quiet | errors |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for row in storm["pages"]:
        lines.append(
            f"| {row['page']} | {row['quiet_rps']:.0f} | {row['storm_rps']:.0f} "
            f"| {row['rps_ratio']:.2f} | {row['quiet_p99_ms']:.1f} | {row['storm_p99_ms']:.1f} "
            f"| {row['p99_ratio']:.1f} | {row['errors']} |"
        )
    return "\n".join(lines)


def section(result):
    machine = result["machine"]
    base = result["baseline"]
    load = result.get("load_average")
    parts = [
        f"**{VENDORS.get(result['database'], result['database'])} + "
        f"{CACHES.get(result['cache'], result['cache'])}**, {result['when'][:10]}: "
        f"{result['gunicorn_workers']} gunicorn workers on {machine['cpus']} CPUs "
        f"(Python {machine['python']}); bare view {base['rps']:.0f} req/s median "
        f"({min(base['runs']):.0f} to {max(base['runs']):.0f} over {len(base['runs'])} runs); "
        f"peak worker RSS {result['peak_worker_rss_mib']} MiB"
        + (
            f"; load average {load['start']:.1f} at the start, {load['end']:.1f} at the end"
            if load
            else ""
        )
        + f"; {result['total_seconds']} s in all.",
        "",
        page_table(result),
    ]
    built = result.get("built_files")
    if built:
        worker = built.get("task_worker_peak_rss_mib")
        parts += [
            "",
            f"Built files (calendar, graph, exports, measures): `manage.py build_files` took "
            f"{built['seconds']:.1f} s, peak {built['peak_rss_mib']} MiB"
            + (
                f"; the task worker rebuilding them during the run peaked at {worker} MiB."
                if worker is not None
                else "."
            ),
        ]
    files = [row for row in result["pages"] if row.get("same_size_bare_rps")]
    if files:
        parts += [
            "",
            "The big files against a bare view sending as many bytes (the bench's client "
            "accepts brotli and gzip, so they travel compressed):",
            "",
            "| file | bytes sent | warm req/s | same-size bare req/s | × same-size bare "
            "| same-size bare × bare |",
            "| --- | --- | --- | --- | --- | --- |",
            *(
                f"| {row['page']} | {row['wire_bytes']:,} | {row['rps']:.0f} "
                f"| {row['same_size_bare_rps']:.0f} | {row['ratio_to_same_size_bare']:.2f} "
                f"| {row['same_size_bare_ratio_to_baseline']:.2f} |"
                for row in files
            ),
        ]
    storm = result.get("storm")
    if storm:
        parts += [
            "",
            f"Publish storm: home, report list and calendar list loaded together for "
            f"{storm['seconds']} s quiet, then {storm['seconds']} s with "
            f"{storm['publishes']} publishes (one a second, through the services):",
            "",
            storm_table(storm),
        ]
    return "\n".join(parts)


def render():
    results = [
        json.loads(path.read_text())
        for vendor in VENDORS
        if (path := RESULTS / f"latest-{vendor}.json").exists()
    ]
    body = "\n\n".join(section(result) for result in results) or "No results committed yet."
    return f"{START}\n\n{body}\n\n{END}"


def current():
    text = README.read_text()
    start, end = text.index(START), text.index(END) + len(END)
    return text[start:end]


def main():
    text = README.read_text()
    README.write_text(text.replace(current(), render()))
    print("README.md: bench tables written from", RESULTS)


if __name__ == "__main__":
    main()
