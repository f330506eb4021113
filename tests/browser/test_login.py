"""Logging in with a browser: Finnish pages, TOTP enrolment, and WCAG 2.1 AA on every step."""

import re

from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import enrol_totp, submit_login


def test_the_login_page_is_finnish_and_accessible(page):
    page.goto("/tili/kirjaudu/")

    expect(page.locator("html")).to_have_attribute("lang", "fi")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu sisään")
    expect(page).to_have_title(re.compile("^Kirjaudu sisään"))
    assert_accessible(page)


def test_a_wrong_password_shows_the_error_and_stays_accessible(page, employment_expert):
    submit_login(page, employment_expert.username, "väärä-salasana")

    expect(page.get_by_role("alert")).to_contain_text("Käyttäjätunnus tai salasana on väärin.")
    assert_accessible(page)


def test_a_professional_enrols_totp_and_lands_on_the_accessible_home_page(page, employment_expert, password):
    submit_login(page, employment_expert.username, password)

    expect(page.get_by_role("heading", level=1)).to_have_text("Ota kaksivaiheinen tunnistautuminen käyttöön")
    expect(page.locator(".totp-qr svg")).to_be_visible()
    assert_accessible(page)

    enrol_totp(page)

    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("status")).to_contain_text("Kaksivaiheinen tunnistautuminen on otettu käyttöön.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Tervetuloa, Tiina Työnen")
    facts = page.locator(".facts")
    expect(facts).to_contain_text("työllisyysasiantuntija")
    expect(facts).to_contain_text(employment_expert.organisation.name_fi)
    expect(facts).to_contain_text(employment_expert.unit.name_fi)
    assert_accessible(page)


def test_a_wrong_enrolment_code_shows_an_accessible_error(page, employment_expert, password):
    submit_login(page, employment_expert.username, password)
    page.get_by_label("Kuusinumeroinen vahvistuskoodi").fill("12345")
    page.get_by_role("button", name="Ota käyttöön").click()

    expect(page.locator(".field-error")).to_have_text("Koodissa on kuusi numeroa.")
    assert_accessible(page)


def test_the_verification_page_is_accessible(page, employment_expert, confirmed_device, password):
    confirmed_device(employment_expert)

    submit_login(page, employment_expert.username, password)

    expect(page.get_by_role("heading", level=1)).to_have_text("Vahvista kirjautuminen")
    assert_accessible(page)


def test_the_lockout_page_is_finnish_and_accessible(page, employment_expert):
    for attempt in range(5):
        submit_login(page, employment_expert.username, f"väärin-{attempt}")

    expect(page.get_by_role("heading", level=1)).to_have_text("Tunnus on lukittu hetkeksi")
    assert_accessible(page)


def test_logging_out_returns_to_the_login_page(page, social_worker, password, totp_optional):
    submit_login(page, social_worker.username, password)
    expect(page.get_by_role("heading", level=1)).to_have_text("Tervetuloa, Sanna Sosionomi")

    page.get_by_role("button", name="Kirjaudu ulos").click()

    expect(page.get_by_role("status")).to_have_text("Olet kirjautunut ulos.")
    expect(page.get_by_role("heading", level=1)).to_have_text("Kirjaudu sisään")
