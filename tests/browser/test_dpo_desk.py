"""The data-protection officer's desk in the browser (issue #12): Tuomas sees the demo request's answer date
on his worklist, finds Maija by her identity code, records her access-log request, filters her log to one
professional and downloads the answer letter, whose text names the professional and the category. Every
page passes axe at 1280 and 320 px, without sideways scrolling."""

import io
import re

from playwright.sync_api import Page, expect
from pypdf import PdfReader

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.audit.services import record_access
from yhteispolku.core.categories import Action, DataCategory, Purpose
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


def test_the_officer_answers_maijas_access_log_request(page: Page) -> None:
    clients = load_demo()
    maija = clients["maija"]
    readers = {
        "tyollisyysasiantuntija": (DataCategory.EMPLOYMENT, 3),
        "sosiaalityontekija": (DataCategory.SOCIAL, 2),
    }
    for username, (category, times) in readers.items():
        for _ in range(times):
            record_access(
                actor=User.objects.get(username=username),
                action=Action.VIEW,
                category=category,
                purpose=Purpose.TYM_JOINT_WORK,
                allowed=True,
                client_code=maija.code,
            )
    page.set_default_timeout(20_000)
    page.set_viewport_size({"width": 1280, "height": 800})
    log_in_with_new_device(page, User.objects.get(username="tietosuojavastaava"), DEMO_PASSWORD)

    # The demo request is on the front page's count and on the worklist; the desk is in the menu.
    expect(page.get_by_text(re.compile("Vastaa lokitietopyyntöihin – 1"))).to_be_visible()
    page.get_by_role("navigation", name="Päävalikko").get_by_role(
        "link", name=re.compile("^Työlista")
    ).click()
    demo_item = page.get_by_role("row").filter(has_text=re.compile("Vastaa lokitietopyyntöön TSV-"))
    expect(demo_item).to_contain_text("Maija Meikäläinen")
    expect(demo_item).to_contain_text("R-LOG-1 v2018.1")
    check_both_widths(page)
    page.get_by_role("navigation", name="Päävalikko").get_by_role("link", name="Tietosuoja").click()
    expect(page.get_by_role("heading", name="Tietosuojan työpöytä")).to_be_visible()
    check_both_widths(page)

    page.get_by_label("Pyynnön tunniste").fill("TSV-2026-0100")
    page.get_by_label("Henkilötunnus tai nimi").fill(maija.identity_code or "")
    page.get_by_role("button", name="Hae", exact=True).last.click()
    results = page.get_by_role("table", name="Hakutulokset")
    expect(results).to_contain_text("Maija Meikäläinen")
    check_both_widths(page)

    results.get_by_role("link", name="Kirjaa lokitietopyyntö: Maija Meikäläinen").click()
    expect(page.get_by_label("Pyynnön tunniste")).to_have_value("TSV-2026-0100")
    check_both_widths(page)
    page.get_by_role("button", name="Kirjaa pyyntö").click()
    expect(page.get_by_text(re.compile("Lokitietopyyntö TSV-2026-0100 on kirjattu"))).to_be_visible()

    professional = page.get_by_label("Ammattilainen")
    option = professional.locator("option", has_text="Anna Virtanen").text_content() or ""
    assert option == "Anna Virtanen (3)"
    professional.select_option(label=option)
    page.get_by_role("button", name="Rajaa").click()
    log = page.get_by_role("table", name="Asiakkaan käyttöloki")
    expect(log.locator("tbody tr")).to_have_count(3)
    expect(log).not_to_contain_text("Sanna Koskinen")
    expect(page.get_by_text("3 lokimerkintää")).to_be_visible()
    check_both_widths(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Lataa vastauskirje (PDF)").click()
    path = download.value.path()
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)
    assert "Vastaus lokitietopyyntöön" in text
    assert "Anna Virtanen" in text
    assert "työllisyystiedot" in text
    assert "Satakunnan työllisyysalue" in text
