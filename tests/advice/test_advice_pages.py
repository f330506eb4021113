"""The checks on the TYM case page: each shows its rule version and the facts it used; the employment
expert records the facts; a professional records a decision, which is kept with the advice and logged."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from yhteispolku.accounts.models import User
from yhteispolku.advice.models import AdviceDecision, UnemploymentFacts
from yhteispolku.audit.models import AccessEvent
from yhteispolku.cases.models import ClientRelationship

pytestmark = pytest.mark.django_db


def last_event() -> int:
    return AccessEvent.objects.order_by("-id").values_list("id", flat=True).first() or 0


def page(http: HttpClient, relationship: ClientRelationship) -> str:
    response = http.get(reverse("cases:detail", kwargs={"code": relationship.client.code}))
    assert response.status_code == 200
    return response.content.decode()


def url(name: str, relationship: ClientRelationship) -> str:
    return reverse(f"advice:{name}", kwargs={"code": relationship.client.code})


def test_the_case_page_advises_on_the_tym_criteria_from_the_referral(
    accepted: ClientRelationship, tym_expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    text = page(verified_client(tym_expert), accepted)
    assert 'Täyttyvätkö TYM-kriteerit <span class="muted">(R-TYM-1 v2025.1)</span>' in text
    assert "Neuvo: edellytykset täyttyvät." in text
    assert "työllistymisen esteenä ovat työ- ja toimintakyvyn rajoitteet" in text.lower()
    assert 'Onko henkilö työtön (380/2023 3 § 4 kohta) <span class="muted">(R-UNEMP-1)</span>' in text
    assert "Tietoja ei ole kirjattu" in text


def test_the_employment_expert_records_the_facts_and_the_check_advises(
    accepted: ClientRelationship, tym_expert: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(tym_expert)
    today = timezone.localdate().isoformat()
    refused = http.post(url("unemployment_facts", accepted), {"on": today, "employed": "on"})
    assert refused.status_code == 400
    assert "R-UNEMP-1: anna säännöllinen työaika" in refused.content.decode()
    done = http.post(
        url("unemployment_facts", accepted), {"on": today, "employed": "on", "weekly_working_hours": "3.9"}
    )
    assert done.status_code == 302
    text = page(http, accepted)
    assert "(R-UNEMP-1 v2025.1)" in text
    assert "3.9 h" in text
    assert "Neuvo: edellytykset täyttyvät." in text
    http.post(
        url("unemployment_facts", accepted), {"on": today, "employed": "on", "weekly_working_hours": "4"}
    )
    assert "työaika on vähintään 4 tuntia viikossa" in page(http, accepted)


def test_the_social_worker_may_not_record_employment_facts(
    accepted: ClientRelationship, tym_social_worker: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(tym_social_worker)
    assert http.get(url("unemployment_facts", accepted)).status_code == 403
    assert not UnemploymentFacts.objects.exists()


def test_a_decision_is_recorded_with_the_advice_and_logged(
    accepted: ClientRelationship,
    tym_social_worker: User,
    verified_client: Callable[[User], HttpClient],
) -> None:
    http = verified_client(tym_social_worker)
    missing = http.post(url("tym_criteria_decision", accepted), {"decision": "does_not_hold", "reason": " "})
    assert missing.status_code == 400
    before = last_event()
    response = http.post(
        url("tym_criteria_decision", accepted),
        {"decision": "does_not_hold", "reason": "Julkiset työvoimapalvelut riittävät tässä vaiheessa."},
    )
    assert response.status_code == 302
    decision = AdviceDecision.objects.get()
    assert (decision.check_id, decision.rule_version, decision.advice, decision.decision) == (
        "R-TYM-1",
        "2025.1",
        "holds",
        "does_not_hold",
    )
    assert decision.decided_by == tym_social_worker
    assert decision.facts["rule"] == "R-TYM-1 v2025.1"
    assert (
        decision.facts["facts"][
            "ratkaisut vaativat monialaista tukea, ei pelkästään viranomaisten konsultointia"
        ]
        == "kyllä"
    )
    logged = AccessEvent.objects.filter(id__gt=before, client_code=accepted.client.code, action="create")
    assert logged.filter(object_type="advice.advicedecision", allowed=True).exists()
    assert "Päätös: edellytykset eivät täyty" in page(http, accepted)


def test_an_outsider_cannot_reach_the_checks(
    accepted: ClientRelationship, outsider: User, verified_client: Callable[[User], HttpClient]
) -> None:
    http = verified_client(outsider)
    before = last_event()
    assert http.get(url("tym_criteria_decision", accepted)).status_code == 404
    assert AccessEvent.objects.filter(id__gt=before, client_code=accepted.client.code, allowed=False).exists()
