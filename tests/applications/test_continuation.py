"""Continuation applications (jatkohakemus, issue 14): an application may continue an earlier decided one of
the same client and benefit, on the page and in the API; anything else is refused naming the field and
nothing is saved. Before, an application had no link to the decision it continued."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.access.conftest import join_team, new_client, open_relationship
from tests.api.conftest import API, token_client
from tests.applications.conftest import days_ago, record_application
from tests.assessments.conftest import Team
from yhteispolku.accounts.models import User
from yhteispolku.applications import services
from yhteispolku.applications.errors import ContinuationInvalid
from yhteispolku.applications.models import Application

__all__ = ["token_client"]
pytestmark = pytest.mark.django_db


def decided(team: Team, benefit: str = "kela_work_trial") -> Application:
    application = record_application(team, benefit=benefit, submitted_on=days_ago(90))
    return services.application_decide(
        actor=team.kela_advisor,
        application=application,
        expected_revision=application.revision,
        decision="granted",
        decided_on=days_ago(60),
    )


def test_a_continuation_links_to_the_earlier_decision_and_the_page_shows_it(
    team: Team, signed_in: Callable[[User], HttpClient]
) -> None:
    earlier = decided(team)
    browser = signed_in(team.kela_advisor)
    form = browser.get(reverse("applications:record", kwargs={"code": team.client.code})).context["form"]
    assert list(form.fields["continues"].queryset) == [earlier]
    response = browser.post(
        reverse("applications:record", kwargs={"code": team.client.code}),
        {"benefit": "kela_work_trial", "submitted_on": str(days_ago(5)), "continues": earlier.pk},
    )
    assert response.status_code == 302
    continuation = Application.objects.exclude(pk=earlier.pk).get()
    assert continuation.continues == earlier
    page = browser.get(
        reverse(
            "applications:detail", kwargs={"code": team.client.code, "application_code": continuation.code}
        )
    ).content.decode()
    assert "Jatkohakemus" in page
    assert (
        reverse("applications:detail", kwargs={"code": team.client.code, "application_code": earlier.code})
        in page
    )


def test_continuing_another_benefit_an_undecided_one_or_before_the_decision_is_refused(team: Team) -> None:
    earlier = decided(team)
    pending = record_application(team, benefit="taito")
    for benefit, continues in (("taito", earlier), ("taito", pending)):
        with pytest.raises(ContinuationInvalid) as error:
            services.application_record(
                actor=team.kela_advisor, client=team.client, benefit=benefit, submitted_on=days_ago(1),
                continues=continues,
            )  # fmt: skip
        assert "continues" in error.value.message_dict
    with pytest.raises(ContinuationInvalid) as error:
        services.application_record(
            actor=team.kela_advisor, client=team.client, benefit="kela_work_trial", submitted_on=days_ago(70),
            continues=earlier,
        )  # fmt: skip
    assert "submitted_on" in error.value.message_dict
    assert Application.objects.count() == 2


def test_another_clients_application_cannot_be_continued(team: Team) -> None:
    earlier = decided(team)
    other = new_client(team.employment_area, first_names="Pekka")
    join_team(open_relationship(other, team.relationship.responsible_unit), team.kela_advisor)
    with pytest.raises(ContinuationInvalid):
        services.application_record(
            actor=team.kela_advisor, client=other, benefit="kela_work_trial", submitted_on=days_ago(1),
            continues=earlier,
        )  # fmt: skip


def test_the_api_records_a_continuation_and_refuses_a_wrong_one_on_the_field(
    team: Team, token_client: Callable[[User], HttpClient]
) -> None:
    earlier = decided(team)
    kela = token_client(team.kela_advisor)
    url = f"{API}/applications/{team.client.code}"
    wrong = kela.post(
        url,
        {"benefit": "taito", "submitted_on": str(days_ago(1)), "continues": str(earlier.code)},
        content_type="application/json",
    )
    assert wrong.status_code == 400
    assert [e["field"] for e in wrong.json()["errors"]] == ["continues"]
    created = kela.post(
        url,
        {"benefit": "kela_work_trial", "submitted_on": str(days_ago(1)), "continues": str(earlier.code)},
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["continues"] == str(earlier.code)
