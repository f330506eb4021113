"""People whose access is logged, and ways to break the log as an attacker with the owner's rights would."""

from collections.abc import Callable, Sequence
from typing import Any

import pytest
from django.db import connection

from yhteispolku.accounts.models import Role, User
from yhteispolku.organisations.models import Organisation, Unit

# The roles come from a data migration; a transactional test that ran before may have emptied the table.
ROLES = {
    "social_worker": ("social", "sosiaalityöntekijä"),
    "public_health_nurse": ("health", "terveydenhoitaja"),
}


def role(code: str) -> Role:
    sector, name_fi = ROLES[code]
    return Role.objects.get_or_create(code=code, defaults={"sector": sector, "name_fi": name_fi})[0]


@pytest.fixture
def satakunta() -> Organisation:
    return Organisation.objects.create(
        slug="audit-test-satakunta",
        kind=Organisation.Kind.WELLBEING_COUNTY,
        name_fi="Satakunnan hyvinvointialue",
    )


@pytest.fixture
def social_services(satakunta: Organisation) -> Unit:
    return Unit.objects.create(
        slug="audit-test-satakunta-sosiaalityo",
        organisation=satakunta,
        kind=Unit.Kind.SERVICE_UNIT,
        name_fi="Aikuissosiaalityö",
    )


@pytest.fixture
def sanna(satakunta: Organisation, social_services: Unit) -> User:
    """Sanna Sosiaali, a social worker of the Satakunta wellbeing services county."""
    return User.objects.create_user(
        username="sanna.sosiaali",
        first_name="Sanna",
        last_name="Sosiaali",
        role=role("social_worker"),
        organisation=satakunta,
        unit=social_services,
    )


@pytest.fixture
def append_only_enforced(settings: Any) -> None:
    """The triggers as in production: a test run may otherwise empty the table (see audit/database.py)."""
    settings.TESTING = False
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL yhteispolku.audit_purge = 'off'")


@pytest.fixture
def tamper() -> Callable[[str, Sequence[Any]], None]:
    """Run SQL on the log with its triggers out of the way, as the table's owner could.

    The test's transaction is rolled back afterwards, and the triggers come back with it.
    """
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # ALTER TABLE is refused while the inserts' deferred foreign-key checks are pending.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("ALTER TABLE audit_accessevent DISABLE TRIGGER USER")
        else:
            cursor.execute("DROP TRIGGER audit_accessevent_refuse_update")
            cursor.execute("DROP TRIGGER audit_accessevent_refuse_delete")

    def run(sql: str, params: Sequence[Any] = ()) -> None:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)

    return run
