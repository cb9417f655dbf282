"""Headers on every answer that keep a person's data between them and their own psoas.

What a page shows (ratings, notes, screening answers) must not outlive the visit in a cache a
shared computer or a proxy keeps, nor travel to another site in a Referer. The content security
policy is there for privacy rather than against scripts: a page may load and send things only to
psoas itself, so nothing a template or a vendored file might add can reach out to another server.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Shipped files hold nothing personal; the browser may keep them between pages.
SHARED_FILES = ("/static/", "/docs-files/")

# Inline scripts and styles stay allowed: templates use a few, and HTMX adds its own style element.
POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self' 'unsafe-inline'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)

ALWAYS = {
    "Content-Security-Policy": POLICY,
    # Same-origin, not no-referrer: the app's own forms still send Origin, which same_origin checks.
    "Referrer-Policy": "same-origin",
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
}


class PrivacyHeadersMiddleware:
    """ASGI middleware: the headers above on every HTTP answer, and `no-store` on all but shipped files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        personal = not scope["path"].startswith(SHARED_FILES)

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                if personal:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
