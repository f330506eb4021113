"""Registering, editing and the access log through the pages: clear errors, nothing half-written."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.access.conftest import join_team, new_client, open_relationship
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, TeamMember
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Organisation, Unit

REGISTRATION = {
    "first_names": "Testi",
    "last_name": "Asiakas",
    "mother_tongue": "fi",
    "service_language": "fi",
    "education_level": "basic",
}


@pytest.fixture
def expert(make_professional: Callable[..., User]) -> User:
    return make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")


def test_a_registered_client_gets_a_relationship_with_the_registering_expert_on_the_team(
    expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    code = hetu.compose(date(1990, 5, 17), 944)
    response = verified_client(expert).post(
        reverse("clients:register"), {**REGISTRATION, "identity_code": code}
    )
    client = Client.objects.with_identity_code(code).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("clients:detail", kwargs={"code": client.code})
    assert TeamMember.objects.filter(relationship__client=client, user=expert).exists()
    assert AccessEvent.objects.filter(client_code=client.code, action="create", allowed=True).exists()


@pytest.mark.parametrize(
    ("identity_code", "message"),
    [
        ("170590-944X", "tarkistusmerkki"),
        ("320590-944X", "syntymäaika"),
        ("170590G944X", "välimerkki"),
        ("17059", "muoto"),
    ],
)
def test_an_invalid_identity_code_is_refused_with_a_finnish_message_and_nothing_is_saved(
    expert: User, verified_client: Callable[[User], HttpClient], identity_code: str, message: str
) -> None:
    response = verified_client(expert).post(
        reverse("clients:register"), {**REGISTRATION, "identity_code": identity_code}
    )
    assert response.status_code == 400
    assert message in response.content.decode().lower()
    assert not Client.objects.exists()
    assert not ClientRelationship.objects.exists()


def test_registering_a_client_already_on_your_team_points_to_the_record(
    expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    existing = new_client(Organisation.objects.get(slug="satakunta-employment-area"))
    join_team(open_relationship(existing, expert.unit), expert)  # type: ignore[arg-type]
    response = verified_client(expert).post(
        reverse("clients:register"), {**REGISTRATION, "identity_code": existing.identity_code}
    )
    assert response.status_code == 409
    assert reverse("clients:detail", kwargs={"code": existing.code}) in response.content.decode()
    assert Client.objects.count() == 1


def test_registering_someone_elses_client_says_one_exists_without_revealing_them(
    expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    existing = new_client(Organisation.objects.get(slug="keusote"), first_names="Salainen")
    open_relationship(existing, Unit.objects.get(slug="keusote-tym"))
    response = verified_client(expert).post(
        reverse("clients:register"), {**REGISTRATION, "identity_code": existing.identity_code}
    )
    body = response.content.decode()
    assert response.status_code == 409
    assert "on jo rekisteröity" in body
    assert "Salainen" not in body
    assert reverse("clients:detail", kwargs={"code": existing.code}) not in body
    assert AccessEvent.objects.filter(client_code=existing.code, allowed=False).exists()


def test_a_stale_edit_gets_a_conflict_message_and_does_not_overwrite(
    expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    client = new_client(Organisation.objects.get(slug="satakunta-employment-area"))
    join_team(open_relationship(client, expert.unit), expert)  # type: ignore[arg-type]
    url = reverse("clients:edit", kwargs={"code": client.code})
    form = {"first_names": "Maija", "mother_tongue": "fi", "service_language": "fi", "version": 1}
    http = verified_client(expert)

    first = http.post(url, {**form, "last_name": "Ensimmäinen"})
    second = http.post(url, {**form, "last_name": "Toinen"})

    client.refresh_from_db()
    assert first.status_code == 302
    assert second.status_code == 409
    assert "tallentanut" in second.content.decode() or "muuttanut" in second.content.decode()
    assert client.last_name == "Ensimmäinen"
    assert client.version == 2


def test_the_residence_permit_is_recorded_in_the_basic_data_form(
    expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    client = new_client(Organisation.objects.get(slug="satakunta-employment-area"))
    join_team(open_relationship(client, expert.unit), expert)  # type: ignore[arg-type]
    url = reverse("clients:edit", kwargs={"code": client.code})
    http = verified_client(expert)
    page = http.get(url).content.decode()
    assert 'name="residence_permit_type"' in page
    assert 'name="integration_period_start"' in page
    form = {
        "first_names": "Maija",
        "last_name": "Meikäläinen",
        "mother_tongue": "fi",
        "service_language": "fi",
        "version": 1,
        "residence_permit_type": "continuous",
        "residence_permit_valid_from": "2025-01-15",
    }

    backwards = http.post(url, {**form, "residence_permit_valid_until": "2025-01-14"})
    client.refresh_from_db()
    assert backwards.status_code == 400
    assert "loppupäivä ei voi olla ennen alkupäivää" in backwards.content.decode()
    assert client.residence_permit_type == ""
    assert client.version == 1

    saved = http.post(url, {**form, "residence_permit_valid_until": "2026-01-14"})
    client.refresh_from_db()
    assert saved.status_code == 302
    assert client.residence_permit_type == Client.ResidencePermitType.CONTINUOUS
    assert client.residence_permit_valid_until == date(2026, 1, 14)
    assert (
        "jatkuva oleskelulupa (A)"
        in http.get(reverse("clients:detail", kwargs={"code": client.code})).content.decode()
    )

    stale = http.post(url, {**form, "residence_permit_type": "permanent"})
    client.refresh_from_db()
    assert stale.status_code == 409
    assert client.residence_permit_type == Client.ResidencePermitType.CONTINUOUS


def test_the_integration_period_starts_within_the_rules(
    expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    """R-KOTO-2: a permit or a registered right of residence first; R-KOTO-3: not before the permit,
    and within 36 months of it (exactly the last day passes, the day after is refused)."""
    client = new_client(Organisation.objects.get(slug="satakunta-employment-area"))
    join_team(open_relationship(client, expert.unit), expert)  # type: ignore[arg-type]
    url = reverse("clients:edit", kwargs={"code": client.code})
    http = verified_client(expert)
    form = {
        "first_names": "Maija",
        "last_name": "Meikäläinen",
        "mother_tongue": "fi",
        "service_language": "fi",
        "version": 1,
    }
    without_permit = http.post(url, {**form, "integration_period_start": "2025-02-01"})
    assert without_permit.status_code == 400
    assert "R-KOTO-2: kotoutumisaika alkaa" in without_permit.content.decode()
    permit = {**form, "residence_permit_type": "continuous", "residence_permit_valid_from": "2025-01-15"}
    before = http.post(url, {**permit, "integration_period_start": "2025-01-14"})
    assert before.status_code == 400
    assert "ennen oleskeluluvan alkua (15.1.2025)" in before.content.decode()
    too_late = http.post(url, {**permit, "integration_period_start": "2028-01-15"})
    assert too_late.status_code == 400
    assert "R-KOTO-3 v2025.1" in too_late.content.decode()
    client.refresh_from_db()
    assert (client.version, client.integration_period_start) == (1, None)
    saved = http.post(url, {**permit, "integration_period_start": "2028-01-14"})
    assert saved.status_code == 302
    client.refresh_from_db()
    assert client.integration_period_start == date(2028, 1, 14)
