"""A new client's TYM journey through the real UI, with the demo professionals, in one story.

The Pori employment expert registers the client (employment services in her own unit: registering never
opens TYM), the referral form warns that the TYM consent is missing, the consent is recorded, the
client is referred to the TYM team; the TYM coordinator accepts from the list of pending referrals and
names the worker pair; the two sectors record their assessments in the mapping; the plan is drafted,
each authority confirms its commitments, the client's acceptance is recorded, and the case page shows
the plan in force. Every page type on the way is checked with axe.
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
CASE_HEADING = f"TYM-asiakkuus: {NAME}"
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
    """On the consents page: record the client's written consent to TYM joint work."""
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


def open_case(page: Page) -> None:
    """From the client list to the client's TYM case page."""
    page.get_by_role("link", name="Asiakkaat").click()
    page.get_by_role("link", name=NAME).click()
    page.get_by_role("link", name="TYM-asiakkuus").click()
    expect(page.get_by_role("heading", name=CASE_HEADING)).to_be_visible()


def record_assessment(page: Page, findings: str, needs: str) -> None:
    """From the case page: the professional's own sector's assessment in the mapping."""
    page.get_by_role("link", name="Monialainen kartoitus").click()
    expect(page.get_by_role("heading", name=f"Monialainen kartoitus: {NAME}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Kirjaa arvio").click()
    assert_accessible(page)
    page.get_by_label("Havainnot").fill(findings)
    page.get_by_label("Tunnistetut tarpeet").fill(needs)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Arvio on tallennettu.")).to_be_visible()
    expect(page.get_by_text(findings)).to_be_visible()
    page.get_by_role("link", name=f"Takaisin asiakkuuteen: {NAME}").click()


def test_new_client_tym_journey(page: Page, browser: Browser, live_server: LiveServer) -> None:
    """From registration to a plan in force, as a Pori employment expert and a Satakunta social worker."""
    load_demo()
    users = {
        user.username: user
        for user in User.objects.filter(
            username__in=["tyollisyysasiantuntija", "sosiaalityontekija", "tym-koordinaattori"]
        )
    }

    # The employment expert registers the client: employment services in her unit, no TYM yet.
    log_in_with_new_device(page, users["tyollisyysasiantuntija"], DEMO_PASSWORD)
    page.get_by_role("link", name="Asiakkaat").click()
    assert_accessible(page)
    page.get_by_role("link", name="Rekisteröi uusi asiakas").click()
    assert_accessible(page)
    page.get_by_label("Henkilötunnus").fill(IDENTITY_CODE)
    page.get_by_label("Etunimet").fill("Minna")
    page.get_by_label("Sukunimi").fill("Polkunen")
    page.get_by_role("button", name="Rekisteröi", exact=True).click()
    expect(page.get_by_role("heading", name=NAME, level=1)).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="TYM-asiakkuus").click()
    expect(page.get_by_text("Asiakkaalla ei ole TYM-asiakkuutta.")).to_be_visible()
    assert_accessible(page)

    # The referral form warns that there is no consent for TYM joint work, and leads to the consents.
    page.get_by_role("link", name="Tee lähete TYM-yhteispalveluun").click()
    expect(page.get_by_role("heading", name=f"Lähete TYM-yhteispalveluun: {NAME}")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("ei ole voimassa olevaa suostumusta TYM-yhteistyöhön")
    assert_accessible(page)
    page.get_by_role("link", name="Asiakkaan suostumukset").click()
    assert_accessible(page)
    record_tym_consent(page)

    # Now the referral, answering the criteria of R-TYM-1.
    page.get_by_role("link", name="TYM-asiakkuus").click()
    page.get_by_role("link", name="Tee lähete TYM-yhteispalveluun").click()
    expect(page.get_by_text("ei ole voimassa olevaa suostumusta")).to_have_count(0)
    page.get_by_label("Vastaanottava TYM-tiimi").select_option(label="TYM-tiimi (Satakunnan työllisyysalue)")
    page.get_by_label("Työllistymisen esteenä ovat työ- ja toimintakyvyn rajoitteet").check()
    page.get_by_label("Ratkaisut vaativat monialaista tukea").check()
    page.get_by_label("Kuvaus tilanteesta ja lähetteen syystä").fill(
        "Terveydentila vaikuttaa työllistymiseen; tarvitaan työ- ja toimintakyvyn selvittämistä."
    )
    page.get_by_role("button", name="Lähetä lähete").click()
    expect(page.get_by_text("Lähete on lähetetty TYM-tiimille.")).to_be_visible()
    expect(page.get_by_role("region", name="Mikä odottaa ja ketä")).to_contain_text("odottaa TYM-tiimin")
    assert_accessible(page)

    # The TYM coordinator finds the referral among those awaiting a decision and accepts it.
    coordinator = log_in_as(browser, live_server, users["tym-koordinaattori"])
    coordinator.get_by_role("link", name="Lähetteet").click()
    expect(coordinator).to_have_url(re.compile("/asiakkuudet/lahetteet/$"))
    expect(coordinator.get_by_role("heading", name="Käsittelyä odottavat lähetteet")).to_be_visible()
    assert_accessible(coordinator)
    coordinator.get_by_role("link", name=NAME).click()
    coordinator.get_by_role("link", name="Tee päätös lähetteestä").click()
    assert_accessible(coordinator)
    coordinator.get_by_label("Hyväksy lähete: monialainen kartoitus alkaa").check()
    coordinator.get_by_role("button", name="Tallenna päätös").click()
    expect(coordinator.get_by_text("Lähete on hyväksytty. Monialainen kartoitus alkaa")).to_be_visible()
    # The referring expert stays on the case, now in the TYM team.
    team = coordinator.get_by_role("region", name="Tiimi", exact=True).first
    expect(team.get_by_role("row", name=re.compile("Anna Virtanen"))).to_contain_text("tiimin jäsen")

    # The coordinator names the worker pair: the referring expert and the county's social worker.
    for professional, team_role in [
        (EXPERT, "työparin työllisyysasiantuntija"),
        (SOCIAL_WORKER, "työparin sosiaalialan ammattilainen"),
    ]:
        coordinator.get_by_role("link", name="Tiimi ja työpari").click()
        assert_accessible(coordinator)
        coordinator.get_by_label("Ammattilainen").select_option(label=professional)
        coordinator.get_by_label("Tehtävä tiimissä").select_option(label=team_role)
        coordinator.get_by_role("button", name="Lisää tiimiin").click()
        expect(coordinator.get_by_role("heading", name=CASE_HEADING)).to_be_visible()
    expect(coordinator.get_by_role("region", name="Tiimi", exact=True).first).not_to_contain_text(
        "Työparista puuttuu"
    )
    coordinator.context.close()

    # The mapping: each sector assesses its own part (the expert is still on the case page).
    page.reload()
    record_assessment(
        page,
        "Ammatillinen tutkinto, ei palkkatyökokemusta.",
        "Työhönvalmennus ja työ- ja toimintakyvyn selvitys.",
    )
    social_worker = log_in_as(browser, live_server, users["sosiaalityontekija"])
    open_case(social_worker)
    record_assessment(
        social_worker, "Asuu perheensä kanssa; arjen tuki riittää.", "Kuntouttava työtoiminta rytmiksi."
    )

    # Mapping done: the expert moves the case to planning (the worker pair is named, R-TYM-3).
    page.get_by_role("link", name="Vaihda vaihetta").click()
    page.get_by_label("Uusi vaihe").select_option(label="suunnitelman laadinta")
    page.get_by_role("button", name="Vaihda vaihe").click()
    expect(page.get_by_text("Asiakkuuden vaihe on vaihdettu.")).to_be_visible()
    expect(page.get_by_role("region", name="Suunnitelma", exact=True)).to_contain_text(
        "Suunnitelmaa ei ole vielä laadittu."
    )

    # The employment expert drafts the plan with two services from the catalogue.
    page.get_by_role("link", name="Monialainen työllistymissuunnitelma").click()
    expect(page.get_by_role("heading", name=f"Suunnitelma: {NAME}")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Laadi suunnitelma").click()
    assert_accessible(page)
    page.get_by_label("Tavoitteet").fill("Palkkatyö; ensin työ- ja toimintakyvyn selvittäminen.")
    expect(page.get_by_role("heading", name="Laadi suunnitelma")).to_be_visible()
    page.get_by_role("button", name="Laadi suunnitelma").click()
    expect(page.get_by_role("heading", name=f"Suunnitelman versio 1: {NAME}")).to_be_visible()
    assert_accessible(page)
    for service, authority in [
        ("Työhönvalmennus", "Satakunnan työllisyysalue"),
        ("Kuntouttava työtoiminta", "Satakunnan hyvinvointialue"),
    ]:
        page.get_by_role("link", name="Lisää palvelu").click()
        page.get_by_label(re.compile(r"^Palvelu\b")).select_option(label=service)
        # The responsible authority follows from the service type: it is not chosen.
        page.get_by_label("Alkaa").fill(date.today().isoformat())
        page.get_by_label("Päättyy").fill((date.today() + timedelta(days=180)).isoformat())
        page.get_by_label("Laajuus").fill("3 päivää viikossa")
        page.get_by_label("Kuvaus").fill(
            "Tavoite, paikka sekä annettava tuki ja ohjaus sovitaan aloitettaessa."
        )
        assert_accessible(page)
        page.get_by_role("button", name="Lisää palvelu").click()
        expect(page.get_by_role("cell", name=service)).to_be_visible()
        expect(page.get_by_role("row").filter(has_text=service).first).to_contain_text(authority)

    # Removing a service asks first; "Peruuta" returns with the service still in the draft.
    page.get_by_role("button", name="Poista: Kuntouttava työtoiminta", exact=True).click()
    expect(
        page.get_by_role("heading", name="Poistetaanko palvelu Kuntouttava työtoiminta suunnitelmasta?")
    ).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Peruuta").click()
    expect(page.get_by_role("heading", name=f"Suunnitelman versio 1: {NAME}")).to_be_visible()
    expect(page.get_by_role("cell", name="Kuntouttava työtoiminta")).to_be_visible()

    # Each authority confirms its own commitments: first the employment area...
    page.get_by_role("button", name="Vahvista organisaatiosi sitoumukset").click()
    expect(page.get_by_text(re.compile(r"Satakunnan työllisyysalue vahvisti sitoumuksensa"))).to_be_visible()
    expect(page.get_by_text("Satakunnan hyvinvointialue: sitoumukset vahvistamatta.")).to_be_visible()
    # ...and the case page tells who still has to confirm.
    page.get_by_role("link", name=f"Takaisin suunnitelmaan: {NAME}").click()
    page.get_by_role("link", name=f"Takaisin: {NAME}").click()
    page.get_by_role("link", name="TYM-asiakkuus").click()
    plan = page.get_by_role("region", name="Suunnitelma", exact=True)
    expect(plan).to_contain_text("Satakunnan hyvinvointialue: sitoumukset vahvistamatta (Sanna Koskinen")
    expect(plan).to_contain_text("Asiakkaan hyväksyntä puuttuu")
    assert_accessible(page)

    # ...then the county, by the social worker of the worker pair in her own session.
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

    # The case page shows the plan in force with its date and next review, and nothing left to confirm.
    page.reload()
    plan = page.get_by_role("region", name="Suunnitelma", exact=True)
    expect(plan).to_contain_text("Voimassa oleva versio")
    today = date.today()
    expect(plan).to_contain_text(f"Voimassa alkaen{today.day}.{today.month}.{today.year}")
    expect(plan).to_contain_text("Seuraava arviointi")
    expect(plan).not_to_contain_text("vahvistamatta")
    waiting = page.get_by_role("region", name="Mikä odottaa ja ketä")
    expect(waiting).to_contain_text("Asiakasta ei ole kirjattu rekisteröidyksi Kelaan.")
    expect(waiting).not_to_contain_text("Työpari puuttuu")
    team = page.get_by_role("region", name="Tiimi", exact=True).first
    expect(team.get_by_role("row", name=re.compile("Sanna Koskinen"))).to_contain_text(
        "työparin sosiaalialan"
    )
    assert_accessible(page)
