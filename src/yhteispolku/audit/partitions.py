"""The access log's monthly partitions on PostgreSQL: created ahead, and dropped whole past retention.

Migration `audit.0006_monthly_partitions` made `audit_accessevent` a table partitioned by month of
`occurred_at` (UTC months, one partition `audit_accessevent_pYYYY_MM` each, and a default partition as a
safety net). `ensure_partitions` creates the coming months (the scheduled `audit-partitions` job);
`drop_months` drops the months before a cut, as a recorded event:

* only months that nothing still needs: not the month of any chain's head, of the last verified
  checkpoint of any chain, or of any head in the newest anchor outside the database, nor anything a
  caller's `Hold` names (the privacy app: an open access-log request needs the two years before it);
* only after the log verified intact (from the checkpoints, against the newest anchor);
* only as a prefix of every chain (every dropped entry of a chain is older than every kept one);
* recording a `RetentionCut` (each chain's last dropped entry: the hash its first kept entry names)
  and an access-log entry, so that `verify-audit --full` starts each chain at the cut and stays exact.

Creating and dropping partitions is DDL: the job runs as the tables' owner, like `migrate`.
SQLite keeps one plain table: nothing here applies to it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yhteispolku.audit.anchoring import anchors_of, latest_anchor
from yhteispolku.audit.models import AccessEvent, ChainHead, RetentionCut, VerifiedCheckpoint
from yhteispolku.audit.services import record_access
from yhteispolku.audit.verification import verify_chain
from yhteispolku.core.categories import Action, DataCategory, Purpose

TABLE = "audit_accessevent"
DEFAULT_PARTITION = f"{TABLE}_default"
MONTH_NAME = re.compile(rf"^{TABLE}_p(\d{{4}})_(\d{{2}})$")
RETENTION_OBJECT_TYPE = "audit.retention"
# Creating a partition locks the parent briefly: never wait long behind writers (the job retries next run).
LOCK_TIMEOUT = "5s"


class PartitionError(Exception):
    """A partition cannot be created or dropped as asked; the message says why (in Finnish, for the log)."""


@dataclass(frozen=True)
class MonthPartition:
    name: str
    start: date  # the first day of the month (UTC)

    @property
    def end(self) -> date:
        return next_month(self.start)

    def start_at(self) -> datetime:
        return datetime(self.start.year, self.start.month, 1, tzinfo=UTC)

    def end_at(self) -> datetime:
        return datetime(self.end.year, self.end.month, 1, tzinfo=UTC)


@dataclass(frozen=True)
class Hold:
    """Something that needs the log from `needed_from` on: no month ending after it is dropped."""

    needed_from: datetime
    reason: str


@dataclass
class DropResult:
    dropped: list[str] = field(default_factory=list)
    # Months past retention that were kept, with why (the first hold that needs each).
    refused: list[tuple[str, str]] = field(default_factory=list)
    cut: RetentionCut | None = None


def next_month(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


def month_of(moment: datetime | date) -> date:
    if isinstance(moment, datetime):
        moment = moment.astimezone(UTC).date()
    return moment.replace(day=1)


def partition_name(month: date) -> str:
    return f"{TABLE}_p{month:%Y_%m}"


def is_partitioned() -> bool:
    if connection.vendor != "postgresql":
        return False
    with connection.cursor() as cursor:
        cursor.execute("SELECT relkind FROM pg_class WHERE oid = to_regclass(%s)", [TABLE])
        row = cursor.fetchone()
    return row is not None and row[0] == "p"


def month_partitions() -> list[MonthPartition]:
    """The month partitions that exist, oldest first (the default partition is not among them)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [TABLE],
        )
        names = [row[0] for row in cursor.fetchall()]
    months = []
    for name in names:
        match = MONTH_NAME.match(name)
        if match:
            months.append(MonthPartition(name, date(int(match[1]), int(match[2]), 1)))
    return sorted(months, key=lambda item: item.start)


