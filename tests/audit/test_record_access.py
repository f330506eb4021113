import uuid

import pytest
from django.db import transaction
from django.test import RequestFactory

from yhteispolku.accounts.models import User
from yhteispolku.audit.hashing import ZERO_HASH, compute_entry_hash
from yhteispolku.audit.models import AccessEvent, ChainHead
from yhteispolku.audit.services import record_access, record_accesses
from yhteispolku.audit.verification import verify_chain
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.organisations.models import Organisation, Unit

from .conftest import role

CLIENT = uuid.UUID("6f1c3a52-8d4e-4b7a-9c1d-2e3f4a5b6c7d")


def view_health(actor: User | None, **kwargs: object) -> AccessEvent:
    return record_access(
        actor=actor,
        action=Action.VIEW,
        category=DataCategory.HEALTH,
        purpose=Purpose.TYM_JOINT_WORK,
        allowed=True,
        client_code=CLIENT,
        **kwargs,  # type: ignore[arg-type]
    )


@pytest.mark.django_db
def test_first_entry_starts_the_chain_and_the_next_links_to_it(sanna: User) -> None:
    first = view_health(sanna)
    second = view_health(sanna)

    assert first.previous_hash == ZERO_HASH
    assert second.previous_hash == first.entry_hash
    # One client's entries are one chain, with its own head.
    assert first.chain == second.chain
    assert ChainHead.objects.get() == ChainHead(
        id=first.chain, last_event_id=second.pk, last_hash=second.entry_hash
    )


@pytest.mark.django_db
def test_entry_copies_who_the_actor_was_at_the_time(sanna: User, satakunta: Organisation) -> None:
    event = view_health(sanna, object_type="clients.consent", object_id="17")

    stored = AccessEvent.objects.get(pk=event.pk)
    assert (stored.actor, stored.actor_username, stored.actor_name) == (
        sanna,
        "sanna.sosiaali",
        "Sanna Sosiaali",
    )
    assert (stored.actor_role, stored.actor_organisation) == ("social_worker", "Satakunnan hyvinvointialue")
    assert (stored.client_code, stored.object_type, stored.object_id) == (CLIENT, "clients.consent", "17")
    assert (stored.category, stored.action, stored.purpose) == ("health", "view", "tym_joint_work")


@pytest.mark.django_db
def test_entry_still_names_the_old_job_after_the_actor_changes_jobs(sanna: User) -> None:
    event = view_health(sanna)
    kela = Organisation.objects.create(slug="audit-test-kela", kind=Organisation.Kind.KELA, name_fi="Kela")
    sanna.organisation = kela
    sanna.unit = Unit.objects.create(
        slug="audit-test-kela-lansi", organisation=kela, kind="insurance_district", name_fi="Länsi"
    )
    sanna.role = role("public_health_nurse")
    sanna.save()

    stored = AccessEvent.objects.get(pk=event.pk)
    assert (stored.actor_role, stored.actor_organisation) == ("social_worker", "Satakunnan hyvinvointialue")
    assert compute_entry_hash(stored) == stored.entry_hash


@pytest.mark.django_db
def test_system_job_is_recorded_without_an_actor() -> None:
    event = view_health(None)

    assert (event.actor_id, event.actor_username, event.actor_role, event.actor_organisation) == (
        None,
        "",
        "",
        "",
    )


@pytest.mark.django_db
def test_denied_access_is_recorded_with_its_reason(sanna: User) -> None:
    event = record_access(
        actor=sanna,
        action="view",
        category="health",
        purpose="tym_joint_work",
        allowed=False,
        client_code=str(CLIENT),
        reason="consent_missing",
    )

    stored = AccessEvent.objects.get(pk=event.pk)
    assert (stored.allowed, stored.reason, stored.client_code) == (False, "consent_missing", CLIENT)


@pytest.mark.django_db
def test_denial_without_reason_and_allowed_access_with_reason_are_refused(sanna: User) -> None:
    with pytest.raises(ValueError, match="needs a reason"):
        record_access(actor=sanna, action="view", category="health", purpose="other", allowed=False)
    with pytest.raises(ValueError, match="has no reason"):
        record_access(
            actor=sanna, action="view", category="health", purpose="other", allowed=True, reason="consent"
        )
    assert not AccessEvent.objects.exists()


@pytest.mark.django_db
def test_values_outside_the_policy_vocabulary_are_refused(sanna: User) -> None:
    with pytest.raises(ValueError, match="'genome'"):
        record_access(actor=sanna, action="view", category="genome", purpose="other", allowed=True)
    with pytest.raises(ValueError, match="'curiosity'"):
        record_access(actor=sanna, action="view", category="health", purpose="curiosity", allowed=True)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("remote_addr", "stored"),
    [
        ("192.0.2.10", "192.0.2.10"),
        ("2001:DB8:0:0::1", "2001:db8::1"),
        ("fe80::1%eth0", "fe80::1"),
        ("not an address", None),
    ],
)
def test_address_comes_from_the_request_in_one_spelling(
    sanna: User, remote_addr: str, stored: str | None
) -> None:
    request = RequestFactory().get("/", REMOTE_ADDR=remote_addr)

    event = view_health(sanna, request=request)

    assert AccessEvent.objects.get(pk=event.pk).ip_address == stored
    assert verify_chain().is_intact


@pytest.mark.django_db
def test_list_page_records_one_entry_per_client_in_the_chain(sanna: User) -> None:
    before = view_health(sanna)
    codes = [uuid.uuid4() for _ in range(3)]

    events = record_accesses(
        actor=sanna,
        action=Action.VIEW,
        category=DataCategory.BASIC,
        purpose=Purpose.TYM_JOINT_WORK,
        client_codes=codes,
        object_type="clients.client",
    )

    assert [event.client_code for event in events] == codes
    # Each entry names the entry before it in its own chain (the client's), whatever the others' chains.
    last_of_chain = {before.chain: before}
    for event in sorted(events, key=lambda event: event.pk):
        previous = last_of_chain.get(event.chain)
        assert event.previous_hash == (previous.entry_hash if previous else ZERO_HASH)
        last_of_chain[event.chain] = event
    heads = {head.pk: head.last_event_id for head in ChainHead.objects.all()}
    assert heads == {chain: event.pk for chain, event in last_of_chain.items()}
    assert verify_chain().checked == 4


@pytest.mark.django_db
def test_empty_list_records_nothing(sanna: User) -> None:
    assert (
        record_accesses(actor=sanna, action="view", category="basic", purpose="other", client_codes=[]) == []
    )
    assert not AccessEvent.objects.exists()


@transaction.atomic
def failing_write(actor: User) -> None:
    view_health(actor, object_type="clients.client")
    raise RuntimeError("the write failed")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_entry_of_a_rolled_back_write_disappears_and_the_chain_still_verifies(sanna: User) -> None:
    kept = view_health(sanna)
    with pytest.raises(RuntimeError):
        failing_write(sanna)
    after = view_health(sanna)

    assert list(AccessEvent.objects.values_list("object_type", flat=True)) == ["", ""]
    assert after.previous_hash == kept.entry_hash
    result = verify_chain()
    assert (result.is_intact, result.checked, result.last_hash) == (True, 2, after.entry_hash)
