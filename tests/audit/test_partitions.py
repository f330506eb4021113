"""The access log's monthly partitions on PostgreSQL (audit.0006, audit.partitions, `audit-partitions`).

PostgreSQL only: SQLite keeps one plain table. Tests that create or drop partitions run in the test's
transaction (PostgreSQL's DDL is transactional), so the partitions they make go away with it.
"""

import io
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.db.migrations.executor import MigrationExecutor

from yhteispolku.accounts.models import User
from yhteispolku.audit import services
from yhteispolku.audit.models import AccessEvent, ChainHead, RetentionCut
from yhteispolku.audit.partitions import (
    DEFAULT_PARTITION,
    RETENTION_OBJECT_TYPE,
    Hold,
    PartitionError,
    drop_months,
    ensure_partitions,
    month_of,
    month_partitions,
    next_month,
    partition_name,
)
from yhteispolku.audit.services import record_access
from yhteispolku.audit.verification import ProblemCode, verify_chain

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="partitions are PostgreSQL's")


def rows(sql: str, params: Any = ()) -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else []


@contextmanager
def clock(moment: datetime) -> Iterator[None]:
    """Entries written inside are written at `moment` (the time `_append` takes after the locks)."""
    with mock.patch.object(services, "timezone", mock.Mock(now=lambda: moment)):
        yield


def write(actor: User | None, client_code: uuid.UUID, at: datetime, times: int = 1) -> list[AccessEvent]:
    with clock(at):
        return [
            record_access(
                actor=actor,
                action="view",
                category="basic",
                purpose="tym_joint_work",
                allowed=True,
                client_code=client_code,
                object_id=str(number),
            )
            for number in range(times)
        ]


def partition_of(event_id: int) -> str:
    return rows("SELECT tableoid::regclass::text FROM audit_accessevent WHERE id = %s", [event_id])[0][0]


@pytest.mark.django_db
def test_the_log_is_partitioned_by_month_with_keys_indexes_and_triggers_on_every_partition() -> None:
    assert rows("SELECT relkind FROM pg_class WHERE relname = 'audit_accessevent'") == [("p",)]
    this_month = month_of(datetime.now(UTC))
    names = [item.name for item in month_partitions()]
    # The migration made this month and three ahead (the test database was made today).
    months = [this_month]
    for _ in range(3):
        months.append(next_month(months[-1]))
    expected = [partition_name(month) for month in months]
    assert set(expected) <= set(names)
    assert rows("SELECT 1 FROM pg_class WHERE relname = %s", [DEFAULT_PARTITION]) == [(1,)]
    assert rows(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'audit_accessevent'::regclass "
        "AND contype IN ('p', 'u') ORDER BY contype"
    ) == [("PRIMARY KEY (id, occurred_at)",), ("UNIQUE (entry_hash, occurred_at)",)]
    # Nothing may refer to the log by a foreign key (a partitioned table's key includes the time).
    assert rows("SELECT conname FROM pg_constraint WHERE confrelid = 'audit_accessevent'::regclass") == []
    assert rows("SELECT pg_get_serial_sequence('audit_accessevent', 'id')") == [
        ("public.audit_accessevent_id_seq",)
    ]
    for name in [*expected, DEFAULT_PARTITION]:
        indexed = {
            row[0]
            for row in rows(
                "SELECT string_agg(a.attname, ',' ORDER BY k.ordinality) FROM pg_index i "
                "CROSS JOIN LATERAL unnest(i.indkey) WITH ORDINALITY AS k(attnum, ordinality) "
                "JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.attnum "
                "WHERE i.indrelid = %s::regclass GROUP BY i.indexrelid",
                [name],
            )
        }
        assert {"client_code,occurred_at", "actor_id,occurred_at", "chain,id", "id,occurred_at"} <= indexed, (
            name
        )
        triggers = {
            row[0]
            for row in rows(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass AND NOT tgisinternal", [name]
            )
        }
        assert triggers == {
            "audit_accessevent_refuse_update",
            "audit_accessevent_refuse_delete",
            "audit_accessevent_refuse_truncate",
        }, name


