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


def _source(headers: Headers) -> tuple[str, str] | None:
    """The scheme and host the request says it came from, or None when it says nothing."""
    origin = headers.get("origin")
    if origin == OPAQUE:
        return OPAQUE, OPAQUE
    address = origin or headers.get("referer")
    if not address:
        return None
    parts = urlsplit(address)
    return parts.scheme, parts.netloc


class SameOriginMiddleware:
    """ASGI middleware: 403 for an unsafe request whose Origin or Referer is another host or scheme."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] not in SAFE_METHODS:
            headers = Headers(scope=scope)
            source = _source(headers)
            # The scheme counts as well as the host: a page served over plain http (which anyone
            # on the network can alter) must not post to the same host's https.
            if source is not None and source != (scope["scheme"], headers.get("host")):
                response = PlainTextResponse("Refused: this request came from another site.", status_code=403)
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)
