"""Reading recordings: formats, units detected and stated, uneven sampling, and clear refusals."""

from pathlib import Path

import numpy as np
import pytest

from psoas.signals.readers import parse_recording, read_recording
from psoas.signals.recording import GRAVITY, Intervals, Motion, RateError, SignalError, Waveform
from psoas.signals.table import _one_column, read_table


def rows(columns: list[np.ndarray], header: str | None = None, delimiter: str = ",") -> str:
    lines = [header] if header else []
    lines += [delimiter.join(f"{v:.6f}" for v in row) for row in np.column_stack(columns)]
    return "\n".join(lines) + "\n"


def still_phone(seconds: float = 20, fs: float = 100) -> tuple[np.ndarray, np.ndarray]:
    t = np.arange(0, seconds, 1 / fs)
    return t, np.tile([0.0, 0.0, GRAVITY], (len(t), 1))


def test_a_generic_csv_in_seconds_and_m_s2() -> None:
    t, acc = still_phone()
    motion = parse_recording(rows([t, *acc.T], "time,x,y,z"), "a.csv")
    assert isinstance(motion, Motion)
    assert motion.fs == 100
    assert motion.xyz[:, 2] == pytest.approx(GRAVITY)
    assert "time detected as seconds (samples 0.01 apart)" in motion.notes
    assert any(note.startswith("acceleration detected as m/s²") for note in motion.notes)


def test_milliseconds_and_g_are_detected_and_converted() -> None:
    t, acc = still_phone()
    motion = parse_recording(rows([t * 1000, *(acc / GRAVITY).T], "t,ax,ay,az"), "b.csv")
    assert isinstance(motion, Motion)
    assert motion.fs == 100
    assert motion.xyz[:, 2] == pytest.approx(GRAVITY)
    assert "time detected as milliseconds (samples 10 apart)" in motion.notes
    assert any("detected as g" in note for note in motion.notes)


def test_a_phyphox_export() -> None:
    t, acc = still_phone()
    header = '"Time (s)","Acceleration x (m/s^2)","Acceleration y (m/s^2)","Acceleration z (m/s^2)"'
    motion = parse_recording(rows([t, *acc.T], header), "Raw Data.csv")
    assert isinstance(motion, Motion)
    assert motion.notes[:3] == (
        "read as a phyphox export",
        "acceleration read in m/s²",
        "time read in seconds",
    )


def test_a_phyphox_export_with_semicolons_and_decimal_commas() -> None:
    t, acc = still_phone()
    header = '"Time (s)";"Acceleration x (m/s^2)";"Acceleration y (m/s^2)";"Acceleration z (m/s^2)"'
    text = rows([t, *acc.T], header, delimiter=";").replace(".", ",")
    motion = parse_recording(text, "Raw Data.csv")
    assert isinstance(motion, Motion)
    assert motion.xyz[:, 2] == pytest.approx(GRAVITY)


def test_a_sensor_logger_export_with_axes_in_z_y_x_order() -> None:
    t, _ = still_phone()
    nanoseconds = 1_700_000_000_000_000_000 + t * 1e9
    x, y, z = np.full(len(t), 1.0), np.full(len(t), 2.0), np.full(len(t), 9.0)
    motion = parse_recording(
        rows([nanoseconds, t, z, y, x], "time,seconds_elapsed,z,y,x"), "Accelerometer.csv"
    )
    assert isinstance(motion, Motion)
    assert motion.xyz[0] == pytest.approx([1.0, 2.0, 9.0])
    assert "read as a Sensor Logger export" in motion.notes


def test_uneven_sampling_is_resampled_and_reported() -> None:
    rng = np.random.default_rng(0)
    t = np.cumsum(rng.uniform(0.008, 0.012, 3000))
    acc = np.column_stack([np.sin(t), np.cos(t), np.full(len(t), GRAVITY)])
    motion = parse_recording(rows([t, *acc.T], "time,x,y,z"), "uneven.csv")
    assert isinstance(motion, Motion)
    assert motion.fs == 100
    assert any(
        note.startswith("uneven sampling") and "resampled to an even 100 Hz" in note for note in motion.notes
    )
    grid = np.arange(len(motion.xyz)) / 100 + (t[0] - t[0])
    assert motion.xyz[:, 0] == pytest.approx(np.sin(grid + t[0]), abs=1e-3)


