"""Benchmark `yhteispolku import`: rows per minute for a 20,000-row CSV file (target ≥ 20,000/min on
PostgreSQL).

    python -m bench.import_rows                          # SQLite file var/bench/bench-import.sqlite3
    python -m bench.import_rows --database-url postgres://postgres@127.0.0.1:5432/yhteispolku_bench_import

Each run generates a file of new people (test-range identity codes after those of earlier runs in the
same database), imports it as `yhteispolku import` does (batches of 500, a checkpoint per batch, the audit
entries batched), then imports it again (a rerun: every row matched, nothing written). A quarter of the
rows are TYM clients with a plan of two services and a consent.
Writes var/bench/results-import-<database>.json.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import sys
import time
from datetime import datetime

from bench.environment import bench_dir
from bench.run import prepare_database


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="default: DATABASE_URL, else a SQLite file under var/bench/")
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=500)
    arguments = parser.parse_args(argv)
    prepare_database(arguments.database_url, "bench-import.sqlite3")

    from django.core.management import call_command
    from django.db import connection

    from bench.measure import database_version
    from yhteispolku.clients.models import Client
    from yhteispolku.interop import import_sample

    call_command("migrate", interactive=False, verbosity=0)
    # The importing administrator and the professionals the rows name to case teams.
    import_sample.people("bench-importer")
    start = Client.objects.count()
    path = bench_dir() / f"import-{connection.vendor}-{start}.csv"
    import_sample.write_csv(path, import_sample.rows(arguments.rows, start=start))
    figures = {}
    for run in ("import", "rerun"):
        out = io.StringIO()
        began = time.perf_counter()
        call_command(
            "import",
            str(path),
            "--user",
            "bench-importer",
            "--no-progress",
            "--batch-size",
            str(arguments.batch_size),
            stdout=out,
        )
        seconds = time.perf_counter() - began
        figures[run] = {
            "seconds": round(seconds, 2),
            "rows_per_minute": round(arguments.rows / seconds * 60),
            "summary": out.getvalue().strip().splitlines()[-1],
        }
    assert Client.objects.count() == start + arguments.rows, "the benchmark's rows were not all imported"
    results = {
        "database": database_version(),
        "measured_at": datetime.now().astimezone().isoformat(timespec="seconds"),
        "cpus": os.cpu_count(),
        "load_average": [round(value, 2) for value in os.getloadavg()],
        "rows": arguments.rows,
        "batch_size": arguments.batch_size,
        "figures": figures,
    }
    result_path = bench_dir() / f"results-import-{connection.vendor}.json"
    result_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\n`yhteispolku import`, {arguments.rows} rows, on {results['database']}")
    for run, row in figures.items():
        print(f"{run:8} {row['seconds']:>8} s {row['rows_per_minute']:>10} rows/min")
    print(f"\nwritten to {result_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
