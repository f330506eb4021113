"""The worklist, the rules page and the advice checks in the browser, as the demo social worker sees them:
Maija's plan review with the rule behind it; every page passes axe."""

import re

import pytest
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


@pytest.mark.parametrize("username", ["sosiaalityontekija", "esihenkilo"])
def test_the_worklist_stacks_its_rows_at_320_px(page: Page, username: str) -> None:
    """WCAG 1.4.10: on a phone the worklist's tables reflow as stacked rows, each cell with its column's
    name, rather than scrolling sideways (the page or the table's own region)."""
    load_demo()
    page.set_default_timeout(20_000)
    log_in_with_new_device(page, User.objects.get(username=username), DEMO_PASSWORD)
    page.set_viewport_size({"width": 320, "height": 800})
    page.goto("/tyolista/")
    rows = page.locator("table.data-table--stacked tbody tr")
    expect(rows.first).to_be_visible()

    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    scrolling = page.evaluate(
        """() => [...document.querySelectorAll('.table-scroll')]
            .filter(region => region.scrollWidth > region.clientWidth + 1)
            .map(region => region.getAttribute('aria-label') || region.getAttribute('aria-labelledby'))"""
    )
    assert not scrolling, f"table regions that scroll sideways at 320 px: {scrolling}"
    # Stacked: a row's cells are one above the other, each starting at the row's left edge.
    lefts = rows.first.locator("td, th").evaluate_all(
        "cells => cells.map(c => c.getBoundingClientRect().left)"
    )
    assert len(set(lefts)) == 1, lefts
    labelled = rows.first.locator("[data-label]").first
    label = labelled.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert labelled.get_attribute("data-label") in label  # type: ignore[operator]
    assert_accessible(page)

    # At the desktop width the same tables are tables again.
    page.set_viewport_size({"width": 1280, "height": 800})
    lefts = rows.first.locator("td, th").evaluate_all(
        "cells => cells.map(c => c.getBoundingClientRect().left)"
    )
    assert len(set(lefts)) == len(lefts), lefts
