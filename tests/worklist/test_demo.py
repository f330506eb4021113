"""Tried as a new user would: the demo social worker's worklist shows Maija's next plan review and the
rule behind it (she is the social half of Maija's worker pair in web/demo_data.py); the coordinator's
shows Aino's referral waiting."""

from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse

from yhteispolku.accounts.models import User
from yhteispolku.cases.models import Referral
from yhteispolku.plans.models import PlanVersion, VersionStatus


@pytest.mark.django_db
def test_the_demo_social_workers_worklist_shows_maijas_plan_review(
    verified_client: Callable[[User], HttpClient],
) -> None:
    call_command("demo")
    version = PlanVersion.objects.get(
        plan__relationship__client__first_names="Maija", status=VersionStatus.IN_FORCE
    )
    page = verified_client(User.objects.get(username="sosiaalityontekija")).get(reverse("worklist:worklist"))
    text = page.content.decode()
    assert "Maija Meikäläinen" in text
    assert "Suunnitelman arviointi (versio 1)" in text
    assert f"{version.next_review_on:%-d.%-m.%Y}" in text
    assert "R-TYM-2 v2025.1" in text
    # The KUTY effects-assessment date of her plan's KUTY section (the paths app's source).
    assert "Kuntouttavan työtoiminnan vaikutusten arviointi" in text
    assert "R-KUTY-1 v" in text


@pytest.mark.django_db
def test_the_demo_coordinator_sees_ainos_referral_waiting(
    verified_client: Callable[[User], HttpClient],
) -> None:
    call_command("demo")
    call_command("demo")
    assert Referral.objects.filter(relationship__client__first_names="Aino").count() == 1
    coordinator = verified_client(User.objects.get(username="tym-koordinaattori"))
    text = coordinator.get(reverse("worklist:worklist")).content.decode()
    assert "Lähete odottaa päätöstä" in text
    assert "Aino Testinen" in text
    assert "Aino Testinen" in coordinator.get(reverse("cases:referrals")).content.decode()
