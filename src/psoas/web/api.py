"""The JSON API: plans, sessions, check-ins, preferences and the health check. Documented at /docs."""

from collections.abc import Mapping
from dataclasses import asdict
from datetime import UTC, datetime, time
from typing import Annotated, Any

from fastapi import APIRouter, Header, HTTPException, Query, Request, status
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response

from psoas import __version__
from psoas.json_text import json_bytes
from psoas.measures.instrument import Instrument
from psoas.measures.scoring import ScoringError, score
from psoas.practice.library import default_library
from psoas.practice.planner import plan
from psoas.practice.request import InvalidRequest, make_request, new_seed, request_from_json
from psoas.practice.session_plan import SCHEMA, plan_steps
from psoas.practice.step_log import log_problems, read_log
from psoas.store.database import health_problem
from psoas.store.models import IDEMPOTENCY_KEY_MOST, StoredPlan
from psoas.store.people import local_person_id
from psoas.store.practice_log import (
    CheckinValues,
    Conflict,
    add_checkin,
    checkin_record,
    finish_practice,
    get_plan,
    get_practice,
    practice_records,
    records_page,
    replace_plan,
    start_practice,
)
from psoas.store.profile import save_intake, set_preference
from psoas.store.questionnaires import list_results, result_record, save_result
from psoas.store.recordings import delete_recording, get_recording, recording_record
from psoas.store.retries import KeyReused, retry_of, save_plan_once, start_practice_once
from psoas.web.json_body import JSONBodyRoute
from psoas.web.pages.intake import check_intake
from psoas.web.pages.player import plan_parts
from psoas.web.person_scope import LocalPerson, PersonId, Transaction, person_transaction
from psoas.web.recording_upload import UploadProblem, receive_upload
from psoas.web.schemas import (
    CheckinBody,
    FacilitatorBody,
    FinishBody,
    IntakeBody,
    PlanBody,
    PreferenceBody,
    Problem,
    QuestionnaireBody,
    SessionBody,
)


class FastJSONResponse(JSONResponse):
    """JSON straight from orjson: the API returns plain data, so FastAPI's encoder (a recursive
    walk that costs more than planning a session) is not needed."""

    def render(self, content: Any) -> bytes:
        return json_bytes(content)


router = APIRouter(default_response_class=FastJSONResponse, route_class=JSONBodyRoute)


# Answers besides success and the per-field 422, as /docs shows them.
NOT_FOUND: dict[int | str, dict[str, Any]] = {
    404: {"model": Problem, "description": "No such record for this person: `no session with id 7`"}
}
CONFLICT: dict[int | str, dict[str, Any]] = {
    409: {
        "model": Problem,
        "description": "It contradicts what is stored: a check-in or ending other than the one stored",
    }
}
FIELDS = {"$ref": "#/components/schemas/HTTPValidationError"}
UPLOAD_REFUSED: dict[int | str, dict[str, Any]] = {
    status: {"description": said, "content": {"application/json": {"schema": FIELDS}}}
    for status, said in {
        400: "The upload's Content-Length is not a number",
        409: "This session already has a recording of these very bytes; nothing is stored",
        411: "No Content-Length: the size is checked before anything is read",
        413: "Larger than the upload limit",
    }.items()
}


def _not_found(what: str, identifier: int) -> HTTPException:
    return HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no {what} with id {identifier}")


UNAVAILABLE: dict[int | str, dict[str, Any]] = {
    503: {
        "description": 'psoas cannot keep data: `{"status": "unavailable", "detail": "the database '
        'file /data/psoas.sqlite3 is gone"}`'
    }
}


@router.get("/healthz", tags=["health"], responses=UNAVAILABLE)
def health(request: Request) -> JSONResponse:
    """`{"status": "ok"}` when the database answers and holds psoas's tables (on SQLite, in the file
    psoas opened); 503 with the reason otherwise."""
    problem = health_problem(request.app.state.database.engine)
    if problem is None:
        return JSONResponse({"status": "ok"})
    return JSONResponse({"status": "unavailable", "detail": problem}, status_code=503)


@router.get("/api/version", tags=["health"])
def version() -> FastJSONResponse:
    """The psoas version and the JSON schema the API speaks; touches nothing else."""
    return FastJSONResponse({"psoas": __version__, "schema": SCHEMA})


def make_plan(body: PlanBody) -> dict[str, Any]:
    """Plan a session from an API body; raises InvalidRequest for bad values."""
    request = make_request(
        default_library(),
        minutes=body.minutes,
        level=body.level,
        focus=body.focus,
        conditions=body.conditions,
        props=body.props,
        with_facilitator=body.with_facilitator,
        seed=new_seed() if body.seed is None else body.seed,
        prefer=body.prefer,
        avoid=body.avoid,
        tremor_cap_minutes=body.tremor_cap_minutes,
    )
    return plan(request).to_json()