def test_rr_intervals_in_milliseconds_or_seconds() -> None:
    intervals = np.full(30, 850.0)
    in_ms = parse_recording("\n".join(f"{v:.0f}" for v in intervals), "polar.txt")
    in_s = parse_recording("RR\n" + "\n".join(f"{v / 1000:.3f}" for v in intervals), "rr.txt")
    assert isinstance(in_ms, Intervals)
    assert isinstance(in_s, Intervals)
    assert in_ms.rr_ms == pytest.approx(intervals)
    assert in_s.rr_ms == pytest.approx(intervals)
    assert in_s.notes == ("intervals detected as seconds, converted to milliseconds",)


def test_a_one_column_signal_with_its_rate_and_a_two_column_one() -> None:
    t = np.arange(0, 30, 1 / 250)
    one = parse_recording(rows([np.sin(t * 7)]), "ecg.csv", kind="ecg", fs=250)
    two = parse_recording(rows([t, np.sin(t * 7)], "time,ecg"), "ecg2.csv", kind="ecg")
    assert isinstance(one, Waveform)
    assert isinstance(two, Waveform)
    assert (one.fs, two.fs) == (250, 250)
    assert one.values == pytest.approx(two.values, abs=1e-6)


def test_it_reads_a_file_from_disk(tmp_path: Path) -> None:
    path = tmp_path / "rr.txt"
    path.write_text("\n".join(["800"] * 20), encoding="utf-8")
    assert isinstance(read_recording(path), Intervals)


@pytest.mark.parametrize(
    ("text", "kind", "fs", "message"),
    [
        ("", "auto", None, "empty.csv: the file is empty; expected lines of numbers"),
        ("time,x,y,z\n", "auto", None, "empty.csv: there is a header but no data lines below it"),
        (
            "time,x,y,z\n0,0,0,9.8\n0.01,0,zero,9.8\n",
            "tremor",
            None,
            "empty.csv: line 3, column 3: 'zero' is not a number",
        ),
        ("time,x,y,z\n0,0,0,9.8\n0.01,0,9.8\n", "tremor", None, "empty.csv: line 3 has 3 values; expected 4"),
        (
            "time,a,b,c\n0,0,0,9.8\n0.01,0,0,9.8\n",
            "tremor",
            None,
            "no x, y and z acceleration columns in the header time, a, b, c",
        ),
    ],
)
def test_it_refuses_what_it_cannot_read_and_says_what_was_expected(
    text: str, kind: str, fs: float | None, message: str
) -> None:
    with pytest.raises(SignalError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_recording(text, "empty.csv", kind, fs)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "kind", "fs", "message"),
    [
        (
            "0.1\n0.2\n0.3\n",
            "ecg",
            None,
            "empty.csv: a single column of samples needs its sampling rate in Hz",
        ),
        (
            "x,y,z\n0,0,9.8\n0,0,9.8\n",
            "tremor",
            None,
            "empty.csv: no time column, so the sampling rate in Hz is needed",
        ),
        ("1\n2\n", "ecg", -5.0, "the sampling rate must be more than 0 and at most 10,000 Hz, got -5"),
        ("1\n2\n", "ecg", 0.0, "the sampling rate must be more than 0 and at most 10,000 Hz, got 0"),
        ("1\n2\n", "ecg", 10_001.0, "the sampling rate must be more than 0 and at most 10,000 Hz, got 10001"),
    ],
)
def test_a_missing_or_impossible_rate_is_a_rate_error_in_plain_words(
    text: str, kind: str, fs: float | None, message: str
) -> None:
    # Plain words: the command line and the web page each add where their rate is given.
    with pytest.raises(RateError) as caught:
        parse_recording(text, "empty.csv", kind, fs)  # type: ignore[arg-type]
    assert str(caught.value) == message
    assert caught.value.given == fs


def test_the_highest_rate_allowed_is_read() -> None:
    values = "\n".join(["0.1", "0.2"] * 50_000)
    waveform = parse_recording(values, "belt.csv", "breathing", 10_000.0)
    assert waveform.fs == 10_000


def test_times_that_go_backwards_are_refused_with_the_line() -> None:
    t, acc = still_phone()
    t[500] = t[498]
    with pytest.raises(SignalError, match=r"line 502: time 4\.98 s does not come after the line before"):
        parse_recording(rows([t, *acc.T], "time,x,y,z"), "back.csv")


def test_a_sampling_rate_too_low_for_the_analysis_is_refused() -> None:
    t = np.arange(0, 60, 1 / 50)
    with pytest.raises(SignalError, match="sampled at 50 Hz; ecg analysis needs at least 100 Hz"):
        parse_recording(rows([t, np.sin(t)], "time,ecg"), "slow.csv", kind="ecg")


