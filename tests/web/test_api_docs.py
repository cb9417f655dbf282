"""/docs describes every answer a client must handle, not only success and the per-field 422."""

import httpx

EXPECTED = {
    ("get", "/api/sessions/{session_id}"): {"200", "404", "422"},
    ("post", "/api/sessions"): {"201", "404", "422"},
    ("post", "/api/sessions/{session_id}/checkins"): {"201", "404", "409", "422"},
    ("post", "/api/sessions/{session_id}/finish"): {"200", "404", "409", "422"},
    ("post", "/api/sessions/{session_id}/recordings"): {"201", "404", "411", "413", "422"},
    ("get", "/api/plans/{plan_id}"): {"200", "404", "422"},
    ("post", "/api/plans"): {"201", "422"},
}


def test_the_openapi_document_lists_the_error_answers(server: str) -> None:
    spec = httpx.get(f"{server}/openapi.json").json()
    documented = {key: set(spec["paths"][key[1]][key[0]]["responses"]) for key in EXPECTED}
    assert documented == EXPECTED
    not_found = spec["paths"]["/api/sessions/{session_id}"]["get"]["responses"]["404"]
    assert not_found["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/Problem"}
    assert httpx.get(f"{server}/docs").status_code == 200
