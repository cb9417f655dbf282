"""What the OpenAPI document says beyond what FastAPI derives from the routes: the pages' HTML,
redirects, forms, uploads and query parameters (the pages read those by hand), the downloads'
content types, and the answers every route can give (400 for a Host it does not answer to, 403
from another site, 413, 503).

Built once, when /openapi.json is first asked for, so that the words read from the content library
are the ones the running server checks against.
"""

from collections.abc import Callable, Mapping
from typing import Any

from fastapi import FastAPI

from psoas.measures.instrument import Instrument
from psoas.practice.request import MAX_MINUTES, MIN_MINUTES
from psoas.practice.vocabulary import FOCUSES, KINDS, LEVELS, PHASES, PROPS, REGIONS
from psoas.practice.workshop import WORKSHOP_MINUTES_LEAST, WORKSHOP_MINUTES_MOST
from psoas.signals.kinds import KINDS as RECORDING_KINDS
from psoas.store.workshops import ACTIONS, EDITS, EXTEND_MOST
from psoas.web.body_size import MAX_BODY_BYTES
from psoas.web.pages.settings import RANGES as SETTING_RANGES
from psoas.web.pages.settings import SUPPORT_MOST, THEMES
from psoas.web.recording_upload import MAX_OFFSET_S, MAX_UPLOAD_BYTES
from psoas.web.schemas import condition_ids

Answers = dict[str, dict[str, Any]]

HTML = {"text/html": {"schema": {"type": "string"}}}
TEXT = {"text/plain": {"schema": {"type": "string"}}}
PROBLEM = {"application/json": {"schema": {"$ref": "#/components/schemas/Problem"}}}
FIELDS = {"application/json": {"schema": {"$ref": "#/components/schemas/HTTPValidationError"}}}
BAD_ADDRESS = "An address that cannot be one (`/history/abc`): one entry naming the path parameter"


def _page(description: str) -> dict[str, Any]:
    return {"description": description, "content": HTML}


def _see_other(where: str) -> dict[str, Any]:
    return {
        "description": f"Done: the browser is sent on to {where}",
        "headers": {"Location": {"description": "Where to go next", "schema": {"type": "string"}}},
    }


def _missing(what: str) -> dict[str, Any]:
    # A browser (Accept: text/html) gets a page saying so; other clients the JSON the API answers.
    return {"description": f"No such {what}", "content": {**HTML, **PROBLEM}}


def _refused_form(what: str) -> dict[str, Any]:
    return {
        "description": f"{what}: the form again, a message beside each problem; nothing saved",
        "content": {**HTML, **FIELDS},
    }


BAD_PATH = {"422": {"description": BAD_ADDRESS, "content": {**HTML, **FIELDS}}}


def _page_or_bad_path(description: str) -> dict[str, Any]:
    """A page saying what was refused, or (an address that cannot name one) what BAD_PATH says."""
    return {"description": f"{description}. {BAD_ADDRESS}", "content": {**HTML, **FIELDS}}


UPLOAD_REFUSED = {
    "400": "The upload's Content-Length is not a number",
    "409": "This session already has a recording of these very bytes",
    "411": "No Content-Length: the size is checked before anything is read",
    "413": f"Larger than {MAX_UPLOAD_BYTES // (1024 * 1024)} MB",
    "422": "A file that cannot be read as a recording, or a field that is not valid, named",
}


def _upload_answers(content: dict[str, Any]) -> Answers:
    return {status: {"description": said, "content": content} for status, said in UPLOAD_REFUSED.items()}


OBJECT = {"application/json": {"schema": {"type": "object"}}}


def _html_or_json(description: str) -> dict[str, Any]:
    # A phone's pages answer a form with a page, and the phone's script (asking for JSON) with JSON.
    return {
        "description": description,
        "content": {**HTML, "application/json": {"schema": {"type": "object"}}},
    }


_WRONG_CODE = {
    "404": _html_or_json("No open workshop has this code: the join page says so"),
    "429": {
        "description": "Too many wrong codes from this address in a minute: when to try again",
        "headers": {"Retry-After": {"description": "Seconds to wait", "schema": {"type": "integer"}}},
        "content": {**HTML, **OBJECT},
    },
}


