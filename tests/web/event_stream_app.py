"""A small ASGI app over psoas's broker and event streams, served by uvicorn with psoas's own
protocol: until the workshop routes exist, it proves the streams over real HTTP (delivery after
commit, gzip left off, Ctrl-C with streams open, two workers on PostgreSQL). Not part of psoas.

Run: `python -m tests.web.event_stream_app DATABASE_URL PORT [WORKERS]`.
"""

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from sqlalchemy.orm import Session
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from psoas.store.database import Database
from psoas.web.events import END_STREAMS, make_broker, publish, server_sent_events
from psoas.web.slow_clients import WorkerDeadlineProtocol, deadline_protocol

URL_VARIABLE = "PSOAS_TEST_EVENTS_URL"


def events_app() -> Starlette:
    database = Database(os.environ[URL_VARIABLE])
    broker = make_broker(os.environ[URL_VARIABLE])

    @asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[dict[str, object]]:
        await run_in_threadpool(broker.start)
        yield {END_STREAMS: broker.end_streams}
        await run_in_threadpool(broker.close)
        database.engine.dispose()

    async def events(request: Request) -> Response:
        topics = request.query_params.getlist("topic")

        # As a route gives it: read once subscribed (a list works too).
        def first() -> list[dict[str, object]]:
            return [{"type": "hello", "pid": os.getpid()}]

        return server_sent_events(request, topics, first)  # type: ignore[return-value]

    def send(request: Request) -> Response:
        """POST /publish?topic=T&type=E[&rollback=1]: one event in a transaction."""
        params = request.query_params
        with Session(database.engine) as session:
            publish(session, broker, params["topic"], {"type": params["type"], "pid": os.getpid()})
            if params.get("rollback"):
                session.rollback()
            else:
                session.commit()
        return JSONResponse({"pid": os.getpid(), "subscribers": broker.subscriber_count()})

    def who(request: Request) -> Response:
        return JSONResponse({"pid": os.getpid(), "subscribers": broker.subscriber_count()})

    app = Starlette(
        routes=[Route("/events", events), Route("/publish", send, methods=["POST"]), Route("/who", who)],
        middleware=[Middleware(GZipMiddleware, minimum_size=10)],
        lifespan=lifespan,
    )
    app.state.broker = broker
    return app


def main() -> None:
    url, port = sys.argv[1], int(sys.argv[2])
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    os.environ[URL_VARIABLE] = url
    if workers == 1:
        protocol = deadline_protocol(10)
        uvicorn.Server(uvicorn.Config(events_app(), port=port, log_level="warning", http=protocol)).run()
    else:
        uvicorn.run(
            "tests.web.event_stream_app:events_app",
            factory=True,
            port=port,
            workers=workers,
            log_level="warning",
            http=WorkerDeadlineProtocol,
        )


if __name__ == "__main__":
    main()
