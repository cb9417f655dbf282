"""Recordings attached to sessions, against SQLite and PostgreSQL: the analysis is stored, a refused
upload stores nothing and says why."""

import html
import re

import httpx
import numpy as np
import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from psoas.store.models import SensorRecording
from tests.signals.recordings import pyhrv_nn, systole_ecg, tremor_recording

from .test_api_sessions import new_session


def rr_text() -> bytes:
    return "\n".join(str(int(v)) for v in pyhrv_nn("Short")).encode()


def tremor_csv() -> bytes:
    acc = tremor_recording([(10, 50, 6.0, 0.5)], seconds=60)
    lines = ["time,x,y,z"] + [f"{i / 100:.2f},{x:.4f},{y:.4f},{z:.4f}" for i, (x, y, z) in enumerate(acc)]
    return "\n".join(lines).encode()


LATE_TIME_STAMP = (
    b"time,x,y,z\n" + b"".join(f"{i / 100:.2f},0,0,9.8\n".encode() for i in range(5999)) + b"1e7,0,0,9.8\n"
)


def upload(server: str, session_id: int, name: str, content: bytes, **fields: str) -> httpx.Response:
    return httpx.post(
        f"{server}/api/sessions/{session_id}/recordings",
        files={"file": (name, content, "text/plain")},
        data=fields,
        timeout=60,
    )


def count(engine: Engine) -> int:
    with Session(engine) as session:
        return int(session.scalar(select(func.count()).select_from(SensorRecording)) or 0)


def test_it_stores_an_rr_analysis_with_the_session(server: str, engine: Engine) -> None:
    session_id = new_session(server)
    response = upload(server, session_id, "polar.txt", rr_text())
    assert response.status_code == 201, response.text
    data = response.json()
    assert (data["kind"], data["session_id"], data["file_name"]) == ("rr", session_id, "polar.txt")
    assert data["rmssd_ms"] == pytest.approx(101.3, abs=0.1)
    with Session(engine) as session:
        row = session.get(SensorRecording, data["id"])
        assert row is not None
        assert row.kind == "rr"
        assert len(row.series["rr_ms"]) == len(pyhrv_nn("Short"))
    assert httpx.get(f"{server}/api/recordings/{data['id']}").json()["rmssd_ms"] == data["rmssd_ms"]


def test_it_stores_a_tremor_analysis(server: str) -> None:
    session_id = new_session(server)
    data = upload(server, session_id, "phone.csv", tremor_csv(), kind="tremor").json()
    assert data["kind"] == "tremor"
    assert data["episodes"][0]["frequency_hz"] == pytest.approx(6.0, abs=0.15)
    assert data["comparison"] is None  # tremor has no start-to-end figures


def test_it_stores_rr_intervals_from_a_polar_hrm_file(server: str) -> None:
    from tests.signals.test_readers import polar_hrm

    session_id = new_session(server)
    intervals = [int(v) for v in pyhrv_nn("Short")]
    response = upload(server, session_id, "exercise.hrm", polar_hrm(intervals).encode())
    assert response.status_code == 201, response.text
    assert response.json()["kind"] == "rr"
    assert response.json()["rmssd_ms"] == pytest.approx(101.3, abs=0.1)


def test_an_unreadable_file_is_refused_naming_the_line_and_nothing_is_stored(
    server: str, engine: Engine
) -> None:
    session_id = new_session(server)
    before = count(engine)
    response = upload(
        server, session_id, "bad.csv", b"time,x,y,z\n0,0,0,9.8\n0.01,0,oops,9.8\n", kind="tremor"
    )
    assert response.status_code == 422
    assert response.json()["detail"][0] == {
        "loc": ["body", "file"],
        "msg": "bad.csv: line 3, column 3: 'oops' is not a number",
        "type": "value_error",
    }
    assert count(engine) == before


