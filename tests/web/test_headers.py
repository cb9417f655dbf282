"""Response headers a self-hosted health app owes its person: personal answers are never kept by a
cache, addresses are not told to other sites, types are not guessed, pages are not framed."""

import re
from pathlib import Path

import httpx
import pytest

# Pages, API answers, downloads and error answers: each carries something of the person.
PERSONAL = [
    "/",
    "/settings",
    "/history",
    "/report",
    "/api/sessions",
    "/export.json",
    "/export.csv",
    "/api/sessions/424242",
]


@pytest.mark.parametrize("path", PERSONAL)
def test_personal_answers_are_not_stored_by_any_cache(server: str, path: str) -> None:
    answer = httpx.get(f"{server}{path}", headers={"Accept": "text/html"})
    assert answer.headers.get("cache-control") == "no-store", path


@pytest.mark.parametrize("path", [*PERSONAL, "/static/js/player.js", "/docs"])
def test_every_answer_keeps_its_address_and_type_to_itself_and_refuses_frames(server: str, path: str) -> None:
    headers = httpx.get(f"{server}{path}").headers
    assert headers.get("referrer-policy") == "same-origin", path
    assert headers.get("x-content-type-options") == "nosniff", path
    assert headers.get("x-frame-options") == "DENY", path
    policy = headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy, path
    assert "frame-ancestors 'none'" in policy, path


def test_static_files_may_still_be_cached(server: str) -> None:
    # Shipped code holds nothing personal; the browser may keep it between pages.
    assert "no-store" not in httpx.get(f"{server}/static/js/player.js").headers.get("cache-control", "")


def test_a_refused_cross_site_request_carries_the_headers_too(server: str) -> None:
    answer = httpx.post(f"{server}/settings", headers={"Origin": "https://elsewhere.example"})
    assert answer.status_code == 403
    assert answer.headers.get("cache-control") == "no-store"
    assert answer.headers.get("x-content-type-options") == "nosniff"


def test_a_browser_that_asks_gets_pages_and_scripts_compressed(server: str) -> None:
    for path in ("/static/js/player.js", "/settings"):
        asked = httpx.get(f"{server}{path}", headers={"Accept-Encoding": "gzip", "Accept": "text/html"})
        assert asked.headers.get("content-encoding") == "gzip", path
        assert asked.headers.get("x-content-type-options") == "nosniff", path
        plain = httpx.get(f"{server}{path}", headers={"Accept-Encoding": "identity", "Accept": "text/html"})
        assert "content-encoding" not in plain.headers, path
        assert plain.text == asked.text, path


@pytest.mark.parametrize("path", PERSONAL)
def test_no_inline_script_may_run_on_a_personal_page(server: str, path: str) -> None:
    policy = httpx.get(f"{server}{path}", headers={"Accept": "text/html"}).headers["content-security-policy"]
    scripts = next(part for part in policy.split("; ") if part.startswith("script-src"))
    assert scripts == "script-src 'self'", path


def test_the_templates_hold_no_inline_script_for_the_policy_to_block() -> None:
    # Under script-src 'self' an inline script or an onclick would silently do nothing: none may
    # be written. A JSON data block is data, not a script, and may stay.
    templates = Path(__file__).parents[2] / "src" / "psoas" / "web" / "templates"
    for template in templates.glob("*.html"):
        text = template.read_text()
        for script in re.findall(r"<script\b[^>]*>", text):
            assert "src=" in script or 'type="application/json"' in script, (template.name, script)
        assert not re.search(r"\son[a-z]+=", text), template.name
