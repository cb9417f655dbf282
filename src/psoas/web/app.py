"""Building the FastAPI application for one database."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.concurrency import run_in_threadpool
from fastapi.exceptions import RequestValidationError
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import ClientDisconnect

from psoas.config import Config, load_config
from psoas.measures.instruments import SHIPPED, load_instruments
from psoas.practice.request import InvalidRequest
from psoas.store.accounts import use_password_hashing
from psoas.store.database import Database, upgrade
from psoas.store.group_writer import GroupWriter
from psoas.web import accounts, api, pages
from psoas.web.allowed_hosts import AllowedHostsMiddleware
from psoas.web.body_size import BodySizeMiddleware
from psoas.web.contract import documented
from psoas.web.errors import (
    DATABASE_ERRORS,
    client_gone_handler,
    database_error_handler,
    http_error_handler,
    invalid_request_handler,
    unexpected_error_handler,
    validation_handler,
)
from psoas.web.events import END_STREAMS, make_broker
from psoas.web.join_limit import WrongCodes
from psoas.web.person_scope import store_plans
from psoas.web.privacy_headers import PrivacyHeadersMiddleware
from psoas.web.same_origin import SameOriginMiddleware

STATIC = Path(__file__).parent / "static"


def create_app(config: Config | None = None) -> FastAPI:
    """The psoas web app, migrating its database when it starts."""
    config = config or load_config()
    use_password_hashing(config.password_hashing)
    database = Database(config.database_url)
    plan_writer = GroupWriter(database, store_plans)
    broker = make_broker(config.database_url)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, object]]:
        upgrade(database.engine)
        await run_in_threadpool(broker.start)  # PostgreSQL: listening before the first request
        # The server's protocol ends open event streams through this when it stops.
        yield {END_STREAMS: broker.end_streams}
        await run_in_threadpool(broker.close)
        await run_in_threadpool(plan_writer.close)  # commits what waits, off the event loop
        database.engine.dispose()

    # FastAPIOffline serves /docs from files installed with it: FastAPI's own page loads its
    # scripts from a CDN, which a self-hosted app offline cannot reach. No /redoc: its page
    # still fetches a logo from elsewhere.
    app = FastAPIOffline(
        title="psoas",
        summary="Plan, guide and track practice for psoas and trauma release.",
        version="1",
        lifespan=lifespan,
        docs_url="/docs",
        redoc_url=None,
        static_url="/docs-files",
    )
    app.state.database = database
    app.state.support_text = config.support_text
    app.state.plan_writer = plan_writer
    app.state.broker = broker
    # Wrong join codes per client address, in this process (see web/join_limit.py).
    app.state.wrong_codes = WrongCodes()
    app.state.instruments = load_instruments(SHIPPED, config.data_dir / "instruments")
    app.add_middleware(SameOriginMiddleware)
    app.add_middleware(BodySizeMiddleware)
    app.add_middleware(AllowedHostsMiddleware, allowed_hosts=config.allowed_hosts)
    # A phone on a weak connection at night: pages, scripts and the plan travel compressed to a
    # browser that asks for it (a 45-minute player page: about a third of its size). At zlib's
    # own level, 6, not Starlette's 9: a page of History comes out 1.4 % larger in a third less
    # time (0.48 ms, not 0.76 ms, for its 50 kB).
    app.add_middleware(GZipMiddleware, minimum_size=1024, compresslevel=6)
    # Added last, so it wraps the others: their refusals carry the headers too.
    app.add_middleware(PrivacyHeadersMiddleware)
    app.add_exception_handler(RequestValidationError, validation_handler)  # type: ignore[arg-type]
    app.add_exception_handler(InvalidRequest, invalid_request_handler)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, http_error_handler)  # type: ignore[arg-type]
    for database_error in DATABASE_ERRORS:
        app.add_exception_handler(database_error, database_error_handler)
    app.add_exception_handler(ClientDisconnect, client_gone_handler)  # type: ignore[arg-type]
    app.add_exception_handler(Exception, unexpected_error_handler)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    accounts.install(app)
    app.include_router(api.router, dependencies=accounts.GATE)
    app.include_router(pages.router, dependencies=accounts.GATE)
    app.openapi = documented(app)  # type: ignore[method-assign]
    return app
