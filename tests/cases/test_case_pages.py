"""The case pages through the real views: allowed, forbidden (403) and invisible (404) per persona."""

import copy
from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.cases.conftest import CRITERIA_MET
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import (
    ClientRelationship,
    Closure,
    Phase,
    PhaseTransition,
    PreInformation,
    Referral,
    TeamMember,
)
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Organisation, Unit

Http = Callable[[User], HttpClient]


def url(name: str, client: Client) -> str:
    return reverse(f"cases:{name}", kwargs={"code": client.code})


def body(response) -> str:  # type: ignore[no-untyped-def]
    return response.content.decode()


# --- the case page ---------------------------------------------------------------------------------


def test_the_team_sees_phase_team_history_and_what_is_waiting(
    accepted: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    response = verified_client(tym_expert).get(url("detail", accepted.client))
    page = body(response)
    assert response.status_code == 200
    assert "Monialainen kartoitus" in page
    assert "Vaiheiden historia" in page
    assert "Asiakasta ei ole kirjattu rekisteröidyksi Kelaan." in page
    assert "Toiminnanohjauksen haasteet." in page  # the referral's description
    assert AccessEvent.objects.filter(
        client_code=accepted.client.code, object_type="cases.clientrelationship", action="view", allowed=True
    ).exists()


def test_the_intake_unit_sees_the_referral_but_not_the_plan(
    referral: Referral, tym_expert: User, verified_client: Http
) -> None:
    http = verified_client(tym_expert)
    client = referral.relationship.client
    response = http.get(url("detail", client))
    page = body(response)
    assert response.status_code == 200
    assert "Toiminnanohjauksen haasteet." in page
    assert "Tee päätös lähetteestä" in page
    assert "Lähete odottaa TYM-tiimin (TYM-tiimi) päätöstä." in page
    assert "Vaiheiden historia" not in page
    assert AccessEvent.objects.filter(
        client_code=client.code, object_type="cases.referral", action="view", allowed=True
    ).exists()
    journal = http.get(reverse("clients:category", kwargs={"code": client.code, "category": "plan"}))
    assert journal.status_code == 403


def test_the_data_protection_officer_is_refused_the_case_page(
    referral: Referral, dpo: User, verified_client: Http
) -> None:
    response = verified_client(dpo).get(url("detail", referral.relationship.client))
    assert response.status_code == 403
    assert referral.relationship.client.last_name not in body(response)


def test_an_outsider_gets_404_and_the_attempt_is_logged(
    referral: Referral, outsider: User, verified_client: Http
) -> None:
    client = referral.relationship.client
    response = verified_client(outsider).get(url("detail", client))
    assert response.status_code == 404
    assert AccessEvent.objects.filter(client_code=client.code, allowed=False, reason="no_relation").exists()


def test_a_client_without_tym_shows_the_referral_link_to_a_professional_who_works_with_them(
    client_of_referrer: Client, referrer: User, verified_client: Http
) -> None:
    page = body(verified_client(referrer).get(url("detail", client_of_referrer)))
    assert "Asiakkaalla ei ole TYM-asiakkuutta." in page
    assert url("referral_create", client_of_referrer) in page


# --- referral pages ------------------------------------------------------------------------------------


def referral_post(unit: Unit, **answers: bool) -> dict[str, object]:
    data: dict[str, object] = {"unit": unit.pk, "description": "Tarvitsee monialaista tukea."}
    data.update({name: "on" for name, value in {**CRITERIA_MET, **answers}.items() if value})
    return data


def test_a_referral_is_made_on_the_form(
    consented: Client, referrer: User, tym_unit: Unit, verified_client: Http
) -> None:
    response = verified_client(referrer).post(url("referral_create", consented), referral_post(tym_unit))
    assert response.status_code == 302
    assert Referral.objects.filter(relationship__client=consented, status="pending").exists()


def test_a_referral_failing_the_criteria_gets_400_with_the_explanation(
    consented: Client, referrer: User, tym_unit: Unit, verified_client: Http
) -> None:
    response = verified_client(referrer).post(
        url("referral_create", consented), referral_post(tym_unit, public_services_suffice=True)
    )
    assert response.status_code == 400
    assert "julkisilla työvoimapalveluilla" in body(response)
    assert not Referral.objects.exists()


def test_a_second_referral_on_the_form_is_a_409(
    referral: Referral, referrer: User, tym_unit: Unit, verified_client: Http
) -> None:
    response = verified_client(referrer).post(
        url("referral_create", referral.relationship.client), referral_post(tym_unit)
    )
    assert response.status_code == 409
    assert "jo TYM-asiakkuus" in body(response)


def test_the_intake_unit_may_not_make_referrals(
    referral: Referral, tym_expert: User, verified_client: Http
) -> None:
    assert (
        verified_client(tym_expert).get(url("referral_create", referral.relationship.client)).status_code
        == 403
    )


def test_the_receiving_unit_accepts_on_the_decision_page(
    referral: Referral, tym_expert: User, verified_client: Http
) -> None:
    client = referral.relationship.client
    http = verified_client(tym_expert)
    assert http.get(url("referral_decide", client)).status_code == 200
    response = http.post(url("referral_decide", client), {"decision": "accept"})
    assert response.status_code == 302
    assert ClientRelationship.objects.get(pk=referral.relationship.pk).phase == Phase.MAPPING


def test_accepting_without_consent_is_a_409_telling_to_record_it(
    client_of_referrer: Client, referrer: User, tym_unit: Unit, tym_expert: User, verified_client: Http
) -> None:
    verified_client(referrer).post(url("referral_create", client_of_referrer), referral_post(tym_unit))
    page = body(verified_client(tym_expert).get(url("detail", client_of_referrer)))
    assert "Asiakkaan suostumus TYM-yhteistyöhön puuttuu" in page
    response = verified_client(tym_expert).post(
        url("referral_decide", client_of_referrer), {"decision": "accept"}
    )
    assert response.status_code == 409
    assert "Kirjaa suostumus ensin" in body(response)


def test_declining_without_a_reason_is_a_400(
    referral: Referral, coordinator: User, verified_client: Http
) -> None:
    response = verified_client(coordinator).post(
        url("referral_decide", referral.relationship.client), {"decision": "decline"}
    )
    assert response.status_code == 400
    assert "Kirjoita hylkäämisen syy." in body(response)
    assert Referral.objects.get(pk=referral.pk).status == "pending"


def test_declining_suggests_another_path_that_the_referrer_then_sees(
    referral: Referral, coordinator: User, referrer: User, verified_client: Http
) -> None:
    http = verified_client(coordinator)
    response = http.post(
        url("referral_decide", referral.relationship.client),
        {
            "decision": "decline",
            "decline_reason": "Työvoimapalvelut riittävät.",
            "suggested_alternative": "employment_services",
        },
    )
    assert response.status_code == 302
    # The unit no longer works with the client: back to its list of referrals, not the case.
    assert response["Location"] == reverse("cases:referrals")
    listed = http.get(response["Location"])
    assert "Lähete on hylätty" in body(listed)
    assert referral.relationship.client.full_name not in body(listed)
    response = verified_client(referrer).get(url("detail", referral.relationship.client))
    assert response.status_code == 200
    assert "Työvoimapalvelut riittävät." in body(response)
    assert "työllisyyspalvelut" in body(response)


def test_the_referrer_on_the_case_team_cannot_open_the_decision_page(
    referral: Referral, referrer: User, verified_client: Http
) -> None:
    assert (
        verified_client(referrer).get(url("referral_decide", referral.relationship.client)).status_code == 403
    )


def test_an_outsider_cannot_open_the_decision_page(
    referral: Referral, outsider: User, verified_client: Http
) -> None:
    assert (
        verified_client(outsider).get(url("referral_decide", referral.relationship.client)).status_code == 404
    )


def test_the_referral_list_shows_pending_referrals_of_the_unit_and_logs_each(
    referral: Referral, tym_expert: User, outsider: User, verified_client: Http
) -> None:
    client = referral.relationship.client
    response = verified_client(tym_expert).get(reverse("cases:referrals"))
    assert response.status_code == 200
    assert client.last_name in body(response)
    assert AccessEvent.objects.filter(
        client_code=client.code, object_type="cases.referral", purpose="intake"
    ).exists()
    other = verified_client(outsider).get(reverse("cases:referrals"))
    assert client.last_name not in body(other)


def test_the_referral_list_takes_a_constant_number_of_queries(
    referrer: User,
    tym_unit: Unit,
    tym_expert: User,
    verified_client: Http,
    django_assert_max_num_queries,
    employment_area: Organisation,
    settings,
) -> None:
    from tests.access.conftest import join_team, new_client, open_relationship
    from yhteispolku.cases import services

    for _ in range(5):
        client = new_client(employment_area)
        relationship = open_relationship(client, referrer.unit)  # type: ignore[arg-type]
        ClientRelationship.objects.filter(pk=relationship.pk).update(track="employment_services")
        join_team(relationship, referrer)
        services.referral_create(
            actor=referrer, client=client, unit=tym_unit, description="x", **CRITERIA_MET
        )
    # The list's own queries: the header's inbox count (every page's, tested in tests/worklist) is left out.
    templates = copy.deepcopy(settings.TEMPLATES)
    processors = templates[0]["OPTIONS"]["context_processors"]
    templates[0]["OPTIONS"]["context_processors"] = [
        name for name in processors if not name.endswith(".inbox")
    ]
    settings.TEMPLATES = templates
    http = verified_client(tym_expert)
    # The first audit write of a chain creates its head, once (tests/audit); the list is measured after it.
    http.get(reverse("cases:referrals"))
    with django_assert_max_num_queries(12):
        response = http.get(reverse("cases:referrals"))
    assert body(response).count("<tr>") == 6


# --- team, phase, Kela, pre-information, closure -------------------------------------------------------


def test_a_team_member_adds_the_kela_advisor(
    accepted: ClientRelationship, tym_expert: User, kela_advisor: User, verified_client: Http
) -> None:
    response = verified_client(tym_expert).post(
        url("team", accepted.client), {"form": "add", "user": kela_advisor.pk, "team_role": "member"}
    )
    assert response.status_code == 302
    assert TeamMember.objects.filter(relationship=accepted, user=kela_advisor, left_on__isnull=True).exists()


def test_a_worker_pair_of_the_wrong_sector_is_a_400(
    accepted: ClientRelationship, tym_expert: User, kela_advisor: User, verified_client: Http
) -> None:
    response = verified_client(tym_expert).post(
        url("team", accepted.client),
        {"form": "add", "user": kela_advisor.pk, "team_role": "worker_pair_employment"},
    )
    assert response.status_code == 400
    assert "työllisyyspalvelujen ammattilainen" in body(response)


def test_a_member_leaves_the_team(
    accepted: ClientRelationship, tym_expert: User, tym_social_worker: User, verified_client: Http
) -> None:
    member = TeamMember.objects.get(relationship=accepted, user=tym_social_worker)
    response = verified_client(tym_expert).post(
        url("team", accepted.client), {"form": "leave", "member": member.pk}
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.left_on is not None


def test_the_coordinator_assigns_the_team_but_cannot_change_the_phase(
    accepted: ClientRelationship, coordinator: User, verified_client: Http
) -> None:
    """SPEC §1: team assignment is the coordinator's; the rest of the case stays the team's."""
    http = verified_client(coordinator)
    assert http.get(url("detail", accepted.client)).status_code == 200
    assert http.get(url("team", accepted.client)).status_code == 200
    assert http.get(url("phase", accepted.client)).status_code == 403
    assert http.get(url("pre_information", accepted.client)).status_code == 403


def test_an_outsider_cannot_reach_the_team_page(
    accepted: ClientRelationship, outsider: User, verified_client: Http
) -> None:
    assert verified_client(outsider).post(url("team", accepted.client), {"form": "add"}).status_code == 404


def test_the_phase_form_moves_along_the_state_machine(
    accepted: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    http = verified_client(tym_expert)
    assert http.get(url("phase", accepted.client)).status_code == 200
    response = http.post(url("phase", accepted.client), {"to_phase": "planning", "seen_phase": "mapping"})
    assert response.status_code == 302
    assert PhaseTransition.objects.filter(
        relationship=accepted, to_phase="planning", actor=tym_expert
    ).exists()


def test_a_jump_on_the_phase_form_is_a_409_with_the_reason(
    accepted: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    response = verified_client(tym_expert).post(
        url("phase", accepted.client), {"to_phase": "closed", "seen_phase": "mapping"}
    )
    assert response.status_code == 409
    assert "ei voi siirtyä vaiheeseen" in body(response)
    assert ClientRelationship.objects.get(pk=accepted.pk).phase == Phase.MAPPING


def test_a_stale_phase_form_is_a_409(
    accepted: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    response = verified_client(tym_expert).post(
        url("phase", accepted.client), {"to_phase": "closing", "seen_phase": "work"}
    )
    assert response.status_code == 409
    assert "Lataa sivu uudelleen" in body(response)


def test_kela_registration_on_the_form(
    accepted: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    http = verified_client(tym_expert)
    assert (
        http.post(url("kela_registration", accepted.client), {"registered_on": "2999-01-01"}).status_code
        == 400
    )
    assert (
        http.post(
            url("kela_registration", accepted.client), {"registered_on": accepted.started_on.isoformat()}
        ).status_code
        == 302
    )
    assert ClientRelationship.objects.get(pk=accepted.pk).kela_registered_on == accepted.started_on


def test_pre_information_is_recorded_and_shown_to_the_team(
    accepted: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    http = verified_client(tym_expert)
    response = http.post(
        url("pre_information", accepted.client),
        {
            "filled_on": accepted.started_on.isoformat(),
            "situation": "Haluan palkkatyöhön.",
            "wishes": "Selkeät ohjeet.",
        },
    )
    assert response.status_code == 302
    assert PreInformation.objects.filter(client=accepted.client, relationship=accepted).exists()
    assert "Haluan palkkatyöhön." in body(http.get(url("detail", accepted.client)))


def test_pre_information_without_the_clients_words_is_a_400(
    accepted: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    response = verified_client(tym_expert).post(
        url("pre_information", accepted.client), {"filled_on": accepted.started_on.isoformat()}
    )
    assert response.status_code == 400
    assert "Kirjoita asiakkaan oma kuvaus tilanteestaan." in body(response)


def test_the_intake_unit_cannot_record_pre_information(
    referral: Referral, tym_expert: User, verified_client: Http
) -> None:
    assert (
        verified_client(tym_expert).get(url("pre_information", referral.relationship.client)).status_code
        == 403
    )


def test_the_closure_page_records_reason_confirmation_and_handover(
    accepted: ClientRelationship, tym_expert: User, verified_client: Http
) -> None:
    http = verified_client(tym_expert)
    http.post(url("phase", accepted.client), {"to_phase": "closing", "seen_phase": "mapping"})
    bad = http.post(
        url("closure", accepted.client), {"form": "closure", "reason": "employed", "feedback_score": "11"}
    )
    assert bad.status_code == 400
    assert "0–10" in body(bad)
    assert http.post(url("closure", accepted.client), {"form": "confirm"}).status_code == 409
    ok = http.post(
        url("closure", accepted.client),
        {"form": "closure", "reason": "employed", "final_assessment": "Työllistyi.", "feedback_score": "8"},
    )
    assert ok.status_code == 302
    assert http.post(url("closure", accepted.client), {"form": "confirm"}).status_code == 302
    kela = Organisation.objects.get(slug="kela")
    handover = http.post(
        url("closure", accepted.client),
        {
            "form": "service",
            "service-service": "Kelan ammatillinen kuntoutus",
            "service-owner_organisation": kela.pk,
        },
    )
    assert handover.status_code == 302
    page = body(http.get(url("closure", accepted.client)))
    assert "hyvinvointialueen vahvistus yhteisestä arviosta" in page
    assert Closure.objects.get(relationship=accepted).feedback_score == 8


def test_the_closure_page_is_refused_to_the_coordinator(
    accepted: ClientRelationship, coordinator: User, verified_client: Http
) -> None:
    assert verified_client(coordinator).get(url("closure", accepted.client)).status_code == 403


@pytest.mark.parametrize(
    "name", ["team", "phase", "kela_registration", "closure", "pre_information", "referral_decide"]
)
def test_every_form_page_hides_the_client_from_an_outsider(
    name: str, accepted: ClientRelationship, outsider: User, verified_client: Http
) -> None:
    assert verified_client(outsider).get(url(name, accepted.client)).status_code == 404


# --- the consent warning on the referral form ----------------------------------------------------------

CONSENT_WARNING = "Asiakkaalla ei ole voimassa olevaa suostumusta TYM-yhteistyöhön."


def test_the_referral_form_warns_when_there_is_no_consent_for_tym_joint_work(
    client_of_referrer: Client, referrer: User, verified_client: Http
) -> None:
    response = verified_client(referrer).get(url("referral_create", client_of_referrer))
    assert response.status_code == 200
    assert CONSENT_WARNING in body(response)
    assert reverse("clients:consents", kwargs={"code": client_of_referrer.code}) in body(response)


def test_the_referral_form_does_not_warn_once_the_consent_is_recorded(
    consented: Client, referrer: User, verified_client: Http
) -> None:
    response = verified_client(referrer).get(url("referral_create", consented))
    assert response.status_code == 200
    assert CONSENT_WARNING not in body(response)
