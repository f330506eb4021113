"""The access log as monthly partitions on PostgreSQL (issue 15): `PARTITION BY RANGE (occurred_at)`.

At national volume the log grows by millions of entries a day. Partitioned by month, a client's log of
a period reads only that period's partitions, and a month past retention is dropped whole
(`yhteispolku audit-partitions`, R-LOG-2) instead of deleted row by row, which the triggers refuse.

On PostgreSQL the plain table is replaced by a partitioned one with the same name, columns, defaults and
checks, and the existing entries are copied into their months. What changes, and why:

* The primary key is `(id, occurred_at)` and the unique hash `(entry_hash, occurred_at)`: a unique key of
  a partitioned table must contain the partition key. `id` still comes from one sequence
  (`audit_accessevent_id_seq`, continued from the old one) and is unique in practice; Django keeps `id` as
  the model's primary key. The hash covers `occurred_at`, so two entries with one hash and two times
  cannot exist either. Nothing refers to the log by a foreign key (checked here: the migration refuses
  otherwise); the log refers to the user (`actor_id`), which a partitioned table may.
* `id` is a plain `bigint` with a sequence default instead of an identity column: PostgreSQL before 17
  allows no identity column on a partitioned table.
* Every index of the old table is created again on the parent, and so on every partition: the
  (client_code, occurred_at), (actor_id, occurred_at) and (chain, id) indexes among them.
* The append-only triggers of migration 0002: the row triggers (UPDATE, DELETE) on the parent are cloned
  onto every partition; the statement trigger (TRUNCATE) is not, so each partition gets its own.
* A default partition catches an entry whose month has no partition (the scheduled job did not run):
  the entry is kept, never refused.

Partitions are made for every month from the oldest entry to three months ahead; the scheduled job
creates the rest. SQLite keeps the plain table.
"""

from datetime import UTC, datetime

from django.db import migrations

TABLE = "audit_accessevent"
SEQUENCE = "audit_accessevent_id_seq"
DEFAULT_PARTITION = "audit_accessevent_default"
MONTHS_AHEAD = 3

TRIGGERS = [
    f"""CREATE TRIGGER audit_accessevent_refuse_update BEFORE UPDATE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_accessevent_refuse_change()""",
    f"""CREATE TRIGGER audit_accessevent_refuse_delete BEFORE DELETE ON {TABLE}
        FOR EACH ROW EXECUTE FUNCTION audit_accessevent_refuse_change()""",
    f"""CREATE TRIGGER audit_accessevent_refuse_truncate BEFORE TRUNCATE ON {TABLE}
        FOR EACH STATEMENT EXECUTE FUNCTION audit_accessevent_refuse_change()""",
]


def partition_truncate_trigger(partition):
    return (
        f'CREATE OR REPLACE TRIGGER audit_accessevent_refuse_truncate BEFORE TRUNCATE ON "{partition}" '
        "FOR EACH STATEMENT EXECUTE FUNCTION audit_accessevent_refuse_change()"
    )


def next_month(month):
    return month.replace(year=month.year + 1, month=1) if month.month == 12 else month.replace(month=month.month + 1)


def month_partition(parent, month):
    name = f"{TABLE}_p{month:%Y_%m}"
    return name, (
        f'CREATE TABLE "{name}" PARTITION OF "{parent}" '
        f"FOR VALUES FROM ('{month.isoformat()}') TO ('{next_month(month).isoformat()}')"
    )


def _fetch(cursor, sql, params=None):
    cursor.execute(sql, params)
    return cursor.fetchall()


