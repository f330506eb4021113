"""The error pages a visitor may meet are accessible too."""

import pytest
from playwright.sync_api import expect

from tests.browser.accessibility import assert_accessible


def test_the_404_page_is_finnish_and_accessible(page):
    response = page.goto("/ei-tallaista-sivua/")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Sivua ei löytynyt")
    assert_accessible(page)


@pytest.mark.urls("tests.web.urls_failing")
def test_the_500_page_is_accessible(page):
    response = page.goto("/testi/virhe/")

    assert response is not None
    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("Palvelussa on häiriö")
    assert_accessible(page)


def test_a_stale_login_form_gets_an_accessible_finnish_explanation(page, employment_expert, password):
    page.goto("/tili/kirjaudu/")
    page.context.clear_cookies()
    page.get_by_label("Käyttäjätunnus").fill(employment_expert.username)
    page.get_by_label("Salasana").fill(password)
    page.get_by_role("button", name="Kirjaudu", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Lomake vanheni")
    assert_accessible(page)
