"""Retake the README's pictures of the player, as a person sees it on a phone and on a laptop:
today's session at its first step; and of the library, its list on a phone and an exercise's page
on a laptop. Run with `.venv/bin/python scripts/readme_pictures.py`.

Headless Chromium has no voice; a stand-in voice is given so that the voice controls show as they
do in a browser that has one.
"""

import sys
import tempfile
from pathlib import Path

import httpx
from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.servers import psoas_server

IMAGES = Path(__file__).resolve().parent.parent / "docs" / "images"
VOICE = "speechSynthesis.getVoices = () => [{ name: 'voice', lang: 'en' }]; speechSynthesis.speak = () => {};"
CALM = {"tension": 3, "pain": 2, "distress": 2, "breath": 7}
SIZES = {"player-phone.png": (390, 844), "player-laptop.png": (1280, 800)}
LIBRARY = {
    "library-phone.png": ("/library", (390, 844)),
    "exercise-laptop.png": ("/library/low-lunge", (1280, 800)),
}


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        psoas_server(f"sqlite:///{Path(folder) / 'psoas.sqlite3'}", Path(folder)) as base,
        sync_playwright() as driver,
    ):
        intake = {"level": "beginner", "props": ["pillow"], "focus": ["hips"], "support_available": True}
        httpx.put(f"{base}/api/intake", json=intake)
        browser = driver.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        for name, (width, height) in SIZES.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.add_init_script(VOICE)
            page.goto(base)
            page.get_by_role("button", name="Start today's session").click()
            page.wait_for_url("**/play/*")
            for field, value in CALM.items():
                page.locator(f'#before-form input[name="{field}"][value="{value}"]').check()
            page.get_by_role("button", name="Begin the session").click()
            page.get_by_role("heading", level=1).first.wait_for()
            page.wait_for_timeout(1500)  # a second of the step gone, as a person would see it
            page.evaluate("window.scrollTo(0, 0)")  # the check-in left the page scrolled to its button
            page.screenshot(path=str(IMAGES / name))
            print(f"wrote docs/images/{name} ({width}x{height})")
        for name, (address, (width, height)) in LIBRARY.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(base + address)
            page.screenshot(path=str(IMAGES / name))
            print(f"wrote docs/images/{name} ({width}x{height})")
        browser.close()


if __name__ == "__main__":
    main()
