"""Two people saving a new version at once: one wins, the other is told, nothing is overwritten."""

import threading

import pytest
from django.db import connection

from tests.plans.conftest import MaijaCase
from yhteispolku.plans import services
from yhteispolku.plans.errors import StaleVersion
from yhteispolku.plans.models import PlanVersion

EDITORS = 4


def race(maija: MaijaCase, based_on: int) -> tuple[list[int], list[BaseException]]:
    start = threading.Barrier(EDITORS)
    saved: list[int] = []
    failures: list[BaseException] = []

    def edit(number: int) -> None:
        try:
            start.wait()
            version = services.plan_version_create(
                actor=maija.employment_expert if number % 2 else maija.social_worker,
                relationship=maija.relationship,
                based_on_version_number=based_on,
                data={"goals": f"Muokkaaja {number}"},
            )
            saved.append(version.number)
        except BaseException as error:
            failures.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=edit, args=(number,)) for number in range(EDITORS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return saved, failures


@pytest.mark.skipif(
    connection.vendor != "postgresql", reason="SQLite's in-memory test database fails a second writer at once"
)
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("versions_before", [0, 1])
def test_of_simultaneous_new_versions_one_is_saved_and_the_others_get_a_conflict(
    maija: MaijaCase, versions_before: int
) -> None:
    if versions_before:
        maija.first_version()
    saved, failures = race(maija, based_on=versions_before)
    assert saved == [versions_before + 1]
    assert len(failures) == EDITORS - 1
    assert all(isinstance(failure, StaleVersion) for failure in failures), failures
    assert PlanVersion.objects.count() == versions_before + 1
