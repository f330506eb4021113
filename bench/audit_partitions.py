"""The access log's client queries on a plain table and on monthly partitions, at millions of rows.

    python -m bench.audit_partitions --database-url postgres://postgres@127.0.0.1:5432/yhteispolku_bench_parts

A scratch database only (never the application's): generates, by SQL, `--rows` entries (default 4
million) over the last 24 months for 150,000 clients, one of them busy (30,000 entries), into two tables
with the log's columns and indexes: `bench_log_plain` (one table) and `bench_log_parts` (partitioned by
month like `audit_accessevent` after migration audit.0006). Then times the desk's two queries (the page's
50 newest entries, and the grouped count behind its filters) for the busy and a quiet client over two
years and over the last 30 days, and prints each plan (EXPLAIN ANALYZE). Results to
var/bench/results-audit-partitions.json.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from datetime import UTC, date, datetime, timedelta
from typing import Any

from bench.environment import bench_dir

CLIENTS = 150_000
BUSY_ENTRIES = 30_000
MONTHS = 24
COLUMNS = """
    id bigint NOT NULL,
    chain smallint NOT NULL,
    occurred_at timestamptz NOT NULL,
    actor_id bigint,
    actor_username varchar(150) NOT NULL,
    actor_name varchar(301) NOT NULL,
    actor_role varchar(60) NOT NULL,
    actor_organisation varchar(200) NOT NULL,
    client_code uuid,
    object_type varchar(100) NOT NULL,
    object_id varchar(100) NOT NULL,
    category varchar(20) NOT NULL,
    action varchar(20) NOT NULL,
    purpose varchar(40) NOT NULL,
    allowed boolean NOT NULL,
    reason varchar(60) NOT NULL,
    ip_address inet,
    previous_hash varchar(64) NOT NULL,
    entry_hash varchar(64) NOT NULL
"""
INDEXES = [
    "CREATE INDEX {t}_client_time ON {t} (client_code, occurred_at)",
    "CREATE INDEX {t}_actor_time ON {t} (actor_id, occurred_at)",
    "CREATE INDEX {t}_chain_id ON {t} (chain, id)",
    "ALTER TABLE {t} ADD PRIMARY KEY (id, occurred_at)",
]
# The desk's queries (privacy.selectors): the page's rows and the grouped count behind the filters.
PAGE = (
    "SELECT * FROM {t} WHERE client_code = %(client)s AND occurred_at >= %(since)s "
    "ORDER BY occurred_at DESC, id DESC LIMIT 50"
)
COUNT = (
    "SELECT actor_id, actor_organisation, action, count(*) FROM {t} "
    "WHERE client_code = %(client)s AND occurred_at >= %(since)s GROUP BY 1, 2, 3"
)


def client_code(number: int) -> str:
    """The same UUID as the SQL generator's md5(number)::uuid."""
    import hashlib

    text = hashlib.md5(str(number).encode(), usedforsecurity=False).hexdigest()
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_month(day: date) -> date:
    return date(day.year + 1, 1, 1) if day.month == 12 else date(day.year, day.month + 1, 1)


