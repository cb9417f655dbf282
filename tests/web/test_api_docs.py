"""/docs describes every answer a client must handle, not only success and the per-field 422, and
says what each value may be: ranges, the words the library knows, forms, uploads, content types."""

from typing import Any

import httpx

from psoas.practice.library import default_library
from psoas.practice.vocabulary import FOCUSES, LEVELS

EXPECTED = {
    ("get", "/api/sessions/{session_id}"): {"200", "400", "404", "422", "503"},
    ("post", "/api/sessions"): {"201", "400", "403", "404", "413", "422", "503"},
    ("post", "/api/sessions/{session_id}/checkins"): {"201", "400", "403", "404", "409", "413", "422", "503"},
    ("post", "/api/sessions/{session_id}/finish"): {"200", "400", "403", "404", "409", "413", "422", "503"},
    ("post", "/api/sessions/{session_id}/recordings"): {
        "201", "400", "403", "404", "409", "411", "413", "422", "503",
    },
    ("get", "/api/plans/{plan_id}"): {"200", "400", "404", "422", "503"},
    ("post", "/api/plans"): {"201", "400", "403", "413", "422", "503"},
    ("get", "/api/version"): {"200", "400"},
    ("post", "/start"): {"303", "400", "403", "503"},
    ("post", "/plan/start"): {"303", "400", "403", "413", "422", "503"},
    ("post", "/settings"): {"200", "400", "403", "413", "422", "503"},
}  # fmt: skip


def _spec(server: str) -> dict[str, Any]:
    return dict(httpx.get(f"{server}/openapi.json").json())


def _body(spec: dict[str, Any], path: str, method: str = "post") -> dict[str, Any]:
    content = spec["paths"][path][method]["requestBody"]["content"]
    schema = next(iter(content.values()))["schema"]
    if "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[-1]]
    return dict(schema["properties"])


def test_the_openapi_document_lists_the_error_answers(server: str) -> None:
    spec = _spec(server)
    documented = {key: set(spec["paths"][key[1]][key[0]]["responses"]) for key in EXPECTED}
    assert documented == EXPECTED
    not_found = spec["paths"]["/api/sessions/{session_id}"]["get"]["responses"]["404"]
    assert not_found["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert httpx.get(f"{server}/docs").status_code == 200


def test_it_declares_ranges_and_the_words_the_library_knows(server: str) -> None:
    spec = _spec(server)
    plan = _body(spec, "/api/plans")
    assert (plan["minutes"]["minimum"], plan["minutes"]["maximum"]) == (10, 120)
    assert plan["level"]["enum"] == list(LEVELS)
    assert plan["focus"]["items"]["enum"] == list(FOCUSES)
    library = default_library()
    assert plan["conditions"]["items"]["enum"] == sorted(library.conditions)
    assert plan["prefer"]["items"]["enum"] == sorted(library.exercises)
    safety = {e.id for e in library.exercises.values() if e.kind == "safety"}
    assert safety
    assert not safety & set(plan["avoid"]["items"]["enum"])
    preference = _body(spec, "/api/preferences", "put")
    assert preference["exercise"]["enum"] == sorted(library.exercises)
    intake = _body(spec, "/api/intake", "put")
    assert intake["with_facilitator"]["const"] is False
    # The instruments this server scores, and the answers they take (every shipped one: 0 to 4).
    results = spec["paths"]["/api/questionnaires/{instrument_id}/results"]["post"]
    assert results["parameters"][0]["schema"]["enum"] == ["gad7", "pcl5", "phq9"]
    answers = _body(spec, "/api/questionnaires/{instrument_id}/results")["answers"]
    assert answers["items"]["anyOf"][0] == {"type": "integer", "minimum": 0, "maximum": 4}


def test_it_declares_the_forms_uploads_and_downloads(server: str) -> None:
    spec = _spec(server)
    intake = spec["paths"]["/intake"]["post"]["requestBody"]["content"]
    assert intake["application/x-www-form-urlencoded"]["schema"]["required"] == ["level"]
    # An empty choice is no choice: the page fills it in from the intake and today's suggestion.
    start = _body(spec, "/plan/start")
    assert start["level"]["enum"] == ["", *LEVELS]
    upload = _body(spec, "/api/sessions/{session_id}/recordings")
    assert upload["file"] == {
        "type": "string",
        "format": "binary",
        "description": ".csv, .txt, .tsv or Polar .hrm",
    }
    for path, kind in {
        "/export.csv": "text/csv",
        "/export-questionnaires.csv": "text/csv",
        "/export.fhir.json": "application/fhir+json",
        "/settings": "text/html",
    }.items():
        assert list(spec["paths"][path]["get"]["responses"]["200"]["content"]) == [kind], path
        answer = httpx.get(f"{server}{path}")
        assert answer.headers["content-type"].split(";")[0] == kind, path


def test_it_links_a_plan_to_its_session_and_a_session_to_its_check_ins(server: str) -> None:
    spec = _spec(server)
    plan_links = spec["paths"]["/api/plans"]["post"]["responses"]["201"]["links"]
    assert plan_links["StartSession"]["requestBody"] == {"plan_id": "$response.body#/id"}
    session_links = spec["paths"]["/api/sessions"]["post"]["responses"]["201"]["links"]
    assert session_links["CheckIn"]["operationRef"] == "#/paths/~1api~1sessions~1{session_id}~1checkins/post"
    assert session_links["CheckIn"]["parameters"] == {"session_id": "$response.body#/id"}
