"""Support resources: the built-in text names real ways to find help, a host sets one for everyone
with PSOAS_SUPPORT_TEXT, and a person's own in Settings comes first."""

from pathlib import Path

import httpx

from tests.servers import psoas_server

HOST_TEXT = "Call the clinic on 555 0100, day or night."


def test_without_a_host_text_the_default_names_a_helpline_directory_and_emergency_numbers(
    tmp_path: Path,
) -> None:
    with psoas_server(f"sqlite:///{tmp_path / 'psoas.sqlite3'}", tmp_path) as base:
        page = httpx.get(f"{base}/questionnaires/phq9").text
    assert '<a href="https://findahelpline.com" rel="noopener noreferrer">' in page
    assert '<a href="tel:112">112</a>' in page
    assert "in Settings" not in page  # a person in distress is never sent off to configure the app


def test_a_host_names_the_resources_once_and_a_person_can_name_their_own(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'psoas.sqlite3'}"
    with psoas_server(url, tmp_path, env={"PSOAS_SUPPORT_TEXT": HOST_TEXT}) as base:
        page = httpx.get(f"{base}/questionnaires/phq9").text
        assert 'Call the clinic on <a href="tel:5550100">555 0100</a>, day or night.' in page
        assert "findahelpline" not in page
        assert f'placeholder="{HOST_TEXT}"' in httpx.get(f"{base}/settings").text
        own = {"support_text": "My sister Ann: 555 0199", "voice_rate": "1", "minutes": "30"}
        form = own | {"weekly_target": "3", "questionnaire_days": "14", "theme": "light"}
        assert httpx.post(f"{base}/settings", data=form).status_code == 200
        page = httpx.get(f"{base}/questionnaires/phq9").text
        assert 'My sister Ann: <a href="tel:5550199">555 0199</a>' in page
        assert "Call the clinic" not in page
