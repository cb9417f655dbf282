"""Error answers: a 422 names each bad field with a message; pages re-render forms instead, and a
browser asking for a missing page gets a page that says so."""

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import Request
from fastapi.concurrency import run_in_threadpool
from fastapi.encoders import jsonable_encoder
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from sqlalchemy.exc import InterfaceError, OperationalError
from starlette.exceptions import HTTPException
from starlette.requests import ClientDisconnect
from starlette.routing import Match

from psoas.practice.request import InvalidRequest
from psoas.web.identity import LoginNeeded, NotFromHere, acting
from psoas.web.pages.common import render
from psoas.web.person_scope import person_transaction
from psoas.web.templating import templates

# Addresses that answer machines: they keep the JSON errors the API documents.
MACHINE_PATHS = ("/api/", "/healthz", "/docs", "/openapi.json", "/static/")
TITLES = {404: "Not found", 405: "Not possible here"}
DATABASE_UNAVAILABLE = (
    "the database is not available, so nothing can be read or saved right now; GET /healthz says why"
)
log = logging.getLogger("psoas.web")


async def validation_handler(request: Request, error: RequestValidationError) -> Response:
    """422 with one entry per bad field: where it is, and a message.

    A browser asking for a page at an address that cannot be one (/history/abc) is told there is
    no such page, as for any other address that names nothing.
    """
    bad_address = any(e.get("loc", ("",))[0] == "path" for e in error.errors())
    if bad_address and _wants_page(request):
        return await run_in_threadpool(_problem_page, request, HTTPException(404))
    detail = [
        {"loc": list(e.get("loc", ())), "msg": _message(request, e), "type": e.get("type", "value_error")}
        for e in error.errors()
    ]
    return JSONResponse(status_code=422, content=jsonable_encoder({"detail": detail}))


JSON_KINDS = {list: "an array", str: "a string", int: "a number", float: "a number", bool: "true or false"}


def _message(request: Request, error: Mapping[str, Any]) -> str:
    """The validator's message, but for a body that is not a JSON object at all: what to send."""
    kind, loc = error.get("type"), tuple(error.get("loc", ()))
    if kind == "json_invalid":
        problem = str(error.get("ctx", {}).get("error", "it cannot be read"))
        at = f" at character {loc[1]}" if len(loc) > 1 else ""
        return f"the body is not valid JSON: {problem[:1].lower()}{problem[1:]}{at}"
    if loc == ("body",) and kind in ("model_attributes_type", "dict_type", "model_type"):
        sent = request.headers.get("content-type", "").split(";")[0].strip()
        if not sent.endswith("json"):
            return (
                "the body must be a JSON object sent with Content-Type: application/json; "
                f"this one was sent as {sent or 'no Content-Type'}"
            )
        value = error.get("input")
        got = "null" if value is None else JSON_KINDS.get(type(value), "something else")
        return f"the body must be a JSON object with named fields, not {got}"
    return str(error.get("msg", "invalid"))


def invalid_request_handler(_request: Request, error: InvalidRequest) -> JSONResponse:
    """422 for a plan request the planner refused, one entry per bad field, as other validation errors."""
    detail = [
        {"loc": ["body", field], "msg": message, "type": "value_error"}
        for field, message in error.problems.items()
    ]
    return JSONResponse(status_code=422, content={"detail": detail})


# Asked one by one of the router: each method is a route of its own, and the router's 405 names
# only the methods of the first route at the address.
METHODS = ("DELETE", "GET", "HEAD", "PATCH", "POST", "PUT")


def allowed_methods(request: Request) -> str:
    """Every method some route answers at this address, and OPTIONS."""
    routes = request.app.router.routes
    found = ["OPTIONS"]
    for method in METHODS:
        scope = {**request.scope, "method": method}
        if any(route.matches(scope)[0] == Match.FULL for route in routes):
            found.append(method)
    return ", ".join(sorted(found))


