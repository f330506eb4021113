"""A professional logs in in Chromium through their organisation's identity service (a real OpenID provider
on localhost, oidc-provider-mock): the login page offers it, the provider identifies her, the TOTP step
follows and she lands on the front page; axe finds nothing at 320 and 1280 px on each page."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from tests.accounts.test_identity_services import make_service
from tests.browser.accessibility import assert_accessible
from tests.conftest import totp_code
from tests.portal.conftest import Provider, oidc_provider  # noqa: F401 - the fixture
from yhteispolku.accounts.models import User


def check_both_widths(page: Page) -> None:
    for width in (1280, 320):
        page.set_viewport_size({"width": width, "height": 800})
        assert_accessible(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    page.set_viewport_size({"width": 1280, "height": 800})


def test_a_professional_logs_in_through_her_organisations_identity_service(
    page: Page,
    oidc_provider: Provider,  # noqa: F811
    employment_expert: User,
    confirmed_device,  # type: ignore[no-untyped-def]
) -> None:
    page.set_default_timeout(20_000)
    employment_expert.email = "tiina.tyonen@pori.example"
    employment_expert.save(update_fields=["email"])
    device = confirmed_device(employment_expert)
    organisation = employment_expert.organisation
    assert organisation is not None
    make_service(oidc_provider, organisation)
    oidc_provider.person("tiina-browser", {"email": employment_expert.email})

    page.goto("/tili/kirjaudu/")
    expect(page.get_by_role("heading", name="Kirjaudu organisaatiosi tunnistuspalvelulla")).to_be_visible()
    check_both_widths(page)
    page.get_by_role("link", name=f"Kirjaudu: {organisation.name_fi}").click()
    page.get_by_placeholder("sub").fill("tiina-browser")
    page.get_by_role("button", name="Authorize").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Vahvista kirjautuminen")
    check_both_widths(page)
    page.get_by_label("Kuusinumeroinen vahvistuskoodi").fill(totp_code(device))
    page.get_by_role("button", name="Vahvista").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Tervetuloa, Tiina Työnen")
    check_both_widths(page)
