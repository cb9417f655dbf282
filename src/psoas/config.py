"""Configuration from the environment, read in one place, with defaults that need no set-up."""

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

DATA_DIR_VARIABLE = "PSOAS_DATA_DIR"
DATABASE_URL_VARIABLE = "PSOAS_DATABASE_URL"
ALLOWED_HOSTS_VARIABLE = "PSOAS_ALLOWED_HOSTS"
SUPPORT_TEXT_VARIABLE = "PSOAS_SUPPORT_TEXT"
# Shown wherever distress is met, until the host (PSOAS_SUPPORT_TEXT) or the person (Settings)
# names their own resources: ways to find help that work in any country, never "go to Settings".
DEFAULT_SUPPORT_TEXT = (
    "If you feel overwhelmed, you do not have to handle it alone. Reach out to someone you trust, "
    "your therapist or your doctor. Find A Helpline (https://findahelpline.com) lists free, "
    "confidential helplines by country. In an emergency, call your local emergency number: "
    "112 across Europe and from most mobile phones, 911 in the US and Canada, 999 in the UK, "
    "000 in Australia."
)
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
    # The support resources shown to everyone who has not set their own in Settings.
    support_text: str = DEFAULT_SUPPORT_TEXT


def load_config(environ: dict[str, str] | None = None) -> Config:
    """Read PSOAS_DATA_DIR, PSOAS_DATABASE_URL, PSOAS_ALLOWED_HOSTS and PSOAS_SUPPORT_TEXT; default to
    local SQLite and the built-in support text."""
    env = os.environ if environ is None else environ
    data_dir = Path(env.get(DATA_DIR_VARIABLE) or platformdirs.user_data_dir("psoas"))
    database_url = env.get(DATABASE_URL_VARIABLE) or f"sqlite:///{data_dir / 'psoas.sqlite3'}"
    extra = tuple(h.strip() for h in env.get(ALLOWED_HOSTS_VARIABLE, "").split(",") if h.strip())
    # A host's support text may hold line breaks written as \n in a one-line environment file.
    support = env.get(SUPPORT_TEXT_VARIABLE, "").replace("\\n", "\n").strip() or DEFAULT_SUPPORT_TEXT
    return Config(
        data_dir=data_dir,
        database_url=database_url,
        allowed_hosts=LOCAL_HOSTS + extra,
        support_text=support,
    )
