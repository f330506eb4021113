"""Issue 14, the integration track as complete steps: the assessment (R-KOTO-3) with what the law asks,
edited with optimistic locking; the wellbeing services county's part of the plan, its professional and
its confirmation; the plan confirmed by both; the routing after the period opening the target track."""

from collections.abc import Callable
from datetime import date

import pytest
from django.core.exceptions import PermissionDenied
from django.test import Client as HttpClient

from tests.access.conftest import join_team
from tests.paths.conftest import Persons
from tests.paths.test_integration import FIRST, assessed, plan
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import OPEN_PHASES, ClientRelationship, Track
from yhteispolku.organisations.models import Unit
from yhteispolku.paths import services
from yhteispolku.paths.errors import AlreadyConfirmed, InvalidPathData, StaleEdit
from yhteispolku.paths.models import IntegrationAssessment, IntegrationCountyPart, IntegrationRouting

pytestmark = pytest.mark.django_db

Login = Callable[[User], HttpClient]
COUNTY_PART = {
    "goals": "Perheen arki sujuu; lasten päivähoito järjestyy.",
    "services": "Aikuissosiaalityön ohjaus, perheneuvola.",
}


def _assessment_data(**changes: object) -> dict[str, object]:
    return {
        "assessed_on": date(2025, 3, 20),
        "first_residence_permit_on": date(2025, 3, 1),
        "skills": "Sähköasentaja, ammattikoulu Syyriassa.",
        "language_skills": "Arabia, englanti hyvä, suomi alkeet.",
        "service_needs": "Kotoutumiskoulutus.",
        **changes,
    }


# --- the assessment (R-KOTO-3) ----------------------------------------------------------------------


def test_the_assessment_asks_for_skills_language_needs_and_the_first_permit(persons: Persons) -> None:
    relationship = persons.open(Track.INTEGRATION, started_on=date(2025, 3, 15))
    with pytest.raises(InvalidPathData) as refused:
        services.integration_assessment_record(
            actor=persons.employment_expert,
            relationship=relationship,
            data=_assessment_data(language_skills="  ", first_residence_permit_on=None),
        )
    assert set(refused.value.message_dict) == {"language_skills", "first_residence_permit_on"}
    assert not IntegrationAssessment.objects.exists()
    recorded = services.integration_assessment_record(
        actor=persons.employment_expert, relationship=relationship, data=_assessment_data()
    )
    assert recorded.language_skills == "Arabia, englanti hyvä, suomi alkeet."
    assert recorded.revision == 0


def test_the_assessment_is_edited_with_optimistic_locking(persons: Persons) -> None:
    relationship = assessed(persons)
    assessment = IntegrationAssessment.objects.get(relationship=relationship)
    services.integration_assessment_update(
        actor=persons.employment_expert,
        assessment=assessment,
        data=_assessment_data(language_skills="Suomi A1 (YKI).", first_residence_permit_on=date(2025, 2, 1)),
        expected_revision=0,
    )
    assessment.refresh_from_db()
    assert (assessment.language_skills, assessment.revision) == ("Suomi A1 (YKI).", 1)
    assert assessment.first_residence_permit_on == date(2025, 2, 1)
    with pytest.raises(StaleEdit):
        services.integration_assessment_update(
            actor=persons.employment_expert,
            assessment=assessment,
            data=_assessment_data(),
            expected_revision=0,
        )
    assessment.refresh_from_db()
    assert assessment.language_skills == "Suomi A1 (YKI)."


def test_after_a_plan_the_permit_date_cannot_move_past_the_first_plans_deadline(persons: Persons) -> None:
    relationship = assessed(persons)
    plan(persons, relationship, FIRST, date(2026, 3, 31))
    assessment = IntegrationAssessment.objects.get(relationship=relationship)
    with pytest.raises(InvalidPathData) as refused:
        services.integration_assessment_update(
            actor=persons.employment_expert,
            assessment=assessment,
            data=_assessment_data(first_residence_permit_on=date(2022, 3, 31)),
            expected_revision=0,
        )
    assert refused.value.message_dict["first_residence_permit_on"][0].startswith("R-KOTO-3 v2025.1")


def test_the_plan_needs_the_assessment_first_naming_the_rule_even_without_dates(persons: Persons) -> None:
    relationship = persons.open(Track.INTEGRATION)
    with pytest.raises(InvalidPathData) as refused:
        services.integration_plan_create(
            actor=persons.employment_expert, relationship=relationship, data={"goals": "A2"}
        )
    assert refused.value.message_dict["starts_on"][0].startswith("R-KOTO-3: kirjaa ensin")


# --- the wellbeing services county's part --------------------------------------------------------------