@pytest.mark.django_db
def test_a_partition_refuses_changes_even_when_addressed_directly(
    sanna: User, append_only_enforced: None
) -> None:
    event = record_access(
        actor=sanna,
        action="view",
        category="basic",
        purpose="tym_joint_work",
        allowed=True,
        client_code=uuid.uuid4(),
    )
    partition = partition_of(event.pk)
    rows("SET CONSTRAINTS ALL IMMEDIATE")
    assert partition == partition_name(month_of(event.occurred_at))
    for statement in (
        f"UPDATE {partition} SET reason = 'x' WHERE id = %s",  # noqa: S608
        f"DELETE FROM {partition} WHERE id = %s",  # noqa: S608
        f"TRUNCATE {partition}",
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            rows(statement, [event.pk] if "%s" in statement else None)


@pytest.mark.django_db
def test_the_migration_moves_existing_entries_into_their_months_and_keeps_the_ids() -> None:
    rows("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate([("audit", "0005_chains")])
    assert rows("SELECT relkind FROM pg_class WHERE relname = 'audit_accessevent'") == [("r",)]
    times = [datetime(2025, 11, 30, 23, 59, tzinfo=UTC), datetime(2025, 12, 1, tzinfo=UTC), datetime.now(UTC)]
    for number, moment in enumerate(times):
        rows(
            "INSERT INTO audit_accessevent (occurred_at, actor_username, actor_name, actor_role, "
            "actor_organisation, object_type, object_id, category, action, purpose, allowed, reason, "
            "previous_hash, entry_hash, chain) VALUES (%s, '', '', '', '', '', '', 'basic', 'view', 'other', "
            "true, '', %s, %s, 0) RETURNING id",
            [moment, "0" * 64, f"{number:064d}"],
        )
    before = rows("SELECT id, occurred_at FROM audit_accessevent ORDER BY id")

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("audit", "0007_retention_cut")])

    assert rows("SELECT relkind FROM pg_class WHERE relname = 'audit_accessevent'") == [("p",)]
    assert rows("SELECT id, occurred_at FROM audit_accessevent ORDER BY id") == before
    assert [partition_of(event_id) for event_id, _ in before] == [
        "audit_accessevent_p2025_11",
        "audit_accessevent_p2025_12",
        partition_name(month_of(times[2])),
    ]
    # Every month from the oldest entry on has its partition (none fall to the default one).
    assert rows(f"SELECT count(*) FROM {DEFAULT_PARTITION}") == [(0,)]  # noqa: S608
    # The sequence goes on after the copied ids.
    (next_id,) = rows("SELECT nextval('audit_accessevent_id_seq')")[0]
    assert next_id > before[-1][0]


@pytest.mark.django_db
def test_partitions_are_created_ahead_once() -> None:
    today = datetime.now(UTC).date()
    created = ensure_partitions(months_ahead=6, today=today)
    month = month_of(today)
    ahead = []
    for _ in range(6):
        month = next_month(month)
        ahead.append(partition_name(month))
    # The migration made three ahead; the job adds the rest, each with its own TRUNCATE trigger.
    assert created == ahead[3:]
    assert ensure_partitions(months_ahead=6, today=today) == []
    assert {item.name for item in month_partitions()} >= set(ahead)
    assert rows(
        "SELECT count(*) FROM pg_trigger WHERE tgrelid = %s::regclass "
        "AND tgname = 'audit_accessevent_refuse_truncate'",
        [ahead[-1]],
    ) == [(1,)]


@pytest.mark.django_db
def test_an_entry_without_its_month_goes_to_the_default_partition_and_blocks_that_month(sanna: User) -> None:
    far = datetime(2031, 5, 10, tzinfo=UTC)
    (event,) = write(sanna, uuid.uuid4(), far)
    assert partition_of(event.pk) == DEFAULT_PARTITION
    assert verify_chain().is_intact
    with pytest.raises(PartitionError, match="Oletusosiossa on 1 merkintää kuukaudelta 2031-05"):
        ensure_partitions(months_ahead=0, today=far.date())


OLD = datetime(2013, 3, 15, tzinfo=UTC)


