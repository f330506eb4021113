"""WCAG 2.0/2.1 level A and AA checks with axe-core (shipped with axe-playwright-python)."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Error, Page

WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
_axe = Axe()


def accessibility_violations(page: Page) -> list[dict]:
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    # A check right after a click can meet the page between two documents (a form post answered with
    # a redirect): axe then finds no document. Wait for the new one and check that instead.
    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return list(_axe.run(page, options=options).response["violations"])
        except Error as error:
            navigating = "documentElement" in str(error) or "Execution context was destroyed" in str(error)
            if not navigating or attempt == 2:
                raise
    raise AssertionError("unreachable")


def describe(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(
            f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    {', '.join(str(target) for target in node['target'])}")
            if node.get("failureSummary"):
                lines.extend(f"        {line}" for line in node["failureSummary"].splitlines())
    return "\n".join(lines)


def assert_accessible(page: Page) -> None:
    """Fail listing each WCAG A/AA violation on the page as it is now: rule, impact, help, selectors."""
    violations = accessibility_violations(page)
    assert not violations, f"{page.url} has accessibility violations:\n{describe(violations)}"
