"""The social worker's main task from the front page (issue 11): a draft of Maija's plan waits for the
wellbeing county's commitments; front page → worklist → the plan version → confirm. Counts the page loads
and checks each page with axe."""

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.plans.models import (
    AgreedService,
    CommitmentConfirmation,
    PlanVersion,
    ServiceType,
    VersionStatus,
)
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def test_social_worker_confirms_a_commitment_from_the_front_page(page: Page) -> None:
    clients = load_demo()
    social_worker = User.objects.get(username="sosiaalityontekija")
    in_force = PlanVersion.objects.get(
        plan__relationship__client=clients["maija"], status=VersionStatus.IN_FORCE
    )
    draft = PlanVersion.objects.create(
        plan=in_force.plan,
        number=in_force.plan.versions.count() + 1,
        based_on=in_force,
        goals=in_force.goals,
        next_review_on=in_force.next_review_on,
        created_by=social_worker,
        created_on=timezone.localdate(),
    )
    AgreedService.objects.create(
        version=draft,
        service_type=ServiceType.objects.get(code="job-coaching"),
        responsible_organisation=social_worker.organisation,
        starts_on=timezone.localdate(),
    )
    page.set_default_timeout(20_000)  # the front page computes the inbox; a shared CI machine may be slow
    log_in_with_new_device(page, social_worker, DEMO_PASSWORD)

    loads: list[str] = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    page.goto("/")  # the front page: what waits, the link to the worklist
    expect(
        page.get_by_role("rowheader", name="Vahvista organisaatiosi sitoumukset suunnitelmassa")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Avaa työlista").click()
    row = page.get_by_role("row").filter(has_text="Vahvista sitoumukset")
    expect(row).to_contain_text("Maija Meikäläinen")
    assert_accessible(page)
    row.get_by_role("link").click()
    assert_accessible(page)
    page.get_by_role("button", name="Vahvista organisaatiosi sitoumukset").click()
    expect(page.get_by_text("Organisaatiosi sitoumukset on vahvistettu.")).to_be_visible()
    assert_accessible(page)
    assert CommitmentConfirmation.objects.filter(
        version=draft, organisation=social_worker.organisation
    ).exists()
    # Front page, worklist, plan version, and the page after confirming: four loads, three clicks.
    assert len(loads) == 4, loads
    # Done: the item is gone from the inbox.
    page.goto("/tyolista/")
    expect(page.get_by_role("row").filter(has_text="Vahvista sitoumukset")).to_have_count(0)
