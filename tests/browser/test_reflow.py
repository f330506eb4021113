"""WCAG 1.4.10 reflow: at 320 CSS pixels wide nothing needs horizontal scrolling."""

from playwright.sync_api import Page, expect

from tests.browser.flows import submit_login


def assert_no_horizontal_scrolling(page: Page) -> None:
    overflowing = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            return [...document.querySelectorAll('body *')]
                .filter(element => element.getBoundingClientRect().right > width + 1)
                .map(element => element.tagName.toLowerCase() + ' ' + element.className);
        }"""
    )
    assert not overflowing, f"wider than the 320 px screen: {overflowing}"


def test_the_login_and_enrolment_pages_reflow(page, employment_expert, password):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto("/tili/kirjaudu/")
    assert_no_horizontal_scrolling(page)

    submit_login(page, employment_expert.username, password)

    expect(page.locator(".totp-qr svg")).to_be_visible()
    assert_no_horizontal_scrolling(page)


def test_the_home_page_reflows(page, employment_expert, password, totp_optional):
    page.set_viewport_size({"width": 320, "height": 640})

    submit_login(page, employment_expert.username, password)

    expect(page.locator(".facts")).to_contain_text("työllisyysasiantuntija")
    assert_no_horizontal_scrolling(page)
