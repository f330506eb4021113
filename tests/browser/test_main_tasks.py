"""Each demo role's main task from the front page (issue #11), counting the page loads it takes.

The social worker's (confirm a commitment from the inbox) is tests/browser/test_inbox.py. Each test logs
in, opens the front page and from there only clicks what the pages offer, found by role and name as a
person finds them; every page on the way passes axe. The count starts with the front page and ends with
the page that says the task is done.
"""

from __future__ import annotations

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Referral, TeamMember, TeamRole, Track
from yhteispolku.clients import services as client_services
from yhteispolku.clients.models import Consent
from yhteispolku.collaboration import services as collaboration_services
from yhteispolku.collaboration.models import KelaRequest, KelaRequestKind, KelaRequestStatus
from yhteispolku.core.categories import CONSENTABLE_CATEGORIES, Purpose
from yhteispolku.organisations.models import Organisation
from yhteispolku.plans.models import Participation
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def start(page: Page, username: str) -> list[str]:
    """Log in as the demo user and open the front page; the list of page loads from there on."""
    page.set_default_timeout(20_000)  # the front page computes the inbox; a shared machine may be slow
    page.goto("/tili/kirjaudu/", timeout=30_000)
    log_in_with_new_device(page, User.objects.get(username=username), DEMO_PASSWORD)
    loads: list[str] = []
    page.on("load", lambda loaded: loads.append(loaded.url))
    page.goto("/")
    assert_accessible(page)
    return loads


def open_recent_client(page: Page, name: str) -> None:
    """From the front page's recent clients straight to the client's case (the case overview)."""
    page.get_by_role("region", name="Viimeksi käsitellyt asiakkaat").get_by_role("link", name=name).click()
    expect(page).to_have_url(re.compile("/asiakkuudet/"))
    assert_accessible(page)


def test_employment_expert_records_participation_in_maijas_plan(page: Page) -> None:
    clients = load_demo()
    loads = start(page, "tyollisyysasiantuntija")

    open_recent_client(page, "Maija Meikäläinen")
    page.get_by_role("link", name="Monialainen työllistymissuunnitelma").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Kirjaa osallistuminen: Työhönvalmennus")).first.click()
    page.get_by_role("radio", name="osallistuu").check()
    page.get_by_label("Lisätieto").fill("Tapaamiset sujuneet sovitusti.")
    assert_accessible(page)
    page.get_by_role("button", name="Kirjaa").click()
    expect(page.get_by_text("Osallistumisen tilanne on kirjattu.")).to_be_visible()
    assert_accessible(page)

    record = Participation.objects.get(note="Tapaamiset sujuneet sovitusti.")
    assert record.plan.relationship.client == clients["maija"]
    assert record.recorded_by.username == "tyollisyysasiantuntija"
    # Front page, case, plan, the form, and the page after saving.
    assert len(loads) == 5, loads


def record_ainos_consent(expert: User) -> None:
    """What the referring expert does first (tests/web/test_demo_timeline.py): Aino's written consent."""
    today = timezone.localdate()
    client_services.consent_give(
        actor=expert,
        client=Referral.objects.get(
            relationship__client__first_names="Aino", status=Referral.Status.PENDING
        ).relationship.client,
        purpose=Purpose.TYM_JOINT_WORK,
        organisations=list(
            Organisation.objects.filter(
                slug__in=["satakunta-employment-area", "satakunta-wellbeing-county", "kela"]
            )
        ),
        categories=[category.value for category in CONSENTABLE_CATEGORIES],
        given_how=Consent.GivenHow.WRITTEN,
        given_on=today,
        valid_from=today,
    )


def test_coordinator_accepts_ainos_referral_naming_the_worker_pair(page: Page) -> None:
    clients = load_demo()
    expert = User.objects.get(username="tyollisyysasiantuntija")
    social_worker = User.objects.get(username="sosiaalityontekija")
    record_ainos_consent(expert)
    loads = start(page, "tym-koordinaattori")

    # Aino's is the unit's one referral waiting: the front page opens its decision directly.
    page.get_by_role("link", name=re.compile(r"odottaa päätöstä$")).click()
    expect(page.get_by_role("heading", name="Päätös lähetteestä")).to_be_visible()
    page.get_by_role("radio", name=re.compile("^Hyväksy lähete")).check()
    page.get_by_label("Työparin työllisyysasiantuntija").select_option(str(expert.pk))
    page.get_by_label("Työparin sosiaalialan ammattilainen").select_option(str(social_worker.pk))
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna päätös").click()
    expect(page.get_by_text(re.compile("Lähete on hyväksytty"))).to_be_visible()
    assert_accessible(page)

    relationship = ClientRelationship.objects.get(client=clients["aino"], track=Track.TYM)
    pair = dict(
        TeamMember.objects.filter(relationship=relationship, left_on__isnull=True).values_list(
            "team_role", "user__username"
        )
    )
    assert pair[TeamRole.WORKER_PAIR_EMPLOYMENT] == "tyollisyysasiantuntija"
    assert pair[TeamRole.WORKER_PAIR_SOCIAL] == "sosiaalityontekija"
    assert "tym-koordinaattori" not in pair.values()  # the coordinator joins only when they choose to
    # Front page, the decision form, and the page after saving (5 before: the referrals and Aino's case
    # were on the way).
    assert len(loads) == 3, loads


