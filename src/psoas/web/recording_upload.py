"""Turning an uploaded recording into what is stored: checked for size and format first, analysed,
and compared between the session's start and end when its plan allows. Used by the page and the API."""

import hashlib
from dataclasses import dataclass
from typing import Any

import numpy as np
from fastapi import HTTPException, Request
from fastapi.concurrency import run_in_threadpool
from sqlalchemy.exc import IntegrityError
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException as StarletteHTTPException

from psoas.practice.session_plan import start_and_end_windows
from psoas.signals.kinds import KINDS, Kind
from psoas.signals.readers import decode, parse_recording
from psoas.signals.recording import RateError, SignalError
from psoas.signals.registry import recording_kind
from psoas.signals.unsupported import unsupported_message
from psoas.store.models import SensorRecording
from psoas.store.practice_log import get_plan, get_practice
from psoas.store.recordings import find_same_file, save_recording
from psoas.web.person_scope import person_transaction

# The form field a sampling rate is typed into, as its label reads.
RATE_FIELD = "Sampling rate in Hz"
MAX_UPLOAD_BYTES = 40 * 1024 * 1024  # an hour of 1000 Hz ECG as text is about 30 MB
SUFFIXES = (".csv", ".txt", ".tsv", ".hrm")
# A recording starts when the session does, give or take: more than a day apart is a mistake.
MAX_OFFSET_S = 86_400.0