async def http_error_handler(request: Request, error: HTTPException) -> Response:
    """A page for a browser that asked for a page; the usual JSON for the API and other clients.

    OPTIONS answers 204 with every method the address takes in `Allow`, and so does a 405's `Allow`.
    """
    # Static files are served by a mount that takes GET and HEAD, and says nothing of Allow.
    if error.status_code == 405 and not request.url.path.startswith("/static/"):
        allow = allowed_methods(request)
        if request.method == "OPTIONS":
            return Response(status_code=204, headers={"Allow": allow})
        error = HTTPException(405, detail=error.detail, headers={**(error.headers or {}), "Allow": allow})
    if not _wants_page(request):
        return await http_exception_handler(request, error)
    return await run_in_threadpool(_problem_page, request, error)


def database_error_handler(request: Request, error: Exception) -> Response:
    """503 when the database cannot be used (stopped, dropped, its file unreadable), rather than a
    bare 500: the API says so in its usual JSON, a browser gets a page that needs no database."""
    # Logged whole: the same exceptions can also come from a mistake in our own SQL.
    log.error("database unavailable for %s %s", request.method, request.url.path, exc_info=error)
    if not _wants_page(request):
        return JSONResponse(status_code=503, content={"detail": DATABASE_UNAVAILABLE})
    return templates.TemplateResponse(
        request,
        "problem.html",
        {
            "title": "psoas cannot reach its data",
            "detail": "The database is not answering, so nothing can be shown or saved right now. "
            "A session already open in the player keeps running, and its check-ins are kept in this "
            "browser until the database is back.",
            "status": 503,
        },
        status_code=503,
    )


DATABASE_ERRORS = (OperationalError, InterfaceError)
UNEXPECTED = (
    "psoas met an unexpected error and saved nothing of this request. Trying again may work; if it "
    "does not, please report it (the server's log has the details)."
)


def unexpected_error_handler(request: Request, error: Exception) -> Response:
    """500 for a mistake of ours. The request's transaction was rolled back; the answer says so and
    closes the connection cleanly (Connection: close), so a client does not send its next request
    on a connection the server is about to drop. Starlette logs the error whole after this."""
    closing = {"Connection": "close"}
    if not _wants_page(request):
        return JSONResponse(status_code=500, content={"detail": UNEXPECTED}, headers=closing)
    page = {"title": "Something went wrong", "detail": UNEXPECTED, "status": 500}
    return templates.TemplateResponse(request, "problem.html", page, status_code=500, headers=closing)


def client_gone_handler(request: Request, error: ClientDisconnect) -> Response:
    """A client that went away while sending its request: nothing was saved, and nobody is left to
    answer, so this is a line in the log rather than a traceback."""
    log.info("client went away while sending %s %s; nothing was saved", request.method, request.url.path)
    return Response(status_code=400)


def _wants_page(request: Request) -> bool:
    """A browser asked for a page, not a machine for data."""
    asks_html = "text/html" in request.headers.get("accept", "")
    return asks_html and not request.url.path.startswith(MACHINE_PATHS)


def _problem_page(request: Request, error: HTTPException) -> Response:
    detail = str(error.detail)
    if detail in ("Not Found", "Method Not Allowed"):  # the router's own words, not ours
        detail = "There is no page at this address."
    elif detail.startswith("no "):  # ours name what is missing: "no session with id 7"
        detail = f"There is {detail}."
    title = TITLES.get(error.status_code, "Something went wrong")
    try:
        acting(request)
    except (LoginNeeded, NotFromHere):  # someone psoas acts for no one: the page in its default look
        context = {"theme": "light", "title": title, "detail": detail, "status": error.status_code}
        return templates.TemplateResponse(request, "problem.html", context, status_code=error.status_code)
    with person_transaction(request) as (session, person):
        return render(
            request,
            session,
            person,
            "problem.html",
            error.status_code,
            title=title,
            detail=detail,
            status=error.status_code,
        )
