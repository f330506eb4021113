"""Each change writes its outbox event in its own transaction, with codes and ids only (docs/events.md)."""

import json
import uuid
from typing import Any

import pytest
from django.db import transaction
from django.utils import timezone

from tests.assessments.conftest import Team, team
from tests.cases.conftest import (
    CRITERIA_MET,
    accepted,
    client_of_referrer,
    consented,
    employment_area,
    referral,
    referrer,
    tym_expert,
    tym_social_worker,
    tym_unit,
)
from tests.cases.test_outcomes import close
from tests.plans.conftest import MaijaCase, maija
from yhteispolku.accounts.models import User
from yhteispolku.applications import services as applications
from yhteispolku.cases import services as cases
from yhteispolku.cases.errors import DeclineInvalid
from yhteispolku.cases.models import ClientRelationship, Referral, Track
from yhteispolku.clients import services as clients
from yhteispolku.clients.models import Client, Consent
from yhteispolku.core.categories import DataCategory, Purpose
from yhteispolku.events import services as events
from yhteispolku.events.models import SCHEMA_VERSION, EventType, OutboxEvent
from yhteispolku.organisations.models import Unit

__all__ = [
    "accepted",
    "client_of_referrer",
    "consented",
    "employment_area",
    "maija",
    "referral",
    "referrer",
    "team",
    "tym_expert",
    "tym_social_worker",
    "tym_unit",
]


def events_of(client: Client) -> list[OutboxEvent]:
    return list(OutboxEvent.objects.filter(client_code=client.code).order_by("sequence"))


def only(client: Client, event_type: str) -> dict[str, Any]:
    found = [e.payload for e in events_of(client) if e.event_type == event_type]
    assert len(found) == 1, found
    return found[0]


def assert_no_text(payload: dict[str, Any], *texts: str) -> None:
    body = json.dumps(payload, ensure_ascii=False)
    for text in texts:
        assert text not in body


def test_the_referral_is_sent_accepted_and_the_track_closed_each_with_its_event(
    accepted: ClientRelationship, referral: Referral, tym_expert: User, tym_social_worker: User
) -> None:
    client = accepted.client
    sent = only(client, EventType.REFERRAL_SENT)
    assert sent["schema_version"] == SCHEMA_VERSION
    assert sent["client"] == str(client.code)
    assert sent["relationship"] == str(accepted.code)
    assert sent["referral"] == str(referral.code)
    assert sent["track"] == Track.TYM
    assert sent["responsible_organisation"] == str(accepted.responsible_organisation.code)
    assert sent["responsible_unit"] == str(accepted.responsible_unit.code)
    assert sent["referring_organisation"] == str(referral.from_organisation.code)
    accepted_event = only(client, EventType.REFERRAL_ACCEPTED)
    assert accepted_event["started_on"] == timezone.localdate().isoformat()
    close(accepted, tym_expert, tym_social_worker)
    closed = only(client, EventType.TRACK_CLOSED)
    assert (closed["closure_reason"], closed["ended_on"]) == ("employed", timezone.localdate().isoformat())
    # One stream per client: the sequence numbers follow the order of the changes.
    assert [e.event_type for e in events_of(client)][-3:] == [
        EventType.REFERRAL_SENT,
        EventType.REFERRAL_ACCEPTED,
        EventType.TRACK_CLOSED,
    ]
    sequences = [e.sequence for e in events_of(client)]
    assert sequences == list(range(1, len(sequences) + 1))
    for event in events_of(client):
        # Never the client's name, the referral's description or the closure's assessment.
        assert_no_text(
            event.payload, client.first_names, client.last_name, "Toiminnanohjauksen", "Työllistyi."
        )


def test_a_declined_referral_sends_the_suggested_track_but_not_the_reason(
    referral: Referral, tym_expert: User
) -> None:
    cases.referral_decline(
        actor=tym_expert,
        referral=referral,
        reason="Asiakas hyötyy enemmän nuorten palveluista",
        suggested_alternative=Track.YOUTH_ONE_STOP,
    )
    client = referral.relationship.client
    declined = only(client, EventType.REFERRAL_DECLINED)
    assert declined["suggested_alternative"] == Track.YOUTH_ONE_STOP
    assert_no_text(declined, "hyötyy", client.last_name)


def test_consents_given_and_revoked_carry_purpose_organisations_and_categories(
    consented: Client, referrer: User, employment_area: Any
) -> None:
    today = timezone.localdate()
    consent = clients.consent_give(
        actor=referrer,
        client=consented,
        purpose=Purpose.TYM_JOINT_WORK,
        organisations=[employment_area],
        categories=[DataCategory.BASIC, DataCategory.SOCIAL],
        given_how=Consent.GivenHow.WRITTEN,
        given_on=today,
        valid_from=today,
        purpose_details="Asiakkaan oma tarkennus",
    )
    given = only(consented, EventType.CONSENT_GIVEN)
    assert given["consent"] == str(consent.code)
    assert given["purpose"] == Purpose.TYM_JOINT_WORK
    assert given["organisations"] == [str(employment_area.code)]
    assert given["categories"] == sorted([DataCategory.BASIC, DataCategory.SOCIAL])
    assert (given["valid_from"], given["valid_until"], given["given_by_client"]) == (
        today.isoformat(),
        None,
        False,
    )
    assert_no_text(given, "tarkennus")
    clients.consent_revoke(actor=referrer, consent=consent, how=Consent.GivenHow.ORAL, note="Soitti ja perui")
    revoked = only(consented, EventType.CONSENT_REVOKED)
    assert (revoked["consent"], revoked["revoked_by_client"]) == (str(consent.code), False)
    assert_no_text(revoked, "Soitti")