# A client may send this header with a plan or a session it creates: a retry with the same key,
# after an answer that never arrived, returns the first result instead of making a second.
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        min_length=1,
        max_length=IDEMPOTENCY_KEY_MOST,
        pattern=r"^[!-~]+$",
        description="Any unique string of visible ASCII (a UUID, say): the same key sent again with "
        "the same request returns the first answer, marked `Idempotent-Replayed: true`.",
    ),
]
REPLAYED = {"Idempotent-Replayed": "true"}


def _key_reused(error: KeyReused) -> HTTPException:
    """A 422 like any other: the header is the field named, with what went wrong."""
    problem = {"loc": ["header", "Idempotency-Key"], "msg": str(error), "type": "value_error"}
    return HTTPException(status.HTTP_422_UNPROCESSABLE_ENTITY, detail=[problem])


@router.post("/api/plans", status_code=201, tags=["plans"])
def create_plan(
    body: PlanBody, request: Request, person_id: PersonId, idempotency_key: IdempotencyKey = None
) -> FastJSONResponse:
    """Plan a session and store it: the JSON of `psoas plan --json` plus its `id`."""
    plan_json = make_plan(body)
    retry = retry_of(idempotency_key, "create-plan", body.model_dump(mode="json"))
    if retry is None:
        plan_id = request.app.state.plan_writer.save((person_id, plan_json))
        return FastJSONResponse({**plan_json, "id": plan_id}, status_code=201)
    # With a key, written on its own rather than in a group: the key's row decides what is answered.
    with request.app.state.database.connection() as connection:
        owner = local_person_id(connection) if person_id is None else person_id
        try:
            plan_id, stored, made = save_plan_once(connection, owner, plan_json, retry)
        except KeyReused as error:
            raise _key_reused(error) from None
    return FastJSONResponse({**stored, "id": plan_id}, status_code=201, headers=None if made else REPLAYED)


@router.get("/api/plans/{plan_id}", tags=["plans"], responses=NOT_FOUND)
def read_plan(plan_id: int, session: Transaction, person: LocalPerson) -> FastJSONResponse:
    """A stored plan."""
    stored = get_plan(session, person.id, plan_id)
    if stored is None:
        raise _not_found("plan", plan_id)
    return FastJSONResponse({**stored.plan, "id": stored.id})


@router.post("/api/sessions", status_code=201, tags=["sessions"], responses=NOT_FOUND)
def create_session(
    body: SessionBody, session: Transaction, person: LocalPerson, idempotency_key: IdempotencyKey = None
) -> FastJSONResponse:
    """Start practising a stored plan."""
    stored = get_plan(session, person.id, body.plan_id)
    if stored is None:
        raise _not_found("plan", body.plan_id)
    retry = retry_of(idempotency_key, "create-session", body.model_dump(mode="json"))
    if retry is None:
        practice = start_practice(session, person.id, stored.id)
        return FastJSONResponse(practice_records(session, person.id, [practice])[0], status_code=201)
    try:
        practice, made = start_practice_once(session, person.id, stored.id, retry)
    except KeyReused as error:
        raise _key_reused(error) from None
    record = practice_records(session, person.id, [practice])[0]
    return FastJSONResponse(record, status_code=201, headers=None if made else REPLAYED)


# Sessions a page of /api/sessions holds unless asked otherwise, and at most: a person with years
# of practice gets their sessions a page at a time, each as quick as the first.
PAGE_SESSIONS = 50
MOST_SESSIONS = 200


@router.get("/api/sessions", tags=["sessions"], responses=NOT_FOUND)
def read_sessions(
    session: Transaction,
    person: LocalPerson,
    limit: Annotated[int, Query(ge=1, le=MOST_SESSIONS, description="Sessions on this page.")] = (
        PAGE_SESSIONS
    ),
    after: Annotated[
        int | None, Query(ge=1, description="The id of the last session of the page before (see `next`).")
    ] = None,
) -> FastJSONResponse:
    """Sessions, newest first, with check-ins, a page at a time: `next` is the address of the
    page after this one, or null on the last."""
    paged = records_page(session, person.id, limit, after)
    if paged is None:
        raise _not_found("session", after or 0)
    following = f"/api/sessions?limit={limit}&after={paged.practices[-1].id}" if paged.more else None
    return FastJSONResponse({"sessions": paged.records, "next": following})