class UploadProblem(Exception):
    """An upload refused before anything was stored: which field, why, and the HTTP status."""

    def __init__(self, field: str, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.field = field
        self.message = message
        self.status = status


@dataclass(frozen=True)
class Upload:
    """A checked upload, ready to analyse."""

    file_name: str
    raw: bytes
    kind: Kind
    fs: float | None
    offset_s: float
    sha256: str  # of the bytes: the same file attached twice to a session is refused


def check_length(declared: str | None) -> None:
    """Refuse a body too large before reading it, from its Content-Length."""
    if declared is None:
        raise UploadProblem("file", "the upload did not say its size (Content-Length)", 411)
    if not declared.isdigit():
        raise UploadProblem("file", "the upload's Content-Length is not a number", 400)
    if int(declared) > MAX_UPLOAD_BYTES + 64 * 1024:
        mb = MAX_UPLOAD_BYTES // (1024 * 1024)
        raise UploadProblem("file", f"the file is {int(declared) / 1e6:.0f} MB; the limit is {mb} MB", 413)


def _number(text: str, field: str, what: str) -> float | None:
    if text.strip() == "":
        return None
    try:
        value = float(text)
    except ValueError:
        raise UploadProblem(field, f"{text[:20]!r} is not a number; expected {what}") from None
    if not np.isfinite(value):
        raise UploadProblem(field, f"expected {what}")
    return value


async def read_upload(form: Any) -> Upload:
    """The upload's file and fields, checked: a text recording within the size limit, a known kind,
    a sampling rate and a start offset that are numbers."""
    file = form.get("file")
    if not isinstance(file, UploadFile) or not file.filename:
        raise UploadProblem("file", "choose a recording file to upload")
    name = file.filename.rsplit("/", 1)[-1]
    if any(ord(character) < 32 or ord(character) == 127 for character in name):
        raise UploadProblem(
            "file", "the file's name holds a control character; rename the file and try again"
        )
    unsupported = unsupported_message(name, "")
    if unsupported is not None:
        raise UploadProblem("file", unsupported)
    if not name.lower().endswith(SUFFIXES):
        raise UploadProblem("file", f"{name}: expected a text export ending in .csv, .txt, .tsv or .hrm")
    raw = await file.read(MAX_UPLOAD_BYTES + 1)
    if len(raw) > MAX_UPLOAD_BYTES:
        raise UploadProblem("file", f"{name} is larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB", 413)
    if not raw.strip():
        raise UploadProblem("file", f"{name} is empty")
    kind = str(form.get("kind") or "auto")
    if kind not in KINDS:
        raise UploadProblem("kind", f"{kind!r} is not a kind of recording; valid: {', '.join(KINDS)}")
    fs = _number(str(form.get("fs") or ""), "fs", "a sampling rate in Hz, e.g. 250")
    offset = _number(str(form.get("offset_s") or ""), "offset_s", "seconds, e.g. 0 or 30") or 0.0
    if abs(offset) > MAX_OFFSET_S:
        raise UploadProblem(
            "offset_s", f"{offset:g} s is more than a day; expected seconds from -86,400 to 86,400"
        )
    return Upload(name, raw, kind, fs, offset, hashlib.sha256(raw).hexdigest())


def rate_message(error: RateError) -> str:
    """The reader's message about the sampling rate, pointing to the form field when a rate is
    missing; a refused rate's message is shown beside that field already."""
    if error.given is None:
        return f"{error}; enter it in “{RATE_FIELD}”"
    return str(error)


def analyse_upload(upload: Upload, plan: dict[str, Any] | None) -> tuple[dict[str, Any], dict[str, Any], Any]:
    """The analysis (schema 1), the series the plots need, and the start-to-end comparison or None.

    Raises UploadProblem naming what could not be read.
    """
    # Imported here, not at the top: the analyses bring in SciPy, which takes most of a second to
    # load, and every start of `psoas serve` would pay for it before a recording is ever sent.
    from psoas.signals.analysis import analyse
    from psoas.signals.before_after import compare, comparison_json

    try:
        recording = parse_recording(
            decode(upload.raw, upload.file_name), upload.file_name, upload.kind, upload.fs
        )
        analysis = analyse(recording, upload.kind)
    except RateError as error:
        raise UploadProblem("fs", rate_message(error)) from None
    except SignalError as error:
        raise UploadProblem("file", str(error)) from None
    except MemoryError:
        # Files are bounded (40 MB, a day long) so that this should not happen; if the server is
        # short of memory all the same, the person hears what to do rather than meeting a 500.
        raise UploadProblem(
            "file", f"{upload.file_name}: too large for this server to analyse; send a part of it"
        ) from None
    entry = recording_kind(analysis["kind"])
    series = entry.series(recording, analysis)
    comparison = None
    windows = start_and_end_windows(plan, upload.offset_s) if plan is not None else None
    if windows is not None and entry.compares:
        try:
            comparison = comparison_json(compare(recording, entry.name, *windows))
        except SignalError:
            comparison = None
    return analysis, series, comparison


def _session_plan(request: Request, session_id: int, upload: Upload) -> dict[str, Any] | None:
    """The plan the session followed (None if it has none); 404 for a session not the person's, and
    a refusal, before any analysis, for a file the session already has."""
    with person_transaction(request) as (session, person):
        practice = get_practice(session, person.id, session_id)
        if practice is None:
            raise HTTPException(404, detail=f"no session with id {session_id}")
        _refuse_same_file(find_same_file(session, person.id, session_id, upload.sha256), upload)
        stored = get_plan(session, person.id, practice.plan_id)
        return stored.plan if stored else None


def _refuse_same_file(attached: SensorRecording | None, upload: Upload) -> None:
    if attached is None:
        return
    named = "" if attached.file_name == upload.file_name else f" (as {attached.file_name})"
    raise UploadProblem(
        "file",
        f"{upload.file_name}: this file is already attached to this session{named}; "
        "expected a different recording (delete the attached one first to analyse it again)",
        409,
    )


def store_upload(request: Request, session_id: int, upload: Upload) -> int:
    """Analyse an upload and store it with the session; raises UploadProblem, or 404 for a bad id.

    The analysis runs between two short transactions, so a long file never holds the database; the
    same file sent twice at once passes the first check in both, and the unique index refuses one.
    """
    analysis, series, comparison = analyse_upload(upload, _session_plan(request, session_id, upload))
    try:
        with person_transaction(request) as (session, person):
            if get_practice(session, person.id, session_id) is None:
                raise HTTPException(404, detail=f"no session with id {session_id}")
            row = save_recording(
                session,
                person.id,
                session_id,
                upload.file_name,
                len(upload.raw),
                analysis,
                series,
                comparison,
                upload.offset_s,
                upload.sha256,
            )
            return row.id
    except IntegrityError:
        with person_transaction(request) as (session, person):
            _refuse_same_file(find_same_file(session, person.id, session_id, upload.sha256), upload)
        raise


async def receive_upload(request: Request, session_id: int, fields: dict[str, str] | None = None) -> int:
    """Check, analyse and store a multipart upload for the page and the API alike; the new id.

    Raises UploadProblem before anything is stored. `fields`, when given, receives the form's kind,
    fs and offset_s as sent, so that a refused form can be shown again as the person filled it.
    """
    check_length(request.headers.get("content-length"))
    try:
        async with request.form(max_files=1, max_fields=10) as form:
            if fields is not None:
                fields.update({key: str(form.get(key) or "")[:40] for key in ("kind", "fs", "offset_s")})
            upload = await read_upload(form)
    except StarletteHTTPException as error:  # Starlette's 400 for a form it cannot parse
        if error.status_code != 400:
            raise
        raise UploadProblem(
            "file",
            f"the upload cannot be read as a form: {str(error.detail).rstrip('.')}; expected "
            "multipart/form-data with the fields file, kind, fs and offset_s",
        ) from None
    return await run_in_threadpool(store_upload, request, session_id, upload)
