"""psoas: a practice companion for psoas and trauma release."""

__version__ = "0.1.0"
