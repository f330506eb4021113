"""The situational picture in the browser (issue #12): the steering group's member logs in, opens
Satakunta's picture from the front page, sees a chart and its table where a small cell is "<5", and the
CSV download carries the same figures. Axe at 1280 and 320 px, without sideways scrolling."""

import csv
import io
import re
from datetime import date

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.reports import refresh
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo


def no_sideways_scroll(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]  # type: ignore[index]


def check_both_widths(page: Page) -> None:
    assert_accessible(page)
    no_sideways_scroll(page)
    page.set_viewport_size({"width": 320, "height": 800})
    assert_accessible(page)
    no_sideways_scroll(page)
    page.set_viewport_size({"width": 1280, "height": 800})


def test_the_steering_group_sees_satakuntas_picture_and_downloads_the_same_figures(page: Page) -> None:
    load_demo()
    today = date.today()
    refresh.refresh(date(today.year - 1, today.month, 1), today)
    page.set_default_timeout(20_000)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in_with_new_device(page, User.objects.get(username="johtoryhma"), DEMO_PASSWORD)

    expect(page.get_by_text("Avoimet asiakkuudet yhteensä")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name="Avaa tilannekuva").click()
    expect(page.get_by_role("heading", level=1, name="Tilannekuva")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Tilanne \d{2}\.\d{2}\.\d{4} klo \d{2}\.\d{2}"))).to_be_visible()
    check_both_widths(page)

    page.get_by_role("link", name="Asiakkaat palvelupoluittain").click()
    expect(page.get_by_role("img", name="Asiakkaat palvelupoluittain")).to_be_visible()
    table = page.get_by_role("table", name="Asiakkaat palvelupoluittain")
    expect(table).to_be_visible()
    expect(table.get_by_role("cell", name="<5", exact=True).first).to_be_visible()
    check_both_widths(page)

    shown = [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in table.locator("tbody tr").all()
    ]
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Lataa luvut (CSV)").click()
    path = download_info.value.path()
    text = open(path, encoding="utf-8-sig").read()  # noqa: SIM115
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[2:] == shown

    # The reports with rows other than months and with medians, shares and averages pass axe at both widths.
    for title in (
        "Asiakkuudet ammattilaista kohden",
        "Sovitut palvelut tyypeittäin ja tilanteen mukaan",
        "Asiakkuuksien kesto päättymisen syyn mukaan",
        "Monialainen kartoitus tavoiteajassa",
    ):
        page.get_by_role("link", name="Tilannekuva", exact=True).first.click()
        page.get_by_role("link", name=title).click()
        expect(page.get_by_role("img", name=title)).to_be_visible()
        expect(page.get_by_role("table", name=title)).to_be_visible()
        check_both_widths(page)
