"""Benchmark the situational picture: the refresh of the statistics table and the report pages.

    python -m bench.reports                   # SQLite file var/bench/bench-region.sqlite3
    python -m bench.reports --database-url postgres://postgres@127.0.0.1:5432/yhteispolku_bench_region

Generates the region data when absent (as `bench.run` does), then times `refresh-statistics` for one day
and for the last --days days (a full rebuild when --days is 0), and each report page and CSV download
as the steering group's member (a probe user made here). Writes var/bench/reports-<database>.json.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from datetime import timedelta
from typing import Any

from bench.environment import bench_dir
from bench.run import prepare_database

PROBE = "bench-reports-steering"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="default: DATABASE_URL, else a SQLite file under var/bench/")
    parser.add_argument("--scale", default="region", help="region (default) or national")
    parser.add_argument("--repetitions", type=int, default=10, help="timed requests per page (default 10)")
    parser.add_argument("--days", type=int, default=400, help="days to rebuild (0: full rebuild)")
    arguments = parser.parse_args(argv)
    prepare_database(arguments.database_url, f"bench-{arguments.scale}.sqlite3")

    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from bench import measure, synthetic
    from yhteispolku.accounts.models import Role, User
    from yhteispolku.organisations.models import Organisation, Unit
    from yhteispolku.reports import refresh
    from yhteispolku.reports.models import Duration, Statistic
    from yhteispolku.reports.selectors import REPORTS

    call_command("migrate", interactive=False, verbosity=0)
    print(f"generating the {arguments.scale} data if absent …", flush=True)
    try:
        synthetic.generate(synthetic.SCALES[arguments.scale])
    except synthetic.GenerationRefused as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    today = timezone.localdate()
    results: dict[str, Any] = {"database": measure.database_version(), "scale": arguments.scale}

    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured:
        refresh.refresh(today, today)
    results["refresh_one_day_s"] = round(time.perf_counter() - started, 2)
    # Constant whatever the data: a fixed set of GROUP BY queries per day, no per-client loop.
    results["refresh_one_day_queries"] = len(captured)
    started = time.perf_counter()
    refresh.refresh(today - timedelta(days=30), today - timedelta(days=30))
    results["refresh_past_day_s"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    if arguments.days:
        refresh.refresh(today - timedelta(days=arguments.days - 1), today)
    else:
        refresh.full_rebuild(today)
    results["rebuild_days"] = arguments.days or "full"
    results["rebuild_s"] = round(time.perf_counter() - started, 2)
    results["statistic_rows"] = Statistic.objects.count()
    results["duration_rows"] = Duration.objects.count()
    print(
        f"refresh: one day {results['refresh_one_day_s']} s ({results['refresh_one_day_queries']} queries), "
        f"rebuild of {results['rebuild_days']} days {results['rebuild_s']} s",
        flush=True,
    )

    organisation = Organisation.objects.get(slug="satakunta-employment-area")
    user, _created = User.objects.get_or_create(
        username=PROBE,
        defaults={
            "role": Role.objects.get(code="steering_group_member"),
            "organisation": organisation,
            "unit": Unit.objects.get(slug="satakunta-ea-tym"),
        },
    )
    pages: dict[str, Any] = {}
    with measure.testserver_allowed():
        http = measure.signed_in(user)
        urls = {"index": reverse("reports:index")}
        for slug in REPORTS:
            urls[slug] = reverse("reports:report", kwargs={"slug": slug})
            urls[f"{slug}.csv"] = reverse("reports:export", kwargs={"slug": slug, "fmt": "csv"})
        for name, address in urls.items():
            http.get(address)
            times = []
            for _repetition in range(arguments.repetitions):
                begun = time.perf_counter()
                response = http.get(address)
                times.append(time.perf_counter() - begun)
                if response.status_code != 200:
                    raise AssertionError(f"GET {address} answered {response.status_code}")
            with CaptureQueriesContext(connection) as captured:
                http.get(address)
            pages[name] = {
                "median_ms": round(statistics.median(times) * 1000, 1),
                "max_ms": round(max(times) * 1000, 1),
                "queries": len(captured),
            }
            print(
                f"{name:34} {pages[name]['median_ms']:8.1f} ms  {pages[name]['queries']:3} queries",
                flush=True,
            )
    results["pages"] = pages
    path = bench_dir() / f"reports-{connection.vendor}-{arguments.scale}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