def test_a_rate_typed_in_too_low_for_the_analysis_is_a_rate_error() -> None:
    samples = "\n".join(str(v) for v in np.sin(np.arange(3000) / 10))
    with pytest.raises(
        RateError, match="ecg analysis needs a sampling rate of at least 100 Hz, got 50"
    ) as raised:
        parse_recording(samples, "ecg.txt", kind="ecg", fs=50)
    assert raised.value.given == 50


def test_a_recording_too_short_is_refused() -> None:
    t, acc = still_phone(seconds=5)
    with pytest.raises(SignalError, match=r"5\.0 s long; a recording needs at least 10 s"):
        parse_recording(rows([t, *acc.T], "time,x,y,z"), "short.csv")


def test_a_binary_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "recording.fit"
    path.write_bytes(b"\x0e\x10\x00\x00binary")
    with pytest.raises(SignalError, match="looks like a binary file; expected a text"):
        read_recording(path)


def test_a_phyphox_export_with_its_absolute_column_and_scientific_numbers() -> None:
    """The header phyphox's Android exporter writes for "Acceleration with g", tab-separated."""
    t, acc = still_phone()
    header = (
        '"Time (s)"\t"Acceleration x (m/s^2)"\t"Acceleration y (m/s^2)"\t"Acceleration z (m/s^2)"\t'
        '"Absolute acceleration (m/s^2)"'
    )
    rows = [
        "\t".join(f"{v:.9E}" for v in (time, *values, np.linalg.norm(values)))
        for time, values in zip(t, acc, strict=True)
    ]
    motion = parse_recording(header + "\n" + "\n".join(rows), "Raw Data.csv")
    assert isinstance(motion, Motion)
    assert motion.xyz[:, 2] == pytest.approx(GRAVITY)
    assert motion.notes[0] == "read as a phyphox export"


def test_phyphox_tab_separated_with_decimal_commas() -> None:
    t, acc = still_phone()
    header = "\t".join(['"Time (s)"'] + [f'"Linear Acceleration {axis} (m/s^2)"' for axis in "xyz"])
    text = rows([t, *(acc * 0.01).T], header, delimiter="\t").replace(".", ",")
    motion = parse_recording(text, "Raw Data.csv")
    assert isinstance(motion, Motion)
    assert motion.fs == 100
    assert motion.xyz[:, 2] == pytest.approx(GRAVITY * 0.01, abs=1e-5)  # six decimals in the file


def test_a_polar_sensor_logger_rr_file_with_clock_times() -> None:
    """Polar Sensor Logger's `..._RR.txt`: semicolons, the phone's clock time, then the interval."""
    lines = ["Phone timestamp;RR-interval [ms]"] + [
        f"2026-07-16T21:34:{10 + i // 2:02d}.{(i * 437) % 1000:03d};{800 + (i % 5) * 10}" for i in range(40)
    ]
    intervals = parse_recording("\n".join(lines), "Polar_H10_ABC_20260716_213410_RR.txt")
    assert isinstance(intervals, Intervals)
    assert intervals.rr_ms[:5] == pytest.approx([800, 810, 820, 830, 840])
    assert intervals.notes == (
        "column 'phone timestamp' holds no numbers and was left out",
        "intervals read in milliseconds",
    )


def test_linear_acceleration_without_gravity_is_not_taken_for_movement() -> None:
    """Sensor Logger's Accelerometer.csv leaves gravity out; its mean points nowhere in particular."""
    from psoas.signals.tremor import analyse_tremor

    from .recordings import tremor_recording

    acc = tremor_recording([(20, 80, 6.0, 0.5)], seconds=120)
    acc[:, 2] -= GRAVITY
    result = analyse_tremor(Motion(100, acc))
    assert result.movement == ()
    assert len(result.episodes) == 1


def test_a_pause_in_the_time_column_is_named_and_never_filled_in() -> None:
    t, acc = still_phone(seconds=60)
    t[-1] = 1000.0  # one late time stamp: 940 s that were never recorded
    with pytest.raises(SignalError) as refused:
        parse_recording(rows([t, *acc.T], "time,x,y,z"), "paused.csv")
    assert str(refused.value).startswith(
        f"paused.csv: line {len(t) + 1}: the time jumps from 59.98 s to 1000 s, a gap of 940.02 s"
    )


def test_short_hiccups_in_the_time_column_are_still_resampled() -> None:
    t, acc = still_phone(seconds=30)
    t[1000:] += 0.3  # a phone that stalled for 300 ms
    motion = parse_recording(rows([t, *acc.T], "time,x,y,z"), "hiccup.csv")
    assert isinstance(motion, Motion)
    assert any(note.startswith("uneven sampling") for note in motion.notes)