def test_a_plan_version_coming_into_force_sends_its_plan_type_and_version(maija: MaijaCase) -> None:
    version = maija.in_force(maija.first_version(services=[maija.job_coaching()]))
    event = only(maija.client, EventType.PLAN_IN_FORCE)
    assert event["plan"] == str(version.plan.code)
    assert event["plan_version"] == str(version.code)
    assert (event["plan_type"], event["version_number"]) == ("07", 1)
    assert event["in_force_on"] == maija.today.isoformat()
    assert_no_text(event, "Palkkatyö", "työhönvalmennus")


def test_an_application_decided_sends_benefit_and_decision_codes(team: Team) -> None:
    application = applications.application_record(
        actor=team.kela_advisor,
        client=team.client,
        benefit="taito",
        submitted_on=timezone.localdate(),
        helped_by=team.kela_advisor,
    )
    assert not OutboxEvent.objects.filter(event_type=EventType.APPLICATION_DECIDED).exists()
    applications.application_decide(
        actor=team.kela_advisor,
        application=application,
        expected_revision=1,
        decision="granted",
        decided_on=timezone.localdate(),
    )
    event = only(team.client, EventType.APPLICATION_DECIDED)
    assert (event["benefit"], event["decision"]) == ("taito", "granted")
    assert event["recording_organisation"] == str(team.kela.code)


def test_a_refused_change_writes_no_event(referral: Referral, tym_expert: User) -> None:
    before = OutboxEvent.objects.count()
    with pytest.raises(DeclineInvalid):
        cases.referral_decline(
            actor=tym_expert, referral=referral, reason=" ", suggested_alternative=Track.YOUTH_ONE_STOP
        )
    assert OutboxEvent.objects.count() == before


def test_an_event_field_must_be_a_code_never_free_text(db: None) -> None:
    with transaction.atomic(), pytest.raises(ValueError, match="code"):
        events.record(EventType.CONSENT_REVOKED, client_code=uuid.uuid4(), purpose="Maija Meikäläinen")
    with transaction.atomic(), pytest.raises(ValueError, match="declares no field"):
        events.record(EventType.CONSENT_REVOKED, client_code=uuid.uuid4(), note="x")


# --- In the change's transaction (a real commit, no test transaction around it) -------------------


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_no_event_is_written() -> None:
    with pytest.raises(events.NotInTransaction):
        events.record(EventType.CONSENT_REVOKED, client_code=uuid.uuid4(), purpose="tym_joint_work")
    assert not OutboxEvent.objects.exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_change_rolled_back_after_its_event_leaves_neither(
    referrer: User, consented: Client, tym_unit: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The referral's transaction fails after the event was written: neither the referral nor the event
    is committed; without the failure both are."""
    real = events.record

    def written_then_failed(*args: Any, **kwargs: Any) -> OutboxEvent:
        real(*args, **kwargs)
        assert OutboxEvent.objects.filter(client_code=consented.code).exists()  # written, not committed
        raise RuntimeError("the change fails after its event")

    monkeypatch.setattr(events, "record", written_then_failed)
    refer = {
        "actor": referrer,
        "client": consented,
        "unit": tym_unit,
        "description": "Kuvaus",
        **CRITERIA_MET,
    }
    with pytest.raises(RuntimeError):
        cases.referral_create(**refer)
    assert not Referral.objects.filter(relationship__client=consented).exists()
    assert not OutboxEvent.objects.filter(client_code=consented.code).exists()

    monkeypatch.setattr(events, "record", real)
    cases.referral_create(**refer)
    assert Referral.objects.filter(relationship__client=consented).count() == 1
    assert [e.event_type for e in OutboxEvent.objects.filter(client_code=consented.code)] == [
        EventType.REFERRAL_SENT
    ]


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_an_event_that_cannot_be_written_stops_the_change(
    referrer: User, consented: Client, tym_unit: Unit, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*args: Any, **kwargs: Any) -> None:
        raise RuntimeError("the outbox is unavailable")

    monkeypatch.setattr(OutboxEvent.objects, "create", refuse)
    with pytest.raises(RuntimeError):
        cases.referral_create(
            actor=referrer, client=consented, unit=tym_unit, description="Kuvaus", **CRITERIA_MET
        )
    assert not ClientRelationship.objects.filter(client=consented, track=Track.TYM).exists()
