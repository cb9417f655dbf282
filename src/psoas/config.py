"""Configuration from the environment, read in one place, with defaults that need no set-up."""

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

DATA_DIR_VARIABLE = "PSOAS_DATA_DIR"
DATABASE_URL_VARIABLE = "PSOAS_DATABASE_URL"
ALLOWED_HOSTS_VARIABLE = "PSOAS_ALLOWED_HOSTS"
SUPPORT_TEXT_VARIABLE = "PSOAS_SUPPORT_TEXT"
CLIENT_TIMEOUT_VARIABLE = "PSOAS_CLIENT_TIMEOUT"
PASSWORD_HASHING_VARIABLE = "PSOAS_PASSWORD_HASHING"
# How hard account passwords are hashed (store.accounts.HASHERS): standard, or light for a small machine.
PASSWORD_HASHINGS = ("standard", "light")
# Seconds a client has to send a request's head (its body then gets time by its size).
CLIENT_TIMEOUT_SECONDS = 10.0
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
    client_timeout_s: float = CLIENT_TIMEOUT_SECONDS
    password_hashing: str = "standard"


class ConfigError(ValueError):
    """A setting in the environment that cannot be used, named with what is expected."""


def load_config(environ: dict[str, str] | None = None) -> Config:
    """Read PSOAS_DATA_DIR, PSOAS_DATABASE_URL, PSOAS_ALLOWED_HOSTS, PSOAS_SUPPORT_TEXT,
    PSOAS_CLIENT_TIMEOUT and PSOAS_PASSWORD_HASHING; default to local SQLite, the built-in support
    text, 10 seconds and standard hashing."""
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
        client_timeout_s=_seconds(env.get(CLIENT_TIMEOUT_VARIABLE, "")),
        password_hashing=_hashing(env.get(PASSWORD_HASHING_VARIABLE, "")),
    )


def _hashing(text: str) -> str:
    name = text.strip().lower() or "standard"
    if name not in PASSWORD_HASHINGS:
        raise ConfigError(f"{PASSWORD_HASHING_VARIABLE} must be standard or light, got {text[:20]!r}")
    return name


def _seconds(text: str) -> float:
    if not text.strip():
        return CLIENT_TIMEOUT_SECONDS
    try:
        seconds = float(text)
    except ValueError:
        seconds = float("nan")
    if not 0.1 <= seconds <= 600:  # NaN fails this too
        raise ConfigError(
            f"{CLIENT_TIMEOUT_VARIABLE} must be a number of seconds from 0.1 to 600, got {text[:20]!r}"
        )
    return seconds
