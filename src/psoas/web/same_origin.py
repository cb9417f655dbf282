"""Refuse state-changing requests sent from other sites (cross-site request forgery).

psoas usually runs on the person's own machine, where any web page they visit could otherwise
post a form to it, even "delete all my data". Browsers send Origin with such requests (or
Referer); when it names another site, or is the opaque "null" that privacy settings and sandboxed
frames produce, the request is refused. Requests with neither, from scripts and the command line,
are let through: they cannot be forged by a web page.
"""

from urllib.parse import urlsplit

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


OPAQUE = "null"


def _source(headers: Headers) -> str | None:
    origin = headers.get("origin")
    if origin == OPAQUE:
        return OPAQUE
    if origin:
        return urlsplit(origin).netloc
    referer = headers.get("referer")
    return urlsplit(referer).netloc if referer else None


class SameOriginMiddleware:
    """ASGI middleware: 403 for an unsafe request whose Origin or Referer is another host."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            headers = Headers(scope=scope)
            source = _source(headers)
            if source is not None and source != headers.get("host"):
                response = PlainTextResponse("Refused: this request came from another site.", status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
