"""Maija's TYM team (tests/assessments/conftest.py) and her documents; attachments go to a temporary
private directory per test."""

from datetime import date, timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from pytest_django import Settings

from tests.assessments.conftest import Team, coordinator, outsider_nurse, signed_in, team
from yhteispolku.accounts.models import User
from yhteispolku.documents import services
from yhteispolku.documents.models import Document

__all__ = ["Team", "coordinator", "outsider_nurse", "signed_in", "team"]


@pytest.fixture(autouse=True)
def private_files(settings: Settings, tmp_path: Path) -> Path:
    settings.PRIVATE_FILES_DIR = tmp_path / "private"
    settings.ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
    return tmp_path / "private"


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def record_document(
    team: Team, author: User, document_type: str, dated_on: date | None = None, summary: str = "Tiivistelmä."
) -> Document:
    return services.document_record(
        actor=author,
        client=team.client,
        document_type=document_type,
        dated_on=dated_on or days_ago(10),
        summary=summary,
        author_organisation_name="Porin terveysasema",
    )


@pytest.fixture
def b_statement(team: Team) -> Document:
    return record_document(team, team.nurse, "medical_statement_b", summary="Toiminnanohjauksen vaikeudet.")