def partition(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        referrers = _fetch(cursor, f"SELECT conname FROM pg_constraint WHERE confrelid = '{TABLE}'::regclass")
        if referrers:
            raise RuntimeError(f"{TABLE} is referred to by {referrers}: a partitioned table cannot be")
        plain_indexes = [
            row[0]
            for row in _fetch(
                cursor,
                "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique "
                "ORDER BY i.indexrelid",
                [TABLE],
            )
        ]
        foreign_keys = _fetch(
            cursor,
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'f' ORDER BY conname",
            [TABLE],
        )
        (old_sequence,) = _fetch(cursor, "SELECT pg_get_serial_sequence(%s, 'id')", [TABLE])[0]
        last_value, is_called = _fetch(cursor, f"SELECT last_value, is_called FROM {old_sequence}")[0]
        (oldest,) = _fetch(cursor, f"SELECT min(occurred_at) FROM {TABLE}")[0]

        new = f"{TABLE}_partitioned"
        cursor.execute(
            f'CREATE TABLE "{new}" (LIKE "{TABLE}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS) '
            "PARTITION BY RANGE (occurred_at)"
        )
        today = datetime.now(UTC)
        month = (oldest or today).astimezone(UTC).date().replace(day=1)
        last = today.date().replace(day=1)
        for _ in range(MONTHS_AHEAD):
            last = next_month(last)
        partitions = []
        while month <= last:
            name, sql = month_partition(new, month)
            cursor.execute(sql)
            partitions.append(name)
            month = next_month(month)
        cursor.execute(f'CREATE TABLE "{DEFAULT_PARTITION}" PARTITION OF "{new}" DEFAULT')
        partitions.append(DEFAULT_PARTITION)

        cursor.execute(f'INSERT INTO "{new}" SELECT * FROM "{TABLE}"')
        cursor.execute(f'DROP TABLE "{TABLE}"')
        cursor.execute(f'ALTER TABLE "{new}" RENAME TO "{TABLE}"')

        cursor.execute(f"CREATE SEQUENCE {SEQUENCE} AS bigint OWNED BY {TABLE}.id")
        cursor.execute("SELECT setval(%s, %s, %s)", [SEQUENCE, last_value, is_called])
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id SET DEFAULT nextval('{SEQUENCE}'::regclass)")

        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id, occurred_at)")
        cursor.execute(
            f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_entry_hash_key UNIQUE (entry_hash, occurred_at)"
        )
        for definition in plain_indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
        for trigger in TRIGGERS:
            cursor.execute(trigger)
        for name in partitions:
            cursor.execute(partition_truncate_trigger(name))
            # Reads and appends go through the parent; what default privileges gave a partition (e.g. DELETE
            # to the application's role) would let a role address it directly.
            for (grantee,) in _fetch(
                cursor,
                "SELECT DISTINCT grantee FROM information_schema.role_table_grants "
                "WHERE table_name = %s AND grantee <> current_user",
                [name],
            ):
                cursor.execute(f'REVOKE ALL ON "{name}" FROM "{grantee}"')


def unpartition(apps, schema_editor):
    """Back to one plain table (identity id, single-column keys), the entries copied in id order."""
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cursor:
        plain_indexes = [
            row[0]
            for row in _fetch(
                cursor,
                "SELECT pg_get_indexdef(i.indexrelid) FROM pg_index i "
                "WHERE i.indrelid = %s::regclass AND NOT i.indisprimary AND NOT i.indisunique "
                "ORDER BY i.indexrelid",
                [TABLE],
            )
        ]
        foreign_keys = _fetch(
            cursor,
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = %s::regclass "
            "AND contype = 'f' ORDER BY conname",
            [TABLE],
        )
        last_value, is_called = _fetch(cursor, f"SELECT last_value, is_called FROM {SEQUENCE}")[0]
        plain = f"{TABLE}_plain"
        cursor.execute(f'CREATE TABLE "{plain}" (LIKE "{TABLE}" INCLUDING DEFAULTS INCLUDING CONSTRAINTS)')
        cursor.execute(f'ALTER TABLE "{plain}" ALTER COLUMN id DROP DEFAULT')
        cursor.execute(f'INSERT INTO "{plain}" SELECT * FROM "{TABLE}" ORDER BY id')
        cursor.execute(f'DROP TABLE "{TABLE}" CASCADE')
        cursor.execute(f'ALTER TABLE "{plain}" RENAME TO "{TABLE}"')
        cursor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN id ADD GENERATED BY DEFAULT AS IDENTITY")
        cursor.execute("SELECT setval(pg_get_serial_sequence(%s, 'id'), %s, %s)", [TABLE, last_value, is_called])
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_pkey PRIMARY KEY (id)")
        cursor.execute(f"ALTER TABLE {TABLE} ADD CONSTRAINT {TABLE}_entry_hash_key UNIQUE (entry_hash)")
        for definition in plain_indexes:
            cursor.execute(definition)
        for name, definition in foreign_keys:
            cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
        for trigger in TRIGGERS:
            cursor.execute(trigger)


class Migration(migrations.Migration):
    dependencies = [("audit", "0005_chains")]
    operations = [migrations.RunPython(partition, unpartition)]
