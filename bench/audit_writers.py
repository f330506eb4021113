"""Benchmark concurrent writers of the access log: 1, 4 and 16 processes appending at once, and verify-audit.

    python -m bench.audit_writers --database-url postgres://postgres@127.0.0.1:5432/yhteispolku_bench_audit
    python -m bench.audit_writers --writers 1,4,16 --seconds 10 --verify

Each writer is its own process with its own database connection. It calls `record_access` in a loop, as
the access policy does for one decision (a professional of its own as the actor, a client drawn from 5,000),
each call its own transaction, until the time is up. Reported per writer count: entries per second in
total, the latency of one call (p50/p95) and the time spent waiting for the chain-head row lock (every
`SELECT … FOR UPDATE` on `audit_chainhead`, p50/p95 and its share of the writers' time). `--verify` then
times a full `verify_chain` over the whole log and, where the code has it, an incremental one.

Results, with the load average before and after each run, go to
`var/bench/results-audit-writers-<database>.json`. The log only grows: nothing is deleted between runs.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import platform
import sys
import time
import uuid
from typing import Any

from bench.environment import bench_dir
from bench.run import prepare_database

ACTOR_USERNAME = "bench-audit-writer"
CLIENTS = 5000


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def ensure_actors(count: int) -> list[int]:
    """One professional per writer, as sixteen people's list pages would be."""
    return [
        ensure_actor(f"{ACTOR_USERNAME}-{number}" if number else ACTOR_USERNAME) for number in range(count)
    ]


def ensure_actor(username: str) -> int:
    from yhteispolku.accounts.models import Role, User
    from yhteispolku.organisations.models import Organisation, Unit

    user = User.objects.filter(username=username).first()
    if user is None:
        role = Role.objects.get_or_create(
            code="social_worker", defaults={"sector": "social", "name_fi": "sosiaalityöntekijä"}
        )[0]
        organisation = Organisation.objects.get_or_create(
            slug="bench-audit-writers",
            defaults={"kind": Organisation.Kind.WELLBEING_COUNTY, "name_fi": "Penkkitestin hyvinvointialue"},
        )[0]
        unit = Unit.objects.get_or_create(
            slug="bench-audit-writers-sosiaalityo",
            defaults={
                "organisation": organisation,
                "kind": Unit.Kind.SERVICE_UNIT,
                "name_fi": "Aikuissosiaalityö",
            },
        )[0]
        user = User.objects.create(
            username=username,
            first_name="Penkki",
            last_name="Kirjoittaja",
            role=role,
            organisation=organisation,
            unit=unit,
        )
    return int(user.pk)


