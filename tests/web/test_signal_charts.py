"""The recording charts' labels: readable at a phone's larger text, and saying what the axis holds."""

import re

from psoas.web.signal_charts import bar_chart, line_chart

# On a phone the charts' text is drawn 20 units high (psoas.css), so lines of text need that apart.
PHONE_TEXT = 20


def text_rows(svg: str) -> dict[str, float]:
    """Each text's content and its baseline."""
    return {m[2]: float(m[1]) for m in re.finditer(r'<text[^>]* y="([\d.]+)"[^>]*>([^<]*)</text>', svg)}


def test_the_x_axis_name_sits_below_its_tick_labels() -> None:
    svg = line_chart([(0.0, 1.0), (37.2, 2.0)], "Tremor", "Tremor over the session", "minutes", "g")
    rows = text_rows(svg)
    assert rows["minutes"] - rows["37.2"] >= PHONE_TEXT


def test_minute_bars_are_labelled_from_the_start_to_the_end_of_the_time() -> None:
    one_minute = text_rows(bar_chart([12.0], "Tremor", "Seconds each minute", "minutes", "s", 60))
    assert one_minute["0"] < one_minute["minutes"]
    assert "1" in one_minute
    five = text_rows(bar_chart([1, 2, 3, 4, 5], "Tremor", "Seconds each minute", "minutes", "s", 60))
    assert "5" in five
    assert "4" not in five


def tremor_analysis(movement: bool) -> dict:  # type: ignore[type-arg]
    return {
        "duration_s": 300.0,
        "episodes": [{"start_s": 30.0, "end_s": 150.0, "frequency_hz": 5.5, "rms": 0.6}],
        "movement": [{"start_s": 200.0, "end_s": 210.0}] if movement else [],
        "timeline": [{"minute": m, "tremor_s": 20.0, "movement_s": 0.0, "rms": 0.6} for m in range(5)],
        "dominant_frequency_hz": 5.5,
        "spectrum": {"frequency_hz": [3.0, 3.25, 3.5], "power": [0.01, 0.07, 0.02]},
    }


def test_the_tremor_chart_names_its_colours_and_its_y_axis() -> None:
    from psoas.store.models import SensorRecording
    from psoas.web.pages.recordings import recording_charts

    charts = dict(recording_charts(SensorRecording(kind="tremor", analysis=tremor_analysis(True))))
    rows = text_rows(charts["Tremor and movement"])
    assert {"tremor", "movement", "strength, m/s² RMS"} <= set(rows)
    # The episode is drawn as high as its strength, on a y axis from 0.
    assert {"0.00", "0.66"} <= set(rows)
    legend_x = min(
        float(x) for x in re.findall(r'<text class="legend" x="([\d.]+)"', charts["Tremor and movement"])
    )
    assert legend_x > 4 + len("strength, m/s² RMS") * PHONE_TEXT * 0.55  # clear of the y axis's name
    quiet = dict(recording_charts(SensorRecording(kind="tremor", analysis=tremor_analysis(False))))
    assert "movement" not in text_rows(quiet["Tremor and movement"])  # no colour named that is not drawn


def test_the_spectrum_says_the_unit_of_its_power() -> None:
    from psoas.store.models import SensorRecording
    from psoas.web.pages.recordings import recording_charts

    charts = dict(recording_charts(SensorRecording(kind="tremor", analysis=tremor_analysis(False))))
    assert "power, m²/s⁴ per 0.25 Hz" in text_rows(charts["Spectrum while tremoring"])


def test_the_names_above_a_chart_clear_its_highest_tick_at_a_phones_text_size() -> None:
    rows = text_rows(line_chart([(0.0, 1.0), (5.0, 2.0)], "Tremor", "Tremor", "minutes", "m/s²"))
    assert rows["2.0"] - rows["m/s²"] >= PHONE_TEXT
    assert rows["m/s²"] >= PHONE_TEXT * 0.8  # not cut off by the top edge
