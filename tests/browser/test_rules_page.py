"""The rules page as a professional reads it in the browser: a contents list, each rule in words with
its units, the technical keys only behind "Tekniset tiedot", no sideways scrolling at 320 px, and axe
(WCAG 2.1 AA) passes with the details closed and open."""

from playwright.sync_api import Page, expect

from tests.browser.accessibility import assert_accessible
from tests.browser.flows import submit_login
from tests.browser.test_reflow import assert_no_horizontal_scrolling
from yhteispolku.accounts.models import User

# The page before issue 11 (raw keys, Python lists, every version in a table) was 11,225 px tall at
# 1280 px with the demo employment expert signed in, for its 24 rules; each rule now takes less than
# half of that height (the page grows with the rules the region adds, not with how they are shown).
HEIGHT_BEFORE = 11_225
RULES_BEFORE = 24

VISIBLE_TEXT_OUTSIDE_DETAILS = """() => {
    const page = document.querySelector('main').cloneNode(true);
    page.querySelectorAll('details').forEach(details => details.remove());
    return page.innerText;
}"""


def unfold_menu(page: Page) -> None:
    """Narrow screens fold the navigation and the language buttons behind the menu button."""
    menu = page.get_by_role("button", name="Valikko")
    if menu.is_visible():
        menu.click()


def open_rules(page: Page, user: User, password: str, width: int) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    submit_login(page, user.username, password)
    page.wait_for_url("**/")
    unfold_menu(page)
    page.get_by_role("link", name="Säännöt", exact=True).click()
    expect(page.get_by_role("heading", name="Säännöt ja määräajat", level=1)).to_be_visible()


def test_the_rules_page_reads_as_plain_finnish_with_a_contents_list(
    page: Page, employment_expert: User, password: str, totp_optional: None
) -> None:
    open_rules(page, employment_expert, password, 1280)

    contents = page.get_by_role("navigation", name="Sisällys")
    expect(contents.get_by_role("link", name="Kuntouttava työtoiminta", exact=True)).to_be_visible()
    contents.get_by_role("link", name="Kuntouttavan työtoiminnan tunnit ja jakson pituus").click()
    assert page.url.endswith("#r-kuty-3")
    rule = page.locator("#r-kuty-3")
    expect(rule).to_contain_text("4–8 tuntia päivässä")
    expect(rule).to_contain_text("3–24 kuukautta")
    expect(page.locator("#r-tym-2")).to_contain_text("3 kuukautta")
    expect(page.locator("#r-emp-2")).to_contain_text("arkipäivää")

    text = page.evaluate(VISIBLE_TEXT_OUTSIDE_DETAILS)
    assert "kuukautta" in text
    for developer_word in ("SPEC", "seed", "Seed", "mapping_target_months", "['", "[]", "{"):
        assert developer_word not in text, developer_word

    height = page.evaluate("document.documentElement.scrollHeight")
    rules = page.locator("article.rule").count()
    assert rules >= RULES_BEFORE
    assert height / rules <= HEIGHT_BEFORE / RULES_BEFORE / 2, f"{height} px for {rules} rules"
    assert_accessible(page)

    # The technical keys are there for whoever maintains the rules, one click away.
    technical = page.locator("#r-tym-2 details")
    expect(technical.get_by_text("mapping_target_months").first).to_be_hidden()
    technical.get_by_text("Tekniset tiedot").click()
    expect(technical.get_by_text("mapping_target_months").first).to_be_visible()
    assert_accessible(page)


def test_the_rules_page_reflows_at_320_px_in_swedish(
    page: Page, employment_expert: User, password: str, totp_optional: None
) -> None:
    open_rules(page, employment_expert, password, 320)
    assert_no_horizontal_scrolling(page)
    page.locator("#r-kela-1 details summary").click()
    assert_no_horizontal_scrolling(page)

    unfold_menu(page)
    page.get_by_role("button", name="Svenska").click()
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("navigation", name="Innehåll")).to_be_visible()
    expect(page.locator("#r-kuty-3")).to_contain_text("4–8 timmar per dag")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    assert_accessible(page)
