"""The plan pages for each persona: allowed (200), forbidden (403) or invisible (404), always audited;
forms answer 400 on bad input and 409 on conflicts, with Finnish messages and nothing half-saved."""

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
import time_machine
from django.test import Client as HttpClient
from django.urls import reverse

from tests.plans.conftest import MaijaCase
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import TeamMember, TeamRole
from yhteispolku.plans import services
from yhteispolku.plans.models import (
    AgreedService,
    ClientAcceptance,
    Participation,
    PlanVersion,
    ServiceType,
    VersionStatus,
)

pytestmark = pytest.mark.django_db

Browser = Callable[[User], HttpClient]


def page(maija: MaijaCase, name: str, **kwargs: Any) -> str:
    return reverse(f"plans:{name}", kwargs={"relationship_code": maija.relationship.code, **kwargs})


def body(response: Any) -> str:
    return str(response.content.decode())


@pytest.fixture
def two_versions(maija: MaijaCase) -> MaijaCase:
    first = maija.in_force(maija.first_version(add_services=[maija.job_coaching()]))
    services.plan_version_create(
        actor=maija.social_worker,
        relationship=maija.relationship,
        based_on_version_number=first.number,
        data={"goals": "Palkkatyö ja kuntouttava työtoiminta", "add_services": [maija.kuty()]},
    )
    return maija


READ_PAGES = [
    ("detail", {}),
    ("version", {"number": 1}),
    ("compare", {"a": 1, "b": 2}),
]
# What each page shows of the plan: a service of version 1, the service added in version 2.
PAGE_CONTENT = {
    "detail": "Työhönvalmennus",
    "version": "Työhönvalmennus",
    "compare": "Kuntouttava työtoiminta",
}


@pytest.mark.parametrize(("name", "kwargs"), READ_PAGES)
@pytest.mark.parametrize("persona", ["employment_expert", "social_worker", "kela_advisor"])
def test_the_team_reads_the_plan_pages_and_each_read_is_logged(
    two_versions: MaijaCase, verified_client: Browser, name: str, kwargs: dict[str, int], persona: str
) -> None:
    actor = getattr(two_versions, persona)
    response = verified_client(actor).get(page(two_versions, name, **kwargs))
    assert response.status_code == 200
    assert two_versions.client.last_name in body(response)
    assert PAGE_CONTENT[name] in body(response)
    assert AccessEvent.objects.filter(
        actor=actor, client_code=two_versions.client.code, category="plan", action="view", allowed=True
    ).exists()


@pytest.mark.parametrize(("name", "kwargs"), READ_PAGES)
def test_the_coordinator_is_refused_the_plans_text_with_the_reason(
    two_versions: MaijaCase, verified_client: Browser, name: str, kwargs: dict[str, int]
) -> None:
    """SPEC §5.1 gives the coordinator the phase, team and deadlines (the case page), never the plan's
    goals, services and tasks (issue 16, finding 1)."""
    response = verified_client(two_versions.coordinator).get(page(two_versions, name, **kwargs))
    assert response.status_code == 403
    assert PAGE_CONTENT[name] not in body(response)
    assert AccessEvent.objects.filter(
        actor=two_versions.coordinator,
        client_code=two_versions.client.code,
        category="plan",
        allowed=False,
        reason="not_granted",
    ).exists()


@pytest.mark.parametrize(("name", "kwargs"), READ_PAGES)
def test_the_intake_unit_is_refused_the_plan_with_the_reason(
    two_versions: MaijaCase, verified_client: Browser, name: str, kwargs: dict[str, int]
) -> None:
    response = verified_client(two_versions.intake_counsellor).get(page(two_versions, name, **kwargs))
    assert response.status_code == 403
    assert "Roolisi ei oikeuta tähän tietoryhmään tai toimintoon." in body(response)
    assert PAGE_CONTENT[name] not in body(response)
    assert AccessEvent.objects.filter(
        actor=two_versions.intake_counsellor,
        client_code=two_versions.client.code,
        allowed=False,
        reason="not_granted",
    ).exists()


@pytest.mark.parametrize(
    ("name", "kwargs"), [*READ_PAGES, ("version", {"number": 99}), ("version_create", {})]
)
def test_an_outsider_does_not_learn_that_maija_has_a_plan(
    two_versions: MaijaCase, verified_client: Browser, name: str, kwargs: dict[str, int]
) -> None:
    response = verified_client(two_versions.outsider).get(page(two_versions, name, **kwargs))
    assert response.status_code == 404
    assert two_versions.client.last_name not in body(response)
    assert AccessEvent.objects.filter(
        actor=two_versions.outsider, client_code=two_versions.client.code, allowed=False, reason="no_relation"
    ).exists()