def test_the_county_writes_its_part_with_its_professional_on_the_team(persons: Persons) -> None:
    relationship = assessed(persons)
    first = plan(persons, relationship, FIRST, date(2026, 3, 31))
    # The employment authority cannot write the county's social-services part (policy: other sector).
    with pytest.raises(PermissionDenied):
        services.integration_county_part_create(actor=persons.employment_expert, plan=first, data=COUNTY_PART)
    with pytest.raises(InvalidPathData) as refused:
        services.integration_county_part_create(
            actor=persons.social_worker,
            plan=first,
            data={**COUNTY_PART, "professional": persons.employment_expert},
        )
    assert "professional" in refused.value.message_dict
    part = services.integration_county_part_create(actor=persons.social_worker, plan=first, data=COUNTY_PART)
    assert (part.professional, part.category, part.confirmed_at) == (persons.social_worker, "social", None)
    event = AccessEvent.objects.filter(object_type="paths.integrationcountypart").latest("id")
    assert (event.category, event.action, event.allowed) == ("social", "create", True)


def test_a_county_professional_not_on_the_team_cannot_confirm_the_county_part(
    persons: Persons, make_professional: Callable[..., User]
) -> None:
    relationship = assessed(persons)
    first = plan(persons, relationship, FIRST, date(2026, 3, 31))
    services.integration_county_part_create(actor=persons.social_worker, plan=first, data=COUNTY_PART)
    colleague = make_professional("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social")
    # On the team of the client's other track: the policy lets her in, the integration team does not.
    join_team(persons.open(Track.SOCIAL_REHABILITATION), colleague)
    with pytest.raises(InvalidPathData) as refused:
        services.integration_plan_confirm(actor=colleague, plan=first, expected_revision=0)
    assert "asiakkaan tiimissä" in refused.value.messages[0]
    assert IntegrationCountyPart.objects.get().confirmed_at is None


def test_the_plan_is_in_force_when_both_parts_are_confirmed_with_optimistic_locking(persons: Persons) -> None:
    relationship = assessed(persons)
    first = plan(persons, relationship, FIRST, date(2026, 3, 31))
    part = services.integration_county_part_create(actor=persons.social_worker, plan=first, data=COUNTY_PART)
    services.integration_plan_confirm(actor=persons.employment_expert, plan=first, expected_revision=0)
    assert not services.integration_plan_in_force(first)
    with pytest.raises(AlreadyConfirmed):
        services.integration_plan_confirm(actor=persons.employment_expert, plan=first, expected_revision=1)
    # A change to the county's part after it was read: the stale confirmation is refused.
    services.integration_county_part_update(
        actor=persons.social_worker,
        part=part,
        data={**COUNTY_PART, "services": "Perheneuvola."},
        expected_revision=0,
    )
    with pytest.raises(StaleEdit):
        services.integration_plan_confirm(actor=persons.social_worker, plan=first, expected_revision=0)
    services.integration_plan_confirm(actor=persons.social_worker, plan=first, expected_revision=1)
    part.refresh_from_db()
    assert (part.confirmed_by, part.revision) == (persons.social_worker, 2)
    assert services.integration_plan_in_force(first)
    # Changing the part asks for the county's confirmation again.
    services.integration_county_part_update(
        actor=persons.social_worker, part=part, data=COUNTY_PART, expected_revision=2
    )
    part.refresh_from_db()
    assert part.confirmed_at is None
    assert not services.integration_plan_in_force(first)


# --- routing after the period opens the target track ----------------------------------------------------


def _routing(**changes: object) -> dict[str, object]:
    return {
        "routed_on": date(2026, 4, 1),
        "to_unit": Unit.objects.get(slug="satakunta-wc-social"),
        "to_track": Track.SOCIAL_REHABILITATION,
        "needs": "Arjen hallinta ja sosiaalinen osallisuus.",
        **changes,
    }


def test_the_routing_opens_the_target_track_in_the_chosen_unit(persons: Persons) -> None:
    relationship = assessed(persons)
    plan(persons, relationship, FIRST, date(2026, 3, 31))
    routing = services.integration_routing_record(
        actor=persons.employment_expert, relationship=relationship, data=_routing(), today=date(2026, 4, 2)
    )
    opened = routing.opened_relationship
    assert opened is not None
    assert (opened.track, opened.responsible_unit.slug) == (
        Track.SOCIAL_REHABILITATION,
        "satakunta-wc-social",
    )
    assert opened.responsible_organisation == persons.county
    assert opened.phase in OPEN_PHASES
    assert opened.started_on == date(2026, 4, 2)
    assert opened.team.get().user == persons.employment_expert  # the routing professional hands over
    assert opened.routed_from_integration.needs == "Arjen hallinta ja sosiaalinen osallisuus."


def test_routing_is_refused_before_any_plan_or_when_the_target_track_is_open(persons: Persons) -> None:
    relationship = assessed(persons)
    with pytest.raises(InvalidPathData) as refused:
        services.integration_routing_record(
            actor=persons.employment_expert,
            relationship=relationship,
            data=_routing(),
            today=date(2026, 4, 2),
        )
    assert "ei ole kotoutumissuunnitelmaa" in refused.value.message_dict["routed_on"][0]
    plan(persons, relationship, FIRST, date(2026, 3, 31))
    persons.open(Track.SOCIAL_REHABILITATION)
    with pytest.raises(InvalidPathData) as refused:
        services.integration_routing_record(
            actor=persons.employment_expert,
            relationship=relationship,
            data=_routing(),
            today=date(2026, 4, 2),
        )
    assert refused.value.message_dict["to_track"] == [
        "Asiakkaalla on jo avoin asiakkuus palvelupolulla sosiaalinen kuntoutus."
    ]
    assert not IntegrationRouting.objects.exists()


