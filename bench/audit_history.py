"""Two years of access-log history for a generated benchmark database: what the log of a region or of the
whole country holds after two years of daily work, list pages included.

```sh
.venv/bin/python -m bench.audit_history --database-url postgres://…/yhteispolku_bench_national \
    [--days 730] [--list-every 5] [--client-reads 3]
```

Every professional with a caseload, on every working day of the last `--days` days: the caseload list
every `--list-every` working days (one entry for each of the 50 clients the page shows, in the
professional's own chain, as `record_accesses` writes a list page), and `--client-reads` client pages a
day (one entry each, in the client's chain, as `record_access` writes them). Times are spread over the
working day (8-16 Helsinki time).

The entries are chained and hashed exactly as `audit.services._append` chains them (the same
`compute_values_hash`, each entry naming its chain's previous hash, ids in chain order) and verify
(`verify-audit --full`). They are not written through `_append`, which stamps every entry with the
moment of writing: history must carry its own dates, and ten million entries through the ORM would take
an hour. They go in with PostgreSQL's COPY, day by day, into the monthly partitions created for them
first; each chain's head is moved to its last entry at the end, in the same transaction.

Caveat: the benchmark's earlier entries (registrations and consents, written at generation time) come
first in their chains, so along a chain the history runs backwards in time after them. Verification
does not depend on time order, but retention (`audit-partitions --drop`) refuses to cut a chain whose
dropped months are not a prefix of it: this database is for measuring, not for rehearsing retention.

PostgreSQL only. Refused when the database already holds history (`object_type` "bench.history…").
Results (entries, seconds, rate, size of the table) to `var/bench/audit-history-<scale>.json`.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import sys
import time
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from bench.environment import bench_dir
from bench.run import prepare_database

LIST_OBJECT_TYPE = "bench.history.clients.client"
CLIENT_OBJECT_TYPE = "bench.history.clients.detail"
HELSINKI = ZoneInfo("Europe/Helsinki")
LIST_PAGE_SIZE = 50


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--database-url", help="default: DATABASE_URL (PostgreSQL)")
    parser.add_argument("--days", type=int, default=730, help="calendar days of history (default 730)")
    parser.add_argument("--list-every", type=int, default=5, help="a caseload list every N working days")
    parser.add_argument("--client-reads", type=int, default=3, help="client pages a day per professional")
    parser.add_argument("--seed", type=int, default=2026)
    arguments = parser.parse_args(argv)
    prepare_database(arguments.database_url, "unused.sqlite3")

    from django.db import connection

    from bench import synthetic

    if connection.vendor != "postgresql":
        print(
            "the history is written with PostgreSQL's COPY: give a PostgreSQL --database-url", file=sys.stderr
        )
        return 2
    scale = synthetic.generated_scale()
    if scale is None:
        print("no benchmark data in this database: run bench.generate first", file=sys.stderr)
        return 2
    from yhteispolku.audit.models import AccessEvent

    if AccessEvent.objects.filter(object_type__startswith="bench.history").exists():
        print("this database already holds the history; nothing to do")
        return 0
    started = time.perf_counter()
    report = write_history(
        days=arguments.days,
        list_every=arguments.list_every,
        client_reads=arguments.client_reads,
        rng=random.Random(arguments.seed),
    )
    report["seconds"] = round(time.perf_counter() - started, 1)
    report["entries_per_second"] = round(report["entries"] / report["seconds"])
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_total_relation_size(inhrelid) FROM pg_inherits WHERE inhparent = %s::regclass",
            ["audit_accessevent"],
        )
        report["table_bytes_with_indexes"] = sum(size for (size,) in cursor.fetchall())
        cursor.execute("SELECT count(*) FROM audit_accessevent")
        report["log_entries_after"] = cursor.fetchone()[0]
    report["load_average"] = [round(value, 2) for value in os.getloadavg()]
    path = bench_dir() / f"audit-history-{scale}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    return 0


def write_history(*, days: int, list_every: int, client_reads: int, rng: random.Random) -> dict[str, Any]:
    from django.conf import settings
    from django.db import connection, transaction

    from yhteispolku.audit.hashing import HASHED_FIELDS, ZERO_HASH, compute_values_hash
    from yhteispolku.audit.models import AccessEvent, ChainHead
    from yhteispolku.audit.partitions import ensure_partitions
    from yhteispolku.audit.services import chain_of
    from yhteispolku.cases.models import OPEN_PHASES, TeamMember
    from yhteispolku.core.categories import Action, DataCategory, Purpose

    today = date.today()
    first_day = today - timedelta(days=days)
    months = (today.year - first_day.year) * 12 + today.month - first_day.month
    created = ensure_partitions(months_ahead=months, today=first_day)

    caseloads: dict[int, list[str]] = defaultdict(list)
    for user_id, code in (
        TeamMember.objects.filter(left_on__isnull=True, relationship__phase__in=OPEN_PHASES)
        .order_by("user_id", "relationship__client__last_name", "relationship__client__first_names")
        .values_list("user_id", "relationship__client__code")
    ):
        caseloads[user_id].append(str(code))
    from yhteispolku.accounts.models import User

    actors = {
        user.pk: (
            user.username,
            user.get_full_name() or user.username,
            user.role_id or "",
            user.organisation.name_fi if user.organisation else "",
        )
        for user in User.objects.filter(pk__in=caseloads).select_related("organisation")
    }

    # The chain of a list page is its viewer's; of a client page, the client's (audit.services.chain_of).
    def chain(client_code: str | None, username: str) -> int:
        event = AccessEvent(client_code=client_code, actor_username=username)
        return chain_of(event, by_actor=client_code is None)

    actor_chain = {user_id: chain(None, actors[user_id][0]) for user_id in caseloads}
    client_chain: dict[str, int] = {}

    # The hashed fields in their order, then the hash and the chain: one COPY row per entry.
    columns = (*HASHED_FIELDS, "entry_hash", "chain")
    entries = 0
    working_days = 0
    with transaction.atomic():
        # A chain without entries has no head yet: it starts here, as its first writer would start it.
        ChainHead.objects.bulk_create(
            [
                ChainHead(id=pk, last_event_id=None, last_hash=ZERO_HASH)
                for pk in range(settings.AUDIT_CHAINS)
            ],
            ignore_conflicts=True,
        )
        heads = {head.pk: head for head in ChainHead.objects.select_for_update().order_by("pk")}
        last_hash = {pk: head.last_hash for pk, head in heads.items()}
        day = first_day
        while day < today:
            if day.weekday() < 5:
                working_days += 1
                rows = _day_rows(
                    day,
                    working_days,
                    caseloads,
                    actors,
                    actor_chain,
                    client_chain,
                    chain,
                    list_every,
                    client_reads,
                    rng,
                )
                rows.sort(key=lambda row: row[0])  # the day in time order
                buffer = io.StringIO()
                for moment, user_id, client_code, object_type, chain_id in rows:
                    username, name, role, organisation = actors[user_id]
                    previous = last_hash[chain_id]
                    values = (
                        moment,
                        user_id,
                        username,
                        name,
                        role,
                        organisation,
                        client_code,
                        object_type,
                        "",
                        DataCategory.BASIC.value,
                        Action.VIEW.value,
                        Purpose.TYM_JOINT_WORK.value,
                        True,
                        "",
                        None,
                        previous,
                    )
                    entry_hash = compute_values_hash(values)
                    last_hash[chain_id] = entry_hash
                    buffer.write("\t".join(_copy_text(value) for value in (*values, entry_hash, chain_id)))
                    buffer.write("\n")
                buffer.seek(0)
                with (
                    connection.cursor() as cursor,
                    cursor.cursor.copy(f"COPY audit_accessevent ({', '.join(columns)}) FROM STDIN") as copy,
                ):
                    copy.write(buffer.getvalue())
                entries += len(rows)
                if working_days % 50 == 0:
                    print(f"  {day}: {entries:,} entries", flush=True)
            day += timedelta(days=1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT chain, max(id) FROM audit_accessevent GROUP BY chain")
            last_ids = dict(cursor.fetchall())
        for pk, head in heads.items():
            if head.last_hash != last_hash[pk]:
                head.last_hash = last_hash[pk]
                head.last_event_id = last_ids[pk]
        ChainHead.objects.bulk_update(list(heads.values()), ["last_event_id", "last_hash"])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE audit_accessevent")
    return {
        "days": days,
        "working_days": working_days,
        "list_every": list_every,
        "client_reads": client_reads,
        "professionals": len(caseloads),
        "entries": entries,
        "partitions_created": len(created),
    }


def _copy_text(value: Any) -> str:
    """A value in COPY's text format (NULL is \\N; backslash, tab and newline escaped)."""
    if value is None:
        return r"\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


