"""The log as several chains: each client's entries in one chain with its own head, verified chain by chain,
incrementally from the last intact run's checkpoints."""

import io
import uuid
from collections.abc import Callable, Sequence
from importlib import import_module
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test.utils import CaptureQueriesContext

from yhteispolku.accounts.models import User
from yhteispolku.audit.errors import ChainHeadMissing
from yhteispolku.audit.hashing import ZERO_HASH, compute_entry_hash
from yhteispolku.audit.models import AccessEvent, ChainHead, VerifiedCheckpoint
from yhteispolku.audit.services import chain_of, one_write_per_request, record_access, record_accesses
from yhteispolku.audit.verification import ProblemCode, verify_chain

Tamper = Callable[[str, Sequence[Any]], None]


def clients_in_different_chains(count: int) -> list[uuid.UUID]:
    found: dict[int, uuid.UUID] = {}
    number = 0
    while len(found) < count:
        number += 1
        code = uuid.UUID(int=number, version=4)
        found.setdefault(chain_of(AccessEvent(client_code=code)), code)
    return list(found.values())


def view(actor: User, client: uuid.UUID, category: str = "basic") -> AccessEvent:
    return record_access(
        actor=actor, action="view", category=category, purpose="other", allowed=True, client_code=client
    )


@pytest.fixture
def interleaved(sanna: User) -> tuple[list[AccessEvent], list[AccessEvent]]:
    """A1 B1 A2 B2 A3 B3: two clients' entries, in two chains, interleaved in id order."""
    first, second = clients_in_different_chains(2)
    a: list[AccessEvent] = []
    b: list[AccessEvent] = []
    for category in ("basic", "social", "health"):
        a.append(view(sanna, first, category))
        b.append(view(sanna, second, category))
    return a, b


def verify_audit(*arguments: str) -> str:
    output = io.StringIO()
    call_command("verify_audit", *arguments, stdout=output, stderr=io.StringIO())
    return output.getvalue()


@pytest.mark.django_db
def test_each_client_has_a_chain_of_its_own_with_its_own_head(
    interleaved: tuple[list[AccessEvent], list[AccessEvent]],
) -> None:
    a, b = interleaved

    assert a[0].chain != b[0].chain
    assert [event.previous_hash for event in a] == [ZERO_HASH, a[0].entry_hash, a[1].entry_hash]
    assert [event.previous_hash for event in b] == [ZERO_HASH, b[0].entry_hash, b[1].entry_hash]
    assert dict(ChainHead.objects.values_list("pk", "last_event_id")) == {
        a[0].chain: a[2].pk,
        b[0].chain: b[2].pk,
    }
    result = verify_chain()
    assert (result.is_intact, result.checked, result.last_event_id) == (True, 6, b[2].pk)
    assert [(head.chain, head.event_id) for head in result.heads] == sorted(
        [(a[0].chain, a[2].pk), (b[0].chain, b[2].pk)]
    )


@pytest.mark.django_db
def test_entries_without_a_client_are_chained_by_their_actor(sanna: User) -> None:
    own = record_access(actor=sanna, action="view", category="basic", purpose="other", allowed=True)
    system = record_access(actor=None, action="view", category="basic", purpose="other", allowed=True)

    assert own.chain == chain_of(AccessEvent(actor_username="sanna.sosiaali"))
    assert system.chain == chain_of(AccessEvent(actor_username=""))
    assert verify_chain().is_intact


@pytest.mark.django_db
def test_deleted_entry_is_named_by_its_neighbours_in_its_chain(
    interleaved: tuple[list[AccessEvent], list[AccessEvent]], tamper: Tamper
) -> None:
    a, _b = interleaved
    tamper("DELETE FROM audit_accessevent WHERE id = %s", [a[1].pk])

    problem = verify_chain().problem

    assert problem is not None
    assert (problem.code, problem.other_event_id, problem.event_id) == (
        ProblemCode.LINK_BROKEN,
        a[0].pk,
        a[2].pk,
    )