# Each page operation's answers besides 503 (and 403 and 413, added to every form).
PAGES: dict[tuple[str, str], Answers] = {
    ("post", "/start"): {"303": _see_other("the player, or the intake while none is saved")},
    ("post", "/intake"): {
        "200": _page("Saved; the form again"),
        "422": _refused_form("An answer not offered"),
    },
    ("get", "/plan"): {"200": _page("The form and a preview"), "422": _refused_form("A choice not valid")},
    ("get", "/plan/preview"): {"200": _page("The preview alone, for HTMX, or what is wrong with a choice")},
    ("post", "/plan/start"): {
        "303": _see_other("the player, or the intake while none is saved"),
        "422": _refused_form("A choice not valid"),
    },
    ("get", "/program"): {"200": _page("The program"), "303": _see_other("the intake while none is saved")},
    ("get", "/play/{session_id}"): {"200": _page("The player"), "404": _missing("session"), **BAD_PATH},
    ("get", "/history/{session_id}"): {"200": _page("The session"), "404": _missing("session"), **BAD_PATH},
    ("post", "/history/{session_id}/recordings"): {
        "303": _see_other("the recording's page"),
        "404": _missing("session"),
        **_upload_answers({**HTML, **FIELDS}),
    },
    ("get", "/history/{session_id}/recordings/{recording_id}"): {
        "200": _page("The recording, its figures and plots"),
        "404": _missing("recording in this session"),
        **BAD_PATH,
    },
    ("post", "/history/{session_id}/recordings/{recording_id}/delete"): {
        "303": _see_other("the session, saying the recording was deleted"),
        "404": _missing("recording in this session"),
        "422": _refused_form("The confirmation not ticked"),
    },
    ("get", "/questionnaires/{instrument_id}"): {
        "200": _page("The questionnaire"),
        "404": _missing("instrument"),
    },
    ("post", "/questionnaires/{instrument_id}"): {
        "303": _see_other("the scored result"),
        "404": _missing("instrument"),
        "422": _refused_form("Answers missing or not offered"),
    },
    ("get", "/questionnaires/{instrument_id}/results/{result_id}"): {
        "200": _page("One scored result"),
        "404": _missing("instrument or result"),
        **BAD_PATH,
    },
    ("get", "/library"): {"200": _page("The exercises"), "422": _refused_form("A filter word not offered")},
    ("get", "/library/{exercise_id}"): {"200": _page("One exercise"), "404": _missing("exercise")},
    ("post", "/settings"): {
        "200": _page("Saved; the form again"),
        "422": _refused_form("A value out of range"),
    },
    ("post", "/settings/delete"): {
        "200": _page("Everything deleted; the settings page says so"),
        "422": _refused_form("The confirmation not typed"),
    },
    # Workshops (web/pages/workshops.py, workshop_console.py); another facilitator's is a 404.
    ("get", "/workshops"): {"200": _page("The workshops, a form for a new one, the templates")},
    ("post", "/workshops"): {
        "303": _see_other("the new workshop's editor"),
        "422": _refused_form("Minutes out of range, or a word not offered"),
    },
    ("get", "/workshops/{workshop_id}"): {
        "200": _page("The plan, its editor while the workshop waits"),
        "404": _missing("workshop"),
        **BAD_PATH,
    },
    ("post", "/workshops/{workshop_id}/edit"): {
        "303": _see_other("the editor, at the step"),
        "404": _missing("workshop"),
        "409": _page("The workshop has started: the plan stays as it is"),
        "422": _page_or_bad_path(
            "An edit refused: the rule it would break, beside its step; or a step not in the plan"
        ),
    },
    ("post", "/workshops/{workshop_id}/template"): {
        "303": _see_other("the editor, saying it was saved"),
        "404": _missing("workshop"),
        "409": _page("A template of that name exists already"),
    },
    ("post", "/workshops/templates/{template_id}/start"): {
        "303": _see_other("the new workshop's editor"),
        "404": _missing("template"),
        "422": _page_or_bad_path("The template no longer keeps every safety rule: which one"),
    },
    ("get", "/workshops/{workshop_id}/console"): {
        "200": _page("The console"),
        "404": _missing("workshop"),
        **BAD_PATH,
    },
    ("get", "/workshops/{workshop_id}/console/live"): {
        "200": _page("The roster, the signals and the group's figures, for the console to redraw"),
        "404": _missing("workshop"),
        **BAD_PATH,
    },
    ("post", "/workshops/{workshop_id}/control"): {
        "303": _see_other("the console"),
        "404": _missing("workshop"),
        "409": _page("The room cannot do that now (not started, already paused, the last step, ended): why"),
        "422": _page_or_bad_path("An action the room does not take, or seconds that are not a whole number"),
    },
    ("post", "/workshops/{workshop_id}/signals/{signal_id}/acknowledge"): {
        "303": _see_other("the console's signals"),
        "404": _missing("signal in this workshop"),
    },
    # A participant's phone and the room screen (web/pages/seat.py, room.py): no account, the code
    # in the path; a wrong code counts against the address (429 after ten a minute); a device
    # without its seat's cookie is sent to choose a nickname, or (asking for JSON) refused with 403.
    ("post", "/join"): {
        "303": _see_other("the workshop's own page, to choose a nickname"),
        **_WRONG_CODE,
    },
    ("get", "/room/{code}"): {
        "200": _page("The room screen"),
        "303": _see_other("the room screen at the code as it is written"),
        **_WRONG_CODE,
    },
    ("get", "/w/{code}"): {
        "200": _page("Choose a nickname, or the private intake once seated"),
        "303": _see_other("the code as it is written, or the phone's own screen"),
        "410": _page("The workshop has ended: no one new joins"),
        **_WRONG_CODE,
    },
    ("post", "/w/{code}"): {
        "303": _see_other("the intake, seated"),
        "410": _page("The workshop has ended: no one new joins"),
        "422": _html_or_json("A nickname empty, too long, with control characters, or taken: another to try"),
        **_WRONG_CODE,
    },
    ("post", "/w/{code}/intake"): {
        "303": _see_other("the before check-in, or to choose a nickname first"),
        "403": _html_or_json("This device has no place in this workshop"),
        "422": _page("A choice not offered, or none at all: the form again"),
        **_WRONG_CODE,
    },
    ("get", "/w/{code}/before"): {
        "200": _page("The before check-in"),
        "303": _see_other("a nickname first, or the phone's screen"),
        "403": _html_or_json("This device has no place in this workshop"),
        **_WRONG_CODE,
    },
    ("get", "/w/{code}/after"): {
        "200": _page("The after check-in"),
        "303": _see_other("a nickname first, or the phone's screen"),
        "403": _html_or_json("This device has no place in this workshop"),
        **_WRONG_CODE,
    },
    ("get", "/w/{code}/me"): {
        "200": _page("The phone's own screen: the person's step, the signals, Stop & ground"),
        "303": _see_other("a nickname first"),
        "403": _html_or_json("This device has no place in this workshop"),
        **_WRONG_CODE,
    },
    ("post", "/w/{code}/checkin"): {
        "200": _html_or_json("Saved (asked for JSON): the check-in as stored"),
        "303": _see_other("the phone's screen, saved; or a nickname first"),
        "403": _html_or_json("This device has no place in this workshop"),
        "409": _html_or_json("This check-in was given already, with other answers"),
        "422": _html_or_json("A moment or rating not valid, named"),
        **_WRONG_CODE,
    },
    ("post", "/w/{code}/signal"): {
        "200": _html_or_json("Sent (asked for JSON): the signal's id, kind and time"),
        "303": _see_other("the phone's screen, sent; or a nickname first"),
        "403": _html_or_json("This device has no place in this workshop"),
        "422": _html_or_json("A kind not offered: ok, moment or stop"),
        **_WRONG_CODE,
    },
    ("get", "/export.json"): {
        "200": {"description": "Everything, as JSON", "content": {"application/json": {}}}
    },
    ("get", "/export.csv"): {"200": {"description": "Sessions as CSV", "content": {"text/csv": {}}}},
    ("get", "/export-questionnaires.csv"): {
        "200": {"description": "Questionnaire answers as CSV", "content": {"text/csv": {}}}
    },
    ("get", "/export.fhir.json"): {
        "200": {"description": "A FHIR R4 Bundle", "content": {"application/fhir+json": {}}}
    },
}


