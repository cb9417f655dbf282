"""Configuration from the environment, read in one place, with defaults that need no set-up."""

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

DATA_DIR_VARIABLE = "PSOAS_DATA_DIR"
DATABASE_URL_VARIABLE = "PSOAS_DATABASE_URL"
ALLOWED_HOSTS_VARIABLE = "PSOAS_ALLOWED_HOSTS"
# Names a local install answers to; anything else is refused, so a web page cannot reach psoas
# through a domain that resolves to 127.0.0.1 (DNS rebinding). An IPv6 address arrives in the
# Host header in brackets.
LOCAL_HOSTS = ("127.0.0.1", "localhost", "[::1]")


@dataclass(frozen=True)
class Config:
    """Where psoas keeps its data."""

    data_dir: Path
    database_url: str
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS


def load_config(environ: dict[str, str] | None = None) -> Config:
    """Read PSOAS_DATA_DIR, PSOAS_DATABASE_URL and PSOAS_ALLOWED_HOSTS; default to local SQLite."""
    env = os.environ if environ is None else environ
    data_dir = Path(env.get(DATA_DIR_VARIABLE) or platformdirs.user_data_dir("psoas"))
    database_url = env.get(DATABASE_URL_VARIABLE) or f"sqlite:///{data_dir / 'psoas.sqlite3'}"
    extra = tuple(h.strip() for h in env.get(ALLOWED_HOSTS_VARIABLE, "").split(",") if h.strip())
    return Config(data_dir=data_dir, database_url=database_url, allowed_hosts=LOCAL_HOSTS + extra)