@pytest.fixture
def old_and_new(sanna: User) -> dict[str, Any]:
    """Entries of two clients in March and April 2013 and now: the 2013 months are past retention."""
    ensure_partitions(months_ahead=1, today=OLD.date())
    clients = [uuid.uuid4(), uuid.uuid4()]
    old = [event for client in clients for event in write(sanna, client, OLD, times=3)]
    april = [event for client in clients for event in write(sanna, client, OLD + timedelta(days=30), times=2)]
    new = [event for client in clients for event in write(sanna, client, datetime.now(UTC), times=2)]
    assert verify_chain(record_checkpoint=True).is_intact
    return {"clients": clients, "old": old, "april": april, "new": new}


@pytest.mark.django_db
def test_months_past_retention_are_dropped_recorded_and_the_log_still_verifies(
    old_and_new: dict[str, Any],
) -> None:
    result = drop_months(cut_at=date(2013, 5, 1), rule_version="2024.1")

    assert result.dropped == ["audit_accessevent_p2013_03", "audit_accessevent_p2013_04"]
    assert result.refused == []
    assert not rows("SELECT 1 FROM pg_class WHERE relname = 'audit_accessevent_p2013_03'")
    assert not AccessEvent.objects.filter(occurred_at__lt=datetime(2013, 5, 1, tzinfo=UTC)).exists()
    cut = RetentionCut.objects.get()
    assert (cut.cut_at, cut.dropped_entries, cut.rule_version) == (
        datetime(2013, 5, 1, tzinfo=UTC),
        10,
        "2024.1",
    )
    # Each chain's boundary is its last dropped entry.
    last_april = {event.chain: event for event in old_and_new["april"]}
    assert cut.boundary_of() == {chain: (event.pk, event.entry_hash) for chain, event in last_april.items()}
    # The drop is itself in the log.
    assert AccessEvent.objects.filter(
        object_type=RETENTION_OBJECT_TYPE, object_id=f"{cut.pk}:2013-05"
    ).exists()

    full = verify_chain()
    assert (full.is_intact, full.checked) == (True, len(old_and_new["new"]) + 1)
    assert verify_chain(incremental=True).is_intact
    out = io.StringIO()
    call_command("verify_audit", "--full", "--no-anchor", stdout=out)
    assert "Säilytysajan ylittäneet merkinnät ennen 2013-05-01 on poistettu (10 merkintää" in out.getvalue()


@pytest.mark.django_db
def test_after_a_drop_a_removed_first_kept_entry_is_still_detected(
    old_and_new: dict[str, Any], tamper: Callable[..., None]
) -> None:
    drop_months(cut_at=date(2013, 5, 1))
    first_kept = old_and_new["new"][0]
    tamper("DELETE FROM audit_accessevent WHERE id = %s", [first_kept.pk])
    result = verify_chain()
    assert result.problem is not None
    assert result.problem.code == ProblemCode.LINK_BROKEN
    assert result.problem.other_event_id == {e.chain: e for e in old_and_new["april"]}[first_kept.chain].pk


@pytest.mark.django_db
def test_a_month_an_open_request_needs_is_kept(old_and_new: dict[str, Any]) -> None:
    hold = Hold(datetime(2013, 4, 2, tzinfo=UTC), "avoin lokitietopyyntö TSV-1")
    result = drop_months(cut_at=date(2013, 5, 1), holds=[hold])
    # March ends before the hold: dropped. April is needed.
    assert result.dropped == ["audit_accessevent_p2013_03"]
    assert result.refused == [("audit_accessevent_p2013_04", "avoin lokitietopyyntö TSV-1")]
    assert verify_chain().is_intact


@pytest.mark.django_db
def test_a_month_holding_a_chain_head_is_kept(sanna: User, old_and_new: dict[str, Any]) -> None:
    # A client read only in March 2013: its chain's head (and checkpoint) lie in March.
    lonely = next(
        code
        for code in iter(uuid.uuid4, None)
        if services.chain_of(AccessEvent(client_code=code, actor_username=sanna.username))
        not in {event.chain for event in old_and_new["new"]}
    )
    (event,) = write(sanna, lonely, OLD)
    assert ChainHead.objects.get(pk=event.chain).last_event_id == event.pk
    result = drop_months(cut_at=date(2013, 5, 1), dry_run=True)
    assert result.dropped == []
    assert [name for name, _ in result.refused] == [
        "audit_accessevent_p2013_03",
        "audit_accessevent_p2013_04",
    ]
    assert f"ketjun {event.chain} pää (merkintä {event.pk})" in result.refused[0][1]
    assert not RetentionCut.objects.exists()


