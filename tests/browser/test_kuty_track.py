"""The KUTY track in the browser, from entry to the effects assessment (issue 14): the social worker opens
the track and adds the employment expert to its team, both confirm the activation plan, the client's
acceptance and the jobseeker check are recorded, social services decide, a period is recorded at the
KUTY site and its effects are assessed. Every page passes axe."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.clients.models import Client
from yhteispolku.paths import rules
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def test_the_kuty_track_from_entry_to_the_effects_assessment(page: Page) -> None:
    # A long walk through three logins: allow a loaded machine more than the default 5 seconds a step.
    page.set_default_timeout(20_000)
    load_demo()
    maija = Client.objects.get(first_names="Maija")
    social_worker = User.objects.get(username="sosiaalityontekija")
    expert = User.objects.get(username="tyollisyysasiantuntija")
    today = timezone.localdate()

    log_in_with_new_device(page, social_worker, DEMO_PASSWORD)
    page.goto(f"/asiakkaat/{maija.code}/")
    page.get_by_role("link", name="Avaa palvelupolku").click()
    page.get_by_label("Palvelupolku").select_option("kuty")
    page.get_by_role("button", name="Avaa").click()
    expect(
        page.get_by_role("heading", name="Kuntouttava työtoiminta: Maija Meikäläinen", level=1)
    ).to_be_visible()
    track_url = page.url
    assert_accessible(page)

    page.get_by_role("link", name="Lisää tiimin jäsen").click()
    page.get_by_label("Ammattilainen").select_option(str(expert.pk))
    page.get_by_label("Tehtävä tiimissä").select_option("worker_pair_employment")
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Tiimin jäsen on lisätty.")).to_be_visible()

    page.get_by_role("link", name="Laadi aktivointisuunnitelma").click()
    page.get_by_label("Laadittu").fill(today.isoformat())
    page.get_by_label("Peruste").select_option("social_assistance")
    page.get_by_label("Tavoitteet").fill("Arjen rytmi ja työelämävalmiudet.")
    page.get_by_role("button", name="Tallenna").click()
    page.get_by_role("button", name="Vahvista organisaatiosi puolesta").click()
    expect(page.get_by_text("Vahvistus on tallennettu.")).to_be_visible()
    # The employment expert works in a browser of her own; the social worker stays signed in here.
    browser = page.context.browser
    assert browser is not None
    origin = track_url.split("/polut/")[0]
    other = browser.new_context(locale="fi-FI", base_url=origin)
    other.set_default_timeout(20_000)
    expert_page = other.new_page()
    log_in_with_new_device(expert_page, expert, DEMO_PASSWORD)
    expert_page.goto(track_url)
    expert_page.get_by_role("button", name="Vahvista organisaatiosi puolesta").click()
    expect(expert_page.get_by_text("Vahvistus on tallennettu.")).to_be_visible()
    expert_page.get_by_role("link", name="Kirjaa työnhakijatarkistus").click()
    expert_page.get_by_label("Tarkistettu").fill(today.isoformat())
    expert_page.get_by_label("Työttömyysjakso alkoi").fill((today - timedelta(days=300)).isoformat())
    expert_page.get_by_role("button", name="Tallenna").click()
    expect(expert_page.get_by_text("Asiakas on työnhakijaksi rekisteröitynyt työtön.")).to_be_visible()
    expert_page.get_by_role("link", name="Kirjaa asiakkaan hyväksyntä").click()
    expert_page.locator("#id_accepted_on").fill(today.isoformat())
    expert_page.get_by_label("Miten asiakas hyväksyi").select_option("in_person")
    assert_accessible(expert_page)
    expert_page.get_by_role("button", name="Tallenna").click()
    expect(expert_page.get_by_text("voimassa", exact=True)).to_be_visible()
    assert_accessible(expert_page)
    other.close()

    page.goto(track_url)
    page.get_by_role("link", name="Kirjaa päätös").click()
    page.get_by_label("Aktivointisuunnitelma").select_option(index=1)
    page.get_by_label("Päätöspäivä").fill(today.isoformat())
    page.get_by_label("Alkaa").fill(today.isoformat())
    page.get_by_label("Päättyy").fill((today + timedelta(days=365)).isoformat())
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Päätös on tallennettu.")).to_be_visible()

    page.get_by_role("link", name="Kirjaa jakso").click()
    page.get_by_label("Suunnitelma, johon jakso kuuluu").select_option(index=0)
    page.get_by_label("(1) Tavoite").fill("Arjen rytmi.")
    page.get_by_label("(1) Toiminnan kuvaus").fill("Lajittelu.")
    page.get_by_label("(1) Toimintapaikka").fill("Kierrätyskeskus")
    page.get_by_label("(2) Tunteja päivässä").fill("4")
    page.get_by_label("(2) Päiviä viikossa").fill("3")
    page.get_by_label("(3) Alkaa").fill(today.isoformat())
    page.get_by_label("(3) Päättyy").fill(rules.period_last_day(today, 3).isoformat())
    page.get_by_label("(4) Annettava tuki ja ohjaus").fill("Ohjaaja paikalla.")
    page.get_by_label("(5) Rinnakkaiset palvelut").fill("Työhönvalmennus.")
    page.get_by_label("(6) Vaikutukset arvioidaan ja jatkosta päätetään viimeistään").fill(
        (today + timedelta(days=60)).isoformat()
    )
    page.get_by_label("Toimintapaikan palveluntuottaja").select_option(label="Esimerkkivalmennus Oy (demo)")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Jakso on tallennettu.")).to_be_visible()

    page.get_by_role("link", name="Arvioi vaikutukset ja päätä jatkosta").click()
    page.get_by_label("Arvioitu").fill(today.isoformat())
    page.get_by_label("Jakson vaikutukset", exact=True).fill("Työllistyi; toiminta päättyy.")
    page.get_by_label("päättyy", exact=True).check()
    assert_accessible(page)
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Vaikutusten arviointi on tallennettu.")).to_be_visible()
    expect(page.get_by_text("Arvioitu", exact=False).last).to_be_visible()
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)

    # The assessment ended the activity (she found work): the social worker ends the KUTY track.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.get_by_role("link", name="Päätä asiakkuus").click()
    page.get_by_label("Päättymisen syy").select_option(label="työllistyi")
    page.get_by_label("Asiakkaan tilanne päättyessä").select_option(label="työllistynyt")
    page.get_by_label("Päättymispäivä").fill(today.isoformat())
    page.get_by_label("Yhteenveto").fill("Työllistyi kierrätyskeskukseen.")
    assert_accessible(page)
    page.get_by_role("button", name="Päätä asiakkuus").click()
    expect(page.get_by_text("Asiakkuus on päätetty.")).to_be_visible()
    expect(page.get_by_role("region", name="Asiakkuuden päättäminen")).to_contain_text(
        "Työllistyi kierrätyskeskukseen."
    )
    expect(page.get_by_role("link", name="Kirjaa jakso")).to_have_count(0)
    assert_accessible(page)
