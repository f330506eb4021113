"""A new client's TYM journey through the real UI, with the demo professionals.

Registering a client in the employment area's TYM team opens the TYM relationship there at once, in the
mapping phase, with the registering employment expert on the team: so the referral and its acceptance
are walked with Mikael of the demo data, who is in employment services. The new client's journey:
registration, the TYM consent, the worker pair, a plan version with catalogue services, each authority's
confirmation, the client's acceptance, and the case page showing what is still waiting.
"""

import re
from datetime import date, timedelta

from playwright.sync_api import Browser, Page, expect
from pytest_django.live_server_helper import LiveServer

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.clients import hetu
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo

IDENTITY_CODE = hetu.compose(date(1998, 5, 4), 947)
NAME = "Minna Polkunen"
EXPERT = "Anna Virtanen – työllisyysasiantuntija, Satakunnan työllisyysalue"
SOCIAL_WORKER = "Sanna Koskinen – sosiaalityöntekijä, Satakunnan hyvinvointialue"


def log_in_as(browser: Browser, live_server: LiveServer, user: User) -> Page:
    """A fresh context (fresh cookies) for another professional, logged in with a new device."""
    context = browser.new_context(locale="fi-FI", base_url=live_server.url)
    context.set_default_timeout(5_000)
    page = context.new_page()
    log_in_with_new_device(page, user, DEMO_PASSWORD)
    return page


def record_tym_consent(page: Page) -> None:
    """On the client's page: record the client's written consent to TYM joint work."""
    page.get_by_role("link", name="Suostumukset").click()
    page.get_by_label("Käyttötarkoitus").select_option(label="TYM-yhteistyö")
    organisations = page.locator("fieldset", has_text="Organisaatiot, joiden välillä")
    for organisation in ["Satakunnan työllisyysalue", "Satakunnan hyvinvointialue", "Kela"]:
        organisations.get_by_label(organisation).check()
    for category in ["perustiedot", "työllisyystiedot", "sosiaalihuollon tiedot", "terveystiedot"]:
        page.get_by_label(category, exact=True).check()
    page.get_by_label("Kelan etuus- ja kuntoutustiedot").check()
    page.get_by_label("Miten suostumus annettiin").select_option(label="kirjallinen")
    page.get_by_role("button", name="Kirjaa suostumus").click()
    expect(page.get_by_role("heading", name="TYM-yhteistyö – voimassa")).to_be_visible()
    page.get_by_role("link", name=re.compile("^Takaisin: ")).click()


