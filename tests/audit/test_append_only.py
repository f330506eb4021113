import uuid
from typing import Any

import pytest
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.audit.errors import AppendOnlyError
from yhteispolku.audit.models import AccessEvent, ChainHead
from yhteispolku.audit.services import record_access


@pytest.fixture
def event(sanna: User) -> AccessEvent:
    return record_access(
        actor=sanna,
        action="view",
        category="social",
        purpose="tym_joint_work",
        allowed=True,
        client_code=uuid.uuid4(),
    )


def run_sql(sql: str, params: tuple[Any, ...] = ()) -> None:
    # In a savepoint, so that PostgreSQL can go on after the refusal.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.mark.django_db
def test_orm_refuses_to_save_a_changed_entry(event: AccessEvent) -> None:
    event.category = "basic"
    with pytest.raises(AppendOnlyError):
        event.save()


@pytest.mark.django_db
def test_orm_refuses_to_delete_an_entry(event: AccessEvent) -> None:
    with pytest.raises(AppendOnlyError):
        event.delete()
    assert AccessEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
def test_orm_refuses_queryset_update_and_delete(event: AccessEvent) -> None:
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).update(category="basic")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.bulk_update([event], ["category"])
    assert AccessEvent.objects.get(pk=event.pk).category == "social"


@pytest.mark.django_db
def test_orm_refuses_entries_written_around_record_access(sanna: User) -> None:
    fields = {"actor": sanna, "category": "social", "action": "view", "purpose": "other", "allowed": True}
    with pytest.raises(AppendOnlyError, match="record_access"):
        AccessEvent.objects.create(**fields, previous_hash="0" * 64, entry_hash="f" * 64)
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.bulk_create([AccessEvent(**fields)])
    assert not AccessEvent.objects.exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("append_only_enforced")
def test_database_refuses_update_of_an_entry(event: AccessEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only: UPDATE refused"):
        run_sql("UPDATE audit_accessevent SET category = %s WHERE id = %s", ("basic", event.pk))
    assert AccessEvent.objects.get(pk=event.pk).category == "social"


@pytest.mark.django_db
@pytest.mark.usefixtures("append_only_enforced")
def test_database_refuses_delete_of_an_entry(event: AccessEvent) -> None:
    with pytest.raises(DatabaseError, match="append-only: DELETE refused"):
        run_sql("DELETE FROM audit_accessevent WHERE id = %s", (event.pk,))
    with pytest.raises(DatabaseError, match="append-only: DELETE refused"):
        run_sql("DELETE FROM audit_accessevent")
    assert AccessEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("append_only_enforced")
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no TRUNCATE")
def test_database_refuses_truncate_of_the_log(event: AccessEvent) -> None:
    # PostgreSQL refuses TRUNCATE while the insert's deferred foreign-key check is pending.
    run_sql("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(DatabaseError, match="append-only: TRUNCATE refused"):
        run_sql("TRUNCATE audit_accessevent")
    assert AccessEvent.objects.filter(pk=event.pk).exists()


@pytest.mark.django_db
@pytest.mark.usefixtures("append_only_enforced")
def test_database_lets_new_entries_in_and_the_head_move(event: AccessEvent, sanna: User) -> None:
    later = record_access(actor=sanna, action="update", category="social", purpose="other", allowed=True)

    assert list(AccessEvent.objects.values_list("pk", flat=True)) == [event.pk, later.pk]
    assert ChainHead.objects.get(pk=later.chain).last_event_id == later.pk


@pytest.mark.django_db
@pytest.mark.usefixtures("append_only_enforced")
def test_database_refuses_a_reason_on_an_allowed_entry(event: AccessEvent) -> None:
    with pytest.raises(DatabaseError):
        run_sql(
            "INSERT INTO audit_accessevent (occurred_at, actor_username, actor_name, actor_role, "
            "actor_organisation, object_type, object_id, category, action, purpose, allowed, reason, "
            "previous_hash, entry_hash) VALUES (%s, '', '', '', '', '', '', 'basic', 'view', 'other', "
            "%s, 'no_relation', %s, %s)",
            (timezone.now(), True, event.entry_hash, "e" * 64),
        )
