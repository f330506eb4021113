"""Issue 16, finding 9: the data-protection officer works for their own organisation's clients (as
controller: the organisation that registered the client and those responsible for the client's
relationships), and for another organisation's only under a recorded joint-controller agreement in force.
Another controller's client is answered like an unknown one (404) everywhere on the desk and in the API,
and the attempt is logged. A read of the log names a request recorded in the register for that client.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

import pytest
from django.test import Client as HttpClient
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests.access.conftest import new_client, open_relationship
from tests.privacy.conftest import read, record
from yhteispolku.accounts.models import User
from yhteispolku.accounts.tokens import api_token_create
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import JointControllerAgreement, Organisation, Unit
from yhteispolku.worklist.selectors import collect

pytestmark = pytest.mark.django_db
Http = Callable[[User], HttpClient]


@pytest.fixture
def keusote_officer(make_professional: Callable[..., User]) -> User:
    return make_professional("data_protection_officer", "keusote", "keusote-health")


@pytest.fixture
def kalle(db: None) -> Client:
    """Keusote's client: registered there, his relationship Keusote's."""
    keusote = Organisation.objects.get(slug="keusote")
    client = new_client(keusote, first_names="Kalle", last_name="Keskiuusimaalainen")
    open_relationship(client, Unit.objects.get(slug="keusote-health"))
    return client


def api(user: User) -> HttpClient:
    _token, raw = api_token_create(user=user, name="testi")
    return HttpClient(HTTP_AUTHORIZATION=f"Bearer {raw}")


def denied(officer: User, client: Client) -> list[AccessEvent]:
    return list(AccessEvent.objects.filter(actor=officer, client_code=client.code, allowed=False))


def test_the_countys_officer_cannot_read_keusotes_client_log_anywhere(
    officer: User, keusote_officer: User, kalle: Client, social_worker: User, verified_client: Http
) -> None:
    read(social_worker, kalle)
    kalles_request = record(keusote_officer, kalle, reference="KEUSOTE-2026-3")
    http = verified_client(officer)

    answers = {
        "request page": http.get(reverse("privacy:request", kwargs={"pk": kalles_request.pk})),
        "answer letter": http.get(reverse("privacy:answer_pdf", kwargs={"pk": kalles_request.pk})),
        "new request": http.get(reverse("privacy:request_new", kwargs={"code": kalle.code})),
        "API log": api(officer).get(
            f"/api/v1/clients/{kalle.code}/access-log", {"request_reference": "KEUSOTE-2026-3"}
        ),
    }
    unknown = api(officer).get(
        "/api/v1/clients/00000000-0000-4000-8000-000000000001/access-log", {"request_reference": "X"}
    )

    assert {name: response.status_code for name, response in answers.items()} == dict.fromkeys(answers, 404)
    assert answers["API log"].json() == unknown.json()
    # Each attempt is in the log of Kalle, refused.
    assert len(denied(officer, kalle)) == len(answers)
    # Nor does the desk list him: not in a search, not among the open requests, not on the worklist.
    desk = http.post(reverse("privacy:desk"), {"reference": "R1", "q": "Keskiuusimaalainen"}).content.decode()
    assert "Keskiuusimaalainen</th>" not in desk
    assert "KEUSOTE-2026-3" not in http.get(reverse("privacy:desk")).content.decode()
    worklist, _relations, _shown = collect(actor=officer, today=timezone.localdate())
    assert all(item.client_code != str(kalle.code) for item in worklist.items)
    # Keusote's own officer reads it.
    own = verified_client(keusote_officer).get(reverse("privacy:request", kwargs={"pk": kalles_request.pk}))
    assert own.status_code == 200
    assert social_worker.get_full_name() in own.content.decode()


def test_a_joint_controller_agreement_in_force_opens_the_other_partys_clients(
    officer: User, keusote_officer: User, kalle: Client, verified_client: Http
) -> None:
    kalles_request = record(keusote_officer, kalle, reference="KEUSOTE-2026-4")
    url = reverse("privacy:request", kwargs={"pk": kalles_request.pk})
    agreement = JointControllerAgreement.objects.create(
        reference="YRP-2026-1", valid_from=timezone.localdate() - timedelta(days=30)
    )
    agreement.parties.set(Organisation.objects.filter(slug__in=("keusote", "satakunta-wellbeing-county")))
    http = verified_client(officer)

    assert http.get(url).status_code == 200

    agreement.valid_until = timezone.localdate() - timedelta(days=1)
    agreement.save()
    assert http.get(url).status_code == 404


def test_the_client_of_a_relationship_the_officers_organisation_is_responsible_for_is_in_scope(
    keusote_officer: User, officer: User, verified_client: Http
) -> None:
    # Registered in Keusote, but his relationship is the Satakunta county's: both officers serve him.
    client = new_client(Organisation.objects.get(slug="keusote"))
    open_relationship(client, Unit.objects.get(slug="satakunta-wc-social"))
    log_request = record(officer, client, reference="TSV-2026-77")
    for who in (officer, keusote_officer):
        assert (
            verified_client(who).get(reverse("privacy:request", kwargs={"pk": log_request.pk})).status_code
            == 200
        )


def test_the_log_is_read_only_for_a_request_recorded_for_that_client(
    officer: User, maija: Client, kalle: Client
) -> None:
    other = new_client(Organisation.objects.get(slug="satakunta-employment-area"), last_name="Toinen")
    record(officer, maija, reference="TSV-2026-17")
    record(officer, other, reference="TSV-2026-18")
    http = api(officer)
    url = f"/api/v1/clients/{maija.code}/access-log"

    any_text = http.get(url, {"request_reference": "mikä tahansa"})
    another_clients = http.get(url, {"request_reference": "TSV-2026-18"})
    recorded = http.get(url, {"request_reference": "TSV-2026-17"})

    assert any_text.status_code == 403
    assert another_clients.status_code == 403
    assert recorded.status_code == 200
    refusals = AccessEvent.objects.filter(
        actor=officer, client_code=maija.code, category="log", allowed=False
    )
    assert refusals.count() == 2
    assert set(refusals.values_list("reason", flat=True)) == {"request_not_recorded"}


def test_the_old_unpaged_log_page_is_gone(officer: User, maija: Client, verified_client: Http) -> None:
    with pytest.raises(NoReverseMatch):
        reverse("clients:access_log", kwargs={"code": maija.code})
    assert verified_client(officer).get(f"/asiakkaat/{maija.code}/loki/").status_code == 404


def test_the_admin_records_an_agreement_of_at_least_two_parties(
    make_professional: Callable[..., User], verified_client: Http
) -> None:
    admin = make_professional("administrator", "satakunta-employment-area", "satakunta-ea-administration")
    admin.is_staff = admin.is_superuser = True
    admin.save()
    http = verified_client(admin)
    add = reverse("admin:organisations_jointcontrolleragreement_add")
    keusote = Organisation.objects.get(slug="keusote")
    county = Organisation.objects.get(slug="satakunta-wellbeing-county")

    one = http.post(add, {"reference": "YRP-1", "parties": [keusote.pk], "valid_from": "2026-01-01"})
    two = http.post(
        add, {"reference": "YRP-2", "parties": [keusote.pk, county.pk], "valid_from": "2026-01-01"}
    )

    assert one.status_code == 200
    assert "vähintään kaksi" in one.content.decode()
    assert two.status_code == 302
    assert set(JointControllerAgreement.objects.get(reference="YRP-2").parties.all()) == {keusote, county}