def _words(words: Any) -> dict[str, Any]:
    return {"type": "string", "enum": list(words)}


def _many(words: Any) -> dict[str, Any]:
    return {"type": "array", "items": _words(words)}


def _form(properties: dict[str, Any], required: tuple[str, ...] = ()) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": list(required)}
    return {"required": True, "content": {"application/x-www-form-urlencoded": {"schema": schema}}}


def _upload() -> dict[str, Any]:
    properties = {
        "file": {"type": "string", "format": "binary", "description": ".csv, .txt, .tsv or Polar .hrm"},
        "kind": _words(RECORDING_KINDS),
        "fs": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": "Hz, for a file without a time column",
        },
        "offset_s": {"type": "number", "minimum": -MAX_OFFSET_S, "maximum": MAX_OFFSET_S},
    }
    schema = {"type": "object", "properties": properties, "required": ["file"]}
    return {"required": True, "content": {"multipart/form-data": {"schema": schema}}}


def whole(low: int, high: int) -> dict[str, Any]:
    return {"type": "integer", "minimum": low, "maximum": high}


SEED = {
    "type": "string",
    "description": "A whole number that fits in 64 bits gives the same plan again; "
    "anything else draws a new seed",
}
# The plan form's choices, sent as a form to start or as a query to preview. Each may be left out,
# or sent empty: today's suggestion and the intake fill it in.
PLAN_CHOICES: dict[str, Any] = {
    "minutes": {"anyOf": [whole(MIN_MINUTES, MAX_MINUTES), {"type": "string", "maxLength": 0}]},
    "level": _words(("", *LEVELS)),
    "focus": _many(FOCUSES),
    "seed": SEED,
}
CHECKED = {"type": "string", "description": "Sent when the box is ticked, with any value"}