@pytest.mark.django_db
def test_a_broken_log_is_not_cut(
    sanna: User, old_and_new: dict[str, Any], tamper: Callable[..., None]
) -> None:
    # Written after the last checkpoint: the drop's verification (from the checkpoints) walks it.
    (latest,) = write(sanna, old_and_new["clients"][0], datetime.now(UTC))
    tamper("UPDATE audit_accessevent SET object_id = 'x' WHERE id = %s", [latest.pk])
    with pytest.raises(PartitionError, match="ei ole eheä"):
        drop_months(cut_at=date(2013, 5, 1))
    assert rows("SELECT 1 FROM pg_class WHERE relname = 'audit_accessevent_p2013_03'") == [(1,)]


@pytest.mark.django_db
def test_the_dpo_and_portal_log_queries_read_only_their_periods_partitions() -> None:
    from yhteispolku.audit.selectors import events_for_client
    from yhteispolku.privacy.selectors import LogFilters, _events

    ensure_partitions(months_ahead=3)
    month = next_month(month_of(datetime.now(UTC)))
    code = uuid.uuid4()
    filters = LogFilters(since=month.replace(day=10), until=month.replace(day=20))
    dpo_plan = _events(code, filters, datetime.now(UTC).date()).order_by("-occurred_at", "-id").explain()
    portal_plan = events_for_client(
        client_code=code, since=datetime(month.year, month.month, 10, tzinfo=UTC)
    ).explain()
    every = [item.name for item in month_partitions()] + [DEFAULT_PARTITION]
    assert [name for name in every if name in dpo_plan] == [partition_name(month)]
    # From the 10th of next month on: that month and the ones after it (and the default), none before.
    portal_named = [name for name in every if name in portal_plan]
    assert partition_name(month) in portal_named
    assert all(name >= partition_name(month) for name in portal_named if name != DEFAULT_PARTITION)
    assert partition_name(month_of(datetime.now(UTC))) not in portal_plan


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_appends_across_a_month_boundary_verify(sanna: User) -> None:
    """Writers append while the month turns: entries land in both months' partitions, chains unbroken."""
    this_month = month_of(datetime.now(UTC))
    boundary = datetime.combine(next_month(this_month), datetime.min.time(), tzinfo=UTC)
    ticks = iter(range(10**6))
    lock = threading.Lock()

    def now() -> datetime:
        # One clock for every writer, going forward a millisecond a call, across the month boundary.
        with lock:
            return boundary - timedelta(milliseconds=40) + timedelta(milliseconds=next(ticks))

    writers, each = 4, 20
    start = threading.Barrier(writers)
    failures: list[BaseException] = []

    def work(client_code: uuid.UUID) -> None:
        try:
            start.wait()
            for number in range(each):
                record_access(
                    actor=sanna,
                    action="view",
                    category="health",
                    purpose="tym_joint_work",
                    allowed=True,
                    client_code=client_code,
                    object_id=str(number),
                )
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    with mock.patch.object(services, "timezone", mock.Mock(now=now)):
        threads = [threading.Thread(target=work, args=(uuid.uuid4(),)) for _ in range(writers)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    assert failures == []
    placed = dict(rows("SELECT tableoid::regclass::text, count(*) FROM audit_accessevent GROUP BY 1"))
    assert set(placed) == {partition_name(this_month), partition_name(next_month(this_month))}
    assert sum(placed.values()) == writers * each
    result = verify_chain()
    assert (result.is_intact, result.checked) == (True, writers * each)
    # Within each chain, id order is time order (so a cut by time takes a prefix of every chain).
    for chain in {row[0] for row in rows("SELECT DISTINCT chain FROM audit_accessevent")}:
        times = [
            row[0]
            for row in rows("SELECT occurred_at FROM audit_accessevent WHERE chain = %s ORDER BY id", [chain])
        ]
        assert times == sorted(times)
