"""The worklist, the rules page and the advice checks in the browser, as the demo social worker sees them:
Maija's plan review with the rule behind it; every page passes axe."""

import re

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def test_social_worker_finds_maijas_plan_review_on_her_worklist(page: Page) -> None:
    clients = load_demo()
    log_in_with_new_device(page, User.objects.get(username="sosiaalityontekija"), DEMO_PASSWORD)

    # The header link also says how many things wait: "Työlista, 2 odottavaa asiaa".
    menu = page.get_by_role("navigation", name="Päävalikko")
    menu.get_by_role("link", name=re.compile("^Työlista")).click()
    row = page.get_by_role("row").filter(has_text="Suunnitelman arviointi (versio 1)")
    expect(row).to_contain_text("Maija Meikäläinen")
    expect(row).to_contain_text("R-TYM-2 v2025.1")
    assert_accessible(page)

    page.get_by_role("link", name="Säännöt", exact=True).click()
    expect(page.get_by_role("heading", name="Säännöt ja määräajat")).to_be_visible()
    assert_accessible(page)

    page.goto(f"/asiakkuudet/{clients['maija'].code}/")
    expect(page.get_by_role("heading", name="Neuvovat tarkistukset")).to_be_visible()
    # In TYM work the advice on the criteria is folded behind its heading.
    page.locator("summary").filter(has_text="Neuvovat tarkistukset").click()
    page.get_by_role("link", name="Kirjaa päätös").last.click()
    page.get_by_label("Edellytykset täyttyvät").check()
    page.get_by_label("Perustelu").fill("Työ- ja toimintakyvyn rajoitteet ja monialaisen tuen tarve.")
    assert_accessible(page)
    page.get_by_role("button", name="Kirjaa päätös").click()
    expect(page.get_by_text("Päätös on kirjattu.")).to_be_visible()
    assert_accessible(page)