def _bodies() -> dict[tuple[str, str], dict[str, Any]]:
    """The forms the pages take, with the words read from the library now."""
    conditions = condition_ids()
    return {
        ("post", "/intake"): _form(
            {
                "level": _words(LEVELS),
                "conditions": _many(conditions),
                "props": _many(PROPS),
                "focus": _many(FOCUSES),
                "support_available": CHECKED,
            },
            ("level",),
        ),
        ("post", "/plan/start"): _form(PLAN_CHOICES) | {"required": False},
        ("post", "/settings"): _form(
            {
                "voice": CHECKED,
                "chime": CHECKED,
                **{
                    name: {
                        "type": "number" if name == "voice_rate" else "integer",
                        "minimum": low,
                        "maximum": high,
                    }
                    for name, (low, high) in SETTING_RANGES.items()
                },
                "theme": _words(THEMES),
                "support_text": {"type": "string", "maxLength": SUPPORT_MOST, "pattern": "^[^\\u0000]*$"},
            },
            tuple(SETTING_RANGES),
        ),
        ("post", "/settings/delete"): _form(
            {
                "confirmation": {
                    "type": "string",
                    "description": "`delete my data`; capitals and spaces around it do not matter",
                    "pattern": "^\\s*[Dd][Ee][Ll][Ee][Tt][Ee] [Mm][Yy] [Dd][Aa][Tt][Aa]\\s*$",
                }
            },
            ("confirmation",),
        ),
        ("post", "/history/{session_id}/recordings/{recording_id}/delete"): _form(
            {"confirm": {"type": "string", "enum": ["yes"], "description": "Ticked to delete"}}, ("confirm",)
        ),
        ("post", "/questionnaires/{instrument_id}"): {
            **_form({}),
            "description": "`item-1`, `item-2`, ...: each answer's value, as the questionnaire's form offers",
        },
        ("post", "/workshops"): _form(
            {
                "title": {"type": "string", "description": "Cut to 120 characters; left empty, Workshop"},
                "minutes": whole(WORKSHOP_MINUTES_LEAST, WORKSHOP_MINUTES_MOST),
                "level": _words(LEVELS),
                "focus": _many(FOCUSES),
            },
            ("minutes",),
        ),
        ("post", "/workshops/{workshop_id}/edit"): _form(
            {
                "edit": _words(EDITS),
                "index": {"type": "integer", "minimum": 0, "description": "The step, counted from 0"},
                "to": {"type": "integer", "minimum": 0, "description": "move: where the step goes"},
                "exercise": {"type": "string", "description": "swap: the exercise that takes its place"},
                "change": {"type": "integer", "description": "resize: seconds added (or, negative, taken)"},
            },
            ("edit", "index"),
        ),
        ("post", "/workshops/{workshop_id}/template"): _form(
            {"name": {"type": "string", "description": "Left empty, the workshop's title"}}
        )
        | {"required": False},
        ("post", "/workshops/{workshop_id}/control"): _form(
            {
                "action": _words(ACTIONS),
                "seconds": whole(1, EXTEND_MOST) | {"description": "extend: seconds added (60 unless given)"},
            },
            ("action",),
        ),
        ("post", "/join"): _form(
            {"code": {"type": "string", "description": "The code on the room's screen"}}
        ),
        ("post", "/w/{code}"): _form(
            {"nickname": {"type": "string", "description": "A nickname or seat number, 1 to 40 characters"}},
            ("nickname",),
        ),
        ("post", "/w/{code}/intake"): _form({"condition": _many(conditions), "none": CHECKED}),
        ("post", "/w/{code}/checkin"): _form(
            {
                "moment": _words(("before", "after")),
                **{name: whole(0, 10) for name in ("tension", "pain", "distress", "breath")},
            },
            ("moment",),
        ),
        ("post", "/w/{code}/signal"): _form({"kind": _words(("ok", "moment", "stop"))}, ("kind",)),
        ("post", "/history/{session_id}/recordings"): _upload(),
        ("post", "/api/sessions/{session_id}/recordings"): _upload(),
    }