def test_a_refused_opening_leaves_no_routing(persons: Persons) -> None:
    """R-YOUTH-1 refuses the youth one-stop for a client of 30 or more: nothing is half-saved."""
    relationship = assessed(persons)
    plan(persons, relationship, FIRST, date(2026, 3, 31))
    before = ClientRelationship.objects.count()
    with pytest.raises(InvalidPathData):
        services.integration_routing_record(
            actor=persons.employment_expert,
            relationship=relationship,
            data=_routing(to_track=Track.YOUTH_ONE_STOP, to_unit=Unit.objects.get(slug="satakunta-ea-tym")),
            today=date(2060, 4, 2),
        )
    assert not IntegrationRouting.objects.exists()
    assert ClientRelationship.objects.count() == before


# --- pages -------------------------------------------------------------------------------------------


def test_the_page_shows_both_parts_and_each_side_confirms_there(
    persons: Persons, verified_client: Login
) -> None:
    relationship = assessed(persons)
    first = plan(persons, relationship, FIRST, date(2026, 3, 31))
    url = f"/polut/{relationship.code}/"
    county = verified_client(persons.social_worker)
    part_url = f"/polut/{relationship.code}/kotoutuminen/suunnitelma/{first.code}/hyvinvointialue/"
    assert part_url in county.get(url).content.decode()
    saved = county.post(
        part_url, {**COUNTY_PART, "category": "social", "professional": persons.social_worker.pk}
    )
    assert saved.status_code == 302, saved.content.decode()
    confirm_url = f"/polut/{relationship.code}/kotoutuminen/suunnitelma/{first.code}/vahvista/"
    page = county.get(url).content.decode()
    assert COUNTY_PART["services"] in page
    assert confirm_url in page
    assert county.post(confirm_url, {"revision": "0"}).status_code == 302
    expert = verified_client(persons.employment_expert)
    page = expert.get(url).content.decode()
    assert COUNTY_PART["goals"] in page  # the client's consent lets the employment authority read it
    assert part_url not in page  # the county writes its part
    assert expert.post(confirm_url, {"revision": "0"}).status_code == 302
    page = expert.get(url).content.decode()
    assert "vahvistettu" in page
    assert confirm_url not in page
    first.refresh_from_db()
    assert services.integration_plan_in_force(first)


def test_the_assessment_is_edited_on_its_page_and_a_stale_form_is_refused(
    persons: Persons, verified_client: Login
) -> None:
    relationship = assessed(persons)
    http = verified_client(persons.employment_expert)
    edit_url = f"/polut/{relationship.code}/kotoutuminen/arvio/muokkaa/"
    assert edit_url in http.get(f"/polut/{relationship.code}/").content.decode()
    form = {key: str(value) for key, value in _assessment_data(language_skills="Suomi A2.").items()}
    assert http.post(edit_url, {**form, "revision": "0"}).status_code == 302
    stale = http.post(edit_url, {**form, "language_skills": "Suomi B1.", "revision": "0"})
    assert stale.status_code == 409 or "Joku muu on tallentanut" in stale.content.decode()
    assert IntegrationAssessment.objects.get().language_skills == "Suomi A2."


def test_the_routed_relationship_links_back_with_the_needs(persons: Persons, verified_client: Login) -> None:
    relationship = assessed(persons)
    plan(persons, relationship, FIRST, date(2026, 3, 31))
    routing = services.integration_routing_record(
        actor=persons.employment_expert, relationship=relationship, data=_routing(), today=date(2026, 4, 2)
    )
    opened = routing.opened_relationship
    assert opened is not None
    http = verified_client(persons.employment_expert)
    integration_page = http.get(f"/polut/{relationship.code}/").content.decode()
    assert f"/polut/{opened.code}/" in integration_page
    opened_page = http.get(f"/polut/{opened.code}/").content.decode()
    assert routing.needs in opened_page
    assert f"/polut/{relationship.code}/" in opened_page


def test_the_coordinator_of_the_target_unit_does_not_read_the_routings_needs(
    persons: Persons, verified_client: Login, make_professional: Callable[..., User]
) -> None:
    relationship = assessed(persons)
    plan(persons, relationship, FIRST, date(2026, 3, 31))
    routing = services.integration_routing_record(
        actor=persons.employment_expert,
        relationship=relationship,
        data=_routing(to_unit=Unit.objects.get(slug="satakunta-ea-tym"), to_track=Track.EMPLOYMENT_SERVICES),
        today=date(2026, 4, 2),
    )
    assert routing.opened_relationship is not None
    page = verified_client(persons.coordinator).get(f"/polut/{routing.opened_relationship.code}/")
    assert page.status_code == 200
    assert routing.needs not in page.content.decode()
