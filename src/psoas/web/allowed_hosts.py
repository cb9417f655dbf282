"""Answering only to the names psoas was started for, and saying how to allow another.

A page on another site cannot reach psoas through a name of its own that resolves to this machine
(DNS rebinding), because psoas answers only to the names it knows: loopback's, those `psoas serve
--lan` finds for this machine on the network, and PSOAS_ALLOWED_HOSTS. A phone that asks for
another name gets a short text naming the name and how to allow it, not a bare refusal.
"""

from collections.abc import Iterable

from starlette.datastructures import Headers
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Receive, Scope, Send


class AllowedHostsMiddleware:
    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str]) -> None:
        self.app = app
        self.allowed = frozenset(host.lower() for host in allowed_hosts)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket"):
            host = host_name(Headers(scope=scope).get("host", ""))
            if host not in self.allowed:
                await refusal(host)(scope, receive, send)
                return
        await self.app(scope, receive, send)


def host_name(header: str) -> str:
    """The Host header without its port: "192.168.1.20:8000" → "192.168.1.20", "[::1]:80" → "[::1]"."""
    header = header.strip().lower()
    if header.startswith("["):
        return header[: header.find("]") + 1] if "]" in header else header
    return header.rsplit(":", 1)[0] if header.count(":") == 1 else header


def refusal(host: str) -> PlainTextResponse:
    shown = "".join(c for c in host if c.isprintable())[:100] or "(none)"
    return PlainTextResponse(
        f"psoas does not answer to the name {shown}: it was started for this computer alone.\n\n"
        "To let phones and other devices on your network in, start it with\n"
        "    psoas serve --lan        (or: make run HOST=lan)\n"
        f"or add the name to PSOAS_ALLOWED_HOSTS (for example PSOAS_ALLOWED_HOSTS={shown})\n"
        "and start it again.\n",
        status_code=400,
    )
