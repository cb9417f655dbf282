"""Error answers: a 422 names each bad field with a message; pages re-render forms instead."""

from fastapi import Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from psoas.practice.request import InvalidRequest


def validation_handler(_request: Request, error: RequestValidationError) -> JSONResponse:
    """422 with one entry per bad field: where it is, and a message."""
    detail = [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", "invalid"), "type": e.get("type", "value_error")}
        for e in error.errors()
    ]
    return JSONResponse(status_code=422, content=jsonable_encoder({"detail": detail}))


def invalid_request_handler(_request: Request, error: InvalidRequest) -> JSONResponse:
    """422 for a plan request the planner refused, in the same shape as other validation errors."""
    detail = [{"loc": ["body", error.field], "msg": str(error), "type": "value_error"}]
    return JSONResponse(status_code=422, content={"detail": detail})