def test_an_acceleration_no_sensor_can_measure_is_refused_with_its_line() -> None:
    t, acc = still_phone()
    acc[5, 0] = 1e300
    with pytest.raises(SignalError) as refused:
        parse_recording(rows([t, *acc.T], "time,x,y,z"), "broken.csv")
    assert str(refused.value).startswith("broken.csv: line 7: an acceleration of 1e+300 m/s²")


def test_a_missing_value_in_the_first_row_is_named_with_its_line_and_value() -> None:
    """A NaN used to drop its whole column, so the message was about the columns left."""
    t, acc = still_phone()
    for column, kind in ((1, "auto"), (0, "tremor")):
        lines = rows([t, *acc.T], "time,x,y,z").splitlines()
        cells = lines[1].split(",")
        cells[column] = "NaN"
        lines[1] = ",".join(cells)
        with pytest.raises(SignalError) as refused:
            parse_recording("\n".join(lines), "nan.csv", kind)  # type: ignore[arg-type]
        assert str(refused.value).startswith(f"nan.csv: line 2, column {column + 1}: 'NaN' is not a number")


def test_a_file_with_one_data_row_says_so() -> None:
    with pytest.raises(SignalError) as refused:
        parse_recording("time,x,y,z\n0,0,0,9.8\n", "one.csv")
    assert str(refused.value) == (
        "one.csv: only one line of data (line 2); expected a recording of many lines, one sample per line"
    )


def test_old_mac_line_ends_are_read() -> None:
    t, acc = still_phone()
    motion = parse_recording(rows([t, *acc.T], "time,x,y,z").replace("\n", "\r"), "mac.csv")
    assert isinstance(motion, Motion)
    assert motion.fs == 100
    assert len(motion.xyz) == len(t)


def test_a_file_with_thousands_of_columns_gets_a_short_message() -> None:
    wide = ",".join(f"c{i}" for i in range(10_000)) + "\n" + "\n".join([",".join(["1"] * 10_000)] * 3)
    with pytest.raises(SignalError) as refused:
        parse_recording(wide, "wide.csv")
    assert str(refused.value) == (
        "wide.csv: line 1 has 10,000 columns; expected a few (at most 64), e.g. time,x,y,z"
    )


def test_a_header_without_axes_is_named_briefly() -> None:
    header = ",".join(f"{'a very long column name ' * 5}{i}" for i in range(40))
    text = header + "\n" + "\n".join([",".join(["1"] * 40)] * 3)
    with pytest.raises(SignalError) as refused:
        parse_recording(text, "long.csv", "tremor")
    assert len(str(refused.value)) < 400
    assert "and 35 more" in str(refused.value)


def test_android_nanosecond_time_without_a_unit_is_detected() -> None:
    """Android's SensorEvent time: nanoseconds since the phone started, no unit in the header."""
    t, _ = still_phone()
    nanoseconds = 12_345_678_901_234 + np.round(t * 1e9)
    text = "time,x,y,z\n" + "\n".join(f"{n:.0f},0,0,{GRAVITY}" for n in nanoseconds)
    motion = parse_recording(text, "android.csv")
    assert isinstance(motion, Motion)
    assert motion.fs == 100
    assert "time detected as nanoseconds (samples 1e+07 apart)" in motion.notes


def test_a_time_column_in_a_unit_it_cannot_be_is_refused_not_divided_by_zero() -> None:
    t, acc = still_phone()
    text = rows([t * 1e9, *acc.T], "time (s),x,y,z")
    with pytest.raises(SignalError, match=r"t\.csv: the time column's samples are 1e\+07 s apart"):
        parse_recording(text, "t.csv")


def opensignals_file() -> Path:
    from .recordings import packaged

    return packaged("pyhrv", "pyhrv/files/SampleECG.txt")


def test_an_opensignals_export_is_read_with_its_rate_and_channel() -> None:
    waveform = read_recording(opensignals_file())
    assert isinstance(waveform, Waveform)
    assert waveform.fs == 1000
    assert waveform.values[:3] == pytest.approx([496, 496, 497])
    assert waveform.notes[0] == "read as an OpenSignals export: channel A2 (ECG) at 1000 Hz"


def test_an_opensignals_export_refuses_a_rate_other_than_its_own() -> None:
    assert read_recording(opensignals_file(), fs=1000).fs == 1000
    with pytest.raises(RateError, match=r"the OpenSignals header gives the sampling rate, 1000 Hz; "):
        read_recording(opensignals_file(), fs=250)