def test_unit_manager_sees_the_units_overdue_items(page: Page) -> None:
    load_demo()
    loads = start(page, "esihenkilo")

    page.get_by_role("link", name="Avaa työlista").click()
    expect(page.get_by_role("heading", name="Työlista: yksikön asiakkuudet")).to_be_visible()
    overdue = page.get_by_role("region", name="Myöhässä olevat")
    expect(overdue.get_by_role("row").filter(has_text="Maija Meikäläinen").first).to_be_visible()
    expect(overdue.get_by_text("Myöhässä").first).to_be_visible()
    assert_accessible(page)
    # Front page and the unit's worklist.
    assert len(loads) == 2, loads


def test_kela_advisor_answers_a_kela_request(page: Page) -> None:
    clients = load_demo()
    relationship = ClientRelationship.objects.get(client=clients["maija"], track=Track.TYM)
    kela_request = collaboration_services.kela_request_send(
        actor=User.objects.get(username="sosiaalityontekija"),
        relationship=relationship,
        kind=KelaRequestKind.BENEFIT_MAPPING,
        question="Onko Maijalla vireillä Kelan etuushakemuksia koulutuksen alkaessa?",
        sent_on=timezone.localdate() - timedelta(days=7),
    )
    loads = start(page, "kela-tyokykyneuvoja")
    expect(
        page.get_by_role("row", name=re.compile("Kelalle lähetettyjä pyyntöjä odottaa vastausta"))
    ).to_be_visible()

    page.get_by_role("link", name="Avaa työlista").click()
    assert_accessible(page)
    overdue = page.get_by_role("region", name="Myöhässä olevat")
    overdue.get_by_role("row").filter(has_text="Maija Meikäläinen").get_by_role(
        "link", name=re.compile("^Kirjaa Kelan vastaus: ")
    ).click()
    page.get_by_label("Kelan vastaus").fill("Ei vireillä olevia hakemuksia; työmarkkinatuki jatkuu.")
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Kelan vastaus on kirjattu.")).to_be_visible()
    assert_accessible(page)

    kela_request.refresh_from_db()
    assert kela_request.status == KelaRequestStatus.ANSWERED
    assert kela_request.answered_by.username == "kela-tyokykyneuvoja"  # type: ignore[union-attr]
    assert KelaRequest.objects.filter(relationship=relationship, status=KelaRequestStatus.SENT).count() == 0
    # Front page, the worklist, the answer form, and the page after saving (5 before the worklist had
    # Kela's requests: front page, case, network work, the form, the page after saving).
    assert len(loads) == 4, loads


def test_service_provider_records_attendance(page: Page) -> None:
    clients = load_demo()
    loads = start(page, "palveluntuottaja")

    page.get_by_role("main").get_by_role("link", name="Toimeksiannot").click()
    assert_accessible(page)
    page.get_by_role("link", name=re.compile(r"^Kirjaa osallistuminen ja palaute: Maija Meikäläinen")).click()
    page.get_by_role("radio", name="osallistuu").check()
    page.get_by_label("Palaute ja huomiot").fill(
        "Tullut tapaamisiin, harjoitellut työtehtävien vaiheistusta."
    )
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna kirjaus").click()
    expect(page.get_by_text(re.compile("^Osallistuminen on kirjattu"))).to_be_visible()
    expect(page.get_by_text("Tullut tapaamisiin, harjoitellut työtehtävien vaiheistusta.")).to_be_visible()
    assert_accessible(page)

    record = Participation.objects.get(recorded_by__username="palveluntuottaja")
    assert record.plan.relationship.client == clients["maija"]
    assert record.service.service_type.code == "job-coaching"
    # Front page, assignments, the assignment, and the page after saving.
    assert len(loads) == 4, loads

    # The provider's pages fit a phone without scrolling sideways.
    page.set_viewport_size({"width": 320, "height": 800})
    for url in (page.url, "/suunnitelmat/toimeksiannot/"):
        page.goto(url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 320, url
        assert_accessible(page)
