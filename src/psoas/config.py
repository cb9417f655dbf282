"""Configuration from the environment, read in one place, with defaults that need no set-up."""

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

DATA_DIR_VARIABLE = "PSOAS_DATA_DIR"
DATABASE_URL_VARIABLE = "PSOAS_DATABASE_URL"


@dataclass(frozen=True)
class Config:
    """Where psoas keeps its data."""

    data_dir: Path
    database_url: str


def load_config(environ: dict[str, str] | None = None) -> Config:
    """Read PSOAS_DATA_DIR and PSOAS_DATABASE_URL; default to SQLite in the user's data directory."""
    env = os.environ if environ is None else environ
    data_dir = Path(env.get(DATA_DIR_VARIABLE) or platformdirs.user_data_dir("psoas"))
    database_url = env.get(DATABASE_URL_VARIABLE) or f"sqlite:///{data_dir / 'psoas.sqlite3'}"
    return Config(data_dir=data_dir, database_url=database_url)