def _day_rows(
    day: date,
    working_day: int,
    caseloads: dict[int, list[str]],
    actors: dict[int, tuple[str, str, str, str]],
    actor_chain: dict[int, int],
    client_chain: dict[str, int],
    chain: Any,
    list_every: int,
    client_reads: int,
    rng: random.Random,
) -> list[tuple[datetime, int, str, str, int]]:
    rows: list[tuple[datetime, int, str, str, int]] = []
    opening = datetime(day.year, day.month, day.day, 8, tzinfo=HELSINKI).astimezone(UTC)
    for user_id, clients in caseloads.items():
        if (working_day + user_id) % list_every == 0:
            moment = opening + timedelta(seconds=rng.randrange(8 * 3600))
            for client_code in clients[:LIST_PAGE_SIZE]:
                rows.append((moment, user_id, client_code, LIST_OBJECT_TYPE, actor_chain[user_id]))
        for client_code in rng.sample(clients, min(client_reads, len(clients))):
            if client_code not in client_chain:
                client_chain[client_code] = chain(client_code, actors[user_id][0])
            moment = opening + timedelta(seconds=rng.randrange(8 * 3600))
            rows.append((moment, user_id, client_code, CLIENT_OBJECT_TYPE, client_chain[client_code]))
    return rows


if __name__ == "__main__":
    sys.exit(main())