def _query(name: str, schema: dict[str, Any], description: str = "") -> dict[str, Any]:
    explode = {"style": "form", "explode": True} if schema.get("type") == "array" else {}
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
        **explode,
    }


def _queries() -> dict[tuple[str, str], list[dict[str, Any]]]:
    plan = [_query(name, schema) for name, schema in PLAN_CHOICES.items()]
    day = {"type": "string", "description": "YEAR-MONTH-DAY; anything else is left out, and the page says so"}
    # The preview is swapped in by HTMX, which swaps only a 200: it says what is wrong in place of a plan.
    preview = [
        _query(name, {"type": "string"}, "As for /plan; a value not valid is named in the preview")
        for name in ("minutes", "level", "seed")
    ]
    return {
        ("get", "/plan"): plan,
        ("get", "/plan/preview"): [*preview, _query("focus", {"type": "array", "items": {"type": "string"}})],
        ("get", "/library"): [
            _query(name, _words(("", *words)), "Left empty, any")
            for name, words in {
                "phase": PHASES,
                "kind": KINDS,
                "level": LEVELS,
                "target": REGIONS,
                "prop": PROPS,
            }.items()
        ],
        ("get", "/report"): [_query("from", day), _query("to", day)],
    }


def _to(path: str, method: str, description: str, **values: Any) -> dict[str, Any]:
    link: dict[str, Any] = {
        "operationRef": f"#/paths/{path.replace('/', '~1')}/{method}",
        "description": description,
    }
    body = values.pop("body", None)
    if values:
        link["parameters"] = values
    if body is not None:
        link["requestBody"] = body
    return link


