"""The desk is the data-protection officer's alone: the search among all clients (by the identity code's
lookup hash, or by name) is logged with its request reference; every other role is refused and never
offered the link."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.access.conftest import new_client
from tests.privacy.conftest import record
from yhteispolku.accounts.models import User
from yhteispolku.audit.models import AccessEvent
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client
from yhteispolku.organisations.models import Organisation

pytestmark = pytest.mark.django_db

OTHER_ROLES = [
    ("employment_expert", "satakunta-employment-area", "satakunta-ea-tym"),
    ("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social"),
    ("tym_coordinator", "satakunta-employment-area", "satakunta-ea-tym"),
    ("steering_group_member", "satakunta-employment-area", "satakunta-ea-tym"),
    ("administrator", "satakunta-employment-area", "satakunta-ea-administration"),
]


@pytest.mark.parametrize(("role", "organisation", "unit"), OTHER_ROLES)
def test_every_other_role_is_refused_and_not_offered_the_desk(
    role: str,
    organisation: str,
    unit: str,
    maija: Client,
    officer: User,
    make_professional: Callable[..., User],
    verified_client: Callable[[User], HttpClient],
) -> None:
    row = record(officer, maija)
    http = verified_client(make_professional(role, organisation, unit))
    desk = reverse("privacy:desk")
    home = http.get(reverse("web:home")).content.decode()
    assert desk not in home
    assert http.get(desk).status_code == 403
    assert http.post(desk, {"reference": "X", "q": "Maija"}).status_code == 403
    assert http.get(reverse("privacy:request", kwargs={"pk": row.pk})).status_code == 403
    assert http.get(reverse("privacy:answer_pdf", kwargs={"pk": row.pk})).status_code == 403
    assert http.get(reverse("privacy:request_new", kwargs={"code": maija.code})).status_code == 403


def test_the_officer_is_offered_the_desk_on_the_front_page_and_in_the_menu(
    officer: User, verified_client: Callable[[User], HttpClient]
) -> None:
    home = verified_client(officer).get(reverse("web:home")).content.decode()
    assert home.count(f'href="{reverse("privacy:desk")}"') == 2


def test_a_search_by_identity_code_finds_a_client_of_the_officers_organisation_and_is_logged(
    officer: User, verified_client: Callable[[User], HttpClient]
) -> None:
    code = hetu.compose(date(1985, 6, 1), 933)
    maija = Client(
        recorded_by=Organisation.objects.get(slug="satakunta-wellbeing-county"),
        first_names="Maija",
        last_name="Virta",
    )
    maija.set_identity_code(code, allow_temporary=True)
    maija.save()
    new_client(Organisation.objects.get(slug="satakunta-employment-area"), last_name="Virta")
    response = verified_client(officer).post(reverse("privacy:desk"), {"reference": "TSV-2026-5", "q": code})
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Virta</th>") == 1
    assert reverse("privacy:request_new", kwargs={"code": maija.code}) in page
    assert page.count(code) == 1  # only in the search field, not in the results
    search = AccessEvent.objects.get(actor=officer, action="search")
    assert (search.object_id, search.purpose, search.client_code) == (
        "request:TSV-2026-5",
        "data_protection_request",
        None,
    )
    listed = AccessEvent.objects.get(actor=officer, action="view", client_code=maija.code)
    assert listed.object_id == "request:TSV-2026-5"


def test_a_search_by_name_finds_clients_nobody_relates_the_officer_to(
    officer: User, verified_client: Callable[[User], HttpClient]
) -> None:
    for last_name in ("Virta", "Virtanen", "Koski"):
        new_client(Organisation.objects.get(slug="satakunta-employment-area"), last_name=last_name)
    page = (
        verified_client(officer)
        .post(reverse("privacy:desk"), {"reference": "R1", "q": "virt"})
        .content.decode()
    )
    assert "Virta</th>" in page
    assert "Virtanen</th>" in page
    assert "Koski" not in page
    assert AccessEvent.objects.filter(actor=officer, action="view", object_id="request:R1").count() == 2


def test_a_search_without_a_reference_or_with_a_malformed_code_is_refused_on_the_form(
    officer: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(officer)
    no_reference = http.post(reverse("privacy:desk"), {"reference": "", "q": "Maija"})
    bad_code = http.post(reverse("privacy:desk"), {"reference": "R1", "q": "010185-933X"})
    assert no_reference.status_code == 400
    assert bad_code.status_code == 400
    assert "field-error" in bad_code.content.decode()
    assert not AccessEvent.objects.filter(actor=officer, action="search").exists()
