"""The README's performance tables are the committed bench results, never hand-edited."""

from bench import readme

RESULT = {
    "when": "2026-12-03T11:00:00+00:00",
    "machine": {"cpus": 2, "platform": "Linux", "python": "3.11.7"},
    "database": "postgresql",
    "cache": "RedisCache",
    "gunicorn_workers": 3,
    "baseline": {"rps": 2000.0, "p99_ms": 8.0, "runs": [1900.0, 2100.0]},
    "baseline_errors": [0],
    "pages": [
        {
            "page": "home",
            "rps": 1800.0,
            "ratio_to_baseline": 0.9,
            "uncached_rps": 600.0,
            "uncached_ratio_to_baseline": 0.3,
            "p99_ms": 9.0,
            "p99_ratio_to_baseline": 1.1,
            "uncached_p99_ratio_to_baseline": 3.2,
            "sql_queries": 6,
            "worker_peak_rss_mib": 91,
            "errors": 0,
        }
    ],
    "storm": {
        "seconds": 30,
        "publishes": 29,
        "pages": [
            {
                "page": "home",
                "quiet_rps": 900.0,
                "storm_rps": 450.0,
                "rps_ratio": 0.5,
                "quiet_p99_ms": 10.0,
                "storm_p99_ms": 40.0,
                "p99_ratio": 4.0,
                "errors": 0,
            }
        ],
    },
    "peak_worker_rss_mib": 91,
    "built_files": {"seconds": 41.5, "peak_rss_mib": 134, "task_worker_peak_rss_mib": 128},
    "total_seconds": 400,
    "load_average": {"start": 0.4, "end": 1.2},
}


def test_readme_tables_are_the_committed_results():
    assert readme.current() == readme.render(), (
        "README.md and bench/results/latest-*.json disagree: run `python -m bench.readme`"
    )


def test_a_page_row_gives_warm_and_uncached_ratios_sql_and_memory():
    rows = readme.page_table(RESULT).splitlines()

    assert rows[3] == "| home | 1800 | 0.90 | 600.0 | 0.30 | 9.0 | 1.1 | 3.2 | 6 | 91 | 0 |"


def test_the_storm_compares_the_same_load_with_and_without_publishes():
    text = readme.section(RESULT)

    assert "with 29 publishes" in text
    assert "| home | 900 | 450 | 0.50 | 10.0 | 40.0 | 4.0 | 0 |" in text
    assert "load average 0.4 at the start, 1.2 at the end" in text


def test_the_built_files_give_their_build_time_and_memory():
    text = readme.section(RESULT)

    assert "`manage.py build_files` took 41.5 s, peak 134 MiB" in text
    assert "the task worker rebuilding them during the run peaked at 128 MiB" in text


def test_big_files_are_set_against_a_bare_view_of_their_size():
    result = {
        **RESULT,
        "pages": [
            *RESULT["pages"],
            {
                **RESULT["pages"][0],
                "page": "grafo.json",
                "wire_bytes": 212345,
                "rps": 1200.0,
                "same_size_bare_rps": 1500.0,
                "ratio_to_same_size_bare": 0.8,
                "same_size_bare_ratio_to_baseline": 0.75,
            },
        ],
    }

    text = readme.section(result)

    assert "| grafo.json | 212,345 | 1200 | 1500 | 0.80 | 0.75 |" in text
    assert "| home | 1800" in text
    assert "same-size" not in readme.section(RESULT)
