"""The language buttons in the header switch the page language and back."""

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible


def test_the_language_buttons_switch_to_swedish_and_english_and_back(page):
    page.goto("/tili/kirjaudu/")
    html = page.locator("html")

    page.get_by_role("button", name="Svenska").click()
    expect(html).to_have_attribute("lang", "sv")
    expect(page.get_by_role("button", name="Svenska")).to_have_attribute("aria-current", "true")

    page.get_by_role("button", name="English").click()
    expect(html).to_have_attribute("lang", "en")

    page.get_by_role("button", name="Suomi").click()
    expect(html).to_have_attribute("lang", "fi")
    expect(page).to_have_url(f"{page.url.split('/tili/')[0]}/tili/kirjaudu/")


def test_the_swedish_login_page_is_accessible(page):
    page.goto("/tili/kirjaudu/")

    page.get_by_role("button", name="Svenska").click()

    expect(page.locator("html")).to_have_attribute("lang", "sv")
    assert_accessible(page)


def test_the_chosen_language_stays_after_logging_in(page, keusote_nurse, password, totp_optional):
    page.goto("/tili/kirjaudu/")
    page.get_by_role("button", name="English").click()
    page.locator("#id_username").fill(keusote_nurse.username)
    page.locator("#id_password").fill(password)
    page.locator("form:not(.site-header__languages) button[type=submit]").click()

    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".facts")).to_contain_text("public health nurse")