def writer(
    url: str,
    number: int,
    actor_id: int,
    clients: list[str],
    seconds: float,
    batch: int,
    start: Any,
    results: Any,
) -> None:  # pragma: no cover - runs in a child process
    import random

    # A fresh interpreter (spawn): a forked child would share the parent's pooled sockets.
    prepare_database(url, "unused.sqlite3")
    from django.db import connection

    from yhteispolku.accounts.models import User
    from yhteispolku.audit.services import record_access, record_accesses

    actor = User.objects.select_related("organisation").get(pk=actor_id)
    lock_waits: list[float] = []

    def time_head_locks(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        if "audit_chainhead" in sql and "FOR UPDATE" in sql:
            began = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                lock_waits.append(time.perf_counter() - began)
        return execute(sql, params, many, context)

    chooser = random.Random(number)
    latencies: list[float] = []
    entries = 0
    with connection.execute_wrapper(time_head_locks):
        start.wait()
        began = time.perf_counter()
        deadline = began + seconds
        while time.perf_counter() < deadline:
            call = time.perf_counter()
            if batch > 1:
                # A list page: one entry per client shown, one append.
                record_accesses(
                    actor=actor,
                    action="view",
                    category="basic",
                    purpose="tym_joint_work",
                    client_codes=chooser.sample(clients, batch),
                    object_type="clients.client",
                )
            else:
                record_access(
                    actor=actor,
                    action="view",
                    category="basic",
                    purpose="tym_joint_work",
                    allowed=True,
                    client_code=chooser.choice(clients),
                    object_type="clients.client",
                )
            entries += batch
            latencies.append(time.perf_counter() - call)
        elapsed = time.perf_counter() - began
    connection.close()
    results.put({"entries": entries, "elapsed": elapsed, "latencies": latencies, "locks": lock_waits})


def run_writers(
    url: str, count: int, actor_ids: list[int], clients: list[str], seconds: float, batch: int
) -> dict[str, Any]:
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(count)
    results = context.Queue()
    load_before = os.getloadavg()
    processes = [
        context.Process(
            target=writer, args=(url, number, actor_ids[number], clients, seconds, batch, start, results)
        )
        for number in range(count)
    ]
    for process in processes:
        process.start()
    reports = [results.get(timeout=seconds + 120) for _ in processes]
    for process in processes:
        process.join()
    entries = sum(report["entries"] for report in reports)
    wall = max(report["elapsed"] for report in reports)
    latencies = [value for report in reports for value in report["latencies"]]
    locks = [value for report in reports for value in report["locks"]]
    busy = sum(report["elapsed"] for report in reports)
    return {
        "writers": count,
        "entries_per_call": batch,
        "entries": entries,
        "seconds": round(wall, 2),
        "entries_per_second": round(entries / wall, 1),
        "call_ms": {
            "p50": round(percentile(latencies, 0.5) * 1000, 2),
            "p95": round(percentile(latencies, 0.95) * 1000, 2),
        },
        "lock_wait_ms": {
            "p50": round(percentile(locks, 0.5) * 1000, 2),
            "p95": round(percentile(locks, 0.95) * 1000, 2),
            "share_of_time": round(sum(locks) / busy, 3) if busy else 0.0,
        },
        "load_average_before": [round(value, 2) for value in load_before],
        "load_average_after": [round(value, 2) for value in os.getloadavg()],
    }


def time_verification() -> dict[str, Any]:
    from yhteispolku.audit import verification

    results: dict[str, Any] = {"load_average_before": [round(value, 2) for value in os.getloadavg()]}
    began = time.perf_counter()
    full = verification.verify_chain()
    seconds = time.perf_counter() - began
    results["full"] = {
        "entries": full.checked,
        "seconds": round(seconds, 2),
        "entries_per_second": round(full.checked / seconds) if seconds else 0,
        "intact": full.is_intact,
    }
    if hasattr(verification, "verify_incremental"):
        verification.verify_incremental()  # records the checkpoint
        began = time.perf_counter()
        incremental = verification.verify_incremental()
        results["incremental_after_checkpoint"] = {
            "entries": incremental.checked,
            "seconds": round(time.perf_counter() - began, 3),
            "intact": incremental.is_intact,
        }
    results["load_average_after"] = [round(value, 2) for value in os.getloadavg()]
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="default: DATABASE_URL (PostgreSQL)")
    parser.add_argument("--writers", default="1,4,16", help="writer counts, comma-separated (default 1,4,16)")
    parser.add_argument("--seconds", type=float, default=10.0, help="seconds per writer count (default 10)")
    parser.add_argument(
        "--batch", type=int, default=1, help="entries per call: 1 = record_access, N = record_accesses of N"
    )
    parser.add_argument("--verify", action="store_true", help="then time verify_chain over the whole log")
    arguments = parser.parse_args(argv)

    url = prepare_database(arguments.database_url, "bench-audit-writers.sqlite3")
    if not url.startswith(("postgres://", "postgresql://")):
        print("refused: concurrent writers need PostgreSQL (--database-url postgres://…)", file=sys.stderr)
        return 2
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    counts = [int(value) for value in arguments.writers.split(",")]
    actor_ids = ensure_actors(max(counts))
    clients = [str(uuid.UUID(int=index + 1, version=4)) for index in range(CLIENTS)]
    runs = []
    for count in counts:
        print(f"{count} writer(s) for {arguments.seconds:.0f} s …", flush=True)
        runs.append(run_writers(url, count, actor_ids, clients, arguments.seconds, arguments.batch))
    results: dict[str, Any] = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version()},
        "database": connection.vendor,
        "database_version": connection.cursor().connection.info.server_version,
        "audit_chains": getattr(settings, "AUDIT_CHAINS", 1),
        "runs": runs,
    }
    if arguments.verify:
        results["verify_chain"] = time_verification()

    print()
    header = (
        f"{'writers':>7} {'entries/s':>10} {'call p50':>9} {'call p95':>9} {'lock p50':>9} "
        f"{'lock p95':>9} {'lock share':>10} {'load before':>12}"
    )
    print(header)
    print("-" * len(header))
    for run in runs:
        print(
            f"{run['writers']:>7} {run['entries_per_second']:>10.1f} {run['call_ms']['p50']:>9.2f} "
            f"{run['call_ms']['p95']:>9.2f} {run['lock_wait_ms']['p50']:>9.2f} "
            f"{run['lock_wait_ms']['p95']:>9.2f} "
            f"{run['lock_wait_ms']['share_of_time']:>10.1%} {run['load_average_before'][0]:>12.2f}"
        )
    print(
        f"  ms per call ({arguments.batch} entries, its own transaction); "
        "lock: SELECT … FOR UPDATE of the chain head(s)"
    )
    if "verify_chain" in results:
        full = results["verify_chain"]["full"]
        print(
            f"\nverify_chain, full: {full['entries']:,} entries in {full['seconds']:.2f} s = "
            f"{full['entries_per_second']:,} entries/s (intact: {full['intact']})"
        )
        incremental = results["verify_chain"].get("incremental_after_checkpoint")
        if incremental:
            print(
                f"verify_chain, incremental after a checkpoint: {incremental['entries']:,} entries in "
                f"{incremental['seconds']:.3f} s (intact: {incremental['intact']})"
            )
    path = bench_dir() / f"results-audit-writers-{connection.vendor}-batch{arguments.batch}.json"
    path.write_text(json.dumps(results, indent=2, default=str) + "\n")
    print(f"\nresults: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
