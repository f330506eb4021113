"""Maija's mapping in the demo data: the seed-002 story on top of `web.demo_data.load_demo`."""

from collections.abc import Callable

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from yhteispolku.accounts.models import User
from yhteispolku.assessments.demo import load_maija_mapping
from yhteispolku.assessments.models import MappingAction, SectorAssessment
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.web.demo_data import load_demo


@pytest.mark.django_db
def test_demo_maija_has_the_mapping_of_seed_002(verified_client: Callable[[User], HttpClient]) -> None:
    clients = load_demo()
    relationship = ClientRelationship.objects.get(client=clients["maija"], track=Track.TYM)
    users = {user.username: user for user in User.objects.all()}
    for _ in range(2):  # the demo loader runs again on every start: nothing is doubled
        load_maija_mapping(
            relationship=relationship,
            social_worker=users["sosiaalityontekija"],
            employment_expert=users["tyollisyysasiantuntija"],
            nurse=users["terveydenhoitaja"],
            kela_advisor=users["kela-tyokykyneuvoja"],
            started_on=relationship.started_on,
        )

    assert sorted(SectorAssessment.objects.values_list("sector", flat=True)) == ["employment", "social"]
    assert MappingAction.objects.count() == 2
    body = (
        verified_client(users["kela-tyokykyneuvoja"])
        .get(reverse("assessments:mapping", kwargs={"relationship_code": relationship.code}))
        .content.decode()
    )
    assert "Palvelutarpeen arvio: Maija asuu perheen kanssa." in body
    assert "B-lausunto (SV 7" in body
    assert "Lähete työttömän terveystarkastukseen" in body
