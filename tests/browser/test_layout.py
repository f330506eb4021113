"""The layout at a desktop's 1280 px and a phone's 320 px, on every page type of the demo professionals.

No page scrolls sideways (wide tables scroll inside their own region), the header's navigation is one
line at 1280 px and folds behind a menu button at 320 px, and every page passes axe at both widths.
Set LAYOUT_SCREENSHOTS to a directory to keep a full-page screenshot of each page at each width.
"""

import os
from pathlib import Path

import pytest
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import translation
from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import log_in_with_new_device
from yhteispolku.accounts.models import User
from yhteispolku.cases.models import ClientRelationship, Track
from yhteispolku.clients.models import Client
from yhteispolku.web.demo_data import DEMO_PASSWORD, load_demo

DESKTOP, PHONE = 1280, 320
SCREENSHOTS = os.environ.get("LAYOUT_SCREENSHOTS")


def log_in(page: Page, username: str) -> None:
    # The live server's first answer imports the views and compiles the templates: on a busy machine
    # that alone can outlast the 5-second page timeout.
    page.goto("/tili/kirjaudu/", timeout=30_000)
    log_in_with_new_device(page, User.objects.get(username=username), DEMO_PASSWORD)


def page_types(maija: Client) -> dict[str, str]:
    """One page of each type a worker of Maija's pair opens, by name."""
    relationship = ClientRelationship.objects.get(client=maija, track=Track.TYM)
    return {
        "front page": "/",
        "client list": "/asiakkaat/",
        "client search": "/asiakkaat/?q=Meik%C3%A4l%C3%A4inen",
        "client": f"/asiakkaat/{maija.code}/",
        "case": f"/asiakkuudet/{maija.code}/",
        "referrals": "/asiakkuudet/lahetteet/",
        "plan": f"/suunnitelmat/{relationship.code}/",
        "mapping": f"/arviot/{relationship.code}/",
        "network work": f"/verkostotyo/{relationship.code}/",
        "documents": f"/asiakirjat/{maija.code}/",
        "applications": f"/hakemukset/{maija.code}/",
        "service path": f"/polut/{relationship.code}/",
        "worklist": "/tyolista/",
        "rules": "/saannot/",
        "profile": "/tili/profiili/",
    }


def assert_no_sideways_scrolling(page: Page, width: int, name: str) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"{name} is {scroll_width} px wide at {width} px"


def assert_navigation_on_one_line(page: Page, name: str) -> None:
    tops = page.evaluate(
        "[...document.querySelectorAll('.site-header__nav a')].map(a => a.getBoundingClientRect().top)"
    )
    assert tops, f"{name} has no navigation"
    assert len(set(tops)) == 1, f"the navigation of {name} takes {len(set(tops))} lines at 1280 px"
    expect(page.get_by_role("button", name="Valikko")).to_be_hidden()


def assert_menu_is_folded(page: Page, name: str) -> None:
    menu_button = page.get_by_role("button", name="Valikko")
    expect(menu_button).to_be_visible()
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(page.get_by_role("navigation", name="Päävalikko")).to_be_hidden()
    header_height = page.locator(".site-header").bounding_box()["height"]  # type: ignore[index]
    assert header_height <= 100, f"the header of {name} takes {header_height} px at 320 px"


def screenshot(page: Page, username: str, width: int, name: str) -> None:
    if SCREENSHOTS:
        path = Path(SCREENSHOTS) / f"{username}-{width}-{name.replace(' ', '-')}.png"
        page.screenshot(path=path, full_page=True)


@pytest.mark.parametrize("username", ["tyollisyysasiantuntija", "sosiaalityontekija"])
def test_every_page_fits_the_desktop_and_the_phone_and_passes_axe(page: Page, username: str) -> None:
    clients = load_demo()
    log_in(page, username)
    pages = page_types(clients["maija"])

    for width in (DESKTOP, PHONE):
        page.set_viewport_size({"width": width, "height": 800})
        for name, url in pages.items():
            response = page.goto(url)
            assert response is not None
            assert response.status == 200, f"{name} answered {response.status}"
            assert_no_sideways_scrolling(page, width, name)
            if width == DESKTOP:
                assert_navigation_on_one_line(page, name)
            else:
                assert_menu_is_folded(page, name)
            assert_accessible(page)
            screenshot(page, username, width, name)


def test_the_menu_button_opens_and_closes_the_menu_from_the_keyboard(page: Page) -> None:
    load_demo()
    log_in(page, "sosiaalityontekija")
    page.set_viewport_size({"width": PHONE, "height": 640})
    page.goto("/")
    menu_button = page.get_by_role("button", name="Valikko")
    navigation = page.get_by_role("navigation", name="Päävalikko")

    menu_button.focus()
    page.keyboard.press("Enter")

    expect(menu_button).to_have_attribute("aria-expanded", "true")
    expect(navigation.get_by_role("link", name="Asiakkaat")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Asiakashaku")).to_be_visible()
    expect(page.get_by_role("button", name="Kirjaudu ulos")).to_be_visible()
    assert_no_sideways_scrolling(page, PHONE, "the open menu")
    assert_accessible(page)

    page.keyboard.press("Escape")

    expect(menu_button).to_have_attribute("aria-expanded", "false")
    expect(menu_button).to_be_focused()
    expect(navigation).to_be_hidden()


def test_the_header_search_finds_a_client_on_the_client_list(page: Page) -> None:
    load_demo()
    log_in(page, "tyollisyysasiantuntija")

    page.get_by_role("searchbox", name="Asiakashaku").fill("Meikäläinen")
    page.get_by_role("button", name="Hae asiakasta").click()

    expect(page.get_by_role("heading", name="Hakutulokset")).to_be_visible()
    expect(page.get_by_role("link", name="Maija Meikäläinen")).to_be_visible()


def test_only_professionals_who_work_with_clients_get_the_header_search(page: Page) -> None:
    load_demo()
    log_in(page, "johtoryhma")

    expect(page.get_by_role("navigation", name="Päävalikko")).to_be_visible()
    expect(page.get_by_role("searchbox", name="Asiakashaku")).to_have_count(0)
    expect(page.get_by_role("link", name="Työlista")).to_have_count(0)


def test_the_worklist_link_says_how_many_things_wait(page: Page, employment_expert: User) -> None:
    request = RequestFactory().get("/")
    request.user = employment_expert
    with translation.override("fi"):
        html = render_to_string("base.html", {"inbox_count": 3, "works_with_clients": True}, request=request)

    page.set_content(html)

    worklist = page.get_by_role("link", name="Työlista, 3 odottavaa asiaa", exact=True)
    expect(worklist).to_have_count(1)
    expect(worklist.locator(".badge")).to_have_text("3")
