"""The client-registry endpoints, persona by persona: allowed, refused (403) or invisible (404), audited."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from tests.access.conftest import new_client
from tests.api.conftest import API, Maija, events_since, last_event_id
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import TeamMember
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client, Consent, JournalEntry
from yhteispolku.organisations.models import Organisation
from yhteispolku.privacy.services import record_request

Call = Callable[[User], HttpClient]

REGISTRATION = {
    "first_names": "Testi",
    "last_name": "Asiakas",
    "mother_tongue": "fi",
    "service_language": "fi",
    "education_level": "basic",
}


def audit_trail(before: int, client: Client) -> list[tuple[str, str, bool, str]]:
    return [(e.action, e.category, e.allowed, e.object_type) for e in events_since(before, client)]


# --- list and search -------------------------------------------------------------------------------


def test_my_clients_lists_maija_for_her_team_and_logs_the_read(maija: Maija, token_client: Call) -> None:
    before = last_event_id()
    body = token_client(maija.expert).get(f"{API}/clients").json()
    assert body["count"] == 1
    assert body["items"][0]["identity_code_masked"] == maija.client.masked_identity_code
    assert maija.client.identity_code not in str(body)
    assert audit_trail(before, maija.client) == [("view", "basic", True, "clients.client")]


def test_my_clients_is_empty_for_an_outsider(maija: Maija, token_client: Call) -> None:
    body = token_client(maija.outsider).get(f"{API}/clients").json()
    assert body == {"items": [], "page": 1, "pages": 1, "count": 0}


def test_search_finds_by_name_and_by_identity_code(maija: Maija, token_client: Call) -> None:
    api_client = token_client(maija.expert)
    by_name = api_client.get(f"{API}/clients", {"q": "meikä"}).json()
    by_code = api_client.get(f"{API}/clients", {"q": maija.client.identity_code}).json()
    assert [c["code"] for c in by_name["items"]] == [str(maija.client.code)]
    assert [c["code"] for c in by_code["items"]] == [str(maija.client.code)]


def test_an_outsider_searching_maijas_identity_code_finds_nothing_and_is_logged(
    maija: Maija, token_client: Call
) -> None:
    before = last_event_id()
    body = token_client(maija.outsider).get(f"{API}/clients", {"q": maija.client.identity_code}).json()
    assert body["items"] == []
    assert AccessEvent.objects.filter(id__gt=before, client_code=maija.client.code, allowed=False).exists()


def test_a_malformed_identity_code_in_the_search_is_a_field_error(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).get(f"{API}/clients", {"q": "170590-944X"})
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_identity_code"
    assert body["errors"][0]["field"] == "q"
    assert "tarkistusmerkki" in body["message"]


# --- registration ----------------------------------------------------------------------------------


def test_registering_puts_the_expert_on_the_team_and_logs_it(maija: Maija, token_client: Call) -> None:
    code = hetu.compose(date(1990, 5, 17), 944)
    response = token_client(maija.expert).post(
        f"{API}/clients", {**REGISTRATION, "identity_code": code}, content_type="application/json"
    )
    assert response.status_code == 201
    client = Client.objects.with_identity_code(code).get()
    assert response.json()["code"] == str(client.code)
    assert response.json()["identity_code_masked"] == client.masked_identity_code
    assert TeamMember.objects.filter(relationship__client=client, user=maija.expert).exists()
    assert AccessEvent.objects.filter(client_code=client.code, action="create", allowed=True).exists()


def test_registering_a_client_twice_is_a_409_that_points_to_the_record_for_her_team(
    maija: Maija, token_client: Call
) -> None:
    response = token_client(maija.expert).post(
        f"{API}/clients",
        {**REGISTRATION, "identity_code": maija.client.identity_code},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["code"] == "duplicate_identity_code"
    assert response.json()["existing_client"] == str(maija.client.code)


def test_registering_someone_elses_client_is_a_409_that_reveals_nothing(
    maija: Maija, make_professional: Callable[..., User], token_client: Call
) -> None:
    stranger = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    before = last_event_id()
    response = token_client(stranger).post(
        f"{API}/clients",
        {**REGISTRATION, "identity_code": maija.client.identity_code},
        content_type="application/json",
    )
    assert response.status_code == 409
    assert response.json()["existing_client"] is None
    assert maija.client.last_name not in response.content.decode()
    assert audit_trail(before, maija.client) == [("create", "basic", False, "clients.client")]


def test_a_wrong_identity_code_is_a_400_with_the_field_and_nothing_is_saved(
    maija: Maija, token_client: Call
) -> None:
    response = token_client(maija.expert).post(
        f"{API}/clients", {**REGISTRATION, "identity_code": "320590-944X"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_identity_code"
    assert response.json()["errors"][0]["field"] == "identity_code"
    assert Client.objects.count() == 1


def test_an_unknown_choice_is_a_400_with_the_field(maija: Maija, token_client: Call) -> None:
    code = hetu.compose(date(1990, 5, 17), 945)
    response = token_client(maija.expert).post(
        f"{API}/clients",
        {**REGISTRATION, "identity_code": code, "mother_tongue": "klingon"},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_input"
    assert [e["field"] for e in response.json()["errors"]] == ["mother_tongue"]


def test_a_steering_group_member_cannot_register_clients(
    maija: Maija, make_professional: Callable[..., User], token_client: Call
) -> None:
    member = make_professional("steering_group_member", "satakunta-employment-area", "satakunta-ea-tym")
    response = token_client(member).post(
        f"{API}/clients",
        {**REGISTRATION, "identity_code": hetu.compose(date(1990, 5, 17), 946)},
        content_type="application/json",
    )
    assert response.status_code == 403
    assert response.json()["code"] == "access_denied"


# --- detail ----------------------------------------------------------------------------------------


def test_the_team_sees_basic_data_masked_and_which_categories_are_visible(
    maija: Maija, token_client: Call
) -> None:
    expert = token_client(maija.expert).get(maija.url).json()
    social = token_client(maija.social_worker).get(maija.url).json()
    assert expert["identity_code_masked"] == maija.client.masked_identity_code
    assert maija.client.identity_code not in str(expert)
    # Maija's consent covers the employment area for every category but health, which only health roles see.
    assert set(expert["visible_categories"]) == {"basic", "employment", "social", "kela", "plan"}
    assert expert["can_update"] is True
    # The consent does not name the county: the social worker sees her own sector, not employment.
    assert set(social["visible_categories"]) == {"basic", "social", "plan"}
    assert social["can_update"] is False


def test_an_outsider_gets_404_and_the_attempt_is_logged(maija: Maija, token_client: Call) -> None:
    before = last_event_id()
    response = token_client(maija.outsider).get(maija.url)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert audit_trail(before, maija.client) == [("view", "basic", False, "clients.client")]


def test_an_unknown_client_is_404_like_an_unreachable_one(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).get(f"{API}/clients/00000000-0000-4000-8000-000000000000")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_the_data_protection_officer_cannot_read_basic_data(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.dpo).get(maija.url)
    assert response.status_code == 403
    assert response.json()["code"] == "access_denied"
    assert response.json()["reason"] == "not_granted"


def test_the_detail_leaves_the_same_audit_entries_as_the_page(
    maija: Maija, token_client: Call, verified_client: Call
) -> None:
    before = last_event_id()
    verified_client(maija.expert).get(reverse("clients:detail", kwargs={"code": maija.client.code}))
    page = audit_trail(before, maija.client)
    before = last_event_id()
    token_client(maija.expert).get(maija.url)
    assert audit_trail(before, maija.client) == page


# --- basic-data edit -------------------------------------------------------------------------------


def test_the_expert_changes_basic_data_and_the_version_moves_on(maija: Maija, token_client: Call) -> None:
    before = last_event_id()
    response = token_client(maija.expert).patch(
        maija.url, {"version": 1, "phone": "040 123 4567"}, content_type="application/json"
    )
    maija.client.refresh_from_db()
    assert response.status_code == 200
    assert response.json()["version"] == 2
    assert maija.client.phone == "040 123 4567"
    assert maija.client.first_names == "Maija"
    assert ("update", "basic", True, "clients.client") in audit_trail(before, maija.client)


def test_a_stale_edit_is_a_409_and_changes_nothing(maija: Maija, token_client: Call) -> None:
    api_client = token_client(maija.expert)
    api_client.patch(maija.url, {"version": 1, "phone": "1"}, content_type="application/json")
    response = api_client.patch(maija.url, {"version": 1, "phone": "2"}, content_type="application/json")
    maija.client.refresh_from_db()
    assert response.status_code == 409
    assert response.json()["code"] == "stale_edit"
    assert "Joku muu on muuttanut tietoja" in response.json()["message"]
    assert maija.client.phone == "1"


def test_another_organisation_cannot_change_basic_data(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.social_worker).patch(
        maija.url, {"version": 1, "phone": "1"}, content_type="application/json"
    )
    assert response.status_code == 403
    assert response.json()["reason"] == "not_own_organisation"
    assert response.json()["message"] == "Voit muuttaa vain oman organisaatiosi kirjaamia tietoja."


def test_an_invalid_email_is_a_400_with_the_field(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).patch(
        maija.url, {"version": 1, "email": "ei-osoite"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert [e["field"] for e in response.json()["errors"]] == ["email"]


def test_an_edit_without_the_version_is_a_400(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).patch(maija.url, {"phone": "1"}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"][0] == {
        "field": "version",
        "code": "missing",
        "message": "Tämä tieto on pakollinen.",
    }


# --- consents --------------------------------------------------------------------------------------


def consent_payload(**changes: object) -> dict[str, object]:
    today = timezone.localdate().isoformat()
    return {
        "purpose": "tym_joint_work",
        "organisations": ["satakunta-employment-area", "satakunta-wellbeing-county"],
        "categories": ["basic", "employment"],
        "given_how": "written",
        "given_on": today,
        "valid_from": today,
        **changes,
    }


def test_the_team_lists_and_records_consents(maija: Maija, token_client: Call) -> None:
    api_client = token_client(maija.expert)
    response = api_client.post(f"{maija.url}/consents", consent_payload(), content_type="application/json")
    assert response.status_code == 201
    assert response.json()["state"] == "active"
    listed = api_client.get(f"{maija.url}/consents").json()
    assert {c["code"] for c in listed} == {str(maija.consent.code), response.json()["code"]}


def test_a_new_consent_lets_the_social_worker_see_employment_data(maija: Maija, token_client: Call) -> None:
    token_client(maija.expert).post(
        f"{maija.url}/consents", consent_payload(), content_type="application/json"
    )
    response = token_client(maija.social_worker).get(f"{maija.url}/journal/employment")
    assert response.status_code == 200
    assert [e["text"] for e in response.json()] == ["Osaamiskartoitus tehty."]


def test_an_unknown_organisation_in_a_consent_is_a_400(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).post(
        f"{maija.url}/consents", consent_payload(organisations=["ei-ole"]), content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "organisations"
    assert Consent.objects.count() == 1


def test_a_consent_ending_before_it_starts_is_a_400(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).post(
        f"{maija.url}/consents",
        consent_payload(valid_from="2026-05-01", valid_until="2026-04-01"),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "consent_invalid"


def test_revoking_a_consent_works_once_and_then_is_a_409(maija: Maija, token_client: Call) -> None:
    api_client = token_client(maija.expert)
    url = f"{maija.url}/consents/{maija.consent.code}/revoke"
    first = api_client.post(url, {"how": "oral"}, content_type="application/json")
    second = api_client.post(url, {"how": "oral"}, content_type="application/json")
    assert first.status_code == 200
    assert first.json()["state"] == "revoked"
    assert second.status_code == 409
    assert second.json()["code"] == "consent_invalid"


def test_an_outsider_cannot_list_or_revoke_consents(maija: Maija, token_client: Call) -> None:
    api_client = token_client(maija.outsider)
    listed = api_client.get(f"{maija.url}/consents")
    revoked = api_client.post(
        f"{maija.url}/consents/{maija.consent.code}/revoke", {"how": "oral"}, content_type="application/json"
    )
    assert (listed.status_code, revoked.status_code) == (404, 404)
    assert Consent.objects.get().revoked_at is None


def test_another_clients_consent_is_not_found_through_maija(
    maija: Maija, token_client: Call, make_professional: Callable[..., User]
) -> None:
    other = new_client(Organisation.objects.get(slug="satakunta-employment-area"), "Matti", "Muukalainen")
    foreign = Consent.objects.create(
        client=other,
        purpose="tym_joint_work",
        categories=["basic"],
        given_how="written",
        given_on=timezone.localdate(),
        valid_from=timezone.localdate(),
        recorded_by=maija.expert,
    )
    response = token_client(maija.expert).post(
        f"{maija.url}/consents/{foreign.code}/revoke", {"how": "oral"}, content_type="application/json"
    )
    assert response.status_code == 404


# --- journal ---------------------------------------------------------------------------------------


def test_the_expert_reads_and_writes_the_employment_journal(maija: Maija, token_client: Call) -> None:
    api_client = token_client(maija.expert)
    created = api_client.post(
        f"{maija.url}/journal/employment", {"text": "Työkokeilu sovittu."}, content_type="application/json"
    )
    listed = api_client.get(f"{maija.url}/journal/employment").json()
    assert created.status_code == 201
    assert [e["text"] for e in listed] == ["Työkokeilu sovittu.", "Osaamiskartoitus tehty."]


def test_without_consent_the_social_worker_gets_403_with_the_policys_reason(
    maija: Maija, token_client: Call
) -> None:
    before = last_event_id()
    response = token_client(maija.social_worker).get(f"{maija.url}/journal/employment")
    assert response.status_code == 403
    assert response.json()["reason"] == "consent_missing"
    assert response.json()["message"] == (
        "Asiakkaan voimassa oleva suostumus ei kata organisaatiotasi tälle tietoryhmälle."
    )
    assert ("view", "employment", False, "cases.journalentry") in audit_trail(before, maija.client)


def test_a_professional_writes_only_their_own_sectors_journal(maija: Maija, token_client: Call) -> None:
    api_client = token_client(maija.social_worker)
    own = api_client.post(
        f"{maija.url}/journal/social", {"text": "Tapaaminen."}, content_type="application/json"
    )
    other = api_client.post(
        f"{maija.url}/journal/employment", {"text": "Ei saa."}, content_type="application/json"
    )
    assert own.status_code == 201
    assert other.status_code == 403
    assert not JournalEntry.objects.filter(text="Ei saa.").exists()


def test_an_empty_entry_is_a_400(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).post(
        f"{maija.url}/journal/employment", {"text": "   "}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "journal_entry_empty"


def test_an_unknown_category_is_a_400(maija: Maija, token_client: Call) -> None:
    response = token_client(maija.expert).get(f"{maija.url}/journal/secrets")
    assert response.status_code == 400
    assert response.json()["errors"][0]["field"] == "category"


def test_the_journal_leaves_the_same_audit_entries_as_the_page(
    maija: Maija, token_client: Call, verified_client: Call
) -> None:
    before = last_event_id()
    verified_client(maija.expert).get(
        reverse("clients:category", kwargs={"code": maija.client.code, "category": "employment"})
    )
    page = audit_trail(before, maija.client)
    before = last_event_id()
    token_client(maija.expert).get(f"{maija.url}/journal/employment")
    assert audit_trail(before, maija.client) == page


# --- access log ------------------------------------------------------------------------------------


def test_the_data_protection_officer_reads_the_log_on_a_recorded_request(
    maija: Maija, token_client: Call
) -> None:
    record_request(
        actor=maija.dpo,
        client=maija.client,
        data={"reference": "DIAARI-1/2026", "requester": "client", "received_on": timezone.localdate()},
    )
    token_client(maija.expert).get(maija.url)
    before = last_event_id()
    response = token_client(maija.dpo).get(f"{maija.url}/access-log", {"request_reference": "DIAARI-1/2026"})
    assert response.status_code == 200
    assert response.json()["count"] >= 1
    assert any("katsoi perustietojasi" in item["description"] for item in response.json()["items"])
    logged = events_since(before, maija.client)
    assert [(e.category, e.allowed, e.object_id) for e in logged] == [("log", True, "request:DIAARI-1/2026")]


def test_the_log_without_a_request_reference_is_refused_and_logged(maija: Maija, token_client: Call) -> None:
    before = last_event_id()
    response = token_client(maija.dpo).get(f"{maija.url}/access-log")
    assert response.status_code == 403
    assert response.json()["reason"] == "request_not_recorded"
    assert audit_trail(before, maija.client) == [("view", "log", False, "clients.client")]


@pytest.mark.parametrize("persona", ["expert", "social_worker"])
def test_the_team_cannot_read_the_access_log(maija: Maija, token_client: Call, persona: str) -> None:
    response = token_client(getattr(maija, persona)).get(
        f"{maija.url}/access-log", {"request_reference": "X"}
    )
    assert response.status_code == 403
    assert response.json()["code"] == "access_denied"


# --- residence permit and integration period (R-KOTO-2) ----------------------------------------------


def test_the_residence_permit_is_read_and_patched_with_the_basic_data(
    maija: Maija, token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    assert api_client.get(maija.url).json()["residence_permit_type"] == ""
    before = last_event_id()
    response = api_client.patch(
        maija.url,
        {
            "version": 1,
            "residence_permit_type": "temporary_protection",
            "residence_permit_valid_from": "2025-03-01",
            "residence_permit_valid_until": "2026-03-04",
            "integration_period_start": "2025-04-01",
        },
        content_type="application/json",
    )
    assert response.status_code == 200
    body = response.json()
    assert body["residence_permit_type"] == "temporary_protection"
    assert body["residence_permit_valid_from"] == "2025-03-01"
    assert body["residence_permit_valid_until"] == "2026-03-04"
    assert body["integration_period_start"] == "2025-04-01"
    assert body["right_of_residence_registered"] is False
    assert body["version"] == 2
    maija.client.refresh_from_db()
    assert maija.client.residence_permit_valid_until == date(2026, 3, 4)
    assert maija.client.phone == ""  # fields not sent stay as they were
    assert ("update", "basic", True, "clients.client") in audit_trail(before, maija.client)


def test_a_permit_ending_before_it_starts_or_of_an_unknown_type_is_refused(
    maija: Maija, token_client: Call
) -> None:
    api_client = token_client(maija.expert)
    backwards = api_client.patch(
        maija.url,
        {
            "version": 1,
            "residence_permit_type": "continuous",
            "residence_permit_valid_from": "2025-03-01",
            "residence_permit_valid_until": "2025-02-28",
        },
        content_type="application/json",
        HTTP_ACCEPT_LANGUAGE="en",
    )
    unknown = api_client.patch(
        maija.url, {"version": 1, "residence_permit_type": "jatkuva (A)"}, content_type="application/json"
    )
    maija.client.refresh_from_db()
    assert backwards.status_code == 400
    fields = {e["field"]: e["message"] for e in backwards.json()["errors"]}
    assert "residence_permit_valid_until" in fields
    assert unknown.status_code == 400
    assert unknown.json()["errors"][0]["field"] == "residence_permit_type"
    assert maija.client.residence_permit_type == ""
    assert maija.client.version == 1


def test_the_integration_period_start_is_checked_like_the_form(maija: Maija, token_client: Call) -> None:
    api_client = token_client(maija.expert)
    without_permit = api_client.patch(
        maija.url, {"version": 1, "integration_period_start": "2025-04-01"}, content_type="application/json"
    )
    assert without_permit.status_code == 400
    assert without_permit.json()["errors"][0]["field"] == "integration_period_start"
    assert without_permit.json()["errors"][0]["message"].startswith("R-KOTO-2")
    before_permit = api_client.patch(
        maija.url,
        {
            "version": 1,
            "residence_permit_type": "temporary",
            "residence_permit_valid_from": "2025-03-01",
            "integration_period_start": "2025-02-28",
        },
        content_type="application/json",
    )
    assert before_permit.status_code == 400
    assert before_permit.json()["errors"][0]["field"] == "integration_period_start"
    maija.client.refresh_from_db()
    assert maija.client.integration_period_start is None
