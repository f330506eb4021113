"""The client's benefits recorded with their dates (SPEC §5, issue 14): a benefit period is in its benefit's
category (Kela's benefits under Kela's, social assistance under the social services'), recorded by that
sector's professionals, listed to those the policy lets see the category, and audited both ways. Before,
`Client.benefits` could be stored but no page or API operation recorded or showed it."""

from collections.abc import Callable
from datetime import date

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from tests.api.conftest import API, events_since, last_event_id, token_client
from yhteispolku.accounts.models import User
from yhteispolku.clients.models import BenefitPeriod, Client
from yhteispolku.organisations.models import Organisation, Unit

__all__ = ["token_client"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def team(make_professional: Callable[..., User]) -> dict[str, object]:
    expert = make_professional("employment_expert", "satakunta-employment-area", "satakunta-ea-tym")
    social = make_professional("social_worker", "satakunta-wellbeing-county", "satakunta-wc-social")
    advisor = make_professional("kela_work_ability_advisor", "kela", "kela-west")
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    client = new_client(employment_area)
    relationship = open_relationship(client, Unit.objects.get(slug="satakunta-ea-tym"))
    for member in (expert, social, advisor):
        join_team(relationship, member)
    return {"client": client, "expert": expert, "social": social, "advisor": advisor}


def _url(client: Client) -> str:
    return reverse("clients:benefits", kwargs={"code": client.code})


def test_kela_advisor_records_a_kela_benefit_and_the_page_lists_it(
    team: dict[str, object], verified_client: Callable[[User], HttpClient]
) -> None:
    client, advisor = team["client"], team["advisor"]
    browser = verified_client(advisor)  # type: ignore[arg-type]
    before = last_event_id()
    response = browser.post(
        _url(client),  # type: ignore[arg-type]
        {
            "benefit": "rehabilitation_allowance",
            "starts_on": "2026-02-01",
            "ends_on": "",
            "source": "kela_decision",
        },
    )
    assert response.status_code == 302
    period = BenefitPeriod.objects.get(client=client)
    assert (period.benefit, period.category, period.starts_on, period.ends_on) == (
        "rehabilitation_allowance", "kela", date(2026, 2, 1), None,
    )  # fmt: skip
    assert period.recorded_by == advisor
    assert period.organisation == advisor.organisation
    events = events_since(before, client)  # type: ignore[arg-type]
    assert any(e.action == "create" and e.category == "kela" and e.allowed for e in events)
    page = browser.get(_url(client)).content.decode()  # type: ignore[arg-type]
    assert "Kuntoutusraha" in page
    assert "1.2.2026" in page
    # The client page links to her benefits.
    detail = browser.get(reverse("clients:detail", kwargs={"code": client.code})).content.decode()  # type: ignore[attr-defined]
    assert _url(client) in detail  # type: ignore[arg-type]


def test_ending_before_starting_is_refused_naming_the_field_and_nothing_is_saved(
    team: dict[str, object], verified_client: Callable[[User], HttpClient]
) -> None:
    client = team["client"]
    browser = verified_client(team["advisor"])  # type: ignore[arg-type]
    response = browser.post(
        _url(client),  # type: ignore[arg-type]
        {
            "benefit": "sickness_allowance",
            "starts_on": "2026-03-01",
            "ends_on": "2026-02-01",
            "source": "client",
        },
    )
    assert response.status_code == 400
    assert "Päättymispäivä ei voi olla ennen alkamispäivää." in response.content.decode()
    assert response.context["form"].errors["ends_on"]
    assert not BenefitPeriod.objects.exists()


def test_social_assistance_is_the_social_category_and_kela_benefits_need_consent_for_the_social_worker(
    team: dict[str, object], verified_client: Callable[[User], HttpClient]
) -> None:
    client, social, advisor = team["client"], team["social"], team["advisor"]
    social_browser = verified_client(social)  # type: ignore[arg-type]
    # The social worker is offered social assistance only: Kela's benefits are not her sector's to record.
    form = social_browser.get(_url(client)).context["form"]  # type: ignore[arg-type]
    assert [value for value, _label in form.fields["benefit"].choices] == ["social_assistance"]
    refused = social_browser.post(
        _url(client),  # type: ignore[arg-type]
        {"benefit": "labour_market_subsidy", "starts_on": "2026-01-01", "source": "client"},
    )
    assert refused.status_code == 400
    assert not BenefitPeriod.objects.exists()
    assert (
        social_browser.post(
            _url(client),  # type: ignore[arg-type]
            {"benefit": "social_assistance", "starts_on": "2026-01-01", "source": "social_services_decision"},
        ).status_code
        == 302
    )
    assert BenefitPeriod.objects.get().category == "social"
    verified_client(advisor).post(  # type: ignore[arg-type]
        _url(client),  # type: ignore[arg-type]
        {"benefit": "labour_market_subsidy", "starts_on": "2026-01-01", "source": "kela_decision"},
    )
    # Without consents, each sees its own sector's benefit only, and the other category is logged refused.
    before = last_event_id()
    periods = social_browser.get(_url(client)).context["periods"]  # type: ignore[arg-type]
    assert [p.benefit for p in periods.periods] == ["social_assistance"]
    assert [str(c) for c in periods.hidden] == ["kela"]
    refusals = [e for e in events_since(before, client) if not e.allowed]  # type: ignore[arg-type]
    assert [(e.category, e.reason) for e in refusals] == [("kela", "consent_missing")]
    # A consent covering Kela's data for the social worker's organisation shows her Kela's benefits too.
    give_consent(client, [social.organisation], team["expert"], categories=["kela"])  # type: ignore[arg-type,list-item]
    periods = social_browser.get(_url(client)).context["periods"]  # type: ignore[arg-type]
    assert sorted(p.benefit for p in periods.periods) == ["labour_market_subsidy", "social_assistance"]


def test_outsider_gets_404(
    make_professional: Callable[..., User],
    team: dict[str, object],
    verified_client: Callable[[User], HttpClient],
) -> None:
    outsider = make_professional("public_health_nurse", "keusote", "keusote-health")
    assert verified_client(outsider).get(_url(team["client"])).status_code == 404  # type: ignore[arg-type]


def test_api_records_and_lists_with_the_same_policy(
    team: dict[str, object], token_client: Callable[[User], HttpClient]
) -> None:
    client, advisor, social = team["client"], team["advisor"], team["social"]
    url = f"{API}/clients/{client.code}/benefits"  # type: ignore[attr-defined]
    api = token_client(advisor)  # type: ignore[arg-type]
    bad = api.post(
        url,
        {
            "benefit": "sickness_allowance",
            "starts_on": "2026-03-01",
            "ends_on": "2026-02-01",
            "source": "client",
        },
        content_type="application/json",
    )
    assert bad.status_code == 400
    assert [e["field"] for e in bad.json()["errors"]] == ["ends_on"]
    created = api.post(
        url,
        {"benefit": "disability_pension", "starts_on": "2026-03-01", "source": "kela_decision"},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["category"] == "kela"
    listed = api.get(url).json()
    assert [p["benefit"] for p in listed["periods"]] == ["disability_pension"]
    # The social worker may not record a Kela benefit (403), and sees none without consent.
    social_api = token_client(social)  # type: ignore[arg-type]
    refused = social_api.post(
        url, {"benefit": "disability_pension", "starts_on": "2026-03-01", "source": "client"},
        content_type="application/json",
    )  # fmt: skip
    assert refused.status_code == 403
    assert social_api.get(url).json() == {"periods": [], "hidden_categories": ["kela"]}
