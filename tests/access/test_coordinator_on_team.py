"""SPEC §5.1: the TYM coordinator and the unit manager see phase, team and deadlines, never journal text,
even on a case team they have joined (issue #11: the coordinator who accepted a referral read the
employment, social and Kela journal)."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from tests.access.conftest import give_consent, join_team, new_client, open_relationship
from yhteispolku.access.relations import Relation, relation_facts
from yhteispolku.accounts.models import User
from yhteispolku.organisations.models import Organisation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", ["tym_coordinator", "unit_manager"])
@pytest.mark.parametrize("category", ["employment", "social", "kela", "plan"])
def test_a_coordinator_on_the_team_reads_no_journal_text(
    role: str,
    category: str,
    make_professional: Callable[..., User],
    verified_client: Callable[[User], HttpClient],
) -> None:
    actor = make_professional(role, "satakunta-employment-area", "satakunta-ea-tym")
    client = new_client(Organisation.objects.get(slug="satakunta-employment-area"))
    join_team(open_relationship(client, actor.unit), actor)  # type: ignore[arg-type]
    give_consent(client, list(Organisation.objects.filter(kind__in=Organisation.AUTHORITY_KINDS)), actor)

    response = verified_client(actor).get(
        reverse("clients:category", kwargs={"code": client.code, "category": category})
    )

    assert relation_facts(actor=actor, client=client).relation == Relation.RESPONSIBLE_MANAGER
    assert response.status_code == 403
