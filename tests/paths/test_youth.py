"""The youth one-stop at a low threshold (R-YOUTH-1): a contact with first name, age and municipality only,
its entries (Nopsa counted), its registration as a client when the young person agrees, the early joint
assessment of a young jobseeker; only the youth one-stop unit's professionals reach the contacts."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from django.test import Client as HttpClient
from django.utils import timezone

from tests.api.conftest import token_client  # noqa: F401 - the fixture
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.clients import hetu
from yhteispolku.clients.errors import DuplicateIdentityCode
from yhteispolku.clients.models import Client
from yhteispolku.paths import deadlines, services, youth
from yhteispolku.paths.errors import AlreadyRecorded, InvalidPathData, YouthContactConverted
from yhteispolku.paths.models import JointAssessment, ServicePlanKind, YouthContact, YouthContactEntry

pytestmark = pytest.mark.django_db

Login = Callable[[User], HttpClient]
API = "/api/v1"
YOUTH_UNIT = "satakunta-ea-youth-integration"


@dataclass
class Desk:
    counsellor: User  # an employment expert of the youth one-stop unit
    colleague_elsewhere: User  # the same organisation, the TYM team
    today: date


@pytest.fixture
def desk(make_professional: Callable[..., User]) -> Desk:
    return Desk(
        counsellor=make_professional("employment_expert", "satakunta-employment-area", YOUTH_UNIT),
        colleague_elsewhere=make_professional(
            "employment_expert", "satakunta-employment-area", "satakunta-ea-tym"
        ),
        today=timezone.localdate(),
    )


def new_contact(desk: Desk, **fields: object) -> YouthContact:
    data: dict[str, object] = {
        "actor": desk.counsellor,
        "first_name": "Aino",
        "age": 19,
        "municipality": "609",
        "on": desk.today,
        "channel": "chat",
        "topic": "Kesätyö ja opiskelu",
    }
    data.update(fields)
    return youth.youth_contact_create(**data)  # type: ignore[arg-type]


def young_code(age: int, today: date) -> str:
    return hetu.compose(date(today.year - age - 1, 1, 2), 977)


def test_a_contact_starts_with_first_name_age_and_municipality_only(desk: Desk) -> None:
    contact = new_contact(desk)
    assert (contact.first_name, contact.age, contact.municipality_id) == ("Aino", 19, "609")
    assert contact.unit == desk.counsellor.unit
    assert contact.client is None
    assert list(contact.entries.values_list("channel", flat=True)) == ["chat"]
    assert AccessEvent.objects.filter(
        client_code=contact.code, object_type="paths.youthcontact", action="create", allowed=True
    ).exists()


def test_a_contact_over_the_age_limit_is_refused_naming_the_rule(desk: Desk) -> None:
    with pytest.raises(InvalidPathData) as refused:
        new_contact(desk, age=30)
    assert "R-YOUTH-1" in refused.value.error_dict["age"][0].messages[0]
    with pytest.raises(InvalidPathData) as refused:
        new_contact(desk, municipality="000")
    assert "municipality" in refused.value.error_dict
    assert not YouthContact.objects.exists()


def test_only_the_youth_units_professionals_reach_the_contacts(
    desk: Desk, verified_client: Login, make_professional: Callable[..., User]
) -> None:
    contact = new_contact(desk)
    elsewhere = verified_client(desk.colleague_elsewhere)
    assert elsewhere.get(f"/polut/ohjaamo/{contact.code}/").status_code == 404
    assert elsewhere.get("/polut/ohjaamo/").status_code == 403
    assert "/polut/ohjaamo/" not in elsewhere.get("/").content.decode()
    assert AccessEvent.objects.filter(
        actor=desk.colleague_elsewhere, client_code=contact.code, allowed=False
    ).exists()
    with pytest.raises(Exception):  # noqa: B017, PT011 - the 403 of the policy
        new_contact(desk, actor=desk.colleague_elsewhere)
    http = verified_client(desk.counsellor)
    assert "/polut/ohjaamo/" in http.get("/").content.decode()
    page = http.get("/polut/ohjaamo/").content.decode()
    assert f"/polut/ohjaamo/{contact.code}/" in page


def test_the_pages_create_a_contact_add_a_nopsa_entry_and_count_it(
    desk: Desk, verified_client: Login
) -> None:
    http = verified_client(desk.counsellor)
    response = http.post(
        "/polut/ohjaamo/uusi/",
        {
            "first_name": "Eetu",
            "age": "17",
            "municipality": "609",
            "on": str(desk.today),
            "channel": "phone",
            "topic": "Ammatinvalinta",
        },
    )
    assert response.status_code == 302, response.content.decode()
    contact = YouthContact.objects.get()
    assert response["Location"] == f"/polut/ohjaamo/{contact.code}/"
    response = http.post(
        f"/polut/ohjaamo/{contact.code}/yhteydenotto/",
        {"on": str(desk.today), "channel": "nopsa", "topic": "Työnhaku etänä"},
    )
    assert response.status_code == 302
    refused = http.post(
        f"/polut/ohjaamo/{contact.code}/yhteydenotto/",
        {"on": str(desk.today + timedelta(days=1)), "channel": "nopsa", "topic": "x"},
    )
    assert refused.status_code == 400
    assert YouthContactEntry.objects.filter(channel="nopsa").count() == 1
    page = http.get("/polut/ohjaamo/").content.decode()
    assert "Nopsa-etäpalvelun yhteydenotot kuukausittain" in page
    counts = youth.nopsa_counts({desk.counsellor.unit_id})
    assert [(row.month.month, row.count) for row in counts] == [(desk.today.month, 1)]


def test_the_contact_becomes_a_client_with_the_entries_carried_over(
    desk: Desk, verified_client: Login
) -> None:
    contact = new_contact(desk)
    youth.youth_contact_entry_add(
        actor=desk.counsellor, contact=contact, on=desk.today, channel="nopsa", topic="Etätapaaminen"
    )
    http = verified_client(desk.counsellor)
    url = f"/polut/ohjaamo/{contact.code}/rekisteroi/"
    form = {
        "identity_code": young_code(19, desk.today),
        "last_name": "Nuorinen",
        "agreed_on": str(desk.today),
        "agreed_how": "in_person",
        "revision": "0",
    }
    refused = http.post(url, form)
    assert refused.status_code == 400
    assert "suostumusta" in refused.content.decode()
    assert not Client.objects.filter(code=contact.code).exists()
    response = http.post(url, {**form, "agreed": "on"})
    assert response.status_code == 302, response.content.decode()
    relationship = ClientRelationship.objects.get(track=Track.YOUTH_ONE_STOP)
    assert response["Location"] == f"/polut/{relationship.code}/"
    client = relationship.client
    assert (client.code, client.first_names, client.last_name) == (contact.code, "Aino", "Nuorinen")
    assert relationship.responsible_unit == desk.counsellor.unit
    assert relationship.team.filter(user=desk.counsellor).exists()
    assert set(YouthContactEntry.objects.values_list("relationship", flat=True)) == {relationship.pk}
    contact.refresh_from_db()
    assert contact.relationship == relationship
    # The contact's own log entries are under the client's code now.
    assert AccessEvent.objects.filter(client_code=client.code, object_type="paths.youthcontact").exists()
    with pytest.raises(YouthContactConverted):
        youth.youth_contact_convert(
            actor=desk.counsellor,
            contact=contact,
            identity_code=young_code(19, desk.today),
            last_name="X",
            agreed=True,
            agreed_on=desk.today,
            agreed_how="phone",
            expected_revision=contact.revision,
        )


def test_registration_refuses_an_older_person_or_a_registered_code_whole(desk: Desk) -> None:
    contact = new_contact(desk)
    common = {
        "actor": desk.counsellor,
        "contact": contact,
        "last_name": "Nuorinen",
        "agreed": True,
        "agreed_on": desk.today,
        "agreed_how": "phone",
        "expected_revision": 0,
    }
    with pytest.raises(InvalidPathData) as refused:
        youth.youth_contact_convert(identity_code=young_code(31, desk.today), **common)  # type: ignore[arg-type]
    assert "R-YOUTH-1" in str(refused.value.error_dict["identity_code"])
    other = new_contact(desk, first_name="Ville")
    youth.youth_contact_convert(**{**common, "contact": other}, identity_code=young_code(20, desk.today))  # type: ignore[arg-type]
    with pytest.raises(DuplicateIdentityCode):
        youth.youth_contact_convert(identity_code=young_code(20, desk.today), **common)  # type: ignore[arg-type]
    contact.refresh_from_db()
    assert not contact.converted
    assert Client.objects.count() == 1


def registered_jobseeker(desk: Desk, unemployed_months: int) -> ClientRelationship:
    contact = new_contact(desk)
    relationship = youth.youth_contact_convert(
        actor=desk.counsellor,
        contact=contact,
        identity_code=young_code(22, desk.today),
        last_name="Työnhakija",
        agreed=True,
        agreed_on=desk.today,
        agreed_how="in_person",
        expected_revision=0,
    )
    services.service_plan_create(
        actor=desk.counsellor,
        relationship=relationship,
        data={
            "made_on": desk.today,
            "goals": "Opiskelupaikka syksyllä",
            "unemployed_since": desk.today - timedelta(days=31 * unemployed_months),
        },
    )
    return relationship


def test_the_five_month_joint_assessment_is_a_worklist_item_until_recorded(
    desk: Desk, verified_client: Login
) -> None:
    relationship = registered_jobseeker(desk, 6)
    items = deadlines.youth_items([relationship.pk], desk.today)
    assert [item.kind for item in items] == ["youth_joint_assessment"]
    assert "R-YOUTH-1" in items[0].label
    assert "nuorten tiimiin" in items[0].label
    assert items[0].due_on <= desk.today
    http = verified_client(desk.counsellor)
    page = http.get(f"/polut/{relationship.code}/").content.decode()
    assert f"/polut/{relationship.code}/yhteinen-arvio/" in page
    refused = http.post(
        f"/polut/{relationship.code}/yhteinen-arvio/",
        {"held_on": str(desk.today), "participants": "", "result": "x"},
    )
    assert refused.status_code == 400
    response = http.post(
        f"/polut/{relationship.code}/yhteinen-arvio/",
        {
            "held_on": str(desk.today),
            "participants": "Ohjaaja, sosiaalityöntekijä, nuori",
            "result": "Nuorten tiimiin",
        },
    )
    assert response.status_code == 302
    assert deadlines.youth_items([relationship.pk], desk.today) == []
    page = http.get(f"/polut/{relationship.code}/").content.decode()
    assert "Nuorten tiimiin" in page
    assert f"/polut/{relationship.code}/yhteinen-arvio/" not in page
    with pytest.raises(AlreadyRecorded):
        youth.joint_assessment_record(
            actor=desk.counsellor, relationship=relationship, held_on=desk.today, participants="x", result="y"
        )
    assert JointAssessment.objects.count() == 1


def test_a_young_jobseeker_unemployed_for_a_month_has_the_item_ahead(desk: Desk) -> None:
    relationship = registered_jobseeker(desk, 1)
    (item,) = deadlines.youth_items([relationship.pk], desk.today)
    assert item.due_on > desk.today
    plan = relationship.service_plans.get()
    assert plan.kind == ServicePlanKind.YOUTH_GUIDANCE


def test_the_api_keeps_parity(desk: Desk, token_client: Login) -> None:  # noqa: F811
    api = token_client(desk.counsellor)
    body = {
        "first_name": "Iida",
        "age": 18,
        "municipality": "609",
        "on": str(desk.today),
        "channel": "nopsa",
        "topic": "Työnhaku",
    }
    response = api.post(f"{API}/youth/contacts", body, content_type="application/json")
    assert response.status_code == 201, response.content
    code = response.json()["code"]
    assert (
        api.post(f"{API}/youth/contacts", {**body, "age": 30}, content_type="application/json").status_code
        == 400
    )
    response = api.post(
        f"{API}/youth/contacts/{code}/entries",
        {"on": str(desk.today), "channel": "phone", "topic": "Soitto"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert len(response.json()["entries"]) == 2
    listed = api.get(f"{API}/youth/contacts").json()
    assert [item["code"] for item in listed["contacts"]] == [code]
    assert listed["nopsa_counts"][0]["count"] == 1
    elsewhere = token_client(desk.colleague_elsewhere)
    assert elsewhere.get(f"{API}/youth/contacts/{code}").status_code == 404
    response = api.post(
        f"{API}/youth/contacts/{code}/convert",
        {
            "identity_code": young_code(18, desk.today),
            "last_name": "Nuori",
            "agreed": True,
            "agreed_on": str(desk.today),
            "agreed_how": "nopsa",
            "expected_revision": 0,
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    relationship_code = response.json()["relationship"]
    relationship = ClientRelationship.objects.get(code=relationship_code)
    assert relationship.track == Track.YOUTH_ONE_STOP
    services.service_plan_create(
        actor=desk.counsellor,
        relationship=relationship,
        data={"made_on": desk.today, "goals": "x", "unemployed_since": desk.today - timedelta(days=160)},
    )
    response = api.post(
        f"{API}/youth/{relationship_code}/joint-assessments",
        {"held_on": str(desk.today), "participants": "Tiimi", "result": "Jatketaan Ohjaamossa"},
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["result"] == "Jatketaan Ohjaamossa"
