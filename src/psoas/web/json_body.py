"""Reading an API route's JSON body ourselves, so that every body that cannot be read gets the
documented 422 naming the problem: bytes that are not UTF-8, and JSON nested deeper than any psoas
body, which FastAPI would otherwise answer with a bare 400 (and Python's parser, past its recursion
limit, cannot read at all)."""

import json
from collections.abc import Callable, Coroutine
from email.message import Message
from typing import Any

from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from starlette.requests import Request
from starlette.responses import Response

# The deepest body psoas takes is a finish with its log: an object, a list, an entry, a value.
MAX_DEPTH = 32


def _is_json(content_type: str | None) -> bool:
    """Whether FastAPI reads the body as JSON: with no Content-Type, or application/json or *+json."""
    if not content_type:
        return True
    message = Message()
    message["content-type"] = content_type
    subtype = message.get_content_subtype()
    return message.get_content_maintype() == "application" and (
        subtype == "json" or subtype.endswith("+json")
    )


def _too_deep(data: Any) -> bool:
    """Whether arrays and objects nest more than MAX_DEPTH levels; walked without recursion."""
    pending: list[tuple[Any, int]] = [(data, 1)]
    while pending:
        value, depth = pending.pop()
        if isinstance(value, dict):
            value = list(value.values())
        if isinstance(value, list):
            if depth > MAX_DEPTH:
                return True
            pending.extend((item, depth + 1) for item in value)
    return False


def _number(text: str) -> float | int:
    """A JSON number with a fraction or exponent: a whole one (4.0, 1e2) is the integer it equals,
    as JSON Schema's "integer" says, so that a count sent as 4.0 is the count 4; 4.5 stays 4.5."""
    value = float(text)
    return int(value) if value.is_integer() else value


def _refuse(kind: str, position: int, message: str) -> RequestValidationError:
    return RequestValidationError([{"type": kind, "loc": ("body", position), "msg": message}])


TOO_DEEP = (
    f"the body's JSON nests arrays and objects more than {MAX_DEPTH} levels deep; "
    "psoas bodies need at most 4, so send the fields this route documents"
)


def read_json(body: bytes) -> Any:
    """The body's JSON, or a RequestValidationError saying why it cannot be read."""
    try:
        text = body.decode("utf-8-sig")  # a byte-order mark first is allowed, as before
    except UnicodeDecodeError as error:
        raise _refuse(
            "body_not_utf8",
            error.start,
            f"the body is not UTF-8 text: byte 0x{body[error.start]:02x} at position {error.start} "
            "cannot be read; send JSON encoded as UTF-8",
        ) from None
    try:
        data = json.loads(text, parse_float=_number)
    except json.JSONDecodeError as error:
        # The same entry FastAPI makes, so the error handler words it as for any other bad JSON.
        raise RequestValidationError(
            [
                {
                    "type": "json_invalid",
                    "loc": ("body", error.pos),
                    "msg": "JSON decode error",
                    "input": {},
                    "ctx": {"error": error.msg},
                }
            ]
        ) from None
    except RecursionError:
        raise _refuse("json_too_deep", 0, TOO_DEEP) from None
    if _too_deep(data):
        raise _refuse("json_too_deep", 0, TOO_DEEP)
    return data


class JSONBodyRoute(APIRoute):
    """An API route whose JSON body is read and checked by `read_json` before FastAPI validates it."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        handler = super().get_route_handler()
        if self.body_field is None:  # no JSON body declared: recording uploads read their own
            return handler

        async def read_first(request: Request) -> Response:
            body = await request.body()
            if body and _is_json(request.headers.get("content-type")):
                # Starlette keeps a request's parsed JSON here, and FastAPI asks it for the body:
                # set, the body is parsed once, by the rules above.
                request._json = read_json(body)
            return await handler(request)

        return read_first
