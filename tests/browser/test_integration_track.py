"""The integration track in the browser (issue 14), from the client's basic data to the routing after the
period: the employment expert records the residence permit, opens the integration track, records the
skills and service-need assessment and the plan and confirms it; the county's social worker writes and
confirms the county's part; the expert routes the client to social rehabilitation, which opens that
track with the needs carried over. Every page passes axe."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.access.conftest import give_consent, join_team, new_client
from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Phase, TeamRole, Track
from yhteispolku.organisations.models import Organisation
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def _day(days_ago: int) -> str:
    return (timezone.localdate() - timedelta(days=days_ago)).isoformat()


def test_the_integration_track_from_the_permit_to_the_routing(
    page: Page, browser: Browser, live_server: LiveServer
) -> None:
    load_demo()
    # A long walk over many pages on a shared machine: allow the first (cold) loads more than 5 seconds.
    page.set_default_timeout(20_000)
    expert = User.objects.get(username="tyollisyysasiantuntija")
    social_worker = User.objects.get(username="sosiaalityontekija")
    employment_area = Organisation.objects.get(slug="satakunta-employment-area")
    county = Organisation.objects.get(slug="satakunta-wellbeing-county")
    client = new_client(employment_area, "Leyla", "Kotoutuja")
    assert expert.unit is not None
    own = ClientRelationship.objects.create(
        client=client,
        track=Track.EMPLOYMENT_SERVICES,
        responsible_organisation=employment_area,
        responsible_unit=expert.unit,
        phase=Phase.WORK,
        started_on=timezone.localdate() - timedelta(days=400),
    )
    join_team(own, expert, TeamRole.WORKER_PAIR_EMPLOYMENT)
    give_consent(client, [employment_area, county], expert)
    log_in_with_new_device(page, expert, DEMO_PASSWORD)

    # The residence permit in the basic data (R-KOTO-2 reads it when the track opens).
    page.goto(f"/asiakkaat/{client.code}/")
    page.get_by_role("link", name="Muokkaa perustietoja").click()
    page.get_by_label("Oleskeluluvan tyyppi").select_option("continuous")
    page.get_by_label("Oleskelulupa voimassa alkaen").fill(_day(400))
    page.get_by_label("Kotoutumisajan alku").fill(_day(401))
    page.get_by_role("button", name="Tallenna").click()
    expect(
        page.get_by_text("R-KOTO-3: kotoutumisaika ei voi alkaa ennen oleskeluluvan alkua")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Kotoutumisajan alku").fill(_day(380))
    page.get_by_role("button", name="Tallenna").click()

    page.goto(f"/asiakkaat/{client.code}/")
    page.get_by_role("link", name="Avaa palvelupolku").click()
    page.get_by_label("Palvelupolku").select_option(Track.INTEGRATION.value)
    page.get_by_role("button", name="Avaa").click()
    expect(page.get_by_role("heading", name="Kotoutuminen: Leyla Kotoutuja", level=1)).to_be_visible()
    integration_url = page.url

    # The plan waits for the assessment (R-KOTO-3).
    page.get_by_role("link", name="Laadi kotoutumissuunnitelma").click()
    page.get_by_label("Alkaa").fill(_day(370))
    page.get_by_label("Päättyy").fill(_day(10))
    page.get_by_label("Tavoitteet").fill("Suomen kieli A2; työkokeilu.")
    page.get_by_role("button", name="Tallenna").click()
    expect(
        page.get_by_text("R-KOTO-3: kirjaa ensin osaamisen ja kotoutumisen palveluntarpeen arvio")
    ).to_be_visible()
    assert_accessible(page)

    page.goto(integration_url)
    page.get_by_role("link", name="Kirjaa arvio").click()
    page.get_by_label("Arvioitu").fill(_day(380))
    page.get_by_label("Ensimmäinen oleskelulupa tai rekisteröinti").fill(_day(400))
    page.get_by_label("Osaaminen ja koulutustausta").fill("Kirjanpitäjä, tutkinto Iranissa.")
    page.get_by_label("Kielitaito").fill("Persia, englanti B2, suomi alkeet.")
    page.get_by_label("Kotoutumisen palveluntarve").fill("Kotoutumiskoulutus, tutkinnon tunnustaminen.")
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Arvio on tallennettu.")).to_be_visible()
    expect(page.get_by_text("Persia, englanti B2, suomi alkeet.")).to_be_visible()

    page.get_by_role("link", name="Laadi kotoutumissuunnitelma").click()
    page.get_by_label("Alkaa").fill(_day(370))
    page.get_by_label("Päättyy").fill(_day(10))
    page.get_by_label("Tavoitteet").fill("Suomen kieli A2; työkokeilu.")
    page.get_by_label("Sovitut palvelut").fill("Kotoutumiskoulutus.")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Kotoutumissuunnitelma on tallennettu.")).to_be_visible()
    page.get_by_role("button", name="Vahvista suunnitelma 1 organisaatiosi puolesta").click()
    expect(page.get_by_text("Vahvistus on tallennettu.")).to_be_visible()
    assert_accessible(page)

    # The county's social worker joins the team (the coordinator's assignment) and writes her part.
    integration = ClientRelationship.objects.get(client=client, track=Track.INTEGRATION)
    join_team(integration, social_worker, TeamRole.WORKER_PAIR_SOCIAL)
    context = browser.new_context(locale="fi-FI", base_url=live_server.url)
    context.set_default_timeout(20_000)
    county_page = context.new_page()
    log_in_with_new_device(county_page, social_worker, DEMO_PASSWORD)
    county_page.goto(integration_url)
    county_page.get_by_role("link", name="Kirjaa hyvinvointialueen osuus (suunnitelma 1)").click()
    county_page.get_by_label("Hyvinvointialueen tavoitteet").fill("Perheen arki ja asuminen sujuvat.")
    county_page.get_by_label("Hyvinvointialueen palvelut").fill("Aikuissosiaalityön ohjaus, perheneuvola.")
    county_page.get_by_label("Laatinut hyvinvointialueen ammattilainen").select_option(str(social_worker.pk))
    assert_accessible(county_page)
    county_page.get_by_role("button", name="Tallenna").click()
    expect(county_page.get_by_text("Hyvinvointialueen osuus on tallennettu.")).to_be_visible()
    county_page.get_by_role("button", name="Vahvista suunnitelma 1 organisaatiosi puolesta").click()
    expect(county_page.get_by_text("Vahvistus on tallennettu.")).to_be_visible()
    assert_accessible(county_page)
    context.close()

    # Both parts on the plan; after the period the expert routes the client by her needs.
    page.goto(integration_url)
    expect(page.get_by_text("Aikuissosiaalityön ohjaus, perheneuvola.", exact=False)).to_be_visible()
    expect(page.get_by_text("vahvistettu", exact=True)).to_be_visible()
    page.get_by_role("link", name="Kirjaa ohjaus kotoutumisajan jälkeen").click()
    page.get_by_label("Yksikkö").select_option(
        label="Työikäisten sosiaalipalvelut (Satakunnan hyvinvointialue)"
    )
    page.get_by_label("Palvelupolku").select_option(Track.SOCIAL_REHABILITATION.value)
    page.get_by_label("Tarpeet, joihin ohjaus perustuu").fill("Arjen hallinta ja sosiaalinen osallisuus.")
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Ohjaus on kirjattu.")).to_be_visible()
    page.get_by_role("link", name="Avattu asiakkuus: sosiaalinen kuntoutus").click()
    expect(
        page.get_by_role("heading", name="Sosiaalinen kuntoutus: Leyla Kotoutuja", level=1)
    ).to_be_visible()
    expect(page.get_by_text("Arjen hallinta ja sosiaalinen osallisuus.", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="Kotoutumisen asiakkuus")).to_be_visible()
    assert_accessible(page)

    # The integration track ends: the period is over and the client goes on in social rehabilitation.
    page.get_by_role("link", name="Kotoutumisen asiakkuus").click()
    page.get_by_role("link", name="Päätä asiakkuus").click()
    page.get_by_label("Päättymisen syy").select_option(label="kotoutumisaika päättyi")
    page.get_by_label("Asiakkaan tilanne päättyessä").select_option(label="muussa palvelussa")
    page.get_by_label("Päättymispäivä").fill(timezone.localdate().isoformat())
    page.get_by_label("Yhteenveto").fill("Kotoutumisaika päättyi; jatkaa sosiaalisessa kuntoutuksessa.")
    page.get_by_label("Asiakas jatkaa palvelupolulla").select_option(label="sosiaalinen kuntoutus")
    assert_accessible(page)
    page.get_by_role("button", name="Päätä asiakkuus").click()
    expect(page.get_by_text("Asiakkuus on päätetty.")).to_be_visible()
    expect(page.get_by_role("region", name="Asiakkuuden päättäminen")).to_contain_text(
        "Kotoutumisaika päättyi; jatkaa sosiaalisessa kuntoutuksessa."
    )
    expect(page.get_by_role("link", name="Kirjaa ohjaus kotoutumisajan jälkeen")).to_have_count(0)
    assert_accessible(page)
    integration.refresh_from_db()
    assert integration.phase == Phase.CLOSED
