"""The accessibility check itself works under the strict CSP and does find problems."""

from tests.browser.accessibility import accessibility_violations


def test_axe_runs_under_the_content_security_policy(page):
    page.goto("/tili/kirjaudu/")

    assert page.evaluate("typeof axe") == "undefined"
    assert isinstance(accessibility_violations(page), list)
    assert page.evaluate("typeof axe.run") == "function"


def test_axe_finds_a_planted_violation(page):
    page.goto("/tili/kirjaudu/")
    page.evaluate("document.querySelector('label[for=id_username]').remove()")

    violations = accessibility_violations(page)

    assert "label" in {violation["id"] for violation in violations}
