import io
import uuid
from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from yhteispolku.accounts.models import User
from yhteispolku.audit.errors import ChainHeadMissing
from yhteispolku.audit.hashing import ZERO_HASH
from yhteispolku.audit.models import AccessEvent, ChainHead
from yhteispolku.audit.services import record_access
from yhteispolku.audit.verification import Anchor, ProblemCode, verify_chain

Tamper = Callable[[str, Sequence[Any]], None]

# Every stored column but the id: what an attacker moves to reorder entries.
CONTENT_COLUMNS = (
    "occurred_at",
    "actor_id",
    "actor_username",
    "actor_name",
    "actor_role",
    "actor_organisation",
    "client_code",
    "object_type",
    "object_id",
    "category",
    "action",
    "purpose",
    "allowed",
    "reason",
    "ip_address",
    "previous_hash",
    "entry_hash",
)
# Only the constant column names above are formatted into the SQL.
SELECT_CONTENT = f"SELECT {', '.join(CONTENT_COLUMNS)} FROM audit_accessevent WHERE id = %s"  # noqa: S608
ASSIGNMENTS = ", ".join(f"{column} = %s" for column in CONTENT_COLUMNS)
UPDATE_CONTENT = f"UPDATE audit_accessevent SET {ASSIGNMENTS} WHERE id = %s"  # noqa: S608


@pytest.fixture
def entries(sanna: User) -> list[AccessEvent]:
    client = uuid.uuid4()
    return [
        record_access(
            actor=sanna,
            action="view",
            category=category,
            purpose="tym_joint_work",
            allowed=True,
            client_code=client,
        )
        for category in ("basic", "social", "health", "plan")
    ]


def verify_audit() -> str:
    output = io.StringIO()
    call_command("verify_audit", stdout=output)
    return output.getvalue()


def refused(expected: str, *arguments: str) -> None:
    with pytest.raises(CommandError, match=expected) as error:
        call_command("verify_audit", *arguments)
    assert error.value.returncode == 1


def stored_row(event_id: int) -> tuple[Any, ...]:
    with connection.cursor() as cursor:
        cursor.execute(SELECT_CONTENT, [event_id])
        return tuple(cursor.fetchone())


def write_row(tamper: Tamper, event_id: int, row: tuple[Any, ...]) -> None:
    tamper(UPDATE_CONTENT, [*row, event_id])


@pytest.mark.django_db
def test_chain_of_several_entries_verifies(entries: list[AccessEvent]) -> None:
    result = verify_chain()

    assert (result.is_intact, result.checked) == (True, 4)
    assert (result.last_event_id, result.last_hash) == (entries[-1].pk, entries[-1].entry_hash)


@pytest.mark.django_db
def test_command_reports_an_intact_log_and_prints_the_head_to_anchor(entries: list[AccessEvent]) -> None:
    output = verify_audit()

    assert "Käyttöloki on eheä: 4 merkintää." in output
    assert (
        f"Ketjun {entries[-1].chain} pää: merkintä {entries[-1].pk}, tiiviste {entries[-1].entry_hash}"
        in output
    )


@pytest.mark.django_db
def test_empty_log_is_intact() -> None:
    result = verify_chain()

    assert (result.is_intact, result.checked, result.last_event_id, result.last_hash) == (
        True,
        0,
        None,
        ZERO_HASH,
    )


@pytest.mark.django_db
def test_changed_entry_is_named(entries: list[AccessEvent], tamper: Tamper) -> None:
    # Hiding a health read as a read of basic data.
    tamper("UPDATE audit_accessevent SET category = 'basic' WHERE id = %s", [entries[2].pk])

    problem = verify_chain().problem

    assert problem is not None
    assert (problem.code, problem.event_id) == (ProblemCode.CONTENT_CHANGED, entries[2].pk)
    refused(f"Merkinnän {entries[2].pk} sisältöä on muutettu")


@pytest.mark.django_db
def test_changed_time_is_detected(entries: list[AccessEvent], tamper: Tamper) -> None:
    tamper(
        "UPDATE audit_accessevent SET occurred_at = %s WHERE id = %s",
        [entries[1].occurred_at - timedelta(hours=1), entries[1].pk],
    )

    refused(f"Merkinnän {entries[1].pk} sisältöä on muutettu")


@pytest.mark.django_db
def test_deleted_middle_entry_is_named_by_its_neighbours(entries: list[AccessEvent], tamper: Tamper) -> None:
    tamper("DELETE FROM audit_accessevent WHERE id = %s", [entries[1].pk])

    problem = verify_chain().problem

    assert problem is not None
    assert (problem.code, problem.other_event_id, problem.event_id) == (
        ProblemCode.LINK_BROKEN,
        entries[0].pk,
        entries[2].pk,
    )
    refused(f"Ketju katkeaa merkintöjen {entries[0].pk} ja {entries[2].pk} välillä")


