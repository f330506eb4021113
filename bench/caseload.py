"""Benchmark the caseload list (`/asiakkaat/`) and the header's inbox count on the region's synthetic data.

    python -m bench.caseload                  # SQLite file var/bench/bench-region.sqlite3
    python -m bench.caseload --database-url postgres://postgres@127.0.0.1:5432/yhteispolku_bench_region

Generates the region data when absent (as `bench.run` does), then measures, as the professional with 150
clients and as a unit manager whose unit holds every open relationship and pending referral of the
region (4,400 of its 5,000 clients; the other 600 are closed): the list's time per request and its
queries at each caseload (10, 50, 150 clients and the unit), sorted by name and by next due date and
filtered to overdue clients; and the header's inbox count per page with and without its one-minute cache.

The region's employment units are side by side, so no unit holds all its clients: the manager's unit is
made the parent of the other two inside a transaction that is rolled back after measuring (the
benchmark's own audit entries go with it). Writes var/bench/caseload-<database>.json.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from bench.environment import bench_dir
from bench.run import prepare_database

MANAGER = "bench-region-probe-unit-manager"
MANAGER_UNIT = "satakunta-ea-multisectoral"
OTHER_UNITS = ("satakunta-ea-youth-integration",)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="default: DATABASE_URL, else a SQLite file under var/bench/")
    parser.add_argument("--repetitions", type=int, default=15, help="timed requests per page (default 15)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed requests first (default 2)")
    parser.add_argument(
        "--unit-repetitions", type=int, default=5, help="timed requests per page for the unit (default 5)"
    )
    arguments = parser.parse_args(argv)
    prepare_database(arguments.database_url, "bench-region.sqlite3")

    from django.core.management import call_command
    from django.db import connection

    from bench import measure, synthetic

    call_command("migrate", interactive=False, verbosity=0)
    print("generating the region data if absent …", flush=True)
    try:
        synthetic.generate(synthetic.SCALES["region"])
    except synthetic.GenerationRefused as error:
        print(f"refused: {error}", file=sys.stderr)
        return 2
    results: dict[str, Any] = {
        "database": measure.database_version(),
        "load_average_at_start": [round(value, 2) for value in os.getloadavg()],
    }
    with measure.testserver_allowed(), unit_holding_the_region() as manager:
        results |= measure_caseloads(
            manager, arguments.repetitions, arguments.unit_repetitions, arguments.warmup
        )
    results["load_average_at_end"] = [round(value, 2) for value in os.getloadavg()]
    path = bench_dir() / f"caseload-{connection.vendor}.json"
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print_table(results)
    print(f"\nresults: {path}")
    return 0


@contextmanager
def unit_holding_the_region() -> Iterator[Any]:
    """A unit manager whose unit is, for the measurement only, the parent of the region's other units."""
    from django.db import transaction

    from yhteispolku.accounts.models import Role, User
    from yhteispolku.organisations.models import Unit

    with transaction.atomic():
        unit = Unit.objects.get(slug=MANAGER_UNIT)
        Unit.objects.filter(slug__in=OTHER_UNITS).update(parent=unit)
        manager = User.objects.create(
            username=MANAGER,
            first_name="Mittari",
            last_name="Esihenkilö",
            role=Role.objects.get(code="unit_manager"),
            organisation=unit.organisation,
            unit=unit,
        )
        manager.set_unusable_password()
        manager.save()
        yield manager
        transaction.set_rollback(True)


def measure_caseloads(manager: Any, repetitions: int, unit_repetitions: int, warmup: int) -> dict[str, Any]:
    """The pages with the header's count cached, as in production (`bench.run` sets the test mode, where
    it is off): a request then pays for the list alone, as long as the count is under a minute old."""
    from django.test import override_settings

    with override_settings(INBOX_COUNT_CACHE_SECONDS=60):
        return _measure_caseloads(manager, repetitions, unit_repetitions, warmup)


def _measure_caseloads(manager: Any, repetitions: int, unit_repetitions: int, warmup: int) -> dict[str, Any]:
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import timezone

    from bench import measure, synthetic
    from yhteispolku.access.relations import reachable_clients
    from yhteispolku.accounts.models import User
    from yhteispolku.clients.models import Client
    from yhteispolku.worklist.selectors import inbox_count

    listing = reverse("clients:list")
    variants = {
        "by name": listing,
        "by next due": f"{listing}?jarjestys=maaraaika",
        "overdue only": f"{listing}?myohassa=1&jarjestys=maaraaika",
        # For comparison: the worklist reads the same due items for the same relationships.
        "the worklist": reverse("worklist:worklist"),
    }
    probes = synthetic.probe_usernames("region")
    users = [User.objects.get(username=name) for _caseload, name in sorted(probes.items())]
    subjects = {
        f"{reachable_clients(user, Client.objects.all()).count()} clients ({user.username})": user
        for user in [*users, manager]
    }
    pages: dict[str, Any] = {}
    queries: dict[str, Any] = {}
    for label, user in subjects.items():
        http = measure.signed_in(user)
        for variant, url in variants.items():
            queries[f"{label}, {variant}"] = measure.count_queries(http, url)
        if user.username in (probes[150], MANAGER):
            print(f"timing the list as {user.username} …", flush=True)
            times = unit_repetitions if user.username == MANAGER else repetitions
            for variant, url in variants.items():
                page = measure.Page(f"{label}, {variant}", [url])
                totals, _audits, _entries = measure.time_page(http, page, times, warmup)
                pages[page.name] = totals.summary()
    # The header's count on every page: the worklist's queries, or one cache read.
    inbox: dict[str, Any] = {}
    today = timezone.localdate()
    for label, user in subjects.items():
        with override_settings(INBOX_COUNT_CACHE_SECONDS=0), CaptureQueriesContext(connection) as uncached:
            inbox_count(actor=user, today=today)
        with override_settings(INBOX_COUNT_CACHE_SECONDS=60):
            inbox_count(actor=user, today=today)
            with CaptureQueriesContext(connection) as cached:
                inbox_count(actor=user, today=today)
        inbox[label] = {"uncached_queries": len(uncached), "cached_queries": len(cached)}
    return {"list_ms": pages, "list_queries": queries, "inbox_count": inbox}


def print_table(results: dict[str, Any]) -> None:
    print(f"\ncaseload list on {results['database']} (load {results['load_average_at_start'][0]:.2f})\n")
    print(f"{'page':64} {'median ms':>10} {'p95 ms':>8}")
    for name, times in results["list_ms"].items():
        print(f"{name:64} {times['median']:>10.1f} {times['p95']:>8.1f}")
    print(f"\n{'queries per request':64} {'total':>6} {'select':>7} {'audit ins':>10}")
    for name, counts in results["list_queries"].items():
        print(f"{name:64} {counts['total']:>6} {counts['select']:>7} {counts['audit_insert']:>10}")
    print(f"\n{'inbox count, queries':64} {'uncached':>9} {'cached':>7}")
    for name, counts in results["inbox_count"].items():
        print(f"{name:64} {counts['uncached_queries']:>9} {counts['cached_queries']:>7}")


if __name__ == "__main__":
    sys.exit(main())