def test_an_unknown_relationship_is_not_found(maija: MaijaCase, verified_client: Browser) -> None:
    response = verified_client(maija.employment_expert).get(
        reverse("plans:detail", kwargs={"relationship_code": "00000000-0000-4000-8000-000000000000"})
    )
    assert response.status_code == 404


def test_the_plan_page_shows_the_plan_in_force_the_draft_and_who_still_has_to_confirm(
    two_versions: MaijaCase, verified_client: Browser
) -> None:
    response = verified_client(two_versions.social_worker).get(page(two_versions, "detail"))
    text = body(response)
    assert "Voimassa oleva suunnitelma (versio 1)" in text
    assert "Luonnos (versio 2)" in text
    assert "Satakunnan hyvinvointialue: sitoumukset vahvistamatta." in text
    assert "Vahvistaa voi: Sanna Sosionomi." in text
    assert "Satakunnan työllisyysalue: sitoumukset vahvistamatta." in text
    assert "Vahvistaa voi: Tiina Työnen." in text
    assert "Asiakas ei ole vielä hyväksynyt tätä versiota." in text
    assert "Vahvista organisaatiosi sitoumukset" in text
    assert "Vertaa versioon 1" in text


def test_the_coordinator_is_not_offered_changes_and_is_refused_the_new_version_form(
    two_versions: MaijaCase, verified_client: Browser
) -> None:
    browser = verified_client(two_versions.coordinator)
    assert "Tee uusi versio uusimmasta" not in body(browser.get(page(two_versions, "detail")))
    response = browser.get(page(two_versions, "version_create"))
    assert response.status_code == 403
    assert AccessEvent.objects.filter(
        actor=two_versions.coordinator, action="create", object_type="plans.planversion", allowed=False
    ).exists()


def test_a_new_version_is_made_from_the_latest_through_the_form(
    maija: MaijaCase, verified_client: Browser
) -> None:
    browser = verified_client(maija.employment_expert)
    form = browser.get(page(maija, "version_create"))
    assert form.status_code == 200
    assert 'name="based_on" value="0"' in body(form)
    response = browser.post(page(maija, "version_create"), {"based_on": "0", "goals": "Palkkatyö"})
    assert response.status_code == 302
    assert response["Location"] == page(maija, "version", number=1)
    assert PlanVersion.objects.get().goals == "Palkkatyö"
    assert AccessEvent.objects.filter(
        actor=maija.employment_expert, action="create", object_type="plans.planversion", allowed=True
    ).exists()


def test_a_stale_new_version_form_gets_a_conflict_message_and_saves_nothing(
    two_versions: MaijaCase, verified_client: Browser
) -> None:
    response = verified_client(two_versions.employment_expert).post(
        page(two_versions, "version_create"), {"based_on": "1", "goals": "Vanhan pohjalta"}
    )
    assert response.status_code == 409
    assert "Joku muu on tallentanut suunnitelmaan muutoksia" in body(response)
    assert PlanVersion.objects.count() == 2
    assert not PlanVersion.objects.filter(goals="Vanhan pohjalta").exists()


def test_a_plan_without_the_worker_pair_is_refused_with_who_is_missing(
    maija: MaijaCase, verified_client: Browser
) -> None:
    TeamMember.objects.filter(
        relationship=maija.relationship, team_role=TeamRole.WORKER_PAIR_EMPLOYMENT
    ).delete()
    browser = verified_client(maija.social_worker)
    assert "Suunnitelman voi laatia vasta, kun asiakkuudelle on nimetty työpari" in body(
        browser.get(page(maija, "detail"))
    )
    response = browser.post(page(maija, "version_create"), {"based_on": "0", "goals": "Palkkatyö"})
    assert response.status_code == 400
    assert "työllisyyspalvelujen työntekijä" in body(response)
    assert not PlanVersion.objects.exists()


def service_form(maija: MaijaCase, **fields: Any) -> dict[str, str]:
    data = {
        "revision": "0",
        "service_type": str(ServiceType.objects.get(code="job-coaching").pk),
        "responsible_organisation": str(maija.employment_area.pk),
        "starts_on": maija.today.isoformat(),
        "ends_on": "",
        "intensity": "2 tapaamista viikossa",
        "description": "Räätälöity työhönvalmennus",
    }
    data.update(fields)
    return data