@router.get("/api/sessions/{session_id}", tags=["sessions"], responses=NOT_FOUND)
def read_session(session_id: int, session: Transaction, person: LocalPerson) -> FastJSONResponse:
    """One session with its check-ins."""
    practice = get_practice(session, person.id, session_id)
    if practice is None:
        raise _not_found("session", session_id)
    return FastJSONResponse(practice_records(session, person.id, [practice])[0])


@router.post(
    "/api/sessions/{session_id}/checkins", status_code=201, tags=["sessions"], responses=NOT_FOUND | CONFLICT
)
def create_checkin(
    session_id: int, body: CheckinBody, session: Transaction, person: LocalPerson
) -> FastJSONResponse:
    """Record how the person feels before or after; one of each per session. The same check-in
    sent again gets the stored one; other answers for a stored moment get 409."""
    practice = get_practice(session, person.id, session_id)
    if practice is None:
        raise _not_found("session", session_id)
    values = CheckinValues(**body.model_dump(exclude={"note"}), note=body.note or "")
    try:
        return FastJSONResponse(checkin_record(add_checkin(session, practice, values)), status_code=201)
    except Conflict as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from error


@router.put("/api/sessions/{session_id}/facilitator", tags=["sessions"], responses=NOT_FOUND | CONFLICT)
def put_facilitator(
    session_id: int, body: FacilitatorBody, session: Transaction, person: LocalPerson
) -> FastJSONResponse:
    """Say whether a trained TRE facilitator is present, before the session begins. Where a
    condition allows the tremor only with one, the plan is made again (same request and seed)
    with or without the tremor; the answer is kept with this session's plan, never as a standing
    answer. Returns what the player needs of the plan; after a check-in, 409."""
    practice = get_practice(session, person.id, session_id)
    stored = get_plan(session, person.id, practice.plan_id) if practice else None
    if practice is None or stored is None:
        raise _not_found("session", session_id)
    library = default_library()
    try:
        request = request_from_json(library, stored.plan["request"], with_facilitator=body.present)
    except InvalidRequest as error:
        raise HTTPException(
            status.HTTP_409_CONFLICT,
            detail="this session's plan names exercises or conditions the library no longer has; "
            "start a new session instead",
        ) from error
    plan_json = stored.plan
    if request.with_facilitator != bool(stored.plan["request"].get("with_facilitator")):
        try:
            plan_json = replace_plan(session, practice, plan(request).to_json()).plan
        except Conflict as error:
            raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from error
    return FastJSONResponse(plan_parts(plan_json))


@router.post("/api/sessions/{session_id}/finish", tags=["sessions"], responses=NOT_FOUND | CONFLICT)
def finish(session_id: int, body: FinishBody, session: Transaction, person: LocalPerson) -> FastJSONResponse:
    """Record how the session ended: completed, or stopped at a step (and whether by Stop & ground)."""
    practice = get_practice(session, person.id, session_id)
    if practice is None:
        raise _not_found("session", session_id)
    stored = get_plan(session, person.id, practice.plan_id)
    _check_step(stored, body.stopped_at_step)
    log = None
    if body.log is not None and stored is not None:
        log = read_log([entry.model_dump() for entry in body.log])
        problems = log_problems(stored.plan, log)
        if problems:
            raise InvalidRequest("log", "; ".join(problems[:5]))
    try:
        finish_practice(session, practice, body.completed, body.stopped_at_step, body.grounded, log)
    except Conflict as error:
        raise HTTPException(status.HTTP_409_CONFLICT, detail=str(error)) from error
    return FastJSONResponse(practice_records(session, person.id, [practice])[0])


def _check_step(stored: StoredPlan | None, step: int | None) -> None:
    """A session can only stop at one of its plan's steps (counted from 0)."""
    if step is None or stored is None:
        return
    count = len(plan_steps(stored.plan))
    if step >= count:
        raise InvalidRequest(
            "stopped_at_step", f"stopped_at_step must be a step of the plan, 0 to {count - 1}, got {step}"
        )


@router.put("/api/intake", tags=["intake"])
def put_intake(body: IntakeBody, session: Transaction, person: LocalPerson) -> FastJSONResponse:
    """Save the intake answers, as the Intake page does: screening, experience, props, focus, support."""
    values = {key: [str(v) for v in body.model_dump()[key]] for key in ("conditions", "props", "focus")}
    values["level"] = [body.level]
    values |= {key: ["on"] for key in ("support_available", "with_facilitator") if getattr(body, key)}
    answers, errors = check_intake(values)
    if errors:
        first, *rest = errors
        raise InvalidRequest(first, errors[first], {name: errors[name] for name in rest})
    save_intake(session, person.id, answers)
    return FastJSONResponse(asdict(answers))


