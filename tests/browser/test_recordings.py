"""Recordings in the browser: attach a file to a session, read the results with their plots, and a
refused file that says why beside the form."""

from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import shoot
from tests.signals.recordings import pyhrv_nn, tremor_recording


def finished_session(base: str) -> int:
    plan = httpx.post(f"{base}/api/plans", json={"minutes": 30, "seed": 3}).json()
    session_id = int(httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"])
    httpx.post(f"{base}/api/sessions/{session_id}/finish", json={"completed": True})
    return session_id


@pytest.mark.widths
def test_a_tremor_recording_is_attached_and_plotted(page: Page, app_url: str, tmp_path: Path) -> None:
    acc = tremor_recording([(30, 150, 5.5, 0.6), (200, 260, 7.0, 0.3)], seconds=300)
    file = tmp_path / "phone.csv"
    rows = [f"{i / 100:.2f},{x:.4f},{y:.4f},{z:.4f}" for i, (x, y, z) in enumerate(acc)]
    file.write_text("time,x,y,z\n" + "\n".join(rows), encoding="utf-8")
    session_id = finished_session(app_url)
    page.goto(f"{app_url}/history/{session_id}")
    expect(page.get_by_role("heading", name="Recordings")).to_be_visible()
    page.get_by_label("Recording file").set_input_files(str(file))
    page.get_by_label("What it recorded").select_option("tremor")
    page.get_by_role("button", name="Add the recording").click()
    page.wait_for_url(f"**/history/{session_id}/recordings/*")
    expect(page.get_by_role("heading", name="Tremor", exact=True)).to_be_visible()
    expect(page.locator("main")).to_contain_text("in 2 episodes, mostly at")
    expect(page.get_by_role("img", name="Tremor over the recording")).to_be_visible()
    spectrum = page.get_by_role("img", name="Spectrum of the tremor")
    expect(spectrum).to_be_visible()
    # The power is a few hundredths: each tick label must still say a different number.
    power_ticks = spectrum.locator("text.tick-y").all_text_contents()
    assert len(set(power_ticks)) == 3, power_ticks
    assert len({len(tick.split(".")[-1]) for tick in power_ticks}) == 1, power_ticks  # same decimals
    expect(page.get_by_text("They are not a diagnosis")).to_be_visible()
    shoot(page, "recording-tremor")
    page.get_by_role("link", name="Back to the session").click()
    expect(page.get_by_role("link", name="phone.csv")).to_be_visible()


@pytest.mark.widths
def test_heart_figures_and_the_start_against_the_end(page: Page, app_url: str, tmp_path: Path) -> None:
    # A real 5-minute NN series repeated to cover a 30-minute session, its last 15 minutes slower.
    nn = pyhrv_nn("Short")
    # Five earlier recordings from other days make a usual range to hold today's against.
    for day in range(5):
        earlier = "\n".join(f"{v * (1 + 0.02 * day):.0f}" for v in nn)
        upload = {"file": (f"day{day}.txt", earlier.encode(), "text/plain")}
        sent = httpx.post(f"{app_url}/api/sessions/{finished_session(app_url)}/recordings", files=upload)
        assert sent.status_code == 201
    series = list(nn) * 4 + list(nn * 1.15) * 3
    file = tmp_path / "polar.txt"
    file.write_text("\n".join(f"{v:.0f}" for v in series), encoding="utf-8")
    session_id = finished_session(app_url)
    page.goto(f"{app_url}/history/{session_id}")
    page.get_by_label("Recording file").set_input_files(str(file))
    page.get_by_role("button", name="Add the recording").click()
    page.wait_for_url(f"**/history/{session_id}/recordings/*")
    expect(page.get_by_role("heading", name="Heart-rate variability")).to_be_visible()
    expect(page.locator("dl.figures")).to_contain_text("RMSSD")
    # Each figure says what it means, one tap away; today's RMSSD stands against the person's own.
    page.get_by_text("What these figures mean").click()
    expect(page.locator("details.meanings")).to_contain_text("compare it only with your own recordings")
    usual = page.get_by_role("region", name="Against your usual range")
    expect(usual).to_contain_text("made from your 5 heart recordings before this one")
    expect(usual).to_contain_text("is not a verdict")
    expect(page.get_by_role("img", name="RR tachogram")).to_be_visible()
    expect(page.get_by_role("heading", name="Start of the session against its end")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Heart rate went from")
    expect(
        page.get_by_role("img", name="Heart rate: 67 at the start, 58 at the end (beats a minute)")
    ).to_be_visible()
    expect(page.locator("main")).to_contain_text("One session's change can come from lying down")
    bars = page.locator("svg.chart.pair rect")
    fills = bars.evaluate_all("bars => bars.map(bar => getComputedStyle(bar).fill)")
    assert len(set(fills)) == 2, f"start and end bars should differ in colour: {fills}"
    assert "rgb(0, 0, 0)" not in fills, "a bar fell back to the browser's black"
    shoot(page, "recording-heart")


@pytest.mark.widths
def test_a_refused_file_says_why_beside_the_form(page: Page, app_url: str, tmp_path: Path) -> None:
    file = tmp_path / "broken.csv"
    file.write_text("time,x,y,z\n0,0,0,9.8\n0.01,0,oops,9.8\n", encoding="utf-8")
    session_id = finished_session(app_url)
    page.goto(f"{app_url}/history/{session_id}")
    page.get_by_label("Recording file").set_input_files(str(file))
    page.get_by_label("What it recorded").select_option("tremor")
    page.get_by_role("button", name="Add the recording").click()
    expect(page.get_by_role("alert")).to_have_text("broken.csv: line 3, column 3: 'oops' is not a number")
    expect(page.get_by_label("Recording file")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Recording file")).to_have_attribute("aria-describedby", "recording-file-error")
    expect(page.get_by_text("No recordings yet.")).to_be_visible()
    expect(page.get_by_label("What it recorded")).to_have_value("tremor")
    shoot(page, "recording-refused")


@pytest.mark.widths
def test_a_missing_sampling_rate_is_explained_beside_its_field(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    acc = tremor_recording([(2, 18, 6.0, 0.5)], seconds=20)
    file = tmp_path / "notime.csv"
    file.write_text("x,y,z\n" + "\n".join(f"{x:.4f},{y:.4f},{z:.4f}" for x, y, z in acc), encoding="utf-8")
    session_id = finished_session(app_url)
    page.goto(f"{app_url}/history/{session_id}")
    page.get_by_label("Recording file").set_input_files(str(file))
    page.get_by_label("What it recorded").select_option("tremor")
    page.get_by_role("button", name="Add the recording").click()
    rate = page.get_by_label("Sampling rate in Hz")
    expect(page.locator("#recording-fs-error")).to_have_text(
        "notime.csv: no time column, so the sampling rate in Hz is needed; enter it in “Sampling rate in Hz”"
    )
    expect(rate).to_have_attribute("aria-invalid", "true")
    expect(rate).to_have_attribute("aria-describedby", "recording-fs-error")
    expect(page.get_by_label("Recording file")).not_to_have_attribute("aria-invalid", "true")
    expect(page.get_by_text("No recordings yet.")).to_be_visible()
    shoot(page, "recording-rate-missing")

    page.get_by_label("Recording file").set_input_files(str(file))
    rate.fill("0")
    page.get_by_role("button", name="Add the recording").click()
    expect(page.locator("#recording-fs-error")).to_have_text(
        "the sampling rate must be more than 0 and at most 10,000 Hz, got 0"
    )
    expect(rate).to_have_value("0")
    expect(rate).to_have_attribute("aria-describedby", "recording-fs-error")
    expect(page.get_by_text("No recordings yet.")).to_be_visible()


@pytest.mark.widths
def test_a_recording_is_deleted_once_confirmed_and_the_same_file_is_refused_twice(
    page: Page, app_url: str, tmp_path: Path
) -> None:
    file = tmp_path / "polar.txt"
    file.write_text("\n".join(f"{v:.0f}" for v in pyhrv_nn("Short")), encoding="utf-8")
    session_id = finished_session(app_url)
    page.goto(f"{app_url}/history/{session_id}")
    page.get_by_label("Recording file").set_input_files(str(file))
    page.get_by_role("button", name="Add the recording").click()
    page.wait_for_url(f"**/history/{session_id}/recordings/*")
    page.get_by_role("link", name="Back to the session").click()
    page.get_by_label("Recording file").set_input_files(str(file))
    page.get_by_role("button", name="Add the recording").click()
    expect(page.locator("#recording-file-error")).to_contain_text(
        "polar.txt: this file is already attached to this session"
    )
    shoot(page, "recording-attached-twice")
    page.get_by_role("link", name="polar.txt").click()
    page.get_by_role("button", name="Delete the recording").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Tick “Yes, delete this recording” to delete it; nothing was deleted."
    )
    expect(page.get_by_label("Yes, delete this recording")).to_be_focused()
    shoot(page, "recording-delete-unconfirmed")
    page.get_by_label("Yes, delete this recording").check()
    page.get_by_role("button", name="Delete the recording").click()
    page.wait_for_url(f"**/history/{session_id}?deleted=recording")
    expect(page.get_by_role("status")).to_have_text("The recording was deleted.")
    expect(page.get_by_text("No recordings yet.")).to_be_visible()
    shoot(page, "recording-deleted")