@pytest.mark.parametrize(
    ("name", "content", "fields", "field", "message"),
    [
        (
            "heart.fit",
            b"800\n" * 20,
            {},
            "file",
            "heart.fit: expected a text export ending in .csv, .txt, .tsv or .hrm",
        ),
        (
            "export.xml",
            b'<?xml version="1.0"?>\n<HealthData locale="en_GB">\n',
            {},
            "file",
            "export.xml: Apple Health's export.xml is not supported: it holds summaries, not a recording "
            "to analyse. Export the recording itself instead: RR intervals as text",
        ),
        ("empty.txt", b"  \n", {}, "file", "empty.txt is empty"),
        ("rr.txt", b"800\n" * 20, {"kind": "sleep"}, "kind", "'sleep' is not a kind of recording"),
        (
            "rr.txt",
            b"800\n" * 20,
            {"fs": "fast"},
            "fs",
            "'fast' is not a number; expected a sampling rate in Hz",
        ),
        (
            "ecg.txt",
            b"0.1\n0.2\n" * 3000,
            {"kind": "ecg", "fs": "50"},
            "fs",
            "ecg analysis needs a sampling rate of at least 100 Hz, got 50",
        ),
        # 60 s at 100 Hz with its last time stamp at 10 million seconds: it once asked for 7 GiB.
        (
            "late.csv",
            b"time,x,y,z\n"
            + b"".join(f"{i / 100:.2f},0,0,9.8\n".encode() for i in range(5999))
            + b"1e7,0,0,9.8\n",
            {"kind": "tremor"},
            "file",
            "late.csv: line 6001: the time jumps from 59.98 s to 1e+07 s",
        ),
        ("rr.txt", b"800\n" * 20, {"offset_s": "1e308"}, "offset_s", "1e+308 s is more than a day"),
        # A missing sample in the first row once dropped its column: "found 1" column, or none named.
        (
            "nan.csv",
            b"time,x,y,z\nnan,0,0,9.8\n"
            + b"".join(f"{i / 100:.2f},0,0,9.8\n".encode() for i in range(1, 2000)),
            {"kind": "tremor"},
            "file",
            "nan.csv: line 2, column 1: 'nan' is not a number",
        ),
    ],
)
def test_bad_uploads_say_what_was_expected(
    server: str, engine: Engine, name: str, content: bytes, fields: dict[str, str], field: str, message: str
) -> None:
    session_id = new_session(server)
    before = count(engine)
    response = upload(server, session_id, name, content, **fields)
    assert response.status_code == 422
    problem = response.json()["detail"][0]
    assert problem["loc"] == ["body", field]
    assert message in problem["msg"]
    assert count(engine) == before


def notime_csv() -> bytes:
    acc = tremor_recording([(2, 18, 6.0, 0.5)], seconds=20)
    return ("x,y,z\n" + "\n".join(f"{x:.4f},{y:.4f},{z:.4f}" for x, y, z in acc)).encode()


def tag(page: str, element_id: str) -> str:
    """The opening tag of the element with this id on a page."""
    found = re.search(rf'<[a-z]+ [^>]*id="{element_id}"[^>]*>', page)
    assert found is not None, element_id
    return found.group(0)


@pytest.mark.parametrize(
    ("rate", "message"),
    [
        (
            "",
            "notime.csv: no time column, so the sampling rate in Hz is needed; "
            "enter it in “Sampling rate in Hz”",
        ),
        ("0", "the sampling rate must be more than 0 and at most 10,000 Hz, got 0"),
        ("100000", "the sampling rate must be more than 0 and at most 10,000 Hz, got 100000"),
    ],
)
def test_a_missing_or_impossible_rate_is_refused_on_the_rate_field_in_the_forms_words(
    server: str, engine: Engine, rate: str, message: str
) -> None:
    session_id = new_session(server)
    before = count(engine)
    response = upload(server, session_id, "notime.csv", notime_csv(), kind="tremor", fs=rate)
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "fs"], "msg": message, "type": "value_error"}]
    assert count(engine) == before

    page = httpx.post(
        f"{server}/history/{session_id}/recordings",
        files={"file": ("notime.csv", notime_csv(), "text/csv")},
        data={"kind": "tremor", "fs": rate},
        timeout=60,
    )
    assert page.status_code == 422
    assert f'<p class="error" role="alert" id="recording-fs-error">{html.escape(message)}</p>' in page.text
    assert 'aria-invalid="true" aria-describedby="recording-fs-error"' in tag(page.text, "recording-fs")
    assert "aria-invalid" not in tag(page.text, "recording-file")
    assert count(engine) == before


