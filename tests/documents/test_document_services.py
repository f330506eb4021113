"""Recording and correcting documents: the type decides the category, and the category who may write."""

import pytest
from django.core.exceptions import PermissionDenied

from tests.assessments.conftest import Team, latest_event
from tests.documents.conftest import days_ago, record_document
from yhteispolku.core.categories import DataCategory
from yhteispolku.documents import services
from yhteispolku.documents.errors import (
    AuthorOrganisationRequired,
    InvalidDate,
    StaleEdit,
    SummaryRequired,
    TypeChangesCategory,
)
from yhteispolku.documents.models import TYPE_CATEGORIES, Document, DocumentType


def test_every_document_type_has_a_category() -> None:
    assert set(TYPE_CATEGORIES) == set(DocumentType.values)


@pytest.mark.parametrize(
    ("document_type", "category"),
    [
        ("medical_statement_a", "health"),
        ("medical_statement_b", "health"),
        ("medical_statement_c", "health"),
        ("work_ability_assessment", "health"),
        ("rehabilitation_feedback", "health"),
        ("psychologist_statement", "health"),
        ("occupational_therapist_statement", "health"),
        ("social_worker_statement", "social"),
        ("school_certificate", "employment"),
        ("work_certificate", "employment"),
        ("earlier_service", "employment"),
    ],
)
def test_the_category_follows_from_the_type(document_type: str, category: str) -> None:
    assert TYPE_CATEGORIES[document_type] == DataCategory(category)


@pytest.mark.django_db
def test_the_nurse_records_a_b_statement_as_health_data(team: Team) -> None:
    document = record_document(team, team.nurse, "medical_statement_b")
    assert document.category == "health"
    assert document.organisation == team.county
    event = latest_event()
    assert (event.action, event.category, event.allowed) == ("create", "health", True)


@pytest.mark.django_db
def test_the_employment_expert_cannot_record_a_medical_statement(team: Team) -> None:
    with pytest.raises(PermissionDenied):
        record_document(team, team.employment_expert, "medical_statement_b")
    assert not Document.objects.exists()
    event = latest_event()
    assert (event.action, event.category, event.allowed) == ("create", "health", False)


@pytest.mark.django_db
def test_the_employment_expert_records_a_work_certificate(team: Team) -> None:
    document = record_document(team, team.employment_expert, "work_certificate")
    assert document.category == "employment"


@pytest.mark.django_db
def test_the_social_worker_records_a_social_worker_statement(team: Team) -> None:
    assert record_document(team, team.social_worker, "social_worker_statement").category == "social"


@pytest.mark.django_db
def test_a_document_in_the_future_is_refused(team: Team) -> None:
    with pytest.raises(InvalidDate):
        record_document(team, team.nurse, "medical_statement_b", dated_on=days_ago(-1))


@pytest.mark.django_db
def test_a_document_needs_a_summary_and_an_author_organisation(team: Team) -> None:
    with pytest.raises(SummaryRequired):
        record_document(team, team.nurse, "medical_statement_b", summary="  ")
    with pytest.raises(AuthorOrganisationRequired):
        services.document_record(
            actor=team.nurse,
            client=team.client,
            document_type="medical_statement_b",
            dated_on=days_ago(1),
            summary="S.",
        )
    document = services.document_record(
        actor=team.nurse,
        client=team.client,
        document_type="work_ability_assessment",
        dated_on=days_ago(1),
        summary="Työkyky arvioitu.",
        author_organisation=team.county,
    )
    assert document.author_name == team.county.name


@pytest.mark.django_db
def test_a_correction_keeps_the_category_and_refuses_a_stale_version(team: Team) -> None:
    document = record_document(team, team.nurse, "medical_statement_a")
    updated = services.document_update(
        actor=team.nurse,
        document=document,
        document_type="medical_statement_b",
        dated_on=days_ago(3),
        summary="Korjattu.",
        author_organisation_name="Porin terveysasema",
        expected_version=1,
    )
    assert (updated.document_type, updated.version) == ("medical_statement_b", 2)
    with pytest.raises(StaleEdit):
        services.document_update(
            actor=team.nurse,
            document=document,
            document_type="medical_statement_b",
            dated_on=days_ago(3),
            summary="Vanha.",
            author_organisation_name="Porin terveysasema",
            expected_version=1,
        )
    with pytest.raises(TypeChangesCategory):
        services.document_update(
            actor=team.nurse,
            document=document,
            document_type="work_certificate",
            dated_on=days_ago(3),
            summary="Väärä ryhmä.",
            author_organisation_name="Porin terveysasema",
            expected_version=2,
        )
    document.refresh_from_db()
    assert document.summary == "Korjattu."