def test_a_service_is_added_to_the_draft_through_the_form(maija: MaijaCase, verified_client: Browser) -> None:
    maija.first_version()
    response = verified_client(maija.employment_expert).post(
        page(maija, "service_add", number=1),
        service_form(maija, responsible_professional=str(maija.employment_expert.pk)),
    )
    assert response.status_code == 302
    service = AgreedService.objects.get()
    assert (service.intensity, service.responsible_professional) == (
        "2 tapaamista viikossa",
        maija.employment_expert,
    )


def test_a_service_ending_before_it_starts_is_refused_with_a_finnish_message(
    maija: MaijaCase, verified_client: Browser
) -> None:
    maija.first_version()
    response = verified_client(maija.employment_expert).post(
        page(maija, "service_add", number=1),
        service_form(maija, ends_on=(maija.today - timedelta(days=1)).isoformat()),
    )
    assert response.status_code == 400
    assert "Palvelun päättymispäivä ei voi olla ennen alkamispäivää." in body(response)
    assert not AgreedService.objects.exists()


def test_a_stale_service_form_is_a_conflict(maija: MaijaCase, verified_client: Browser) -> None:
    maija.first_version()
    browser = verified_client(maija.employment_expert)
    assert browser.post(page(maija, "service_add", number=1), service_form(maija)).status_code == 302
    response = browser.post(page(maija, "service_add", number=1), service_form(maija, revision="0"))
    assert response.status_code == 409
    assert AgreedService.objects.count() == 1


def test_confirming_another_organisations_commitments_through_the_page_is_forbidden(
    two_versions: MaijaCase, verified_client: Browser
) -> None:
    response = verified_client(two_versions.employment_expert).post(
        page(two_versions, "confirm", number=2), {"organisation": str(two_versions.county.pk)}
    )
    assert response.status_code == 403
    assert "Voit muuttaa vain oman organisaatiosi kirjaamia tietoja." in body(response)
    assert not PlanVersion.objects.get(number=2).confirmations.exists()


def test_confirmations_and_the_acceptance_through_the_pages_put_the_version_in_force(
    two_versions: MaijaCase, verified_client: Browser
) -> None:
    expert, social_worker = (
        verified_client(two_versions.employment_expert),
        verified_client(two_versions.social_worker),
    )
    confirm = page(two_versions, "confirm", number=2)
    assert expert.post(confirm, {"organisation": str(two_versions.employment_area.pk)}).status_code == 302
    assert social_worker.post(confirm, {"organisation": str(two_versions.county.pk)}).status_code == 302
    response = social_worker.post(
        page(two_versions, "accept", number=2),
        {"accepted_on": two_versions.today.isoformat(), "how": "in_person"},
        follow=True,
    )
    assert "suunnitelma on nyt voimassa" in body(response)
    assert list(PlanVersion.objects.order_by("number").values_list("status", flat=True)) == [
        VersionStatus.SUPERSEDED,
        VersionStatus.IN_FORCE,
    ]
    old = expert.get(page(two_versions, "version", number=1))
    assert "Korvattu" in body(old)
    assert "Kuntouttava työtoiminta" not in body(old)


def test_an_acceptance_without_a_way_is_refused_and_nothing_is_saved(
    two_versions: MaijaCase, verified_client: Browser
) -> None:
    response = verified_client(two_versions.social_worker).post(
        page(two_versions, "accept", number=2), {"accepted_on": two_versions.today.isoformat()}
    )
    assert response.status_code == 400
    assert "Valitse, miten asiakas hyväksyi suunnitelman." in body(response)
    assert not ClientAcceptance.objects.filter(version__number=2).exists()


def test_a_second_acceptance_is_a_conflict(maija: MaijaCase, verified_client: Browser) -> None:
    maija.first_version(add_services=[maija.job_coaching()])
    browser = verified_client(maija.social_worker)
    data = {"accepted_on": maija.today.isoformat(), "how": "on_paper"}
    assert browser.post(page(maija, "accept", number=1), data).status_code == 302
    response = browser.post(page(maija, "accept", number=1), data)
    assert response.status_code == 409
    assert "Asiakkaan hyväksyntä on jo kirjattu tälle versiolle." in body(response)