PLAN_ID = "$response.body#/id"
SESSION_ID = "$response.body#/id"
SAME_SESSION = "$request.path.session_id"
# How one answer leads to the next request: a plan to its session, a session to its check-ins,
# facilitator, ending and recordings. Clients (and the stateful fuzz test) follow them.
LINKS: dict[tuple[str, str, str], dict[str, dict[str, Any]]] = {
    ("post", "/api/plans", "201"): {
        "ReadPlan": _to("/api/plans/{plan_id}", "get", "The plan just stored", plan_id=PLAN_ID),
        "StartSession": _to("/api/sessions", "post", "Start practising it", body={"plan_id": PLAN_ID}),
    },
    ("post", "/api/sessions", "201"): {
        "ReadSession": _to("/api/sessions/{session_id}", "get", "The session", session_id=SESSION_ID),
        "CheckIn": _to("/api/sessions/{session_id}/checkins", "post", "How it feels", session_id=SESSION_ID),
        "Facilitator": _to(
            "/api/sessions/{session_id}/facilitator", "put", "Who is present", session_id=SESSION_ID
        ),
        "Finish": _to("/api/sessions/{session_id}/finish", "post", "How it ended", session_id=SESSION_ID),
        "Play": _to("/play/{session_id}", "get", "The player", session_id=SESSION_ID),
        "History": _to("/history/{session_id}", "get", "The session's page", session_id=SESSION_ID),
    },
    ("post", "/api/sessions/{session_id}/checkins", "201"): {
        "Finish": _to("/api/sessions/{session_id}/finish", "post", "How it ended", session_id=SAME_SESSION),
        "CheckInAgain": _to(
            "/api/sessions/{session_id}/checkins", "post", "The other check-in", session_id=SAME_SESSION
        ),
    },
    ("post", "/api/sessions/{session_id}/finish", "200"): {
        "ReadSession": _to("/api/sessions/{session_id}", "get", "The ended session", session_id=SAME_SESSION),
        "CheckIn": _to(
            "/api/sessions/{session_id}/checkins", "post", "The after check-in", session_id=SAME_SESSION
        ),
    },
}


UNAVAILABLE = {
    "description": "The database cannot be used (stopped, dropped, its file unreadable); "
    "GET /healthz says why",
    "content": {**PROBLEM, **HTML},
}
TOO_LARGE = {
    "description": f"A body over {MAX_BODY_BYTES:,} bytes, refused before it is read",
    "content": PROBLEM,
}
OTHER_SITE = {
    "description": "Sent from another site (its Origin or Referer names another host)",
    "content": TEXT,
}
OTHER_HOST = {
    "description": "A Host this server does not answer to (see PSOAS_ALLOWED_HOSTS): DNS rebinding",
    "content": TEXT,
}
UNSAFE = ("post", "put", "delete")
# What answers without the database.
NO_DATABASE = {("get", "/api/version"), ("get", "/healthz")}


def _complete(document: dict[str, Any]) -> dict[str, Any]:
    bodies, queries = _bodies(), _queries()
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            key = (method, path)
            answers = operation["responses"]
            if key in PAGES:
                answers.update(PAGES[key])
                if not any(status.startswith("2") for status in PAGES[key]):
                    answers.pop("200", None)
            if key in bodies:
                operation["requestBody"] = bodies[key]
            if key in queries:
                operation["parameters"] = [*operation.get("parameters", []), *queries[key]]
            for status, links in ((s, LINKS.get((method, path, s))) for s in list(answers)):
                if links:
                    answers[status] = {**answers[status], "links": links}
            answers.setdefault("400", OTHER_HOST)
            if method in UNSAFE:
                answers.setdefault("403", OTHER_SITE)
            if "requestBody" in operation:
                answers.setdefault("413", TOO_LARGE)
            if key not in NO_DATABASE:
                answers.setdefault("503", UNAVAILABLE)
    return document


def _questionnaires(document: dict[str, Any], instruments: Mapping[str, Instrument]) -> None:
    """The instruments this server scores (its own and any in PSOAS_DATA_DIR), and the answers they
    take: whole numbers from the lowest option of any to the highest, one per item at most."""
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if parameter["name"] == "instrument_id":
                    parameter["schema"] = {**parameter["schema"], "enum": sorted(instruments)}
    values = [value for instrument in instruments.values() for value in instrument.values]
    body = document["components"]["schemas"]["QuestionnaireBody"]["properties"]["answers"]
    body["maxItems"] = max(len(instrument.items) for instrument in instruments.values())
    body["items"] = {"anyOf": [whole(min(values), max(values)), {"type": "null"}]}


def documented(app: FastAPI) -> Callable[[], dict[str, Any]]:
    """The app's `openapi` function: FastAPI's document, completed as above, built once."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = _complete(build())
            _questionnaires(document, app.state.instruments)
            app.openapi_schema = document
        return app.openapi_schema

    return openapi
