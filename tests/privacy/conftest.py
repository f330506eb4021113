"""The privacy desk's personas: the data-protection officer, two professionals who read Maija's data."""

from collections.abc import Callable
from datetime import date

import pytest
from django.utils import timezone

from tests.access.conftest import new_client
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_access
from yhteispolku.clients.models import Client
from yhteispolku.core.categories import Action, DataCategory, Purpose
from yhteispolku.organisations.models import Organisation
from yhteispolku.privacy import services
from yhteispolku.privacy.demo import load_satakunta_agreement
from yhteispolku.privacy.models import AccessLogRequest


@pytest.fixture(autouse=True)
def satakunta_agreement(db: None) -> None:
    """The Satakunta TYM authorities' joint-controller agreement: the county's officer (below) serves the
    employment area's clients (Maija) too. Keusote's clients stay outside (test_dpo_scope.py)."""
    load_satakunta_agreement()


@pytest.fixture
def officer(make_professional: Callable[..., User]) -> User:
    return make_professional(
        "data_protection_officer",
        "satakunta-wellbeing-county",
        "satakunta-wc-administration",
        username="tuomas.aalto",
        first_name="Tuomas",
        last_name="Aalto",
    )


@pytest.fixture
def expert(make_professional: Callable[..., User]) -> User:
    return make_professional(
        "employment_expert",
        "satakunta-employment-area",
        "satakunta-ea-tym",
        username="tiina.tyonen",
        first_name="Tiina",
        last_name="Työnen",
    )


@pytest.fixture
def social_worker(make_professional: Callable[..., User]) -> User:
    return make_professional(
        "social_worker",
        "satakunta-wellbeing-county",
        "satakunta-wc-social",
        username="sanna.sosiaali",
        first_name="Sanna",
        last_name="Sosiaali",
    )


@pytest.fixture
def maija(db: None) -> Client:
    return new_client(Organisation.objects.get(slug="satakunta-employment-area"))


def read(
    actor: User, client: Client, times: int = 1, category: str = DataCategory.BASIC, action: str = Action.VIEW
) -> None:
    """`times` log entries of `actor` reading (or doing `action` to) the client's data now."""
    for _ in range(times):
        record_access(
            actor=actor,
            action=action,
            category=category,
            purpose=Purpose.TYM_JOINT_WORK,
            allowed=True,
            client_code=client.code,
            object_type="clients.client",
        )


def record(
    officer: User, client: Client, reference: str = "TSV-2026-17", received_on: date | None = None
) -> AccessLogRequest:
    return services.record_request(
        actor=officer,
        client=client,
        data={
            "reference": reference,
            "requester": AccessLogRequest.Requester.CLIENT,
            "representative_name": "",
            "received_on": received_on or timezone.localdate(),
        },
    )