def test_participation_is_recorded_through_the_page_and_shown_on_the_plan(
    two_versions: MaijaCase, verified_client: Browser
) -> None:
    service = PlanVersion.objects.get(number=1).services.get()
    browser = verified_client(two_versions.employment_expert)
    response = browser.post(
        page(two_versions, "participation", number=1, service_code=service.code),
        {"status": "attending", "on": two_versions.today.isoformat(), "note": "Tapaamiset sujuvat"},
    )
    assert response.status_code == 302
    assert Participation.objects.get().status == "attending"
    text = body(browser.get(page(two_versions, "detail")))
    assert f"Osallistuu {two_versions.today:%-d.%-m.%Y}" in text


def test_the_draft_can_be_edited_but_the_version_in_force_cannot(
    two_versions: MaijaCase, verified_client: Browser
) -> None:
    browser = verified_client(two_versions.employment_expert)
    response = browser.post(page(two_versions, "task_add", number=1), {"revision": "0", "description": "X"})
    assert response.status_code == 409
    assert "Tätä versiota ei voi enää muuttaa" in body(response)
    response = browser.post(
        page(two_versions, "task_add", number=2), {"revision": "0", "description": "Hae kurssille"}
    )
    assert response.status_code == 302
    assert list(PlanVersion.objects.get(number=2).tasks.values_list("description", flat=True)) == [
        "Hae kurssille"
    ]
    assert not PlanVersion.objects.get(number=1).tasks.exists()


def test_the_comparison_page_shows_the_changes(two_versions: MaijaCase, verified_client: Browser) -> None:
    text = body(verified_client(two_versions.kela_advisor).get(page(two_versions, "compare", a=1, b=2)))
    assert "Versioiden 1 ja 2 vertailu" in text
    assert "Lisätyt palvelut" in text
    assert "Kuntouttava työtoiminta" in text
    assert "Palkkatyö ja kuntouttava työtoiminta" in text


def test_the_service_form_groups_the_catalogue_by_organiser_and_derives_the_authority(
    maija: MaijaCase, verified_client: Browser
) -> None:
    maija.first_version()
    text = body(verified_client(maija.social_worker).get(page(maija, "service_add", number=1)))
    assert '<optgroup label="Hyvinvointialue">' in text
    assert '<optgroup label="Työeläkelaitos (TYM:n ulkopuolinen)">' in text
    # The service type implies the authority (tests/plans/test_responsible_authority.py).
    assert '<option value="" selected>Palvelun järjestäjä (päätellään palvelusta)</option>' in text
    assert f'<option value="{maija.county.pk}" selected>' not in text


def test_the_plan_page_says_when_the_review_of_the_plan_in_force_is_overdue(
    maija: MaijaCase, verified_client: Browser
) -> None:
    version = maija.in_force(maija.first_version(add_services=[maija.job_coaching()]))
    assert "arviointi on myöhässä" not in body(
        verified_client(maija.employment_expert).get(page(maija, "detail"))
    )
    with time_machine.travel(version.next_review_on + timedelta(days=1)):
        # A new sign-in: the idle timeout ended the session of three months ago.
        response = verified_client(maija.employment_expert).get(page(maija, "detail"))
        assert "arviointi on myöhässä" in body(response)


def test_the_new_version_form_starts_from_the_latest_versions_goals(
    two_versions: MaijaCase, verified_client: Browser
) -> None:
    text = body(verified_client(two_versions.employment_expert).get(page(two_versions, "version_create")))
    assert 'name="based_on" value="2"' in text
    assert "Palkkatyö ja kuntouttava työtoiminta</textarea>" in text


def test_the_drafts_goals_services_and_tasks_are_edited_and_removed_through_the_pages(
    maija: MaijaCase, verified_client: Browser
) -> None:
    version = maija.first_version(
        add_services=[maija.job_coaching()], add_tasks=[{"description": "Hae B-lausunto"}]
    )
    service, task = version.services.get(), version.tasks.get()
    browser = verified_client(maija.social_worker)

    response = browser.post(
        page(maija, "version_edit", number=1), {"revision": "0", "goals": "Koulutus", "next_review_on": ""}
    )
    assert response.status_code == 302
    response = browser.post(
        page(maija, "service_edit", number=1, service_code=service.code),
        service_form(maija, revision="1", intensity="1 tapaaminen viikossa"),
    )
    assert response.status_code == 302
    response = browser.post(
        page(maija, "task_edit", number=1, task_code=task.code),
        {"revision": "2", "description": "Hae B-lausunto", "done": "on"},
    )
    assert response.status_code == 302
    version.refresh_from_db()
    assert (version.goals, version.revision) == ("Koulutus", 3)
    assert version.services.get().intensity == "1 tapaaminen viikossa"
    assert version.tasks.get().done is True

    assert (
        browser.post(
            page(maija, "task_remove", number=1, task_code=task.code), {"revision": "3", "confirmed": "1"}
        ).status_code
        == 302
    )
    response = browser.post(
        page(maija, "service_remove", number=1, service_code=service.code),
        {"revision": "3", "confirmed": "1"},
    )
    assert response.status_code == 409
    assert "Joku muu on tallentanut suunnitelmaan muutoksia" in body(response)
    assert version.services.exists()
    assert not version.tasks.exists()


