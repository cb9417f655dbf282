"""Values the page forms receive that no control of theirs would send: named, refused, nothing saved."""

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.servers import psoas_server

SETTINGS = {
    "voice": "on",
    "voice_rate": "1",
    "minutes": "30",
    "weekly_target": "3",
    "questionnaire_days": "14",
    "theme": "light",
    "support_text": "",
}


def test_questionnaire_answers_that_are_not_whole_numbers_are_named(server: str) -> None:
    results = f"{server}/api/questionnaires/phq9/results"
    stored_before = len(httpx.get(results).json()["results"])  # the server is shared with other tests
    for sent in ("²", "1.0", "abc"):
        answers = {f"item-{n}": "0" for n in range(1, 10)} | {"item-1": sent}
        page = httpx.post(f"{server}/questionnaires/phq9", data=answers)
        assert page.status_code == 422, sent
        assert f"item 1 ({sent!r}): not one of the answers offered" in page.text.replace("&#39;", "'")
    missing = httpx.post(f"{server}/questionnaires/phq9", data={"item-1": "0"})
    assert "Questions 2, 3, 4, 5, 6, 7, 8 and 9 have no answer yet." in missing.text
    assert len(httpx.get(results).json()["results"]) == stored_before


def test_support_text_with_a_nul_character_is_refused_on_either_database(server: str) -> None:
    stored = httpx.get(f"{server}/export.json").json()["settings"]
    page = httpx.post(f"{server}/settings", data=SETTINGS | {"support_text": "Call Sam\x00 on 555 0100"})
    assert page.status_code == 422
    assert "NUL character" in page.text
    assert httpx.get(f"{server}/export.json").json()["settings"] == stored


@pytest.fixture
def own_server(tmp_path: Path) -> Iterator[str]:
    """A server of its own: these tests change settings other tests read."""
    with psoas_server(f"sqlite:///{tmp_path / 'psoas.sqlite3'}", tmp_path) as base:
        yield base


def test_counts_in_settings_must_be_whole_numbers(own_server: str) -> None:
    server = own_server
    page = httpx.post(f"{server}/settings", data=SETTINGS | {"weekly_target": "2.5", "minutes": "10.9"})
    assert page.status_code == 422
    assert "Enter a whole number from 1 to 7; 2.5 is not whole." in page.text
    assert "Enter a whole number from 10 to 120; 10.9 is not whole." in page.text
    saved = json.loads(httpx.get(f"{server}/export.json").text)["settings"]
    assert (saved["weekly_target"], saved["minutes"]) == (3, 30)


def test_support_text_is_counted_as_the_browser_counts_it(own_server: str) -> None:
    server = own_server
    # 300 lines, 3,900 characters as the form's maxlength counts them; sent with CRLF line breaks.
    lines = ["x" * 12] * 300
    typed = "\r\n".join(lines)
    assert len("\n".join(lines)) == 3899
    saved = httpx.post(f"{server}/settings", data=SETTINGS | {"support_text": typed})
    assert saved.status_code == 200
    stored = json.loads(httpx.get(f"{server}/export.json").text)["settings"]["support_text"]
    assert stored == "\n".join(lines)
    too_long = httpx.post(f"{server}/settings", data=SETTINGS | {"support_text": "y" * 4001})
    assert too_long.status_code == 422
    assert "Keep it to 4000 characters at most; this is 4001." in too_long.text
    assert httpx.post(f"{server}/settings", data=SETTINGS | {"support_text": "y" * 4000}).status_code == 200


def test_the_report_period_follows_the_days_given_and_names_a_bad_one(server: str) -> None:
    only_end = httpx.get(f"{server}/report", params={"from": "", "to": "2020-01-01"}).text
    assert "06 November 2019 to 01 January 2020" in only_end  # the eight weeks before it
    both = httpx.get(f"{server}/report", params={"from": "2020-03-01", "to": "2020-02-01"}).text
    assert "01 February 2020 to 01 March 2020" in both
    bad = httpx.get(f"{server}/report", params={"from": "2026-13-01", "to": "2026-11-01"})
    assert bad.status_code == 200
    assert "&#39;2026-13-01&#39; is not a date (expected YEAR-MONTH-DAY); it was left out." in bad.text
    assert "06 September 2026 to 01 November 2026" in bad.text


def test_a_number_out_of_range_is_echoed_as_it_was_typed(server: str) -> None:
    page = httpx.post(f"{server}/settings", data=SETTINGS | {"minutes": "1000000000000000000000"})
    assert page.status_code == 422
    assert "1000000000000000000000 is outside." in page.text
    assert "1e+21" not in page.text
