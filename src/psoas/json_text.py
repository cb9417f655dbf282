"""JSON as psoas writes it to the database and the API: compact UTF-8, by orjson.

A plan is about 20 KB of JSON and is written twice per plan request (stored, then answered);
orjson does each in a sixth of the standard library's time. numpy numbers are written as plain
numbers, and a NaN as null, which is valid JSON where the standard library's `NaN` is not.
"""

from typing import Any

import orjson

_OPTIONS = orjson.OPT_SERIALIZE_NUMPY | orjson.OPT_NON_STR_KEYS


def json_bytes(value: Any) -> bytes:
    """The value as compact JSON, UTF-8 encoded."""
    return orjson.dumps(value, option=_OPTIONS)


def json_text(value: Any) -> str:
    """The value as compact JSON text."""
    return json_bytes(value).decode("utf-8")
