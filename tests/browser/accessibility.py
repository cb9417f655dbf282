"""Automated accessibility checks with axe-core, the engine browser audits use, on the page as shown."""

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page

# Every rule axe runs by default: WCAG 2.x A and AA (contrast included) and its best practices.
_AXE = Axe()


def violations(page: Page) -> list[str]:
    """One line per rule the page breaks: the rule, its impact, and the first elements that break it."""
    response = _AXE.run(page).response
    lines = []
    for violation in response["violations"]:
        where = "; ".join(" ".join(node["target"]) for node in violation["nodes"][:3])
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {where}")
    return lines
