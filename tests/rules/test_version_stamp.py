"""A rule version changed by another process reaches this one at its next request (`RuleSetStamp`).

Another process is played here by writing the rows with queryset updates, which send no signals and so
leave this process's copy of the versions as it was; tests/drills/ runs it with real processes.
"""

from datetime import date

from django.db.models import F
from django.test import Client as HttpClient
from django.urls import reverse

from yhteispolku.rules import engine
from yhteispolku.rules.models import RuleSetStamp, RuleVersion


def registration_days() -> int:
    return int(engine.parameter("R-TYM-5", "registration_days", on=date(2026, 6, 1)).value)


def change_behind_the_cache(days: int) -> None:
    """What `load-rules` in another process does: new values, and the generation raised."""
    RuleVersion.objects.filter(rule__rule_id="R-TYM-5", version="2025.1").update(
        parameters={"registration_days": days}
    )
    RuleSetStamp.objects.filter(pk=RuleSetStamp.SINGLETON_ID).update(generation=F("generation") + 1)


def test_saving_a_version_raises_the_generation(db: None) -> None:
    before = engine.current_generation()
    version = RuleVersion.objects.get(rule__rule_id="R-TYM-5", version="2025.1")

    version.save()

    assert engine.current_generation() == before + 1


def test_a_change_elsewhere_is_read_at_the_next_request_not_before(db: None) -> None:
    assert registration_days() == 0
    change_behind_the_cache(10)

    # Outside a request (a command, this test) the copy stands until something asks.
    assert registration_days() == 0
    engine.check_at_next_use()
    assert registration_days() == 10


def test_an_unchanged_generation_costs_one_query_and_keeps_the_copy(
    db: None, django_assert_num_queries: object
) -> None:
    registration_days()
    engine.check_at_next_use()

    with django_assert_num_queries(1):  # type: ignore[operator]
        assert registration_days() == 0
        assert registration_days() == 0


def test_every_request_checks(db: None, client: HttpClient) -> None:
    registration_days()
    change_behind_the_cache(10)

    client.get(reverse("web:healthz"))
    # The request read no rule, so the check waits for the first read.
    assert registration_days() == 10
