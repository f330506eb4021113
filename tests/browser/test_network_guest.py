"""The client's network and a consultation guest in the browser (issue 14): Maija's employment expert records
her brother as a network contact with her consent, invites him to the network meeting she organised, the
guest signs in with the link and the code, reads the agenda and writes his contribution, and the organiser
sees it on the consultation page. Every page passes axe at 1280 and 320 px."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.collaboration.models import Consultation, ConsultationKind
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo

WIDTHS = (1280, 320)


def accessible_at_both_widths(page: Page) -> None:
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 900})
        assert_accessible(page)
    page.set_viewport_size({"width": WIDTHS[0], "height": 900})


def test_worker_invites_a_network_contact_who_contributes_as_a_guest(page: Page) -> None:
    clients = load_demo()
    maija = clients["maija"]
    log_in_with_new_device(page, User.objects.get(username="tyollisyysasiantuntija"), DEMO_PASSWORD)

    page.goto(f"/asiakkaat/{maija.code}/")
    page.get_by_role("link", name="Avaa asiakkaan verkosto").click()
    expect(page.get_by_role("heading", name="Verkosto", exact=True)).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Tuula Tukihenkilö")).to_be_visible()
    accessible_at_both_widths(page)

    page.get_by_role("link", name="Kirjaa verkoston yhteystaho").click()
    page.get_by_label("Yhteystahon laji").select_option(label="perheenjäsen tai omainen")
    page.locator("#id_name").fill("Pekka Meikäläinen")
    page.get_by_label("Puhelin").fill("040 555 0303")
    page.get_by_label("Yhteydenpidon tarkoitus").fill("Veli, auttaa Maijaa muutossa opiskelupaikkakunnalle.")
    page.get_by_role("button", name="Tallenna").click()
    # Without the client's consent nothing is recorded.
    expect(page.get_by_text("Asiakkaan suostumus on pakollinen").first).to_be_visible()
    accessible_at_both_widths(page)
    yesterday = timezone.localdate() - timedelta(days=1)
    page.get_by_label("Asiakkaan suostumus annettu").fill(yesterday.isoformat())
    page.get_by_label("Miten asiakas antoi suostumuksensa").select_option(label="suullinen")
    page.get_by_role("button", name="Tallenna").click()
    expect(page.get_by_text("Verkoston yhteystaho on kirjattu.")).to_be_visible()
    expect(page.get_by_role("row").filter(has_text="Pekka Meikäläinen")).to_be_visible()

    meeting = Consultation.objects.get(relationship__client=maija, kind=ConsultationKind.NETWORK_MEETING)
    consultation_url = f"/verkostotyo/{meeting.relationship.code}/konsultaatiot/{meeting.code}/"  # type: ignore[union-attr]
    page.goto(consultation_url)
    expect(page.get_by_role("heading", name="Verkoston vieraat")).to_be_visible()
    accessible_at_both_widths(page)
    page.get_by_role("link", name="Kutsu verkoston yhteystaho vieraaksi").click()
    page.get_by_label("Kutsuttava verkoston yhteystaho").select_option(
        label="Pekka Meikäläinen (perheenjäsen tai omainen)"
    )
    page.get_by_label("Vieraalle jaettava tieto").fill("Maija toivoo veljen kertovan muuton aikataulusta.")
    page.get_by_role("button", name="Kutsu vieraaksi").click()
    expect(page.get_by_role("heading", name="Vieras on kutsuttu")).to_be_visible()
    accessible_at_both_widths(page)
    link = page.locator("#guest-link").inner_text()
    code = page.locator("#guest-code").inner_text()

    browser = page.context.browser
    assert browser is not None
    guest_context = browser.new_context(locale="fi-FI")
    guest_context.set_default_timeout(5_000)
    guest = guest_context.new_page()
    guest.goto(link)
    expect(guest.get_by_role("heading", name="Kirjaudu konsultaatioon vieraana")).to_be_visible()
    accessible_at_both_widths(guest)
    guest.get_by_label("Kertakoodi").fill(code)
    guest.get_by_role("button", name="Kirjaudu").click()
    expect(guest.get_by_text(meeting.agenda)).to_be_visible()
    expect(guest.get_by_text("Maija toivoo veljen kertovan muuton aikataulusta.")).to_be_visible()
    accessible_at_both_widths(guest)
    guest.get_by_label("Kannanottosi tai kommenttisi").fill(
        "Muutto onnistuu elokuun alussa, autan kantamisessa."
    )
    guest.get_by_role("button", name="Tallenna kannanotto").click()
    expect(guest.get_by_text("Kannanottosi on tallennettu.")).to_be_visible()
    accessible_at_both_widths(guest)
    # Nothing else opens for the guest: the client's page is not found.
    origin = link.split("/vieras/")[0]
    response = guest.goto(f"{origin}/asiakkaat/{maija.code}/")
    assert response is not None
    assert response.status == 404
    expect(guest.get_by_text(maija.full_name)).to_have_count(0)
    guest_context.close()

    page.goto(consultation_url)
    expect(page.get_by_text("Muutto onnistuu elokuun alussa, autan kantamisessa.")).to_be_visible()
    accessible_at_both_widths(page)