def generate(cursor: Any, rows: int, now: datetime) -> dict[str, float]:
    timings = {}
    cursor.execute("DROP TABLE IF EXISTS bench_log_plain, bench_log_parts")
    cursor.execute(f"CREATE TABLE bench_log_parts ({COLUMNS}) PARTITION BY RANGE (occurred_at)")
    first = month_start((now - timedelta(days=MONTHS * 31)).date())
    month = first
    while month <= add_month(month_start(now.date())):
        cursor.execute(
            f"CREATE TABLE bench_log_parts_p{month:%Y_%m} PARTITION OF bench_log_parts "
            f"FOR VALUES FROM ('{month.isoformat()}+00') TO ('{add_month(month).isoformat()}+00')"
        )
        month = add_month(month)
    cursor.execute("CREATE TABLE bench_log_parts_default PARTITION OF bench_log_parts DEFAULT")
    span = MONTHS * 30 * 86400
    started = time.perf_counter()
    # Most entries: any of 150,000 clients, any time in two years; the busy client's: number 0.
    cursor.execute(
        f"""
        INSERT INTO bench_log_parts
        SELECT g, (g %% 64)::smallint,
               %(now)s::timestamptz - (random() * {span}) * interval '1 second',
               1 + (g %% 2000), 'user' || (g %% 2000), 'Ammattilainen ' || (g %% 2000), 'social_worker',
               'Organisaatio ' || (g %% 40),
               md5(CASE WHEN g <= {BUSY_ENTRIES} THEN '0'
                        ELSE (1 + (hashint4(g) & 2147483647) %% {CLIENTS - 1})::text END)::uuid,
               'clients.client', (g %% 1000)::text,
               (ARRAY['basic','social','health','plan'])[1 + g %% 4],
               (ARRAY['view','view','view','update'])[1 + g %% 4],
               'tym_joint_work', true, '', '10.0.0.1',
               md5((g - 1)::text) || md5((g - 1)::text), md5(g::text) || md5(g::text)
        FROM generate_series(1, %(rows)s) AS g
        """,  # noqa: S608 (constants only)
        {"now": now, "rows": rows},
    )
    timings["insert_partitioned_s"] = time.perf_counter() - started
    started = time.perf_counter()
    cursor.execute("CREATE TABLE bench_log_plain AS SELECT * FROM bench_log_parts ORDER BY id")
    timings["copy_plain_s"] = time.perf_counter() - started
    started = time.perf_counter()
    for table in ("bench_log_plain", "bench_log_parts"):
        for statement in INDEXES:
            cursor.execute(statement.format(t=table))
        cursor.execute(f"VACUUM ANALYZE {table}")
    timings["index_and_analyze_s"] = time.perf_counter() - started
    return timings


def measure(cursor: Any, sql: str, params: dict[str, Any], repeat: int) -> dict[str, Any]:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        cursor.execute(sql, params)
        cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    cursor.execute("EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) " + sql, params)
    plan = "\n".join(row[0] for row in cursor.fetchall())
    return {
        "median_ms": round(statistics.median(times), 2),
        "p95_ms": round(sorted(times)[max(0, int(len(times) * 0.95) - 1)], 2),
        "plan": plan,
    }


def main() -> None:
    import psycopg

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="a scratch PostgreSQL database")
    parser.add_argument("--rows", type=int, default=4_000_000)
    parser.add_argument("--repeat", type=int, default=10)
    parser.add_argument("--keep", action="store_true", help="reuse the tables of an earlier run")
    options = parser.parse_args()
    now = datetime.now(UTC)
    results: dict[str, Any] = {"rows": options.rows, "load_average_before": os.getloadavg()}
    with psycopg.connect(options.database_url, autocommit=True) as connection, connection.cursor() as cursor:
        if not options.keep:
            results["generate"] = generate(cursor, options.rows, now)
        cursor.execute("SELECT pg_size_pretty(pg_total_relation_size('bench_log_plain'))")
        results["plain_size"] = cursor.fetchone()[0]
        cases = {
            "busy client, 2 years": {"client": client_code(0), "since": now - timedelta(days=730)},
            "busy client, last 30 days": {"client": client_code(0), "since": now - timedelta(days=30)},
            "quiet client, 2 years": {"client": client_code(4242), "since": now - timedelta(days=730)},
            "quiet client, last 30 days": {"client": client_code(4242), "since": now - timedelta(days=30)},
        }
        measured: dict[str, Any] = {}
        for name, params in cases.items():
            for query_name, query in (("page", PAGE), ("count", COUNT)):
                for table in ("bench_log_plain", "bench_log_parts"):
                    key = f"{name} | {query_name} | {table}"
                    measured[key] = measure(cursor, query.format(t=table), params, options.repeat)
                    print(f"{key}: {measured[key]['median_ms']} / {measured[key]['p95_ms']} ms")
        results["measured"] = measured
    results["load_average_after"] = os.getloadavg()
    path = bench_dir() / "results-audit-partitions.json"
    path.write_text(json.dumps(results, indent=2, default=str), encoding="utf-8")
    print(f"load average before {results['load_average_before']}, after {results['load_average_after']}")
    print(f"results: {path}")


if __name__ == "__main__":
    main()