@pytest.mark.django_db
def test_swapped_entries_are_detected(entries: list[AccessEvent], tamper: Tamper) -> None:
    second, third = entries[1], entries[2]
    second_row, third_row = stored_row(second.pk), stored_row(third.pk)
    # The hash column is unique, so one row steps aside first.
    tamper("UPDATE audit_accessevent SET entry_hash = %s WHERE id = %s", ["x" * 64, second.pk])
    write_row(tamper, third.pk, second_row)
    write_row(tamper, second.pk, third_row)

    problem = verify_chain().problem

    assert problem is not None
    assert (problem.code, problem.other_event_id, problem.event_id) == (
        ProblemCode.LINK_BROKEN,
        entries[0].pk,
        second.pk,
    )
    refused(f"Ketju katkeaa merkintöjen {entries[0].pk} ja {second.pk} välillä")


@pytest.mark.django_db
def test_removed_first_entries_are_detected(entries: list[AccessEvent], tamper: Tamper) -> None:
    tamper("DELETE FROM audit_accessevent WHERE id = %s", [entries[0].pk])

    refused(f"Merkintä {entries[1].pk} on ensimmäinen, mutta se ei aloita ketjua")


@pytest.mark.django_db
def test_removed_tail_is_detected_through_the_head(entries: list[AccessEvent], tamper: Tamper) -> None:
    tamper("DELETE FROM audit_accessevent WHERE id >= %s", [entries[2].pk])

    problem = verify_chain().problem

    assert problem is not None
    assert (problem.code, problem.event_id, problem.other_event_id) == (
        ProblemCode.TAIL_REMOVED,
        entries[3].pk,
        entries[1].pk,
    )
    refused(
        f"Ketjun pää viittaa merkintään {entries[3].pk}, jota ei löydy; viimeinen merkintä on {entries[1].pk}"
    )


@pytest.mark.django_db
def test_removing_every_entry_is_detected_through_the_head(
    entries: list[AccessEvent], tamper: Tamper
) -> None:
    tamper("DELETE FROM audit_accessevent", [])

    refused(f"Ketjun pää viittaa merkintään {entries[3].pk}, mutta lokissa ei ole yhtään merkintää")


@pytest.mark.django_db
def test_head_moved_back_leaves_entries_beyond_it(entries: list[AccessEvent]) -> None:
    ChainHead.objects.update(last_event_id=entries[2].pk, last_hash=entries[2].entry_hash)

    refused(f"Merkintä {entries[3].pk} on ketjun pään jälkeen")


@pytest.mark.django_db
def test_changed_head_hash_is_detected(entries: list[AccessEvent]) -> None:
    ChainHead.objects.update(last_hash="a" * 64)

    refused(f"Ketjun pään tiiviste ei vastaa merkintää {entries[3].pk}")


@pytest.mark.django_db
def test_removed_head_is_detected_and_stops_new_entries(entries: list[AccessEvent], sanna: User) -> None:
    ChainHead.objects.all().delete()

    refused("Ketjun pää puuttuu, vaikka lokissa on 4 merkintää")
    with pytest.raises(ChainHeadMissing):
        record_access(actor=sanna, action="view", category="basic", purpose="other", allowed=True)


@pytest.mark.django_db
def test_anchor_of_an_intact_log_is_found(entries: list[AccessEvent]) -> None:
    output = io.StringIO()

    call_command("verify_audit", f"--anchor={entries[1].pk}:{entries[1].entry_hash}", stdout=output)

    assert "Käyttöloki on eheä: 4 merkintää." in output.getvalue()


@pytest.mark.django_db
def test_rewritten_and_rehashed_log_passes_the_chain_but_not_the_anchor(
    entries: list[AccessEvent], tamper: Tamper
) -> None:
    anchor = Anchor(entries[3].pk, entries[3].entry_hash)
    # An owner drops the last entry and moves the head back: the chain alone still holds.
    tamper("DELETE FROM audit_accessevent WHERE id = %s", [entries[3].pk])
    ChainHead.objects.update(last_event_id=entries[2].pk, last_hash=entries[2].entry_hash)
    assert verify_chain().is_intact

    problem = verify_chain(anchor=anchor).problem

    assert problem is not None
    assert (problem.code, problem.event_id, problem.other_event_id) == (
        ProblemCode.ANCHOR_TRUNCATED,
        entries[3].pk,
        entries[2].pk,
    )
    refused(
        f"ketjun pää on merkintä {entries[3].pk}, mutta lokin viimeinen merkintä on {entries[2].pk}",
        f"--anchor={anchor.event_id}:{anchor.entry_hash}",
    )


@pytest.mark.django_db
def test_anchor_with_another_hash_is_refused(entries: list[AccessEvent]) -> None:
    refused(f"Merkintä {entries[0].pk} puuttuu tai sen tiiviste", f"--anchor={entries[0].pk}:{'a' * 64}")


def test_anchor_must_be_an_id_and_a_hash() -> None:
    with pytest.raises(CommandError, match="expected ID:HASH"):
        call_command("verify_audit", "--anchor=12")
