"""Who sees which sector's assessment: the sector's data category decides (SPEC §5.1)."""

from collections.abc import Callable

from tests.access.conftest import give_consent, join_team
from tests.assessments.conftest import Team, events_after, last_event_id, record_assessment
from yhteispolku.accounts.models import User
from yhteispolku.assessments.selectors import SectorSection, assessments_for
from yhteispolku.clients.models import Consent
from yhteispolku.clients.services import consent_revoke
from yhteispolku.organisations.models import Organisation


def _by_sector(sections: list[SectorSection]) -> dict[str, SectorSection]:
    return {section.sector.value: section for section in sections}


def _all_four(team: Team) -> None:
    record_assessment(team, team.employment_expert, "employment", findings="Ammatillinen tutkinto.")
    record_assessment(team, team.social_worker, "social", findings="Asuu perheen kanssa.")
    record_assessment(team, team.nurse, "health", findings="Toiminnanohjauksen haasteet.")
    record_assessment(team, team.kela_advisor, "kela", findings="Työmarkkinatuki.")


def test_employment_expert_never_sees_the_health_assessment(team: Team) -> None:
    _all_four(team)

    sections = _by_sector(assessments_for(actor=team.employment_expert, relationship=team.relationship))

    assert not sections["health"].visible
    assert sections["health"].assessments == []
    assert [s.assessment.findings for s in sections["employment"].assessments] == ["Ammatillinen tutkinto."]
    assert sections["social"].visible
    assert sections["kela"].visible


def test_nurse_sees_the_health_assessment(team: Team) -> None:
    _all_four(team)

    sections = _by_sector(assessments_for(actor=team.nurse, relationship=team.relationship))

    assert [s.assessment.findings for s in sections["health"].assessments] == ["Toiminnanohjauksen haasteet."]
    assert sections["health"].can_record
    assert sections["health"].assessments[0].can_update


def test_kela_advisor_sees_the_health_assessment_with_a_consent_covering_health(team: Team) -> None:
    _all_four(team)

    sections = _by_sector(assessments_for(actor=team.kela_advisor, relationship=team.relationship))

    assert [s.assessment.findings for s in sections["health"].assessments] == ["Toiminnanohjauksen haasteet."]
    assert not sections["health"].can_record
    assert not sections["health"].assessments[0].can_update


def test_kela_advisor_does_not_see_the_health_assessment_when_the_consent_leaves_health_out(
    team: Team,
) -> None:
    _all_four(team)
    Consent.objects.all().delete()
    give_consent(
        team.client,
        [team.employment_area, team.county, team.kela],
        team.employment_expert,
        categories=["basic", "employment", "social", "kela"],
    )

    sections = _by_sector(assessments_for(actor=team.kela_advisor, relationship=team.relationship))

    assert not sections["health"].visible
    assert sections["social"].visible


def test_kela_service_expert_does_not_see_the_health_assessment_even_with_consent(
    team: Team, make_professional: Callable[..., User]
) -> None:
    service_expert = make_professional("kela_service_expert", "kela", "kela-west")
    join_team(team.relationship, service_expert)
    _all_four(team)

    sections = _by_sector(assessments_for(actor=service_expert, relationship=team.relationship))

    assert not sections["health"].visible
    assert sections["kela"].visible


def test_revoking_the_consent_hides_other_sectors_at_once(team: Team) -> None:
    _all_four(team)
    consent_revoke(actor=team.employment_expert, consent=team.consent, how=Consent.GivenHow.WRITTEN)

    sections = _by_sector(assessments_for(actor=team.kela_advisor, relationship=team.relationship))

    assert [s for s, section in sections.items() if section.visible] == ["kela"]


def test_each_shown_category_is_audited_once_and_hidden_ones_not_at_all(team: Team) -> None:
    _all_four(team)
    record_assessment(team, team.employment_expert, "employment", findings="Toinen arvio.")
    before = last_event_id()

    assessments_for(actor=team.employment_expert, relationship=team.relationship)

    events = events_after(before)
    assert sorted((e.category, e.action, e.allowed) for e in events) == [
        ("employment", "view", True),
        ("kela", "view", True),
        ("social", "view", True),
    ]
    assert {e.client_code for e in events} == {team.client.code}


def test_own_sector_assessment_of_another_organisation_is_withheld_without_consent(
    team: Team, make_professional: Callable[..., User]
) -> None:
    keusote_nurse = make_professional("public_health_nurse", "keusote", "keusote-health")
    join_team(team.relationship, keusote_nurse)
    record_assessment(team, team.nurse, "health")

    sections = _by_sector(assessments_for(actor=keusote_nurse, relationship=team.relationship))

    assert sections["health"].visible
    assert sections["health"].assessments == []
    assert sections["health"].withheld == 1
    give_consent(team.client, [Organisation.objects.get(slug="keusote")], team.employment_expert)
    sections = _by_sector(assessments_for(actor=keusote_nurse, relationship=team.relationship))
    assert len(sections["health"].assessments) == 1
    assert not sections["health"].assessments[0].can_update
