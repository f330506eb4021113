"""Oma Yhteispolku before the first meeting, in Chromium (axe, 320 and 1280 px): Maija fills in her
pre-information form (a missing answer is explained, nothing she typed is lost), her self-assessment of her
situation and work ability, and acknowledges the review entry her worker showed her, once."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.browser.test_portal import check_both_widths
from yhteispolku.accounts.models import User
from yhteispolku.assessments.models import SelfAssessment
from yhteispolku.cases.models import PreInformation
from yhteispolku.clients import services as client_services
from yhteispolku.clients.models import Client, JournalEntry
from yhteispolku.core.categories import DataCategory
from yhteispolku.web.demo_data import load_demo


def test_maija_fills_her_forms_and_acknowledges_a_review(page: Page, settings) -> None:  # type: ignore[no-untyped-def]
    settings.DEMO_MODE = True
    load_demo()
    page.set_default_timeout(20_000)
    maija = Client.objects.get(first_names="Maija", is_demo=True)
    expert = User.objects.get(username="tyollisyysasiantuntija")
    review = client_services.journal_entry_create(
        actor=expert,
        client=maija,
        category=DataCategory.PLAN,
        text="Arviointi: työkokeilu alkaa maaliskuussa.",
    )
    client_services.journal_entry_show_to_client(actor=expert, entry=review)

    page.goto("/oma/tunnistaudu/")
    page.get_by_role("button", name="Tunnistaudu: Maija Meikäläinen").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hei Maija!")
    expect(page.get_by_text("(1 kuittaamatta)")).to_be_visible()
    check_both_widths(page)

    # The pre-information form: the one required answer missing is explained, the rest kept.
    page.get_by_role("link", name="Täytä esitietolomake").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Esitietolomake")
    check_both_widths(page)
    page.get_by_label("Koulutuksesi (vapaaehtoinen)").fill("Ammatillinen perustutkinto")
    page.get_by_label("Terveytesi omin sanoin (vapaaehtoinen)").fill("Toiminnanohjauksen haasteet.")
    page.get_by_role("button", name="Lähetä esitietolomake").click()
    expect(page.get_by_text("Kerro lyhyesti tilanteestasi omin sanoin.").first).to_be_visible()
    expect(page.get_by_label("Koulutuksesi (vapaaehtoinen)")).to_have_value("Ammatillinen perustutkinto")
    check_both_widths(page)
    page.get_by_label("Kerro omin sanoin tilanteestasi nyt").fill(
        "Asun perheeni kanssa ja haluan palkkatyöhön."
    )
    page.get_by_label("Mitä toivot palvelulta? (vapaaehtoinen)").fill("Selkeät ohjeet ja yksi yhteyshenkilö.")
    page.get_by_role("button", name="Lähetä esitietolomake").click()
    expect(page.get_by_text("Kiitos! Esitietolomakkeesi on tallennettu ja näkyy tiimillesi.")).to_be_visible()
    check_both_widths(page)
    info = PreInformation.objects.get(client=maija, how=PreInformation.How.PORTAL)
    assert info.education == "Ammatillinen perustutkinto"
    assert info.recorded_by is None

    # The self-assessment: her work ability 0–10 and her own words.
    page.get_by_role("link", name="Takaisin omiin asioihin").click()
    page.get_by_role("link", name="Täytä itsearvio tilanteestasi ja työkyvystäsi").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Itsearvio: tilanteesi ja työkykysi")
    check_both_widths(page)
    page.get_by_role("radio", name="6", exact=True).check()
    page.get_by_label("Missä olet hyvä? (vapaaehtoinen)").fill("Olen tarkka ja täsmällinen.")
    page.get_by_role("button", name="Lähetä itsearvio").click()
    expect(page.get_by_text("Kiitos! Itsearviosi on tallennettu ja näkyy tiimillesi.")).to_be_visible()
    check_both_widths(page)
    assert SelfAssessment.objects.get(relationship__client=maija).work_ability == 6

    # The review her worker showed her: acknowledged once, with the time.
    page.get_by_role("link", name="Takaisin omiin asioihin").click()
    page.get_by_role("link", name="Työntekijöiden kirjaukset sinulle").click()
    expect(page.get_by_text("Arviointi: työkokeilu alkaa maaliskuussa.")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("button", name="Olen lukenut – kuittaa").click()
    expect(page.get_by_text("Kiitos! Kuittauksesi on tallennettu.")).to_be_visible()
    expect(page.get_by_text("Kuittasit luetuksi")).to_be_visible()
    expect(page.get_by_role("button", name="Olen lukenut – kuittaa")).to_have_count(0)
    check_both_widths(page)
    assert JournalEntry.objects.get(pk=review.pk).acknowledged_at is not None
