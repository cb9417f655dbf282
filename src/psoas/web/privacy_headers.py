"""Headers on every answer that keep a person's data between them and their own psoas.

What a page shows (ratings, notes, screening answers) must not outlive the visit in a cache a
shared computer or a proxy keeps, nor travel to another site in a Referer. The content security
policy is there for privacy first: a page may load and send things only to
psoas itself, so nothing a template or a vendored file might add can reach out to another server;
and it runs no inline script.
"""

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Shipped files hold nothing personal; the browser may keep them between pages.
SHARED_FILES = ("/static/", "/docs-files/")


def _policy(scripts: str) -> str:
    return "; ".join(
        (
            "default-src 'self'",
            f"script-src {scripts}",
            # Inline styles stay allowed: templates set a few widths, and HTMX adds a style element.
            "style-src 'self' 'unsafe-inline'",
            "img-src 'self' data:",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        )
    )


# Scripts come only from psoas's own files: no inline script runs, so text that found its way into
# a page (a note, a file name) could never run as a script even if escaping were ever missed.
POLICY = _policy("'self'")
# Except the API's documentation page, which FastAPI builds with an inline start-up script; it
# shows the API's description and nothing of a person's.
DOCS_PAGE = "/docs"
DOCS_POLICY = _policy("'self' 'unsafe-inline'")

ALWAYS = {
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
        policy = DOCS_POLICY if scope["path"] == DOCS_PAGE else POLICY

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("Content-Security-Policy", policy)
                for name, value in ALWAYS.items():
                    headers.setdefault(name, value)
                if personal:
                    headers["Cache-Control"] = "no-store"
            await send(message)

        await self.app(scope, receive, send_with_headers)
