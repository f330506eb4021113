"""Maija's multi-sectoral mapping from seed 002, end to end through the pages.

Meetings with the TYM social worker (service-need assessment) and the employment expert (competence
and skills), a referral to the health check for the unemployed, and a Kela consultation that finds a
medical statement is needed (B, SV 7, for Kela vocational rehabilitation).
"""

from collections.abc import Callable

from django.test import Client as HttpClient
from django.urls import reverse

from tests.assessments.conftest import Team, yesterday
from yhteispolku.accounts.models import User
from yhteispolku.assessments.models import MappingAction, SectorAssessment
from yhteispolku.audit.models import AccessEvent


def test_maijas_mapping(team: Team, signed_in: Callable[[User], HttpClient]) -> None:
    code = team.relationship.code
    day = yesterday().isoformat()
    social_worker = signed_in(team.social_worker)
    employment_expert = signed_in(team.employment_expert)
    kela_advisor = signed_in(team.kela_advisor)

    # given the two meetings of the worker pair
    response = social_worker.post(
        reverse("assessments:assessment_record", kwargs={"relationship_code": code}),
        {
            "assessed_on": day,
            "findings": "Asuu perheen kanssa. Peruskoulussa koulunkäyntiavustajan tuki.",
            "needs": "Arjen toiminnanohjauksen tuki; perheen kanssa tehtävä yhteistyö.",
        },
    )
    assert response.status_code == 302
    response = employment_expert.post(
        reverse("assessments:assessment_record", kwargs={"relationship_code": code}),
        {
            "assessed_on": day,
            "findings": "Lukion päättötodistus ilman ylioppilastutkintoa, ammatillinen tutkinto, "
            "ei palkkatyökokemusta. Toive: palkkatyö.",
            "needs": "Räätälöity työhönvalmennus.",
        },
    )
    assert response.status_code == 302

    # when the health-check referral and the Kela consultation are recorded
    for kind, responsible in (
        ("health_check_referral", team.nurse),
        ("kela_consultation", team.kela_advisor),
    ):
        response = social_worker.post(
            reverse("assessments:action_record", kwargs={"relationship_code": code}),
            {"kind": kind, "planned_on": day, "responsible": responsible.pk},
        )
        assert response.status_code == 302
    consultation = MappingAction.objects.get(kind="kela_consultation")
    response = kela_advisor.post(
        reverse(
            "assessments:action_complete",
            kwargs={"relationship_code": code, "action_code": consultation.code},
        ),
        {
            "done_on": day,
            "outcome": "Maijan tietoihin perehdytty (Kela ja sotepe); todetaan lääkärinlausunnon tarve.",
            "medical_statement_needed": "on",
            "statement_type": "B",
            "version": consultation.version,
        },
    )
    assert response.status_code == 302

    # then the mapping page shows where Maija's mapping stands
    body = social_worker.get(
        reverse("assessments:mapping", kwargs={"relationship_code": code})
    ).content.decode()
    assert "Asuu perheen kanssa." in body
    assert "Räätälöity työhönvalmennus." in body
    assert "Lähete työttömän terveystarkastukseen" in body
    assert "B-lausunto (SV 7, vaaditaan Kelan ammatilliseen kuntoutukseen)" in body
    assert body.count("arvio tehty") == 2
    assert body.count("arvio puuttuu") == 2
    assert sorted(SectorAssessment.objects.values_list("sector", flat=True)) == ["employment", "social"]
    assert list(MappingAction.objects.open().values_list("kind", flat=True)) == ["health_check_referral"]
    writes = AccessEvent.objects.filter(client_code=team.client.code, action__in=["create", "update"])
    assert writes.filter(object_type="assessments.sectorassessment", allowed=True).count() == 2
    assert writes.filter(object_type="assessments.mappingaction", allowed=True).count() == 3
