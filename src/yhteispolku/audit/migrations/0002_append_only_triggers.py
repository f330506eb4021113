"""The database itself refuses to change or remove access events, whoever asks.

Django's test framework empties every table between transactional tests, so a DELETE (SQLite) or
TRUNCATE (PostgreSQL) is let through when the connection says it is a test run: on SQLite through a
function the application registers on each connection, on PostgreSQL through a session setting that
counts only in a test database (named test_*). See yhteispolku/audit/database.py.

On SQLite, a later migration that alters this table rebuilds it and loses the triggers: such a
migration must create them again.
"""

from django.db import migrations

SQLITE_CREATE = [
    """
    CREATE TRIGGER audit_accessevent_refuse_update BEFORE UPDATE ON audit_accessevent
    BEGIN
        SELECT RAISE(ABORT, 'audit_accessevent is append-only: UPDATE refused');
    END
    """,
    """
    CREATE TRIGGER audit_accessevent_refuse_delete BEFORE DELETE ON audit_accessevent
    WHEN NOT yhteispolku_audit_purge_allowed()
    BEGIN
        SELECT RAISE(ABORT, 'audit_accessevent is append-only: DELETE refused');
    END
    """,
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS audit_accessevent_refuse_update",
    "DROP TRIGGER IF EXISTS audit_accessevent_refuse_delete",
]

POSTGRESQL_CREATE = [
    r"""
    CREATE FUNCTION audit_accessevent_refuse_change() RETURNS trigger
    LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP IN ('DELETE', 'TRUNCATE')
           AND current_database() LIKE 'test\_%'
           AND current_setting('yhteispolku.audit_purge', true) = 'on' THEN
            IF TG_OP = 'DELETE' THEN
                RETURN OLD;
            END IF;
            RETURN NULL;
        END IF;
        RAISE EXCEPTION 'audit_accessevent is append-only: % refused', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END;
    $$
    """,
    """
    CREATE TRIGGER audit_accessevent_refuse_update BEFORE UPDATE ON audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_accessevent_refuse_change()
    """,
    """
    CREATE TRIGGER audit_accessevent_refuse_delete BEFORE DELETE ON audit_accessevent
    FOR EACH ROW EXECUTE FUNCTION audit_accessevent_refuse_change()
    """,
    """
    CREATE TRIGGER audit_accessevent_refuse_truncate BEFORE TRUNCATE ON audit_accessevent
    FOR EACH STATEMENT EXECUTE FUNCTION audit_accessevent_refuse_change()
    """,
]
POSTGRESQL_DROP = [
    "DROP TRIGGER IF EXISTS audit_accessevent_refuse_truncate ON audit_accessevent",
    "DROP TRIGGER IF EXISTS audit_accessevent_refuse_delete ON audit_accessevent",
    "DROP TRIGGER IF EXISTS audit_accessevent_refuse_update ON audit_accessevent",
    "DROP FUNCTION IF EXISTS audit_accessevent_refuse_change()",
]

STATEMENTS = {
    "sqlite": (SQLITE_CREATE, SQLITE_DROP),
    "postgresql": (POSTGRESQL_CREATE, POSTGRESQL_DROP),
}


def run(schema_editor, index):
    vendor = schema_editor.connection.vendor
    if vendor not in STATEMENTS:
        raise NotImplementedError(f"no append-only triggers for the {vendor} database")
    for statement in STATEMENTS[vendor][index]:
        # No parameters: the SQL contains % signs that are not placeholders.
        schema_editor.execute(statement, params=None)


def create_triggers(apps, schema_editor):
    run(schema_editor, 0)


def drop_triggers(apps, schema_editor):
    run(schema_editor, 1)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(create_triggers, drop_triggers)]
