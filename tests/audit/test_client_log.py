import uuid
from datetime import UTC, datetime

import pytest
import time_machine
from django.utils import translation

from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.audit.selectors import describe_event, events_for_client
from yhteispolku.audit.services import record_access
from yhteispolku.organisations.models import Organisation, Unit

from .conftest import role

MAIJA = uuid.UUID("0b7d0c3e-5a49-4f8e-9d2a-6c1b3e4f5a60")
NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def recorded(
    actor: User | None, *, at: datetime, client_code: uuid.UUID | None = MAIJA, **kwargs: object
) -> AccessEvent:
    fields: dict[str, object] = {
        "action": "view",
        "category": "health",
        "purpose": "tym_joint_work",
        "allowed": True,
        **kwargs,
    }
    with time_machine.travel(at, tick=False):
        return record_access(actor=actor, client_code=client_code, **fields)  # type: ignore[arg-type]


@pytest.mark.django_db
def test_client_sees_the_last_two_years_newest_first(sanna: User) -> None:
    recorded(sanna, at=datetime(2024, 11, 22, 23, 59, tzinfo=UTC))
    two_years = recorded(sanna, at=datetime(2024, 11, 23, 10, 0, tzinfo=UTC))
    last_spring = recorded(sanna, at=datetime(2026, 4, 1, tzinfo=UTC))
    today = recorded(sanna, at=NOW)

    with time_machine.travel(NOW, tick=False):
        events = list(events_for_client(client_code=MAIJA))

    assert events == [today, last_spring, two_years]


@pytest.mark.django_db
def test_client_can_ask_for_an_older_window(sanna: User) -> None:
    old = recorded(sanna, at=datetime(2021, 3, 1, tzinfo=UTC))
    recent = recorded(sanna, at=NOW)

    with time_machine.travel(NOW, tick=False):
        events = list(events_for_client(client_code=MAIJA, since=datetime(2020, 1, 1, tzinfo=UTC)))

    assert events == [recent, old]


@pytest.mark.django_db
def test_two_years_back_from_a_leap_day_is_the_last_day_of_february(sanna: User) -> None:
    kept = recorded(sanna, at=datetime(2026, 2, 28, 12, 0, tzinfo=UTC))

    with time_machine.travel(datetime(2028, 2, 29, 12, 0, tzinfo=UTC), tick=False):
        assert list(events_for_client(client_code=MAIJA)) == [kept]


@pytest.mark.django_db
def test_client_sees_only_their_own_entries(sanna: User) -> None:
    recorded(sanna, at=NOW, client_code=uuid.uuid4())
    recorded(None, at=NOW, client_code=None)

    with time_machine.travel(NOW, tick=False):
        assert list(events_for_client(client_code=MAIJA)) == []


@pytest.mark.django_db
def test_client_log_loads_the_actors_in_the_same_query(
    sanna: User, django_assert_num_queries: object
) -> None:
    for _ in range(3):
        recorded(sanna, at=NOW)

    with time_machine.travel(NOW, tick=False), django_assert_num_queries(1):  # type: ignore[operator]
        assert {event.actor for event in events_for_client(client_code=MAIJA)} == {sanna}


@pytest.mark.django_db
def test_read_is_told_in_plain_finnish(sanna: User) -> None:
    event = recorded(sanna, at=NOW)

    with translation.override("fi"):
        assert describe_event(event) == (
            "Sanna Sosiaali (sosiaalityöntekijä, Satakunnan hyvinvointialue) katsoi terveystietojasi."
        )


@pytest.mark.django_db
def test_denied_attempt_is_told_as_such(sanna: User) -> None:
    event = recorded(sanna, at=NOW, allowed=False, reason="consent_missing")

    with translation.override("fi"):
        assert describe_event(event) == (
            "Sanna Sosiaali (sosiaalityöntekijä, Satakunnan hyvinvointialue) yritti katsoa "
            "terveystietojasi, mutta pääsy estettiin."
        )


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("action", "category", "told"),
    [
        ("update", "social", "muutti sosiaalihuollon tietojasi."),
        ("create", "plan", "tallensi yhteistä suunnitelmaasi."),
        ("export", "kela", "luovutti Kelan etuus- ja kuntoutustietojasi."),
        ("print", "employment", "tulosti työllisyystietojasi."),
        ("search", "basic", "haki perustietojasi."),
        ("view", "log", "katsoi käyttölokiasi."),
    ],
)
def test_each_action_and_category_has_its_words(sanna: User, action: str, category: str, told: str) -> None:
    event = recorded(sanna, at=NOW, action=action, category=category)

    with translation.override("fi"):
        assert describe_event(event).endswith(f"Satakunnan hyvinvointialue) {told}")


@pytest.mark.django_db
def test_system_job_is_told_as_the_system() -> None:
    event = recorded(None, at=NOW, action="export", category="kela")

    with translation.override("fi"):
        assert describe_event(event) == "Järjestelmä luovutti Kelan etuus- ja kuntoutustietojasi."


@pytest.mark.django_db
def test_description_keeps_the_job_the_actor_had_then(sanna: User) -> None:
    event = recorded(sanna, at=NOW)
    kela = Organisation.objects.create(slug="audit-test-kela", kind=Organisation.Kind.KELA, name_fi="Kela")
    sanna.organisation = kela
    sanna.unit = Unit.objects.create(
        slug="audit-test-kela-lansi", organisation=kela, kind=Unit.Kind.INSURANCE_DISTRICT, name_fi="Länsi"
    )
    sanna.role = role("public_health_nurse")
    sanna.save()

    with translation.override("fi"):
        assert describe_event(AccessEvent.objects.get(pk=event.pk)).startswith(
            "Sanna Sosiaali (sosiaalityöntekijä, Satakunnan hyvinvointialue) katsoi"
        )
