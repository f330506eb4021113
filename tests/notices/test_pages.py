"""A professional of the organisation that keeps her basic data records the client's agreement to
notices (and its end) on the client's notices page, under the access policy: an outsider gets a 404
and a denied entry, and nothing changes."""

from __future__ import annotations

import pytest

from tests.notices.conftest import MaijaCase
from yhteispolku.audit.models import AccessEvent
from yhteispolku.notices.models import NoticeAgreement

pytestmark = pytest.mark.django_db


def test_her_employment_expert_records_and_ends_her_agreement(maija: MaijaCase, verified_client) -> None:  # type: ignore[no-untyped-def]
    maija.client.email = "maija.m@example.fi"
    maija.client.save()
    url = f"/asiakkaat/{maija.client.code}/ilmoitukset/"
    http = verified_client(maija.employment_expert)
    page = http.get(url).content.decode()
    assert "maija.m@example.fi" in page
    assert "Kirjaa asiakkaan suostumus" in page
    assert http.get(f"/asiakkaat/{maija.client.code}/").content.decode().count(url) == 1  # linked

    assert http.post(url, {"channel": "email", "agree": "1"}).status_code == 302
    agreement = NoticeAgreement.objects.get(client=maija.client)
    assert agreement.recorded_by == maija.employment_expert
    assert not agreement.given_by_client
    assert "Asiakas on suostunut ilmoituksiin tähän yhteystietoon." in http.get(url).content.decode()
    assert AccessEvent.objects.filter(
        client_code=maija.client.code,
        object_type="notices.noticeagreement",
        action="create",
        actor=maija.employment_expert,
        allowed=True,
    ).exists()
    again = http.post(url, {"channel": "email", "agree": "1"})
    assert again.status_code == 409
    assert "Ilmoitukset tähän yhteystietoon on jo sovittu." in again.content.decode()

    # The social worker of her pair sees the page but her basic data is the employment area's to change.
    social = verified_client(maija.social_worker)
    assert "Kirjaa ilmoitusten lopetus" not in social.get(url).content.decode()
    assert social.post(url, {"channel": "email", "agree": "0"}).status_code == 403

    outsider = verified_client(maija.outsider)
    assert outsider.get(url).status_code == 404
    assert outsider.post(url, {"channel": "email", "agree": "0"}).status_code == 404
    assert NoticeAgreement.objects.get(pk=agreement.pk).revoked_at is None
    assert AccessEvent.objects.filter(
        client_code=maija.client.code, actor=maija.outsider, allowed=False
    ).exists()

    assert http.post(url, {"channel": "email", "agree": "0"}).status_code == 302
    ended = NoticeAgreement.objects.get(pk=agreement.pk)
    assert ended.revoked_by == maija.employment_expert
    assert ended.revoked_at is not None
