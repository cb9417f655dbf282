"""CSV exports are safe to open in a spreadsheet: a cell that would be read as a formula is shown
as text (OWASP's advice on CSV injection), and a byte-order mark keeps accents readable."""

import csv
import io

import httpx

from psoas.store.database import Database

# Payloads from OWASP's page on CSV injection, and one a person might write in good faith.
NOTES = [
    '=HYPERLINK("https://example.org","click")',
    "+cmd|' /C calc'!A0",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "\t=1+1",
    "Felt calmer: café, then a walk",
]


def test_the_sessions_csv_shows_formulas_as_text_and_opens_as_utf8(fresh_app: tuple[str, Database]) -> None:
    base, _ = fresh_app
    for note in NOTES:
        plan = httpx.post(f"{base}/api/plans", json={"minutes": 10, "seed": 1}).json()
        session_id = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
        checkin = {"moment": "before", "tension": 4, "pain": 2, "distress": 3, "breath": 6, "note": note}
        assert httpx.post(f"{base}/api/sessions/{session_id}/checkins", json=checkin).status_code == 201
    answer = httpx.get(f"{base}/export.csv")
    assert answer.headers["content-type"] == "text/csv; charset=utf-8"
    assert answer.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig"))))
    notes = sorted(row["before_note"] for row in rows)
    assert notes == sorted(f"'{n}" if n[0] in "=+-@\t" else n for n in NOTES)
    assert all(row["before_tension"] == "4" for row in rows)  # numbers untouched


def test_the_questionnaire_csv_starts_with_the_byte_order_mark(fresh_app: tuple[str, Database]) -> None:
    base, _ = fresh_app
    httpx.post(f"{base}/api/questionnaires/gad7/results", json={"answers": [1, 1, 1, 1, 1, 0, 0]})
    text = httpx.get(f"{base}/export-questionnaires.csv").content.decode("utf-8")
    assert text.startswith("\ufeffresult_id,instrument")


def test_the_sessions_csv_carries_what_the_step_log_adds_up_to(fresh_app: tuple[str, Database]) -> None:
    base, _ = fresh_app
    plan = httpx.post(f"{base}/api/plans", json={"minutes": 20, "seed": 1}).json()
    session_id = httpx.post(f"{base}/api/sessions", json={"plan_id": plan["id"]}).json()["id"]
    steps = [s for p in plan["phases"] for s in p["steps"]]
    log = [
        {
            "step": 0,
            "exercise": steps[0]["exercise"],
            "planned_seconds": 90,
            "seconds": 2,
            "ending": "skipped",
        },
        {
            "step": 1,
            "exercise": steps[1]["exercise"],
            "planned_seconds": 60,
            "seconds": 60,
            "ending": "done",
            "fatigue": 6,
            "hurts": True,
            "hurts_where": "knees",
        },
    ]
    body = {"completed": False, "stopped_at_step": 1, "grounded": True, "log": log}
    assert httpx.post(f"{base}/api/sessions/{session_id}/finish", json=body).status_code == 200
    row = next(csv.DictReader(io.StringIO(httpx.get(f"{base}/export.csv").content.decode("utf-8-sig"))))
    assert (
        row["practised_seconds"],
        row["tremor_seconds"],
        row["skipped_steps"],
        row["fatigue_ratings"],
        row["hurt"],
    ) == (
        "62",
        "0",
        "1",
        "6",
        "knees",
    )