@pytest.mark.django_db
def test_entry_moved_to_another_chain_breaks_both(
    interleaved: tuple[list[AccessEvent], list[AccessEvent]], tamper: Tamper
) -> None:
    a, b = interleaved
    # The chain number is not hashed: moving an entry leaves a gap in one chain and a stranger in the other.
    tamper("UPDATE audit_accessevent SET chain = %s WHERE id = %s", [b[0].chain, a[1].pk])

    problem = verify_chain().problem

    assert problem is not None
    assert (problem.code, problem.event_id, problem.other_event_id) == (
        ProblemCode.LINK_BROKEN,
        a[1].pk,
        b[0].pk,
    )


@pytest.mark.django_db
def test_one_chain_cut_short_with_its_head_moved_back_fails_against_the_anchor(
    interleaved: tuple[list[AccessEvent], list[AccessEvent]], tamper: Tamper
) -> None:
    a, b = interleaved
    call_command("anchor_audit", stdout=io.StringIO())
    tamper("DELETE FROM audit_accessevent WHERE id = %s", [a[2].pk])
    ChainHead.objects.filter(pk=a[0].chain).update(last_event_id=a[1].pk, last_hash=a[1].entry_hash)

    assert "Käyttöloki on eheä: 5 merkintää." in verify_audit("--full", "--no-anchor")
    with pytest.raises(
        CommandError, match=f"ketjun pää on merkintä {a[2].pk}, mutta lokin viimeinen merkintä on {a[1].pk}"
    ):
        verify_audit("--full")
    with pytest.raises(CommandError, match=f"ketjun pää on merkintä {a[2].pk}, mutta lokin viimeinen"):
        verify_audit()
    assert b[2].pk > a[2].pk  # the other chain went on after the cut entry: the log as a whole is not shorter


@pytest.mark.django_db
def test_chain_whose_head_was_removed_is_named_and_takes_no_new_entries(
    interleaved: tuple[list[AccessEvent], list[AccessEvent]], sanna: User
) -> None:
    a, _b = interleaved
    ChainHead.objects.filter(pk=a[0].chain).delete()

    problem = verify_chain().problem
    assert problem is not None
    assert problem.code == ProblemCode.HEAD_MISSING
    with pytest.raises(ChainHeadMissing):
        view(sanna, a[0].client_code)


@pytest.mark.django_db
def test_a_requests_entries_spanning_chains_are_one_insert_and_lock_the_heads_in_order(sanna: User) -> None:
    clients = clients_in_different_chains(5)

    with CaptureQueriesContext(connection) as captured, one_write_per_request():
        events = [view(sanna, client) for client in clients[::-1]]

    inserts = [
        query["sql"] for query in captured if query["sql"].startswith('INSERT INTO "audit_accessevent"')
    ]
    assert len(inserts) == 1
    locks = [
        query["sql"]
        for query in captured
        if query["sql"].startswith("SELECT") and "FROM audit_chainhead WHERE id IN" in query["sql"]
    ]
    assert locks  # (the heads of new chains are taken again once created)
    lock = "ORDER BY id FOR UPDATE" if connection.features.has_select_for_update else "ORDER BY id"
    assert all(sql.endswith(lock) for sql in locks)
    assert [query["sql"] for query in captured if "UPDATE audit_chainhead SET" in query["sql"]]
    # Ids follow the chain numbers: the heads were taken and the entries chained in that order.
    by_id = sorted(events, key=lambda event: event.pk)
    assert [event.chain for event in by_id] == sorted(event.chain for event in events)
    assert verify_chain().checked == 5


@pytest.mark.django_db
def test_a_list_pages_entries_go_to_the_chain_of_the_actor_who_saw_it(sanna: User) -> None:
    clients = clients_in_different_chains(5)

    events = record_accesses(
        actor=sanna, action="view", category="basic", purpose="other", client_codes=clients
    )

    # One head locked, whatever the number of clients on the page.
    assert {event.chain for event in events} == {chain_of(AccessEvent(actor_username="sanna.sosiaali"))}
    assert [event.previous_hash for event in events[1:]] == [event.entry_hash for event in events[:-1]]
    assert verify_chain().checked == 5


