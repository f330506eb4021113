"""The caseload list at a desktop's 1280 px and a phone's 320 px: on the phone each row is a block whose
cells name their column (nothing scrolls sideways, and the overdue tag is in view), axe finds nothing,
and the sort and filters work as a plain GET form (no JavaScript needed) whose state the paging links
keep. Screenshots: /tmp/caseload-<who>-<width>.png."""

import re
import tempfile
from pathlib import Path

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.test_layout import (
    DESKTOP,
    PHONE,
    assert_menu_is_folded,
    assert_navigation_on_one_line,
    assert_no_sideways_scrolling,
    log_in,
)
from yhteispolku.web.demo_data import load_demo


def _check(page: Page, who: str, width: int) -> None:
    assert_no_sideways_scrolling(page, width, f"the caseload of {who}")
    if width == DESKTOP:
        assert_navigation_on_one_line(page, f"the caseload of {who}")
    else:
        assert_menu_is_folded(page, f"the caseload of {who}")
    assert_accessible(page)
    page.screenshot(path=Path(tempfile.gettempdir()) / f"caseload-{who}-{width}.png", full_page=True)


def test_the_employment_experts_caseload_at_1280_and_320_px(page: Page) -> None:
    load_demo()
    log_in(page, "tyollisyysasiantuntija")
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/asiakkaat/")
        table = page.get_by_role("region", name="Omat asiakkaat").get_by_role("table")
        maija = table.get_by_role("row").filter(has=page.get_by_role("link", name="Maija Meikäläinen"))
        expect(maija).to_have_count(1)
        expect(maija.get_by_role("link", name="TYM-yhteispalvelu")).to_be_visible()
        expect(maija).to_contain_text("Myöhässä")  # her plan review is overdue in the demo
        expect(maija).to_contain_text("Anna Virtanen")
        if width == PHONE:
            # The rows are stacked: not even the table's own region scrolls, so the overdue tag is within the
            # phone's width.
            region = page.get_by_role("region", name="Omat asiakkaat")
            assert region.evaluate("el => el.scrollWidth <= el.clientWidth")
            tag = maija.get_by_text("Myöhässä")
            assert tag.evaluate("el => el.getBoundingClientRect().right <= window.innerWidth")
            label = maija.locator("td").last.evaluate("el => getComputedStyle(el, '::before').content")
            assert "Seuraava määräaika" in label, label
        _check(page, "tyollisyysasiantuntija", width)


def test_sort_and_filters_are_a_plain_get_form(page: Page) -> None:
    load_demo()
    log_in(page, "tyollisyysasiantuntija")
    page.set_viewport_size({"width": DESKTOP, "height": 900})
    page.goto("/asiakkaat/")
    every = page.locator("tbody tr").count()
    page.get_by_label("Vain myöhässä olevat").check()
    page.get_by_label("Järjestys").select_option("maaraaika")
    page.get_by_role("button", name="Näytä").click()
    expect(page).to_have_url(re.compile(r"jarjestys=maaraaika.*myohassa=on|myohassa=on.*jarjestys=maaraaika"))
    rows = page.locator("tbody tr")
    assert 1 <= rows.count() <= every
    for index in range(rows.count()):
        expect(rows.nth(index)).to_contain_text("Myöhässä")
    expect(page.get_by_label("Vain myöhässä olevat")).to_be_checked()
    expect(page.get_by_label("Järjestys")).to_have_value("maaraaika")
    page.get_by_role("link", name="Poista rajaukset").click()
    expect(page.locator("tbody tr")).to_have_count(every)


def test_the_coordinators_unit_caseload_at_1280_and_320_px(page: Page) -> None:
    load_demo()
    log_in(page, "tym-koordinaattori")
    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto("/asiakkaat/")
        expect(page.get_by_role("heading", name="Yksikön asiakkaat")).to_be_visible()
        expect(page.get_by_label("Näytettävät asiakkaat")).to_have_value("yksikko")
        expect(page.get_by_role("link", name="Maija Meikäläinen")).to_be_visible()
        _check(page, "tym-koordinaattori", width)
