"""What the player page of a 45-minute session costs a phone to load: every file it fetches, as
transferred (compressed, as a browser asks) and as it would be without compression, against the
150 kB budget. Run with `make bench`.
"""

import json
import re
import sys
import tempfile
from pathlib import Path
from urllib.parse import urljoin

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.servers import psoas_server

BUDGET = 150 * 1024
# What the page loads: stylesheets and scripts in the HTML, and the modules those scripts import.
LINKED = re.compile(r'(?:href|src)="(/static/[^"]+)"')
IMPORTED = re.compile(r'from\s+"(\./[^"]+)"')


def fetch(client: httpx.Client, url: str) -> tuple[int, int, str]:
    """Bytes transferred (gzip asked for), bytes without compression, and the text."""
    with client.stream("GET", url, headers={"Accept-Encoding": "gzip"}) as answer:
        answer.raise_for_status()
        sent = sum(len(chunk) for chunk in answer.iter_raw())
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    return sent, len(plain.content), plain.text


def files_of(client: httpx.Client, page_url: str) -> list[tuple[str, int, int]]:
    seen: list[tuple[str, int, int]] = []
    queue = [page_url]
    while queue:
        url = queue.pop(0)
        if any(url == name for name, _, _ in seen):
            continue
        sent, plain, text = fetch(client, url)
        seen.append((url, sent, plain))
        found = LINKED.findall(text) if url == page_url else IMPORTED.findall(text)
        queue += [urljoin(url, link) for link in found if not link.endswith(".txt")]
    return seen


def main() -> None:
    with (
        tempfile.TemporaryDirectory() as folder,
        psoas_server(f"sqlite:///{Path(folder) / 'psoas.sqlite3'}", Path(folder)) as base,
        httpx.Client(base_url=base) as client,
    ):
        client.put("/api/intake", json={"level": "beginner", "support_available": True})
        plan = client.post("/api/plans", json={"minutes": 45, "seed": 1}).json()
        session = client.post("/api/sessions", json={"plan_id": plan["id"]}).json()
        files = files_of(client, f"{base}/play/{session['id']}")
        page = client.get(f"/play/{session['id']}").text
    found = re.search(r'<script type="application/json" id="player-data">(.*?)</script>', page, re.S)
    figures = list(json.loads(found.group(1))["figures"].values()) if found else []
    print(f"{'file':<44} {'transferred':>12} {'uncompressed':>13}")
    for url, sent, plain in files:
        print(f"{url.replace(base, ''):<44} {sent / 1024:>10.1f} kB {plain / 1024:>10.1f} kB")
    sent_total = sum(sent for _, sent, _ in files)
    plain_total = sum(plain for _, _, plain in files)
    whole = "player page of a 45-minute session, in all"
    print(f"{whole:<44} {sent_total / 1024:>10.1f} kB {plain_total / 1024:>10.1f} kB")
    print(
        f"budget {BUDGET / 1024:.0f} kB: {sent_total / BUDGET:.0%} of it transferred "
        f"({plain_total / max(sent_total, 1):.1f}x smaller than uncompressed)."
    )
    print(
        f"figures included: {len(figures)} in the page's data, "
        f"{sum(len(f) for f in figures) / 1024:.1f} kB of it uncompressed"
    )


if __name__ == "__main__":
    main()