@router.put("/api/preferences", tags=["preferences"])
def put_preference(body: PreferenceBody, session: Transaction, person: LocalPerson) -> FastJSONResponse:
    """Mark an exercise 'prefer' (more like this) or 'avoid' (not for me), or clear it with null."""
    exercise = default_library().exercises.get(body.exercise)
    if exercise is None:
        raise InvalidRequest("exercise", f"unknown exercise {body.exercise!r}")
    if body.choice == "avoid" and exercise.kind == "safety":
        raise InvalidRequest(
            "exercise", f"{body.exercise!r} cannot be avoided: it keeps the tremor safe to stop"
        )
    set_preference(session, person.id, body.exercise, body.choice)
    return FastJSONResponse({"exercise": body.exercise, "choice": body.choice})


def _instrument(request: Request, instrument_id: str) -> Instrument:
    instruments: Mapping[str, Instrument] = request.app.state.instruments
    instrument = instruments.get(instrument_id)
    if instrument is None:
        raise HTTPException(status.HTTP_404_NOT_FOUND, detail=f"no instrument {instrument_id!r}")
    return instrument


@router.post(
    "/api/questionnaires/{instrument_id}/results",
    status_code=201,
    tags=["questionnaires"],
    responses=NOT_FOUND,
)
def create_result(
    instrument_id: str, body: QuestionnaireBody, request: Request, session: Transaction, person: LocalPerson
) -> FastJSONResponse:
    """Score a completed questionnaire by its published rules and store it with its answers."""
    instrument = _instrument(request, instrument_id)
    try:
        result = score(instrument, body.answers, body.cutpoint)
    except ScoringError as error:
        raise InvalidRequest("answers", str(error)) from error
    taken_at = None
    if body.taken_on is not None:
        if body.taken_on > datetime.now(UTC).date():
            raise InvalidRequest("taken_on", f"taken_on {body.taken_on} is in the future")
        taken_at = datetime.combine(body.taken_on, time(12), tzinfo=UTC)
    row = save_result(session, person.id, result, taken_at)
    return FastJSONResponse(result_record(row), status_code=201)


@router.get("/api/questionnaires/{instrument_id}/results", tags=["questionnaires"], responses=NOT_FOUND)
def read_results(
    instrument_id: str, request: Request, session: Transaction, person: LocalPerson
) -> FastJSONResponse:
    """Every stored result of the instrument, oldest first."""
    _instrument(request, instrument_id)
    rows = list_results(session, person.id, instrument_id)
    return FastJSONResponse({"results": [result_record(r) for r in rows]})


@router.post(
    "/api/sessions/{session_id}/recordings",
    status_code=201,
    tags=["recordings"],
    responses=NOT_FOUND | UPLOAD_REFUSED,
)
async def create_recording(session_id: int, request: Request) -> FastJSONResponse:
    """Attach a recording (multipart: `file`, and optional `kind`, `fs`, `offset_s`) to a session.

    The size and format are checked before anything is stored; a refusal answers 411, 413 or 422 with
    `{"detail": [{"loc": ["body", field], "msg": ...}]}`. The answer is the analysis (the JSON of
    `psoas analyze`) with the recording's `id` and, when the session's plan allows, `comparison`.
    """
    try:
        recording_id = await receive_upload(request, session_id)
    except UploadProblem as problem:
        detail = [{"loc": ["body", problem.field], "msg": problem.message, "type": "value_error"}]
        return FastJSONResponse({"detail": detail}, status_code=problem.status)
    return await run_in_threadpool(_recording_json, request, recording_id, 201)


def _recording_json(request: Request, recording_id: int, status_code: int = 200) -> FastJSONResponse:
    with person_transaction(request) as (session, person):
        row = get_recording(session, person.id, recording_id)
        if row is None:
            raise _not_found("recording", recording_id)
        return FastJSONResponse(recording_record(row), status_code=status_code)


@router.get("/api/recordings/{recording_id}", tags=["recordings"], responses=NOT_FOUND)
def read_recording(recording_id: int, request: Request) -> FastJSONResponse:
    """A stored recording's analysis."""
    return _recording_json(request, recording_id)


@router.delete("/api/recordings/{recording_id}", status_code=204, tags=["recordings"], responses=NOT_FOUND)
def remove_recording(recording_id: int, session: Transaction, person: LocalPerson) -> Response:
    """Delete a stored recording and its figures; the session stays."""
    if delete_recording(session, person.id, recording_id) is None:
        raise _not_found("recording", recording_id)
    return Response(status_code=204)