def test_new_client_tym_journey(page: Page, browser: Browser, live_server: LiveServer) -> None:
    """The Pori employment expert registers a new client and takes the plan into force with the county."""
    load_demo()
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=["tyollisyysasiantuntija", "sosiaalityontekija", "tym-koordinaattori"]
        )
    }

    # The employment expert registers the client.
    log_in_with_new_device(page, users["tyollisyysasiantuntija"], DEMO_PASSWORD)
    page.get_by_role("link", name="Asiakkaat").click()
    page.get_by_role("link", name="Rekisteröi uusi asiakas").click()
    page.get_by_label("Henkilötunnus").fill(IDENTITY_CODE)
    page.get_by_label("Etunimet").fill("Minna")
    page.get_by_label("Sukunimi").fill("Polkunen")
    page.get_by_role("button", name="Rekisteröi", exact=True).click()
    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()

    # The TYM consent: the employment area, the county and Kela may exchange the data.
    record_tym_consent(page)

    # Registering opens the TYM relationship in the expert's TYM team, the expert on its team.
    page.get_by_role("link", name="TYM-asiakkuus").click()
    expect(page.get_by_role("heading", name=f"TYM-asiakkuus: {NAME}")).to_be_visible()
    expect(page.get_by_text("Työparista puuttuu: työparin sosiaalialan ammattilainen")).to_be_visible()
    assert_accessible(page)

    # The worker pair: the county's TYM social worker joins the team.
    page.get_by_role("link", name="Tiimi ja työpari").click()
    assert_accessible(page)
    page.get_by_label("Ammattilainen").select_option(label=SOCIAL_WORKER)
    page.get_by_label("Tehtävä tiimissä").select_option(label="työparin sosiaalialan ammattilainen")
    page.get_by_role("button", name="Lisää tiimiin").click()
    expect(page.get_by_role("row", name="Sanna Koskinen")).to_be_visible()

    # The employment expert drafts the plan with two services from the catalogue.
    expect(page.get_by_role("heading", name=f"TYM-asiakkuus: {NAME}")).to_be_visible()
    page.get_by_role("link", name="Monialainen työllistymissuunnitelma").click()
    expect(page.get_by_role("heading", name=f"Suunnitelma: {NAME}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Laadi suunnitelma").click()
    assert_accessible(page)
    page.get_by_label("Tavoitteet").fill("Palkkatyö; ensin työ- ja toimintakyvyn selvittäminen.")
    page.get_by_role("button", name="Tee uusi versio").click()
    expect(page.get_by_role("heading", name=f"Suunnitelman versio 1: {NAME}")).to_be_visible()
    assert_accessible(page)
    for service, authority in [
        ("Työhönvalmennus", "Satakunnan työllisyysalue"),
        ("Kuntouttava työtoiminta", "Satakunnan hyvinvointialue"),
    ]:
        page.get_by_role("link", name="Lisää palvelu").click()
        page.get_by_label(re.compile(r"^Palvelu\b")).select_option(label=service)
        page.get_by_label("Vastuuviranomainen").select_option(label=authority)
        page.get_by_label("Alkaa").fill(date.today().isoformat())
        page.get_by_label("Päättyy").fill((date.today() + timedelta(days=180)).isoformat())
        page.get_by_label("Laajuus").fill("3 päivää viikossa")
        page.get_by_label("Kuvaus").fill(
            "Tavoite, paikka sekä annettava tuki ja ohjaus sovitaan aloitettaessa."
        )
        assert_accessible(page)
        page.get_by_role("button", name="Lisää palvelu").click()
        expect(page.get_by_role("cell", name=service)).to_be_visible()

    # Each authority confirms its own commitments: first the employment area...
    page.get_by_role("button", name="Vahvista organisaatiosi sitoumukset").click()
    expect(page.get_by_text(re.compile(r"Satakunnan työllisyysalue vahvisti sitoumuksensa"))).to_be_visible()
    expect(page.get_by_text("Satakunnan hyvinvointialue: sitoumukset vahvistamatta.")).to_be_visible()

    # ...then the county, by the social worker of the worker pair in her own session.
    social_worker = log_in_as(browser, live_server, users["sosiaalityontekija"])
    social_worker.get_by_role("link", name="Asiakkaat").click()
    social_worker.get_by_role("link", name=NAME).click()
    social_worker.get_by_role("link", name="TYM-asiakkuus").click()
    social_worker.get_by_role("link", name="Monialainen työllistymissuunnitelma").click()
    expect(social_worker.get_by_role("heading", name="Luonnos (versio 1)")).to_be_visible()
    social_worker.get_by_role("button", name="Vahvista organisaatiosi sitoumukset").click()
    expect(
        social_worker.get_by_text(re.compile(r"Satakunnan hyvinvointialue vahvisti sitoumuksensa"))
    ).to_be_visible()

    # The client accepted the plan in a meeting: the social worker records it; the plan is in force.
    social_worker.get_by_role("link", name="Kirjaa asiakkaan hyväksyntä").click()
    assert_accessible(social_worker)
    social_worker.get_by_label("tapaamisessa").check()
    social_worker.get_by_role("button", name="Kirjaa hyväksyntä").click()
    expect(social_worker.get_by_text("Asiakas hyväksyi suunnitelman")).to_be_visible()
    social_worker.context.close()

    # The case page shows what is still waiting and the plan in force.
    page.get_by_role("link", name=f"Takaisin suunnitelmaan: {NAME}").click()
    expect(page.get_by_role("heading", name="Voimassa oleva suunnitelma (versio 1)")).to_be_visible()
    page.get_by_role("link", name=f"Takaisin: {NAME}").click()
    page.get_by_role("link", name="TYM-asiakkuus").click()
    waiting = page.get_by_role("region", name="Mikä odottaa ja ketä")
    expect(waiting).to_contain_text("Asiakasta ei ole kirjattu rekisteröidyksi Kelaan.")
    expect(waiting).not_to_contain_text("Työpari puuttuu")
    expect(page.get_by_role("row", name=re.compile("Sanna Koskinen"))).to_be_visible()


def test_referral_to_tym_and_its_acceptance(page: Page, browser: Browser, live_server: LiveServer) -> None:
    """Mikael, in employment services, is referred to the TYM team; the coordinator accepts."""
    load_demo()
    expert = User.objects.get(username="tyollisyysasiantuntija")
    coordinator = User.objects.get(username="tym-koordinaattori")

    log_in_with_new_device(page, expert, DEMO_PASSWORD)
    page.get_by_role("link", name="Asiakkaat").click()
    page.get_by_role("link", name="Mikael Esimerkki").click()
    record_tym_consent(page)
    page.get_by_role("link", name="TYM-asiakkuus").click()
    page.get_by_role("link", name="Tee lähete TYM-yhteispalveluun").click()
    expect(page.get_by_role("heading", name="Lähete TYM-yhteispalveluun")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Vastaanottava TYM-tiimi").select_option(label="TYM-tiimi (Satakunnan työllisyysalue)")
    page.get_by_label("Työllistymisen esteenä ovat työ- ja toimintakyvyn rajoitteet").check()
    page.get_by_label("Ratkaisut vaativat monialaista tukea").check()
    page.get_by_label("Kuvaus tilanteesta ja lähetteen syystä").fill(
        "Terveydentila vaikuttaa työllistymiseen; tarvitaan työ- ja toimintakyvyn selvittämistä."
    )
    page.get_by_role("button", name="Lähetä lähete").click()
    expect(page.get_by_text("Lähete on lähetetty TYM-tiimille.")).to_be_visible()

    # The TYM coordinator finds the referral in the list of referrals awaiting a decision.
    coordinator_page = log_in_as(browser, live_server, coordinator)
    coordinator_page.get_by_role("link", name="Lähetteet").click()
    expect(coordinator_page.get_by_role("heading", name="Käsittelyä odottavat lähetteet")).to_be_visible()
    assert_accessible(coordinator_page)
    coordinator_page.get_by_role("link", name="Mikael Esimerkki").click()
    coordinator_page.get_by_role("link", name="Tee päätös lähetteestä").click()
    assert_accessible(coordinator_page)
    coordinator_page.get_by_label("Hyväksy lähete: monialainen kartoitus alkaa").check()
    coordinator_page.get_by_role("button", name="Tallenna päätös").click()
    expect(coordinator_page.get_by_text("Lähete on hyväksytty. Monialainen kartoitus alkaa")).to_be_visible()
    expect(
        coordinator_page.get_by_text("Työpari puuttuu: nimeä työparin työllisyysasiantuntija")
    ).to_be_visible()

    # The coordinator names the worker pair: the employment expert and the county's social worker.
    for professional, team_role in [
        (EXPERT, "työparin työllisyysasiantuntija"),
        (SOCIAL_WORKER, "työparin sosiaalialan ammattilainen"),
    ]:
        coordinator_page.get_by_role("link", name="Tiimi ja työpari").click()
        coordinator_page.get_by_label("Ammattilainen").select_option(label=professional)
        coordinator_page.get_by_label("Tehtävä tiimissä").select_option(label=team_role)
        coordinator_page.get_by_role("button", name="Lisää tiimiin").click()
        expect(
            coordinator_page.get_by_role("heading", name="TYM-asiakkuus: Mikael Esimerkki")
        ).to_be_visible()
    expect(coordinator_page.get_by_role("region", name="Tiimi")).not_to_contain_text("Työparista puuttuu")
    expect(coordinator_page.get_by_role("region", name="Mikä odottaa ja ketä")).not_to_contain_text(
        "Työpari puuttuu"
    )
    coordinator_page.context.close()