@pytest.mark.django_db
def test_incremental_run_walks_only_what_came_after_the_checkpoints(
    interleaved: tuple[list[AccessEvent], list[AccessEvent]], sanna: User
) -> None:
    a, b = interleaved
    assert "Käyttöloki on eheä: 6 merkintää." in verify_audit()
    assert dict(VerifiedCheckpoint.objects.values_list("pk", "last_event_id")) == {
        a[0].chain: a[2].pk,
        b[0].chain: b[2].pk,
    }
    newer = view(sanna, a[0].client_code)

    result = verify_chain(incremental=True)

    assert (result.is_intact, result.incremental, result.checked, result.last_event_id) == (
        True,
        True,
        1,
        newer.pk,
    )
    assert "Käyttöloki on eheä: 1 uutta merkintää edellisen tarkistuksen jälkeen." in verify_audit()
    assert VerifiedCheckpoint.objects.get(pk=a[0].chain).last_event_id == newer.pk


@pytest.mark.django_db
def test_incremental_run_refuses_a_changed_or_removed_checkpointed_entry(
    interleaved: tuple[list[AccessEvent], list[AccessEvent]], tamper: Tamper
) -> None:
    a, b = interleaved
    verify_audit()
    tamper("UPDATE audit_accessevent SET category = 'plan' WHERE id = %s", [a[2].pk])

    problem = verify_chain(incremental=True).problem
    assert problem is not None
    assert (problem.code, problem.event_id) == (ProblemCode.CHECKPOINT_MISMATCH, a[2].pk)

    tamper("DELETE FROM audit_accessevent WHERE id = %s", [b[2].pk])
    with pytest.raises(CommandError, match=f"Merkintä {a[2].pk} puuttuu tai sitä on muutettu"):
        verify_audit()


@pytest.mark.django_db
def test_a_change_before_the_checkpoint_needs_a_full_run(
    interleaved: tuple[list[AccessEvent], list[AccessEvent]], tamper: Tamper
) -> None:
    a, _b = interleaved
    verify_audit()
    tamper("UPDATE audit_accessevent SET category = 'plan' WHERE id = %s", [a[0].pk])

    # The checkpoint vouches for what earlier runs saw: the weekly full run is the one that finds this.
    assert verify_chain(incremental=True).is_intact
    with pytest.raises(CommandError, match=f"Merkinnän {a[0].pk} sisältöä on muutettu"):
        verify_audit("--full")


@pytest.mark.django_db
def test_the_old_single_chain_goes_on_as_chain_0(sanna: User) -> None:
    """Migration 0005: the entries of the one chain there was (every client) get chain 0 and its head, id 1,
    becomes chain 0's head; they verify as before and new entries go on from there."""
    previous = ZERO_HASH
    old = []
    for client in clients_in_different_chains(3):
        event = AccessEvent(
            actor=sanna, actor_username=sanna.username, client_code=client, category="basic", action="view",
            purpose="other", allowed=True, previous_hash=previous, chain=0,
        )  # fmt: skip
        event.entry_hash = previous = compute_entry_hash(event)
        event.save()
        old.append(event)
    ChainHead.objects.create(id=1, last_event_id=old[-1].pk, last_hash=old[-1].entry_hash)
    migration = import_module("yhteispolku.audit.migrations.0005_chains")

    migration.move_head_to_chain_0(MigrationLoader(connection).project_state().apps, None)

    assert list(ChainHead.objects.values_list("pk", "last_event_id")) == [(0, old[-1].pk)]
    assert verify_chain().is_intact
    newer = [view(sanna, event.client_code) for event in old]
    result = verify_chain()
    assert (result.is_intact, result.checked) == (True, 6)
    assert all(event.previous_hash != ZERO_HASH for event in newer if event.chain == 0)