def ensure_partitions(*, months_ahead: int, today: date | None = None) -> list[str]:
    """Create the partitions of this month and the next `months_ahead` months that do not exist yet.

    Idempotent. Refuses (PartitionError) a month the default partition already holds entries of: the job
    did not run in time, and those entries must be moved by the owner first (docs/operations.md).
    """
    if not is_partitioned():
        return []
    today = today or timezone.now().date()
    existing = {item.start for item in month_partitions()}
    wanted = [month_of(today)]
    for _month in range(months_ahead):
        wanted.append(next_month(wanted[-1]))
    created = []
    for month in wanted:
        if month in existing:
            continue
        partition = MonthPartition(partition_name(month), month)
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            cursor.execute(
                f'SELECT count(*) FROM "{DEFAULT_PARTITION}" '  # noqa: S608 (constant names)
                "WHERE occurred_at >= %s AND occurred_at < %s",
                [partition.start_at(), partition.end_at()],
            )
            (stray,) = cursor.fetchone()
            if stray:
                raise PartitionError(
                    _(
                        "Oletusosiossa on %(count)s merkintää kuukaudelta %(month)s: kuukauden osiota ei "
                        "luotu ajoissa. Siirrä merkinnät kuukauden osioon ohjeen mukaan (docs/operations.md)."
                    )
                    % {"count": stray, "month": f"{month:%Y-%m}"}
                )
            cursor.execute(
                f'CREATE TABLE "{partition.name}" PARTITION OF "{TABLE}" FOR VALUES FROM (%s) TO (%s)',
                [partition.start_at().isoformat(), partition.end_at().isoformat()],
            )
            # The row triggers are cloned from the parent; the statement (TRUNCATE) trigger is not.
            cursor.execute(
                "CREATE OR REPLACE TRIGGER audit_accessevent_refuse_truncate BEFORE TRUNCATE "
                f'ON "{partition.name}" '
                "FOR EACH STATEMENT EXECUTE FUNCTION audit_accessevent_refuse_change()"
            )
            _revoke_direct_grants(cursor, partition.name)
        created.append(partition.name)
    return created


def _revoke_direct_grants(cursor: object, name: str) -> None:
    """Writes go through the parent, whose privileges count; default privileges granted on a new table
    (e.g. DELETE to the application's role) would let a role reach a partition directly."""
    cursor.execute(  # type: ignore[attr-defined]
        "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
        "WHERE table_name = %s AND grantee <> current_user",
        [name],
    )
    for (grantee,) in cursor.fetchall():  # type: ignore[attr-defined]
        cursor.execute(f'REVOKE ALL ON "{name}" FROM "{grantee}"')  # type: ignore[attr-defined]


def _needed_by_the_log() -> list[Hold]:
    """Entries that verification needs to stay: every chain's head, checkpoint and newest anchored head."""
    wanted: dict[int, str] = {}
    for head in ChainHead.objects.exclude(last_event_id=None):
        assert head.last_event_id is not None
        wanted.setdefault(head.last_event_id, _("ketjun %(chain)s pää") % {"chain": head.pk})
    for checkpoint in VerifiedCheckpoint.objects.all():
        wanted.setdefault(
            checkpoint.last_event_id,
            _("ketjun %(chain)s viimeisin tarkistuskohta") % {"chain": checkpoint.pk},
        )
    for anchor in anchors_of(latest_anchor()):
        wanted.setdefault(
            anchor.event_id,
            _("lokin ulkopuolelle tallennettu ketjun %(chain)s pää") % {"chain": anchor.chain},
        )
    times = dict(AccessEvent.objects.filter(pk__in=list(wanted)).values_list("pk", "occurred_at"))
    missing = sorted(set(wanted) - set(times))
    if missing:
        raise PartitionError(
            _("Merkintää %(id)s (%(what)s) ei löydy: tarkista loki (verify-audit) ennen poistoa.")
            % {"id": missing[0], "what": wanted[missing[0]]}
        )
    return [
        Hold(times[event_id], _("%(what)s (merkintä %(id)s)") % {"what": reason, "id": event_id})
        for event_id, reason in wanted.items()
    ]


