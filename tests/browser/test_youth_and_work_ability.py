"""Issue 14 in the browser: the youth one-stop from an anonymous contact (first name, age and municipality)
to a registered client with a plan and the youth team's early joint assessment; and the work-ability
support escalation reached from a track other than TYM, with what came of it. Every page passes axe."""

from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.clients import hetu
from yhteispolku.clients.models import Client
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def test_a_young_persons_contact_becomes_a_client_with_a_plan_and_a_joint_assessment(page: Page) -> None:
    today = timezone.localdate()
    load_demo(today=today)
    page.goto("/tili/kirjaudu/", timeout=60_000)  # the live server's first page, on a busy machine
    log_in_with_new_device(page, User.objects.get(username="ohjaamo-ohjaaja"), DEMO_PASSWORD)

    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Ohjaamo").click()
    expect(page.get_by_role("heading", name="Ohjaamo", level=1)).to_be_visible()
    expect(page.get_by_role("link", name="Eveliina, 17")).to_be_visible()
    expect(page.get_by_role("heading", name="Nopsa-etäpalvelun yhteydenotot kuukausittain")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Uusi yhteydenotto").click()
    page.locator("#id_first_name").fill("Veera")
    page.locator("#id_age").fill("31")
    page.locator("#id_municipality").select_option("609")
    page.locator("#id_channel").select_option(label="Nopsa-etäpalvelu")
    page.locator("#id_topic").fill("Opiskelupaikka ja työnhaku")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Ohjaamon palvelut ovat alle 30-vuotiaille")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_age").fill("24")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Yhteydenotto on kirjattu.")).to_be_visible()
    expect(page.get_by_role("heading", name="Ohjaamon yhteydenotto: Veera, 24", level=1)).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Rekisteröi asiakkaaksi").click()
    page.locator("#id_identity_code").fill(hetu.compose(date(today.year - 25, 3, 4), 988))
    page.locator("#id_last_name").fill("Virta")
    page.get_by_role("button", name="Rekisteröi").click()
    expect(page.get_by_text("Rekisteröinti edellyttää nuoren suostumusta.")).to_be_visible()
    assert_accessible(page)
    page.locator("#id_agreed").check()
    page.get_by_role("button", name="Rekisteröi").click()
    expect(page.get_by_text("Nuori on rekisteröity Ohjaamon asiakkaaksi.")).to_be_visible()
    expect(page.get_by_role("heading", name="Ohjaamo: Veera Virta", level=1)).to_be_visible()
    veera = Client.objects.get(first_names="Veera")
    assert ClientRelationship.objects.filter(client=veera, track=Track.YOUTH_ONE_STOP).exists()

    page.get_by_role("link", name="Laadi suunnitelma").click()
    page.locator("#id_goals").fill("Opiskelupaikka syksyllä.")
    page.locator("#id_unemployed_since").fill(str(today - timedelta(days=170)))
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Varhainen yhteinen arvio (R-YOUTH-1) viimeistään")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Kirjaa yhteinen arvio").click()
    page.locator("#id_participants").fill("Ohjaaja, sosiaalityöntekijä ja Veera.")
    page.locator("#id_result").fill("Nuorten tiimi jatkaa; opiskelupaikan haku.")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Yhteinen arvio on kirjattu.")).to_be_visible()
    expect(page.get_by_text("Nuorten tiimi jatkaa; opiskelupaikan haku.")).to_be_visible()
    expect(page.get_by_role("link", name="Kirjaa yhteinen arvio")).to_have_count(0)
    assert_accessible(page)

    # The guidance ends as agreed: she got a study place.
    page.get_by_role("link", name="Päätä asiakkuus").click()
    page.get_by_label("Päättymisen syy").select_option(label="päättyi sovitusti")
    page.get_by_label("Asiakkaan tilanne päättyessä").select_option(label="koulutuksessa")
    page.get_by_label("Päättymispäivä").fill(today.isoformat())
    page.get_by_label("Yhteenveto").fill("Opiskelupaikka ammattiopistossa.")
    assert_accessible(page)
    page.get_by_role("button", name="Päätä asiakkuus").click()
    expect(page.get_by_text("Asiakkuus on päätetty.")).to_be_visible()
    expect(page.get_by_role("region", name="Asiakkuuden päättäminen")).to_contain_text(
        "Opiskelupaikka ammattiopistossa."
    )
    expect(page.get_by_role("link", name="Laadi suunnitelma")).to_have_count(0)
    assert_accessible(page)


def test_work_ability_support_is_reached_from_employment_services_and_its_result_shown(page: Page) -> None:
    load_demo()
    mikael = Client.objects.get(first_names="Mikael")
    log_in_with_new_device(page, User.objects.get(username="tyollisyysasiantuntija"), DEMO_PASSWORD)

    page.goto(f"/asiakkaat/{mikael.code}/")
    expect(page.get_by_role("heading", name="Työkyvyn tuen polku")).to_be_visible()
    expect(page.get_by_text("ohjattu ammatilliseen kuntoutukseen").first).to_be_visible()
    assert_accessible(page)
    page.get_by_role("link", name="Työllisyyspalvelut", exact=True).click()
    expect(page.get_by_role("heading", name="Työkyvyn tuen polku")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name="Kirjaa työkyvyn tuen vaihe").click()
    page.locator("#id_step").select_option(label="työkyvyn tuen tiimin konsultointi")
    page.locator("#id_outcome").fill("Tiimi arvioi työkyvyn pysyvästi alentuneeksi.")
    page.locator("#id_result").select_option(label="ohjattu eläkeselvittelyyn")
    page.locator("#id_referral_onwards").select_option(label="työkyvyn tuen asiakkuus")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Työkyvyn tuen vaihe on kirjattu.")).to_be_visible()
    expect(page.get_by_role("heading", name="Työllisyyspalvelut: Mikael Esimerkki", level=1)).to_be_visible()
    expect(page.get_by_role("cell", name="ohjattu eläkeselvittelyyn", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name="työkyvyn tuen asiakkuus")).to_be_visible()
    assert ClientRelationship.objects.filter(client=mikael, track=Track.WORK_ABILITY_SUPPORT).exists()
    assert_accessible(page)