def test_an_opensignals_export_that_lost_samples_is_refused_with_the_line() -> None:
    lines = opensignals_file().read_text(encoding="utf-8").splitlines()
    del lines[100]  # line 101 of the file, the 97th sample
    with pytest.raises(SignalError, match=r"SampleECG\.txt: line 101: samples were lost"):
        parse_recording("\n".join(lines), "SampleECG.txt")


def polar_hrm(intervals: list[int], interval: int = 238) -> str:
    """A Polar .hrm file as Polar's HRM file format description lays it out (an INI-like text with a
    [Params] section and the data under [HRData]); no real file was at hand, so this is generated."""
    params = ["[Params]", "Version=106", "Monitor=22", "SMode=000000000", "Date=20260716"]
    params += ["StartTime=21:34:10.0", "Length=00:05:00.0", f"Interval={interval}", ""]
    return "\r\n".join([*params, "[Note]", "", "[HRData]", *(str(v) for v in intervals)]) + "\r\n"


def test_a_polar_hrm_file_of_rr_intervals() -> None:
    intervals = parse_recording(polar_hrm([800, 810, 790] * 10), "exercise.hrm")
    assert isinstance(intervals, Intervals)
    assert intervals.rr_ms[:3] == pytest.approx([800, 810, 790])
    assert intervals.notes == ("read as a Polar .hrm file of RR intervals", "intervals read in milliseconds")


def test_a_polar_hrm_file_of_heart_rate_samples_says_what_is_needed() -> None:
    with pytest.raises(SignalError) as refused:
        parse_recording(polar_hrm([72, 73, 75] * 10, interval=5), "exercise.hrm")
    assert str(refused.value) == (
        "exercise.hrm: holds heart rate every 5 s (Interval=5), not beat-to-beat intervals; "
        "expected a file recorded with R-R recording on (Interval=238)"
    )


def test_a_trailing_zero_interval_is_left_out_with_a_note() -> None:
    intervals = parse_recording("\n".join(["800"] * 30 + ["0"]), "elite.txt")
    assert isinstance(intervals, Intervals)
    assert len(intervals.rr_ms) == 30
    assert intervals.notes == (
        "line 31 held an interval of 0, as a logger writes when it stops; left out",
        "intervals read in milliseconds",
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        (
            "export.xml",
            '<?xml version="1.0" encoding="UTF-8"?>\n<HealthData locale="en_GB">\n',
            "export.xml: Apple Health's export.xml is not supported: it holds summaries, not a recording",
        ),
        ("data.xml", "<?xml version='1.0'?><root/>", "data.xml: XML is not supported; export the recording"),
        ("rr.json", '{"rr": [800, 810]}', "rr.json: JSON is not supported; export the recording"),
    ],
)
def test_apple_health_xml_and_json_are_named_as_not_supported(name: str, text: str, message: str) -> None:
    with pytest.raises(SignalError) as refused:
        parse_recording(text, name)
    assert str(refused.value).startswith(message)


@pytest.mark.parametrize("end", ["\n", "\r\n"])
@pytest.mark.parametrize("last", ["", "\n"])
def test_a_column_of_numbers_reads_the_same_by_the_quick_path(end: str, last: str) -> None:
    values = np.round(np.random.default_rng(0).normal(size=500), 4)
    text = end.join(f"{v:.4f}" for v in values) + (end if last else "")
    assert _one_column(text) is not None
    assert np.array_equal(read_table(text, "ecg.txt").columns[:, 0], values)


@pytest.mark.parametrize(
    "text",
    [
        "1.0\n2.0 3.0\n\n" + "4.0\n" * 40,  # a second value hidden by a blank line's count
        "1,5\n" * 40,  # a decimal comma
        "ecg\n" + "1.0\n" * 40,  # a header
        "1.0\n" * 40 + "nan\n",  # a missing sample
        "1.0\n" * 40 + "x\n",  # a bad value
        "1.0\n\n" * 40,  # blank lines
    ],
)
def test_any_other_text_leaves_the_quick_path_for_the_general_one(text: str) -> None:
    assert _one_column(text) is None


def test_a_recording_longer_than_a_day_is_refused_before_it_is_analysed() -> None:
    # 25 hours of beats at 800 ms: three months of them once asked the spectrum for 16 GB.
    text = "\n".join(["800"] * int(25 * 3600 / 0.8))
    with pytest.raises(SignalError, match=r"covers 25\.0 hours; psoas analyses at most 24 hours"):
        parse_recording(text, "long.txt", "rr")
    day = "\n".join(["800"] * int(23.9 * 3600 / 0.8))
    assert parse_recording(day, "day.txt", "rr").duration_s < 24 * 3600
