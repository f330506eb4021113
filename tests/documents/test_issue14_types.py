"""Issue 14's document types (seed 001: the client's self-assessment, the assessment of a work period, the
rehabilitation planner's statement, statements for benefits, work-trial agreements and pay-subsidy
applications): each in its category, recorded only by that category's sector, and shown by the policy to
exactly the roles SPEC §5.1 allows, with the consent and after it is revoked."""

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client as HttpClient
from django.urls import reverse

from tests.api.conftest import API, token_client
from tests.assessments.conftest import Team, coordinator
from tests.documents.conftest import days_ago, record_document
from yhteispolku.accounts.models import User
from yhteispolku.clients.services import consent_revoke
from yhteispolku.documents.models import TYPE_CATEGORIES

__all__ = ["coordinator", "token_client"]

# type → (category, the team member of that sector who records it)
NEW_TYPES = {
    "client_self_assessment": ("health", "nurse"),
    "rehabilitation_planner_statement": ("health", "nurse"),
    "work_period_assessment": ("social", "social_worker"),
    "benefit_statement": ("employment", "employment_expert"),
    "work_trial_agreement": ("employment", "employment_expert"),
    "pay_subsidy_application": ("employment", "employment_expert"),
}
ROLES = ("employment_expert", "social_worker", "nurse", "kela_advisor")
# Who sees a document of the category while Maija's consent (all three authorities, every category) is in
# force, and after she revokes it: health to health roles and Kela's advisor with consent, another
# sector's category with consent only.
SEEN_WITH_CONSENT = {
    "health": {"nurse", "kela_advisor"},
    "social": set(ROLES),
    "employment": set(ROLES),
}
SEEN_WITHOUT_CONSENT = {
    "health": {"nurse"},
    "social": {"social_worker"},
    "employment": {"employment_expert"},
}


def test_the_new_types_have_their_categories() -> None:
    for document_type, (category, _recorder) in NEW_TYPES.items():
        assert TYPE_CATEGORIES[document_type] == category


def seen_by(team: Team, signed_in: Callable[[User], HttpClient], summary: str) -> set[str]:
    seen = set()
    for role in ROLES:
        response = signed_in(getattr(team, role)).get(
            reverse("documents:list", kwargs={"code": team.client.code})
        )
        assert response.status_code == 200
        if summary in response.content.decode():
            seen.add(role)
    return seen


@pytest.mark.django_db
@pytest.mark.parametrize("document_type", sorted(NEW_TYPES))
def test_each_new_type_is_shown_exactly_to_the_allowed_roles(
    document_type: str, team: Team, coordinator: User, signed_in: Callable[[User], HttpClient]
) -> None:
    category, recorder = NEW_TYPES[document_type]
    summary = f"Tiivistelmä: {document_type}."
    document = record_document(team, getattr(team, recorder), document_type, summary=summary)
    assert document.category == category
    assert seen_by(team, signed_in, summary) == SEEN_WITH_CONSENT[category]
    # The coordinator sees the case's phase and team, never a document.
    coordinator_page = signed_in(coordinator).get(
        reverse("documents:list", kwargs={"code": team.client.code})
    )
    assert summary not in coordinator_page.content.decode()
    consent_revoke(actor=team.employment_expert, consent=team.consent, how="written")
    assert seen_by(team, signed_in, summary) == SEEN_WITHOUT_CONSENT[category]


@pytest.mark.django_db
@pytest.mark.parametrize("document_type", sorted(NEW_TYPES))
def test_only_the_categorys_sector_records_each_new_type(document_type: str, team: Team) -> None:
    _category, recorder = NEW_TYPES[document_type]
    for role in ROLES:
        if role == recorder:
            continue
        with pytest.raises(PermissionDenied):
            record_document(team, getattr(team, role), document_type)


@pytest.mark.django_db
def test_the_record_form_offers_each_actor_the_new_types_of_their_category(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    for role in ("nurse", "social_worker", "employment_expert"):
        body = (
            signed_in(getattr(team, role))
            .get(reverse("documents:record", kwargs={"code": team.client.code}))
            .content.decode()
        )
        for document_type, (_category, recorder) in NEW_TYPES.items():
            assert (f'value="{document_type}"' in body) == (recorder == role), (role, document_type)


@pytest.mark.django_db
def test_the_api_records_a_pay_subsidy_application_and_offers_the_types_in_its_schema(
    team: Team, token_client: Callable[[User], HttpClient]
) -> None:
    api = token_client(team.employment_expert)
    response = api.post(
        f"{API}/documents/{team.client.code}",
        {
            "document_type": "pay_subsidy_application",
            "dated_on": str(days_ago(2)),
            "summary": "Palkkatukihakemus Porin Kone Oy:lle.",
            "author_organisation_name": "Porin Kone Oy",
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["category"] == "employment"
    schema = api.get(f"{API}/openapi.json").content.decode()
    for document_type in NEW_TYPES:
        assert document_type in schema
    refused = token_client(team.nurse).post(
        f"{API}/documents/{team.client.code}",
        {
            "document_type": "work_trial_agreement",
            "dated_on": str(days_ago(2)),
            "summary": "Työkokeilu.",
            "author_organisation_name": "Porin Kone Oy",
        },
        content_type="application/json",
    )
    assert refused.status_code == 403
