"""Keyboard use: the skip link comes first and takes focus to the main content."""

from playwright.sync_api import expect


def test_the_skip_link_is_the_first_focusable_element_and_moves_focus_to_main(page):
    page.goto("/tili/kirjaudu/")

    page.keyboard.press("Tab")

    skip_link = page.get_by_role("link", name="Siirry sisältöön")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")

    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Käyttäjätunnus")).to_be_focused()


def test_focus_is_visible_on_the_header_controls(page):
    page.goto("/tili/kirjaudu/")
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")

    focused = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")

    assert focused != "none"