def test_the_first_plan_is_drafted_on_a_page_titled_laadi_suunnitelma(
    maija: MaijaCase, verified_client: Browser
) -> None:
    browser = verified_client(maija.employment_expert)
    overview = body(browser.get(page(maija, "detail")))
    assert f'<a href="{page(maija, "version_create")}">Laadi suunnitelma</a>' in overview

    text = body(browser.get(page(maija, "version_create")))
    assert "<title>Laadi suunnitelma – " in text
    assert "<h1>Laadi suunnitelma</h1>" in text
    assert '<span class="hds-button__label">Laadi suunnitelma</span>' in text
    assert "Uusi suunnitelman versio" not in text

    response = browser.post(page(maija, "version_create"), {"based_on": "0", "goals": "Palkkatyö"})
    assert response.status_code == 302
    assert "Suunnitelman luonnos on laadittu." in body(browser.get(response["Location"]))


def test_a_later_version_is_a_new_version_of_the_plan(
    two_versions: MaijaCase, verified_client: Browser
) -> None:
    text = body(verified_client(two_versions.employment_expert).get(page(two_versions, "version_create")))
    assert "<h1>Uusi suunnitelman versio</h1>" in text
    assert '<span class="hds-button__label">Tee uusi versio</span>' in text
    assert "Laadi suunnitelma" not in text


def test_removing_a_service_asks_first_and_only_the_confirmed_post_removes_it(
    maija: MaijaCase, verified_client: Browser
) -> None:
    version = maija.first_version(add_services=[maija.job_coaching()])
    service = version.services.get()
    browser = verified_client(maija.social_worker)
    remove = page(maija, "service_remove", number=1, service_code=service.code)
    back = page(maija, "version", number=1)

    # The "Poista" button's POST only asks: it names the service and carries the revision read.
    asked = browser.post(remove, {"revision": "0"})
    text = body(asked)
    assert asked.status_code == 200
    assert "Poistetaanko palvelu Työhönvalmennus suunnitelmasta?" in text
    assert 'name="revision" value="0"' in text
    assert 'name="confirmed" value="1"' in text
    assert f'href="{back}"' in text  # "Peruuta": back to the version, nothing sent
    assert version.services.filter(pk=service.pk).exists()
    # Cancelling is that link: the version as it was.
    assert "Työhönvalmennus" in body(browser.get(back))
    version.refresh_from_db()
    assert version.revision == 0
    assert version.services.filter(pk=service.pk).exists()

    removed = browser.post(remove, {"revision": "0", "confirmed": "1"})
    assert removed.status_code == 302
    assert not version.services.exists()


def test_removing_a_task_asks_first_too(maija: MaijaCase, verified_client: Browser) -> None:
    version = maija.first_version(add_tasks=[{"description": "Hae B-lausunto"}])
    task = version.tasks.get()
    browser = verified_client(maija.social_worker)
    remove = page(maija, "task_remove", number=1, task_code=task.code)

    asked = browser.post(remove, {"revision": "0"})
    assert asked.status_code == 200
    assert "Poistetaanko asiakkaan tehtävä suunnitelmasta: Hae B-lausunto?" in body(asked)
    assert version.tasks.exists()
    assert browser.post(remove, {"revision": "0", "confirmed": "1"}).status_code == 302
    assert not version.tasks.exists()


def test_a_review_date_beyond_six_months_is_refused_on_the_draft_form(
    maija: MaijaCase, verified_client: Browser
) -> None:
    maija.first_version()
    too_late = maija.today + timedelta(days=200)
    response = verified_client(maija.employment_expert).post(
        page(maija, "version_edit", number=1),
        {"revision": "0", "goals": "X", "next_review_on": too_late.isoformat()},
    )
    assert response.status_code == 400
    assert "Suunnitelma on arvioitava viimeistään 6 kuukauden kuluessa." in body(response)
    assert PlanVersion.objects.get().goals == "Palkkatyö"