def drop_months(
    *, cut_at: date, holds: Sequence[Hold] = (), rule_version: str = "", dry_run: bool = False
) -> DropResult:
    """Drop every month partition that ends on or before `cut_at` (a first day of a month) and that no hold
    needs; record the drop. `dry_run` reports what would be dropped and refused, and changes nothing."""
    result = DropResult()
    if not is_partitioned():
        return result
    candidates = [item for item in month_partitions() if item.end <= cut_at]
    if not candidates:
        return result
    verified = verify_chain(
        anchors=anchors_of(latest_anchor()), incremental=True, record_checkpoint=not dry_run
    )
    if verified.problem is not None:
        raise PartitionError(
            _("Käyttöloki ei ole eheä, joten mitään ei poistettu: %(problem)s")
            % {"problem": verified.problem.message}
        )
    every_hold = [*holds, *_needed_by_the_log()]
    droppable: list[MonthPartition] = []
    for partition in candidates:
        blocking = [hold for hold in every_hold if hold.needed_from < partition.end_at()]
        if blocking or result.refused:
            # Months go oldest first: once one is kept, every later one is kept too (chains lose a prefix).
            reason = (
                min(blocking, key=lambda hold: hold.needed_from).reason
                if blocking
                else _("aiempi kuukausi, joka säilytetään")
            )
            result.refused.append((partition.name, reason))
        else:
            droppable.append(partition)
    if not droppable or dry_run:
        result.dropped = [item.name for item in droppable]
        return result
    boundary_at = droppable[-1].end_at()
    with transaction.atomic():
        boundaries = _boundaries(boundary_at)
        dropped_entries = AccessEvent.objects.filter(occurred_at__lt=boundary_at).count()
        cut = RetentionCut.objects.create(
            cut_at=boundary_at,
            partitions=[item.name for item in droppable],
            dropped_entries=dropped_entries,
            boundaries=[
                {"chain": chain, "event_id": event_id, "entry_hash": entry_hash}
                for chain, (event_id, entry_hash) in sorted(boundaries.items())
            ],
            rule_version=rule_version,
        )
        record_access(
            actor=None,
            action=Action.UPDATE,
            category=DataCategory.LOG,
            purpose=Purpose.OTHER,
            allowed=True,
            object_type=RETENTION_OBJECT_TYPE,
            object_id=f"{cut.pk}:{boundary_at:%Y-%m}",
        )
        with connection.cursor() as cursor:
            # DDL waits for no deferred checks (the entry's user foreign key): run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")
            for partition in droppable:
                cursor.execute(f'ALTER TABLE "{TABLE}" DETACH PARTITION "{partition.name}"')
                cursor.execute(f'DROP TABLE "{partition.name}"')
    result.dropped = [item.name for item in droppable]
    result.cut = cut
    return result


def _boundaries(boundary_at: datetime) -> dict[int, tuple[int, str]]:
    """Each chain's last entry before `boundary_at` (or its boundary of the previous cut), checking that the
    cut takes a prefix of every chain: no entry before it comes after an entry at or after it."""
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT DISTINCT ON (chain) chain, id, entry_hash FROM "{TABLE}" '  # noqa: S608
            "WHERE occurred_at < %s "
            "ORDER BY chain, id DESC",
            [boundary_at],
        )
        last_dropped = {chain: (event_id, entry_hash) for chain, event_id, entry_hash in cursor.fetchall()}
        cursor.execute(
            f'SELECT chain, min(id) FROM "{TABLE}" WHERE occurred_at >= %s GROUP BY chain',  # noqa: S608
            [boundary_at],
        )
        first_kept = dict(cursor.fetchall())
    for chain, (event_id, _hash) in last_dropped.items():
        if chain in first_kept and first_kept[chain] < event_id:
            raise PartitionError(
                _(
                    "Ketjun %(chain)s merkintä %(kept)s on vanhempi kuin poistettava merkintä %(dropped)s: "
                    "ketjua ei voi katkaista ajan mukaan. Mitään ei poistettu."
                )
                % {"chain": chain, "kept": first_kept[chain], "dropped": event_id}
            )
    previous = RetentionCut.objects.order_by("-cut_at", "-id").first()
    boundaries = previous.boundary_of() if previous is not None else {}
    boundaries.update(last_dropped)
    return boundaries