def test_the_spectrum_tick_labels_differ_when_the_power_is_small(server: str) -> None:
    session_id = new_session(server)
    data = upload(server, session_id, "phone.csv", tremor_csv(), kind="tremor").json()
    assert max(data["spectrum"]["power"]) < 0.1  # one decimal would label it 0.0, 0.0 and 0.1
    page = httpx.get(f"{server}/history/{session_id}/recordings/{data['id']}").text
    spectrum = re.search(r'<svg [^>]*aria-label="Spectrum of the tremor".*?</svg>', page, re.S)
    assert spectrum is not None
    ticks = re.findall(r'<text class="tick-y"[^>]*>([^<]*)</text>', spectrum.group(0))
    assert len(set(ticks)) == 3, ticks
    assert float(ticks[0]) == 0
    assert float(ticks[-1]) == pytest.approx(max(data["spectrum"]["power"]), rel=0.05)


def test_an_ecg_with_the_lead_off_lists_the_stretch_and_breaks_the_tachogram(
    server: str, engine: Engine
) -> None:
    """systole's real ECG, 3 minutes thinned to 250 Hz, the lead off (a few microvolts) at 60-80 s.
    Before: the page showed figures from invented beats with no word of the stretch, and the
    tachogram drew through it."""
    ecg, fs = systole_ecg()
    ecg = ecg[: int(180 * fs) : 4].astype(float)
    ecg[60 * 250 : 80 * 250] = np.random.default_rng(0).normal(0, 0.003, 20 * 250)
    content = "\n".join(f"{v:.4f}" for v in ecg).encode()
    session_id = new_session(server)
    response = upload(server, session_id, "ecg.txt", content, kind="ecg", fs="250")
    assert response.status_code == 201, response.text
    data = response.json()
    (stretch,) = data["quality"]["left_out"]
    assert (stretch["start_s"], stretch["end_s"], stretch["reason"]) == (59.0, 81.0, "flat or too small")
    with Session(engine) as session:
        row = session.get(SensorRecording, data["id"])
        assert row is not None
        assert row.series["rr_ms"].count(None) == 1
        assert all(v is None or 500 < v < 1200 for v in row.series["rr_ms"])
    page = httpx.get(f"{server}/history/{session_id}/recordings/{data['id']}").text
    assert "12% of the ECG could not be trusted and gave no beats" in page
    assert "0:59 to 1:21: flat or too small" in page


def test_a_huge_upload_is_refused_before_it_is_read(server: str, engine: Engine) -> None:
    session_id = new_session(server)
    before = count(engine)
    big = b"8" * (41 * 1024 * 1024)
    response = upload(server, session_id, "huge.txt", big)
    assert response.status_code == 413
    assert "the limit is 40 MB" in response.json()["detail"][0]["msg"]
    assert count(engine) == before


def test_an_unknown_session_or_recording_is_404(server: str) -> None:
    assert upload(server, 424242, "rr.txt", rr_text()).status_code == 404
    assert httpx.get(f"{server}/api/recordings/424242").status_code == 404


def test_a_file_name_with_a_control_character_is_refused(server: str, engine: Engine) -> None:
    session_id = new_session(server)
    before = count(engine)
    body = (
        b"--psoas\r\n"
        b'Content-Disposition: form-data; name="file"; filename="bad\x00name.csv"\r\n'
        b"Content-Type: text/plain\r\n\r\n" + b"800\n" * 20 + b"\r\n--psoas--\r\n"
    )
    response = httpx.post(
        f"{server}/api/sessions/{session_id}/recordings",
        content=body,
        headers={"Content-Type": "multipart/form-data; boundary=psoas"},
    )
    assert response.status_code == 422, response.text
    assert "the file's name holds a control character" in response.json()["detail"][0]["msg"]
    assert count(engine) == before


def test_a_form_that_cannot_be_read_gets_the_documented_422(server: str, engine: Engine) -> None:
    # Starlette refuses more than 10 fields with a bare 400; the upload names the problem instead.
    session_id = new_session(server)
    before = count(engine)
    fields = {f"extra{number}": "x" for number in range(11)}
    response = httpx.post(
        f"{server}/api/sessions/{session_id}/recordings",
        files={"file": ("rr.txt", rr_text(), "text/plain")},
        data=fields,
    )
    assert response.status_code == 422, response.text
    assert response.json()["detail"] == [
        {
            "loc": ["body", "file"],
            "msg": "the upload cannot be read as a form: Too many fields. Maximum number of fields is 10; "
            "expected multipart/form-data with the fields file, kind, fs and offset_s",
            "type": "value_error",
        }
    ]
    assert count(engine) == before
