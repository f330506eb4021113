"""Maija's plan in the demo data is in force, with both authorities' commitments and her acceptance."""

from datetime import timedelta

import pytest

from tests.plans.conftest import MaijaCase
from yhteispolku.plans.demo import load_maija_plan
from yhteispolku.plans.models import PlanVersion, VersionStatus

pytestmark = pytest.mark.django_db


def test_maijas_demo_plan_is_in_force_and_loading_it_again_changes_nothing(maija: MaijaCase) -> None:
    made_on = maija.today - timedelta(days=30)
    arguments = {
        "relationship": maija.relationship,
        "employment_expert": maija.employment_expert,
        "social_worker": maija.social_worker,
        "made_on": made_on,
    }
    version = load_maija_plan(**arguments)  # type: ignore[arg-type]
    assert load_maija_plan(**arguments) == version  # type: ignore[arg-type]
    assert PlanVersion.objects.count() == 1
    assert version.status == VersionStatus.IN_FORCE
    assert {s.service_type.code for s in version.services.all()} == {
        "job-coaching",
        "rehabilitative-work-activity",
    }
    assert version.confirmations.count() == 2
    assert version.acceptance.accepted_on == made_on
    assert version.services.get(service_type__code="job-coaching").participations.get().status == "started"
