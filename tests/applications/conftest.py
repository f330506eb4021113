"""Maija's TYM team (tests/assessments/conftest.py) and her applications."""

from datetime import date, timedelta

from django.utils import timezone

from tests.assessments.conftest import Team, coordinator, outsider_nurse, signed_in, team
from tests.documents.conftest import private_files
from yhteispolku.applications import services
from yhteispolku.applications.models import Application

__all__ = ["Team", "coordinator", "outsider_nurse", "private_files", "signed_in", "team"]


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def record_application(team: Team, benefit: str = "taito", submitted_on: date | None = None) -> Application:
    return services.application_record(
        actor=team.kela_advisor,
        client=team.client,
        benefit=benefit,
        submitted_on=submitted_on or days_ago(20),
        helped_by=team.kela_advisor,
    )
