"""Refuse request bodies far larger than any form or API call of psoas needs, before reading them.

Without a limit a single request of valid JSON (a focus list repeated a million times) is read,
parsed and planned whole, taking hundreds of megabytes. Recording uploads are the exception: they
are checked against their own, larger limit in `recording_upload`.
"""

from starlette.datastructures import Headers
from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# The largest real body, the settings form with its 4,000 characters of support text written
# out as percent-escapes, is under 50 kB.
MAX_BODY_BYTES = 256 * 1024


def _message(size: int | None) -> str:
    said = f"{size:,} bytes" if size is not None else f"more than {MAX_BODY_BYTES:,} bytes"
    return f"the request body is {said}; at most {MAX_BODY_BYTES:,} are accepted"


class BodyTooLarge(HTTPException):
    """Raised while reading a body sent without a length once it passes the limit; an HTTP 413
    so that the route's error handling answers it like any other refusal."""

    def __init__(self) -> None:
        super().__init__(413, detail=_message(None))


def _is_upload(scope: Scope) -> bool:
    path: str = scope["path"]
    return scope["method"] == "POST" and path.endswith("/recordings")


class BodySizeMiddleware:
    """ASGI middleware: 413 for a body over MAX_BODY_BYTES, by its Content-Length or as it arrives."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or _is_upload(scope):
            await self.app(scope, receive, send)
            return
        declared = Headers(scope=scope).get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
            response = JSONResponse({"detail": _message(int(declared))}, status_code=413)
            await response(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > MAX_BODY_BYTES:
                raise BodyTooLarge
            return message

        await self.app(scope, counted, send)
