"""Fixtures for the web tests that need to see inside the running app."""

import threading
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import uvicorn

from psoas.config import load_config
from psoas.store.database import Database
from psoas.web.app import create_app
from tests.servers import free_port


@pytest.fixture
def served_here(fresh_database_url: str, tmp_path: Path) -> Iterator[tuple[str, Database]]:
    """The real app served by uvicorn in this process, so the test sees its database's pool and may
    change its module settings (a shorter heartbeat, say)."""
    app = create_app(
        load_config(
            {
                "PSOAS_DATA_DIR": str(tmp_path),
                "PSOAS_DATABASE_URL": fresh_database_url,
                "PSOAS_PASSWORD_HASHING": "light",
            }
        )
    )
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="critical"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            if httpx.get(f"{base}/healthz").status_code == 200:
                break
        except httpx.TransportError:
            threading.Event().wait(0.05)
    yield base, app.state.database
    server.should_exit = True
    thread.join(timeout=10)
