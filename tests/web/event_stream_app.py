"""A small ASGI app over psoas's broker and event streams, served by uvicorn with psoas's own
protocol: until the workshop routes exist, it proves the streams over real HTTP (delivery after
commit, gzip left off, Ctrl-C with streams open, two workers on PostgreSQL). Not part of psoas.

Run: `python -m tests.web.event_stream_app DATABASE_URL PORT [WORKERS [PER_ADDRESS IN_ALL]]`
(the last two: the open streams allowed, psoas's own limits by default).
"""

import os
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import uvicorn
from fastapi import FastAPI
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool
from starlette.middleware.gzip import GZipMiddleware
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from psoas.store.database import Database
from psoas.web.events import END_STREAMS, OpenStreams, make_broker, publish, server_sent_events
from psoas.web.slow_clients import WorkerDeadlineProtocol, deadline_protocol

URL_VARIABLE = "PSOAS_TEST_EVENTS_URL"
LIMITS_VARIABLE = "PSOAS_TEST_STREAM_LIMITS"


def events_app() -> FastAPI:
    database = Database(os.environ[URL_VARIABLE])
    limits = os.environ.get(LIMITS_VARIABLE)
    open_streams = OpenStreams(*map(int, limits.split(","))) if limits else None
    broker = make_broker(os.environ[URL_VARIABLE], open_streams)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[dict[str, object]]:
        await run_in_threadpool(broker.start)
        yield {END_STREAMS: broker.end_streams}
        await run_in_threadpool(broker.close)
        database.engine.dispose()

    app = FastAPI(lifespan=lifespan)
    app.add_middleware(GZipMiddleware, minimum_size=10)
    app.state.broker = broker

    # A FastAPI route returning the stream, as psoas's routes do.
    @app.get("/events", response_model=None)
    def events(request: Request) -> Response:
        topics = request.query_params.getlist("topic")

        # As a route gives it: read once subscribed (a list works too).
        def first() -> list[dict[str, object]]:
            return [{"type": "hello", "pid": os.getpid()}]

        return server_sent_events(request, topics, first)

    @app.post("/publish", response_model=None)
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

    @app.get("/who", response_model=None)
    def who(request: Request) -> Response:
        return JSONResponse(
            {
                "pid": os.getpid(),
                "subscribers": broker.subscriber_count(),
                "open_streams": broker.open_streams.count(),
            }
        )

    @app.post("/end", response_model=None)
    def end(request: Request) -> Response:
        """Ends every stream, as the broker does when events may have been missed."""
        broker.end_streams()
        return JSONResponse({"pid": os.getpid()})

    return app


def main() -> None:
    url, port = sys.argv[1], int(sys.argv[2])
    workers = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    os.environ[URL_VARIABLE] = url
    if len(sys.argv) > 5:
        os.environ[LIMITS_VARIABLE] = f"{int(sys.argv[4])},{int(sys.argv[5])}"
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
