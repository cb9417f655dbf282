"""The analyses a recording can get; kept free of numpy so that the CLI can list them cheaply."""

from typing import Literal

Kind = Literal["auto", "tremor", "breathing", "rr", "ecg"]
KINDS: tuple[Kind, ...] = ("auto", "tremor", "breathing", "rr", "ecg")
