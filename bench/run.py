"""Benchmark the client pages, the audit log and chain verification on synthetic data.

    python -m bench.run                       # region scale, SQLite file var/bench/bench-region.sqlite3
    python -m bench.run --database-url postgres://postgres@127.0.0.1:5432/yhteispolku_bench
    python -m bench.run --scale national --database-url postgres://…/yhteispolku_bench_national

Migrates the database, generates the data when it is absent (bench/synthetic.py), measures, prints a
table and writes var/bench/results-<database>-<scale>.json. See bench/README.md for what each figure is.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import warnings
from pathlib import Path
from typing import Any

from bench.environment import bench_dir, setup_django


def ensure_postgres_database(url: str) -> None:
    """Create the benchmark database on the server when it does not exist yet."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(url)
    name = config["NAME"]
    with psycopg.connect(
        dbname="postgres",
        user=config.get("USER") or None,
        password=config.get("PASSWORD") or None,
        host=config.get("HOST") or None,
        port=config.get("PORT") or None,
        autocommit=True,
    ) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone() is None:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
            print(f"created database {name}")


def prepare_database(database_url: str | None, default_file: str) -> str:
    """The benchmark's database (the argument, else DATABASE_URL, else a SQLite file under var/bench/),
    created on PostgreSQL if absent, and Django set up on it in test mode (local secrets under var/,
    test-range identity codes, static files through the finders)."""
    url = database_url or os.environ.get("DATABASE_URL") or f"sqlite:///{bench_dir() / default_file}"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("YHTEISPOLKU_TESTING", "1")
    if url.startswith(("postgres://", "postgresql://")):
        ensure_postgres_database(url)
    # Static files are served through the finders in test mode; the collected directory need not exist.
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    setup_django()
    return url


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--scale", choices=("region", "national"), default="region")
    parser.add_argument("--database-url", help="default: DATABASE_URL, else a SQLite file under var/bench/")
    parser.add_argument("--repetitions", type=int, default=30, help="timed requests per page (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed requests first (default 3)")
    parser.add_argument("--calls", type=int, default=300, help="record_access calls timed (default 300)")
    arguments = parser.parse_args(argv)

    prepare_database(arguments.database_url, f"bench-{arguments.scale}.sqlite3")

    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    from bench import measure, synthetic

    if settings.DEBUG:
        print("warning: DEBUG is on; every query is kept in memory and the figures are not representative")
    call_command("migrate", interactive=False, verbosity=0)
    scale = synthetic.SCALES[arguments.scale]
    print(f"generating the {scale.name} data if absent …", flush=True)
    try:
        generation = synthetic.generate(scale)
    except synthetic.GenerationRefused as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2

    results: dict[str, Any] = {
        "scale": scale.name,
        "database": measure.database_version(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "platform": platform.platform(),
            # Other work on the machine shows up in the p95 first; the load says how quiet it was.
            "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
        },
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "generation": _generation_record(generation, connection.vendor, scale.name),
        "data": measure.data_counts(),
    }
    probes = synthetic.probe_usernames(scale.name)
    who = measure.subject(probes[150])
    results["subject"] = {"username": who.user.username, "reachable_clients": who.reachable}
    print(f"measuring as {who.user.username} ({who.reachable} clients) …", flush=True)
    with measure.testserver_allowed():
        results["pages"] = measure.measure_pages(who, arguments.repetitions, arguments.warmup)
        results["queries"] = measure.measure_queries(probes, who)
    results["audit"] = measure.measure_record_access(
        who, arguments.calls, batches=max(10, arguments.repetitions)
    )
    print("verifying the audit chain …", flush=True)
    results["verify_chain"] = measure.measure_verify_chain()
    results["machine"]["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]

    path = bench_dir() / f"results-{connection.vendor}-{scale.name}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(results, path)
    return 0


def _generation_record(generation: Any, vendor: str, scale: str) -> Any:
    """This run's generation report, kept beside the results; or the one kept when the data was made."""
    path = bench_dir() / f"generation-{vendor}-{scale}.json"
    if generation is not None:
        record = generation.as_dict()
        path.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        return record
    if path.exists():
        return {"earlier_run": json.loads(path.read_text(encoding="utf-8"))}
    return "already present"


def print_table(results: dict[str, Any], path: Path) -> None:
    data = results["data"]
    generation = results["generation"]
    print()
    print(f"Yhteispolku benchmark: {results['scale']} scale on {results['database']}")
    machine = results["machine"]
    print(
        f"  {machine['cpus']} CPUs, Python {machine['python']}, load average "
        f"{machine['load_average_at_start'][0]:.2f} at start, {machine['load_average_at_end'][0]:.2f} at end"
    )
    print("  data: " + ", ".join(f"{value:,} {name}" for name, value in data.items()))
    if isinstance(generation, dict) and "seconds" in generation:
        print(f"  generated in this run: {generation['seconds']['total']:.1f} s")
    print()
    header = (
        f"{'page':34} {'median ms':>10} {'p95 ms':>8} {'sql ms':>7} {'×sql':>5} {'audit ms':>9} {'share':>6} "
        f"{'entries':>8} {'no-op ms':>9}"
    )
    print(header)
    print("-" * len(header))
    for name, page in results["pages"].items():
        print(
            f"{name:34} {page['ms']['median']:>10.2f} {page['ms']['p95']:>8.2f} "
            f"{page['sql_ms']['median']:>7.2f} {page['ratio_to_sql_median']:>5.1f} "
            f"{page['audit_write_ms']['median']:>9.2f} {page['audit_share_median']:>6.0%} "
            f"{page['audit_entries_per_request']:>8.0f} {page['ms_with_audit_as_noop']['median']:>9.2f}"
        )
    print("  sql ms: time inside the database driver's execute; ×sql: the page's time over it (median)")
    print("  audit ms/share: time inside record_access(es) per request; no-op ms: same page with the")
    print("  audit functions replaced by no-ops (benchmark only, never in the application)")
    print()
    audit = results["audit"]
    print(
        f"record_access: median {audit['record_access_us']['median']:.0f} µs per entry "
        f"(p95 {audit['record_access_us']['p95']:.0f} µs)"
    )
    print(
        f"record_accesses, 50 clients: median {audit['record_accesses_50_ms']['median']:.2f} ms "
        f"({audit['record_accesses_50_us_per_entry']:.0f} µs per entry)"
    )
    print()
    header = (
        f"{'queries per request':34} {'total':>6} {'select':>7} {'audit ins':>10} {'chain head':>11} "
        f"{'other wr':>9} {'tx':>4}"
    )
    print(header)
    print("-" * len(header))
    for name, counts in results["queries"].items():
        print(
            f"{name:34} {counts['total']:>6} {counts['select']:>7} {counts['audit_insert']:>10} "
            f"{counts['chain_head']:>11} {counts['other_write']:>9} {counts['transaction']:>4}"
        )
    print("  select: excluding the chain-head lock; tx: BEGIN/COMMIT/SAVEPOINT/RELEASE")
    print()
    chain = results["verify_chain"]
    print(
        f"verify_chain: {chain['entries']:,} entries in {chain['seconds']:.2f} s = "
        f"{chain['entries_per_second']:,} entries/s (intact: {chain['intact']})"
    )
    print(f"\nresults: {path}")


if __name__ == "__main__":
    sys.exit(main())
